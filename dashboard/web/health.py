"""/healthz: is the database reachable, is the cache working, which version runs."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify
from sqlalchemy import text

from dashboard import __version__
from data_access import cache

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    status = {"database": "ok", "cache": "ok", "version": __version__}
    code = 200
    try:
        with current_app.extensions["oko_engine"].connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception:  # the reason goes to the log, not to the world
        current_app.logger.exception("health check: database unreachable")
        status["database"] = "unreachable"
        code = 503
    if not cache.healthy(current_app.extensions["oko_cache"]):
        status["cache"] = "unreachable"  # the app still works without its cache
    return jsonify(status), code
