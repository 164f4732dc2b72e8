"""Background jobs: Dash background callbacks on Celery or on subprocesses with a diskcache.

With OKO_CELERY_BROKER_URL the jobs go to Celery workers (`oko worker`, i.e. `celery -A
dashboard.celery_app worker`), broker and results on that Redis, so a job started through one
web worker or host is followed from any other. Without it each job runs in a subprocess and its
progress and result live in a diskcache under VAR_DIR/jobs, shared by the workers of one host.

Who may read what. A job runs without Flask's request and without flask-login's user, so the
job rebuilds the caller's request from the signed session cookie Dash hands it and loads the
user exactly as a request does (account active, server-side session alive); browser inputs
never name the scope. Dash answers a poll by `cacheKey` and `job` alone, so the managers here
(a) make each key an HMAC of the server secret, the caller's session, a fresh nonce and Dash's
own hash (unguessable, never shared between users or between two runs of the same arguments),
(b) record the owning session of every key and job, and answer progress, results and
cancellation only to that session, and (c) never terminate a process or task they did not start
for the caller.

A background callback may first do part of its work in the request (`in_request`): refuse, or
answer small work at once, by raising `Answer`; returning None starts the job.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import inspect
import logging
import os
import secrets
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from dash import DiskcacheManager
from dash._callback_context import context_value
from dash.background_callback.managers import BaseBackgroundCallbackManager
from dash.exceptions import PreventUpdate
from flask import Flask, g, has_request_context, session

from dashboard import strings

log = logging.getLogger(__name__)

JOB_TTL = 24 * 3600  # seconds a job's owner record, progress and unread result are kept
POLL_MS = 1000  # how often the page asks for progress
# What a job needs of the caller's request: the session cookie and what client_address()
# and flask-login's session protection read. Nothing else travels to the broker.
KEPT_HEADERS = ("Cookie", "User-Agent", "X-Forwarded-For", "Host")

Progress = Callable[[int, str], None]


class Answer(Exception):
    """Raised by a callback's request step: answer with these output values now (a refusal,
    a small import done in the request), without starting a job."""

    def __init__(self, values: list) -> None:
        super().__init__("answered in the request")
        self.values = values


def in_request(step: Callable[..., None]) -> Callable[[Callable], Callable]:
    """Give a background callback a step that runs in the request, with the callback's own
    arguments (without the progress setter), before any job starts: raise `Answer` or
    PreventUpdate to answer now, return None to start the job."""

    def mark(func: Callable) -> Callable:
        func.oko_request_step = step
        return func

    return mark


def _outages() -> tuple[type[BaseException], ...]:
    """The errors that mean the job backend (Redis, the disk) cannot be reached now."""
    found: list[type[BaseException]] = [OSError, sqlite3.OperationalError]
    try:
        from kombu.exceptions import OperationalError
        from redis.exceptions import ConnectionError as RedisConnectionError
        from redis.exceptions import TimeoutError as RedisTimeoutError

        found += [OperationalError, RedisConnectionError, RedisTimeoutError]
    except ImportError:  # pragma: no cover - celery[redis] is a dependency
        pass
    return tuple(found)


OUTAGES = _outages()


def is_outage(error: BaseException | None) -> bool:
    """Whether the error, or one it was raised from (Celery wraps Redis errors), is an outage."""
    seen = 0
    while error is not None and seen < 10:
        if isinstance(error, OUTAGES):
            return True
        error, seen = error.__cause__ or error.__context__, seen + 1
    return False


def background(
    *,
    progress: list,
    running: list,
    answer: Callable[[str], list],
    failed: str,
) -> dict:
    """The keyword arguments that make a callback a background job. `answer(message)` gives
    the outputs showing a message: used when jobs cannot start now (the broker is down) and,
    with `failed`, when starting or following the job went wrong."""

    def on_error(error: Exception):
        if isinstance(error, Answer):
            return error.values
        if is_outage(error):
            log.warning("background job backend unavailable: %r", error)
            return answer(strings.JOBS_UNAVAILABLE)
        log.error("background job failed", exc_info=error)
        if has_request_context():
            g.oko_callback_error = True  # the registry's after_request marks the response
        return answer(failed)

    return {
        "background": True,
        "progress": progress,
        "running": running,
        "on_error": on_error,
        "interval": POLL_MS,
    }


# ---------------------------------------------------------------- the caller, inside the job


def _fresh_connections(server: Flask) -> None:
    """A job process forked from a web worker must not reuse the parent's pooled connections."""
    from sqlalchemy.engine import Engine

    pid = os.getpid()
    if server.extensions.get("oko_jobs_pid") == pid:
        return
    for value in list(server.extensions.values()):
        if isinstance(value, Engine):
            value.dispose(close=False)
    server.extensions["oko_jobs_pid"] = pid


