"""Issue 22: /healthz says which part failed, within 2 s even when a part hangs, and the pages
keep working without the cache and fail fast (with the reason) without the database."""

from __future__ import annotations

import dataclasses
import json
import shutil
import time

import pytest
from dash import Input, Output
from sqlalchemy import text
from sqlalchemy.engine import make_url

from callbacks.registry import ERROR_HEADER, CallbackSpec
from dashboard import strings
from dashboard.config import Settings
from dashboard.db import dispose_engines, get_engine, upgrade
from data_access import database, users
from data_access.breaker import DatabaseUnavailable
from tests.conftest import login
from tests.faults import Forwarder, free_port, own_redis, paused
from tests.http.forge import all_server_callbacks, planted_app, post
from tests.private_db import drop, private_url

PASSWORD = "Fault-Tolerant-2026!"


def _timed_healthz(client) -> tuple[int, dict, float]:
    started = time.monotonic()
    response = client.get("/healthz")
    return response.status_code, response.get_json(), time.monotonic() - started


# ------------------------------------------------------------------ the cache (SQLite demo)


def _app_with_cache(app_settings, cache_url: str, **changes):
    from dashboard.app import create_app

    return create_app(dataclasses.replace(app_settings, cache_url=cache_url, **changes))


def test_redis_down_pages_are_served_and_healthz_says_cache_unreachable(app_settings):
    app = _app_with_cache(app_settings, f"redis://127.0.0.1:{free_port()}/0")
    client = app.server.test_client()
    assert login(client, "director").status_code == 302  # sign-in needs no cache
    assert client.get("/").status_code == 200
    status, body, elapsed = _timed_healthz(client)
    assert status == 503 and body["cache"] == "unreachable" and body["database"] == "ok"
    assert elapsed < 2.0


def test_redis_paused_healthz_answers_503_in_time_and_pages_are_served(app_settings):
    need_redis_server()
    with own_redis() as (url, process):
        app = _app_with_cache(app_settings, url)
        client = app.server.test_client()
        assert login(client, "director").status_code == 302
        with paused(process):
            status, body, elapsed = _timed_healthz(client)
            assert status == 503 and body["cache"] == "timeout", body
            assert elapsed < 2.0
            started = time.monotonic()
            assert client.get("/").status_code == 200
            assert time.monotonic() - started < 2.0


def need_redis_server() -> None:
    from tests.conftest import need

    need(shutil.which("redis-server") is not None, "redis-server is not installed")


def test_an_unreachable_broker_is_named(app_settings):
    app = _app_with_cache(
        app_settings, "simple://", celery_broker_url=f"redis://127.0.0.1:{free_port()}/0"
    )
    status, body, elapsed = _timed_healthz(app.server.test_client())
    assert status == 503 and body["broker"] == "unreachable"
    assert body["database"] == "ok" and body["cache"] == "ok"
    assert elapsed < 2.0


def test_a_reachable_broker_is_ok(app_settings):
    need_redis_server()
    with own_redis() as (url, process):
        app = _app_with_cache(app_settings, "simple://", celery_broker_url=url)
        status, body, _elapsed = _timed_healthz(app.server.test_client())
        assert status == 200 and body["broker"] == "ok"
        with paused(process):
            status, body, elapsed = _timed_healthz(app.server.test_client())
        assert status == 503 and body["broker"] == "timeout" and elapsed < 2.0


# ------------------------------------------------------------------ the database (PostgreSQL)


def planted_region_count(_value):
    """A page callback reading the database the way every page does."""
    with database.read() as conn:
        return str(conn.execute(text("SELECT count(*) FROM region")).scalar_one())


def planted_replica_down(_value):
    """A page callback whose read fails after the session check passed (a replica down)."""
    raise DatabaseUnavailable("replica does not answer")


PLANTED = [
    CallbackSpec(
        planted_region_count,
        (Output("planted-fault-count", "children"), Input("planted-fault-go", "value")),
        {},
    ),
    CallbackSpec(
        planted_replica_down,
        (Output("planted-fault-block", "children"), Input("planted-fault-read", "value")),
        {},
    ),
]


