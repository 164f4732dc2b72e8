"""Cached aggregations keyed by scope, function, arguments and the data version.

The data version is a token in the database (table `data_version`), replaced inside the
transaction of every import and edit that changes data (`invalidate`), so every cached
aggregation becomes unreachable at once across processes, without scanning keys. It lives in
the database because a cache may evict any key, and an evicted version would read back as an
older one and serve aggregations from before an import. It is read once per request (and, outside
requests, at most once a second per process).

Backends come from cachelib: filesystem, redis, simple (in-process) or null. Every value, in every
backend, is stored as compressed JSON (`data_access.serial`), never pickled: nothing read back
from a cache file or a Redis server can run code.
"""

from __future__ import annotations

import hashlib
import json
import logging
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any, TypeVar
from urllib.parse import urlparse

from cachelib import BaseCache, FileSystemCache, NullCache, RedisCache, SimpleCache
from cachelib.serializers import BaseSerializer
from sqlalchemy import Connection, Engine, insert, select, update
from sqlalchemy.exc import IntegrityError

from dashboard.models import DataVersion
from data_access import database, serial
from data_access.breaker import Breaker
from data_access.scope import Scope

T = TypeVar("T")
log = logging.getLogger(__name__)
DEFAULT_TIMEOUT = 3600
REDIS_TIMEOUT_S = 0.5  # connect and each answer: a hung Redis costs at most this per opening
CACHE_COOLDOWN_S = 5.0  # after a cache failure, skip the cache this long (data_access.breaker)
VERSION_MEMO_SECONDS = 1.0  # outside requests: how long a process trusts the version it read
_VERSION_ROW = 1

_bound: ContextVar[BaseCache | None] = ContextVar("oko_cache", default=None)
_fallback = NullCache()
_memo: dict[int, tuple[str, float]] = {}  # id(engine) -> (token, when read)
_memo_lock = threading.Lock()


class CacheConfigError(ValueError):
    """OKO_CACHE_URL names a scheme or path we cannot use."""


class JsonSerializer(BaseSerializer):
    """cachelib's (de)serialisation through `data_access.serial` instead of pickle.

    Integers are stored as their digits (Redis increments them in place, cachelib reads them
    back that way); everything else as `!` and compressed JSON. Anything else read back is
    refused (None), never unpickled.
    """

    def dumps(self, value: Any, protocol: int | None = None) -> bytes:
        if type(value) is int:
            return str(value).encode()
        return b"!" + serial.dumps(value)

    def loads(self, bvalue: bytes | None) -> Any:
        if bvalue is None:
            return None
        if bvalue[:1] == b"!":
            return serial.loads(bvalue[1:])
        try:
            return int(bvalue)
        except ValueError:
            return None

    def dump(self, value: Any, f, protocol: int | None = None) -> None:
        f.write(self.dumps(value))

    def load(self, f) -> Any:
        return self.loads(f.read())


_inside = threading.local()


class FailOpen:
    """Mixin for backends that can fail (a file system, a Redis server): every call is guarded
    by a breaker, so a broken or hung cache answers "nothing cached" at once, costs at most
    one timeout per cool-down per process, and is used again by itself when it answers."""

    _breaker: Breaker

    def _guarded(self, method: str, failed: Any, *args, **kwargs) -> Any:
        call = getattr(super(), method)
        if getattr(_inside, "guarded", False):  # a backend method calling another (inc -> get)
            return call(*args, **kwargs)
        breaker = self.__dict__.get("_breaker")
        if breaker is None:
            breaker = self.__dict__["_breaker"] = Breaker(
                f"cache {type(self).__name__}", CACHE_COOLDOWN_S
            )
        if not breaker.allow():
            return failed
        _inside.guarded = True
        try:
            value = call(*args, **kwargs)
        except TypeError:  # a value serial cannot store: a bug to see (store() logs it)
            breaker.success()
            raise
        except Exception as error:
            breaker.failure(error)
            return failed
        finally:
            _inside.guarded = False
        breaker.success()
        return value

    # Backend-specific keywords (FileSystemCache's mgmt_element) pass through unchanged.
    def get(self, key: str, **kwargs) -> Any:
        return self._guarded("get", None, key, **kwargs)

    def set(self, key: str, value: Any, timeout: int | None = None, **kwargs) -> Any:
        return self._guarded("set", False, key, value, timeout, **kwargs)

    def add(self, key: str, value: Any, timeout: int | None = None, **kwargs) -> bool:
        return self._guarded("add", False, key, value, timeout, **kwargs)

    def delete(self, key: str, **kwargs) -> bool:
        return self._guarded("delete", False, key, **kwargs)

    def has(self, key: str, **kwargs) -> bool:
        return self._guarded("has", False, key, **kwargs)

    def inc(self, key: str, delta: int = 1) -> int | None:
        return self._guarded("inc", None, key, delta)

    def dec(self, key: str, delta: int = 1) -> int | None:
        return self._guarded("dec", None, key, delta)

    def get_many(self, *keys: str) -> list[Any]:
        return self._guarded("get_many", [None] * len(keys), *keys)

    def set_many(self, mapping: dict, timeout: int | None = None) -> list[Any]:
        return self._guarded("set_many", [], mapping, timeout)

    def delete_many(self, *keys: str) -> list[Any]:
        return self._guarded("delete_many", [], *keys)

    def clear(self) -> bool:
        return self._guarded("clear", False)

    def probe(self) -> None:
        """Write and read a key past the breaker (for /healthz); raises what the backend raises."""
        super().set("oko:health", 1, timeout=10)  # type: ignore[misc]
        if super().get("oko:health") != 1:  # type: ignore[misc]
            raise OSError("the cache did not return what was stored")


