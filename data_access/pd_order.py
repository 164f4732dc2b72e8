"""The PD plan-order (`/training`): the need from skill results, the programme base's gaps,
the plan-order lines, the municipalities' confirmations and what followed the training.

The rules are pure (dashboard.analytics.pd_order); this module reads their inputs for the
caller's whole region (`visibility.region_scope`: a school is weak against the region) and
caches the region's needs and plan once per region and year (every write to programmes,
requests or imports empties the cache). ``year`` is the results year whose needs feed the
plan-order, and the year of the requests that join them. What leaves is cut to the caller:
admin and region everything; a municipality its own schools and lines; a director only the
lines with its school, counting its school only; a viewer the lines (aggregates) with no
school named, and never the need rows.
"""

from __future__ import annotations

import datetime as dt
import json

import numpy as np
import pandas as pd
from sqlalchemy import insert, select

from dashboard.analytics import pd_order as rules_of
from dashboard.models import Municipality, PdOrderConfirmation
from data_access import audit, cache, database, decision_matrix, derived, pd_order_effect
from data_access import finding_inputs as inputs
from data_access import pd_order_inputs as pd_inputs
from data_access.decisions import _municipality
from data_access.scope import OutOfScope, Scope
from data_access.single_flight import cached_once
from data_access.visibility import region_filter, region_scope

NAMED_ROLES = frozenset({"admin", "region", "municipality", "school"})
CONFIRM_ROLES = frozenset({"admin", "region", "municipality"})
NEED_NAMES = ["school_code", "school", "municipality", "teachers", "slope", "years"]
NEED_MATCH = ["programme_id", "programme_code", "hours_per_teacher"]
PLAN_COLUMNS = [
    "municipality_id",
    "municipality",
    "programme_id",
    "programme_code",
    "title",
    "provider",
    "subject",
    "hours_per_teacher",
    "schools",
    "teachers",
    "hours",
    "unknown_teachers",
    "reasons",
]
CONFIRMATION_COLUMNS = [
    "id",
    "municipality_id",
    "municipality",
    "year",
    "confirmed_by",
    "confirmed_at",
    "lines",
]


class OrderRefused(ValueError):
    """A confirmation that breaks a rule; ``key`` names the reason (for strings)."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _stored_needs(system: Scope, year: int) -> pd.DataFrame:
    """The region's needs of ``year`` with their trend and teachers: only an import changes
    them (results, teachers), so they are stored at import time (data_access.derived); the
    skill rows they come from take seconds to read on a region."""
    return derived.stored(
        "pd_needs",
        _store_args(system, year),
        lambda: _needs_of(system, pd_inputs.skill_rows(system), year),
    )


def _needs_of(system: Scope, rows: pd.DataFrame, year: int) -> pd.DataFrame:
    """skill_needs of ``year`` from the region's skill rows, with trend and teachers."""
    needs = rules_of.skill_needs(rows[rows["year"] == year].drop(columns=["year"]))
    keys = ["school_id", "subject", "grade", "skill_code"]
    # the trend of the needed skills only: a region has tens of thousands of others
    history = rows[rows["year"] <= year].merge(
        needs[keys].astype({"grade": "int64"}).drop_duplicates(), on=keys
    )
    history = history.assign(gap=history["school_percent"] - history["region_percent"])
    trend = rules_of.skill_trend(history[[*keys, "year", "gap"]])
    trend = trend.astype({"grade": "Int64"}) if not trend.empty else trend
    needs = needs.merge(trend, on=keys, how="left") if not needs.empty else needs
    needs = needs.reindex(columns=[*rules_of.NEED_COLUMNS, "slope", "years"])
    teachers = pd_inputs.teachers(system, year).set_index(["school_id", "subject"])["teachers"]
    needs["teachers"] = [
        teachers.get((s, j)) for s, j in zip(needs["school_id"], needs["subject"], strict=True)
    ]
    needs["teachers"] = pd.array(needs["teachers"], dtype="Int64")
    return needs


def _store_args(system: Scope, year: int) -> dict:
    return {"scope": system.key, "year": int(year), "v": 1}


