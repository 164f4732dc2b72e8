"""Criteria and indicators of the assessment system's own effectiveness (seed 002, «критерии и
показатели эффективности оценки качества образования»). Pure pandas.

Each criterion function returns one row per (municipality, year) and one region row per year
(municipality_id <NA>), with the counts behind the value: numerator, denominator, value. A
share is in percent (numerator / denominator × 100); timeliness is a mean number of days
(numerator = the sum of days). A region row pools every unit, including units of no
municipality, so it is not the mean of the municipalities' values.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from dashboard import rules
from dashboard.analytics import decision_effect, roadmap_progress, school_flags

#: criterion code → which way is better and the unit of its value.
CRITERIA: dict[str, dict[str, str]] = {
    "coverage": {"direction": "higher_better", "unit": "%"},
    "timeliness": {"direction": "lower_better", "unit": "days"},
    "findings_with_decision": {"direction": "higher_better", "unit": "%"},
    "decisions_on_time": {"direction": "higher_better", "unit": "%"},
    "flagged_improved": {"direction": "higher_better", "unit": "%"},
    "bias_share": {"direction": "lower_better", "unit": "%"},
    "low_results_exit": {"direction": "higher_better", "unit": "%"},
}
COLUMNS = ["municipality_id", "year", "numerator", "denominator", "value"]


def _aggregate(units: pd.DataFrame, measure: str, share: bool) -> pd.DataFrame:
    """Rows per (municipality, year) and per region year from one row per unit.

    `units`: municipality_id (NA allowed), year, and `measure` (a bool hit for a share, a
    number for a mean)."""
    if units.empty:
        return _empty()
    units = units.assign(_m=units[measure].astype(float))
    parts = []
    region = units.groupby("year")["_m"].agg(["sum", "count"]).reset_index()
    region.insert(0, "municipality_id", None)
    parts.append(region)
    own = units.dropna(subset=["municipality_id"])
    if not own.empty:
        by = own.groupby(["municipality_id", "year"])["_m"].agg(["sum", "count"]).reset_index()
        parts.append(by)
    out = pd.concat(parts, ignore_index=True).rename(
        columns={"sum": "numerator", "count": "denominator"}
    )
    out["value"] = out["numerator"] / out["denominator"] * (100.0 if share else 1.0)
    return _typed(out)


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    out = pd.DataFrame(
        {
            "municipality_id": pd.array(
                [None if pd.isna(m) else int(m) for m in frame["municipality_id"]], dtype="Int64"
            ),
            "year": frame["year"].astype("int64"),
            "numerator": frame["numerator"].astype("float64"),
            "denominator": frame["denominator"].astype("int64"),
            "value": frame["value"].astype("float64"),
        }
    )
    return out.sort_values(["year", "municipality_id"], na_position="first").reset_index(drop=True)


def _empty() -> pd.DataFrame:
    return _typed(pd.DataFrame(columns=COLUMNS))


def coverage(schools: pd.DataFrame, loaded: pd.DataFrame) -> pd.DataFrame:
    """Coverage by procedures with results loaded: the share of schools with results of at
    least one assessment procedure of the year.

    `schools`: school_id, municipality_id of the schools expected to take part (the region's
    general-education schools); `loaded`: school_id, year of every school-year with results.
    Years are those of `loaded`; a loaded school not in `schools` is ignored.
    """
    listed = schools.drop_duplicates("school_id")
    years = sorted({int(y) for y in loaded["year"].dropna()})
    if listed.empty or not years:
        return _empty()
    have = set(zip(loaded["school_id"].astype(int), loaded["year"].astype(int), strict=True))
    units = pd.DataFrame(
        [
            {"municipality_id": m, "year": y, "hit": (int(s), y) in have}
            for y in years
            for s, m in zip(listed["school_id"], listed["municipality_id"], strict=True)
        ]
    )
    return _aggregate(units, "hit", share=True)


def timeliness(procedures: pd.DataFrame, participation: pd.DataFrame | None = None) -> pd.DataFrame:
    """Timeliness of data: the mean number of days from a procedure to the import of its
    results (Procedure.results_loaded_at − held_on), per year of the procedure.

    `procedures`: procedure_id, year, held_on, loaded_at (procedures without either date are
    left out: not held or not loaded yet); `participation`: procedure_id, municipality_id — a
    municipality's value is over the procedures its schools took part in.
    """
    frame = procedures.dropna(subset=["held_on", "loaded_at"])
    if frame.empty:
        return _empty()
    loaded = pd.to_datetime(frame["loaded_at"], utc=True).dt.tz_localize(None).dt.normalize()
    days = (loaded - pd.to_datetime(frame["held_on"])).dt.days
    frame = frame.assign(days=days.to_numpy(float))[["procedure_id", "year", "days"]]
    units = [frame.assign(municipality_id=None)]
    if participation is not None and not participation.empty:
        pairs = participation[["procedure_id", "municipality_id"]].dropna().drop_duplicates()
        units.append(frame.merge(pairs, on="procedure_id"))
    region, *own = units
    out = _aggregate(region, "days", share=False)
    if own:
        muni = _aggregate(own[0], "days", share=False)
        out = pd.concat([out, muni[muni["municipality_id"].notna()]], ignore_index=True)
    return _typed(out)


def findings_with_decision(findings: pd.DataFrame) -> pd.DataFrame:
    """The share of findings with an adopted (non-cancelled) decision, per finding year.

    `findings`: one row per finding with municipality_id (<NA> for a region finding, counted
    in the region row only), year, decided (bool).
    """
    units = findings[["municipality_id", "year", "decided"]].assign(
        decided=findings["decided"].fillna(False).astype(bool)
    )
    return _aggregate(units, "decided", share=True)


def decisions_on_time(decisions: pd.DataFrame, today: dt.date) -> pd.DataFrame:
    """The share of decisions done on time among those that can be judged as of `today`,
    per year of the deadline.

    `decisions`: municipality_id, status, due_on, completed_on. Judged: done by the deadline
    (on time), done after it (late), or open past it (overdue), as roadmap_progress.outcome
    reads a roadmap item. Cancelled decisions, open ones not yet due and done ones without a
    deadline or a completion date are not judged.
    """
    if decisions.empty:
        return _empty()
    rows = []
    for r in decisions.to_dict("records"):
        result = roadmap_progress.outcome(r["status"], r["due_on"], r["completed_on"], today)
        if result in ("done_on_time", "done_late", "overdue"):
            rows.append(
                {
                    "municipality_id": r.get("municipality_id"),
                    "year": pd.Timestamp(r["due_on"]).year,
                    "hit": result == "done_on_time",
                }
            )
    if not rows:
        return _empty()
    return _aggregate(pd.DataFrame(rows), "hit", share=True)


def flagged_improved(
    values: pd.DataFrame, flagged: pd.DataFrame, k: int = rules.EFFECT_MATCHES
) -> pd.DataFrame:
    """The share of flagged schools that improved the next cycle against comparable unflagged
    schools, per flag year.

    `values`: school_id, municipality_id, year (Y), baseline (the indicator at Y), social,
    change (Y+1 − Y), e.g. decision_effect.changes of the ВПР gap; `flagged`: school_id, year
    of the flagged school-years (the caller's choice of findings). A flagged school improved
    when its change exceeds the mean change of its `k` matched unflagged schools
    (decision_effect.did_effect's per-school difference > 0); flagged schools with no value
    or no match are not counted.
    """
    rows = []
    for year, frame in values.groupby("year", sort=True):
        ids = flagged.loc[flagged["year"] == year, "school_id"].astype(int)
        if ids.empty:
            continue
        result = decision_effect.did_effect(frame, ids, k=k)
        municipality = frame.drop_duplicates("school_id").set_index("school_id")["municipality_id"]
        for r in result["per_school"].to_dict("records"):
            rows.append(
                {
                    "municipality_id": municipality.get(r["school_id"]),
                    "year": int(year),
                    "hit": r["difference"] > 0,
                }
            )
    if not rows:
        return _empty()
    return _aggregate(pd.DataFrame(rows), "hit", share=True)


def bias_share(screened: pd.DataFrame) -> pd.DataFrame:
    """The share of screened schools with signs of bias (the objectivity detector's flag),
    per year; its trend is the criterion's row over years.

    `screened`: school_id, municipality_id, year, flagged — one row per screened school-year
    (several rows of one school-year count once, flagged if any is).
    """
    if screened.empty:
        return _empty()
    units = (
        screened.assign(flagged=screened["flagged"].fillna(False).astype(bool))
        .groupby(["school_id", "year"], as_index=False)
        .agg(municipality_id=("municipality_id", "first"), flagged=("flagged", "any"))
    )
    return _aggregate(units, "flagged", share=True)


def low_results_exit(
    gaps: pd.DataFrame,
    schools: pd.DataFrame,
    within: int = rules.LOW_RESULTS_EXIT_YEARS,
    min_participants: int = rules.LOW_RESULTS_MIN_PARTICIPANTS,
) -> pd.DataFrame:
    """The share of schools in ШНОР at a year Y that leave the category within `within` years.

    `gaps`: school_flags.vpr_gaps of the whole region (the ranking needs every school);
    `schools`: school_id, municipality_id. ШНОР at Y is the profile's rule (a low-results run
    ending at Y). The school left when it is ranked and not low in one of Y+1 … Y+`within`;
    it stayed when it is low in all of them; otherwise (not ranked) it is not counted. Only
    years Y with results of Y+`within` in `gaps` are cohorts, so a recent cohort is not judged
    on its early exits alone.
    """
    if gaps.empty:
        return _empty()
    low = {sid: set(years) for sid, years in school_flags.low_result_years(gaps).items()}
    ranked_rows = gaps[gaps["participants"] >= min_participants]
    ranked = set(
        zip(ranked_rows["school_id"].astype(int), ranked_rows["year"].astype(int), strict=True)
    )
    last_year = int(gaps["year"].max())
    municipality = schools.drop_duplicates("school_id").set_index("school_id")["municipality_id"]
    rows = []
    for sid, years in sorted(low.items()):
        for _first, year in school_flags.consecutive_runs(sorted(years)):
            if year + within > last_year:
                continue
            after = range(year + 1, year + within + 1)
            left = any((sid, y) in ranked and y not in years for y in after)
            stayed = all(y in years for y in after)
            if left or stayed:
                rows.append({"municipality_id": municipality.get(sid), "year": year, "hit": left})
    if not rows:
        return _empty()
    return _aggregate(pd.DataFrame(rows), "hit", share=True)


def target_status(
    value: float | None,
    target: float | None,
    direction: str,
    close: float = rules.EFFECTIVENESS_CLOSE,
) -> str | None:
    """ "met", "close" (missing the target by at most `close` × |target|) or "not_met";
    None without a value or a target."""
    if value is None or target is None or pd.isna(value) or pd.isna(target):
        return None
    band = close * abs(target)
    if direction == "lower_better":
        value, target = -value, -target
    if value >= target:
        return "met"
    return "close" if value >= target - band else "not_met"
