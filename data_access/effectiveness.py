"""The assessment system's own effectiveness criteria (seed 002, «критерии и показатели
эффективности оценки качества образования»), per municipality and year, with their targets.

The criteria are pure (dashboard.analytics.effectiveness); their inputs are read for the
caller's whole region once per region and day. Every value is an aggregate (counts and shares
over schools, procedures, findings and decisions), so every role reads them: the region's rows
and those of the municipalities the caller may see (all for admin, region and viewer; its own
for municipality and school users). Targets are set by region and admin users only, appended
to effectiveness_target (the latest row per criterion, place and year is in force) and audited.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import or_, select

from dashboard.analytics import decision_effect
from dashboard.analytics import effectiveness as criteria_of
from dashboard.models import (
    Decision,
    EffectivenessTarget,
    Municipality,
    Procedure,
    School,
    SchoolResult,
)
from data_access import audit, cache, database, objectivity
from data_access import finding_inputs as inputs
from data_access.findings import region_findings_over_years
from data_access.school_profile import region_flags
from data_access.scope import OutOfScope, Scope
from data_access.single_flight import cached_once
from data_access.visibility import (
    assessed_procedure_ids,
    assessed_procedures,
    region_filter,
    region_scope,
    schools_in_region,
)

TARGET_ROLES = frozenset({"admin", "region"})
COLUMNS = [
    "criterion_code",
    "municipality_id",
    "municipality",
    "year",
    "numerator",
    "denominator",
    "value",
    "target",
    "status",
]
#: Findings whose schools count as «flagged» for flagged_improved: the findings about results,
#: whose improvement the ВПР gap shows. Choice: ШНОР and a falling trend (a weak skill is one
#: subject's, adverse conditions and deficits are not results).
FLAGGED_KINDS = ("low_results", "falling_trend")
TARGET_RANGE = {"%": (0.0, 100.0), "days": (0.0, 3650.0)}


def _loaded(system: Scope) -> pd.DataFrame:
    """school_id, year of every school-year with results of any procedure (a voluntary work
    is not one: visibility.assessed_procedures)."""
    stmt = (
        select(SchoolResult.school_id, Procedure.year)
        .join(Procedure, Procedure.id == SchoolResult.procedure_id)
        .join(School, School.id == SchoolResult.school_id)
        .where(schools_in_region(system), assessed_procedures())
        .distinct()
    )
    with database.read() as conn:
        return pd.DataFrame(conn.execute(stmt).all(), columns=["school_id", "year"])


def _procedures(system: Scope) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The region's procedures (procedure_id, year, held_on, loaded_at) and which
    municipalities' schools took part (procedure_id, municipality_id); voluntary works left
    out."""
    taken = (
        select(SchoolResult.procedure_id, School.municipality_id)
        .join(School, School.id == SchoolResult.school_id)
        .where(schools_in_region(system), SchoolResult.procedure_id.in_(assessed_procedure_ids()))
        .distinct()
    )
    with database.read() as conn:
        participation = pd.DataFrame(
            conn.execute(taken).all(), columns=["procedure_id", "municipality_id"]
        )
        stmt = select(
            Procedure.id, Procedure.year, Procedure.held_on, Procedure.results_loaded_at
        ).where(Procedure.id.in_(select(taken.subquery().c.procedure_id)))
        procedures = pd.DataFrame(
            conn.execute(stmt).all(), columns=["procedure_id", "year", "held_on", "loaded_at"]
        )
    return procedures, participation


def _decisions(system: Scope) -> pd.DataFrame:
    stmt = (
        select(Decision.municipality_id, Decision.status, Decision.due_on, Decision.completed_on)
        .join(Municipality, Municipality.id == Decision.municipality_id)
        .where(region_filter(system))
    )
    with database.read() as conn:
        return pd.DataFrame(
            conn.execute(stmt).all(),
            columns=["municipality_id", "status", "due_on", "completed_on"],
        )


