"""Aggregations for the overview page: counts, latest procedures, results by municipality."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import case, distinct, func, select

from dashboard import rules
from dashboard.models import Municipality, Procedure, School, SchoolResult
from data_access import cache, database
from data_access.home import home
from data_access.scope import Scope
from data_access.suppression import hidden_results, suppress_cells, suppress_small
from data_access.visibility import (
    assessed_procedure_ids,
    assessed_procedures,
    region_filter,
    schools_in_region,
)


def _the_procedure(args: dict) -> tuple:
    """WHERE terms for the one procedure a view chose (kind, subject, grade, year); a
    voluntary work is never chosen (visibility.assessed_procedures)."""
    return (
        assessed_procedures(),
        Procedure.kind == args["kind"],
        Procedure.subject == args["subject"],
        Procedure.grade == args["grade"],
        Procedure.year == args["year"],
    )


def overview_counts(scope: Scope) -> dict[str, int]:
    """How much data the caller's region holds (aggregate counts only)."""
    return _counts(scope, None)


def home_counts(scope: Scope) -> dict[str, int] | None:
    """The same counts for the caller's own municipality (municipality and school roles, read
    from the scope), or None for region-wide roles. `municipalities` is 1."""
    place = home(scope)
    if place.is_region:
        return None
    return _counts(scope, place.municipality_id)


def _counts(scope: Scope, municipality_id: int | None) -> dict[str, int]:
    def compute() -> dict[str, int]:
        where = [schools_in_region(scope)]
        places = [region_filter(scope)]
        if municipality_id is not None:
            where.append(School.municipality_id == municipality_id)
            places.append(Municipality.id == municipality_id)
        with database.read() as conn:
            municipalities = conn.execute(
                select(func.count()).select_from(Municipality).where(*places)
            ).scalar_one()
            schools = conn.execute(
                select(func.count()).select_from(School).where(*where)
            ).scalar_one()
            in_region = select(School.id).where(*where)
            procedures, participants = conn.execute(
                select(
                    func.count(distinct(SchoolResult.procedure_id)),
                    func.coalesce(func.sum(SchoolResult.participants), 0),
                ).where(
                    SchoolResult.school_id.in_(in_region),
                    SchoolResult.procedure_id.in_(assessed_procedure_ids()),
                )
            ).one()
            years = conn.execute(
                select(func.count(distinct(Procedure.year))).where(
                    assessed_procedures(),
                    Procedure.id.in_(
                        select(SchoolResult.procedure_id).where(
                            SchoolResult.school_id.in_(in_region)
                        )
                    ),
                )
            ).scalar_one()
        return {
            "municipalities": int(municipalities),
            "schools": int(schools),
            "procedures": int(procedures),
            "participants": int(participants),
            "years": int(years),
        }

    return cache.cached(scope, "overview_counts", municipality_id, compute)


