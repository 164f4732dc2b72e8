"""Issue 18 §10: /healthz reads real tables, so a database that answers `SELECT 1` but whose
tables cannot be read (a corrupt page, a wiped or unmigrated file) is reported, not `ok`."""

from __future__ import annotations

import sqlite3

from sqlalchemy import insert

from dashboard.config import Settings
from dashboard.db import get_engine, upgrade
from dashboard.models import Region


def _app(url: str):
    from dashboard.app import create_app

    settings = Settings(
        env="test", secret_key="k" * 40, cache_url="simple://", testing=True, database_url=url
    )
    return create_app(settings)


def _migrated(tmp_path):
    path = tmp_path / "oko.sqlite3"
    url = f"sqlite:///{path}"
    upgrade(url)
    with get_engine(url).begin() as conn:
        conn.execute(insert(Region).values(id=1, code="R1", name="Область"))
    return path, url


def test_a_readable_database_is_ok(tmp_path):
    _path, url = _migrated(tmp_path)
    response = _app(url).server.test_client().get("/healthz")
    assert response.status_code == 200 and response.get_json()["database"] == "ok"


def test_a_corrupt_table_is_reported(tmp_path):
    """One table's page overwritten: the connection and `SELECT 1` still work."""
    path, url = _migrated(tmp_path)
    get_engine(url).dispose()  # no pooled connection keeps the old page
    with sqlite3.connect(path) as raw:
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the table's rows into the main file
        (root,) = raw.execute("SELECT rootpage FROM sqlite_master WHERE name = 'region'").fetchone()
        (page_size,) = raw.execute("PRAGMA page_size").fetchone()
    raw.close()
    with open(path, "r+b") as file:
        file.seek((root - 1) * page_size)
        file.write(b"\xff" * page_size)
    client = _app(url).server.test_client()
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["database"] == "unreadable"
    assert "malformed" not in response.get_data(as_text=True)  # the reason stays in the log


def test_a_database_without_tables_is_reported(tmp_path):
    """An empty file (wiped, or never migrated) opens and answers `SELECT 1` as well."""
    path = tmp_path / "empty.sqlite3"
    sqlite3.connect(path).close()
    response = _app(f"sqlite:///{path}").server.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["database"] == "unreadable"
