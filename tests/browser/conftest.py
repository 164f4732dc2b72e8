"""Browser tests: Debian's chromium driven by pytest-playwright; never downloads a browser."""

from __future__ import annotations

import threading

import pytest
from werkzeug.serving import make_server

from tests.conftest import CHROMIUM, DEMO_PASSWORD, need

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    need(CHROMIUM is not None, "Debian's chromium is not installed: browser tests skipped")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": CHROMIUM_ARGS,
        "headless": True,
    }


class LiveServer:
    def __init__(self, wsgi_app) -> None:
        self.server = make_server("127.0.0.1", 0, wsgi_app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()


@pytest.fixture(scope="session")
def live_server(app):
    with LiveServer(app.server) as server:
        yield server


@pytest.fixture
def console_errors(page):
    """Collect console errors and page errors of the test's page."""
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    return errors


def sign_in(page, base_url: str, login: str) -> None:
    page.goto(f"{base_url}/login")
    page.fill("#login", login)
    page.fill("#password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")


def paging_text(current: int, total: int) -> str:
    """AG Grid's paging panel in Russian: «Страница 1 из 2»."""
    from dashboard import strings

    words = strings.GRID_LOCALE
    return words["page"] + " " + str(current) + " " + words["of"] + " " + str(total)


@pytest.fixture(scope="session")
def region_server(region_app):
    with LiveServer(region_app.server) as server:
        yield server