class JsonFileSystemCache(FailOpen, FileSystemCache):
    serializer = JsonSerializer()


class JsonRedisCache(FailOpen, RedisCache):
    serializer = JsonSerializer()


class JsonSimpleCache(SimpleCache):
    serializer = JsonSerializer()


def quick_redis(url: str, timeout_s: float):
    """A Redis client with short timeouts and no retries: a paused or dead Redis must cost
    little (the cache, and /healthz's look at the broker)."""
    import redis
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    return redis.Redis.from_url(
        url,
        socket_connect_timeout=timeout_s,
        socket_timeout=timeout_s,
        retry=Retry(NoBackoff(), 0),
        retry_on_timeout=False,
    )


def cache_from_url(url: str) -> BaseCache:
    """`filesystem:///abs/path`, `redis://host:port/db`, `simple://`, `null://`."""
    parsed = urlparse(url)
    if parsed.scheme == "filesystem":
        if parsed.netloc or not parsed.path.startswith("/"):
            raise CacheConfigError(f"filesystem cache needs an absolute path: {url}")
        return JsonFileSystemCache(parsed.path, threshold=5000, default_timeout=DEFAULT_TIMEOUT)
    if parsed.scheme in {"redis", "rediss"}:
        # the breaker then skips a failing Redis for a few seconds
        client = quick_redis(url, REDIS_TIMEOUT_S)
        return JsonRedisCache(client, key_prefix="oko:", default_timeout=DEFAULT_TIMEOUT)
    if parsed.scheme == "simple":
        return JsonSimpleCache(threshold=2000, default_timeout=DEFAULT_TIMEOUT)
    if parsed.scheme == "null":
        return NullCache()
    raise CacheConfigError(f"unknown cache scheme in OKO_CACHE_URL: {url}")


def set_cache(cache: BaseCache | None) -> None:
    _bound.set(cache)


def current_cache() -> BaseCache:
    """The app's cache inside a request; otherwise one set with set_cache(), else none."""
    from flask import current_app, has_app_context

    if has_app_context() and "oko_cache" in current_app.extensions:
        return current_app.extensions["oko_cache"]
    cache = _bound.get()
    return cache if cache is not None else _fallback


# ------------------------------------------------------------------ the data version


def _read_version(engine: Engine) -> str:
    """The token in the database `engine` reads page data from (a replica, if any: a lagging
    replica then gives its own older version, never old data under a new one); a new token,
    written on the primary, when the row is missing (a fresh or reset database), never a
    value some earlier state of the data was cached under."""
    from data_access import db_watchdog

    db_watchdog.check(engine)
    with engine.connect() as conn:
        token = conn.execute(
            select(DataVersion.token).where(DataVersion.id == _VERSION_ROW)
        ).scalar_one_or_none()
    if token is not None:
        return token
    primary = database.current_engine()
    try:
        with primary.begin() as conn:
            return _write_version(conn)
    except IntegrityError:  # another process created it meanwhile
        with primary.connect() as conn:
            return conn.execute(
                select(DataVersion.token).where(DataVersion.id == _VERSION_ROW)
            ).scalar_one()


def _write_version(conn: Connection) -> str:
    token = secrets.token_hex(16)
    changed = conn.execute(
        update(DataVersion).where(DataVersion.id == _VERSION_ROW).values(token=token)
    ).rowcount
    if not changed:
        conn.execute(insert(DataVersion).values(id=_VERSION_ROW, token=token))
    return token


def data_version() -> str:
    """The current data version: read once per request, outside requests at most once a
    second per process (an `invalidate` in this process is seen at once)."""
    from flask import g, has_request_context

    inside = database.current_within()
    if inside is not None:  # an import's own transaction: its new, uncommitted version
        return inside.execute(
            select(DataVersion.token).where(DataVersion.id == _VERSION_ROW)
        ).scalar_one()
    engine = database.current_read_engine()  # the engine the page data comes from
    if has_request_context():
        memo = g.setdefault("oko_data_version", {})
        if id(engine) not in memo:
            memo[id(engine)] = _read_version(engine)
        return memo[id(engine)]
    now = time.monotonic()
    with _memo_lock:
        hit = _memo.get(id(engine))
    if hit is not None and now - hit[1] < VERSION_MEMO_SECONDS:
        return hit[0]
    token = _read_version(engine)
    with _memo_lock:
        _memo[id(engine)] = (token, now)
    return token