def _as_caller(server: Flask, fn: Callable) -> Callable:
    """Run the job inside a request rebuilt from the caller's cookie and headers, so
    flask-login loads (and checks) the user as it would for a request; no user, no job."""

    @functools.wraps(fn)
    def run(*args, **kwargs):
        from flask_login import current_user

        _fresh_connections(server)
        context = context_value.get()
        headers = {k: v for k, v in (context.get("headers") or {}).items() if k in KEPT_HEADERS}
        with server.test_request_context(
            "/_dash-update-component",
            method="POST",
            headers=headers,
            environ_base={"REMOTE_ADDR": context.get("remote") or ""},
        ):
            if not current_user.is_authenticated:
                log.warning("background job refused: the caller's session is not valid")
                raise PreventUpdate
            return fn(*args, **kwargs)

    return run


# ---------------------------------------------------------------- ownership of keys and jobs


def session_secret(server: Flask) -> str:
    """The caller's session as an HMAC of the server secret: the same for every request of one
    sign-in, different for every other; the server-side session id itself is never stored."""
    sid = session.get("sid") if has_request_context() else None
    if not isinstance(sid, str) or not sid:
        return ""
    key = str(server.config["SECRET_KEY"]).encode()
    return hmac.new(key, b"oko-job-owner:" + sid.encode(), hashlib.sha256).hexdigest()


class _Owned:
    """What both managers add to Dash's: per-session keys and owner checks (see the module)."""

    server: Flask
    UNDEFINED: object

    def _setup(self, server: Flask) -> None:
        self.server = server
        self._steps: dict[int, Callable] = {}

    # storage of the owner records (per backend)
    def _put(self, name: str, value: str) -> None:
        raise NotImplementedError

    def _get(self, name: str) -> str | None:
        raise NotImplementedError

    def _job_stamp(self, job) -> str:
        """Something that tells this job from a later one with the same id (a reused pid)."""
        return ""

    def _owner(self) -> str:
        return session_secret(self.server)

    def _mine(self, name: str) -> bool:
        owner = self._owner()
        return bool(owner) and self._get(name) == owner

    def _key_mine(self, key) -> bool:
        return isinstance(key, str) and len(key) == 64 and self._mine(f"oko-owner-{key}")

    def _job_mine(self, job) -> bool:
        if job is None or not isinstance(job, str | int) or len(str(job)) > 64:
            return False
        owner = self._owner()
        stamp = f"{owner}:{self._job_stamp(job)}"
        return bool(owner) and self._get(f"oko-owner-job-{job}") == stamp

    # Dash's hooks
    def build_cache_key(self, fn, args, cache_args_to_ignore, triggered):
        owner = self._owner()
        if not owner:
            raise PreventUpdate  # no signed-in session: nobody to own the job
        base = super().build_cache_key(fn, args, cache_args_to_ignore, triggered)
        secret = str(self.server.config["SECRET_KEY"]).encode()
        message = f"{owner}:{secrets.token_hex(16)}:{base}".encode()
        return hmac.new(secret, message, hashlib.sha256).hexdigest()

    def register(self, key, fn, progress):
        # Dash registers every background function with every manager ever built; each app's
        # manager runs them inside its own server (same callback, same key, same behaviour).
        step = getattr(inspect.unwrap(fn), "oko_request_step", None)
        super().register(key, _as_caller(self.server, fn), progress)
        if step is not None:
            self._steps[id(self.func_registry[key])] = step

    def call_job_fn(self, key, job_fn, args, context):
        step = self._steps.get(id(job_fn))
        if step is not None:
            step(*args) if isinstance(args, list | tuple) else step(**args)
        kept = dict(context)
        kept["headers"] = {
            k: v for k, v in (context.get("headers") or {}).items() if k in KEPT_HEADERS
        }
        kept["cookies"] = {}  # the Cookie header carries the session; nothing else travels
        job = super().call_job_fn(key, job_fn, args, kept)
        owner = self._owner()
        self._put(f"oko-owner-{key}", owner)
        self._put(f"oko-owner-job-{job}", f"{owner}:{self._job_stamp(job)}")
        return job

    def get_progress(self, key):
        return super().get_progress(key) if self._key_mine(key) else None

    def result_ready(self, key):
        return self._key_mine(key) and super().result_ready(key)

    def get_result(self, key, job):
        if not self._key_mine(key):
            return self.UNDEFINED
        return super().get_result(key, job if self._job_mine(job) else None)

    def get_updated_props(self, key):
        return super().get_updated_props(key) if self._key_mine(key) else {}

    def job_running(self, job):
        return self._job_mine(job) and super().job_running(job)

    def terminate_job(self, job):
        if self._job_mine(job):
            super().terminate_job(job)

    def terminate_unhealthy_job(self, job):
        return self._job_mine(job) and super().terminate_unhealthy_job(job)


def _diskcache(directory: Path):
    """A diskcache whose entries expire after JOB_TTL (Dash's manager sets them without)."""
    import diskcache

    class Expiring(diskcache.Cache):
        def set(self, key, value, expire=None, read=False, tag=None, retry=False):
            return super().set(key, value, expire or JOB_TTL, read, tag, retry)

    directory.mkdir(parents=True, exist_ok=True)
    return Expiring(str(directory))


