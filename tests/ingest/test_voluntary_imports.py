"""A voluntary work's results come in through the existing import kinds, as a procedure of
kind «добровольная диагностика» whose code is the work's: an unknown code, or another subject
or grade than the work's, is an error on its line and nothing is imported."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from dashboard.ingest import parse
from dashboard.models import Procedure, SchoolResult
from data_access import database, imports, voluntary
from tests.data_access.voluntary_fixtures import private_db

imports_db = private_db("vdimports")
HEADER = "Код процедуры;Вид процедуры;Предмет;Класс;Год;Максимальный балл\n"


@pytest.fixture
def place(imports_db):
    engine, found = imports_db
    with database.bind(engine):
        yield found


def _run(place, kind: str, text: str):
    parsed = parse(kind, text.encode("utf-8"), f"{kind}.csv")
    return parsed, imports.run_import(place.scopes["admin"], parsed)


def _procedures() -> int:
    with database.read() as conn:
        return conn.execute(select(func.count()).select_from(Procedure)).scalar_one()


def test_a_voluntary_procedure_must_be_a_catalogue_work_of_its_subject_and_grade(place):
    before = _procedures()
    text = (
        HEADER + "vpr-x;ВПР;математика;5;2025;20\n"
        "VD-404;добровольная диагностика;русский язык;7;2025;30\n"
        "VD-2;добровольная диагностика;русский язык;8;2025;30\n"
    )
    _parsed, result = _run(place, "procedures", text)
    assert result.outcome == "rejected"
    assert [(e.line, e.column) for e in result.errors] == [(3, "procedure_code"), (4, "subject")]
    assert "VD-404" in result.errors[0].message and "7" in result.errors[1].message
    assert _procedures() == before
    fixed = HEADER + "VD-2;добровольная диагностика;русский язык;7;2025;30\n"
    _parsed, result = _run(place, "procedures", fixed)
    assert (result.outcome, result.inserted) == ("success", 1)
    with database.read() as conn:
        kind = conn.execute(select(Procedure.kind).where(Procedure.code == "VD-2")).scalar_one()
    assert kind == "voluntary"


def test_results_imported_for_the_work_reach_the_school_report(place):
    _run(place, "procedures", HEADER + "VD-2;добровольная диагностика;русский язык;7;2025;30\n")
    text = "procedure_code;school_code;participants;mean_score\nVD-2;B1;21;18\nVD-2;B2;26;15\n"
    _parsed, result = _run(place, "results", text)
    assert result.outcome == "success", result.errors
    with database.read() as conn:
        rows = conn.execute(
            select(func.count())
            .select_from(SchoolResult)
            .join(Procedure, Procedure.id == SchoolResult.procedure_id)
            .where(Procedure.code == "VD-2")
        ).scalar_one()
    assert rows == 2
    works = voluntary.works(place.scopes["viewer"]).set_index("work_code")
    assert works.loc["VD-2", "result_schools"] == 2
    summary = voluntary.participants_summary(place.scopes["viewer"], "VD-2")
    assert summary["has_results"] and summary["suppressed"]  # two schools: hidden
