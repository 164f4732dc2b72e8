"""Which views readers opened lately, so that an import can answer them for its new data first.

Every memoised callback answer (callbacks.registry) is one view: a reader's scope and the
callback request that produced it. An import replaces the data version, and with it every
cached answer; `callbacks.warm` then answers the views noted here again, inside the import's
transaction (PostgreSQL), so the readers who are on those pages find them computed at the
commit instead of all computing at once.

The notes live in the shared cache, in a fixed number of slots (a view's slot is a hash of it;
a later view in the same slot replaces an earlier one), each expiring after `KEEP_S`: bounded,
no key listing needed, and nothing is lost that matters when the cache is down or evicts them.
Each process notes a view at most once per `NOTE_EVERY_S`.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time

from data_access import cache
from data_access.scope import Scope

# Choice: 1,024 slots hold the views of ~100 concurrent readers (each opens ~10) with room for
# collisions; views older than 30 minutes are not worth computing ahead.
SLOTS = 1024
KEEP_S = 1800
NOTE_EVERY_S = 60.0

_noted: dict[str, float] = {}  # view digest -> when this process last noted it
_lock = threading.Lock()


def _digest(scope: Scope, view: str, request: dict) -> str:
    payload = json.dumps([scope.key, view, request], sort_keys=True, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()


def note(scope: Scope, view: str, request: dict) -> None:
    """Remember that `scope`'s reader was answered `view` for this callback request."""
    digest = _digest(scope, view, request)
    now = time.monotonic()
    with _lock:
        if now - _noted.get(digest, -NOTE_EVERY_S) < NOTE_EVERY_S:
            return
        _noted[digest] = now
        if len(_noted) > 4 * SLOTS:  # forget the oldest half
            for old in sorted(_noted, key=_noted.get)[: 2 * SLOTS]:
                del _noted[old]
    entry = {
        "login": scope.login,
        "scope": scope.key,
        "view": view,
        "request": request,
        "at": time.time(),
    }
    try:
        cache.current_cache().set(f"demand:{int(digest[:8], 16) % SLOTS}", entry, timeout=KEEP_S)
    except Exception:  # a note is a hint: never fail the answer for it
        pass


def recent(limit: int = SLOTS) -> list[dict]:
    """The noted views, most recent first."""
    try:
        found = cache.current_cache().get_many(*(f"demand:{slot}" for slot in range(SLOTS)))
    except Exception:
        return []
    entries = [
        e for e in found if isinstance(e, dict) and {"login", "scope", "request"} <= e.keys()
    ]
    return sorted(entries, key=lambda e: e.get("at", 0), reverse=True)[:limit]


def forget() -> None:
    """Forget this process's throttle (tests)."""
    with _lock:
        _noted.clear()