def _forget_version(engine: Engine | None = None) -> None:
    """Forget the versions read from every engine (the primary's and a replica's): a write
    through `engine` changes what each of them will read."""
    del engine
    from flask import g, has_request_context

    with _memo_lock:
        _memo.clear()
    if has_request_context():
        g.setdefault("oko_data_version", {}).clear()


def invalidate(cache: BaseCache | None = None, *, conn: Connection | None = None) -> str:
    """Make every cached aggregation stale: a new data version in the database.

    Pass `conn` to change it inside the transaction that changes the data (an import): the new
    version becomes visible exactly when the data does, and a rolled-back import leaves it
    unchanged. `cache` is accepted for older callers and not used: the version is not kept in
    any cache.
    """
    del cache
    if conn is not None:
        token = _write_version(conn)
        _forget_version()
        return token
    try:
        engine = database.current_engine()
    except RuntimeError:  # no app, no bound engine: no data, and no cached aggregation of it
        log.warning("cache.invalidate() without a database: nothing to invalidate")
        return ""
    with engine.begin() as own:
        token = _write_version(own)
    _forget_version()
    return token


def _key(scope: Scope, name: str, args: Any) -> str:
    payload = json.dumps(args, sort_keys=True, default=str, ensure_ascii=False)
    digest = hashlib.sha256(payload.encode()).hexdigest()[:24]
    return f"agg:{data_version()}:{scope.key}:{name}:{digest}"


def lookup(scope: Scope, name: str, args: Any) -> Any:
    """The cached value for (scope, name, args), or None."""
    try:
        return current_cache().get(_key(scope, name, args))
    except Exception:  # a broken cache must not break the page
        return None


def store(scope: Scope, name: str, args: Any, value: Any) -> None:
    """Keep `value` for (scope, name, args) until the data version changes."""
    try:
        current_cache().set(_key(scope, name, args), value)
    except TypeError:  # a value data_access.serial does not store: a bug to see, not to hide
        log.warning("%s not cached: its value cannot be stored as JSON", name, exc_info=True)
    except Exception:
        pass


def cached(scope: Scope, name: str, args: Any, compute: Callable[[], T]) -> T:
    """Return the cached value for (scope, name, args) or compute and store it."""
    hit = lookup(scope, name, args)
    if hit is not None:
        return hit
    value = compute()
    store(scope, name, args, value)
    return value


class _LocalMemo:
    """A bounded, per-process memo of immutable values under their versioned cache keys.

    For values that cost more to fetch from Redis and decode than to keep (the region's school
    results behind every reader's suppression plan): each process holds them once per data
    version, and concurrent requests for one key wait for the first one's computation instead
    of repeating it (after an import, every director's first view needs the same region plan).
    """

    def __init__(self, entries: int) -> None:
        self.entries = entries
        self._values: OrderedDict[tuple[int, str], Any] = OrderedDict()
        self._computing: dict[tuple[int, str], threading.Lock] = {}
        self._lock = threading.Lock()

    def get_or_compute(self, key: tuple[int, str], compute: Callable[[], T]) -> T:
        with self._lock:
            if key in self._values:
                self._values.move_to_end(key)
                return self._values[key]
            flight = self._computing.setdefault(key, threading.Lock())
        with flight:
            with self._lock:
                if key in self._values:
                    return self._values[key]
            try:
                value = compute()
            finally:
                with self._lock:
                    self._computing.pop(key, None)
            with self._lock:
                self._values[key] = value
                while len(self._values) > self.entries:
                    self._values.popitem(last=False)
            return value

    def clear(self) -> None:
        with self._lock:
            self._values.clear()


LOCAL_ENTRIES = 512
_local = _LocalMemo(LOCAL_ENTRIES)


def local(scope: Scope, name: str, args: Any, compute: Callable[[], T]) -> T:
    """`compute()` kept in this process until the data version changes (see `_LocalMemo`).

    Only for values nobody mutates (frozen dataclasses, frozensets, tuples): every caller in
    the process gets the same object. With caching off (`null://`) it is computed every time.
    """
    cache = current_cache()
    if isinstance(cache, NullCache):
        return compute()
    return _local.get_or_compute((id(cache), _key(scope, name, args)), compute)


def check(cache: BaseCache | None = None) -> str:
    """The cache's state for /healthz: "ok", "off" (null://), "timeout" or "unreachable".
    Probes past the breaker: it says what the backend does now."""
    cache = cache or current_cache()
    if isinstance(cache, NullCache):
        return "off"
    try:
        if isinstance(cache, FailOpen):
            cache.probe()
        elif not (cache.set("oko:health", 1, timeout=10) and cache.get("oko:health") == 1):
            return "unreachable"
    except Exception as error:
        return "timeout" if "timeout" in type(error).__name__.lower() else "unreachable"
    return "ok"


def healthy(cache: BaseCache | None = None) -> bool:
    try:
        return check(cache) in {"ok", "off"}
    except Exception:
        return False
