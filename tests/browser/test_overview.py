"""The overview in a real browser: graphs render from the database, the address carries the
chosen procedure and a shared address restores it, no console errors."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest
from sqlalchemy import text

from callbacks.overview_query import Selection
from dashboard.ids import Overview as ids
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser


def _query(url: str) -> dict:
    return {k: v[0] for k, v in parse_qs(urlparse(url).query).items()}


def test_overview_renders_graphs_without_console_errors(page, live_server, console_errors):
    sign_in(page, live_server.url, "region")
    page.wait_for_selector("#overview-by-municipality .main-svg", timeout=20_000)
    page.wait_for_selector("#overview-marks .main-svg", timeout=20_000)
    bars = page.locator("#overview-by-municipality g.point")
    assert bars.count() >= 1
    assert page.locator("#overview-latest table tbody tr").count() >= 1
    assert "Обзор региона" in page.inner_text("h1")
    # the default procedure (ВПР, математика, latest year) is written to the address
    page.wait_for_function("() => window.location.search.includes('kind=vpr')", timeout=15_000)
    assert _query(page.url)["subject"] == "математика"
    assert console_errors == []


def test_shared_address_restores_the_procedure(page, live_server, console_errors, app):
    engine = app.server.extensions["oko_engine"]
    with engine.connect() as conn:
        kind, subject, grade, year = conn.execute(
            text(
                "SELECT kind, subject, grade, MIN(year) FROM procedure WHERE kind = 'oge' "
                "GROUP BY kind, subject, grade ORDER BY subject DESC LIMIT 1"
            )
        ).one()
    shared = Selection(kind, subject, grade, year)
    sign_in(page, live_server.url, "region")
    page.goto(f"{live_server.url}/{shared.query()}")
    page.wait_for_selector("#overview-by-municipality .main-svg", timeout=20_000)
    page.wait_for_function(
        "(s) => document.querySelector('#" + ids.NOTE + "').innerText.includes(s)",
        arg=f"{year} г.",
        timeout=15_000,
    )
    assert subject in page.inner_text("#" + ids.SUBJECT)
    assert "ОГЭ" in page.inner_text("#" + ids.KIND)
    assert _query(page.url) == _query(shared.query())
    assert console_errors == []


def test_anonymous_browser_is_sent_to_login(page, live_server):
    page.goto(f"{live_server.url}/rankings")
    assert page.url.startswith(f"{live_server.url}/login")
    assert page.locator("#password").count() == 1
