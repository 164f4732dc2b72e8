"""Steady traffic for the fault scripts: signed-in users in threads, every callback recorded.

Each user is a thread with its own session (dashboard.bench_server.Client), visiting its
role's pages with a think time between visits; every callback is recorded as (start time,
seconds, outcome), and a separate thread asks /healthz every half second.
"""

from __future__ import annotations

import itertools
import json
import random
import threading
import time
import urllib.error
from dataclasses import dataclass, field

from common import (
    CALLBACK_PATH,
    DIRECTOR_PAGES,
    DISTRICT_PAGES,
    ERROR_HEADER,
    REGION_PAGES,
    callbacks_by_output,
    page_probes,
    server_callbacks,
    visit,
)

from dashboard.bench_server import Client

PAGES = {"school": DIRECTOR_PAGES, "municipality": DISTRICT_PAGES, "region": REGION_PAGES}
MIX = ("school", "school", "school", "municipality", "municipality", "region")


@dataclass
class Call:
    at: float  # seconds since the traffic started
    seconds: float
    ok: bool
    what: str  # "ok", "HTTP 503", "callback error", an exception's name


@dataclass
class Traffic:
    host: str
    accounts: dict
    users: int = 8
    think: tuple[float, float] = (0.2, 0.6)
    timeout: float = 30.0
    calls: list[Call] = field(default_factory=list)
    health: list[tuple[float, float, int, dict]] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)
    _threads: list[threading.Thread] = field(default_factory=list)
    t0: float = 0.0

    def start(self) -> Traffic:
        self.t0 = time.monotonic()
        pools = {
            role: itertools.cycle([a for a in self.accounts["accounts"] if a["role"] == role])
            for role in PAGES
        }
        for n in range(self.users):
            account = next(pools[MIX[n % len(MIX)]])
            thread = threading.Thread(target=self._user, args=(account,), daemon=True)
            thread.start()
            self._threads.append(thread)
        health = threading.Thread(target=self._health, daemon=True)
        health.start()
        self._threads.append(health)
        return self

    def now(self) -> float:
        return time.monotonic() - self.t0

    def stop(self) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=self.timeout + 5)

    def _record(self, started: float, ok: bool, what: str) -> None:
        self.calls.append(Call(started - self.t0, time.monotonic() - started, ok, what))

    def _signed_in(self, account: dict) -> tuple[Client, dict]:
        while not self._stop.is_set():
            try:
                client = Client(self.host)
                client.sign_in(account["login"], self.accounts["password"])
                deps = json.loads(client.request("/_dash-dependencies").body)
                return client, callbacks_by_output(server_callbacks(deps))
            except Exception:  # the server may be the thing that is down
                time.sleep(1)
        raise SystemExit

    def _user(self, account: dict) -> None:
        client, by_output = self._signed_in(account)
        probes = page_probes(account.get("school_code"))
        pages = itertools.cycle(PAGES[account["role"]])

        def post(payload: dict, _name: str):
            started = time.monotonic()
            try:
                reply = client.request(
                    CALLBACK_PATH,
                    json.dumps(payload).encode(),
                    {"Content-Type": "application/json"},
                )
            except (urllib.error.URLError, OSError, TimeoutError) as error:
                self._record(started, False, type(error).__name__)
                return 0, {}, None
            if reply.status != 200:
                self._record(started, False, f"HTTP {reply.status}")
                return reply.status, reply.headers, None
            if reply.headers.get(ERROR_HEADER):
                self._record(started, False, "callback error")
                return 200, reply.headers, None
            self._record(started, True, "ok")
            return 200, reply.headers, reply.json()

        while not self._stop.is_set():
            visit(post, by_output, probes[next(pages)])
            time.sleep(random.uniform(*self.think))

    def _health(self) -> None:
        while not self._stop.is_set():
            started = time.monotonic()
            try:
                reply = Client(self.host).request("/healthz")
                status, answer = reply.status, json.loads(reply.body or b"{}")
            except Exception as error:
                status, answer = 0, {"error": type(error).__name__}
            self.health.append((started - self.t0, time.monotonic() - started, status, answer))
            time.sleep(max(0.0, 0.5 - (time.monotonic() - started)))


def percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def summary(calls: list[Call], start: float, end: float) -> dict:
    """Calls that ended in [start, end) (a call cut off by a fault counts where it failed):
    count, failures by kind, p50/p95/p99/max seconds."""
    chosen = [c for c in calls if start <= c.at + c.seconds < end]
    seconds = [c.seconds for c in chosen]
    failures: dict[str, int] = {}
    for c in chosen:
        if not c.ok:
            failures[c.what] = failures.get(c.what, 0) + 1
    return {
        "from_s": round(start, 1),
        "to_s": round(end, 1),
        "calls": len(chosen),
        "failures": failures,
        "p50_s": round(percentile(seconds, 0.50), 3),
        "p95_s": round(percentile(seconds, 0.95), 3),
        "p99_s": round(percentile(seconds, 0.99), 3),
        "max_s": round(max(seconds, default=0.0), 3),
    }
