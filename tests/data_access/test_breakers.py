"""Issue 22: fail fast and fail open. A broken or hung cache costs at most one short timeout
per cool-down; a PostgreSQL that stops answering is noticed within ~2 s and refused fast until
it answers again; a dropped connection is replaced by the pool; page reads (and the data
version they are cached under) come from the read engine."""

from __future__ import annotations

import logging
import shutil
import sqlite3
import threading
import time

import pytest
from sqlalchemy import insert, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from dashboard.config import Settings
from dashboard.db import engines_for, get_engine, upgrade
from dashboard.models import DataVersion, Region
from data_access import cache, database, db_watchdog
from data_access.breaker import Breaker, DatabaseUnavailable, database_unavailable
from data_access.scope import Scope
from tests.conftest import PG_URL, need
from tests.faults import Forwarder, free_port, own_redis, paused

A = Scope(login="a", role="school", region_id=1, municipality_id=1, school_id=1)


@pytest.fixture
def versioned(tmp_path):
    url = f"sqlite:///{tmp_path / 'oko.sqlite3'}"
    upgrade(url)
    with database.bind(get_engine(url)) as engine:
        yield engine


@pytest.fixture
def short_cooldown(monkeypatch):
    monkeypatch.setattr(cache, "CACHE_COOLDOWN_S", 0.3)


# ------------------------------------------------------------------ the breaker itself


def test_a_breaker_skips_during_its_cooldown_then_lets_one_trial_through(caplog):
    breaker = Breaker("thing", cooldown_s=0.2)
    assert breaker.allow()
    with caplog.at_level(logging.WARNING, logger="data_access.breaker"):
        breaker.failure(OSError("down"))
        breaker.failure(OSError("still down"))  # already open: not logged again
        assert not breaker.allow()
        time.sleep(0.25)
        assert breaker.allow()  # the one half-open trial ...
        assert not breaker.allow()  # ... and nobody else meanwhile
        breaker.success()
        assert breaker.allow() and not breaker.is_open
    messages = [r.getMessage() for r in caplog.records]
    assert sum("failed" in m for m in messages) == 1
    assert sum("answers again" in m for m in messages) == 1


# ------------------------------------------------------------------ the cache fails open


def test_a_dead_redis_costs_one_failure_per_cooldown(versioned, short_cooldown, caplog):
    store = cache.cache_from_url(f"redis://127.0.0.1:{free_port()}/0")  # nobody listens
    cache.set_cache(store)
    try:
        with caplog.at_level(logging.WARNING, logger="data_access.breaker"):
            started = time.monotonic()
            values = [cache.cached(A, "f", {"i": i}, lambda i=i: i * 2) for i in range(50)]
            elapsed = time.monotonic() - started
        assert values == [i * 2 for i in range(50)]  # computed, not cached, not failed
        assert elapsed < 1.0
        assert sum("failed" in r.getMessage() for r in caplog.records) == 1
        assert store.add("k", 1) is False and store.inc("k") is None
        assert cache.check(store) == "unreachable" and not cache.healthy(store)
    finally:
        cache.set_cache(None)


def test_a_paused_redis_costs_one_short_timeout_and_caching_resumes(versioned, short_cooldown):
    need(shutil.which("redis-server") is not None, "redis-server is not installed")
    with own_redis() as (url, process):
        store = cache.cache_from_url(url)
        cache.set_cache(store)
        try:
            assert cache.cached(A, "g", None, lambda: "first") == "first"
            with paused(process):
                started = time.monotonic()
                for _ in range(20):
                    assert cache.cached(A, "g", None, lambda: "uncached") in {"first", "uncached"}
                elapsed = time.monotonic() - started
                assert elapsed < 1.0, elapsed  # one 0.5 s timeout, then skipped
                probe_started = time.monotonic()
                assert cache.check(store) == "timeout"
                assert time.monotonic() - probe_started < 1.0
            time.sleep(0.35)  # the cool-down passes: the next call tries Redis again
            assert cache.cached(A, "g", None, lambda: "recomputed") == "first"
            store.set("fresh", 5)
            assert store.get("fresh") == 5
        finally:
            cache.set_cache(None)


# ------------------------------------------------------------------ page reads and the replica


