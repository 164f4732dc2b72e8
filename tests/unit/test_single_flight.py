"""Concurrent first requests for a region-wide aggregation compute it once and share it."""

from __future__ import annotations

import contextvars
import threading
import time

from cachelib import SimpleCache

from dashboard.db import get_engine, upgrade
from data_access import cache, database
from data_access.scope import Scope
from data_access.single_flight import cached_once


def test_concurrent_callers_compute_once_and_get_the_same_value(tmp_path):
    # The cache keys carry the data version, read from the database: bind one (without a
    # database nothing is cached at all, which is how invalidation fails closed).
    url = f"sqlite:///{tmp_path / 'oko.sqlite3'}"
    upgrade(url)
    scope = Scope(login="system:region", role="region", region_id=1)
    calls, results = [], []

    def compute():
        calls.append(1)
        time.sleep(0.05)  # long enough for every other thread to arrive meanwhile
        return {"value": 42}

    def ask():
        results.append(cached_once(scope, "single_flight_test", compute))

    with database.bind(get_engine(url)):
        cache.set_cache(SimpleCache())
        try:
            # each thread sees the cache and the database set here (a request sees the app's)
            threads = [
                threading.Thread(target=contextvars.copy_context().run, args=(ask,))
                for _ in range(6)
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        finally:
            cache.set_cache(None)
    assert len(calls) == 1
    assert results == [{"value": 42}] * 6
