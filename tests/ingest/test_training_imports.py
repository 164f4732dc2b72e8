"""The PD import kinds: `subject-teachers`, `pd-completions` and the programme base's format
and dates in `pd-programmes` — all-or-nothing with the bad row's file line and column, on a
private database."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from dashboard.ingest import parse
from dashboard.models import PdCompletion, PdProgramme, SubjectTeachers
from data_access import database, imports
from tests.data_access.training_fixtures import private_db

imports_db = private_db("pdimports")


@pytest.fixture
def place(imports_db):
    engine, found = imports_db
    with database.bind(engine):
        yield found


def _count(model) -> int:
    with database.read() as conn:
        return conn.execute(select(func.count()).select_from(model)).scalar_one()


def _run(place, kind: str, text: str):
    parsed = parse(kind, text.encode("utf-8"), f"{kind}.csv")
    return parsed, imports.run_import(place.scopes["admin"], parsed)


def test_subject_teachers_with_russian_headers_and_an_unknown_school_imports_nothing(place):
    before = _count(SubjectTeachers)
    text = (
        "Код ОО;Год;Предмет;Число учителей\n"
        "A1;2025;математика;4\n"
        "NOPE;2025;математика;2\n"
        "B1;2025;русский язык;3\n"
    )
    _parsed, result = _run(place, "subject-teachers", text)
    assert result.outcome == "rejected"
    assert [(e.line, e.column) for e in result.errors] == [(3, "school_code")]
    assert "NOPE" in result.errors[0].message
    assert _count(SubjectTeachers) == before
    fixed = text.replace("NOPE", "A2")
    _parsed, result = _run(place, "subject-teachers", fixed)
    assert (result.outcome, result.inserted, result.updated) == ("success", 3, 0)
    _parsed, again = _run(place, "subject-teachers", fixed)
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 3)


def test_a_bad_value_is_reported_by_line_and_column_before_any_write(place):
    before = _count(SubjectTeachers)
    parsed, result = _run(
        place, "subject-teachers", "school_code;year;subject;teachers\nA1;2026;история;много\n"
    )
    assert not parsed.ok and [(e.line, e.column) for e in parsed.errors] == [(2, "teachers")]
    assert result.outcome == "rejected" and _count(SubjectTeachers) == before


def test_completions_name_an_unknown_programme_and_import_nothing(place):
    text = "Код ОО;Код программы;Год;Число обученных учителей\nA1;PD-1;2024;2\nA2;PD-404;2024;1\n"
    _parsed, result = _run(place, "pd-completions", text)
    assert [(e.line, e.column) for e in result.errors] == [(3, "programme_code")]
    assert _count(PdCompletion) == 0
    _parsed, result = _run(place, "pd-completions", text.replace("PD-404", "PD-1"))
    assert (result.outcome, result.inserted) == ("success", 2)
    with database.read() as conn:
        rows = conn.execute(
            select(PdCompletion.school_id, PdCompletion.teachers).order_by(PdCompletion.school_id)
        ).all()
    assert [tuple(r) for r in rows] == [(place.schools["A1"], 2), (place.schools["A2"], 1)]


def test_programmes_take_format_and_dates_keep_them_when_empty_and_name_the_importer(place):
    header = "programme_code;title;provider;subject;skill_codes;hours"
    row = "PD-9;Чтение;ИРО;русский язык;R1;24"
    _parsed, result = _run(
        place,
        "pd-programmes",
        f"{header};Форма обучения;Дата начала;Дата окончания\n{row};очно-дистанционная;"
        "01.02.2025;2025-03-01\n",
    )
    assert (result.outcome, result.inserted) == ("success", 1)
    _parsed, result = _run(place, "pd-programmes", f"{header}\n{row.replace('24', '36')}\n")
    assert (result.outcome, result.updated) == ("success", 1)
    with database.read() as conn:
        stored = conn.execute(
            select(
                PdProgramme.format,
                PdProgramme.starts_on,
                PdProgramme.ends_on,
                PdProgramme.hours,
                PdProgramme.updated_by,
            ).where(PdProgramme.programme_code == "PD-9")
        ).one()
    assert tuple(stored) == (
        "blended",
        dt.date(2025, 2, 1),
        dt.date(2025, 3, 1),
        36,
        place.scopes["admin"].login,
    )


def test_a_programme_ending_before_it_starts_is_an_error_on_its_row(place):
    before = _count(PdProgramme)
    text = (
        "programme_code;title;provider;subject;skill_codes;hours;starts_on;ends_on\n"
        "PD-10;А;ИРО;математика;S1;10;01.03.2025;01.04.2025\n"
        "PD-11;Б;ИРО;математика;S1;10;01.03.2025;01.02.2025\n"
    )
    _parsed, result = _run(place, "pd-programmes", text)
    assert result.outcome == "rejected"
    assert [(e.line, e.column) for e in result.errors] == [(3, "ends_on")]
    assert _count(PdProgramme) == before
