"""Procedure.results_loaded_at: set once, to the time of the import that first brings a
procedure's results (school, pupil or skill results), inside the import's transaction."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select

from dashboard.db import get_engine, upgrade
from dashboard.ingest import parse
from dashboard.models import Procedure
from data_access import database, imports
from data_access.scope import Scope

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"
ADMIN = Scope(login="loaded-at-test", role="admin")


@pytest.fixture
def engine(tmp_path):
    """A fresh database with the example schools and procedures, no results yet."""
    url = f"sqlite:///{tmp_path / 'loaded.sqlite3'}"
    upgrade(url)
    engine = get_engine(url)
    with database.bind(engine):
        for kind in ("schools", "procedures"):
            data = (EXAMPLES / f"{kind}.csv").read_bytes()
            assert imports.run_import(ADMIN, parse(kind, data, f"{kind}.csv")).ok
        yield engine


def _loaded(engine) -> dict[str, dt.datetime | None]:
    with engine.connect() as conn:
        rows = conn.execute(select(Procedure.code, Procedure.results_loaded_at)).all()
    return {code: _utc(at) for code, at in rows}


def _utc(at: dt.datetime | None) -> dt.datetime | None:
    if at is None or at.tzinfo is not None:
        return at
    return at.replace(tzinfo=dt.UTC)  # SQLite returns the stored UTC time without its zone


def _run(kind: str, data: bytes, **kwargs):
    return imports.run_import(ADMIN, parse(kind, data, f"{kind}.csv"), **kwargs)


def test_first_results_import_stamps_only_its_procedures(engine):
    assert set(_loaded(engine).values()) == {None}
    data = (EXAMPLES / "results.csv").read_bytes()
    assert _run("results", data, dry_run=True).outcome == "dry_run"
    assert set(_loaded(engine).values()) == {None}  # a dry run writes nothing

    before = dt.datetime.now(dt.UTC)
    assert _run("results", data).ok
    after = dt.datetime.now(dt.UTC)
    loaded = _loaded(engine)
    with_results = {line.split(";")[0] for line in data.decode().splitlines()[1:] if line}
    assert with_results and with_results < set(loaded)
    for code, at in loaded.items():
        if code in with_results:
            assert at is not None and before <= at <= after, code
        else:
            assert at is None, code


def test_a_later_import_keeps_the_first_time(engine):
    data = (EXAMPLES / "results.csv").read_bytes()
    assert _run("results", data).ok
    first = _loaded(engine)
    assert _run("results", data).ok  # the same results again
    assert _run("skill-results", (EXAMPLES / "skill-results.csv").read_bytes()).ok
    again = _loaded(engine)
    for code, at in first.items():
        if at is not None:
            assert again[code] == at, code


def test_skill_and_pupil_results_stamp_their_procedures(engine):
    for kind in ("skill-results", "pupil-results"):
        data = (EXAMPLES / f"{kind}.csv").read_bytes()
        codes = {line.split(";")[0] for line in data.decode().splitlines()[1:] if line}
        assert _run(kind, data).ok, kind
        loaded = _loaded(engine)
        assert codes & set(loaded) and all(loaded[c] is not None for c in codes & set(loaded))


def test_a_rejected_import_stamps_nothing(engine):
    data = (EXAMPLES / "results.csv").read_text(encoding="utf-8").splitlines()
    data.append(data[1].replace("749901", "000000", 1))  # an unknown school: all or nothing
    result = _run("results", ("\n".join(data) + "\n").encode())
    assert not result.ok
    assert set(_loaded(engine).values()) == {None}
