"""The serving side of `oko bench`: the real app on a free local port and an HTTP client.

`make_app` builds the app as production would (`create_app`) on the bench database, with the
per-process `simple://` cache and a random secret; `LiveServer` serves it with werkzeug in a
daemon thread on 127.0.0.1; `Client` (urllib and a cookie jar) signs in through /login with
the form's CSRF token and POSTs callbacks, asking for gzip and decoding it itself so that both
the bytes on the wire and the decoded bytes are known.
"""

from __future__ import annotations

import gzip
import http.cookiejar
import json
import logging
import re
import secrets
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

LOGIN = "region"
CALLBACK_PATH = "/_dash-update-component"
ERROR_HEADER = "X-OKO-Callback-Error"  # callbacks.registry.ERROR_HEADER


class BenchError(RuntimeError):
    """A probe answered something other than a successful callback."""


class LiveServer:
    """The app on 127.0.0.1 (a free port unless `port` is given), werkzeug in a daemon thread."""

    def __init__(self, wsgi_app, port: int = 0) -> None:
        from werkzeug.serving import make_server

        self.log = logging.getLogger("werkzeug")
        self.level = self.log.level
        self.server = make_server("127.0.0.1", port, wsgi_app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> LiveServer:
        self.log.setLevel(logging.ERROR)  # no line per request
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.log.setLevel(self.level)


def make_app(database_url: str):
    """The real app on the bench database: per-process cache, a random secret."""
    from dashboard.app import create_app
    from dashboard.config import Settings

    settings = Settings(
        env="development",
        database_url=database_url,
        cache_url="simple://",
        secret_key=secrets.token_urlsafe(48),
    )
    return create_app(settings)


@dataclass
class Reply:
    status: int
    headers: dict
    wire_bytes: int
    body: bytes
    url: str
    seconds: float

    def json(self) -> dict:
        return json.loads(self.body)


class Client:
    """urllib with a cookie jar; asks for gzip and decodes it itself (to count both sizes)."""

    def __init__(self, base_url: str) -> None:
        self.base = base_url
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def request(self, path: str, data: bytes | None = None, headers: dict | None = None) -> Reply:
        asked = urllib.request.Request(
            self.base + path, data=data, headers={"Accept-Encoding": "gzip", **(headers or {})}
        )
        started = time.perf_counter()
        try:
            with self.opener.open(asked, timeout=900) as answer:
                raw, status, head, url = answer.read(), answer.status, answer.headers, answer.url
        except urllib.error.HTTPError as error:
            raw, status, head, url = error.read(), error.code, error.headers, error.url
        seconds = time.perf_counter() - started
        decoded = gzip.decompress(raw) if head.get("Content-Encoding") == "gzip" else raw
        return Reply(status, dict(head.items()), len(raw), decoded, url, seconds)

    def sign_in(self, login: str, password: str) -> None:
        page = self.request("/login")
        token = re.search(rb'name="csrf_token" value="([^"]+)"', page.body)
        if page.status != 200 or token is None:
            raise BenchError(f"sign-in page answered HTTP {page.status} without a CSRF token")
        form = {"login": login, "password": password, "csrf_token": token.group(1).decode()}
        reply = self.request(
            "/login",
            urllib.parse.urlencode(form).encode(),
            {"Content-Type": "application/x-www-form-urlencoded"},
        )
        if reply.status != 200 or urllib.parse.urlparse(reply.url).path == "/login":
            raise BenchError(f"sign-in as {login} failed (HTTP {reply.status} at {reply.url})")

    def callback(self, payload: dict) -> Reply:
        return self.request(
            CALLBACK_PATH, json.dumps(payload).encode(), {"Content-Type": "application/json"}
        )