def latest_procedures(scope: Scope, limit: int = 8) -> pd.DataFrame:
    """The most recent procedures with region-wide participants and mean percent; for a
    municipality user or a director also `home_participants` and `home_mean_percent` of the
    own municipality (blanked under OKO_MIN_CELL participants)."""
    limit = max(1, min(int(limit), 50))
    place = home(scope)

    def compute() -> pd.DataFrame:
        columns = [
            Procedure.id.label("procedure_id"),
            Procedure.code,
            Procedure.kind,
            Procedure.subject,
            Procedure.grade,
            Procedure.year,
            Procedure.held_on,
            func.sum(SchoolResult.participants).label("participants"),
            (
                func.sum(SchoolResult.mean_percent * SchoolResult.participants)
                / func.nullif(func.sum(SchoolResult.participants), 0)
            ).label("mean_percent"),
        ]
        if not place.is_region:
            mine = School.municipality_id == place.municipality_id
            own = func.sum(case((mine, SchoolResult.participants), else_=0))
            weighted = func.sum(
                case((mine, SchoolResult.mean_percent * SchoolResult.participants), else_=0)
            )
            columns += [
                own.label("home_participants"),
                (weighted / func.nullif(own, 0)).label("home_mean_percent"),
            ]
        stmt = (
            select(*columns)
            .join(SchoolResult, SchoolResult.procedure_id == Procedure.id)
            .join(School, School.id == SchoolResult.school_id)
            .where(schools_in_region(scope), assessed_procedures())
            .group_by(Procedure.id)
            .order_by(Procedure.held_on.desc().nulls_last(), Procedure.code)
            .limit(limit)
        )
        with database.read() as conn:
            frame = database.frame(conn, stmt)
        if frame.empty:
            return frame
        hidden = hidden_results(scope, frame["procedure_id"].tolist())
        region = suppress_cells(
            frame[["participants", "mean_percent"]],
            frame["procedure_id"].isin(hidden.regions),
        )
        frame[["participants", "mean_percent"]] = region[["participants", "mean_percent"]]
        if not place.is_region:
            home_hidden = hidden.municipality_mask(
                frame.assign(municipality_id=place.municipality_id)
            )
            small = suppress_cells(
                frame[["home_participants", "home_mean_percent"]],
                home_hidden,
                "home_participants",
                ("home_mean_percent",),
            )
            frame[["home_participants", "home_mean_percent"]] = small[
                ["home_participants", "home_mean_percent"]
            ]
        return frame.drop(columns="procedure_id")

    return cache.cached(scope, "latest_procedures", limit, compute)


def procedure_choices(scope: Scope) -> pd.DataFrame:
    """Distinct (kind, subject, grade, year) with data in the caller's region."""

    def compute() -> pd.DataFrame:
        stmt = (
            select(Procedure.kind, Procedure.subject, Procedure.grade, Procedure.year)
            .where(
                assessed_procedures(),
                Procedure.id.in_(
                    select(SchoolResult.procedure_id)
                    .join(School, School.id == SchoolResult.school_id)
                    .where(schools_in_region(scope))
                ),
            )
            .distinct()
            .order_by(Procedure.kind, Procedure.subject, Procedure.grade, Procedure.year)
        )
        with database.read() as conn:
            return database.frame(conn, stmt, ["kind", "subject", "grade", "year"])

    return cache.cached(scope, "procedure_choices", None, compute)


