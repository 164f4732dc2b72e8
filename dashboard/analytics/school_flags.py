"""Flags of a school computed from the data: «низкие результаты» and «неблагоприятные
социальные условия». Pure pandas: the frames come from data_access, thresholds from rules.

Definitions (the region's usual ones, thresholds in :mod:`dashboard.rules`):

* low results — per year, schools with enough ВПР participants are ranked by the mean over
  that year's ВПР procedures of (school mean percent − regional participant-weighted mean
  percent of the procedure); the bottom share is "low" that year; a school low in
  ``consecutive`` consecutive years is flagged.
* adverse social conditions — each social_conditions indicator becomes a z-score across
  schools within each year, sign flipped for higher_worse indicators; the social index is the
  mean of those z-scores; the bottom share of schools is flagged.
"""

from __future__ import annotations

import math

import pandas as pd

from dashboard import rules
from dashboard.analytics import social_index as _social_index


def vpr_gaps(results: pd.DataFrame) -> pd.DataFrame:
    """Per school and year: mean gap to the regional procedure mean, and ВПР participants.

    `results`: one row per school and ВПР procedure with school_id, procedure_id, year,
    participants, mean_percent (all schools of the region, so the regional mean is right).
    """
    columns = ["school_id", "year", "gap", "participants"]
    r = results[(results["participants"].fillna(0) > 0) & results["mean_percent"].notna()]
    if r.empty:
        return pd.DataFrame(columns=columns)
    weighted = (r["mean_percent"] * r["participants"]).groupby(r["procedure_id"]).sum()
    region = weighted / r["participants"].groupby(r["procedure_id"]).sum()
    r = r.assign(gap=r["mean_percent"] - r["procedure_id"].map(region))
    out = r.groupby(["school_id", "year"]).agg(
        gap=("gap", "mean"), participants=("participants", "sum")
    )
    return out.reset_index()[columns]


def low_result_years(
    gaps: pd.DataFrame,
    share: float = rules.LOW_RESULTS_SHARE,
    min_participants: int = rules.LOW_RESULTS_MIN_PARTICIPANTS,
) -> dict[int, list[int]]:
    """school_id → sorted years in which it was in the bottom `share` of the region."""
    ranked = gaps[gaps["participants"] >= min_participants]
    low: dict[int, list[int]] = {}
    for year, group in ranked.groupby("year"):
        k = math.ceil(share * len(group))
        for school_id in group.nsmallest(k, "gap")["school_id"]:
            low.setdefault(int(school_id), []).append(int(year))
    return {sid: sorted(years) for sid, years in low.items()}


def consecutive_runs(
    years: list[int], length: int = rules.LOW_RESULTS_CONSECUTIVE_YEARS
) -> list[tuple[int, int]]:
    """(first, last) of every window of `length` consecutive years present in `years`."""
    present = set(years)
    return [
        (y, y + length - 1) for y in sorted(present) if all(y + i in present for i in range(length))
    ]


def low_results(gaps: pd.DataFrame, **kwargs) -> dict[int, list[tuple[int, int]]]:
    """school_id → the consecutive-year windows in which it was low (flagged schools only)."""
    out = {}
    for sid, years in low_result_years(gaps, **kwargs).items():
        runs = consecutive_runs(years)
        if runs:
            out[sid] = runs
    return out


def social_index(context: pd.DataFrame, directions: dict[str, str]) -> pd.Series:
    """Mean oriented z-score per school_id (higher = better social conditions).

    `context`: school_id, year, indicator_code, value of social_conditions indicators;
    `directions`: indicator_code → 'higher_better' | 'higher_worse'. The definition lives in
    :mod:`dashboard.analytics.social_index` (shared with the rankings).
    """
    return _social_index.social_index(context, directions)


def adverse_conditions(
    index: pd.Series, share: float = rules.ADVERSE_CONDITIONS_SHARE
) -> pd.Series:
    """The social index of the bottom `share` of schools (ceil), lowest first."""
    if index.empty:
        return index
    return index.nsmallest(math.ceil(share * len(index)))
