"""Issue 23: a voluntary diagnostic work's results are read on /voluntary only.

On a private demo (SQLite, and PostgreSQL when configured) every public read of the other
pages is taken for a region head, a district head, a director and a viewer; then a voluntary
work is added as an import would add it (a procedure of kind «voluntary» with the subject,
grade and year of a real ВПР and that ВПР's skills, tasks, school, skill and pupil results,
pupil summaries, the latest date of all) for schools of both municipalities, the director's
among them, and the import-time results are computed again. Every read answers exactly what it
answered before (so no region mean, norm, ranking, finding, objectivity sign or KPI fact
moved), nothing names the work, and asking for it by kind, code or id answers exactly as
asking for an unknown one.
"""

from __future__ import annotations

import datetime as dt
import json
import math

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import insert, select

from dashboard.demo.scales import Scale
from dashboard.models import (
    VOLUNTARY_KIND,
    Municipality,
    Procedure,
    ProcedureTask,
    PupilResult,
    School,
    SchoolResult,
    SkillResult,
)
from data_access import (
    data_date,
    database,
    decision_matrix,
    effectiveness,
    expert_kpis,
    findings,
    objectivity,
    overview,
    pd_order,
    precompute,
    procedures,
    procedures_detail,
    rankings,
    school_profile,
    schools,
    summaries,
)
from data_access.scope import OutOfScope, Scope
from tests.private_db import private_demo

SCALE = Scale("hide", regions=1, municipalities=2, schools=24, experts=10, years=(2022, 2023))
CODE = "VOL-HIDE-2023"
TODAY = dt.date(2024, 3, 1)
UNKNOWN_KIND = "nosuchkind"
UNKNOWN_CODE = "NO-SUCH-CODE"
UNKNOWN_ID = 987654


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def engine(request, tmp_path_factory):
    folder = tmp_path_factory.mktemp("hide")
    with private_demo(request.param, folder, "hide", SCALE, seed=23) as engine:
        yield engine


def _people(engine) -> dict[str, Scope]:
    """A region head, a district head, a director (in that district) and a viewer."""
    with engine.connect() as conn:
        region_id, muni = conn.execute(
            select(Municipality.region_id, Municipality.id).order_by(Municipality.id)
        ).first()
        school = conn.execute(
            select(School.id)
            .where(School.municipality_id == muni, School.kind != "preschool")
            .order_by(School.id)
        ).scalar()
    return {
        "region": Scope("h-region", "region", region_id),
        "municipality": Scope("h-district", "municipality", region_id, muni),
        "school": Scope("h-director", "school", region_id, muni, school),
        "viewer": Scope("h-viewer", "viewer", region_id),
    }


def twin_procedure(engine) -> dict:
    """The latest ВПР with pupil rows: the voluntary work copies its subject, grade, year."""
    with engine.connect() as conn:
        row = conn.execute(
            select(
                Procedure.id,
                Procedure.code,
                Procedure.subject,
                Procedure.grade,
                Procedure.year,
                Procedure.max_score,
            )
            .where(Procedure.kind == "vpr", Procedure.id.in_(select(PupilResult.procedure_id)))
            .order_by(Procedure.year.desc(), Procedure.subject, Procedure.grade)
        ).first()
        tasks = conn.execute(
            select(
                ProcedureTask.task_number,
                ProcedureTask.max_points,
                ProcedureTask.skill_code,
                ProcedureTask.skill_name,
            )
            .where(ProcedureTask.procedure_id == row.id)
            .order_by(ProcedureTask.task_number)
        ).all()
    return {
        "id": row.id,
        "code": row.code,
        "subject": row.subject,
        "grade": row.grade,
        "year": row.year,
        "max_score": row.max_score,
        "tasks": tasks,
    }


