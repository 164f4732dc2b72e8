"""The app factory: Flask server, auth, cache, database engine, Dash pages and callbacks."""

from __future__ import annotations

import datetime as dt
import logging

import dash
from flask import Flask, Response, g, jsonify, request

from dashboard import strings
from dashboard.config import PROJECT_ROOT, Settings
from dashboard.db import engines_for
from data_access.cache import cache_from_url

log = logging.getLogger(__name__)


def create_server(settings: Settings) -> Flask:
    server = Flask("dashboard", static_folder=None)
    server.config.update(
        SECRET_KEY=settings.secret_key,
        OKO_SETTINGS=settings,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.production,
        # __Host-: the browser keeps it only if Secure, host-only and for path / (production)
        SESSION_COOKIE_NAME="__Host-oko_session" if settings.production else "oko_session",
        PERMANENT_SESSION_LIFETIME=max(
            dt.timedelta(hours=settings.session_max_hours),
            dt.timedelta(days=settings.remember_days),
        ),
        # Every body is cut at the callback limit; dashboard.web.security raises it (before
        # anything parses the body) only for the callbacks that receive a file.
        MAX_CONTENT_LENGTH=settings.max_callback_kb * 1024,
        TESTING=settings.testing,
    )
    # writes (and sessions, sign-in) on the primary; page reads on the replica when one is set
    server.extensions["oko_engine"], server.extensions["oko_read_engine"] = engines_for(settings)
    server.extensions["oko_cache"] = cache_from_url(settings.cache_url)

    from dashboard.auth.session import login_manager
    from dashboard.web import auth_views as views
    from dashboard.web import health, security

    login_manager.init_app(server)
    security.install(server)
    server.register_blueprint(views.bp)
    server.register_blueprint(health.bp)
    _install_error_pages(server)
    return server


def _install_error_pages(server: Flask) -> None:
    """Generic error pages: no traceback, SQL or path ever reaches the browser."""

    @server.errorhandler(404)
    def not_found(_error):
        return Response(strings.HTTP_NOT_FOUND, status=404, mimetype="text/plain")

    @server.errorhandler(500)
    def server_error(_error):
        return Response(strings.HTTP_SERVER_ERROR, status=500, mimetype="text/plain")

    @server.errorhandler(413)
    def too_large(_error):
        return Response(strings.HTTP_TOO_LARGE, status=413, mimetype="text/plain")

    from sqlalchemy.exc import DBAPIError

    from data_access.breaker import DatabaseUnavailable, database_unavailable

    @server.errorhandler(DatabaseUnavailable)
    @server.errorhandler(DBAPIError)
    def unavailable(error):
        """A request that needs a database which does not answer (the session check comes
        first): 503 with the reason. A callback answers 200 with the page's error banner and
        the registry's error header instead: Dash shows nothing of a non-200 answer."""
        if not database_unavailable(error):
            raise error  # a bug: the usual 500 (and its log)
        log.warning("%s failed: the database does not answer (%s)", request.path, error)
        if request.path.startswith("/_dash-update-component"):
            from dashboard.ids import Shell

            g.oko_callback_error = True  # callbacks.registry marks the response
            banner = {Shell.ERROR: {"children": strings.DATABASE_UNAVAILABLE, "is_open": True}}
            return jsonify({"multi": True, "response": {}, "sideUpdate": banner})
        return Response(strings.DATABASE_UNAVAILABLE, status=503, mimetype="text/plain")


def create_app(settings: Settings | None = None) -> dash.Dash:
    """Build a fully wired Dash app; each call is independent (tests build several)."""
    settings = settings or Settings.from_env()
    server = create_server(settings)
    from dashboard import jobs
    from dashboard.config import VAR_DIR
    from dashboard.web.index import INDEX_STRING

    app = dash.Dash(
        __name__,
        server=server,
        use_pages=True,
        pages_folder=str(PROJECT_ROOT / "pages"),
        assets_folder=str(PROJECT_ROOT / "assets"),
        title=strings.APP_TITLE,
        index_string=INDEX_STRING,  # lang="ru" (dashboard/web/index.py)
        update_title=None,
        suppress_callback_exceptions=True,
        serve_locally=True,
        compress=True,  # callback JSON and assets compressed (Flask-Compress)
        # background callbacks (imports, exports): Celery with a broker, else a diskcache
        background_callback_manager=jobs.make_manager(server, VAR_DIR / "jobs"),
    )
    from callbacks.registry import register_all
    from dashboard.web.shell import layout

    app.layout = layout
    register_all(app)
    server.extensions["oko_callback_outputs"] = lambda: app.callback_map
    from callbacks import warm

    server.extensions["oko_warm_views"] = lambda: warm.replay(app)  # after imports (imports.py)
    from dashboard.web.security import install_csp

    install_csp(server, app.csp_hashes)
    return app
