"""The profile's «Проблемы, меры и решения» block in a real browser: a director lands on the own
profile, the block fills after the blocks above it with the school's decisions (as data_access
lists them), offers no adoption, and a decision's link opens its card on /decisions."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from dashboard import strings
from dashboard.ids import Decisions, SchoolProfile
from data_access import database
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser

BLOCK = f"#{SchoolProfile.MEASURES}"


def _own_decisions(app) -> list[int]:
    from data_access import decisions, users

    with database.bind(app.server.extensions["oko_engine"]):
        scope = users.scope_for(users.account_by_login("director"))
        return [int(i) for i in decisions.list_decisions(scope)["id"]]


def test_director_sees_the_schools_decisions_and_opens_one(page, live_server, console_errors, app):
    page.set_viewport_size({"width": 1366, "height": 768})
    sign_in(page, live_server.url, "director")
    assert "/schools/" in page.url
    expected = _own_decisions(app)
    assert expected, "the demo director's school has decisions"
    page.wait_for_selector(f"{BLOCK} [data-decision]", timeout=30_000)
    # filled after the weak skills block above it, which has answered by then
    skills = f"#{SchoolProfile.SKILLS}"
    assert page.locator(f"{skills} .weak-skills, {skills} .no-data").count() == 1
    block = page.locator(BLOCK)
    expect(block).to_contain_text(strings.PROFILE_DECISIONS)
    assert block.locator("[data-kind]").count() > 0  # the school's findings with their measures
    assert block.locator(".profile-measure").count() > 0
    shown = [
        int(n)
        for n in block.locator("[data-decision]").evaluate_all(
            "rows => rows.map(r => r.getAttribute('data-decision'))"
        )
    ]
    assert shown == expected
    assert block.locator(".profile-adopt").count() == 0  # directors do not adopt decisions
    first = expected[0]
    link = block.locator(f"[data-decision='{first}'] a")
    assert link.get_attribute("href") == f"/decisions?tab=decisions&decision={first}"
    link.click()
    page.wait_for_url(f"**/decisions?tab=decisions&decision={first}", timeout=20_000)
    card = page.locator(f"#{Decisions.CARD}")
    expect(card).to_contain_text(strings.DECISION_CARD_TITLE.format(id=first), timeout=30_000)
    assert console_errors == []
