"""What the load and fault scripts share: accounts, sign-in, and the pages' callbacks.

A page visit is what `oko bench` measures for that page (dashboard.bench_http.probes): the
page's set-up callbacks, then its main callback, with the values the renderer would send.
"""

from __future__ import annotations

import http.cookiejar
import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from dashboard.bench_http import (  # noqa: E402
    ERROR_HEADER,
    Probe,
    body,
    callbacks_by_output,
    probes,
)

CALLBACK_PATH = "/_dash-update-component"
TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')

# What each kind of user opens (probe names of dashboard.bench_http.probes).
DIRECTOR_PAGES = ("/schools/<code>", "/")
DISTRICT_PAGES = ("/procedures", "/rankings", "/schools", "/")
REGION_PAGES = ("/objectivity", "/rankings", "/procedures", "/experts", "/roadmaps")


def send_secure_cookies_over_loopback() -> None:
    """Send the production session cookie (Secure, `__Host-`) over plain HTTP: the scripts talk
    to gunicorn on 127.0.0.1 where the TLS proxy would (docs/deploy.md). Patched process-wide
    because requests merges cookies into fresh jars with the default policy; scripts only."""

    def return_ok_secure(self, cookie, request) -> bool:
        return True

    http.cookiejar.DefaultCookiePolicy.return_ok_secure = return_ok_secure


send_secure_cookies_over_loopback()


def server_callbacks(dependencies: list[dict]) -> dict:
    """/_dash-dependencies as dashboard.bench_http.callbacks_by_output reads app.callback_map:
    the server callbacks only (clientside ones run in the browser)."""
    return {
        d["output"]: {**d, "callback": True}
        for d in dependencies
        if not d.get("clientside_function")
    }


def load_accounts(path: str | Path) -> dict:
    return json.loads(Path(path).read_text())


def page_probes(school_code: str | None) -> dict[str, Probe]:
    return {p.name: p for p in probes(school_code or "0")}


def sign_in_form(html: str, login: str, password: str, otp: str | None = None) -> dict:
    token = TOKEN.search(html)
    if token is None:
        raise RuntimeError("the sign-in page has no CSRF token")
    form = {"login": login, "password": password, "csrf_token": token.group(1)}
    if otp is not None:
        form["otp"] = otp
    return form


def visit_requests(by_output: dict, probe: Probe) -> list[tuple[str, object]]:
    """The first request of a visit: the set-up callbacks run in order, each adding its
    outputs to the state the next one reads; callers send them one by one (see `visit`)."""
    return [(slot, by_output[slot]) for slot in (*probe.setup, probe.main)]


def initial_state(probe: Probe) -> dict:
    state = {(probe.location, "pathname"): probe.path, (probe.location, "search"): ""}
    state.update(dict(probe.state))
    return state


def visit(post, by_output: dict, probe: Probe) -> None:
    """One page visit through `post(payload, name) -> (status, headers, json)`."""
    state = initial_state(probe)
    for slot, callback in visit_requests(by_output, probe):
        status, headers, answer = post(body(callback, state), f"{probe.name} {slot[0]}")
        if status != 200 or headers.get(ERROR_HEADER):
            return
        for component, props in (answer or {}).get("response", {}).items():
            state.update({(component, prop): value for prop, value in props.items()})


__all__ = [
    "CALLBACK_PATH",
    "DIRECTOR_PAGES",
    "DISTRICT_PAGES",
    "ERROR_HEADER",
    "REGION_PAGES",
    "callbacks_by_output",
    "load_accounts",
    "page_probes",
    "server_callbacks",
    "sign_in_form",
    "visit",
]
