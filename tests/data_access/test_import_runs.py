"""An import's record lives outside its data transaction: "running" is visible to others while
the import runs, a raising import ends "failed" with its reason and an audit row, and a run
whose process died is reaped as interrupted (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import os
import socket
import time

import pytest
from sqlalchemy import delete, select, update

from dashboard import strings
from dashboard.figures import admin as views
from dashboard.ingest import parse
from dashboard.models import AuditEvent, ImportRun, Procedure
from data_access import import_runs, import_writers, imports, precompute
from data_access.scope import Scope

CODE = "test-import-runs"


def _procedure_file(max_score: int = 20) -> bytes:
    return (
        "procedure_code;kind;subject;grade;year;max_score\n"
        f"{CODE};diagnostic;математика;6;2025;{max_score}\n"
    ).encode()


@pytest.fixture
def own_procedure(demo_engine):
    """This module's procedure code; removed afterwards if an import stored it."""
    yield CODE
    with demo_engine.begin() as conn:
        gone = conn.execute(delete(Procedure).where(Procedure.code == CODE)).rowcount
    if gone:
        precompute.refresh()  # the stored page results of the data as it was before the test


def _run(engine, run_id: int):
    with engine.connect() as conn:
        return conn.execute(select(ImportRun).where(ImportRun.id == run_id)).one()


def _audit_of(engine, run_id: int):
    with engine.connect() as conn:
        return conn.execute(
            select(AuditEvent)
            .where(AuditEvent.action == "import", AuditEvent.detail.like(f"run={run_id} %"))
            .order_by(AuditEvent.id)
        ).all()


def test_running_row_is_visible_from_another_connection_during_the_import(
    demo_engine, scopes, own_procedure
):
    seen = []

    def progress(percent: int, _message: str) -> None:
        if percent == 80:  # "written": inside the data transaction, before its commit
            with demo_engine.connect() as other:
                seen.extend(
                    other.execute(select(ImportRun).where(ImportRun.outcome == "running")).all()
                )
                seen.append(
                    other.execute(select(Procedure.id).where(Procedure.code == CODE)).first()
                )

    result = imports.run_import(
        scopes["admin"], parse("procedures", _procedure_file(), "runs.csv"), progress=progress
    )
    assert result.outcome == "success" and result.inserted == 1
    *running, stored_yet = seen
    assert [r.id for r in running] == [result.run_id]
    assert stored_yet is None  # the data was not committed yet, the run was
    assert running[0].user_login == "admin" and running[0].file_name == "runs.csv"
    assert running[0].worker == f"{socket.gethostname()}:{os.getpid()}"
    assert running[0].heartbeat_at is not None and running[0].finished_at is None
    run = _run(demo_engine, result.run_id)
    assert (run.outcome, run.rows_inserted, run.reason) == ("success", 1, None)
    assert run.finished_at is not None and run.heartbeat_at is None
    [event] = _audit_of(demo_engine, result.run_id)
    assert (event.outcome, event.user_login) == ("success", "admin")


def test_a_raising_writer_fails_the_run_with_its_reason_and_writes_nothing(
    demo_engine, scopes, own_procedure, monkeypatch
):
    real = import_writers.WRITERS["procedures"]

    def broken(conn, parsed, refs):
        real(conn, parsed, refs)  # the row is written inside the transaction, then it breaks
        raise RuntimeError("disk on fire\nsecond line")

    monkeypatch.setitem(import_writers.WRITERS, "procedures", broken)
    with pytest.raises(RuntimeError, match="disk on fire"):
        imports.run_import(
            scopes["admin"], parse("procedures", _procedure_file(), "broken.csv"), ip="10.1.1.1"
        )
    with demo_engine.connect() as conn:
        assert conn.execute(select(Procedure.id).where(Procedure.code == CODE)).first() is None
        run = conn.execute(
            select(ImportRun).where(ImportRun.file_name == "broken.csv").order_by(ImportRun.id)
        ).all()[-1]
    assert (run.outcome, run.reason) == ("failed", "RuntimeError: disk on fire")
    assert run.finished_at is not None and run.user_login == "admin"
    [event] = _audit_of(demo_engine, run.id)
    assert (event.outcome, event.user_login, event.ip) == ("failure", "admin", "10.1.1.1")
    assert "RuntimeError: disk on fire" in event.detail
    shown = views.runs_frame([run._asdict()]).iloc[0]
    columns = strings.IMPORTS_RUN_COLUMNS
    assert shown[columns["outcome"]] == strings.IMPORTS_OUTCOMES["failed"]
    assert shown[columns["reason"]] == strings.IMPORT_RUN_ERROR.format(
        error="RuntimeError: disk on fire"
    )


