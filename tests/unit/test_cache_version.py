"""Issue 18 §3 and §9: the data version cannot be evicted back to an older one, and nothing read
back from a cache is unpickled."""

from __future__ import annotations

import os
import pickle
import struct
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import select

from dashboard.db import get_engine
from dashboard.models import DataVersion
from data_access import cache, database
from data_access.scope import Scope
from tests.conftest import need

A = Scope(login="a", role="school", region_id=1, municipality_id=1, school_id=1)


@pytest.fixture
def engine(database_url):
    """A migrated database on each backend (SQLite; PostgreSQL when configured)."""
    return get_engine(database_url)


@pytest.fixture
def bound(engine):
    with database.bind(engine):
        yield engine
    cache.set_cache(None)


def _backend(kind: str, tmp_path: Path):
    if kind == "simple":
        return cache.cache_from_url("simple://")
    if kind == "filesystem":
        return cache.cache_from_url(f"filesystem://{tmp_path}")
    url = os.environ.get("OKO_TEST_REDIS_URL")
    need(bool(url), "OKO_TEST_REDIS_URL is not set: Redis cache test skipped")
    store = cache.cache_from_url(url)
    store.clear()
    return store


def test_a_full_cache_does_not_bring_back_aggregates_from_before_an_import(bound):
    """The attack of the issue: the version key (timeout 0) was pruned first once the cache
    was full, read back as 0, and the aggregate cached at version 0 was served again."""
    store = cache.cache_from_url("simple://")  # 2,000 entries, pruned oldest-expiry first
    cache.set_cache(store)
    assert cache.cached(A, "home", None, lambda: "before the import") == "before the import"
    cache.invalidate()  # an import
    for i in range(2100):  # short-lived entries (sign-in throttles, job states) fill the cache
        store.set(f"throttle:ip:{i}", 1, timeout=60)
    assert cache.cached(A, "home", None, lambda: "after the import") == "after the import"


def test_the_version_commits_with_the_data_or_not_at_all(bound):
    before = cache.data_version()
    with bound.connect() as conn:
        transaction = conn.begin()
        cache.invalidate(conn=conn)
        transaction.rollback()  # an import that failed
    assert cache.data_version() == before
    with bound.begin() as conn:
        written = cache.invalidate(conn=conn)
    assert cache.data_version() == written != before
    with bound.connect() as conn:
        assert conn.execute(select(DataVersion.token)).scalars().all() == [written]


def test_another_process_sees_the_new_version_within_a_second(bound, monkeypatch):
    seen = cache.data_version()
    with bound.begin() as conn:  # as another process would write it: no memo reset here
        conn.execute(DataVersion.__table__.update().values(token="from-another-process"))
    now = time.monotonic()
    monkeypatch.setattr(time, "monotonic", lambda: now + cache.VERSION_MEMO_SECONDS + 0.01)
    assert cache.data_version() == "from-another-process" != seen


def test_an_emptied_version_table_starts_a_new_version(bound):
    """A demo reset empties every data table: the version never returns to an earlier one."""
    old = cache.invalidate()
    with bound.begin() as conn:
        conn.execute(DataVersion.__table__.delete())
    cache._forget_version(bound)  # as a new process would start
    fresh = cache.data_version()
    assert fresh and fresh != old
    assert cache.data_version() == fresh


class _Planted:
    """Unpickling this touches a file: proof that a cache value was unpickled."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (Path.touch, (self.marker,))


@pytest.mark.parametrize("kind", ["filesystem", "redis"])
def test_a_planted_pickle_is_never_loaded(bound, tmp_path, kind):
    """Anyone who can write the cache directory or the Redis server must not run code in the
    app: a pickle planted under an aggregation's key is refused and the value recomputed."""
    store = _backend(kind, tmp_path / "cache")
    cache.set_cache(store)
    marker = tmp_path / "pickle-was-loaded"
    key = cache._key(A, "home", None)
    payload = pickle.dumps(_Planted(marker))
    if kind == "filesystem":
        path = Path(store._get_filename(key))
        path.write_bytes(struct.pack("I", 0) + payload)
    else:
        store._write_client.set(store.key_prefix + key, payload)
    assert cache.cached(A, "home", None, lambda: "computed") == "computed"
    assert not marker.exists()


@pytest.mark.parametrize("kind", ["simple", "filesystem", "redis"])
def test_cached_values_come_back_equal_on_every_backend(bound, tmp_path, kind):
    store = _backend(kind, tmp_path / "cache")
    cache.set_cache(store)
    frame = pd.DataFrame(
        {"school": pd.array(["a", None], dtype="object"), "mean": [1.5, np.nan]},
        index=pd.Index([10, 20], name="id"),
    )
    values = {
        "frame": frame,
        "series": frame["mean"],
        "dict": {"n": np.int64(3), "share": np.float64(0.25), "flag": np.bool_(True)},
        "list": [1, "два", None, float("inf")],
        "tuple": (1, 2),
        "int": 7,
        "bool": False,
    }
    for name, value in values.items():
        cache.store(A, name, None, value)
    back = {name: cache.lookup(A, name, None) for name in values}
    pd.testing.assert_frame_equal(back["frame"], frame)
    pd.testing.assert_series_equal(back["series"], frame["mean"])
    assert back["dict"] == {"n": 3, "share": 0.25, "flag": True}
    assert back["list"] == [1, "два", None, float("inf")]
    assert back["tuple"] == (1, 2) and back["int"] == 7 and back["bool"] is False
    assert type(back["bool"]) is bool
    assert store.add("counter", 1)
    store.inc("counter")
    assert store.get("counter") == 2  # limits count with add/inc


def test_a_value_json_cannot_hold_is_not_cached_and_says_so(bound, caplog):
    cache.set_cache(cache.cache_from_url("simple://"))
    calls = []

    def compute():
        calls.append(1)
        return pd.Timestamp("2025-01-01")

    cache.cached(A, "stamp", None, compute)
    cache.cached(A, "stamp", None, compute)
    assert len(calls) == 2
    assert "stamp not cached" in caplog.text


def test_sets_and_the_projects_dataclasses_come_back(bound):
    """What the aggregations cache besides frames: HiddenResults (frozensets of pairs)."""
    from data_access.suppression import HiddenResults

    cache.set_cache(cache.cache_from_url("simple://"))
    plan = HiddenResults(
        schools=frozenset({(1, 2), (3, 4)}), municipalities=frozenset(), regions=frozenset({7})
    )
    cache.store(A, "hidden_results", None, plan)
    cache.store(A, "ids", None, {5, 6})
    assert cache.lookup(A, "hidden_results", None) == plan
    assert cache.lookup(A, "ids", None) == {5, 6}


@pytest.mark.parametrize(
    "planted",
    [
        {"__dc__": ["os", "system", {"command": "touch /tmp/x"}]},
        {"__dc__": ["subprocess", "Popen", {"args": ["true"]}]},
        {"__dc__": ["dashboard.config", "Path", {}]},  # not a dataclass
    ],
)
def test_a_planted_payload_builds_nothing_outside_the_projects_dataclasses(planted):
    import zlib

    import orjson

    from data_access import serial

    with pytest.raises(ValueError):
        serial.loads(zlib.compress(orjson.dumps(planted)))
