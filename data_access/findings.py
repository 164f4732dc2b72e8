"""Findings (`/decisions`): what OKO finds in the region's data, per school and municipality,
each with its reason, the page that shows it and whether a decision answers it.

The rules are pure (dashboard.analytics.findings); this module reads their inputs for the
caller's whole region (`visibility.region_scope`: low results, conditions and rankings are
defined against the region) and caches the region's findings once per region, year and day.
What leaves the module is cut to the caller's rights: admin and region every row;
municipality its own municipality's rows; a director its own school's; a viewer only counts
(finding_counts).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
from sqlalchemy import select

from dashboard.analytics import findings as rules_of
from dashboard.models import (
    Decision,
    DecisionMatrixEntry,
    Municipality,
)
from data_access import database, decision_matrix, derived, pd_order_inputs
from data_access import finding_inputs as inputs
from data_access.school_profile import region_flags
from data_access.scope import OutOfScope, Scope
from data_access.single_flight import cached_once
from data_access.visibility import region_filter, region_scope, require_school

NAME_COLUMNS = [
    "school_code",
    "school",
    "municipality",
    "detail_name",
    "link",
    "decided",
    "decision_ids",
]
#: Where each kind of finding is shown (a school's own kinds open its profile).
PAGE_OF_KIND = {"resilient": "/rankings", "bias_confirmed": "/objectivity"}
SCHOOL_PAGE = "/schools/{code}"
ROADMAP_ITEM_PAGE = "/roadmaps/item/{id}"
PLAN_COLUMNS = [
    "indicator_code",
    "indicator",
    "value",
    "reference",
    "reference_kind",
    "shortfall",
    "measure_id",
    "measure_code",
    "measure",
    "responsible_role",
    "duration_days",
    "decision_id",
    "decision_status",
    "due_on",
]


# ------------------------------------------------------------------ the region's findings


def _latest_year(system: Scope) -> int | None:
    years = inputs.vpr_results(system)["year"]
    return int(years.max()) if len(years) else None


def _data_findings(system: Scope, year: int) -> pd.DataFrame:
    """The school findings of `year` that only an import changes (results, context, the
    rankings fit): stored at import time (data_access.derived), since computing them takes a
    model fit and the year's skill rows, about a second a year on a region."""
    return derived.stored(
        "findings_data",
        _store_args(system, year),
        lambda: _findings_of(system, year, inputs.skills(system, year)),
    )


def _findings_of(system: Scope, year: int, skills: pd.DataFrame) -> pd.DataFrame:
    flags = region_flags(system)
    gaps = inputs.vpr_gaps(system)
    social = pd.Series(flags["social_index"], dtype="float64")
    adverse = pd.Series(flags["adverse"], dtype="float64")
    return _joined(
        [
            rules_of.low_results_findings(flags["low_runs"], gaps, year),
            rules_of.adverse_findings(social, adverse, year),
            rules_of.resilient_findings(inputs.categories(system, year), year),
            rules_of.weak_skill_findings(skills, year),
            rules_of.falling_trend_findings(gaps, year),
        ]
    )


def _store_args(system: Scope, year: int) -> dict:
    return {"scope": system.key, "year": int(year), "v": 1}


def derived_results(system: Scope) -> list[tuple[str, dict, pd.DataFrame]]:
    """Every ВПР year's import-time findings of the region, to store at import time (the
    skill rows read once for all years)."""
    rows = pd_order_inputs.skill_rows(system)
    years = sorted({int(y) for y in inputs.vpr_results(system)["year"]})
    return [
        (
            "findings_data",
            _store_args(system, y),
            _findings_of(system, y, inputs.skills_of(rows, y)),
        )
        for y in years
    ]


