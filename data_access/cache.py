"""Cached aggregations keyed by scope, function, arguments and the data version.

An import (or `oko demo`) bumps the data version, so every cached aggregation becomes
unreachable at once across processes, without scanning keys. Backends come from cachelib:
filesystem, redis, simple (in-process) or null.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any, TypeVar
from urllib.parse import urlparse

from cachelib import BaseCache, FileSystemCache, NullCache, RedisCache, SimpleCache

from data_access.scope import Scope

T = TypeVar("T")
DEFAULT_TIMEOUT = 3600
VERSION_KEY = "oko:data_version"

_bound: ContextVar[BaseCache | None] = ContextVar("oko_cache", default=None)
_fallback = NullCache()
_lock = threading.Lock()


class CacheConfigError(ValueError):
    """OKO_CACHE_URL names a scheme or path we cannot use."""


def cache_from_url(url: str) -> BaseCache:
    """`filesystem:///abs/path`, `redis://host:port/db`, `simple://`, `null://`."""
    parsed = urlparse(url)
    if parsed.scheme == "filesystem":
        if parsed.netloc or not parsed.path.startswith("/"):
            raise CacheConfigError(f"filesystem cache needs an absolute path: {url}")
        return FileSystemCache(parsed.path, threshold=5000, default_timeout=DEFAULT_TIMEOUT)
    if parsed.scheme in {"redis", "rediss"}:
        import redis

        client = redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=5)
        return RedisCache(client, key_prefix="oko:", default_timeout=DEFAULT_TIMEOUT)
    if parsed.scheme == "simple":
        return SimpleCache(threshold=2000, default_timeout=DEFAULT_TIMEOUT)
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


def data_version(cache: BaseCache | None = None) -> int:
    cache = cache or current_cache()
    value = cache.get(VERSION_KEY)
    return int(value) if value is not None else 0


def invalidate(cache: BaseCache | None = None) -> int:
    """Make every cached aggregation stale (called after imports and demo builds)."""
    cache = cache or current_cache()
    with _lock:
        version = data_version(cache) + 1
        cache.set(VERSION_KEY, version, timeout=0)
    return version


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


def healthy(cache: BaseCache | None = None) -> bool:
    cache = cache or current_cache()
    if isinstance(cache, NullCache):
        return True
    try:
        cache.set("oko:health", 1, timeout=10)
        return cache.get("oko:health") == 1
    except Exception:
        return False
