"""Conditions deficits: a deficit is said only against a norm, never against the median."""

import numpy as np
import pandas as pd

from dashboard.analytics import deficits


def _frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "value": [3.0, 40.0, 0.0, 30.0, 12.0, 50.0],
            "direction": [
                "higher_worse",
                "higher_worse",
                "higher_better",
                "higher_better",
                "higher_worse",
                "higher_better",
            ],
            "norm": [0.0, 50.0, 1.0, None, None, None],
            "region_median": [1.0, 45.0, 1.0, 35.0, 10.0, 40.0],
        }
    )


def test_a_deficit_needs_a_norm():
    out = deficits.conditions_deficits(_frame())
    assert out["reference_kind"].tolist() == ["norm"] * 3 + ["median"] * 3
    assert out["is_deficit"].tolist() == [True, False, True, False, False, False]
    assert out["below_median"].tolist() == [False, False, False, True, True, False]
    assert out["shortfall"].tolist() == [3.0, 0.0, 1.0, 5.0, 2.0, 0.0]


def test_against_the_median_half_the_schools_are_below_and_none_in_deficit():
    rng = np.random.default_rng(3)
    values = rng.normal(50.0, 10.0, size=201)
    median = float(np.median(values))
    frame = pd.DataFrame(
        {"value": values, "direction": "higher_better", "norm": None, "region_median": median}
    )
    out = deficits.conditions_deficits(frame)
    assert not out["is_deficit"].any()
    assert out["below_median"].sum() == 100  # half by construction, so not called a deficit


def test_missing_value_is_neither():
    frame = pd.DataFrame(
        {
            "value": [None, None],
            "direction": ["higher_better"] * 2,
            "norm": [1.0, None],
            "region_median": [1.0, 1.0],
        }
    )
    out = deficits.conditions_deficits(frame)
    assert not out["is_deficit"].any() and not out["below_median"].any()


def test_a_region_norm_replaces_the_catalogue_norm_and_the_median():
    """Rows: catalogue norm only; region norm over a catalogue norm (stricter, now a deficit);
    region norm where the catalogue has none (was only below the median, now a deficit);
    neither (the median, never a deficit)."""
    frame = pd.DataFrame(
        {
            "value": [40.0, 40.0, 30.0, 30.0],
            "direction": ["higher_worse", "higher_worse", "higher_better", "higher_better"],
            "norm": [50.0, 50.0, None, None],
            "region_norm": [None, 30.0, 32.5, None],
            "region_median": [45.0, 45.0, 35.0, 35.0],
        }
    )
    out = deficits.conditions_deficits(frame)
    assert out["reference_kind"].tolist() == ["norm", "region_norm", "region_norm", "median"]
    assert out["reference"].tolist() == [50.0, 30.0, 32.5, 35.0]
    assert out["is_deficit"].tolist() == [False, True, True, False]
    assert out["below_median"].tolist() == [False, False, False, True]
    assert out["shortfall"].tolist() == [0.0, 10.0, 2.5, 5.0]
    # without the region's norms the same rows read as before: catalogue norm or median
    plain = deficits.conditions_deficits(frame.drop(columns="region_norm"))
    assert plain["reference_kind"].tolist() == ["norm", "norm", "median", "median"]
    assert plain["is_deficit"].tolist() == [False, False, False, False]
    assert plain["below_median"].tolist() == [False, False, True, True]
