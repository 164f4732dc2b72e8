"""Shared fixtures: databases (SQLite always, PostgreSQL when configured), demo data, apps,
and signed-in clients for every role.

OKO_TEST_DATABASE_URL adds PostgreSQL to every data-access test; OKO_REQUIRE_ALL=1 (set by
.ci/run) turns each "cannot run here" skip into a failure.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from sqlalchemy import select, text

from dashboard.config import Settings
from dashboard.db import dispose_engines, get_engine, upgrade
from dashboard.models import Base, Municipality, School
from data_access import database
from data_access.scope import Scope

DEMO_PASSWORD = "OkoDemo2024!"
PG_URL = os.environ.get("OKO_TEST_DATABASE_URL")
REQUIRE_ALL = os.environ.get("OKO_REQUIRE_ALL") == "1"
CHROMIUM = shutil.which("chromium") or (
    "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None
)


def need(condition: bool, reason: str) -> None:
    """Skip with a stated reason on a user's machine; fail in CI (OKO_REQUIRE_ALL=1)."""
    if condition:
        return
    if REQUIRE_ALL:
        pytest.fail(f"OKO_REQUIRE_ALL=1 but {reason}")
    pytest.skip(reason)


def reset_postgres(url: str) -> None:
    """Drop every OKO table (and Alembic's stamp) so the schema is built from migrations."""
    engine = get_engine(url)
    with engine.begin() as conn:
        Base.metadata.drop_all(conn)
        conn.execute(text("DROP TABLE IF EXISTS alembic_version"))


def _backends() -> list:
    return [
        "sqlite",
        pytest.param("postgresql", marks=pytest.mark.postgres),
    ]


@pytest.fixture(scope="session", params=_backends())
def database_url(request, tmp_path_factory) -> str:
    """An empty, migrated database on each backend."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'oko.sqlite3'}"
    else:
        need(bool(PG_URL), "OKO_TEST_DATABASE_URL is not set: PostgreSQL tests skipped")
        url = PG_URL
        reset_postgres(url)
    upgrade(url)
    return url


@pytest.fixture(scope="session")
def demo_url(database_url) -> str:
    """The `district` demo built once per backend, with the demo users."""
    from dashboard.cli import _create_demo_users
    from dashboard.demo import build

    engine = get_engine(database_url)
    build(engine, scale="district", seed=7, reset=True)
    with database.bind(engine):
        _create_demo_users()
    return database_url


@pytest.fixture(scope="session")
def region_demo(tmp_path_factory):
    """Region-scale SQLite demos, built once per seed per session (detector recall tests).

    ``region_demo(seed)`` returns the engine; recall tests run on two seeds so that no
    threshold can be tuned to one draw.
    """
    from dashboard.demo import build

    built: dict[int, object] = {}

    def get(seed: int):
        if seed not in built:
            url = f"sqlite:///{tmp_path_factory.mktemp(f'region{seed}') / 'oko.sqlite3'}"
            upgrade(url)
            engine = get_engine(url)
            build(engine, scale="region", seed=seed, reset=True)
            built[seed] = engine
        return built[seed]

    return get


@pytest.fixture(scope="session")
def region_app(region_demo):
    """The app on the region demo as `oko demo --scale region` builds it (seed 42, ~300
    schools): the scale at which charts must stay readable and the demo the issues quote."""
    from dashboard.app import create_app
    from dashboard.cli import _create_demo_users

    engine = region_demo(42)
    with database.bind(engine):
        _create_demo_users()
    settings = Settings(
        env="test",
        database_url=engine.url.render_as_string(hide_password=False),
        cache_url="simple://",
        secret_key="r" * 48,
        testing=True,
    )
    return create_app(settings)


@pytest.fixture
def demo_engine(demo_url):
    engine = get_engine(demo_url)
    with database.bind(engine):
        yield engine


@pytest.fixture
def scopes(demo_engine) -> dict[str, Scope]:
    """One real scope per role, from the demo users."""
    from data_access import users

    out = {}
    for login in ("admin", "region", "district", "director", "viewer"):
        account = users.account_by_login(login)
        out[account.role] = users.scope_for(account)
    return out


@pytest.fixture
def foreign_school(demo_engine, scopes) -> dict:
    """A school outside the director's school (and, if possible, outside its municipality)."""
    director = scopes["school"]
    with demo_engine.connect() as conn:
        row = (
            conn.execute(
                select(School.id, School.school_code, School.name, School.municipality_id)
                .where(School.id != director.school_id)
                .order_by(
                    School.municipality_id != director.municipality_id, School.school_code.desc()
                )
            )
            .mappings()
            .first()
        )
    return dict(row)


# --------------------------------------------------------------------------- app & clients


@pytest.fixture(scope="session")
def app_settings(tmp_path_factory) -> Settings:
    """SQLite district demo for HTTP and browser tests (one app per session)."""
    from dashboard.cli import _create_demo_users
    from dashboard.demo import build

    folder = tmp_path_factory.mktemp("app")
    url = f"sqlite:///{folder / 'oko.sqlite3'}"
    upgrade(url)
    engine = get_engine(url)
    build(engine, scale="district", seed=11, reset=True)
    with database.bind(engine):
        _create_demo_users()
    return Settings(
        env="test", database_url=url, cache_url="simple://", secret_key="t" * 48, testing=True
    )


@pytest.fixture(scope="session")
def app(app_settings):
    from dashboard.app import create_app

    return create_app(app_settings)


def login(client, user: str, password: str = DEMO_PASSWORD):
    page = client.get("/login")
    token = re.search(rb'name="csrf_token" value="([^"]+)"', page.data).group(1).decode()
    return client.post("/login", data={"login": user, "password": password, "csrf_token": token})


def form_token(client) -> str:
    """The session's form token, as the sign-in page shows it."""
    page = client.get("/login")
    return re.search(rb'name="csrf_token" value="([^"]+)"', page.data).group(1).decode()


def logout(client):
    """Sign out as the user menu does: a POST with the session's form token."""
    return client.post("/logout", data={"csrf_token": form_token(client)})


@pytest.fixture(autouse=True)
def _fresh_throttle(request):
    """Each test starts with an empty sign-in throttle (all test clients share 127.0.0.1)."""
    if "app" in request.fixturenames:
        from dashboard.auth import throttle

        server = request.getfixturevalue("app").server
        server.extensions["oko_cache"].clear()
        with database.bind(server.extensions["oko_engine"]):
            throttle.clear_all()


@pytest.fixture
def client_for(app):
    """client_for('director') → a Flask test client signed in as that demo user."""

    def make(user: str):
        client = app.server.test_client()
        response = login(client, user)
        assert response.status_code == 302, response.data[:300]
        return client

    return make


@pytest.fixture(scope="session", autouse=True)
def _dispose():
    yield
    dispose_engines()


def municipalities(engine) -> list[str]:
    with engine.connect() as conn:
        return list(conn.execute(select(Municipality.code).order_by(Municipality.code)).scalars())
