"""Conditions deficits and context position of one school. Pure pandas, no Dash, no SQL.

A deficit is a conditions indicator on the worse side of its norm: the region's own norm where
the region entered one (data_access.norms, with its document), else the indicator catalogue's.
A region norm overrides the catalogue's. Where neither exists, the reference is the regional
median of the same year, and being on its worse side is only «below the regional median», not a
deficit: half of the schools are there by construction.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def oriented(difference: pd.Series, direction: pd.Series) -> pd.Series:
    """Flip a difference so that positive always means 'better' whatever the direction."""
    return difference.where(direction != "higher_worse", -difference)


def conditions_deficits(frame: pd.DataFrame) -> pd.DataFrame:
    """Add reference, reference_kind ('region_norm'/'norm'/'median'), shortfall, is_deficit and
    below_median.

    `frame`: one row per indicator with value, direction, norm (the catalogue's),
    region_median and optionally region_norm (the region's own, which wins over `norm`).
    `shortfall` is how far the value is on the worse side of the reference (≥ 0, in the
    indicator's unit); it is NaN when the value or the reference is missing. `is_deficit` is
    True only against a norm; `below_median` is True where there is no norm and the value is on
    the worse side of the regional median.
    """
    out = frame.copy()
    catalogue = out["norm"].astype("float64")
    region = out["region_norm"].astype("float64") if "region_norm" in out else catalogue * np.nan
    has_region = region.notna()
    norm = region.where(has_region, catalogue)
    has_norm = norm.notna()
    out["reference"] = norm.where(has_norm, out["region_median"]).astype("float64")
    out["reference_kind"] = np.select(
        [has_region, has_norm], ["region_norm", "norm"], default="median"
    )
    better_by = oriented(out["value"].astype("float64") - out["reference"], out["direction"])
    out["shortfall"] = (-better_by).clip(lower=0)
    worse = better_by < 0
    out["is_deficit"] = worse & has_norm
    out["below_median"] = worse & ~has_norm
    return out


def position(
    frame: pd.DataFrame,
    value: str = "value",
    reference: str = "municipality_median",
    spread: str = "region_std",
) -> pd.Series:
    """How much better (+) or worse (−) than the reference, in regional standard deviations."""
    scale = frame[spread].astype("float64").where(frame[spread] > 0)
    return (
        oriented(
            frame[value].astype("float64") - frame[reference].astype("float64"), frame["direction"]
        )
        / scale
    )
