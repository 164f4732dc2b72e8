"""`/procedures` detail: task and skill completion, and the same cohort in two procedures.

Same visibility rules as data_access.procedures: scope first, others' schools anonymised,
viewers get municipality aggregates only, small groups suppressed.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import func, select

from dashboard.analytics import cohorts
from dashboard.models import (
    Municipality,
    Procedure,
    ProcedureTask,
    PupilResult,
    School,
    SchoolResult,
    SkillResult,
)
from data_access import cache, database
from data_access.procedures import (
    chosen_procedures,
    label_schools,
    municipality_id_of,
    procedure_catalogue,
)
from data_access.scope import Scope
from data_access.suppression import hidden_results, suppress_cells
from data_access.visibility import schools_in_region

TASK_COLUMNS = [
    "key",
    "label",
    "named",
    "own",
    "school_code",
    "municipality",
    "task_number",
    "skill_code",
    "skill_name",
    "percent",
]
SKILL_COLUMNS = [
    "municipality_code",
    "municipality",
    "skill_code",
    "skill_name",
    "participants",
    "percent",
]
PAIR_COLUMNS = [
    "key",
    "label",
    "named",
    "own",
    "school_code",
    "municipality",
    "participants_a",
    "x",
    "participants_b",
    "y",
    "sd_a",
    "sd_b",
]


def task_completion(
    scope: Scope,
    kind: str,
    subject: str,
    grade: int,
    year: int,
    municipality_code: str | None = None,
) -> pd.DataFrame:
    """Per school and task: mean percent completed. Schools whose results are hidden (under
    OKO_MIN_CELL, or complementary: data_access.suppression) are left out."""
    chosen = chosen_procedures(scope, kind, subject, grade, [year])
    if scope.aggregates_only or chosen.empty:
        return pd.DataFrame(columns=TASK_COLUMNS)
    procedure_id = int(chosen["id"].iloc[0])
    muni = municipality_id_of(scope, municipality_code)

    def compute() -> pd.DataFrame:
        where = [
            schools_in_region(scope),
            SkillResult.procedure_id == procedure_id,
        ]
        if muni is not None:
            where.append(School.municipality_id == muni)
        stmt = (
            select(
                School.id.label("school_id"),
                School.school_code,
                School.name,
                School.municipality_id,
                Municipality.name.label("municipality"),
                SkillResult.task_number,
                ProcedureTask.skill_code,
                ProcedureTask.skill_name,
                SkillResult.mean_percent.label("percent"),
            )
            .join(School, School.id == SkillResult.school_id)
            .join(Municipality, Municipality.id == School.municipality_id)
            .join(
                SchoolResult,
                (SchoolResult.procedure_id == SkillResult.procedure_id)
                & (SchoolResult.school_id == SkillResult.school_id),
            )
            .join(
                ProcedureTask,
                (ProcedureTask.procedure_id == SkillResult.procedure_id)
                & (ProcedureTask.task_number == SkillResult.task_number),
            )
            .where(*where)
        )
        with database.read() as conn:
            frame = database.frame(conn, stmt)
        hidden = hidden_results(scope, [procedure_id]).school_mask(
            frame.assign(procedure_id=procedure_id)
        )
        frame = frame[~hidden]
        if frame.empty:
            return pd.DataFrame(columns=TASK_COLUMNS)
        return (
            label_schools(scope, frame)[TASK_COLUMNS]
            .sort_values(["label", "task_number"])
            .reset_index(drop=True)
        )

    return cache.cached(scope, "procedure_tasks", {"p": procedure_id, "m": muni}, compute)


def skill_completion(scope: Scope, kind: str, subject: str, grade: int, year: int) -> pd.DataFrame:
    """Per municipality and skill: percent completed, weighted by participants and task points."""
    chosen = chosen_procedures(scope, kind, subject, grade, [year])
    if chosen.empty:
        return pd.DataFrame(columns=SKILL_COLUMNS)
    procedure_id = int(chosen["id"].iloc[0])

    def compute() -> pd.DataFrame:
        weight = SchoolResult.participants * ProcedureTask.max_points
        pupils = (
            select(
                School.municipality_id, func.sum(SchoolResult.participants).label("participants")
            )
            .join(School, School.id == SchoolResult.school_id)
            .where(schools_in_region(scope), SchoolResult.procedure_id == procedure_id)
            .group_by(School.municipality_id)
            .subquery()
        )
        stmt = (
            select(
                Municipality.id.label("municipality_id"),
                Municipality.code.label("municipality_code"),
                Municipality.name.label("municipality"),
                ProcedureTask.skill_code,
                func.min(ProcedureTask.skill_name).label("skill_name"),
                func.max(pupils.c.participants).label("participants"),
                (
                    func.sum(SkillResult.mean_percent * weight) / func.nullif(func.sum(weight), 0)
                ).label("percent"),
            )
            .join(School, School.id == SkillResult.school_id)
            .join(Municipality, Municipality.id == School.municipality_id)
            .join(pupils, pupils.c.municipality_id == School.municipality_id)
            .join(
                SchoolResult,
                (SchoolResult.procedure_id == SkillResult.procedure_id)
                & (SchoolResult.school_id == SkillResult.school_id),
            )
            .join(
                ProcedureTask,
                (ProcedureTask.procedure_id == SkillResult.procedure_id)
                & (ProcedureTask.task_number == SkillResult.task_number),
            )
            .where(schools_in_region(scope), SkillResult.procedure_id == procedure_id)
            .group_by(
                Municipality.id, Municipality.code, Municipality.name, ProcedureTask.skill_code
            )
        )
        with database.read() as conn:
            frame = database.frame(conn, stmt, ["municipality_id", *SKILL_COLUMNS])
        hidden = hidden_results(scope, [procedure_id]).municipality_mask(
            frame.assign(procedure_id=procedure_id)
        )
        frame = suppress_cells(frame, hidden, value_columns=("percent",))
        return (
            frame[SKILL_COLUMNS].sort_values(["municipality", "skill_code"]).reset_index(drop=True)
        )

    return cache.cached(scope, "procedure_skills", procedure_id, compute)


def cohort_pairs(scope: Scope, subject: str) -> pd.DataFrame:
    """Pairs of procedures written by the same cohort in this subject (codes, years, label)."""
    catalogue = procedure_catalogue(scope)
    pairs = cohorts.pair_procedures(catalogue[catalogue["subject"] == subject])
    codes = dict(zip(catalogue["id"], catalogue["code"], strict=True))
    return pairs.assign(
        code_a=pairs["procedure_a"].map(codes), code_b=pairs["procedure_b"].map(codes)
    )


def _pupil_spread(where: list, id_a: int, id_b: int, key: str) -> pd.DataFrame:
    """Per school (key 'school_id') or municipality (key 'key'): the SD of pupils' percent in
    procedure a (sd_a) and b (sd_b), from pupil-level scores; NaN where fewer than two pupils
    were loaded. It gives each point's sampling error on the cohort pair chart."""
    percent = PupilResult.primary_score * 100.0 / func.nullif(Procedure.max_score, 0)
    unit = School.id if key == "school_id" else Municipality.code
    stmt = (
        select(
            PupilResult.procedure_id,
            unit.label(key),
            func.count(percent).label("n"),
            func.sum(percent).label("s1"),
            func.sum(percent * percent).label("s2"),
        )
        .join(Procedure, Procedure.id == PupilResult.procedure_id)
        .join(School, School.id == PupilResult.school_id)
        .join(Municipality, Municipality.id == School.municipality_id)
        .where(*where)
        .group_by(PupilResult.procedure_id, unit)
    )
    with database.read() as conn:
        sums = database.frame(conn, stmt)
    if sums.empty:
        return pd.DataFrame(columns=[key, "sd_a", "sd_b"])
    n = sums["n"].astype("float64")
    variance = (sums["s2"] - sums["s1"] ** 2 / n.where(n > 0)) / (n - 1).where(n > 1)
    sums = sums.assign(sd=variance.clip(lower=0) ** 0.5)
    sums = sums.assign(side=sums["procedure_id"].map({id_a: "sd_a", id_b: "sd_b"}))
    out = sums.pivot(index=key, columns="side", values="sd")
    return out.reset_index().reindex(columns=[key, "sd_a", "sd_b"])


