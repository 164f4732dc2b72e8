"""A small private database for the PD plan-order tests (SQLite and PostgreSQL), so their
writes never touch the shared demo the other tests read.

One region, municipalities A (schools A1, A2) and B (B1, B2); one ВПР in mathematics, grade 4,
2024, 50 participants at every school, two skills of one task each:

* S1: A1 30 %, the others 80 % → region (30·50 + 80·150) / 200 = 67.5; A1's gap −37.5 with
  SE √(0.3·0.7/50 + 0.675·0.325/200)·100 ≈ 7.27, z ≈ −5.2: a need of A1.
* S2: B1 40 %, the others 85 % → region 73.75; B1's gap −33.75: a need of B1.

The programme PD-1 (mathematics, S1, 36 hours) answers A1's need; no programme covers S2 (a
gap). Teachers of mathematics: A1 4 in 2023 and 3 in 2024, A2 6, B1 5 (2024).
"""

from __future__ import annotations

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
    SubjectTeachers,
)
from data_access.scope import Scope
from tests.private_db import filled_db

MATH = "математика"
PERCENTS = {  # school code -> (S1, S2)
    "A1": (30.0, 85.0),
    "A2": (80.0, 85.0),
    "B1": (80.0, 40.0),
    "B2": (80.0, 85.0),
}


@dataclass(frozen=True)
class Place:
    region: int
    muni_a: int
    muni_b: int
    schools: dict[str, int]
    programme: int
    scopes: dict[str, Scope]


def fill(engine) -> Place:
    with engine.begin() as conn:

        def add(model, **values) -> int:
            return conn.execute(insert(model).values(**values)).inserted_primary_key[0]

        region = add(Region, code="pd-r", name="R")
        muni_a = add(Municipality, code="PA", name="Район А", region_id=region)
        muni_b = add(Municipality, code="PB", name="Район Б", region_id=region)
        schools = {
            code: add(School, school_code=code, name=f"Школа {code}", kind="school",
                      locality="urban", municipality_id=muni_a if code[0] == "A" else muni_b)
            for code in PERCENTS
        }  # fmt: skip
        vpr = add(Procedure, code="vpr-2024-M4", kind="vpr", subject=MATH, grade=4, year=2024,
                  max_score=2)  # fmt: skip
        for task, skill in ((1, "S1"), (2, "S2")):
            conn.execute(
                insert(ProcedureTask).values(
                    procedure_id=vpr, task_number=task, max_points=1, skill_code=skill,
                    skill_name=f"Умение {skill}",
                )
            )  # fmt: skip
        for code, (s1, s2) in PERCENTS.items():
            sid = schools[code]
            add(SchoolResult, procedure_id=vpr, school_id=sid, participants=50,
                mean_percent=(s1 + s2) / 2)  # fmt: skip
            for task, percent in ((1, s1), (2, s2)):
                add(SkillResult, procedure_id=vpr, school_id=sid, task_number=task,
                    mean_percent=percent)  # fmt: skip
        for code, year, teachers in (("A1", 2023, 4), ("A1", 2024, 3), ("A2", 2024, 6),
                                     ("B1", 2024, 5)):  # fmt: skip
            add(SubjectTeachers, school_id=schools[code], year=year, subject=MATH,
                teachers=teachers)  # fmt: skip
        programme = add(PdProgramme, programme_code="PD-1", title="Проценты", provider="ИРО",
                        subject=MATH, skill_codes="S1", hours=36)  # fmt: skip
    scopes = {
        "admin": Scope(login="p-admin", role="admin"),
        "region": Scope(login="p-region", role="region", region_id=region),
        "municipality": Scope(
            login="p-muni-a", role="municipality", region_id=region, municipality_id=muni_a
        ),
        "municipality_b": Scope(
            login="p-muni-b", role="municipality", region_id=region, municipality_id=muni_b
        ),
        "school": Scope(login="p-director-a1", role="school", region_id=region,
                        municipality_id=muni_a, school_id=schools["A1"]),
        "school_a2": Scope(login="p-director-a2", role="school", region_id=region,
                           municipality_id=muni_a, school_id=schools["A2"]),
        "viewer": Scope(login="p-viewer", role="viewer", region_id=region),
    }  # fmt: skip
    return Place(region, muni_a, muni_b, schools, programme, scopes)


def private_db(name: str):
    """A module-scoped fixture: (engine, Place) of a private database per backend."""
    return filled_db(name, fill)
