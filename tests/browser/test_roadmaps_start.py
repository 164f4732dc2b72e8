"""`/roadmaps` without an address opens on the current or most recent roadmap (for a district
head, its municipality's own), not the 2018 one; the timeline has one title, the card's."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from dashboard.ids import Roadmaps as ids
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("login", ["district", "viewer"])
def test_the_page_opens_on_the_most_recent_roadmap(page, live_server, console_errors, login):
    page.set_viewport_size({"width": 1366, "height": 768})
    sign_in(page, live_server.url, login)
    page.goto(f"{live_server.url}/roadmaps")
    expect(page.locator(f"#{ids.ROADMAP}")).to_contain_text("2022–2024", timeout=30_000)
    page.wait_for_function("() => location.search.includes('roadmap=')", timeout=30_000)
    assert "roadmap=expert-community-2022" in page.url
    page.wait_for_selector(f"#{ids.GANTT} .barlayer g.point", timeout=30_000)
    assert page.locator(f"#{ids.GANTT} .gtitle").count() == 0
    legend = page.locator(f"#{ids.GANTT} .legend").bounding_box()
    bars = page.locator(f"#{ids.GANTT} .barlayer").bounding_box()
    assert legend["y"] + legend["height"] <= bars["y"] + 1  # the legend above the bars
    assert console_errors == []
