"""`/roadmaps` in a real browser: the Gantt of each seed roadmap draws one bar per item, the
pilot programme shows its checklist, and an item card opens from the table."""

from __future__ import annotations

import pytest

from dashboard import seeds
from dashboard.ids import Roadmaps as ids
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser

BARS = f"#{ids.GANTT} .barlayer g.point"
EXPECTED = {r.code: len(r.items) for r in seeds.ROADMAPS}


def _bars(page, expected: int) -> int:
    page.wait_for_function(f"document.querySelectorAll('{BARS}').length === {expected}", timeout=30_000)
    return page.locator(BARS).count()


@pytest.mark.parametrize("code", list(EXPECTED))
def test_gantt_draws_every_item_of_each_roadmap(page, live_server, console_errors, code):
    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in(page, live_server.url, "region")
    page.goto(f"{live_server.url}/roadmaps?roadmap={code}")
    page.wait_for_selector(f"#{ids.GANTT} .main-svg", timeout=30_000)
    assert _bars(page, EXPECTED[code]) == EXPECTED[code]
    assert EXPECTED == {"region-2018": 19, "expert-community-2022": 8, "pilot-2019": 13}
    page.wait_for_selector(f"#{ids.TABLE} table.roadmap-items tbody tr", timeout=20_000)
    assert page.locator(f"#{ids.TABLE} table.roadmap-items tbody tr").count() == EXPECTED[code]
    if code == "pilot-2019":
        page.wait_for_selector(".pilot-programme .pilot-task", timeout=20_000)
        assert page.locator(".pilot-programme .pilot-task").count() == 13
        assert page.locator(".pilot-programme .pilot-product").count() == len(seeds.FINAL_PRODUCTS)
    assert console_errors == []


def test_choosing_another_roadmap_redraws_and_item_card_opens(page, live_server, console_errors):
    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in(page, live_server.url, "viewer")
    page.goto(f"{live_server.url}/roadmaps?roadmap=region-2018")
    assert _bars(page, 19) == 19
    page.click(f"#{ids.ROADMAP}")
    page.get_by_text("Дорожная карта 2022–2024", exact=False).last.click()
    assert _bars(page, 8) == 8
    link = page.locator(f"#{ids.TABLE} table.roadmap-items a").first
    link.click()
    page.wait_for_selector(".roadmap-item-title", timeout=20_000)
    page.wait_for_selector(".roadmap-history tbody tr", timeout=20_000)
    assert not page.locator(f"#{ids.ITEM_EDIT}").is_visible()  # a viewer gets no forms
    assert console_errors == []
