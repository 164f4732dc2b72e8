"""Composite social-wellbeing index of a school (ИСБШ-style), from its context indicators.

Why one composite: single indicators are noisy and collinear (low income, single-parent
families and parents' education move together), so regional practice (ИСБШ, the index of
a school's social wellbeing) ranks schools on one summary number instead.

Construction — every step is a choice users may argue about, so here it is in full:

* **Indicators**: every indicator of the catalogue group ``social_conditions`` (in the demo:
  доля малообеспеченных семей, доля родителей с высшим образованием, доля детей с неродным
  русским языком, доля детей с ОВЗ, доля неполных семей). Conditions of educational activity
  (staff, buildings) are deliberately left out: they are what a school and its founder can
  change, the social index must describe what they cannot.
* **Orientation**: ``higher_worse`` indicators change sign, so a higher index always means
  better social conditions.
* **Standardisation**: each indicator becomes a z-score across the schools given (the caller
  passes the general-education schools of the region) *within each year*, so a drift of an
  indicator over the years does not move every school; a zero SD counts as 1.
* **Weights**: equal by default (``weights=None``); a weight per indicator code may be passed.
  With equal weights the index is the plain mean of all oriented z-scores of the school over
  indicators and the years it reported (the definition of ``demo_truth``); with weights, the
  weighted mean per year, then the mean over years. ``year=`` keeps one year.

The same definition feeds the profile flag «неблагоприятные социальные условия»
(:mod:`dashboard.analytics.school_flags`) and the rankings (:mod:`data_access.rankings`).
"""

from __future__ import annotations

import pandas as pd

NAME = "social_index"


def oriented_z(context: pd.DataFrame, directions: dict[str, str]) -> pd.DataFrame:
    """Long frame school_id, year, indicator_code, z (higher = better) of the given indicators.

    `context`: school_id, year, indicator_code, value; `directions`: code → 'higher_better' |
    'higher_worse' (codes absent from it are ignored).
    """
    c = context[context["indicator_code"].isin(list(directions))].dropna(subset=["value"])
    if c.empty:
        return pd.DataFrame(columns=["school_id", "year", "indicator_code", "z"])
    grouped = c.groupby(["indicator_code", "year"])["value"]
    std = grouped.transform("std").fillna(0).replace(0, 1)
    z = (c["value"] - grouped.transform("mean")) / std
    sign = c["indicator_code"].map(lambda code: -1 if directions[code] == "higher_worse" else 1)
    return c[["school_id", "year", "indicator_code"]].assign(z=z * sign)


def social_index(
    context: pd.DataFrame,
    directions: dict[str, str],
    weights: dict[str, float] | None = None,
    year: int | None = None,
) -> pd.Series:
    """Index per school_id (higher = better social conditions); see the module docstring."""
    z = oriented_z(context, directions)
    if year is not None:
        z = z[z["year"] == year]
    if z.empty:
        return pd.Series(dtype="float64", name=NAME)
    if weights is None:
        return z.groupby("school_id")["z"].mean().rename(NAME)
    w = z["indicator_code"].map(weights).fillna(0.0)
    z = z.assign(wz=z["z"] * w, w=w)
    per_year = z.groupby(["school_id", "year"])[["wz", "w"]].sum()
    per_year = per_year[per_year["w"] > 0]
    return (per_year["wz"] / per_year["w"]).groupby(level="school_id").mean().rename(NAME)