def derived_results(system: Scope) -> list[tuple[str, dict, pd.DataFrame]]:
    """Every ВПР year's needs of the region, to store at import time."""
    rows = pd_inputs.skill_rows(system)  # read once for every year
    return [
        ("pd_needs", _store_args(system, y), _needs_of(system, rows, y)) for y in plan_years(system)
    ]


def _region_needs(system: Scope, year: int) -> pd.DataFrame:
    """The region's needs of ``year`` with the programme that answers each (matched now: the
    programme base is edited on the page, between imports)."""

    def compute() -> pd.DataFrame:
        needs = _stored_needs(system, year)
        for column in ("grade", "teachers", "municipality_id"):  # stored as JSON: ints again
            if column in needs:
                needs[column] = pd.array(needs[column], dtype="Int64")
        return rules_of.match_programmes(needs, pd_inputs.programmes(system))

    return cached_once(system, "pd_needs", compute, args=[int(year)])


def _region_plan(system: Scope, year: int) -> pd.DataFrame:
    """The region's plan-order lines of ``year`` (ids and reasons with ids only)."""

    def compute() -> pd.DataFrame:
        return _plan_of(system, year, _region_needs(system, year), pd_inputs.requests(system, year))

    return cached_once(system, "pd_plan", compute, args=[int(year)])


def _plan_of(system: Scope, year: int, needs: pd.DataFrame, asked: pd.DataFrame) -> pd.DataFrame:
    """plan_order on these needs and requests, with the names of municipalities and
    programmes (PLAN_COLUMNS)."""
    programmes = pd_inputs.programmes(system)
    plan = rules_of.plan_order(
        needs, pd_inputs.teachers(system, year), asked, programmes=programmes
    )
    plan["municipality"] = plan["municipality_id"].map(inputs.municipality_names(system))
    catalogue = programmes.set_index("id")
    for column in ("programme_code", "title", "provider"):
        plan[column] = [
            catalogue.at[int(p), column] if pd.notna(p) and int(p) in catalogue.index else None
            for p in plan["programme_id"]
        ]
    return plan[PLAN_COLUMNS]


# ------------------------------------------------------------------ what a caller may see


def plan_years(scope: Scope) -> list[int]:
    """Years with ВПР results in the caller's region (every role)."""
    return sorted({int(y) for y in inputs.vpr_results(region_scope(scope))["year"]})


def _year(system: Scope, year: int | None) -> int | None:
    if year is not None:
        return int(year)
    years = inputs.vpr_results(system)["year"]
    return int(years.max()) if len(years) else None


def needs(scope: Scope, year: int | None = None) -> pd.DataFrame:
    """The need rows the caller may see by name (analytics NEED_COLUMNS + school_code,
    school, municipality, teachers of the subject, the skill's trend slope and years, and the
    matching programme): weakest first within a school. Viewer: OutOfScope."""
    if scope.role not in NAMED_ROLES:
        raise OutOfScope("pd_needs", scope.login)
    system = region_scope(scope)
    year = _year(system, year)
    columns = [*rules_of.NEED_COLUMNS, *NEED_NAMES, *NEED_MATCH]
    if year is None:
        return pd.DataFrame(columns=columns)
    frame = pd_inputs.own(scope, _region_needs(system, year)).copy()
    schools = inputs.schools_of_region(system).set_index("school_id")
    frame["school_code"] = frame["school_id"].map(schools["school_code"])
    frame["school"] = frame["school_id"].map(schools["school"])
    frame["municipality"] = frame["municipality_id"].map(inputs.municipality_names(system))
    return frame[columns].reset_index(drop=True)


def programme_gaps(scope: Scope, year: int | None = None) -> pd.DataFrame:
    """Needed skills no programme covers (subject, skill_code, skill_name, schools: how many
    need it) among the needs of the caller's schools; a viewer's over the region (counts)."""
    if scope.role not in decision_matrix.READ_ROLES:
        raise OutOfScope("pd_gaps", scope.login)
    system = region_scope(scope)
    year = _year(system, year)
    if year is None:
        return pd.DataFrame(columns=rules_of.GAP_COLUMNS)
    found = _region_needs(system, year)
    found = found if scope.aggregates_only else pd_inputs.own(scope, found)
    return rules_of.gaps(found, pd_inputs.programmes(system))


