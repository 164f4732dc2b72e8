"""Planted patterns of the demo region and the rules that record them in ``demo_truth``.

Who may carry a planted pattern: a general-education school that takes ВПР (some grade 4–8),
is open in every year, and (when the scale stores pupils) reports pupil-level data.
Counts are shares of all general-education schools N, at least 2 each.

``resilient`` (planted, ≈4 % of N): schools whose latent social index is in the bottom 20 %
    and with at least 5 pupils per grade; their school residual ``u`` is set to
    +U(0.55, 0.90) pupil SD (the usual residual has SD 0.30), so results are at or above
    the regional average despite adverse conditions.
``inflated`` (planted): from a start year drawn from 2021–2023 the school's ВПР (only ВПР:
    ОГЭ and the regional diagnostic are marked externally) is biased with intensity
    λ ~ U(0.35, 0.95) by one of the mechanisms of :mod:`dashboard.demo.mechanisms`:
    every school writing ВПР in one municipality (drawn first, among municipalities with 5 such
    schools or more and at most 15 % of them; one λ and start year for the municipality;
    none when no municipality qualifies, as in a one-municipality district) by
    ``municipality``; then ≈10 % of N
    with at least 12 pupils per grade, each by a mechanism drawn at random from bunching,
    generous_tasks, uplift and copying; then ≈3 % of N with 5–11 pupils per grade by
    ``small_school`` (again one of the four, recorded as "via"). The detail records the start
    year ("from YYYY"), the mechanism, λ and the measured rise of the school's ВПР percent
    ("uplift") and of its most-raised task's solve rate ("task lift"), in p.p.
``low_results`` (rule, after generation): for each year, schools with ВПР participants ≥ 10
    in that year are ranked by their mean over that year's ВПР procedures of (school mean
    percent − regional mean percent of the procedure, participant-weighted); the bottom
    ceil(10 %) are "low" that year; a school low in two consecutive years is recorded.
    ≈4 % of N (with at least 5 pupils per grade and a social index below the median) are
    planted beforehand with ``u`` = −U(0.65, 0.95); the detail says whether a recorded school
    was planted (planted schools that escape the rule are not recorded).
``adverse_conditions`` (rule, after generation): each social_conditions indicator is turned
    into a z-score across general-education schools within each year, with the sign flipped
    for higher_worse indicators; a school's social score is the mean of these z-scores over
    indicators and the years it is open; the bottom ceil(15 %) of schools are recorded.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from dashboard.demo import catalogue as cat
from dashboard.demo import mechanisms
from dashboard.demo.world import World

RESILIENT_SHARE, INFLATED_SHARE, LOW_PLANTED_SHARE = 0.04, 0.10, 0.04
SMALL_INFLATED_SHARE = 0.03
LOW_RESULTS_SHARE, LOW_MIN_PARTICIPANTS = 0.10, 10
ADVERSE_SHARE = 0.15
INFLATION_START_YEARS = (2021, 2022, 2023)


def _count(share: float, n: int) -> int:
    return max(2, round(share * n))


def _inflatable_municipalities(s: pd.DataFrame, eligible: np.ndarray) -> np.ndarray:
    """Municipalities with at least 5 of the ``eligible`` schools and at most 15 % (one of them
    inflates as a whole; a regional capital with a fifth of the schools would be a different
    question: the region's own reference moving)."""
    counts = s.loc[eligible, "municipality_id"].value_counts()
    return counts[(counts >= 5) & (counts <= 0.15 * eligible.sum())].index.to_numpy()


def _inflate(rng: np.random.Generator, s: pd.DataFrame, chosen: np.ndarray, how) -> None:
    at = s.index[chosen]
    s.loc[at, "_inflated_from"] = rng.choice(INFLATION_START_YEARS, chosen.size)
    s.loc[at, "_inflation"] = rng.uniform(0.35, 0.95, chosen.size)
    s.loc[at, "_mechanism"] = how
    s.loc[at, "_pattern"] = "inflated"


def plant(rng: np.random.Generator, world: World, pupil_level: bool) -> None:
    """Choose the planted schools and change their hidden traits (in place)."""
    s = world.schools
    years = world.years
    general = (s["kind"] != "preschool").to_numpy()
    n = int(general.sum())
    eligible = (
        general
        & (s["_grade_lo"] <= 8).to_numpy()
        & (s["_grade_hi"] >= 4).to_numpy()
        & (s["_opens"] == years[0]).to_numpy()
        & (s["_closes"] == years[-1]).to_numpy()
    )
    if pupil_level:
        eligible &= s["_pupil_level"].to_numpy()
    social = s["_social"].to_numpy()
    size = s["_size"].to_numpy()
    low_social = social <= np.quantile(social[general], 0.2)

    def pick(mask: np.ndarray, k: int) -> np.ndarray:
        candidates = np.flatnonzero(mask & (s["_pattern"] == "").to_numpy())
        return rng.choice(candidates, size=min(k, candidates.size), replace=False)

    # Whole-municipality inflation first: every school of the municipality that writes ВПР,
    # whatever else it is (open only some years, no pupil rows), since one decision raised
    # them all; the other patterns are then drawn from the remaining schools.
    mechanisms.add_columns(s)
    takes_vpr = general & (s["_grade_lo"] <= 8).to_numpy() & (s["_grade_hi"] >= 4).to_numpy()
    candidates = _inflatable_municipalities(s, takes_vpr)
    if candidates.size:  # none in a one-municipality district: the region would be the one
        municipality = s["municipality_id"] == rng.choice(candidates)
        chosen = pick(takes_vpr & municipality.to_numpy(), len(s))
        _inflate(rng, s, chosen, "municipality")
        # one λ and start year for the whole municipality (one decision, not many)
        s.loc[s.index[chosen], "_inflation"] = rng.uniform(0.35, 0.95)
        s.loc[s.index[chosen], "_inflated_from"] = rng.choice(INFLATION_START_YEARS)
    chosen = pick(eligible & low_social & (size >= 5), _count(RESILIENT_SHARE, n))
    s.loc[s.index[chosen], "_u"] = rng.uniform(0.55, 0.90, chosen.size)
    s.loc[s.index[chosen], "_pattern"] = "resilient"

    chosen = pick(eligible & (size >= 12), _count(INFLATED_SHARE, n))
    _inflate(rng, s, chosen, rng.choice(mechanisms.SMALL_VIA, chosen.size))
    chosen = pick(eligible & (size >= 5) & (size <= 11), _count(SMALL_INFLATED_SHARE, n))
    _inflate(rng, s, chosen, "small_school")
    s.loc[s.index[chosen], "_via"] = rng.choice(mechanisms.SMALL_VIA, chosen.size)

    below_median = social <= np.median(social[general])
    chosen = pick(eligible & below_median & (size >= 5), _count(LOW_PLANTED_SHARE, n))
    s.loc[s.index[chosen], "_u"] = -rng.uniform(0.65, 0.95, chosen.size)
    s.loc[s.index[chosen], "_pattern"] = "low_planted"


def low_results(school_results: pd.DataFrame, procedures: pd.DataFrame) -> dict[int, str]:
    """school_id → years it was in the bottom 10 % in two consecutive years (rule above)."""
    vpr = procedures.loc[procedures["kind"] == "vpr", ["id", "year"]]
    r = school_results.merge(vpr, left_on="procedure_id", right_on="id")
    r = r[r["participants"] > 0]
    weighted = r["mean_percent"] * r["participants"]
    region = (
        weighted.groupby(r["procedure_id"]).sum()
        / r["participants"].groupby(r["procedure_id"]).sum()
    )
    r = r.assign(gap=r["mean_percent"] - r["procedure_id"].map(region))
    per_year = r.groupby(["school_id", "year"]).agg(gap=("gap", "mean"), n=("participants", "sum"))
    per_year = per_year[per_year["n"] >= LOW_MIN_PARTICIPANTS].reset_index()
    low: dict[int, set[int]] = {}
    for year, group in per_year.groupby("year"):
        k = math.ceil(LOW_RESULTS_SHARE * len(group))
        for sid in group.nsmallest(k, "gap")["school_id"]:
            low.setdefault(int(sid), set()).add(int(year))
    out = {}
    for sid, years in low.items():
        pairs = [y for y in sorted(years) if y + 1 in years]
        if pairs:
            out[sid] = ", ".join(f"{y}–{y + 1}" for y in pairs)
    return out


def adverse_conditions(context: pd.DataFrame, schools: pd.DataFrame) -> pd.Series:
    """Social score (mean oriented z-score) of the bottom 15 % of schools, by school_id."""
    general = schools.loc[schools["kind"] != "preschool", "id"]
    c = context[
        context["indicator_code"].isin(cat.SOCIAL_CODES) & context["school_id"].isin(general)
    ]
    grouped = c.groupby(["indicator_code", "year"])["value"]
    z = (c["value"] - grouped.transform("mean")) / grouped.transform("std").replace(0, 1)
    sign = c["indicator_code"].map(
        {i.code: (-1 if i.direction == "higher_worse" else 1) for i in cat.INDICATORS}
    )
    score = (z * sign).groupby(c["school_id"]).mean()
    k = math.ceil(ADVERSE_SHARE * len(score))
    return score.nsmallest(k)


def truth_frame(
    world: World, school_results: pd.DataFrame, procedures: pd.DataFrame, context: pd.DataFrame
) -> pd.DataFrame:
    """Rows of ``demo_truth``: planted patterns plus the rule-based ones."""
    s = world.schools.set_index("id")
    rows = []
    for sid, row in s[s["_pattern"] == "resilient"].iterrows():
        rows.append(
            (
                sid,
                "resilient",
                f"planted: latent social index {row['_social']:.2f} "
                f"(bottom 20 %), school residual +{row['_u']:.2f} pupil SD",
            )
        )
    rise, task_rise = mechanisms.measured(world.schools)
    uplift = pd.Series(rise, index=world.schools["id"])
    task_lift = pd.Series(task_rise, index=world.schools["id"])
    for sid, row in s[s["_pattern"] == "inflated"].iterrows():
        via = f" via {row['_via']}" if row["_via"] else ""
        rows.append(
            (
                sid,
                "inflated",
                f"planted: VPR biased from {row['_inflated_from']} by {row['_mechanism']}{via}, "
                f"intensity {row['_inflation']:.2f}, uplift {uplift[sid]:.1f} pp, "
                f"task lift {task_lift[sid]:.0f} pp",
            )
        )
    for sid, years in low_results(school_results, procedures).items():
        planted = s.at[sid, "_pattern"] == "low_planted"
        how = f"planted residual {s.at[sid, '_u']:.2f} pupil SD; " if planted else ""
        rows.append((sid, "low_results", f"{how}bottom 10 % of VPR results in {years}"))
    for sid, score in adverse_conditions(context, world.schools).items():
        rows.append(
            (
                int(sid),
                "adverse_conditions",
                f"social score {score:.2f} (mean oriented z), bottom 15 %",
            )
        )
    frame = pd.DataFrame(rows, columns=["school_id", "pattern", "detail"])
    frame["school_id"] = frame["school_id"].astype(int)
    return frame.sort_values(["pattern", "school_id"], kind="stable").reset_index(drop=True)
