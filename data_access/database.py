"""Which engine data_access talks to: bound per app (or per test), never a global default."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from sqlalchemy import Connection, Engine

_bound: ContextVar[Engine | None] = ContextVar("oko_engine", default=None)


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
def read() -> Iterator[Connection]:
    with current_engine().connect() as connection:
        yield connection


@contextmanager
def write() -> Iterator[Connection]:
    with current_engine().begin() as connection:
        yield connection
