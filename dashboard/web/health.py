"""/healthz: is the database readable, is the cache working, which version runs."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify
from sqlalchemy import select, text

from dashboard import __version__
from dashboard.models import Region
from data_access import cache

bp = Blueprint("health", __name__)


def _read_tables(conn) -> None:
    """Read real tables, not only open a connection: `SELECT 1` succeeds on a database file
    that is corrupt, truncated or not migrated, which no page could read."""
    conn.execute(text("SELECT version_num FROM alembic_version")).all()
    # Every column: a query for the id alone is answered from an index, not the table's pages.
    conn.execute(select(Region.id, Region.code, Region.name).limit(1)).all()


def _database_problem() -> str | None:
    """None, "unreachable" (no connection) or "unreadable" (connected, tables not readable)."""
    try:
        conn = current_app.extensions["oko_engine"].connect()
    except Exception:  # the reason goes to the log, not to the world
        current_app.logger.exception("health check: database unreachable")
        return "unreachable"
    try:
        with conn:
            _read_tables(conn)
    except Exception:
        current_app.logger.exception("health check: database unreadable")
        return "unreadable"
    return None


@bp.get("/healthz")
def healthz():
    status = {"database": "ok", "cache": "ok", "version": __version__}
    code = 200
    problem = _database_problem()
    if problem is not None:
        status["database"] = problem
        code = 503
    if not cache.healthy(current_app.extensions["oko_cache"]):
        status["cache"] = "unreachable"  # the app still works without its cache
    return jsonify(status), code
