"""A private database for tests that write (SQLite always, PostgreSQL when configured), so
their writes never touch the shared session demo the other tests read."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine
from sqlalchemy.engine import make_url

from tests.conftest import PG_URL, need


def private_url(backend: str, folder, name: str) -> tuple[str, object]:
    """A fresh database of its own: a file on SQLite; on PostgreSQL `<test db>_<name>`."""
    if backend == "sqlite":
        return f"sqlite:///{folder / f'{name}.sqlite3'}", None
    need(bool(PG_URL), "OKO_TEST_DATABASE_URL is not set: PostgreSQL tests skipped")
    url = make_url(PG_URL)
    private = url.set(database=f"{url.database}_{name}")
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    quoted = admin.dialect.identifier_preparer.quote(private.database)  # DDL takes no parameters
    with admin.connect() as conn:
        conn.exec_driver_sql("DROP DATABASE IF EXISTS " + quoted + " WITH (FORCE)")
        conn.exec_driver_sql("CREATE DATABASE " + quoted)
    return private.render_as_string(hide_password=False), admin


def drop(engine, admin) -> None:
    engine.dispose()
    if admin is not None:
        quoted = admin.dialect.identifier_preparer.quote(engine.url.database)
        with admin.connect() as conn:
            conn.exec_driver_sql("DROP DATABASE IF EXISTS " + quoted + " WITH (FORCE)")
        admin.dispose()


@contextmanager
def private_demo(backend: str, folder, name: str, scale, seed: int) -> Iterator:
    """A private database migrated and filled with a demo of `scale`, bound for data_access
    while the test runs, then dropped."""
    from dashboard.db import dispose_engines, get_engine, upgrade
    from dashboard.demo import build
    from data_access import database

    url, admin = private_url(backend, folder, name)
    upgrade(url)
    engine = get_engine(url)
    build(engine, scale=scale, seed=seed, reset=True)
    with database.bind(engine):
        yield engine
    dispose_engines()
    drop(engine, admin)


def filled_db(name: str, fill):
    """A module-scoped fixture: (engine, fill(engine)) on a private migrated database per
    backend (SQLite; PostgreSQL when configured), dropped after the module."""
    import pytest

    from dashboard.db import get_engine, upgrade

    @pytest.fixture(
        scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
    )
    def fixture(request, tmp_path_factory):
        url, admin = private_url(request.param, tmp_path_factory.mktemp(name), name)
        upgrade(url)
        engine = get_engine(url)
        yield engine, fill(engine)
        drop(engine, admin)

    return fixture
