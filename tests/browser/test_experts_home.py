"""`/experts` at 1366×768 as a district head: it opens on its own municipality, its bars in
the «own» colour with the region beside them, one title per chart, its row first and marked."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from dashboard import strings
from dashboard.figures.template import OWN_COLOUR
from dashboard.ids import Experts as ids
from data_access import database, users
from data_access.home import home
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser


def _rgb(colour: str) -> str:
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgb({red}, {green}, {blue})"


def test_a_district_head_starts_on_its_municipality(app, page, live_server, console_errors):
    with database.bind(app.server.extensions["oko_engine"]):
        own = home(users.scope_for(users.account_by_login("district"))).municipality_name
    page.set_viewport_size({"width": 1366, "height": 768})
    sign_in(page, live_server.url, "district")
    page.goto(f"{live_server.url}/experts")
    expect(page.locator(f"#{ids.MUNICIPALITY}")).to_contain_text(own, timeout=30_000)
    bars = page.locator(f"#{ids.TREND} .barlayer .point path")
    expect(bars).not_to_have_count(0, timeout=30_000)
    fill = bars.last.evaluate("p => getComputedStyle(p).fill")
    assert fill == _rgb(OWN_COLOUR)
    legend = " ".join(page.locator(f"#{ids.TREND} .legend text").all_text_contents())
    assert strings.EXPERTS_TREND_OWN in legend and strings.EXPERTS_TREND_REGION in legend
    for chart in (ids.TREND, ids.FUNNEL, ids.COVERAGE):
        assert page.locator(f"#{chart} .gtitle").count() == 0  # the card's title only
    marked = page.locator(".experts-breakdown td.oko-own-cell")
    expect(marked).to_have_count(1, timeout=30_000)
    assert marked.inner_text() == own
    first = page.locator(".experts-breakdown tbody tr").first.locator("td").first
    assert first.inner_text() == own
    expect(page.locator(".experts-counts-table .ag-row.oko-own-row")).to_have_count(1)
    assert console_errors == []
