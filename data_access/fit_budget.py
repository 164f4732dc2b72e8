"""A per-user budget of expensive computations nothing has cached or stored yet.

A rankings fit for a covariate subset nobody asked for before takes seconds of CPU; any
signed-in user may ask for many subsets in a row. Each such fit is charged to the user who
asked (`paid_by` around the user's request, `charge_payer` where the fit runs), at most
`Settings.fits_per_minute` (OKO_FITS_PER_MINUTE) a minute; a fit read from the cache or the
derived store costs nothing. The counts live in the app's cache (shared by the workers with
Redis); without a cache (null://) nothing is counted.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from data_access.cache import current_cache
from data_access.scope import Scope

WINDOW_SECONDS = 60
SYSTEM_PREFIX = "system:"  # the internal scopes of imports and `oko refresh`: never limited


_payer: ContextVar[Scope | None] = ContextVar("oko_fit_payer", default=None)


class FitBudgetExceeded(RuntimeError):
    """The user has used this minute's uncached fits."""


@contextmanager
def paid_by(scope: Scope) -> Iterator[None]:
    """Within: fits nothing has cached or stored are charged to `scope`'s user."""
    token = _payer.set(scope)
    try:
        yield
    finally:
        _payer.reset(token)


def charge_payer() -> None:
    """Charge one fit to the user of the enclosing `paid_by`, if any."""
    payer = _payer.get()
    if payer is not None:
        charge(payer)


def _limit() -> int | None:
    from flask import current_app, has_app_context

    if not has_app_context():
        return None  # the CLI, imports and tests without an app
    settings = current_app.config.get("OKO_SETTINGS")
    return None if settings is None else settings.fits_per_minute


def charge(scope: Scope, now: float | None = None) -> None:
    """Count one uncached fit for `scope`'s user; raise FitBudgetExceeded over the budget."""
    limit = _limit()
    if limit is None or scope.login.startswith(SYSTEM_PREFIX):
        return
    window = int((time.time() if now is None else now) // WINDOW_SECONDS)
    user = hashlib.sha256(scope.login.encode()).hexdigest()[:16]
    key = f"fit-budget:{user}:{window}"
    store = current_cache()
    try:
        count = 1 if store.add(key, 1, timeout=2 * WINDOW_SECONDS) else store.inc(key) or 0
    except Exception:  # a broken cache does not stop the page (nor count anything)
        return
    if count > limit:
        raise FitBudgetExceeded(f"{count} uncached fits this minute (limit {limit})")
