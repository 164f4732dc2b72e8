"""Which engine data_access talks to: bound per app (or per test), never a global default."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

import pandas as pd
from sqlalchemy import Connection, Engine

from data_access import db_watchdog

_bound: ContextVar[Engine | None] = ContextVar("oko_engine", default=None)
# An open transaction every read and write of this context goes through (`within`).
_within: ContextVar[Connection | None] = ContextVar("oko_within", default=None)


def current_engine() -> Engine:
    """The app's engine inside a request; otherwise the one bound with bind()."""
    from flask import current_app, has_app_context

    if has_app_context() and "oko_engine" in current_app.extensions:
        return current_app.extensions["oko_engine"]
    engine = _bound.get()
    if engine is not None:
        return engine
    raise RuntimeError("no database engine bound: create the app or use data_access.bind()")


@contextmanager
def bind(engine: Engine) -> Iterator[Engine]:
    """Bind an engine for data_access calls in this context (tests, CLI)."""
    token = _bound.set(engine)
    try:
        yield engine
    finally:
        _bound.reset(token)


@contextmanager
def within(conn: Connection) -> Iterator[Connection]:
    """Run every data_access read and write of this context inside `conn`'s open transaction:
    an import computes the pages' stored results from its own uncommitted data, so they
    commit together with it (data_access.imports)."""
    token = _within.set(conn)
    try:
        yield conn
    finally:
        _within.reset(token)


def current_within() -> Connection | None:
    """The transaction `within` bound, if any."""
    return _within.get()


def current_read_engine() -> Engine:
    """The engine of page reads: the replica (OKO_READ_DATABASE_URL), under the page statement
    timeout; the primary when no replica is set or outside an app."""
    from flask import current_app, has_app_context

    if has_app_context() and "oko_read_engine" in current_app.extensions:
        return current_app.extensions["oko_read_engine"]
    return current_engine()


@contextmanager
def read(*, primary: bool = False) -> Iterator[Connection]:
    """A connection for reading page data (the replica, if any). `primary=True` for reads that
    must see the latest write of any process (sessions, sign-in counters): a replica lags."""
    inside = _within.get()
    if inside is not None:
        yield inside
        return
    engine = current_engine() if primary else current_read_engine()
    db_watchdog.check(engine)  # fail fast while the server does not answer
    with engine.connect() as connection:
        yield connection


@contextmanager
def write() -> Iterator[Connection]:
    inside = _within.get()
    if inside is not None:  # part of the enclosing transaction: it commits or rolls back all
        yield inside
        return
    engine = current_engine()
    db_watchdog.check(engine)
    with engine.begin() as connection:
        yield connection


def frame(conn: Connection, stmt, columns: list[str] | None = None) -> pd.DataFrame:
    """The rows of `stmt` as a DataFrame, built column-wise.

    `pd.DataFrame(result.mappings().all())` makes pandas probe every Row object, which costs as
    much as the query itself at tens of thousands of rows; zipping the tuples into columns
    does not. `columns` picks (by name) and orders the columns, also of an empty result; a
    name the statement does not select is an error, not a silent column of NaN.
    """
    result = conn.execute(stmt)
    names = list(result.keys())
    unknown = [c for c in columns or () if c not in names]
    if unknown:
        raise KeyError(f"columns {unknown} are not selected (selected: {names})")
    rows = result.all()
    if not rows:
        return pd.DataFrame(columns=columns or names)
    built = pd.DataFrame(dict(zip(names, zip(*rows, strict=True), strict=True)))
    return built.reindex(columns=columns) if columns else built