def add_voluntary_work(engine, twin: dict, people: dict[str, Scope]) -> int:
    """The work's rows as an import writes them (and its summaries); returns its id."""
    with engine.connect() as conn:
        by_municipality = conn.execute(
            select(School.id, School.municipality_id)
            .where(School.kind != "preschool")
            .order_by(School.municipality_id, School.id)
        ).all()
    chosen: list[int] = [people["school"].school_id]
    for muni in sorted({m for _, m in by_municipality}):
        chosen += [s for s, m in by_municipality if m == muni and s not in chosen][:3]
    max_score = float(sum(t.max_points for t in twin["tasks"]))
    with database.write() as conn:
        work_id = conn.execute(
            insert(Procedure)
            .values(
                code=CODE,
                kind=VOLUNTARY_KIND,
                subject=twin["subject"],
                grade=twin["grade"],
                year=twin["year"],
                held_on=dt.date(twin["year"] + 1, 5, 20),  # the newest of all
                results_loaded_at=dt.datetime(twin["year"] + 1, 6, 1, tzinfo=dt.UTC),
                max_score=max_score,
                threshold_3=max_score * 0.3,
                threshold_4=max_score * 0.6,
                threshold_5=max_score * 0.85,
                community_content=True,
            )
            .returning(Procedure.id)
        ).scalar_one()
        conn.execute(
            insert(ProcedureTask),
            [
                {
                    "procedure_id": work_id,
                    "task_number": t.task_number,
                    "max_points": t.max_points,
                    "skill_code": t.skill_code,
                    "skill_name": t.skill_name,
                }
                for t in twin["tasks"]
            ],
        )
        pupils, schools_rows, skills = [], [], []
        for n, school_id in enumerate(chosen):
            count = 25
            schools_rows.append(
                {
                    "procedure_id": work_id,
                    "school_id": school_id,
                    "participants": count,
                    "mean_score": max_score * 0.97,
                    "mean_percent": 97.0 - n,
                    "marks_2": 0,
                    "marks_3": 1,
                    "marks_4": 4,
                    "marks_5": count - 5,
                }
            )
            skills += [
                {
                    "procedure_id": work_id,
                    "school_id": school_id,
                    "task_number": t.task_number,
                    "mean_percent": 5.0 + n,  # a deep «weak skill», were it read
                }
                for t in twin["tasks"]
            ]
            for p in range(count):
                score = max_score if p % 2 else max_score - 1
                pupils.append(
                    {
                        "procedure_id": work_id,
                        "school_id": school_id,
                        "participant_code": f"VOLH-{school_id}-{p}",
                        "primary_score": score,
                        "mark": 5,
                        "journal_mark": 2,  # a glaring disagreement, were it read
                        "task_points": ";".join(str(t.max_points) for t in twin["tasks"]),
                    }
                )
        conn.execute(insert(SchoolResult), schools_rows)
        conn.execute(insert(SkillResult), skills)
        conn.execute(insert(PupilResult), pupils)
        summaries.refresh(conn, [work_id])
    return work_id


# ------------------------------------------------------------------ what the pages read


def _plain(value):
    """A value in comparable, JSON-able terms (frames as columns and rows, NaN as None)."""
    if isinstance(value, pd.DataFrame):
        frame = value.reset_index() if not isinstance(value.index, pd.RangeIndex) else value
        rows = frame.astype(object).where(frame.notna(), None).to_numpy().tolist()
        return {"columns": [str(c) for c in frame.columns], "rows": _plain(rows)}
    if isinstance(value, pd.Series):
        return _plain(value.to_frame())
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
    if isinstance(value, list | tuple | set | frozenset):
        items = [_plain(v) for v in value]
        return sorted(items, key=repr) if isinstance(value, set | frozenset) else items
    if isinstance(value, np.generic):
        return _plain(value.item())
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, float):
        return round(value, 9)
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if value is pd.NA or value is pd.NaT:
        return None
    if hasattr(value, "__dataclass_fields__"):
        return _plain({k: getattr(value, k) for k in value.__dataclass_fields__})
    return value


def _answer(call):
    try:
        return _plain(call())
    except (OutOfScope, ValueError, PermissionError) as error:
        return {"raised": type(error).__name__}