def pair_results(
    scope: Scope,
    code_a: str,
    code_b: str,
    unit: str = "schools",
    municipality_code: str | None = None,
) -> pd.DataFrame:
    """Mean percent of each school (or municipality) in procedure a (x) and b (y), with the
    SD of its pupils' percent in each (sd_a, sd_b; NaN without pupil-level scores).

    Only real cohort pairs are answered. Rows whose result is hidden on either side (under
    OKO_MIN_CELL, or complementary: data_access.suppression) are left out rather than blanked:
    a point needs both coordinates.
    """
    catalogue = procedure_catalogue(scope)
    pair = catalogue[catalogue["code"].isin([code_a, code_b])]
    if pair.empty or code_a == code_b or len(pair) != 2:
        return pd.DataFrame(columns=PAIR_COLUMNS)
    subject = pair["subject"].iloc[0]
    known = cohort_pairs(scope, subject)
    if not ((known["code_a"] == code_a) & (known["code_b"] == code_b)).any():
        return pd.DataFrame(columns=PAIR_COLUMNS)
    ids = dict(zip(catalogue["code"], catalogue["id"], strict=True))
    id_a, id_b = int(ids[code_a]), int(ids[code_b])
    schools = unit != "municipalities" and not scope.aggregates_only
    muni = municipality_id_of(scope, municipality_code) if schools else None

    def compute() -> pd.DataFrame:
        where = [schools_in_region(scope), SchoolResult.procedure_id.in_([id_a, id_b])]
        if muni is not None:
            where.append(School.municipality_id == muni)
        if schools:
            stmt = (
                select(
                    SchoolResult.procedure_id,
                    School.id.label("school_id"),
                    School.school_code,
                    School.name,
                    School.municipality_id,
                    Municipality.name.label("municipality"),
                    SchoolResult.participants,
                    SchoolResult.mean_percent,
                )
                .join(School, School.id == SchoolResult.school_id)
                .join(Municipality, Municipality.id == School.municipality_id)
                .where(*where)
            )
            keys = ["school_id", "school_code", "name", "municipality_id", "municipality"]
        else:
            total = func.sum(SchoolResult.participants)
            stmt = (
                select(
                    SchoolResult.procedure_id,
                    Municipality.id.label("municipality_id"),
                    Municipality.code.label("key"),
                    Municipality.name.label("municipality"),
                    total.label("participants"),
                    (
                        func.sum(SchoolResult.mean_percent * SchoolResult.participants)
                        / func.nullif(total, 0)
                    ).label("mean_percent"),
                )
                .join(School, School.id == SchoolResult.school_id)
                .join(Municipality, Municipality.id == School.municipality_id)
                .where(*where)
                .group_by(
                    SchoolResult.procedure_id, Municipality.id, Municipality.code, Municipality.name
                )
            )
            keys = ["key", "municipality"]
        with database.read() as conn:
            frame = database.frame(conn, stmt)
        if frame.empty:
            return pd.DataFrame(columns=PAIR_COLUMNS)
        plan = hidden_results(scope, [id_a, id_b])
        hidden = plan.school_mask(frame) if schools else plan.municipality_mask(frame)
        frame = frame[~hidden]
        if not schools:
            frame = frame.drop(columns="municipality_id")
        a = frame[frame["procedure_id"] == id_a].rename(
            columns={"participants": "participants_a", "mean_percent": "x"}
        )
        b = frame[frame["procedure_id"] == id_b].rename(
            columns={"participants": "participants_b", "mean_percent": "y"}
        )
        both = a.drop(columns="procedure_id").merge(b.drop(columns="procedure_id"), on=keys)
        both = both.dropna(subset=["x", "y"])
        key = keys[0]
        pupils = [schools_in_region(scope), PupilResult.procedure_id.in_([id_a, id_b])]
        pupils += where[2:]  # the municipality, when one is chosen
        spread = _pupil_spread(pupils, id_a, id_b, key)
        both = both.merge(spread, on=key, how="left")
        if both.empty:
            return pd.DataFrame(columns=PAIR_COLUMNS)
        if schools:
            both = label_schools(scope, both)
        else:
            both = both.assign(label=both["municipality"], named=True, own=False, school_code=None)
        return both[PAIR_COLUMNS].sort_values("label").reset_index(drop=True)

    return cache.cached(
        scope, "procedure_pair", {"a": id_a, "b": id_b, "s": schools, "m": muni}, compute
    )
