"""The overview in a real browser: graphs render from the database, no console errors."""

from __future__ import annotations

import pytest

from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser


def test_overview_renders_graphs_without_console_errors(page, live_server, console_errors):
    sign_in(page, live_server.url, "region")
    page.wait_for_selector("#overview-by-municipality .main-svg", timeout=20_000)
    page.wait_for_selector("#overview-marks .main-svg", timeout=20_000)
    bars = page.locator("#overview-by-municipality g.point")
    assert bars.count() >= 1
    assert page.locator("#overview-latest table tbody tr").count() >= 1
    assert "Обзор региона" in page.inner_text("h1")
    assert console_errors == []


def test_anonymous_browser_is_sent_to_login(page, live_server):
    page.goto(f"{live_server.url}/rankings")
    assert page.url.startswith(f"{live_server.url}/login")
    assert page.locator("#password").count() == 1