def _reads(scope: Scope, twin: dict, director_school: str) -> dict:
    """Every public read the other pages make, for one reader."""
    subject, grade, year = twin["subject"], twin["grade"], twin["year"]
    kpi_years = expert_kpis.kpi_years(scope)
    ranking = rankings.default_arguments(scope)
    reads = {
        "catalogue": lambda: procedures.procedure_catalogue(scope),
        "school_means": lambda: procedures.school_means(scope, "vpr", subject, grade, [year]),
        "municipality_means": lambda: procedures.municipality_means(
            scope, "vpr", subject, grade, [year]
        ),
        "distribution": lambda: procedures.score_distribution(scope, "vpr", subject, grade, year),
        "tasks": lambda: procedures_detail.task_completion(scope, "vpr", subject, grade, year),
        "skills": lambda: procedures_detail.skill_completion(scope, "vpr", subject, grade, year),
        "pairs": lambda: procedures_detail.cohort_pairs(scope, subject),
        "counts": lambda: overview.overview_counts(scope),
        "home_counts": lambda: overview.home_counts(scope),
        "latest": lambda: overview.latest_procedures(scope, 50),
        "choices": lambda: overview.procedure_choices(scope),
        "by_municipality": lambda: overview.results_by_municipality(
            scope, "vpr", subject, grade, year
        ),
        "region_result": lambda: overview.region_result(scope, "vpr", subject, grade, year),
        "school_list": lambda: schools.school_list(scope),
        "profile_results": lambda: school_profile.school_results(scope, director_school),
        "profile_flags": lambda: school_profile.school_flag_state(scope, director_school),
        "weak_skills": lambda: school_profile.weak_skills(scope, director_school, year),
        "context": lambda: school_profile.context_comparison(scope, director_school),
        "ranking_default": lambda: ranking,
        "ranking": lambda: rankings.school_rankings(scope, **_ranking_args(ranking)),
        "ranking_summary": lambda: rankings.municipality_summary(scope, **_ranking_args(ranking)),
        "objectivity_years": lambda: objectivity.available_years(scope),
        "objectivity_flags": lambda: objectivity.flag_table(scope, year),
        "objectivity_counts": lambda: objectivity.flag_counts(scope, year),
        "objectivity_procedures": lambda: objectivity.school_procedures(
            scope, director_school, year
        ),
        "objectivity_agreement": lambda: objectivity.agreement_matrix(scope, director_school, year),
        "objectivity_twin": lambda: objectivity.score_distribution(
            scope, director_school, twin["id"]
        ),
        "finding_years": lambda: findings.finding_years(scope),
        "findings": lambda: findings.findings(scope, year, TODAY),
        "finding_counts": lambda: findings.finding_counts(scope, year),
        "criteria": lambda: effectiveness.criteria(scope, TODAY),
        "matrix_details": lambda: decision_matrix.detail_choices(scope),
        "pd_years": lambda: pd_order.plan_years(scope),
        "pd_needs": lambda: pd_order.needs(scope, year),
        "pd_gaps": lambda: pd_order.programme_gaps(scope, year),
        "pd_plan": lambda: pd_order.plan(scope, year),
        "kpi_years": lambda: kpi_years,
        "kpi_table": lambda: expert_kpis.kpi_table(scope, kpi_years, TODAY),
        "kpi_coverage": lambda: expert_kpis.coverage(scope, TODAY),
        "data_date": lambda: data_date.data_date(scope),
    }
    return {name: _answer(call) for name, call in reads.items()}


def _ranking_args(args: dict | None) -> dict:
    if args is None:
        return {
            "kind": "vpr",
            "subject": rankings.ALL,
            "grade": 0,
            "year": 0,
            "covariates": [],
            "level": "school",
        }
    return {k: args[k] for k in ("kind", "subject", "grade", "year", "covariates", "level")}


def _asked_by_name(scope: Scope, twin: dict, kind: str, code: str, procedure_id: int, school):
    """The reads that take a kind, a code or an id from the request, asked for `kind`/`code`/
    `procedure_id` (the voluntary work's, or unknown ones: both must answer alike)."""
    subject, grade, year = twin["subject"], twin["grade"], twin["year"]
    reads = {
        "chosen": lambda: procedures.chosen_procedures(scope, kind, subject, grade, [year]),
        "school_means": lambda: procedures.school_means(scope, kind, subject, grade, [year]),
        "municipality_means": lambda: procedures.municipality_means(
            scope, kind, subject, grade, [year]
        ),
        "distribution": lambda: procedures.score_distribution(scope, kind, subject, grade, year),
        "tasks": lambda: procedures_detail.task_completion(scope, kind, subject, grade, year),
        "skills": lambda: procedures_detail.skill_completion(scope, kind, subject, grade, year),
        "pair": lambda: procedures_detail.pair_results(scope, code, twin["code"]),
        "pair_back": lambda: procedures_detail.pair_results(scope, twin["code"], code),
        "by_municipality": lambda: overview.results_by_municipality(
            scope, kind, subject, grade, year
        ),
        "region_result": lambda: overview.region_result(scope, kind, subject, grade, year),
        "ranking": lambda: rankings.school_rankings(
            scope, kind, rankings.ALL, 0, year, [], "school"
        ),
        "ranking_subject": lambda: rankings.school_rankings(
            scope, kind, subject, grade, year, [], "pupil"
        ),
        "ranking_summary": lambda: rankings.municipality_summary(
            scope, kind, subject, grade, year, [], "school"
        ),
        "objectivity_distribution": lambda: objectivity.score_distribution(
            scope, school, procedure_id
        ),
    }
    out = {name: _answer(call) for name, call in reads.items()}
    for name in ("ranking", "ranking_subject"):  # the answer repeats the arguments asked
        if isinstance(out[name], dict) and "args" in out[name]:
            out[name]["args"]["kind"] = "?"
    return out


