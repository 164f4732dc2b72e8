"""The school profile in a real browser: a director lands on it and every block renders."""

from __future__ import annotations

import pytest

from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser

BLOCKS = ["#profile-header h1", "#profile-flags li", "#profile-context .main-svg",
          "#profile-context-trend .main-svg", "#profile-conditions table",
          "#profile-results-trend .main-svg", "#profile-results-marks .main-svg",
          "#profile-skills table", ".measures .not-built"]


def test_director_lands_on_profile_with_every_block(page, live_server, console_errors):
    page.set_viewport_size({"width": 1366, "height": 768})
    sign_in(page, live_server.url, "director")
    assert "/schools/" in page.url
    for selector in BLOCKS:
        page.wait_for_selector(selector, timeout=20_000)
    page.wait_for_selector("#profile-results-trend g.scatterlayer .trace", timeout=20_000)
    assert page.locator("#profile-denied .profile-denied").count() == 0
    assert page.locator("#profile-print").is_visible()
    assert console_errors == []


def test_director_gets_refusal_on_another_school(page, live_server, console_errors):
    sign_in(page, live_server.url, "director")
    own = page.url.rsplit("/", 1)[-1]
    other = "740141" if own != "740141" else "740102"
    page.goto(f"{live_server.url}/schools/{other}")
    page.wait_for_selector("#profile-denied .profile-denied", timeout=20_000)
    assert "Нет доступа к этой школе" in page.inner_text("#profile-denied")
    assert not page.locator("#profile-body").is_visible()
    assert console_errors == []


def test_region_school_list_and_map(page, live_server, console_errors):
    sign_in(page, live_server.url, "region")
    page.goto(f"{live_server.url}/schools")
    page.wait_for_selector("#schools-table td", timeout=20_000)
    page.wait_for_selector("#schools-map .main-svg", timeout=20_000)
    link = page.locator("#schools-table a[href^='/schools/']").first
    href = link.get_attribute("href")
    link.click()
    page.wait_for_url(f"**{href}", timeout=20_000)
    page.wait_for_selector("#profile-header h1", timeout=20_000)
    assert console_errors == []