def _region_findings(system: Scope, year: int, today: dt.date) -> pd.DataFrame:
    """Every finding of the region for `year` (ids only), cached once per region and day: the
    stored ones, with the deficits (a region norm changes them without new data), confirmed
    bias reviews and overdue roadmap items read now."""

    def compute() -> pd.DataFrame:
        schools = inputs.schools_of_region(system)
        school_level = [
            _data_findings(system, year),
            rules_of.bias_findings(inputs.reviews(system), year),
            rules_of.deficit_findings(inputs.context(system), year),
        ]
        places = schools[["school_id", "municipality_id"]]
        found = rules_of.with_municipalities(_joined(school_level), places)
        areas = rules_of.municipality_findings(found, places)
        overdue = rules_of.overdue_findings(inputs.roadmap_items(system), today)
        return _joined([found, areas, overdue])

    return cached_once(system, "findings_region", compute, args=[int(year), today.isoformat()])


def _joined(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Findings frames as one, with FINDING_COLUMNS' dtypes also when all are empty."""
    parts = [f for f in frames if not f.empty]
    if not parts:
        return rules_of.finding_frame([])
    return pd.concat(parts, ignore_index=True)[rules_of.FINDING_COLUMNS]


def _visible(scope: Scope, frame: pd.DataFrame) -> pd.DataFrame:
    """The rows this caller may see by name; a viewer none (OutOfScope)."""
    if scope.role in {"admin", "region"}:
        return frame
    if scope.role == "municipality" and scope.municipality_id is not None:
        return frame[frame["municipality_id"].eq(scope.municipality_id).fillna(False)]
    if scope.role == "school" and scope.school_id is not None:
        return frame[frame["school_id"].eq(scope.school_id).fillna(False)]
    raise OutOfScope("findings", scope.login)


def _open_decisions(system: Scope) -> pd.DataFrame:
    """Decisions not cancelled: their target, finding kind, detail and year (not cached: they
    change with every adoption)."""
    stmt = (
        select(
            Decision.id,
            Decision.municipality_id,
            Decision.school_id,
            Decision.finding,
            Decision.finding_detail,
            Decision.finding_year,
        )
        .join(Municipality, Municipality.id == Decision.municipality_id)
        .where(region_filter(system), Decision.status != "cancelled")
        .order_by(Decision.id)
    )
    columns = ["id", "municipality_id", "school_id", "kind", "detail", "year"]
    with database.read() as conn:
        return pd.DataFrame(conn.execute(stmt).all(), columns=columns)


def _target_keys(frame: pd.DataFrame) -> list[tuple]:
    """(school or municipality, kind, detail, year) of each row: what a decision answers."""
    return [
        (
            ("school", int(s)) if pd.notna(s) else ("municipality", None if pd.isna(m) else int(m)),
            k,
            None if d is None or (isinstance(d, float) and np.isnan(d)) else str(d),
            int(y) if pd.notna(y) else None,
        )
        for s, m, k, d, y in zip(
            frame["school_id"],
            frame["municipality_id"],
            frame["kind"],
            frame["detail"],
            frame["year"],
            strict=True,
        )
    ]


def region_findings_over_years(system: Scope, today: dt.date) -> pd.DataFrame:
    """The region's findings of every ВПР year (each once) with `decided` (internal: ids only,
    the input of the effectiveness criteria)."""
    years = sorted({int(y) for y in inputs.vpr_results(system)["year"]})
    frame = _joined([_region_findings(system, y, today) for y in years])
    key = ["level", "school_id", "municipality_id", "kind", "detail", "year"]
    frame = frame.drop_duplicates(key).reset_index(drop=True)
    open_keys = set(_target_keys(_open_decisions(system)))
    frame["decided"] = [k in open_keys for k in _target_keys(frame)]
    return frame


def finding_years(scope: Scope) -> list[int]:
    """Years with ВПР results in the caller's region (years only, every role)."""
    return sorted({int(y) for y in inputs.vpr_results(region_scope(scope))["year"]})


def findings(scope: Scope, year: int | None = None, today: dt.date | None = None) -> pd.DataFrame:
    """The findings the caller may see by name for `year` (default: the latest ВПР year):
    FINDING_COLUMNS plus school_code, school, municipality, link (the page showing it),
    decided (a decision not cancelled answers it) and decision_ids. Viewer: OutOfScope."""
    if scope.aggregates_only or scope.role not in {"admin", "region", "municipality", "school"}:
        raise OutOfScope("findings", scope.login)
    system = region_scope(scope)
    year = _latest_year(system) if year is None else int(year)
    columns = [*rules_of.FINDING_COLUMNS, *NAME_COLUMNS]
    if year is None:
        return pd.DataFrame(columns=columns)
    frame = _visible(scope, _region_findings(system, year, today or dt.date.today())).copy()
    schools = inputs.schools_of_region(system).set_index("school_id")
    frame["school_code"] = frame["school_id"].map(schools["school_code"])
    frame["school"] = frame["school_id"].map(schools["school"])
    frame["municipality"] = frame["municipality_id"].map(inputs.municipality_names(system))
    frame["detail_name"] = detail_names(frame["kind"], frame["detail"], frame["extra"])
    frame["link"] = [
        _link(k, c, d)
        for k, c, d in zip(frame["kind"], frame["school_code"], frame["detail"], strict=True)
    ]
    decided: dict[tuple, list[int]] = {}
    open_decisions = _open_decisions(system)
    for key, decision_id in zip(_target_keys(open_decisions), open_decisions["id"], strict=True):
        decided.setdefault(key, []).append(int(decision_id))
    ids = [decided.get(key, []) for key in _target_keys(frame)]
    frame["decision_ids"] = ids
    frame["decided"] = [bool(i) for i in ids]
    return frame[columns].reset_index(drop=True)


def detail_names(kinds: pd.Series, details: pd.Series, extras: pd.Series) -> list:
    """What exactly, as a person reads it: a deficit's indicator by its name, an overdue
    roadmap item by its number and title (its detail is a row id), a subject as it is."""
    names = inputs.indicator_names()
    out = []
    for kind, detail, extra in zip(kinds, details, extras, strict=True):
        if kind == "overdue_roadmap_item":
            out.append(extra if isinstance(extra, str) else None)
        elif isinstance(detail, str):
            out.append(names.get(detail, detail) if kind == "deficit" else detail)
        else:
            out.append(None)
    return out


def _link(kind: str, school_code: object, detail: object) -> str:
    """The page that shows the finding: a school's profile, /rankings, /objectivity, the
    roadmap item, or the schools list for a municipality's concentration of a kind."""
    if kind == "overdue_roadmap_item":
        return ROADMAP_ITEM_PAGE.format(id=detail)
    if kind in PAGE_OF_KIND:
        return PAGE_OF_KIND[kind]
    if isinstance(school_code, str):
        return SCHOOL_PAGE.format(code=school_code)
    return "/rankings" if kind in {"low_results", "adverse_conditions"} else "/schools"


def finding_counts(scope: Scope, year: int | None = None) -> pd.DataFrame:
    """Per municipality (None: the region's own roadmaps) and kind: the number of findings at
    school level, and overdue roadmap items (aggregates: every role). The municipality-level
    findings derived from these counts are not counted again."""
    system = region_scope(scope)
    year = _latest_year(system) if year is None else int(year)
    columns = ["municipality_id", "municipality", "kind", "count"]
    if year is None:
        return pd.DataFrame(columns=columns)
    frame = _region_findings(system, year, dt.date.today())
    counted = frame[(frame["level"] == "school") | (frame["kind"] == "overdue_roadmap_item")]
    keys = (
        counted["municipality_id"]
        .astype("Int64")
        .astype(object)
        .where(counted["municipality_id"].notna(), None)
    )
    grouped = (
        counted.assign(municipality_id=keys)
        .groupby(["municipality_id", "kind"], dropna=False)
        .size()
        .rename("count")
        .reset_index()
    )
    names = inputs.municipality_names(system)
    grouped["municipality"] = [
        None if pd.isna(m) else names.get(int(m)) for m in grouped["municipality_id"]
    ]
    grouped["count"] = grouped["count"].astype("int64")
    return (
        grouped[columns]
        .sort_values(["municipality", "kind"], na_position="last")
        .reset_index(drop=True)
    )


# ------------------------------------------------------------------ a school's compensation plan


def _measures_for(scope: Scope, indicator_code: str) -> pd.DataFrame:
    """The matrix's measures in force that answer a deficit of this indicator."""
    measures = decision_matrix.measures_for(scope, "deficit", indicator_code)
    return measures.rename(columns={"id": "measure_id", "title": "measure"})[
        ["measure_id", "measure_code", "measure", "responsible_role", "duration_days"]
    ]


def compensation_plan(scope: Scope, school_code: object) -> pd.DataFrame:
    """A school's deficits of conditions (against a norm, at its latest context year), each
    with the matrix's measures for deficits and the school's decisions on it (PLAN_COLUMNS).
    Only for schools the caller sees by name (OutOfScope otherwise, viewers always)."""
    with database.read() as conn:
        school_id = require_school(scope, conn, school_code)
        decisions = pd.DataFrame(
            conn.execute(
                select(
                    Decision.id,
                    Decision.finding_detail,
                    Decision.measure_id,
                    Decision.measure,
                    Decision.status,
                    Decision.due_on,
                    DecisionMatrixEntry.measure_code,
                )
                .outerjoin(DecisionMatrixEntry, DecisionMatrixEntry.id == Decision.measure_id)
                .where(Decision.school_id == school_id, Decision.finding == "deficit")
                .order_by(Decision.id)
            ).all(),
            columns=[
                "decision_id",
                "indicator_code",
                "measure_id",
                "measure",
                "decision_status",
                "due_on",
                "measure_code",
            ],
        )
    system = region_scope(scope)
    years = inputs.vpr_results(system)["year"]
    context = inputs.conditions_frame(system, int(years.max()) if len(years) else 9999)
    own = context[(context["school_id"] == school_id) & context["is_deficit"].astype(bool)]
    own = own.rename(columns={"name": "indicator"}).sort_values("indicator_code")
    rows = []
    for _, deficit in own.iterrows():
        measures = _measures_for(scope, deficit["indicator_code"])
        base = {c: deficit[c] for c in PLAN_COLUMNS[:6]}
        taken = decisions[decisions["indicator_code"] == deficit["indicator_code"]]
        for _, m in measures.iterrows():
            match = taken[taken["measure_code"] == m["measure_code"]]
            rows.append({**base, **m.to_dict(), **_decision_part(match)})
        rest = taken[~taken["measure_code"].isin(measures["measure_code"])]
        for _, d in rest.iterrows():  # free-text measures or retired codes
            rows.append(
                {
                    **base,
                    "measure_id": d["measure_id"],
                    "measure_code": d["measure_code"],
                    "measure": d["measure"],
                    **_decision_part(d.to_frame().T),
                }
            )
        if measures.empty and taken.empty:
            rows.append(base)
    plan = pd.DataFrame(rows, columns=PLAN_COLUMNS)
    for column in ("measure_id", "duration_days", "decision_id"):
        plan[column] = plan[column].astype("Int64")
    return plan


def _decision_part(decisions: pd.DataFrame) -> dict:
    """The latest not cancelled decision of the rows (else the latest), as plan columns."""
    if decisions.empty:
        return {"decision_id": None, "decision_status": None, "due_on": None}
    live = decisions[decisions["decision_status"] != "cancelled"]
    row = (live if not live.empty else decisions).iloc[-1]
    return {
        "decision_id": int(row["decision_id"]),
        "decision_status": row["decision_status"],
        "due_on": row["due_on"],
    }
