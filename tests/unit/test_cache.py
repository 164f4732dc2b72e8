"""Cached aggregations: keyed by scope, invalidated by the data version, on every backend."""

from __future__ import annotations

import os

import pytest

from dashboard.db import get_engine, upgrade
from data_access import cache, database
from data_access.scope import Scope
from tests.conftest import need

A = Scope(login="a", role="school", region_id=1, municipality_id=1, school_id=1)
B = Scope(login="b", role="school", region_id=1, municipality_id=1, school_id=2)


@pytest.fixture(scope="module")
def versioned(tmp_path_factory):
    """A migrated database: the data version lives there (table data_version)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('cache') / 'oko.sqlite3'}"
    upgrade(url)
    return get_engine(url)


@pytest.fixture(params=["simple", "filesystem", "redis"])
def backend(request, tmp_path, versioned):
    if request.param == "simple":
        url = "simple://"
    elif request.param == "filesystem":
        url = f"filesystem://{tmp_path}"
    else:
        url = os.environ.get("OKO_TEST_REDIS_URL")
        need(bool(url), "OKO_TEST_REDIS_URL is not set: Redis cache test skipped")
    store = cache.cache_from_url(url)
    if request.param == "redis":
        store.clear()
    cache.set_cache(store)
    with database.bind(versioned):
        yield store
    cache.set_cache(None)


def test_scopes_never_share_an_entry(backend):
    assert cache.cached(A, "f", {"x": 1}, lambda: "for A") == "for A"
    assert cache.cached(B, "f", {"x": 1}, lambda: "for B") == "for B"
    assert cache.cached(A, "f", {"x": 1}, lambda: "recomputed") == "for A"


def test_invalidation_makes_old_entries_unreachable(backend):
    cache.cached(A, "g", None, lambda: 1)
    cache.invalidate()
    assert cache.cached(A, "g", None, lambda: 2) == 2
    assert cache.healthy(backend)


def test_unknown_scheme_and_relative_path_are_refused():
    with pytest.raises(cache.CacheConfigError):
        cache.cache_from_url("memcached://x")
    with pytest.raises(cache.CacheConfigError):
        cache.cache_from_url("filesystem://relative/path")
