"""Region-wide inputs of the PD plan-order and of «после обучения» (data_access.pd_order,
data_access.pd_order_effect): skill results, the programme base, teachers per subject,
requests and completions.

Internal to data_access: every function takes the caller's region scope
(`visibility.region_scope`) and returns ids, never names for a caller.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import select

from dashboard.models import (
    Municipality,
    PdCompletion,
    PdRequest,
    Procedure,
    ProcedureTask,
    School,
    SchoolResult,
    SkillResult,
    SubjectTeachers,
)
from data_access import database, training
from data_access.scope import OutOfScope, Scope
from data_access.single_flight import cached_once
from data_access.visibility import region_filter, schools_in_region

VPR = "vpr"

# ------------------------------------------------------------------ the region's inputs


def skill_names(system: Scope) -> dict[tuple[str, str], str]:
    """(subject, skill code) → the skill's name, from the procedures' tasks (no results; a
    small query, not cached: the cache keeps JSON, which has no tuple keys)."""
    stmt = (
        select(Procedure.subject, ProcedureTask.skill_code, ProcedureTask.skill_name)
        .join(Procedure, Procedure.id == ProcedureTask.procedure_id)
        .where(Procedure.kind == VPR)
        .distinct()
    )
    with database.read() as conn:
        return {(s, c): n for s, c, n in conn.execute(stmt)}


def skill_rows(system: Scope) -> pd.DataFrame:
    """Per school, ВПР year, subject, grade and skill of the region: the school's percent (its
    tasks of the skill averaged), its participants, the region's percent (weighted by the
    schools' participants) and the region's participants (internal: ids only)."""

    def compute() -> pd.DataFrame:
        stmt = (
            select(
                SkillResult.school_id,
                School.municipality_id,
                Procedure.year,
                Procedure.subject,
                Procedure.grade,
                ProcedureTask.skill_code,
                ProcedureTask.skill_name,
                SkillResult.mean_percent,
                SchoolResult.participants,
            )
            .join(Procedure, Procedure.id == SkillResult.procedure_id)
            .join(
                ProcedureTask,
                (ProcedureTask.procedure_id == SkillResult.procedure_id)
                & (ProcedureTask.task_number == SkillResult.task_number),
            )
            .join(
                SchoolResult,
                (SchoolResult.procedure_id == SkillResult.procedure_id)
                & (SchoolResult.school_id == SkillResult.school_id),
            )
            .join(School, School.id == SkillResult.school_id)
            .where(schools_in_region(system), Procedure.kind == VPR)
        )
        with database.read() as conn:
            rows = database.frame(conn, stmt)
        rows = rows[rows["participants"].fillna(0) > 0]
        keys = ["year", "subject", "grade", "skill_code"]
        own = rows.groupby(["school_id", "municipality_id", *keys], as_index=False).agg(
            skill_name=("skill_name", "first"),
            school_percent=("mean_percent", "mean"),
            participants=("participants", "max"),
        )
        weighted = own.assign(w=own["school_percent"] * own["participants"]).groupby(keys)
        region = pd.DataFrame(
            {
                "region_percent": weighted["w"].sum() / weighted["participants"].sum(),
                "region_participants": weighted["participants"].sum(),
            }
        )
        return own.join(region, on=keys)

    return cached_once(system, "pd_skill_rows", compute)


def programmes(system: Scope) -> pd.DataFrame:
    return training.programmes(system)


def teachers(system: Scope, year: int) -> pd.DataFrame:
    """school_id, subject, teachers: each school's latest count up to ``year``."""
    stmt = (
        select(
            SubjectTeachers.school_id,
            SubjectTeachers.subject,
            SubjectTeachers.year,
            SubjectTeachers.teachers,
        )
        .join(School, School.id == SubjectTeachers.school_id)
        .where(schools_in_region(system), SubjectTeachers.year <= year)
    )
    with database.read() as conn:
        frame = database.frame(conn, stmt)
    latest = frame.sort_values("year").drop_duplicates(["school_id", "subject"], keep="last")
    return latest[["school_id", "subject", "teachers"]].reset_index(drop=True)


def requests(system: Scope, year: int) -> pd.DataFrame:
    stmt = (
        select(
            PdRequest.id,
            PdRequest.school_id,
            PdRequest.municipality_id,
            PdRequest.subject,
            PdRequest.skill_code,
            PdRequest.teachers,
            PdRequest.status,
        )
        .join(Municipality, Municipality.id == PdRequest.municipality_id)
        .where(region_filter(system), PdRequest.year == year)
        .order_by(PdRequest.id)
    )
    with database.read() as conn:
        return database.frame(conn, stmt)


def completions(system: Scope) -> pd.DataFrame:
    stmt = (
        select(PdCompletion.school_id, PdCompletion.programme_id, PdCompletion.year)
        .join(School, School.id == PdCompletion.school_id)
        .where(schools_in_region(system))
    )
    with database.read() as conn:
        return database.frame(conn, stmt)


def own(scope: Scope, frame: pd.DataFrame) -> pd.DataFrame:
    """Rows of the caller's own schools (admin, region: all; viewers: OutOfScope)."""
    if scope.role in {"admin", "region"}:
        return frame
    if scope.role == "municipality" and scope.municipality_id is not None:
        return frame[frame["municipality_id"].eq(scope.municipality_id).fillna(False)]
    if scope.role == "school" and scope.school_id is not None:
        return frame[frame["school_id"].eq(scope.school_id).fillna(False)]
    raise OutOfScope("pd_needs", scope.login)