def test_a_callback_whose_database_is_down_shows_the_reason(app_settings):
    app = planted_app(app_settings.database_url, PLANTED)
    client = app.server.test_client()
    assert login(client, "director").status_code == 302
    callback = next(c for c in all_server_callbacks(app) if c.name == "planted_replica_down")
    response = post(client, callback, 1)
    assert response.status_code == 200 and response.headers.get(ERROR_HEADER) == "1"
    shown = json.dumps(response.get_json(), ensure_ascii=False)
    assert strings.DATABASE_UNAVAILABLE in shown and "replica does not answer" not in shown


@pytest.fixture(scope="module")
def pg_faults(tmp_path_factory):
    """A private PostgreSQL database with one admin, reached through a forwarder."""
    url, admin = private_url("postgresql", tmp_path_factory.mktemp("faults"), "faults")
    upgrade(url)
    with database.bind(get_engine(url)):
        users.add_user(users.SYSTEM, "faultadmin", PASSWORD, "admin")
    target = make_url(url)
    forwarder = Forwarder((target.host or "127.0.0.1", target.port or 5432))
    through = target.set(host="127.0.0.1", port=forwarder.port)
    yield forwarder, through.render_as_string(hide_password=False)
    forwarder.close()
    dispose_engines()
    drop(get_engine(url), admin)


def test_a_hung_database_fails_fast_with_the_reason_and_recovers(pg_faults):
    forwarder, url = pg_faults
    app = planted_app(url, PLANTED)
    client = app.server.test_client()
    assert login(client, "faultadmin", PASSWORD).status_code == 302
    callback = next(c for c in all_server_callbacks(app) if c.name == "planted_region_count")
    assert post(client, callback, 1).status_code == 200
    forwarder.pause()
    try:
        status, body, elapsed = _timed_healthz(client)
        assert status == 503 and body["database"] in {"timeout", "unreachable"}, body
        assert elapsed < 2.0
        time.sleep(1.0)  # the watchdog has noticed by now (ping every 0.5 s, 1.5 s deadline)
        started = time.monotonic()
        response = post(client, callback, 2)
        assert time.monotonic() - started < 2.0
        assert response.headers.get(ERROR_HEADER) == "1"
        assert strings.DATABASE_UNAVAILABLE in json.dumps(response.get_json(), ensure_ascii=False)
        status, body, elapsed = _timed_healthz(client)
        assert status == 503 and body["database"] == "unreachable" and elapsed < 0.5
        page = client.get("/")
        assert page.status_code == 503 and strings.DATABASE_UNAVAILABLE in page.text
    finally:
        forwarder.resume()
    deadline = time.monotonic() + 6
    while _timed_healthz(client)[0] != 200 and time.monotonic() < deadline:
        time.sleep(0.2)
    response = post(client, callback, 3)  # the same session: nothing restarted
    assert response.status_code == 200 and ERROR_HEADER not in response.headers
    assert "planted-fault-count" in response.text


def test_pool_recovers_after_every_connection_is_dropped(pg_faults):
    forwarder, url = pg_faults
    app = planted_app(url, PLANTED)
    client = app.server.test_client()
    assert login(client, "faultadmin", PASSWORD).status_code == 302
    callback = next(c for c in all_server_callbacks(app) if c.name == "planted_region_count")
    assert post(client, callback, 1).status_code == 200
    forwarder.drop()  # a restart: every pooled connection is dead
    time.sleep(0.1)
    for value in range(3):
        response = post(client, callback, value)
        assert response.status_code == 200 and ERROR_HEADER not in response.headers
    assert client.get("/healthz").status_code == 200


def test_settings_reach_the_engines():
    """The pool and timeouts come from the settings (OKO_DB_POOL_SIZE, OKO_CONNECT_TIMEOUT_S)."""
    from dashboard.db import engines_for

    settings = Settings.from_env(
        {
            "OKO_ENV": "test",
            "OKO_SECRET_KEY": "k" * 40,
            "OKO_DATABASE_URL": "postgresql+psycopg://nobody@127.0.0.1:1/none",
            "OKO_DB_POOL_SIZE": "7",
            "OKO_DB_MAX_OVERFLOW": "3",
            "OKO_CONNECT_TIMEOUT_S": "4",
        }
    )
    primary, read = engines_for(settings)
    assert primary.pool.size() == 7 and primary.pool._max_overflow == 3
    assert primary.pool._pre_ping and read.pool._pre_ping
    assert read is not primary  # page reads carry the statement timeout, imports do not
