"""Sign-in throttling: a hard limit per (login, client address), with a block that grows.

One address is never blocked as a whole: behind a school's NAT or the TLS proxy many users
share it, and a stranger's failures must not lock them out. Counters live in the database
(data_access.sessions, table signin_throttle), not in the evictable aggregate cache, so every
worker sees them and a window ends when its time is up on every backend.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from data_access import sessions

# Choice: 5 wrong passwords a minute for one login from one address, then a block of a minute
# that doubles at every repeated lockout (1, 2, 4 … minutes, at most an hour); a day without
# failures forgets the lockouts.
MAX_FAILURES = 5
WINDOW_SECONDS = 60
FIRST_BLOCK_SECONDS = 60
MAX_BLOCK_SECONDS = 3600
FORGET_AFTER_SECONDS = 24 * 3600


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def key(login: str, ip: str) -> str:
    pair = f"{login.strip().lower()}\n{ip}".encode()
    return "pair:" + hashlib.sha256(pair).hexdigest()[:48]


def is_blocked(login: str, ip: str) -> bool:
    until = sessions.throttle_blocked_until(key(login, ip))
    return until is not None and until > _now()


def record_failure(login: str, ip: str) -> None:
    sessions.throttle_failure(
        key(login, ip),
        _now(),
        limit=MAX_FAILURES,
        window=dt.timedelta(seconds=WINDOW_SECONDS),
        block=dt.timedelta(seconds=FIRST_BLOCK_SECONDS),
        max_block=dt.timedelta(seconds=MAX_BLOCK_SECONDS),
        forget_after=dt.timedelta(seconds=FORGET_AFTER_SECONDS),
    )


def reset(login: str, ip: str) -> None:
    sessions.throttle_clear(key(login, ip))


def clear_all() -> None:
    """Forget every counter (tests start from an empty throttle)."""
    sessions.throttle_clear()
