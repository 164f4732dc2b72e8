"""Background jobs (large imports): one worker thread per process, job state in the app's cache.

A job's state is a plain dict — id, owner (login), title, status (queued, running, done, failed),
progress (0–100), message and result — stored under `oko:job:<id>` in the cache the caller
passes, so any process sharing that cache (filesystem, redis) can answer a poll. With an
in-process cache (simple://) only the process that started the job knows it; with null:// there
is nowhere to keep the state, so callers use the synchronous path (see `available`).

The worker runs inside `app.app_context()` of the app passed in, so data_access finds the
app's engine and cache exactly as in a request. Only the job's owner reads it; import jobs
(the default) are read by admins only, exports (`read(..., admins_only=False)`) by any owner.
"""

from __future__ import annotations

import logging
import os
import re
import secrets
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from cachelib import BaseCache, NullCache

from dashboard import strings
from data_access.cache import current_cache
from data_access.scope import OutOfScope, Scope

log = logging.getLogger(__name__)

JOB_TTL = 24 * 3600  # seconds a finished (or lost) job stays readable
STATUSES = ("queued", "running", "done", "failed")
FINISHED = ("done", "failed")
_ID = re.compile(r"^[A-Za-z0-9_-]{16,64}$")

Progress = Callable[[int, str], None]
# A job's work: called with a progress hook, returns the result (a plain, picklable dict).
# A result with "ok": False ends the job as failed (e.g. a rejected file), with the result kept.
Work = Callable[[Progress], dict]

_pool: ThreadPoolExecutor | None = None
_pool_pid: int | None = None
_pool_lock = threading.Lock()


def _executor() -> ThreadPoolExecutor:
    """One worker per process (a fork gets its own pool: threads do not survive fork)."""
    global _pool, _pool_pid
    with _pool_lock:
        if _pool is None or _pool_pid != os.getpid():
            _pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="oko-job")
            _pool_pid = os.getpid()
        return _pool


def _key(job_id: str) -> str:
    return f"oko:job:{job_id}"


def _save(cache: BaseCache, state: dict) -> None:
    cache.set(_key(state["id"]), dict(state), timeout=JOB_TTL)


def available(cache: BaseCache | None = None) -> bool:
    """Whether job state can be kept (a null cache keeps nothing)."""
    return not isinstance(cache if cache is not None else current_cache(), NullCache)


def submit(
    app: Any,
    cache: BaseCache,
    owner: str,
    work: Work,
    title: str = "",
    failed_message: str | None = None,
) -> str:
    """Queue `work` on the worker thread; returns the new job's id. `app` is the Flask app;
    `title` names the job on the page (e.g. the file name); `failed_message` is the job's
    message when `work` crashes (default: the import's)."""
    state = {
        "id": secrets.token_urlsafe(18),
        "owner": owner,
        "title": title,
        "status": "queued",
        "progress": 0,
        "message": "",
        "result": None,
    }
    _save(cache, state)
    failed = failed_message if failed_message is not None else strings.INGEST_JOB_FAILED
    _executor().submit(_run, app, cache, state, work, failed)
    return state["id"]


def _run(app: Any, cache: BaseCache, state: dict, work: Work, failed: str) -> None:
    def progress(percent: int, message: str) -> None:
        state.update(
            status="running", progress=max(0, min(100, int(percent))), message=str(message)
        )
        _save(cache, state)

    try:
        with app.app_context():
            progress(0, "")
            result = work(progress)
        ok = not (isinstance(result, dict) and result.get("ok") is False)
        state.update(
            status="done" if ok else "failed",
            progress=100 if ok else state["progress"],
            result=result,
        )
    except Exception:  # the job must end in a state the page can show, never hang "running"
        log.exception("background job %s failed", state["id"])
        state.update(status="failed", message=failed, result=None)
    try:
        _save(cache, state)
    except Exception:  # e.g. a result the cache cannot hold: end as failed, never "running"
        log.exception("could not store the state of job %s", state["id"])
        state.update(status="failed", message=failed, result=None)
        try:
            _save(cache, state)
        except Exception:
            log.exception("could not store the failure of job %s", state["id"])


def read(
    scope: Scope,
    job_id: object,
    cache: BaseCache | None = None,
    *,
    admins_only: bool = True,
) -> dict | None:
    """The job's state for its owner; None for an unknown, expired or foreign job. With
    `admins_only` (import jobs), raises OutOfScope for anyone but an admin."""
    if admins_only and scope.role != "admin":
        raise OutOfScope("import-job", str(job_id)[:64] if isinstance(job_id, str) else "-")
    if not isinstance(job_id, str) or not _ID.match(job_id):
        return None
    state = (cache if cache is not None else current_cache()).get(_key(job_id))
    if not isinstance(state, dict) or state.get("owner") != scope.login:
        return None
    return dict(state)