def test_a_committed_import_is_reported_even_when_its_audit_cannot_be_written(
    demo_engine, scopes, own_procedure, monkeypatch
):
    def unreachable(*_args, **_kwargs):
        raise ConnectionError("audit lost")

    monkeypatch.setattr(imports.audit, "record", unreachable)
    result = imports.run_import(scopes["admin"], parse("procedures", _procedure_file(), "x.csv"))
    assert result.outcome == "success" and result.inserted == 1
    assert _run(demo_engine, result.run_id).outcome == "success"  # committed with the data
    with demo_engine.connect() as conn:
        assert conn.execute(select(Procedure.id).where(Procedure.code == CODE)).first()


def test_dry_run_records_no_run(demo_engine, scopes):
    with demo_engine.connect() as conn:
        before = conn.execute(select(ImportRun.id).order_by(ImportRun.id.desc())).first()
    result = imports.run_import(
        scopes["admin"], parse("procedures", _procedure_file(), "dry.csv"), dry_run=True
    )
    assert result.outcome == "dry_run" and result.run_id is None
    with demo_engine.connect() as conn:
        after = conn.execute(select(ImportRun.id).order_by(ImportRun.id.desc())).first()
    assert after == before


@pytest.fixture
def synthetic_runs(demo_engine):
    """Runs started here (no import behind them), removed afterwards with their audit rows."""
    made: list[int] = []
    admin = Scope(login="admin", role="admin")

    def start(file_name: str, silent_for: dt.timedelta) -> int:
        parsed = parse("procedures", _procedure_file(), file_name)
        run_id = import_runs.start(admin, parsed)
        with demo_engine.begin() as conn:
            beat = import_runs.utcnow() - silent_for
            conn.execute(update(ImportRun).where(ImportRun.id == run_id).values(heartbeat_at=beat))
        made.append(run_id)
        return run_id

    yield start
    with demo_engine.begin() as conn:
        conn.execute(delete(ImportRun).where(ImportRun.id.in_(made)))
        for run_id in made:
            conn.execute(delete(AuditEvent).where(AuditEvent.detail.like(f"run={run_id} %")))


def test_reaper_fails_silent_runs_once_and_leaves_living_ones(demo_engine, synthetic_runs):
    dead = synthetic_runs("dead.csv", dt.timedelta(minutes=5))
    alive = synthetic_runs("alive.csv", dt.timedelta(seconds=10))
    assert import_runs.reap_interrupted() >= 1
    assert import_runs.reap_interrupted() == 0  # each run is reaped and audited once
    run = _run(demo_engine, dead)
    assert (run.outcome, run.reason) == ("failed", import_runs.INTERRUPTED)
    assert run.finished_at is not None
    [event] = _audit_of(demo_engine, dead)
    assert (event.action, event.outcome, event.user_login) == ("import", "failure", "admin")
    assert _run(demo_engine, alive).outcome == "running"
    # the same living run is dead for a reaper that looks from two minutes later
    later = import_runs.utcnow() + dt.timedelta(minutes=2)
    assert import_runs.reap_interrupted(now=later) >= 1
    assert _run(demo_engine, alive).reason == import_runs.INTERRUPTED


def test_admin_list_shows_interrupted_and_running_runs_in_russian(
    demo_engine, scopes, synthetic_runs
):
    dead = synthetic_runs("dead2.csv", dt.timedelta(minutes=5))
    alive = synthetic_runs("alive2.csv", dt.timedelta(seconds=1))
    rows = {row["id"]: row for row in imports.list_runs(scopes["admin"], limit=500)}
    assert rows[dead]["outcome"] == "failed" and rows[alive]["outcome"] == "running"
    frame = views.runs_frame([rows[dead], rows[alive]])
    columns = strings.IMPORTS_RUN_COLUMNS
    assert frame[columns["outcome"]].tolist() == [
        strings.IMPORTS_OUTCOMES["failed"],
        strings.IMPORTS_OUTCOMES["running"],
    ]
    assert frame[columns["reason"]].iloc[0] == strings.IMPORT_RUN_INTERRUPTED
    assert f"{socket.gethostname()}:{os.getpid()}" in frame[columns["reason"]].iloc[1]


def test_heartbeat_keeps_a_running_import_fresh(demo_engine, synthetic_runs):
    run_id = synthetic_runs("beat.csv", dt.timedelta(minutes=5))
    with import_runs.heartbeat(run_id, every=0.05):
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            beat = _run(demo_engine, run_id).heartbeat_at
            if beat is not None and import_runs.utcnow() - _aware(beat) < dt.timedelta(seconds=5):
                break
            time.sleep(0.05)
        import_runs.reap_interrupted()
    assert import_runs.utcnow() - _aware(beat) < dt.timedelta(seconds=5)
    assert _run(demo_engine, run_id).outcome == "running"  # fresh again: not reaped


def _aware(stamp: dt.datetime) -> dt.datetime:
    """SQLite returns stored times without their zone (they are UTC)."""
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=dt.UTC)
