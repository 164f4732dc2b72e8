"""The user menu signs out by POST (issue 18 §6): «Выйти» submits the session's form token,
and the password page is one click away."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from dashboard import strings
from dashboard.ids import Nav
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser


def test_the_user_menu_signs_out_by_post_and_links_the_password_page(
    page, live_server, console_errors
):
    page.set_viewport_size({"width": 1366, "height": 768})
    sign_in(page, live_server.url, "viewer")
    menu = page.locator(f"#{Nav.USER}")
    expect(menu).to_be_visible(timeout=30_000)
    menu.get_by_text("viewer").click()
    expect(page.get_by_text(strings.PASSWORD_CHANGE_MENU)).to_be_visible()
    with page.expect_request(lambda r: r.url.endswith("/logout")) as sent:
        page.get_by_role("button", name=strings.LOGOUT).click()
    assert sent.value.method == "POST"
    page.wait_for_url("**/login?ended=1")
    expect(page.get_by_text(strings.SIGNIN_ENDED)).to_be_visible()
    page.goto(f"{live_server.url}/")
    page.wait_for_url("**/login*")  # the session really ended
    assert console_errors == []
