"""Locust users for OKO: directors, district heads and the region's users browsing pages.

    locust -f bench/load/locustfile.py --headless -u 50 -r 10 --run-time 90s \
        --host http://127.0.0.1:8050   (OKO_LOAD_ACCOUNTS=var/load/accounts.json)

Each user signs in once with an account of its role (bench/load/accounts.py) and then visits
its pages with 1–3 s between visits; every callback is one locust request, named by page and
output, failed when it is not HTTP 200 or carries the callback-error header.
"""

from __future__ import annotations

import itertools
import os
import sys
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (  # noqa: E402
    CALLBACK_PATH,
    DIRECTOR_PAGES,
    DISTRICT_PAGES,
    ERROR_HEADER,
    REGION_PAGES,
    callbacks_by_output,
    load_accounts,
    page_probes,
    server_callbacks,
    sign_in_form,
    visit,
)
from locust import HttpUser, between, task  # noqa: E402

ACCOUNTS = load_accounts(os.environ.get("OKO_LOAD_ACCOUNTS", "var/load/accounts.json"))
_pools = {
    role: itertools.cycle([a for a in ACCOUNTS["accounts"] if a["role"] == role])
    for role in ("school", "municipality", "region")
}
_lock = threading.Lock()


class OkoUser(HttpUser):
    abstract = True
    wait_time = between(1, 3)
    role = "region"
    pages: tuple[str, ...] = ()

    def on_start(self) -> None:
        with _lock:
            self.account = next(_pools[self.role])
        page = self.client.get("/login", name="sign-in")
        form = sign_in_form(page.text, self.account["login"], ACCOUNTS["password"])
        self.client.post("/login", data=form, name="sign-in")
        deps = self.client.get("/_dash-dependencies", name="dependencies").json()
        self.by_output = callbacks_by_output(server_callbacks(deps))
        self.probes = page_probes(self.account.get("school_code"))
        self.cycle = itertools.cycle(self.pages)

    def post(self, payload: dict, name: str):
        with self.client.post(
            CALLBACK_PATH, json=payload, name=name, catch_response=True
        ) as answer:
            if answer.status_code == 0:  # no answer: the connection failed
                answer.failure(f"connection: {type(answer.error).__name__}")
                return 0, answer.headers, None
            if answer.status_code != 200:
                answer.failure(f"HTTP {answer.status_code}")
                return answer.status_code, answer.headers, None
            if answer.headers.get(ERROR_HEADER):
                answer.failure("callback error")
                return 200, answer.headers, None
            return 200, answer.headers, answer.json()

    @task
    def next_page(self) -> None:
        visit(self.post, self.by_output, self.probes[next(self.cycle)])


class Director(OkoUser):
    weight = 3
    role = "school"
    pages = DIRECTOR_PAGES


class DistrictHead(OkoUser):
    weight = 2
    role = "municipality"
    pages = DISTRICT_PAGES


class RegionUser(OkoUser):
    weight = 1
    role = "region"
    pages = REGION_PAGES