def test_page_reads_and_their_data_version_come_from_the_replica(tmp_path):
    """A lagging replica gives its own older version: data it returns is never cached under
    the primary's newer version."""
    from dashboard.app import create_server

    primary_path, replica_path = tmp_path / "primary.sqlite3", tmp_path / "replica.sqlite3"
    upgrade(f"sqlite:///{primary_path}")
    primary = get_engine(f"sqlite:///{primary_path}")
    with primary.begin() as conn:
        conn.execute(insert(Region).values(id=1, code="R1", name="Старое имя"))
        old = cache.invalidate(conn=conn)
    primary.dispose()
    with sqlite3.connect(primary_path) as source, sqlite3.connect(replica_path) as target:
        source.backup(target)  # the replica, before it receives the next change
    source.close()
    target.close()
    with primary.begin() as conn:  # an import on the primary the replica has not seen yet
        conn.execute(Region.__table__.update().values(name="Новое имя"))
        new = cache.invalidate(conn=conn)
    settings = Settings(
        env="test",
        secret_key="k" * 40,
        testing=True,
        cache_url="simple://",
        database_url=f"sqlite:///{primary_path}",
        read_database_url=f"sqlite:///{replica_path}",
    )
    server = create_server(settings)
    assert server.extensions["oko_read_engine"] is not server.extensions["oko_engine"]
    with server.test_request_context("/"):
        assert cache.data_version() == old != new

        def names():
            with database.read() as conn:
                return conn.execute(select(Region.name)).scalars().all()

        assert cache.cached(A, "names", None, names) == ["Старое имя"]
        with database.read(primary=True) as conn:  # sessions and sign-in read the primary
            assert conn.execute(select(DataVersion.token)).scalar_one() == new


# ------------------------------------------------------------------ PostgreSQL: hung, dropped


@pytest.fixture(scope="module")
def pg_url():
    need(bool(PG_URL), "OKO_TEST_DATABASE_URL is not set: PostgreSQL fault tests skipped")
    upgrade(PG_URL)
    return PG_URL


@pytest.fixture
def forwarded(pg_url):
    """The test database reached through a forwarder we can hang or cut."""
    url = make_url(pg_url)
    forwarder = Forwarder((url.host or "127.0.0.1", url.port or 5432))
    through = url.set(host="127.0.0.1", port=forwarder.port).render_as_string(hide_password=False)
    yield forwarder, through
    forwarder.close()


def _read_region_count() -> int:
    with database.read() as conn:
        return conn.execute(text("SELECT count(*) FROM region")).scalar_one()


def test_the_read_engine_has_the_page_statement_timeout(pg_url):
    settings = Settings(env="test", secret_key="k" * 40, database_url=pg_url, cache_url="null://")
    settings.statement_timeout_ms = 1234
    primary, read = engines_for(settings)
    with read.connect() as conn:
        assert conn.execute(text("SHOW statement_timeout")).scalar_one() == "1234ms"
    with primary.connect() as conn:  # imports may run longer than a page query
        assert conn.execute(text("SHOW statement_timeout")).scalar_one() == "0"


def test_a_hung_database_is_refused_fast_and_recovers(forwarded):
    forwarder, url = forwarded
    engine = get_engine(url, statement_timeout_ms=60_000, watch=True)  # as the app's page reads
    with database.bind(engine):
        _read_region_count()
        forwarder.pause()
        stuck: list[BaseException] = []

        def in_flight():
            try:
                with database.bind(engine):  # a context variable: bound per thread
                    _read_region_count()
            except Exception as error:
                stuck.append(error)

        started = time.monotonic()
        thread = threading.Thread(target=in_flight, daemon=True)
        thread.start()
        thread.join(6.0)
        assert not thread.is_alive(), "a query on a hung server was never freed"
        # two unanswered pings (each up to 0.5 s apart + 1.5 s deadline) mark it down
        assert time.monotonic() - started < 5.0
        assert stuck and database_unavailable(stuck[0])
        started = time.monotonic()
        with pytest.raises((DatabaseUnavailable, DBAPIError)) as refused:
            _read_region_count()
        assert database_unavailable(refused.value)
        assert time.monotonic() - started < 0.5  # known down: refused at once
        forwarder.resume()
        deadline = time.monotonic() + 5
        while db_watchdog.is_down(engine) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert _read_region_count() >= 0  # back without restarting anything


def test_the_pool_replaces_connections_a_restart_dropped(forwarded):
    forwarder, url = forwarded
    engine = get_engine(url)
    with database.bind(engine):
        with engine.connect() as a, engine.connect() as b:  # two pooled connections
            a.execute(text("SELECT 1"))
            b.execute(text("SELECT 1"))
        forwarder.drop()
        time.sleep(0.1)
        assert _read_region_count() >= 0
        assert _read_region_count() >= 0


def test_a_refused_connection_is_unavailability_and_a_failing_query_is_a_bug():
    """Seen in the PostgreSQL restart fault: connecting while the server shut down raised an
    OperationalError without a statement, which the session check turned into a 500. It means
    the database does not answer (503, the page's banner); an error of a query stays a bug."""
    from sqlalchemy import create_engine
    from sqlalchemy.exc import OperationalError

    refused = create_engine(
        f"postgresql+psycopg://nobody@127.0.0.1:{free_port()}/none",
        connect_args={"connect_timeout": 1},
    )
    with pytest.raises(OperationalError) as connecting:
        refused.connect()
    assert database_unavailable(connecting.value)
    broken_query = sqlite3.connect(":memory:")
    engine = create_engine("sqlite://", creator=lambda: broken_query)
    with engine.connect() as conn, pytest.raises(DBAPIError) as failing:
        conn.execute(text("SELECT * FROM no_such_table"))
    assert not database_unavailable(failing.value)