def _mentions(answers: dict, work_id: int) -> list[str]:
    """Reads whose answer names the work: its code or kind anywhere, its id as a procedure."""
    found = []
    for name, answer in answers.items():
        text = json.dumps(answer, ensure_ascii=False, default=str)
        if CODE in text or VOLUNTARY_KIND in text:
            found.append(name)
        elif _has_procedure_id(answer, work_id):
            found.append(name)
    return found


def _has_procedure_id(value, work_id: int) -> bool:
    if isinstance(value, dict) and "columns" in value and "rows" in value:
        where = [
            i
            for i, c in enumerate(value["columns"])
            if c in {"procedure_id", "id", "procedure_a", "procedure_b"}
        ]
        return any(row[i] == work_id for row in value["rows"] for i in where)
    if isinstance(value, dict):
        return any(_has_procedure_id(v, work_id) for v in value.values())
    if isinstance(value, list):
        return any(_has_procedure_id(v, work_id) for v in value)
    return False


def _refresh() -> None:
    """What follows an import: the import-time results again, and a new data version."""
    precompute.refresh()


def test_voluntary_work_changes_no_read_of_the_other_pages(engine):
    people = _people(engine)
    twin = twin_procedure(engine)
    with engine.connect() as conn:
        director_school = conn.execute(
            select(School.school_code).where(School.id == people["school"].school_id)
        ).scalar_one()
    _refresh()
    before = {role: _reads(scope, twin, director_school) for role, scope in people.items()}
    # the reads answer something: the comparison below is not between empty answers
    region = before["region"]
    assert region["catalogue"]["rows"] and region["latest"]["rows"]
    assert region["school_means"]["rows"] and region["profile_results"]["rows"]
    assert region["ranking"].get("table", {}).get("rows"), region["ranking"].get("empty")
    assert region["kpi_years"] and region["objectivity_years"]

    work_id = add_voluntary_work(engine, twin, people)
    _refresh()
    after = {role: _reads(scope, twin, director_school) for role, scope in people.items()}

    for role in people:
        changed = [name for name in before[role] if before[role][name] != after[role][name]]
        assert not changed, (role, " ".join(changed))
        assert not _mentions(after[role], work_id), role


def test_asking_for_the_voluntary_work_answers_as_for_an_unknown_one(engine):
    people = _people(engine)
    twin = twin_procedure(engine)
    with engine.connect() as conn:
        work_id = conn.execute(select(Procedure.id).where(Procedure.code == CODE)).scalar()
        director_school = conn.execute(
            select(School.school_code).where(School.id == people["school"].school_id)
        ).scalar_one()
    if work_id is None:  # run alone: add the work first
        work_id = add_voluntary_work(engine, twin, people)
    _refresh()
    for role, scope in people.items():
        asked = _asked_by_name(scope, twin, VOLUNTARY_KIND, CODE, work_id, director_school)
        unknown = _asked_by_name(
            scope, twin, UNKNOWN_KIND, UNKNOWN_CODE, UNKNOWN_ID, director_school
        )
        differing = [name for name in asked if asked[name] != unknown[name]]
        assert not differing, (role, differing, {n: asked[n] for n in differing})
        assert not _mentions(asked, work_id), role
    # the director's own school is among the participants, and still sees nothing of it here
    director = people["school"]
    own = school_profile.school_results(director, director_school)
    assert work_id not in set(own["procedure_id"])
    with pytest.raises(OutOfScope):
        objectivity.score_distribution(director, director_school, work_id)
