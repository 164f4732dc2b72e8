"""Writing imports on SQLite and PostgreSQL: all-or-nothing, idempotent, admins only."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import delete, func, select

from dashboard.ingest import parse
from dashboard.models import ImportRun, Procedure, PupilResult, School
from data_access import imports, precompute
from data_access.scope import OutOfScope
from data_access.summaries import SUMMARY_TABLES
from tests.ingest.helpers import csv_bytes, xlsx_bytes

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"
CODE = "test-import-pupils"


# Every example file is imported, in the documented order, into a copy of the demo by
# tests/ingest/test_import_changes.py (they refer to one another's new codes).


def test_an_xlsx_example_imports_too(demo_engine, scopes):
    text = (EXAMPLES / "schools.csv").read_text(encoding="utf-8").splitlines()
    table = [line.split(";") for line in text]
    parsed = parse("schools", xlsx_bytes(table, title_rows=2), "schools.xlsx")
    result = imports.run_import(scopes["admin"], parsed, dry_run=True)
    assert result.outcome == "dry_run", [str(e) for e in result.errors]


@pytest.fixture
def own_procedure(demo_engine, scopes):
    """A procedure of this test only, removed afterwards with its pupil results."""
    data = (
        "procedure_code;kind;subject;grade;year;max_score\n"
        f"{CODE};diagnostic;математика;7;2025;20\n"
    )
    assert imports.run_import(scopes["admin"], parse("procedures", data.encode(), "p.csv")).ok
    with demo_engine.connect() as conn:
        schools = list(
            conn.execute(select(School.school_code).order_by(School.school_code).limit(5)).scalars()
        )
    yield schools
    with demo_engine.begin() as conn:
        procedure_id = conn.execute(select(Procedure.id).where(Procedure.code == CODE)).scalar_one()
        for table in (*SUMMARY_TABLES, PupilResult):
            conn.execute(delete(table).where(table.procedure_id == procedure_id))
        conn.execute(delete(Procedure).where(Procedure.id == procedure_id))
    precompute.refresh()  # the stored page results of the data as it was before the test


def _pupils(schools: list[str], n: int) -> list[list]:
    header = [
        "Код процедуры",
        "Код ОО",
        "Код участника",
        "Первичный балл",
        "Отметка",
        "task_1",
        "task_2",
    ]
    rows = [
        [
            CODE,
            schools[i % len(schools)],
            f"T{i:05d}",
            float(i % 20) + 0.5 if i % 3 else float(i % 20),
            2 + i % 4,
            i % 2,
            1,
        ]
        for i in range(n)
    ]
    return [header, *rows]


def _stored(engine) -> int:
    with engine.connect() as conn:
        return conn.execute(
            select(func.count())
            .select_from(PupilResult)
            .join(Procedure, Procedure.id == PupilResult.procedure_id)
            .where(Procedure.code == CODE)
        ).scalar_one()


def test_four_formats_import_to_identical_rows(demo_engine, scopes, own_procedure):
    table = _pupils(own_procedure, 60)
    admin = scopes["admin"]
    first = imports.run_import(
        admin,
        parse(
            "pupil-results",
            csv_bytes(table, delimiter=";", encoding="cp1251", decimal_comma=True),
            "a.csv",
        ),
    )
    assert (first.inserted, first.updated, first.unchanged) == (60, 0, 0)
    others = {
        "b.csv": csv_bytes(table, delimiter=";", encoding="utf-8-sig", decimal_comma=True),
        "c.csv": csv_bytes(table, delimiter=","),
        "d.xlsx": xlsx_bytes(table),
    }
    for name, data in others.items():
        again = imports.run_import(admin, parse("pupil-results", data, name))
        assert (again.inserted, again.updated, again.unchanged) == (0, 0, 60), name


def test_one_bad_value_in_row_500_of_1000_changes_nothing(demo_engine, scopes, own_procedure):
    table = _pupils(own_procedure, 1000)
    table[499][3] = "много"  # file row 500 (row 1 is the header)
    result = imports.run_import(
        scopes["admin"], parse("pupil-results", csv_bytes(table), "bad.csv")
    )
    assert result.outcome == "rejected" and result.error_count == 1
    assert (result.errors[0].line, result.errors[0].column) == (500, "primary_score")
    assert _stored(demo_engine) == 0


def test_one_unknown_school_in_row_500_rolls_back_everything(demo_engine, scopes, own_procedure):
    table = _pupils(own_procedure, 1000)
    table[499][1] = "no-such-school"
    result = imports.run_import(
        scopes["admin"], parse("pupil-results", csv_bytes(table), "bad.csv")
    )
    assert result.outcome == "rejected"
    assert [(e.line, e.column) for e in result.errors] == [(500, "school_code")]
    assert _stored(demo_engine) == 0
    with demo_engine.connect() as conn:
        run = conn.execute(select(ImportRun).where(ImportRun.id == result.run_id)).one()
    assert run.outcome == "rejected" and run.error_count == 1 and run.rows_inserted == 0


def test_reimport_adds_nothing_and_a_changed_value_updates_one_row(
    demo_engine, scopes, own_procedure
):
    admin = scopes["admin"]
    table = _pupils(own_procedure, 200)
    first = imports.run_import(admin, parse("pupil-results", csv_bytes(table), "p.csv"))
    assert first.inserted == 200
    second = imports.run_import(admin, parse("pupil-results", csv_bytes(table), "p.csv"))
    assert (second.inserted, second.updated, second.unchanged) == (0, 0, 200)
    table[10][4] = 5 if table[10][4] != 5 else 4
    third = imports.run_import(admin, parse("pupil-results", csv_bytes(table), "p.csv"))
    assert (third.inserted, third.updated, third.unchanged) == (0, 1, 199)
    assert _stored(demo_engine) == 200
    with demo_engine.connect() as conn:
        run = conn.execute(select(ImportRun).where(ImportRun.id == third.run_id)).one()
    assert (run.rows_updated, run.rows_unchanged, run.outcome, run.user_login) == (
        1,
        199,
        "success",
        "admin",
    )
    assert len(run.sha256) == 64


def test_dry_run_writes_nothing(demo_engine, scopes, own_procedure):
    table = _pupils(own_procedure, 50)
    result = imports.run_import(
        scopes["admin"], parse("pupil-results", csv_bytes(table), "p.csv"), dry_run=True
    )
    assert (result.outcome, result.inserted) == ("dry_run", 50)
    assert _stored(demo_engine) == 0


@pytest.mark.parametrize("role", ["region", "municipality", "school", "viewer"])
def test_only_admins_import_or_list(demo_engine, scopes, role):
    parsed = parse("context", b"school_code,year,indicator,value\n740101,2024,pupils,1\n", "c.csv")
    with pytest.raises(OutOfScope):
        imports.run_import(scopes[role], parsed)
    with pytest.raises(OutOfScope):
        imports.list_runs(scopes[role])


def test_list_runs_newest_first(demo_engine, scopes):
    parse_ok = parse(
        "context", b"school_code,year,indicator,value\n740101,2024,pupils,1\n", "c.csv"
    )
    imports.run_import(scopes["admin"], parse_ok, dry_run=True)
    runs = imports.list_runs(scopes["admin"], limit=5)
    assert all(set(imports.RUN_COLUMNS) <= set(run) for run in runs)
    assert [r["id"] for r in runs] == sorted((r["id"] for r in runs), reverse=True)


def test_imports_are_in_the_audit_log(demo_engine, scopes):
    from dashboard.models import AuditEvent

    parsed = parse(
        "context", b"school_code,year,indicator,value\nnope,2024,pupils,1\n", "audit.csv"
    )
    result = imports.run_import(scopes["admin"], parsed, ip="10.0.0.1")
    with demo_engine.connect() as conn:
        event = conn.execute(
            select(AuditEvent)
            .where(AuditEvent.action == "import")
            .order_by(AuditEvent.id.desc())
            .limit(1)
        ).one()
    assert (event.outcome, event.user_login, event.ip) == ("failure", "admin", "10.0.0.1")
    assert f"run={result.run_id}" in event.detail and "audit.csv" in event.detail


def test_bulk_load_keeps_foreign_keys(demo_engine, scopes, own_procedure, monkeypatch):
    """The large-load path (COPY on PostgreSQL) leaves the constraints in place and the rows
    stored; the threshold lowered so a small file takes it (its locks:
    tests/data_access/test_bulk_locks.py)."""
    from sqlalchemy import inspect

    from data_access import bulk_upsert

    monkeypatch.setattr(bulk_upsert, "COPY_FROM", 10)
    result = imports.run_import(
        scopes["admin"],
        parse("pupil-results", csv_bytes(_pupils(own_procedure, 300), delimiter=";"), "bulk.csv"),
    )
    assert result.ok and result.inserted == 300
    assert _stored(demo_engine) == 300
    names = {fk["name"] for fk in inspect(demo_engine).get_foreign_keys("pupil_result")}
    assert {"fk_pupil_result_procedure_id_procedure", "fk_pupil_result_school_id_school"} <= names


def test_the_data_version_changes_once_per_import(demo_engine, scopes, own_procedure, monkeypatch):
    """The import replaces the data version with its data; the refresh of the stored page
    results that follows keeps it, so what pages cached after the commit stays valid (a second
    replacement sent every page back to computing: a second cold start under load)."""
    from data_access import cache, database

    seen: list[str] = []
    real_refresh = precompute.refresh

    def watched_refresh(**kwargs):
        seen.append(cache.data_version())  # right after the import's commit
        timings = real_refresh(**kwargs)
        seen.append(cache.data_version())  # after the stored results were written
        return timings

    monkeypatch.setattr(precompute, "refresh", watched_refresh)
    monkeypatch.setattr(cache, "VERSION_MEMO_SECONDS", 0.0)
    with database.bind(demo_engine):
        before = cache.data_version()
        table = _pupils(own_procedure, 40)
        result = imports.run_import(
            scopes["admin"], parse("pupil-results", csv_bytes(table), "v.csv")
        )
    assert result.inserted == 40
    assert len(seen) == 2 and seen[0] != before and seen[1] == seen[0]


def test_on_postgresql_the_stored_page_results_commit_with_the_data(
    demo_engine, scopes, own_procedure, monkeypatch
):
    """PostgreSQL: the import computes the pages' stored results inside its own transaction,
    so there is no moment after the commit when pages must compute them themselves; SQLite
    (one writer) stores them after the commit, as before."""
    from data_access import derived

    after_commit: list[bool] = []
    monkeypatch.setattr(imports, "_store_derived", lambda: after_commit.append(True))
    table = _pupils(own_procedure, 30)
    result = imports.run_import(scopes["admin"], parse("pupil-results", csv_bytes(table), "w.csv"))
    assert result.inserted == 30
    if demo_engine.dialect.name == "postgresql":
        assert result.derived_stored and not after_commit
        assert "objectivity_risk" in derived.names()
    else:
        assert not result.derived_stored and after_commit == [True]
