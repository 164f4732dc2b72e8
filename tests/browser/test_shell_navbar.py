"""The navbar at 1366×768 (a common school and district office laptop): one line for the role
with the most links (admin) and for a director; below 1200 px the links fold behind a menu
button named in Russian."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from dashboard import strings
from dashboard.ids import Nav
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser

ONE_LINE = 70  # px: Bootstrap's navbar with one row of links is ~56 px, two rows ~100


@pytest.mark.parametrize("login", ["admin", "director"])
@pytest.mark.parametrize("width", [1366, 1200])
def test_the_navbar_is_one_line(page, live_server, console_errors, login, width):
    page.set_viewport_size({"width": width, "height": 768})
    sign_in(page, live_server.url, login)
    page.wait_for_selector(f"#{Nav.BAR} .nav-link", timeout=30_000)
    bar = page.locator(f"#{Nav.BAR}").bounding_box()
    assert bar["height"] < ONE_LINE
    # every link and the user menu on the same row, inside the window
    boxes = [
        page.locator(selector).nth(i).bounding_box()
        for selector in (f"#{Nav.BAR} .nav-link",)
        for i in range(page.locator(selector).count())
    ]
    assert len(boxes) >= 10
    assert max(b["y"] for b in boxes) - min(b["y"] for b in boxes) < 8
    assert all(b["x"] + b["width"] <= width for b in boxes)
    assert page.locator(f"#{Nav.BAR} .navbar-toggler").is_hidden()
    if login == "admin":
        page.get_by_text(strings.NAV_ADMIN).click()
        expect(page.get_by_text(strings.NAV["/admin/audit"])).to_be_visible()
    assert console_errors == []


def test_a_narrow_window_folds_the_links_behind_a_russian_menu_button(
    page, live_server, console_errors
):
    page.set_viewport_size({"width": 1000, "height": 768})
    sign_in(page, live_server.url, "director")
    toggler = page.locator(f"#{Nav.TOGGLER}")
    expect(toggler).to_be_visible(timeout=30_000)
    assert toggler.get_attribute("aria-label") == strings.NAV_TOGGLE
    link = page.locator(f"#{Nav.BAR} .nav-link", has_text=strings.NAV_SHORT["/experts"])
    assert link.is_hidden()
    toggler.click()
    expect(link).to_be_visible(timeout=10_000)
    assert console_errors == []
