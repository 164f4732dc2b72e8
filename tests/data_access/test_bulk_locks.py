"""A large import keeps the dashboard readable on PostgreSQL: while its COPY load is under way,
no AccessExclusive lock is held on the tables pages read, and another connection reads them
under a short lock_timeout."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, func, select, text

from dashboard.ingest import parse
from dashboard.models import Base, Procedure, PupilResult, School
from data_access import bulk_upsert, imports, precompute
from data_access.summaries import SUMMARY_TABLES
from tests.ingest.helpers import csv_bytes

CODE = "test-bulk-locks"
PAGE_TABLES = ("pupil_result", "school", "procedure", "school_pupil_summary")

# Only the PostgreSQL instance of the session's database fixtures.
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.parametrize("database_url", ["postgresql"], indirect=True),
]

LOCKS = text(
    "SELECT c.relname, l.mode, l.pid FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
    "WHERE c.relname = ANY(:tables) AND l.granted"
)


@pytest.fixture
def own_procedure(demo_engine, scopes):
    data = (
        "procedure_code;kind;subject;grade;year;max_score\n"
        f"{CODE};diagnostic;математика;5;2025;20\n"
    )
    assert imports.run_import(scopes["admin"], parse("procedures", data.encode(), "p.csv")).ok
    with demo_engine.connect() as conn:
        schools = list(conn.execute(select(School.school_code).limit(7)).scalars())
    yield schools
    with demo_engine.begin() as conn:
        procedure_id = conn.execute(select(Procedure.id).where(Procedure.code == CODE)).scalar_one()
        for table in (*SUMMARY_TABLES, PupilResult):
            conn.execute(delete(table).where(table.procedure_id == procedure_id))
        conn.execute(delete(Procedure).where(Procedure.id == procedure_id))
    precompute.refresh()


def _pupils(schools: list[str], n: int, shift: int = 0) -> bytes:
    header = ["procedure_code", "school_code", "participant_code", "primary_score", "mark"]
    rows = [
        [CODE, schools[i % len(schools)], f"L{i:06d}", (i + shift) % 20, 2 + (i + shift) % 4]
        for i in range(n)
    ]
    return csv_bytes([header, *rows], delimiter=";")


def _import_watching_locks(demo_engine, scope, data: bytes) -> tuple:
    """Import `data`; at the end of its data transaction (everything written, not committed),
    read the locks and the page tables from a second connection."""
    seen: dict = {}

    def progress(percent: int, _message: str) -> None:
        if percent != 80:  # "written": inside the transaction, just before its commit
            return
        with demo_engine.connect() as other:
            seen["locks"] = other.execute(LOCKS, {"tables": list(PAGE_TABLES)}).all()
            other.execute(text("SET lock_timeout = '500ms'"))
            seen["counts"] = [
                other.execute(
                    select(func.count()).select_from(Base.metadata.tables[name])
                ).scalar_one()
                for name in PAGE_TABLES
            ]

    result = imports.run_import(
        scope, parse("pupil-results", data, "bulk.csv", max_bytes=len(data) + 1), progress=progress
    )
    return result, seen


def test_a_large_load_takes_no_exclusive_lock_on_page_tables(
    demo_engine, scopes, own_procedure, monkeypatch
):
    copied = []
    real_copy = bulk_upsert._copy_rows

    def spy(conn, table, columns, rows):
        copied.append((table.name, len(rows)))
        real_copy(conn, table, columns, rows)

    monkeypatch.setattr(bulk_upsert, "COPY_FROM", 100)  # a small file takes the bulk path
    monkeypatch.setattr(bulk_upsert, "_copy_rows", spy)
    admin = scopes["admin"]

    first, seen = _import_watching_locks(demo_engine, admin, _pupils(own_procedure, 3000))
    assert first.inserted == 3000 and copied == [("pupil_result", 3000)]  # COPY into the table
    modes = {(relname, mode) for relname, mode, _pid in seen["locks"]}
    assert not {m for m in modes if m[1] == "AccessExclusiveLock"}, modes
    assert ("pupil_result", "RowExclusiveLock") in modes  # the lock view does see the import
    assert all(count >= 0 for count in seen["counts"])  # readable under lock_timeout

    copied.clear()
    again, seen = _import_watching_locks(demo_engine, admin, _pupils(own_procedure, 3000, 1))
    assert again.updated == 3000 and copied[0][1] == 3000  # COPY into a staging table, upsert
    assert copied[0][0].startswith("import_stage_")
    modes = {(relname, mode) for relname, mode, _pid in seen["locks"]}
    assert not {m for m in modes if m[1] == "AccessExclusiveLock"}, modes
    assert ("pupil_result", "RowExclusiveLock") in modes
    assert len(seen["counts"]) == len(PAGE_TABLES)
