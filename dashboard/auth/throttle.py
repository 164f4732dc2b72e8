"""Sign-in throttling: at most N failures a minute per login and per IP, no lockout."""

from __future__ import annotations

import hashlib

from data_access.cache import current_cache

MAX_FAILURES = 5  # per login a minute
MAX_IP_FAILURES = 20  # per address a minute: a school behind one NAT address has many users
WINDOW_SECONDS = 60


def _keys(login: str, ip: str) -> list[str]:
    digest = hashlib.sha256(login.lower().encode()).hexdigest()[:16]
    return [f"throttle:user:{digest}", f"throttle:ip:{ip}"]


def is_blocked(login: str, ip: str) -> bool:
    cache = current_cache()
    user_key, ip_key = _keys(login, ip)
    return (cache.get(user_key) or 0) >= MAX_FAILURES or (cache.get(ip_key) or 0) >= MAX_IP_FAILURES


def record_failure(login: str, ip: str) -> None:
    cache = current_cache()
    for key in _keys(login, ip):
        if not cache.add(key, 1, timeout=WINDOW_SECONDS):
            cache.inc(key)


def reset(login: str, ip: str) -> None:
    cache = current_cache()
    cache.delete(_keys(login, ip)[0])
