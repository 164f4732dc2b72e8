"""Region-wide aggregations computed once per process when several requests ask at once.

A page's callbacks arrive together on a cold cache (first visit after a start or an import):
with `cache.cached` alone each of them computes the same detector or fact frames in parallel,
and on two cores that costs several times one computation. `cached_once` lets the first
request compute and store while the others wait for its cache entry.

Use it for the expensive region-wide aggregations (one lock per scope, name and arguments,
kept for the life of the process); a computation may call another one (the locks nest, never
cycle).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from typing import TypeVar

from data_access import cache
from data_access.scope import Scope

T = TypeVar("T")
_locks: dict[tuple[str, str, str], threading.Lock] = {}
_guard = threading.Lock()


def cached_once(scope: Scope, name: str, compute: Callable[[], T], args: object = None) -> T:
    """`cache.cached(scope, name, args, compute)`, computed by one request at a time."""
    key = (scope.key, name, json.dumps(args, sort_keys=True, default=str))
    with _guard:
        lock = _locks.setdefault(key, threading.Lock())
    with lock:
        return cache.cached(scope, name, args, compute)
