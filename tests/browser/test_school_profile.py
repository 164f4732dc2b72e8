"""The school profile in a real browser: a director lands on it and every block renders, the
address carries the year and procedure, and a shared address reopens them."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest
from sqlalchemy import text

from dashboard.ids import SchoolProfile as ids
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser

BLOCKS = [
    "#profile-header h1",
    "#profile-flags li",
    "#profile-context .main-svg",
    "#profile-context-trend .main-svg",
    f"#{ids.CONDITIONS_GRID} .ag-row .ag-cell",
    "#profile-results-trend .main-svg",
    "#profile-results-marks .main-svg",
    f"#{ids.SKILLS_GRID} .ag-row .ag-cell",
]


def _query(url: str) -> dict:
    return {k: v[0] for k, v in parse_qs(urlparse(url).query).items()}


def test_director_lands_on_profile_with_every_block(page, live_server, console_errors):
    page.set_viewport_size({"width": 1366, "height": 768})
    sign_in(page, live_server.url, "director")
    assert "/schools/" in page.url
    for selector in BLOCKS:
        page.wait_for_selector(selector, timeout=20_000)
    page.wait_for_selector("#profile-results-trend g.scatterlayer .trace", timeout=20_000)
    assert page.locator("#profile-denied .access-denied").count() == 0
    assert page.locator("#profile-print").is_visible()
    # no placeholder block anywhere; the measures block is a real one (test_profile_measures)
    assert page.locator(".not-built").count() == 0
    assert "не реализован" not in page.inner_text("body")
    for grid, header in ((ids.CONDITIONS_GRID, "Дефицит"), (ids.SKILLS_GRID, "Умение")):
        assert page.locator(f"#{grid} .ag-header-cell-text", has_text=header).count() == 1
    assert console_errors == []


def test_profile_state_round_trips_through_the_address(page, live_server, console_errors):
    sign_in(page, live_server.url, "director")
    page.wait_for_function("() => window.location.search.includes('kind=vpr')", timeout=20_000)
    landed = _query(page.url)
    assert landed["subject"] == "математика" and landed["indicator"] == "pupils"
    profile = page.url.split("?")[0]
    shared = {**landed, "subject": "русский язык", "indicator": "building_wear"}
    address = profile + "?" + "&".join(f"{k}={v}" for k, v in shared.items())
    other = page.context.new_page()
    other.goto(address)
    other.wait_for_selector("#profile-results-trend g.scatterlayer .trace", timeout=20_000)
    other.wait_for_load_state("networkidle")
    assert "русский язык" in other.inner_text("#" + ids.RESULTS_NOTE)
    # the indicator is named once, by its picker above the chart (the chart has no title)
    assert "Износ здания" in other.inner_text("#" + ids.INDICATOR)
    assert "Износ здания" not in other.inner_text("#" + ids.CONTEXT_TREND)
    assert _query(other.url) == shared  # restored, not overwritten by the defaults
    assert console_errors == []


def _denials(app) -> int:
    engine = app.server.extensions["oko_engine"]
    with engine.connect() as conn:
        sql = "SELECT COUNT(*) FROM audit_log WHERE action = 'callback' AND outcome = 'denied'"
        return conn.execute(text(sql)).scalar_one()


def test_director_gets_refusal_on_another_school(page, live_server, console_errors, app):
    sign_in(page, live_server.url, "director")
    own = urlparse(page.url).path.rsplit("/", 1)[-1]  # the address also carries ?year=…
    other = "740141" if own != "740141" else "740102"
    before = _denials(app)
    page.goto(f"{live_server.url}/schools/{other}")
    page.wait_for_selector("#profile-denied .access-denied", timeout=20_000)
    page.wait_for_load_state("networkidle")
    assert "Нет доступа к этой школе" in page.inner_text("#profile-denied")
    assert not page.locator("#profile-body").is_visible()
    assert _denials(app) == before + 1  # one page view, one audit row (the header's)
    assert console_errors == []


def test_region_school_list_and_map(page, live_server, console_errors):
    sign_in(page, live_server.url, "region")
    page.goto(f"{live_server.url}/schools")
    page.wait_for_selector("#schools-table .ag-row .ag-cell", timeout=20_000)
    page.locator("#schools-tabs .nav-link", has_text="Карта").click()  # drawn when opened
    page.wait_for_selector("#schools-map .main-svg", timeout=20_000)
    page.locator("#schools-tabs .nav-link", has_text="Список").click()
    link = page.locator("#schools-table a[href^='/schools/']").first
    href = link.get_attribute("href")
    link.click()
    page.wait_for_url(f"**{href}", timeout=20_000)
    page.wait_for_selector("#profile-header h1", timeout=20_000)
    assert console_errors == []
