"""`/roadmaps` in a real browser: the Gantt of each seed roadmap draws one bar per item, the
item grid lists every item, the pilot programme shows its checklist, a shared address reopens
the filtered view, and an item card opens from the grid."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from dashboard import seeds
from dashboard.ids import Roadmaps as ids
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser

BARS = f"#{ids.GANTT} .barlayer g.point"
ROWS = f"#{ids.TABLE} .ag-center-cols-container .ag-row"
EXPECTED = {r.code: len(r.items) for r in seeds.ROADMAPS}


def _bars(page, expected: int) -> int:
    page.wait_for_function(
        f"document.querySelectorAll('{BARS}').length === {expected}", timeout=30_000
    )
    return page.locator(BARS).count()


@pytest.mark.parametrize("code", list(EXPECTED))
def test_gantt_draws_every_item_of_each_roadmap(page, live_server, console_errors, code):
    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in(page, live_server.url, "region")
    page.goto(f"{live_server.url}/roadmaps?roadmap={code}")
    page.wait_for_selector(f"#{ids.GANTT} .main-svg", timeout=30_000)
    assert _bars(page, EXPECTED[code]) == EXPECTED[code]
    assert EXPECTED == {"region-2018": 19, "expert-community-2022": 8, "pilot-2019": 13}
    page.wait_for_function(
        f"document.querySelectorAll('{ROWS}').length === {EXPECTED[code]}", timeout=20_000
    )
    expect(page.locator(ROWS)).to_have_count(EXPECTED[code])  # AG Grid re-lays rows out once
    # The address keeps the selection, so the view can be shared as it is.
    page.wait_for_function(
        "new URLSearchParams(location.search).get('as_of') !== null", timeout=20_000
    )
    assert f"roadmap={code}" in page.url
    if code == "pilot-2019":
        page.wait_for_selector(".pilot-programme .pilot-task", timeout=20_000)
        assert page.locator(".pilot-programme .pilot-task").count() == 13
        assert page.locator(".pilot-programme .pilot-products tbody tr").count() == len(
            seeds.FINAL_PRODUCTS
        )
        assert page.locator(".pilot-programme .pilot-product").count() == len(seeds.FINAL_PRODUCTS)
    assert console_errors == []


def test_a_shared_address_reopens_the_filtered_view(page, live_server, console_errors):
    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in(page, live_server.url, "viewer")
    page.goto(f"{live_server.url}/roadmaps?roadmap=region-2018&status=done")
    page.wait_for_selector(f"#{ids.TABLE} .ag-row", timeout=30_000)
    page.wait_for_function(
        f"document.querySelector('#{ids.TABLE_COUNT}').textContent.includes('из 19')",
        timeout=20_000,
    )
    counted = re.match(r"Показано (\d+) из 19", page.locator(f"#{ids.TABLE_COUNT}").inner_text())
    shown = int(counted.group(1))
    assert 0 < shown < 19  # the status filter of the address is applied
    expect(page.locator(ROWS)).to_have_count(shown)
    expect(page.locator(f"#{ids.STATUS}")).to_contain_text("выполнено")
    statuses = page.locator(f"{ROWS} [col-id=c5]").all_inner_texts()
    assert statuses == ["выполнено"] * shown
    assert "status=done" in page.url
    assert console_errors == []


def test_choosing_another_roadmap_redraws_and_item_card_opens(page, live_server, console_errors):
    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in(page, live_server.url, "viewer")
    page.goto(f"{live_server.url}/roadmaps?roadmap=region-2018")
    assert _bars(page, 19) == 19
    page.click(f"#{ids.ROADMAP}")
    page.get_by_text("Дорожная карта 2022–2024", exact=False).last.click()
    assert _bars(page, 8) == 8
    page.wait_for_function(f"document.querySelectorAll('{ROWS}').length === 8", timeout=20_000)
    link = page.locator(f"#{ids.TABLE} .ag-row a").first
    link.click()
    page.wait_for_selector(".roadmap-item-title", timeout=20_000)
    page.wait_for_selector(".roadmap-history .ag-row", timeout=20_000)
    assert not page.locator(f"#{ids.ITEM_EDIT}").is_visible()  # a viewer gets no forms
    assert console_errors == []
