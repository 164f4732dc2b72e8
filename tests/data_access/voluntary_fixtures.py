"""A small private database for the voluntary diagnostics tests (SQLite and PostgreSQL).

One region, municipalities A (schools A1, A2, A3) and B (B1, B2, B3). Work VD-1 (mathematics,
grade 6, held 2025-04-10, registration until 2025-03-20) has results, as the procedure of kind
«voluntary» with code VD-1: three tasks, skills K1 (tasks 1 and 2, 1 and 3 points) and K2
(task 3, 2 points), at A1, A2, B1 and B2 (registered); A3 registered too but has no results.
A1 is weak on K1. Work VD-2 (Russian language, grade 7) is open for registration until
2025-05-01 and held 2025-05-20. The programme PD-K1 covers K1.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import insert

from dashboard.models import (
    Municipality,
    PdProgramme,
    Procedure,
    ProcedureTask,
    Region,
    School,
    SchoolResult,
    SkillResult,
    VoluntaryRegistration,
    VoluntaryWork,
)
from data_access.scope import Scope
from tests.private_db import filled_db

MATH = "математика"
RUSSIAN = "русский язык"
TASKS = ((1, "K1", 1.0), (2, "K1", 3.0), (3, "K2", 2.0))
#: school -> (participants, percent of task 1, 2, 3)
RESULTS = {
    "A1": (24, (40.0, 30.0, 70.0)),
    "A2": (30, (85.0, 80.0, 75.0)),
    "B1": (18, (90.0, 70.0, 60.0)),
    "B2": (40, (75.0, 82.0, 66.0)),
}
HELD = dt.date(2025, 4, 10)
DEADLINE = dt.date(2025, 3, 20)
OPEN_HELD = dt.date(2025, 5, 20)
OPEN_DEADLINE = dt.date(2025, 5, 1)


@dataclass(frozen=True)
class Place:
    region: int
    muni_a: int
    muni_b: int
    schools: dict[str, int]
    procedure: int
    scopes: dict[str, Scope]


def _work(code: str, subject: str, grade: int, held: dt.date, deadline: dt.date) -> dict:
    return {
        "work_code": code,
        "title": f"Диагностика {code}",
        "subject": subject,
        "grade": grade,
        "skill_codes": "K1;K2",
        "form": "paper",
        "held_on": held,
        "registration_deadline": deadline,
        "organiser": "РЦОКО",
        "objectivity_measures": "Независимые наблюдатели",
    }


def fill(engine) -> Place:
    at = dt.datetime(2025, 3, 1, tzinfo=dt.UTC)
    with engine.begin() as conn:

        def add(model, **values) -> int:
            return conn.execute(insert(model).values(**values)).inserted_primary_key[0]

        region = add(Region, code="vd-r", name="R")
        munis = {
            "A": add(Municipality, code="VA", name="Район А", region_id=region),
            "B": add(Municipality, code="VB", name="Район Б", region_id=region),
        }
        schools = {
            code: add(School, school_code=code, name=f"Школа {code}", kind="school",
                      locality="urban", municipality_id=munis[code[0]])
            for code in ("A1", "A2", "A3", "B1", "B2", "B3")
        }  # fmt: skip
        work = add(VoluntaryWork, **_work("VD-1", MATH, 6, HELD, DEADLINE))
        add(VoluntaryWork, **_work("VD-2", RUSSIAN, 7, OPEN_HELD, OPEN_DEADLINE))
        procedure = add(Procedure, code="VD-1", kind="voluntary", subject=MATH, grade=6,
                        year=2025, held_on=HELD, max_score=6)  # fmt: skip
        for task, skill, points in TASKS:
            conn.execute(
                insert(ProcedureTask).values(
                    procedure_id=procedure, task_number=task, max_points=points,
                    skill_code=skill, skill_name=f"Умение {skill}",
                )
            )  # fmt: skip
        for code in ("A1", "A2", "A3", "B1", "B2"):
            add(VoluntaryRegistration, work_id=work, school_id=schools[code],
                municipality_id=munis[code[0]], classes="6А", pupils=25, status="registered",
                registered_by=f"director-{code}", registered_at=at)  # fmt: skip
        for code, (n, percents) in RESULTS.items():
            points = [p / 100 * m for p, (_, _, m) in zip(percents, TASKS, strict=True)]
            conn.execute(
                insert(SchoolResult).values(
                    procedure_id=procedure, school_id=schools[code], participants=n,
                    mean_percent=sum(points) / 6 * 100,
                )
            )  # fmt: skip
            for (task, _, _), percent in zip(TASKS, percents, strict=True):
                add(SkillResult, procedure_id=procedure, school_id=schools[code],
                    task_number=task, mean_percent=percent)  # fmt: skip
        add(PdProgramme, programme_code="PD-K1", title="Дроби", provider="ИРО", subject=MATH,
            skill_codes="K1", hours=36)  # fmt: skip

    def director(code: str) -> Scope:
        return Scope(login=f"director-{code}", role="school", region_id=region,
                     municipality_id=munis[code[0]], school_id=schools[code])  # fmt: skip

    scopes = {
        "admin": Scope(login="v-admin", role="admin"),
        "region": Scope(login="v-region", role="region", region_id=region),
        "municipality": Scope(
            login="v-muni-a", role="municipality", region_id=region, municipality_id=munis["A"]
        ),
        "municipality_b": Scope(
            login="v-muni-b", role="municipality", region_id=region, municipality_id=munis["B"]
        ),
        "viewer": Scope(login="v-viewer", role="viewer", region_id=region),
        **{f"school_{code.lower()}": director(code) for code in schools},
    }
    return Place(region, munis["A"], munis["B"], schools, procedure, scopes)


def private_db(name: str):
    """A module-scoped fixture: (engine, Place) of a private database per backend."""
    return filled_db(name, fill)