class DiskcacheJobs(_Owned, DiskcacheManager):
    """Jobs in subprocesses of the web worker; state in a diskcache shared by the host."""

    def __init__(self, server: Flask, directory: Path) -> None:
        self._setup(server)
        self._building = True
        super().__init__(_diskcache(directory), expire=JOB_TTL)
        self._building = False

    def register(self, key, fn, progress):
        if not getattr(self, "_building", False):
            super().register(key, fn, progress)

    def _put(self, name: str, value: str) -> None:
        self.handle.set(name, value, expire=JOB_TTL)

    def _get(self, name: str) -> str | None:
        value = self.handle.get(name)
        return value if isinstance(value, str) else None

    def _job_stamp(self, job) -> str:
        import psutil

        try:
            return f"{psutil.Process(int(job)).create_time():.3f}"
        except (ValueError, psutil.Error):
            return "gone"


def make_celery(broker_url: str):
    """The Celery app of the jobs: broker and results on one Redis, failing fast when it is
    down (the page then says jobs cannot start), acknowledged early (a killed worker's import
    is not run again by itself: the import records it as interrupted)."""
    from celery import Celery

    class OwnTasks(Celery):
        """Tasks of this app only. Celery shares every task with every app of the process by
        default, keeping the first function of a name: Dash names a background callback's task
        after the callback, so a second app (tests build many) got the first app's task, bound
        to the first app's result backend."""

        def task(self, *args, **opts):
            opts.setdefault("shared", False)
            return super().task(*args, **opts)

    celery = OwnTasks("oko", broker=broker_url, backend=broker_url)
    quick = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.5}
    celery.conf.update(
        task_serializer="json",
        result_serializer="json",
        accept_content=["json"],
        task_acks_late=False,
        task_reject_on_worker_lost=False,
        worker_prefetch_multiplier=1,
        task_track_started=True,
        task_publish_retry=False,
        result_expires=JOB_TTL,
        broker_connection_timeout=1,
        broker_connection_retry_on_startup=True,
        broker_transport_options={"socket_connect_timeout": 1, "socket_timeout": 5, **quick},
        redis_socket_connect_timeout=1,
        redis_socket_timeout=5,
        result_backend_transport_options={"retry_policy": quick},
        worker_hijack_root_logger=False,
    )
    return celery


def _celery_manager_class():
    from dash import CeleryManager

    class CeleryJobs(_Owned, CeleryManager):
        """Jobs on Celery workers; state in the Celery result backend shared by all hosts."""

        def __init__(self, server: Flask, celery) -> None:
            self._setup(server)
            self._building = True
            super().__init__(celery, expire=JOB_TTL)
            self._building = False

        def register(self, key, fn, progress):
            if getattr(self, "_building", False):
                return
            task = self.handle.tasks.get(f"background_callback_{key}")
            if task is not None and key in self.func_registry:
                return  # already a task of this Celery app: the first registration serves
            super().register(key, fn, progress)

        def _put(self, name: str, value: str) -> None:
            self.handle.backend.set(name, value)

        def _get(self, name: str) -> str | None:
            value = self.handle.backend.get(name)
            return value.decode() if isinstance(value, bytes) else value

    return CeleryJobs


def make_manager(server: Flask, directory: Path) -> BaseBackgroundCallbackManager:
    """The app's job manager: Celery when a broker is configured, else the diskcache one."""
    settings = server.config["OKO_SETTINGS"]
    if settings.celery_broker_url:
        celery = make_celery(settings.celery_broker_url)
        server.extensions["oko_celery"] = celery
        return _celery_manager_class()(server, celery)
    return DiskcacheJobs(server, directory)


def progress_bar(bar: str, box: str, text: str, queued: str) -> dict:
    """`background`'s progress and running arguments for the pages' job bar: the bar's value
    and label and a text beside it; the box shown, with `queued`, while the job runs."""
    from dash import Output

    return {
        "progress": [Output(bar, "value"), Output(bar, "label"), Output(text, "children")],
        "running": [(Output(box, "hidden"), False, True), (Output(text, "children"), queued, None)],
    }


def percent_label(percent: int) -> str:
    """The progress bar's label."""
    from dashboard.formatting import format_percent

    return format_percent(max(0, min(100, int(percent))), 0)


def progress_hook(set_progress: Callable[[list], None], text: Callable[[str], Any]) -> Progress:
    """A (percent, message) hook for run_import / exports that feeds Dash's progress outputs:
    the bar's value and label and `text(message)` beside it."""

    def report(percent: int, message: str) -> None:
        value = max(0, min(100, int(percent)))
        set_progress([value, percent_label(value), text(str(message))])

    return report


__all__ = [
    "Answer",
    "OUTAGES",
    "is_outage",
    "background",
    "in_request",
    "make_celery",
    "make_manager",
    "progress_hook",
    "session_secret",
]
