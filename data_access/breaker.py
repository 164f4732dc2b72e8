"""Circuit breakers: after a dependency fails, skip it for a while instead of waiting on it.

A dead or paused Redis, or a PostgreSQL that no longer answers, must cost each process at most
one timeout per few seconds, not one per request. A breaker opens on a failure, answers "skip"
until its cool-down has passed, then lets one call through (half-open): a success closes it, a
failure opens it again. It logs once when it opens and once when it closes, not per call.
"""

from __future__ import annotations

import logging
import threading
import time

log = logging.getLogger(__name__)


class DatabaseUnavailable(RuntimeError):
    """The database does not answer now; the request fails fast instead of hanging."""


def database_unavailable(error: BaseException) -> bool:
    """Whether `error` means the database does not answer (refused fast, or a connection lost
    or shut by the watchdog), rather than a bug in the query."""
    from sqlalchemy.exc import DBAPIError, OperationalError

    if isinstance(error, DatabaseUnavailable):
        return True
    if not isinstance(error, DBAPIError):
        return False
    # a connection lost mid-query, or none to be had (refused, the server shutting down or
    # starting: seen during a PostgreSQL restart as a 500 from the session check)
    connecting = isinstance(error, OperationalError) and error.statement is None
    return bool(error.connection_invalidated) or connecting


class Breaker:
    """A per-process circuit breaker for one dependency (thread-safe)."""

    def __init__(self, name: str, cooldown_s: float = 5.0) -> None:
        self.name = name
        self.cooldown_s = cooldown_s
        self._open_until = 0.0  # monotonic time; 0 = closed
        self._probing = False
        self._lock = threading.Lock()

    @property
    def is_open(self) -> bool:
        return self._open_until > 0.0

    def allow(self) -> bool:
        """Whether a call may go to the dependency now (closed, or one half-open trial)."""
        if self._open_until == 0.0:
            return True
        with self._lock:
            if self._open_until == 0.0:
                return True
            if time.monotonic() < self._open_until or self._probing:
                return False
            self._probing = True  # exactly one caller tries; the others keep skipping
            return True

    def failure(self, error: BaseException | None = None) -> None:
        """Open (or re-open) the breaker; logged only when it was closed."""
        with self._lock:
            was_closed = self._open_until == 0.0
            self._open_until = time.monotonic() + self.cooldown_s
            self._probing = False
        if was_closed:
            log.warning(
                "%s failed (%s): skipped for %.0f s at a time until it answers",
                self.name,
                type(error).__name__ if error is not None else "no answer",
                self.cooldown_s,
            )

    def success(self) -> None:
        """Close the breaker; logged only when it was open."""
        if self._open_until == 0.0:
            return
        with self._lock:
            was_open = self._open_until > 0.0
            self._open_until = 0.0
            self._probing = False
        if was_open:
            log.warning("%s answers again", self.name)
