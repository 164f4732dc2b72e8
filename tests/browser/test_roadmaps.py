"""`/roadmaps` in a real browser: the Gantt of each seed roadmap draws one bar per occurrence
(an item due in several periods has a bar for each), the item grid lists every occurrence, the
pilot programme shows its checklist, a shared address reopens the filtered view, and an item
card opens from the grid."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import delete, func, select

from dashboard import seeds
from dashboard.ids import Roadmaps as ids
from dashboard.models import Roadmap, RoadmapItem, RoadmapStatusChange
from dashboard.models.plans import RoadmapItemOccurrence
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser

BARS = f"#{ids.GANTT} .barlayer g.point"
ROWS = f"#{ids.TABLE} .ag-center-cols-container .ag-row"
ITEMS = {r.code: len(r.items) for r in seeds.ROADMAPS}
# Occurrences: region-2018 has five items due in several periods («Май Август» is two, «Март
# Август Октябрь» three, …): 19 items, 25 occurrences.
EXPECTED = {"region-2018": 25, "expert-community-2022": 8, "pilot-2019": 13}


def _bars(page, expected: int) -> int:
    page.wait_for_function(
        f"() => document.querySelectorAll('{BARS}').length === {expected}", timeout=30_000
    )
    return page.locator(BARS).count()


@pytest.mark.parametrize("code", list(EXPECTED))
def test_gantt_draws_every_item_of_each_roadmap(page, live_server, console_errors, code):
    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in(page, live_server.url, "region")
    page.goto(f"{live_server.url}/roadmaps?roadmap={code}")
    page.wait_for_selector(f"#{ids.GANTT} .main-svg", timeout=30_000)
    assert _bars(page, EXPECTED[code]) == EXPECTED[code]
    assert ITEMS == {"region-2018": 19, "expert-community-2022": 8, "pilot-2019": 13}
    page.wait_for_function(
        f"() => document.querySelectorAll('{ROWS}').length === {EXPECTED[code]}", timeout=20_000
    )
    expect(page.locator(ROWS)).to_have_count(EXPECTED[code])  # AG Grid re-lays rows out once
    # The address keeps the selection, so the view can be shared as it is.
    page.wait_for_function(
        "() => new URLSearchParams(location.search).get('as_of') !== null", timeout=20_000
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
        f"() => document.querySelector('#{ids.TABLE_COUNT}').textContent.includes('из 25')",
        timeout=20_000,
    )
    counted = re.match(r"Показано (\d+) из 25", page.locator(f"#{ids.TABLE_COUNT}").inner_text())
    shown = int(counted.group(1))
    assert 0 < shown < 25  # the status filter of the address is applied
    expect(page.locator(ROWS)).to_have_count(shown)
    expect(page.locator(f"#{ids.STATUS}")).to_contain_text("выполнено")
    statuses = page.locator(f"{ROWS} [col-id=c6]").all_inner_texts()
    assert statuses == ["выполнено"] * shown
    assert "status=done" in page.url
    assert console_errors == []


def test_choosing_another_roadmap_redraws_and_item_card_opens(page, live_server, console_errors):
    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in(page, live_server.url, "viewer")
    page.goto(f"{live_server.url}/roadmaps?roadmap=region-2018")
    assert _bars(page, 25) == 25
    page.click(f"#{ids.ROADMAP}")
    page.get_by_text("Дорожная карта 2022–2024", exact=False).last.click()
    assert _bars(page, 8) == 8
    page.wait_for_function(
        f"() => document.querySelectorAll('{ROWS}').length === 8", timeout=20_000
    )
    link = page.locator(f"#{ids.TABLE} .ag-row a").first
    link.click()
    page.wait_for_selector(".roadmap-item-title", timeout=20_000)
    page.wait_for_selector(".roadmap-history .ag-row", timeout=20_000)
    assert not page.locator(f"#{ids.ITEM_EDIT}").is_visible()  # a viewer gets no forms
    assert console_errors == []


def test_an_editor_changes_one_occurrence_on_the_card(
    app, page, live_server, console_errors, restore_occurrences
):
    """The multi-span item «Январь – апрель Сентябрь – ноябрь» lists its two periods; opened on
    the second (`?occurrence=2`), the form changes that one only."""
    engine = app.server.extensions["oko_engine"]
    with engine.connect() as conn:
        item_id = conn.execute(
            select(RoadmapItem.id)
            .join(Roadmap, Roadmap.id == RoadmapItem.roadmap_id)
            .where(
                Roadmap.code == "region-2018",
                RoadmapItem.period_text == "Январь – апрель Сентябрь – ноябрь",
            )
        ).scalar_one()
    restore_occurrences(item_id)
    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in(page, live_server.url, "region")
    page.goto(f"{live_server.url}/roadmaps/item/{item_id}?occurrence=2")
    page.wait_for_selector(".roadmap-occurrences tbody tr", timeout=30_000)
    expect(page.locator(".roadmap-occurrences tbody tr")).to_have_count(2)
    expect(page.locator(f"#{ids.OCCURRENCE}")).to_contain_text("период 2 из 2", timeout=20_000)
    page.locator(f"#{ids.COMMENT}").fill("второй период отменён")
    page.click(f"#{ids.NEW_STATUS}")
    page.get_by_role("option", name="отменено").click()
    page.click(f"#{ids.SAVE}")
    expect(page.locator(f"#{ids.SAVE_FEEDBACK}")).to_contain_text(
        "Сохранено для срока период 2 из 2", timeout=20_000
    )
    badges = page.locator(".roadmap-occurrences tbody tr [data-status]")
    expect(badges.nth(1)).to_have_attribute("data-status", "cancelled", timeout=20_000)
    assert badges.nth(0).get_attribute("data-status") != "cancelled"
    assert console_errors == []


@pytest.fixture
def restore_occurrences(app):
    """Drop what a test recorded for an item's occurrences (and its new history rows)."""
    engine = app.server.extensions["oko_engine"]
    kept: list[tuple[int, int]] = []

    def keep(item_id: int) -> None:
        with engine.connect() as conn:
            last = conn.execute(select(func.max(RoadmapStatusChange.id))).scalar() or 0
        kept.append((item_id, last))

    yield keep
    with engine.begin() as conn:
        for item_id, last in kept:
            conn.execute(
                delete(RoadmapItemOccurrence).where(RoadmapItemOccurrence.item_id == item_id)
            )
            conn.execute(delete(RoadmapStatusChange).where(RoadmapStatusChange.id > last))
