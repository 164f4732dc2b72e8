"""The store of region-wide results computed at import time (table `derived_result`).

A page's costly region-wide computation (the objectivity detector, the schools' flags, the
default rankings fit) reads its stored result through `stored`; the computation runs only when
nothing is stored (a database filled without an import, or a selection nobody precomputed).
Imports that change data `clear` the store inside their transaction and
`data_access.precompute.refresh` writes it again after they commit, so a stored result never
outlives the data it was computed from, and the first visit after an import, in every server
process, is as fast as the second.

Results are internal to data_access (ids, no names): callers cut them to the caller's scope
exactly as they cut a freshly computed one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

from sqlalchemy import Connection, delete, func, insert, select

from dashboard.models import DerivedResult, ImportRun
from data_access import database, serial

T = TypeVar("T")
log = logging.getLogger(__name__)

# True while precompute.refresh recomputes: stored results are then ignored, not read back.
_recomputing: ContextVar[bool] = ContextVar("oko_derived_recomputing", default=False)


def args_key(args: Any) -> str:
    """A stable key for the arguments of a result."""
    payload = json.dumps(args, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()[:32]


def stored(name: str, args: Any, compute: Callable[[], T]) -> T:
    """The stored result `name` for `args`, or `compute()` when none is stored."""
    if not _recomputing.get():
        try:
            with database.read() as conn:
                payload = conn.execute(
                    select(DerivedResult.payload).where(
                        DerivedResult.name == name, DerivedResult.args_key == args_key(args)
                    )
                ).scalar_one_or_none()
        except Exception:  # a database without the table (not migrated yet): compute
            log.warning("derived_result unreadable; computing %s", name, exc_info=True)
            payload = None
        if payload is not None:
            return serial.loads(payload)
    return compute()


@contextmanager
def recomputing() -> Iterator[None]:
    """Within: `stored` computes instead of reading (the refresh's own computations)."""
    token = _recomputing.set(True)
    try:
        yield
    finally:
        _recomputing.reset(token)


def clear(conn: Connection) -> None:
    """Forget every stored result (inside the transaction that changes the data)."""
    conn.execute(delete(DerivedResult))


def import_mark(conn: Connection) -> tuple[int, int]:
    """The number and last id of recorded imports: a refresh writes only if no import ran
    while it computed."""
    count, last = conn.execute(select(func.count(), func.max(ImportRun.id))).one()
    return int(count), int(last or 0)


def replace(results: list[tuple[str, Any, Any]], mark: tuple[int, int] | None = None) -> bool:
    """Store `results` ((name, args, value) triples) instead of everything stored, in one
    transaction; nothing is written (False) when an import was recorded since `mark`."""
    rows = [
        {
            "name": name,
            "args_key": args_key(args),
            "payload": serial.dumps(value),
            "computed_at": dt.datetime.now(dt.UTC),
        }
        for name, args, value in results
    ]
    with database.write() as conn:
        if mark is not None and import_mark(conn) != mark:
            return False
        clear(conn)
        if rows:
            conn.execute(insert(DerivedResult), rows)
    return True


def names() -> list[str]:
    """Names of the stored results (for `oko refresh` and tests)."""
    with database.read() as conn:
        return list(conn.execute(select(DerivedResult.name).order_by(DerivedResult.name)).scalars())