def _gap_changes(system: Scope, schools: pd.DataFrame) -> pd.DataFrame:
    """Per school and year Y: the ВПР gap at Y (baseline), its change to Y+1, the social index
    and the municipality (the input of effectiveness.flagged_improved)."""
    gaps = inputs.vpr_gaps(system).rename(columns={"gap": "value"})
    social = pd.Series(region_flags(system)["social_index"], dtype="float64")
    places = schools.set_index("school_id")["municipality_id"]
    parts = [
        decision_effect.changes(gaps, int(year)).assign(year=int(year))
        for year in sorted(gaps["year"].unique())
    ]
    columns = ["school_id", "municipality_id", "year", "baseline", "social", "change"]
    frame = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=columns)
    frame["social"] = frame["school_id"].map(social)
    frame["municipality_id"] = frame["school_id"].map(places)
    return frame[columns]


def _region_criteria(system: Scope, today: dt.date) -> pd.DataFrame:
    """Every criterion of the region and its municipalities (ids only), once per region and
    day."""

    def compute() -> pd.DataFrame:
        schools = inputs.schools_of_region(system)[["school_id", "municipality_id"]]
        general = _general_schools(system)
        procedures, participation = _procedures(system)
        found = region_findings_over_years(system, today)
        flagged = found[found["kind"].isin(FLAGGED_KINDS) & found["school_id"].notna()]
        risk = objectivity.region_risk(system)
        parts = {
            "coverage": criteria_of.coverage(
                schools[schools["school_id"].isin(general)], _loaded(system)
            ),
            "timeliness": criteria_of.timeliness(procedures, participation),
            "findings_with_decision": criteria_of.findings_with_decision(found),
            "decisions_on_time": criteria_of.decisions_on_time(_decisions(system), today),
            "flagged_improved": criteria_of.flagged_improved(
                _gap_changes(system, schools), flagged[["school_id", "year"]]
            ),
            "bias_share": criteria_of.bias_share(
                risk[["school_id", "municipality_id", "year", "flagged"]]
            ),
            "low_results_exit": criteria_of.low_results_exit(inputs.vpr_gaps(system), schools),
        }
        frames = [f.assign(criterion_code=code) for code, f in parts.items() if not f.empty]
        if not frames:
            return pd.DataFrame(columns=["criterion_code", *criteria_of.COLUMNS])
        return pd.concat(frames, ignore_index=True)[["criterion_code", *criteria_of.COLUMNS]]

    return cached_once(system, "effectiveness_criteria", compute, args=today.isoformat())


def _general_schools(system: Scope) -> set[int]:
    stmt = select(School.id).where(schools_in_region(system), School.kind != "preschool")
    with database.read() as conn:
        return set(conn.execute(stmt).scalars())


def _visible_municipalities(scope: Scope, names: dict[int, str]) -> set[int]:
    if scope.role in {"admin", "region", "viewer"}:
        return set(names)
    if scope.role in {"municipality", "school"} and scope.municipality_id is not None:
        return {int(scope.municipality_id)} & set(names)
    raise OutOfScope("effectiveness", scope.login)


def criteria(scope: Scope, today: dt.date | None = None) -> pd.DataFrame:
    """Criterion × place × year with numerator, denominator, value, the target in force and
    its status (met / close / not_met, None without a target): the region's rows
    (municipality_id <NA>) and the municipalities' the caller may see."""
    system = region_scope(scope)
    names = inputs.municipality_names(system)
    visible = _visible_municipalities(scope, names)
    frame = _region_criteria(system, today or dt.date.today()).copy()
    place = frame["municipality_id"]
    frame = frame[place.isna() | place.isin(visible)].reset_index(drop=True)
    frame["municipality"] = [
        None if pd.isna(m) else names.get(int(m)) for m in frame["municipality_id"]
    ]
    chosen = targets(scope)
    key = ["criterion_code", "municipality_id", "year"]
    frame = frame.merge(chosen[[*key, "target"]], on=key, how="left")
    frame["status"] = [
        criteria_of.target_status(v, t, criteria_of.CRITERIA[c]["direction"])
        for c, v, t in zip(frame["criterion_code"], frame["value"], frame["target"], strict=True)
    ]
    order = list(criteria_of.CRITERIA)
    frame["_order"] = frame["criterion_code"].map(order.index)
    frame = frame.sort_values(["_order", "year", "municipality_id"], na_position="first")
    return frame[COLUMNS].reset_index(drop=True)


