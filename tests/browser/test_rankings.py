"""`/rankings` in a real browser: the four charts (each drawn when its tab is opened) and the
table (paged on the server) render, the director's own school is highlighted among anonymous
others, switching the level refits, the open tab is in the address and a reload reopens it,
no console errors."""

from __future__ import annotations

import pytest

from dashboard import strings
from dashboard.ids import Rankings as ids
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser


def _open(page, tab: str) -> None:
    page.locator(f"#{ids.TABS} .nav-link", has_text=strings.RANK_TABS[tab]).click()


def _wait_charts(page) -> None:
    """Every tab opened in turn: its chart is drawn (data, not empty axes), then back."""
    for tab, graph in ids.CHARTS.items():
        _open(page, tab)
        page.wait_for_selector(f"#{graph} path.point", timeout=30_000)
    _open(page, "scatter")
    page.wait_for_selector(f"#{ids.TABLE} .ag-row .ag-cell", timeout=30_000)


def test_rankings_render_for_the_region(page, live_server, console_errors):
    sign_in(page, live_server.url, "region")
    page.goto(f"{live_server.url}/rankings")
    page.wait_for_selector(f"#{ids.SCATTER} path.point", timeout=30_000)
    page.wait_for_selector(f"#{ids.TABLE} .ag-row .ag-cell", timeout=30_000)
    page.wait_for_timeout(500)
    # the charts of the closed tabs are not drawn (nor sent) until their tab is opened
    for graph in (ids.FUNNEL, ids.CATERPILLAR, ids.RANK_INTERVALS):
        assert page.locator(f"#{graph} path.point").count() == 0
    _wait_charts(page)
    assert "Рейтинги с учётом контекста" in page.inner_text("h1")
    assert page.locator(f"#{ids.CATERPILLAR} path.point").count() >= 5
    method = page.inner_text("#" + ids.METHOD)
    assert "ICC" in method and "τ²" in method
    assert "Другая школа" not in page.inner_text("#" + ids.TABLE)
    effects = f"#{ids.TABLE} .ag-center-cols-container .ag-row [col-id=c4]"
    before = page.locator(effects).all_inner_texts()
    page.get_by_text("Школы (средние по ОО)").click()
    page.wait_for_function(
        f"() => document.querySelector('#{ids.METHOD}').innerText.includes('Наблюдений')",
        timeout=30_000,
    )
    # the grid's page is answered again from the new fit (the grid keeps no stale page)
    page.wait_for_function(
        "([selector, before]) => { const now = [...document.querySelectorAll(selector)]"
        ".map(c => c.innerText); return now.length > 0 && now.join() !== before.join(); }",
        arg=[effects, before],
        timeout=30_000,
    )
    _wait_charts(page)
    # the choice is in the address, and reopening the address restores it
    page.wait_for_function("() => window.location.search.includes('level=school')", timeout=10_000)
    page.goto(page.url)
    _wait_charts(page)
    assert page.locator(f"#{ids.LEVEL} input[value=school]").is_checked()
    assert console_errors == []


def test_director_sees_own_school_highlighted(page, live_server, console_errors):
    sign_in(page, live_server.url, "director")
    page.goto(f"{live_server.url}/rankings")
    _wait_charts(page)
    table = page.inner_text("#" + ids.TABLE)
    assert "Ваша ОО:" in table and "Другая школа" in table
    own = page.locator(f"#{ids.TABLE} .ag-center-cols-container .ag-row", has_text="Ваша ОО:")
    assert own.count() == 1
    # .oko-own-row (assets/oko.css): bold, on the own colour's light tint
    assert own.evaluate("row => row.classList.contains('oko-own-row')")
    assert own.evaluate("row => getComputedStyle(row).fontWeight") in ("600", "700", "bold")
    assert "Ваша школа выделена" in page.inner_text("#" + ids.STATUS)
    with page.expect_download() as download:
        page.click(f"#{ids.DOWNLOAD_CSV}")
    assert download.value.suggested_filename.endswith(".csv")
    assert console_errors == []


def _active_tab(page) -> str:
    return page.inner_text("#" + ids.TABS + " .nav-link.active")


