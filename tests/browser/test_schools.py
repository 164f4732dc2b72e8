"""`/schools` in a real browser: the AG Grid list (paged on the server) links codes to
profiles, the filters live in the address and a shared address restores them, the map is
drawn when its tab is opened."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

from callbacks.schools_query import Selection
from dashboard import strings
from dashboard.ids import Schools as ids
from tests.browser.conftest import paging_text, sign_in
from tests.browser.test_xss import PAYLOAD, hostile_server  # noqa: F401 (a fixture)

pytestmark = pytest.mark.browser
GRID = f"#{ids.TABLE}"


def _open_map(page) -> None:
    page.locator(f"#{ids.TABS} .nav-link", has_text=strings.SCHOOLS_TAB_MAP).click()
    page.wait_for_selector(f"#{ids.MAP} path.point", timeout=20_000)  # drawn data


def _query(url: str) -> dict:
    return {k: v[0] for k, v in parse_qs(urlparse(url).query).items()}


def test_grid_filters_follow_the_address(page, live_server, console_errors):
    sign_in(page, live_server.url, "region")
    page.goto(f"{live_server.url}/schools")
    page.wait_for_selector(f"{GRID} .ag-row .ag-cell", timeout=20_000)
    assert page.locator(f"{GRID} .ag-header-cell-text", has_text="Наименование").count() == 1
    everyone = page.inner_text("#" + ids.COUNT)
    first = page.locator(f"{GRID} .ag-row a[href^='/schools/']").first
    assert first.get_attribute("href") == "/schools/" + first.inner_text()
    # sorting is done by the server: the pupils column, descending, on the first page
    header = page.locator(f"{GRID} .ag-header-cell", has_text="Обучающихся")
    header.click()
    header.click()
    page.wait_for_function(
        "() => { const cells = [...document.querySelectorAll('"
        + GRID
        + " .ag-center-cols-container .ag-row [col-id=c5]')].map(c => c.innerText);"
        " const n = cells.map(t => parseFloat(t.replace(/\\s/g, '').replace(',', '.')))"
        " .filter(v => !Number.isNaN(v));"
        " return n.length > 1 && n.every((v, i) => i === 0 || n[i - 1] >= v); }",
        timeout=20_000,
    )
    assert page.locator(f"#{ids.MAP} path.point").count() == 0  # not drawn until opened
    _open_map(page)
    page.wait_for_function("() => window.location.search.includes('view=map')", timeout=10_000)
    shared = Selection(kinds=("lyceum",), colour="pupils")
    page.goto(f"{live_server.url}/schools{shared.query()}")
    page.wait_for_function(
        "(before) => { const n = document.querySelector('#" + ids.COUNT + "');"
        " return n && n.innerText && n.innerText !== before; }",
        arg=everyone,
        timeout=20_000,
    )
    page.wait_for_selector(f"{GRID} .ag-row .ag-cell", timeout=20_000)
    kinds = page.locator(f"{GRID} .ag-row [col-id=c3]").all_inner_texts()
    assert kinds and set(kinds) == {"лицей"}
    assert "лицей" in page.inner_text("#" + ids.KIND)
    assert "Обучающихся" in page.inner_text("#" + ids.MAP_COLOUR)
    assert _query(page.url) == _query(shared.query())
    assert console_errors == []


def test_viewer_sees_no_list(page, live_server, console_errors):
    sign_in(page, live_server.url, "viewer")
    page.goto(f"{live_server.url}/schools")
    page.wait_for_selector(f"#{ids.DENIED} .alert", timeout=20_000)
    assert "только агрегированные данные" in page.inner_text("#" + ids.DENIED)
    assert not page.locator(f"#{ids.BODY}").is_visible()
    assert console_errors == []


def test_named_payload_in_the_grid_is_text(page, hostile_server, console_errors):  # noqa: F811
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    sign_in(page, hostile_server.url, "director")
    page.goto(f"{hostile_server.url}/schools")
    page.wait_for_selector(f"{GRID} .ag-row .ag-cell", timeout=20_000)
    _open_map(page)
    page.wait_for_timeout(500)
    assert dialogs == []
    assert page.locator("img[src='x']").count() == 0
    assert PAYLOAD in page.inner_text(GRID)
    assert page.locator(f"{GRID} a[href^='/schools/']").count() >= 1
    assert console_errors == []


def test_a_new_filter_takes_the_grid_back_to_its_first_page(page, live_server, console_errors):
    """The grid on page 2 when a filter changes: it shows page 1 of the filtered list (the
    rows a fresh visit of the filtered address shows), not page 2 of it."""
    sign_in(page, live_server.url, "region")
    page.goto(f"{live_server.url}/schools")
    rows = f"{GRID} .ag-center-cols-container .ag-row"
    panel = page.locator(f"{GRID} .ag-paging-description")
    expect(page.locator(rows + " [col-id=c1]").first).not_to_be_empty(timeout=20_000)
    expect(panel).to_have_text(paging_text(1, 2), timeout=20_000)  # the demo's 41 schools
    page.locator(f"{GRID} .ag-paging-button").nth(2).click()  # next page
    expect(panel).to_have_text(paging_text(2, 2), timeout=20_000)
    second = page.locator(rows + "[row-index='25'] [col-id=c1]")
    expect(second).not_to_be_empty(timeout=20_000)
    page.click("#" + ids.LOCALITY)  # urban schools only: 34, two pages still
    page.get_by_role("option", name=strings.LOCALITIES["urban"]).click()
    page.keyboard.press("Escape")
    page.wait_for_function("() => location.search.includes('locality=urban')", timeout=20_000)
    expect(panel).to_have_text(paging_text(1, 2), timeout=20_000)
    first = page.locator(rows + "[row-index='0'] [col-id=c1]")
    expect(first).not_to_be_empty(timeout=20_000)
    assert page.locator(rows + "[row-index='25']").count() == 0
    shown = page.locator(rows + " [col-id=c1]").all_inner_texts()
    fresh = page.context.new_page()  # the same filter from its address: page 1 of the list
    fresh.goto(page.url)
    expect(fresh.locator(rows + " [col-id=c1]").first).not_to_be_empty(timeout=20_000)
    expect(fresh.locator(f"{GRID} .ag-paging-description")).to_have_text(paging_text(1, 2))
    assert shown == fresh.locator(rows + " [col-id=c1]").all_inner_texts() and len(shown) == 25
    assert console_errors == []
