"""/healthz: is the database readable, is the cache working, is the job broker reachable.

Each part is checked in its own thread under one deadline, so the answer comes within
`DEADLINE_S` even when a part hangs; the JSON names each part ("ok", "unreachable", "timeout",
"unreadable"; "off" for a cache deliberately disabled) and the status is 503 when any
configured part fails. Reasons go to the log, never to the world.
"""

from __future__ import annotations

import logging
import socket
import threading
import time
from collections.abc import Callable
from urllib.parse import urlparse

from flask import Blueprint, current_app, jsonify
from sqlalchemy import Engine, select, text

from dashboard import __version__
from dashboard.models import Region
from data_access import cache, db_watchdog

bp = Blueprint("health", __name__)
log = logging.getLogger(__name__)

DEADLINE_S = 1.5  # every part answers within this, or is reported as "timeout"
BROKER_TIMEOUT_S = 0.5
HEALTHY = {"ok", "off"}


def _read_tables(conn) -> None:
    """Read real tables, not only open a connection: `SELECT 1` succeeds on a database file
    that is corrupt, truncated or not migrated, which no page could read."""
    conn.execute(text("SELECT version_num FROM alembic_version")).all()
    # Every column: a query for the id alone is answered from an index, not the table's pages.
    conn.execute(select(Region.id, Region.code, Region.name).limit(1)).all()


def _database_state(engine: Engine) -> str:
    """ "ok", "unreachable" (no connection, or known not to answer) or "unreadable"."""
    if db_watchdog.is_down(engine):
        return "unreachable"
    try:
        conn = engine.connect()
    except Exception:
        log.exception("health check: database unreachable")
        return "unreachable"
    try:
        with conn:
            _read_tables(conn)
    except Exception:
        log.exception("health check: database unreadable")
        return "unreadable"
    return "ok"


def _broker_state(url: str) -> str:
    """A Redis PING (or, for another broker, a TCP connect) with a short timeout."""
    parsed = urlparse(url)
    try:
        if parsed.scheme in {"redis", "rediss"}:
            client = cache.quick_redis(url, BROKER_TIMEOUT_S)
            try:
                client.ping()
            finally:
                client.close()
        else:
            port = parsed.port or 5672
            socket.create_connection((parsed.hostname, port), BROKER_TIMEOUT_S).close()
    except Exception as error:
        log.warning("health check: broker %s (%s)", type(error).__name__, parsed.hostname)
        return "timeout" if "timeout" in type(error).__name__.lower() else "unreachable"
    return "ok"


def _under_deadline(checks: dict[str, Callable[[], str]]) -> dict[str, str]:
    """Run every check at once in a daemon thread; what has not answered by the deadline is
    "timeout" (its thread ends when its own timeout or the database watchdog frees it)."""
    results: dict[str, str] = {}

    def run(name: str, check: Callable[[], str]) -> None:
        try:
            results[name] = check()
        except Exception:
            log.exception("health check %s failed", name)
            results[name] = "unreachable"

    threads = [
        threading.Thread(target=run, args=item, name=f"oko-health-{item[0]}", daemon=True)
        for item in checks.items()
    ]
    for thread in threads:
        thread.start()
    end = time.monotonic() + DEADLINE_S
    for thread in threads:
        thread.join(max(0.0, end - time.monotonic()))
    return {name: results.get(name, "timeout") for name in checks}


@bp.get("/healthz")
def healthz():
    extensions = current_app.extensions
    settings = current_app.config.get("OKO_SETTINGS")
    primary = extensions["oko_engine"]
    read = extensions.get("oko_read_engine", primary)
    store = extensions["oko_cache"]
    checks: dict[str, Callable[[], str]] = {
        "database": lambda: _database_state(primary),
        "cache": lambda: cache.check(store),
    }
    if getattr(settings, "read_database_url", ""):
        checks["read_database"] = lambda: _database_state(read)
    broker = getattr(settings, "celery_broker_url", "")
    if broker:
        checks["broker"] = lambda: _broker_state(broker)
    status: dict[str, str] = _under_deadline(checks)
    code = 200 if all(state in HEALTHY for state in status.values()) else 503
    return jsonify({**status, "version": __version__}), code