def _drawn(graph: str) -> str:
    return "#" + graph + " path.point"


def _address_says(page, part: str) -> None:
    page.wait_for_function(
        "part => window.location.search.includes(part)", arg=part, timeout=10_000
    )


def test_the_open_tab_is_in_the_address_and_a_reload_reopens_it(page, live_server, console_errors):
    sign_in(page, live_server.url, "region")
    page.goto(live_server.url + "/rankings")
    page.wait_for_selector(_drawn(ids.SCATTER), timeout=30_000)
    _address_says(page, "tab=scatter")
    _open(page, "caterpillar")
    page.wait_for_selector(_drawn(ids.CATERPILLAR), timeout=30_000)
    _address_says(page, "tab=caterpillar")
    shared = page.url
    page.reload()
    page.wait_for_selector(_drawn(ids.CATERPILLAR), timeout=30_000)
    assert _active_tab(page) == strings.RANK_TABS["caterpillar"]
    assert page.url == shared
    page.wait_for_timeout(500)
    assert page.locator(_drawn(ids.SCATTER)).count() == 0  # only the reopened tab drawn
    # the same address in a fresh page (a shared link) opens the same tab
    other = page.context.new_page()
    other.goto(shared)
    other.wait_for_selector(_drawn(ids.CATERPILLAR), timeout=30_000)
    assert _active_tab(other) == strings.RANK_TABS["caterpillar"]
    other.close()
    # an address with an unknown tab opens the default tab, and the address is corrected
    page.goto(shared.replace("tab=caterpillar", "tab=nope"))
    page.wait_for_selector(_drawn(ids.SCATTER), timeout=30_000)
    assert _active_tab(page) == strings.RANK_TABS["scatter"]
    _address_says(page, "tab=scatter")
    assert page.locator(_drawn(ids.CATERPILLAR)).count() == 0
    assert console_errors == []


def test_director_finds_its_own_row_highlighted(page, live_server, console_errors):
    """From the last page of the grid, «найти мою школу» takes the grid to the page holding
    the director's row, drawn in the own colour; the chart marks the school with a star."""
    sign_in(page, live_server.url, "director")
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(f"{live_server.url}/rankings")
    rows = f"#{ids.TABLE} .ag-center-cols-container .ag-row"
    page.wait_for_selector(f"{rows} .ag-cell", timeout=30_000)
    assert page.inner_text("#" + ids.OWN_SUMMARY).startswith("Ваша ОО «")
    page.locator(f"#{ids.TABLE} .ag-paging-button").last.click()  # the last page
    page.wait_for_function(
        "sel => ![...document.querySelectorAll(sel)].some(r => r.innerText.includes('Ваша ОО:'))",
        arg=rows,
        timeout=10_000,
    )
    page.click("#" + ids.FIND_OWN)
    own = page.locator(f"{rows}.oko-own-row")
    own.wait_for(timeout=10_000)
    assert own.count() == 1 and "Ваша ОО:" in own.inner_text()
    colour = own.evaluate("row => getComputedStyle(row).backgroundColor")
    assert colour == "rgb(236, 227, 245)"  # .oko-own-row
    assert own.is_visible()
    # the chart draws the own school as a star in the own colour
    page.wait_for_selector(f"#{ids.SCATTER} path.point", timeout=30_000)
    stars = page.locator(f"#{ids.SCATTER} .trace path.point[style*='rgb(91, 42, 134)']")
    assert stars.count() == 1
    assert console_errors == []


def test_a_click_on_the_own_star_opens_the_school_profile(page, live_server, console_errors):
    sign_in(page, live_server.url, "director")
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(f"{live_server.url}/rankings")
    star = f"#{ids.SCATTER} .trace path.point[style*='rgb(91, 42, 134)']"
    page.wait_for_selector(star, timeout=30_000)
    page.locator(star).first.click(force=True)
    page.wait_for_url("**/schools/*", timeout=15_000)
    assert page.url.rsplit("/", 1)[-1]  # the school's code
    page.wait_for_selector("h1", timeout=15_000)
    assert console_errors == []
