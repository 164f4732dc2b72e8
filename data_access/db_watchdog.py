"""A per-process watchdog that notices a PostgreSQL which no longer answers, and fails fast.

A paused server (SIGSTOP, a frozen VM, a dead network path) keeps its TCP connections open: the
kernel still acknowledges, so neither TCP timeouts nor `statement_timeout` fire and every
request would wait forever. While the process is in use, a thread pings the server on its own
connection every half second under a deadline. When MISSES_TO_FAIL pings in a row get no answer,
the database is marked down: the sockets of the page-read connections are shut (threads stuck on
them get an error at once; an import's connection is never cut), and new requests are refused
with `DatabaseUnavailable` instead of waiting. Two misses, not one: a single slow ping on a
busy machine must not cut pages off (seen: a loaded 2-core host missed one 1.5 s deadline).
The pings go on; the first answer marks the database up again, and the pool (pre-ping)
replaces the shut connections by itself. A restart is the same story with refused connects.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import weakref

from sqlalchemy import Engine, event

from data_access.breaker import DatabaseUnavailable

log = logging.getLogger(__name__)

PING_INTERVAL_S = 0.5
PING_DEADLINE_S = 1.5  # `SELECT 1` slower than this: the server is not answering
MISSES_TO_FAIL = 2  # consecutive unanswered pings before the database counts as down
IDLE_AFTER_S = 30.0  # no request for this long: stop pinging until the next one


def _shut(dbapi_connection) -> None:
    """Shut the connection's socket so a thread blocked reading it gets an error now."""
    try:
        fd = dbapi_connection.pgconn.socket
    except Exception:  # already closed
        return
    try:
        sock = socket.socket(fileno=os.dup(fd))
    except OSError:
        return
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    finally:
        sock.close()


class Watchdog:
    """Watches one PostgreSQL server for every engine of this process that talks to it."""

    def __init__(self, name: str, connect_kwargs: dict) -> None:
        self.name = name
        self._connect_kwargs = connect_kwargs
        self.down = False
        self._connections: weakref.WeakSet = weakref.WeakSet()
        self._misses = 0
        self._probe = None
        self._last_used = time.monotonic()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._pid = 0
        self._lock = threading.Lock()

    # ---------------------------------------------------------------- what requests call

    def check(self) -> None:
        """Raise DatabaseUnavailable while the server does not answer; mark the process busy."""
        self._last_used = time.monotonic()
        self._ensure_thread()
        if self._wake is not None and not self._wake.is_set():
            self._wake.set()
        if self.down:
            raise DatabaseUnavailable(f"database {self.name} does not answer")

    def watch(self, engine: Engine, shut: bool) -> None:
        """Refuse the engine's new connections while the server is down; with `shut`, track
        its connections to cut them off then."""

        @event.listens_for(engine, "do_connect")
        def _refuse(_dialect, _record, _cargs, _cparams):
            if self.down:
                raise DatabaseUnavailable(f"database {self.name} does not answer")

        if shut:

            @event.listens_for(engine, "connect")
            def _track(dbapi_connection, _record):
                self._connections.add(dbapi_connection)

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()

    # ---------------------------------------------------------------- the thread

    def _ensure_thread(self) -> None:
        """Start the thread once per process (a forked gunicorn worker starts its own)."""
        if self._thread is not None and self._pid == os.getpid() and self._thread.is_alive():
            return
        with self._lock:
            if self._thread is not None and self._pid == os.getpid() and self._thread.is_alive():
                return
            self._pid = os.getpid()
            self._probe = None  # a forked copy of the parent's socket is not ours
            self._stop.clear()
            self._thread = threading.Thread(
                target=self._run, name=f"oko-db-watchdog-{self.name}", daemon=True
            )
            self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            idle = time.monotonic() - self._last_used > IDLE_AFTER_S
            if idle and not self.down:
                self._wake.clear()
                self._wake.wait()
                continue
            answered = self._ping()
            self._misses = 0 if answered else self._misses + 1
            if answered and self.down:
                self.down = False
                log.warning("database %s answers again", self.name)
            elif self._misses >= MISSES_TO_FAIL and not self.down:
                self.down = True
                log.error(
                    "database %s does not answer: requests fail fast until it does", self.name
                )
                for connection in list(self._connections):
                    _shut(connection)
            self._stop.wait(PING_INTERVAL_S)

    def _ping(self) -> bool:
        """`SELECT 1` within the deadline; a broken (not hung) probe connection is reopened once."""
        for attempt in range(2):
            if self._probe is None:
                try:
                    self._probe = self._connect()
                except Exception:
                    return False
            outcome = self._ping_once(self._probe)
            if outcome == "ok":
                return True
            self._close_probe()
            if outcome == "timeout" or attempt == 1:
                return False
        return False

    def _connect(self):
        import psycopg

        return psycopg.connect(autocommit=True, **self._connect_kwargs)

    def _ping_once(self, connection) -> str:
        timer = threading.Timer(PING_DEADLINE_S, _shut, args=(connection,))
        timer.daemon = True
        started = time.monotonic()
        timer.start()
        try:
            connection.execute("SELECT 1").fetchone()
        except Exception:
            late = time.monotonic() - started >= PING_DEADLINE_S
            return "timeout" if late else "error"
        finally:
            timer.cancel()
        return "ok"

    def _close_probe(self) -> None:
        probe, self._probe = self._probe, None
        if probe is not None:
            try:
                probe.close()
            except Exception:
                pass


_watchdogs: dict[str, Watchdog] = {}
_by_engine: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_registry_lock = threading.Lock()


def attach(engine: Engine, connect_timeout_s: int, *, shut: bool = True) -> Watchdog | None:
    """Watch a PostgreSQL engine (one watchdog per server and database per process); `shut`:
    cut its connections off when the server hangs (page reads, not imports)."""
    if engine.dialect.name != "postgresql" or engine.dialect.driver != "psycopg":
        return None
    _args, kwargs = engine.dialect.create_connect_args(engine.url)
    kwargs = {k: v for k, v in kwargs.items() if k not in {"options"}}
    kwargs["connect_timeout"] = connect_timeout_s
    name = engine.url.render_as_string(hide_password=True)
    with _registry_lock:
        watchdog = _watchdogs.get(name)
        if watchdog is None:
            watchdog = _watchdogs[name] = Watchdog(name, kwargs)
        _by_engine[engine] = watchdog
    watchdog.watch(engine, shut)
    return watchdog


def check(engine: Engine) -> None:
    """Raise DatabaseUnavailable at once when the engine's server is known not to answer."""
    watchdog = _by_engine.get(engine)
    if watchdog is not None:
        watchdog.check()


def is_down(engine: Engine) -> bool:
    watchdog = _by_engine.get(engine)
    return watchdog is not None and watchdog.down


def stop_all() -> None:
    with _registry_lock:
        for watchdog in _watchdogs.values():
            watchdog.stop()
        _watchdogs.clear()
