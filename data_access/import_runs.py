"""The life cycle of an import's record (import_run), kept outside the import's data transaction.

A run is committed as "running" before the data transaction begins, so a killed or hung import
still leaves a trace; a heartbeat thread keeps `heartbeat_at` fresh while it runs; its outcome
("success", "rejected" or "failed" with the reason) is committed after the data transaction,
also when the import raises. A run whose heartbeat stopped (its process was killed) is marked
"failed"/"interrupted" by `reap_interrupted`, which the admin page and the job worker call.

Internal to data_access.imports, except `reap_interrupted` and `list_runs`.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, func, insert, select, update

from dashboard.models import ImportRun
from data_access import audit, database
from data_access.scope import OutOfScope, Scope

if TYPE_CHECKING:
    from dashboard.ingest import Parsed
    from data_access.imports import ImportResult

log = logging.getLogger(__name__)

HEARTBEAT_S = 5.0  # how often a running import says it is alive
# A run silent this long is taken for dead: twelve missed heartbeats, far above any pause a
# busy but living process makes (a heartbeat is one tiny UPDATE on its own connection).
STALE_AFTER = dt.timedelta(seconds=60)
INTERRUPTED = "interrupted"  # the reason of a reaped run (shown in Russian on /admin/imports)
REASON_CHARS = 1000


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def worker_name() -> str:
    """host:pid of this process, so an admin knows where a running import lives."""
    return f"{socket.gethostname()}:{os.getpid()}"[:120]


def reason_of(error: BaseException) -> str:
    """The exception's class and message, cut to fit the record."""
    message = str(error).strip().splitlines()[0] if str(error).strip() else ""
    text = f"{type(error).__name__}: {message}" if message else type(error).__name__
    return text[:REASON_CHARS]


def start(scope: Scope, parsed: Parsed) -> int:
    """Commit a "running" row for this import now, before its data transaction."""
    now = utcnow()
    with database.write() as conn:
        return conn.execute(
            insert(ImportRun).values(
                at=now,
                heartbeat_at=now,
                worker=worker_name(),
                user_login=scope.login[:80],
                file_name=parsed.file_name[:255],
                sha256=parsed.sha256,
                kind=parsed.kind,
                rows_inserted=0,
                rows_updated=0,
                rows_unchanged=0,
                outcome="running",
                error_count=0,
            )
        ).inserted_primary_key[0]


def finish(run_id: int, result: ImportResult, conn: Connection | None = None) -> None:
    """Record how the import ended: its outcome, counts and first errors. With `conn`, inside
    that transaction: a success commits with its data, so no committed import can be taken for
    an interrupted one (the heartbeat and the reaper wait for that row until the commit)."""
    detail = "; ".join(str(issue) for issue in result.errors[:5]) or None
    _close(
        run_id,
        conn,
        outcome=result.outcome,
        rows_inserted=result.inserted,
        rows_updated=result.updated,
        rows_unchanged=result.unchanged,
        error_count=result.error_count,
        detail=detail[:2000] if detail else None,
    )


def fail(run_id: int, error: BaseException) -> str:
    """Commit "failed" with the error as the reason; returns the reason."""
    reason = reason_of(error)
    _close(run_id, None, outcome="failed", reason=reason)
    return reason


def _close(run_id: int, conn: Connection | None, **values) -> None:
    # Unconditional: a run wrongly reaped while its process was alive (SQLite holds other
    # writers back during a long import) still ends with what really happened.
    stmt = (
        update(ImportRun)
        .where(ImportRun.id == run_id)
        .values(finished_at=utcnow(), heartbeat_at=None, **values)
    )
    if conn is not None:
        conn.execute(stmt)
        return
    with database.write() as own:
        own.execute(stmt)


@contextmanager
def heartbeat(run_id: int, every: float = HEARTBEAT_S) -> Iterator[None]:
    """Keep the run's heartbeat_at fresh from a daemon thread on its own connection while the
    block runs; a failed beat is logged and retried at the next one."""
    engine = database.current_engine()  # a thread does not see the caller's bound engine
    stop = threading.Event()
    thread = threading.Thread(
        target=_beat, args=(engine, run_id, stop, every), name=f"import-heartbeat-{run_id}"
    )
    thread.daemon = True
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=every + 1)


def _beat(engine: Engine, run_id: int, stop: threading.Event, every: float) -> None:
    while not stop.wait(every):
        try:
            with engine.begin() as conn:
                conn.execute(
                    update(ImportRun)
                    .where(ImportRun.id == run_id, ImportRun.outcome == "running")
                    .values(heartbeat_at=utcnow())
                )
        except Exception as error:  # the import itself decides whether the database is gone
            log.warning("import run %s: heartbeat not written (%s)", run_id, reason_of(error))


def reap_interrupted(now: dt.datetime | None = None) -> int:
    """Mark "failed" (reason "interrupted") every run still "running" whose heartbeat is older
    than STALE_AFTER, with an audit row each; returns how many. Safe to call from several
    processes at once: each run is reaped, and audited, once."""
    now = now or utcnow()
    stale = now - STALE_AFTER
    alive = func.coalesce(ImportRun.heartbeat_at, ImportRun.at)
    with database.read() as conn:
        runs = conn.execute(
            select(ImportRun.id, ImportRun.user_login, ImportRun.kind, ImportRun.file_name)
            .where(ImportRun.outcome == "running", alive < stale)
            .order_by(ImportRun.id)
        ).all()
    reaped = 0
    for run in runs:
        with database.write() as conn:
            changed = conn.execute(
                update(ImportRun)
                .where(ImportRun.id == run.id, ImportRun.outcome == "running", alive < stale)
                .values(outcome="failed", reason=INTERRUPTED, finished_at=now, heartbeat_at=None)
            ).rowcount
        if changed != 1:  # finished or reaped by someone else meanwhile
            continue
        reaped += 1
        audit.record(
            "import",
            "failure",
            login=run.user_login,
            asked=run.kind,
            detail=f"run={run.id} file={run.file_name} reason={INTERRUPTED}",
        )
        log.warning(
            "import run %s (%s) interrupted: no heartbeat since %s", run.id, run.kind, stale
        )
    return reaped


RUN_COLUMNS = (
    "id",
    "at",
    "user_login",
    "file_name",
    "kind",
    "rows_inserted",
    "rows_updated",
    "rows_unchanged",
    "outcome",
    "error_count",
    "sha256",
    "finished_at",
    "heartbeat_at",
    "worker",
    "reason",
)


def list_runs(scope: Scope, limit: int = 50) -> list[dict]:
    """The most recent imports, newest first, running and failed ones included (interrupted
    runs are marked so first). Admin only."""
    if scope.role != "admin":
        raise OutOfScope("import", scope.login)
    reap_interrupted()
    limit = max(1, min(int(limit), 500))
    stmt = (
        select(*(ImportRun.__table__.c[c] for c in RUN_COLUMNS))
        .order_by(ImportRun.at.desc(), ImportRun.id.desc())
        .limit(limit)
    )
    with database.read() as conn:
        return [dict(row) for row in conn.execute(stmt).mappings()]