def _skill_names(system: Scope) -> dict[tuple[str, str], str]:
    """(subject, skill code) → the skill's name as the tasks give it."""
    return pd_inputs.skill_names(system)


def _named_reasons(
    system: Scope, reasons: list, names: dict, keep: int | None = None
) -> list[dict]:
    """Reasons with the school's code and name and the skill's name (only the school ``keep``
    when given)."""
    schools = inputs.schools_of_region(system).set_index("school_id")
    out = []
    for reason in reasons:
        if keep is not None and reason.get("school_id") != keep:
            continue
        sid = reason.get("school_id")
        known = sid in schools.index
        out.append(
            {
                **reason,
                "school_code": schools.at[sid, "school_code"] if known else None,
                "school": schools.at[sid, "school"] if known else None,
                "skill_name": names.get((reason.get("subject"), reason.get("skill_code"))),
            }
        )
    return out


def _anonymous_reasons(reasons: list) -> list[dict]:
    """A viewer's reasons: the needs per skill and grade with how many schools, and the
    requests without their school."""
    needs: dict[tuple, list[float]] = {}
    out = []
    for reason in reasons:
        if reason.get("kind") == "need":
            key = (reason.get("subject"), reason.get("grade"), reason.get("skill_code"))
            needs.setdefault(key, []).append(float(reason.get("gap")))
        else:
            out.append({k: v for k, v in reason.items() if k != "school_id"})
    counted = [
        {
            "kind": "need",
            "subject": subject,
            "grade": grade,
            "skill_code": skill,
            "gap": float(np.mean(gaps)),
            "schools": len(gaps),
        }
        for (subject, grade, skill), gaps in needs.items()
    ]
    return counted + out


def plan(scope: Scope, year: int | None = None) -> pd.DataFrame:
    """The plan-order lines the caller may see (PLAN_COLUMNS), per municipality and programme
    (a request with a topic only: per subject, programme missing): schools, teachers, hours
    and the reasons (dicts: a need with school, skill and gap; a request by its id).

    Municipality: its own lines. Director: the lines with its school, counting its school
    only. Viewer: every line with reasons that name no school (needs counted per skill)."""
    if scope.role not in decision_matrix.READ_ROLES:
        raise OutOfScope("pd_plan", scope.login)
    system = region_scope(scope)
    year = _year(system, year)
    if year is None:
        return pd.DataFrame(columns=PLAN_COLUMNS)
    keep = None
    if scope.role == "school" and scope.school_id is not None:
        keep = int(scope.school_id)
        mine = _region_needs(system, year)
        asked = pd_inputs.requests(system, year)
        frame = _plan_of(
            system, year, mine[mine["school_id"] == keep], asked[asked["school_id"] == keep]
        )
    elif scope.role == "municipality" and scope.municipality_id is not None:
        frame = _region_plan(system, year)
        frame = frame[frame["municipality_id"].eq(scope.municipality_id).fillna(False)]
    elif scope.role in {"admin", "region", "viewer"}:
        frame = _region_plan(system, year)
    else:
        raise OutOfScope("pd_plan", scope.login)
    frame = frame.copy()
    for column in ("municipality", "programme_code", "title", "provider"):  # None, not NaN
        frame[column] = frame[column].astype(object).where(frame[column].notna(), None)
    if scope.aggregates_only:
        frame["reasons"] = [_anonymous_reasons(r) for r in frame["reasons"]]
    else:
        names = _skill_names(system)
        frame["reasons"] = [_named_reasons(system, r, names, keep) for r in frame["reasons"]]
    return frame.reset_index(drop=True)


# ------------------------------------------------------------------ confirmations