def results_by_municipality(
    scope: Scope, kind: str, subject: str, grade: int, year: int
) -> pd.DataFrame:
    """Participant-weighted mean percent and mark shares per municipality.

    Aggregates over fewer than OKO_MIN_CELL pupils are returned with `suppressed=True` and no
    numbers. A school user also gets its own school as one more row (`is_own_school`, with
    its `school_code`). `is_own` marks the caller's own municipality (municipality and school
    roles) and the own school row: what charts draw in the «own» colour.
    """
    args = {"kind": str(kind), "subject": str(subject), "grade": int(grade), "year": int(year)}
    place = home(scope)

    def compute() -> pd.DataFrame:
        weighted = func.sum(SchoolResult.mean_percent * SchoolResult.participants)
        base = (
            select(
                func.min(Procedure.id).label("procedure_id"),
                Municipality.id.label("municipality_id"),
                Municipality.code.label("municipality_code"),
                Municipality.name.label("municipality"),
                func.count(School.id).label("schools"),
                func.sum(SchoolResult.participants).label("participants"),
                (weighted / func.nullif(func.sum(SchoolResult.participants), 0)).label(
                    "mean_percent"
                ),
                func.sum(SchoolResult.marks_2).label("marks_2"),
                func.sum(SchoolResult.marks_3).label("marks_3"),
                func.sum(SchoolResult.marks_4).label("marks_4"),
                func.sum(SchoolResult.marks_5).label("marks_5"),
            )
            .join(School, School.id == SchoolResult.school_id)
            .join(Municipality, Municipality.id == School.municipality_id)
            .join(Procedure, Procedure.id == SchoolResult.procedure_id)
            .where(
                schools_in_region(scope),
                *_the_procedure(args),
            )
            .group_by(Municipality.id)
            .order_by(Municipality.name)
        )
        with database.read() as conn:
            frame = pd.DataFrame(conn.execute(base).mappings().all())
            if scope.role == "school" and scope.school_id is not None:
                own = (
                    conn.execute(
                        select(
                            School.name.label("municipality"),
                            School.school_code,
                            SchoolResult.participants,
                            SchoolResult.mean_percent,
                            SchoolResult.marks_2,
                            SchoolResult.marks_3,
                            SchoolResult.marks_4,
                            SchoolResult.marks_5,
                        )
                        .join(School, School.id == SchoolResult.school_id)
                        .join(Procedure, Procedure.id == SchoolResult.procedure_id)
                        .where(
                            School.id == scope.school_id,
                            *_the_procedure(args),
                        )
                    )
                    .mappings()
                    .all()
                )
                if own:
                    extra = pd.DataFrame(own).assign(is_own_school=True, schools=1)
                    frame = pd.concat([frame.assign(is_own_school=False), extra], ignore_index=True)
        if "is_own_school" not in frame:
            frame["is_own_school"] = False
        if "school_code" not in frame:
            frame["school_code"] = None
        own_municipality = (
            frame["municipality_code"].eq(place.municipality_code)
            if "municipality_code" in frame and place.municipality_code is not None
            else pd.Series(False, index=frame.index)
        )
        frame["is_own"] = own_municipality.fillna(False).astype(bool) | frame[
            "is_own_school"
        ].fillna(False).astype(bool)
        if frame.empty:
            return suppress_small(frame)
        # Municipality rows follow the shared plan (small, or complementary to a small school of
        # theirs that the reader could otherwise recover); the own school row the primary rule.
        own_row = frame["is_own_school"].fillna(False).astype(bool)
        ids = frame["procedure_id"].dropna().astype(int).tolist()
        plan = hidden_results(scope, ids)
        municipality_rows = frame[~own_row].astype({"procedure_id": int, "municipality_id": int})
        hidden = plan.municipality_mask(municipality_rows).reindex(frame.index, fill_value=False)
        small = pd.to_numeric(frame["participants"], errors="coerce").fillna(0) < rules.min_cell()
        frame = suppress_cells(frame, hidden | (own_row & small))
        return frame.drop(columns=["procedure_id", "municipality_id"])

    return cache.cached(scope, "results_by_municipality", args, compute)


def region_result(scope: Scope, kind: str, subject: str, grade: int, year: int) -> dict:
    """The whole region's participants and participant-weighted mean percent for one
    procedure (the comparison line of the overview); both are None when the region total is
    hidden (under OKO_MIN_CELL, or it would reveal a hidden municipality by subtraction)."""
    args = {"kind": str(kind), "subject": str(subject), "grade": int(grade), "year": int(year)}

    def compute() -> dict:
        total = func.sum(SchoolResult.participants)
        stmt = (
            select(
                func.min(Procedure.id),
                total.label("participants"),
                (
                    func.sum(SchoolResult.mean_percent * SchoolResult.participants)
                    / func.nullif(total, 0)
                ).label("mean_percent"),
            )
            .join(School, School.id == SchoolResult.school_id)
            .join(Procedure, Procedure.id == SchoolResult.procedure_id)
            .where(
                schools_in_region(scope),
                *_the_procedure(args),
            )
        )
        with database.read() as conn:
            procedure_id, participants, mean = conn.execute(stmt).one()
        participants = int(participants or 0)
        hidden = (
            procedure_id is None
            or int(procedure_id) in hidden_results(scope, [int(procedure_id)]).regions
        )
        if hidden or mean is None:  # a hidden total shows neither its mean nor its size
            return {"participants": None if hidden else participants, "mean_percent": None}
        return {"participants": participants, "mean_percent": float(mean)}

    return cache.cached(scope, "region_result", args, compute)