def targets(scope: Scope) -> pd.DataFrame:
    """The targets in force (the latest per criterion, place and year) of the caller's region:
    criterion_code, municipality_id (<NA>: the region), year, target, set_by, set_at."""
    columns = ["criterion_code", "municipality_id", "year", "target", "set_by", "set_at"]
    system = region_scope(scope)
    in_region = select(Municipality.id).where(region_filter(system))
    stmt = (
        select(EffectivenessTarget.id, *(getattr(EffectivenessTarget, c) for c in columns))
        .where(
            or_(
                EffectivenessTarget.municipality_id.is_(None),
                EffectivenessTarget.municipality_id.in_(in_region),
            )
        )
        .order_by(EffectivenessTarget.set_at, EffectivenessTarget.id)
    )
    with database.read() as conn:
        frame = pd.DataFrame(conn.execute(stmt).all(), columns=["id", *columns])
    frame["municipality_id"] = frame["municipality_id"].astype("Int64")
    frame["year"] = frame["year"].astype("int64")
    frame["target"] = frame["target"].astype("float64")
    latest = frame.drop_duplicates(["criterion_code", "municipality_id", "year"], keep="last")
    if scope.role not in TARGET_ROLES:
        latest = latest.assign(set_by=None)
    return latest[columns].reset_index(drop=True)


def set_target(
    scope: Scope, criterion_code: object, municipality_id: object, year: object, value: object
) -> float:
    """Append a target (region/admin only; the municipality inside the caller's region, None
    for the region's); returns it. Audited "effectiveness.target", refusals too."""
    asked = f"{criterion_code}/{municipality_id}/{year}"
    if scope.role not in TARGET_ROLES:
        audit.record("effectiveness.target", "denied", scope=scope, asked=asked)
        raise OutOfScope("effectiveness_target", criterion_code)
    if criterion_code not in criteria_of.CRITERIA:
        raise ValueError("unknown criterion")
    if isinstance(year, bool) or not isinstance(year, int) or not 2000 <= year <= 2100:
        raise ValueError("year out of range")
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError("target must be a number")
    low, high = TARGET_RANGE[criteria_of.CRITERIA[str(criterion_code)]["unit"]]
    if not low <= float(value) <= high:
        raise ValueError("target out of range")
    if municipality_id is not None and (
        isinstance(municipality_id, bool) or not isinstance(municipality_id, int)
    ):
        raise OutOfScope("municipality", municipality_id)
    if municipality_id is not None:
        with database.read() as conn:
            known = conn.execute(
                select(Municipality.id).where(
                    Municipality.id == municipality_id, region_filter(scope)
                )
            ).first()
        if known is None:
            audit.record("effectiveness.target", "denied", scope=scope, asked=asked)
            raise OutOfScope("municipality", municipality_id)
    with database.write() as conn:
        conn.execute(
            EffectivenessTarget.__table__.insert().values(
                criterion_code=criterion_code,
                municipality_id=municipality_id,
                year=year,
                target=float(value),
                set_by=scope.login,
                set_at=dt.datetime.now(dt.UTC),
            )
        )
    cache.invalidate()
    audit.record(
        "effectiveness.target", "success", scope=scope, asked=asked, detail=f"{float(value)}"
    )
    return float(value)