def _plain(value: object) -> object:
    """JSON-ready: pandas' missing values as None, numpy numbers as Python's."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return value.item() if isinstance(value, np.generic) else value


def confirm(scope: Scope, municipality_id: object, year: object) -> int:
    """The municipality confirms its part of the plan-order of ``year`` (region and admin may
    too): a snapshot of its lines as now, which later data do not change; returns its id.
    Audited "pd_order.confirm"; OutOfScope for others, OrderRefused without lines."""
    action = "pd_order.confirm"
    asked = f"municipality={str(municipality_id)[:20]} year={str(year)[:6]}"
    try:
        if scope.role not in CONFIRM_ROLES:
            raise OutOfScope("municipality", municipality_id)
        with database.read() as conn:
            muni = _municipality(conn, scope, municipality_id)
    except OutOfScope:
        audit.record(action, "denied", scope=scope, asked=asked)
        raise
    try:
        if isinstance(year, bool) or not isinstance(year, int) or not 2000 <= year <= 2100:
            raise OrderRefused("bad_year")
        system = region_scope(scope)
        lines = plan(system, year)
        lines = lines[lines["municipality_id"].eq(muni).fillna(False)]
        if lines.empty:
            raise OrderRefused("nothing_to_confirm")
        snapshot = json.dumps(_plain(lines.to_dict("records")), ensure_ascii=False)
        with database.write() as conn:
            new_id = conn.execute(
                insert(PdOrderConfirmation)
                .values(
                    municipality_id=muni,
                    year=year,
                    confirmed_by=scope.login,
                    confirmed_at=dt.datetime.now(dt.UTC),
                    lines=snapshot,
                )
                .returning(PdOrderConfirmation.id)
            ).scalar_one()
    except OrderRefused as refused:
        audit.record(action, "failure", scope=scope, asked=asked, detail=refused.key)
        raise
    cache.invalidate()
    detail = f"confirmation={new_id} lines={len(lines)} teachers={int(lines['teachers'].sum())}"
    audit.record(action, "success", scope=scope, asked=asked, detail=detail)
    return int(new_id)


def _confirmed_lines(scope: Scope, lines: list[dict]) -> list[dict]:
    """A confirmed snapshot cut to the caller: a director's lines with its school and only
    its reasons; a viewer's with reasons naming no school."""
    if scope.aggregates_only:
        return [{**line, "reasons": _anonymous_reasons(line["reasons"])} for line in lines]
    if scope.role == "school":
        own = scope.school_id
        return [
            {**line, "reasons": [r for r in line["reasons"] if r.get("school_id") == own]}
            for line in lines
            if any(r.get("school_id") == own for r in line["reasons"])
        ]
    return lines


def confirmations(scope: Scope, year: int | None = None) -> pd.DataFrame:
    """Confirmed parts of the plan-order (CONFIRMATION_COLUMNS; ``lines``: the snapshot as a
    list of dicts, cut to the caller), newest first: region and admin every municipality's,
    the others their municipality's (a viewer every one, without schools)."""
    if scope.role not in decision_matrix.READ_ROLES:
        raise OutOfScope("pd_confirmations", scope.login)
    stmt = (
        select(
            PdOrderConfirmation.id,
            PdOrderConfirmation.municipality_id,
            Municipality.name.label("municipality"),
            PdOrderConfirmation.year,
            PdOrderConfirmation.confirmed_by,
            PdOrderConfirmation.confirmed_at,
            PdOrderConfirmation.lines,
        )
        .join(Municipality, Municipality.id == PdOrderConfirmation.municipality_id)
        .where(region_filter(scope))
        .order_by(PdOrderConfirmation.confirmed_at.desc(), PdOrderConfirmation.id.desc())
    )
    if scope.role in {"municipality", "school"}:
        stmt = stmt.where(PdOrderConfirmation.municipality_id == scope.municipality_id)
    if year is not None:
        stmt = stmt.where(PdOrderConfirmation.year == int(year))
    with database.read() as conn:
        frame = database.frame(conn, stmt, CONFIRMATION_COLUMNS)
    frame["lines"] = [_confirmed_lines(scope, json.loads(t)) for t in frame["lines"]]
    frame["confirmed_at"] = pd.to_datetime(frame["confirmed_at"], utc=True)
    return frame


# ------------------------------------------------------------------ after training


def training_effect(scope: Scope) -> dict:
    """by_programme, per_school and awaiting: data_access.pd_order_effect.effects."""
    return pd_order_effect.effects(scope)
