"""`/objectivity` in a real browser: table, drill-down charts with data toggles, CSV download."""

from __future__ import annotations

import csv
import io

import pytest

from dashboard.ids import Objectivity as ids
from data_access import database
from data_access import objectivity as data
from data_access.scope import Scope
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser


def _css(component_id: str) -> str:
    return "#" + component_id


def test_region_sees_flags_drills_down_and_downloads_csv(page, live_server, app, console_errors):
    with database.bind(app.server.extensions["oko_engine"]):
        flags = data.flag_table(Scope("browser-test", "admin"))
    flag = flags.iloc[0]
    page.set_viewport_size({"width": 1366, "height": 768})
    sign_in(page, live_server.url, "region")
    page.goto(
        live_server.url
        + "/objectivity?school="
        + flag["school_code"]
        + "&year="
        + str(int(flag["year"]))
    )
    page.wait_for_selector(_css(ids.TABLE) + " .ag-row .ag-cell", timeout=30_000)
    assert flag["school_name"] in page.inner_text(_css(ids.TABLE))
    shown = page.locator(_css(ids.TABLE) + " .ag-center-cols-container .ag-row").count()
    assert shown == min(len(flags[flags["year"] == int(flag["year"])]), 25)  # one page of the grid
    page.wait_for_selector(_css(ids.COUNTS) + " table", timeout=30_000)
    page.wait_for_selector(_css(ids.SIGNS) + " table.objectivity-signs-table", timeout=30_000)
    page.wait_for_selector(_css(ids.DISTRIBUTION) + " g.barlayer .trace", timeout=30_000)
    page.wait_for_selector(_css(ids.AGREEMENT) + " .main-svg", timeout=30_000)
    assert "порог «3»" in page.inner_text(_css(ids.DISTRIBUTION))

    table = page.locator(_css(ids.DISTRIBUTION_TABLE))
    assert not table.is_visible()
    page.locator(".data-toggle summary").first.click()
    page.wait_for_selector(
        _css(ids.DISTRIBUTION_TABLE) + " .ag-row", state="visible", timeout=10_000
    )
    assert "Балл" in page.inner_text(_css(ids.DISTRIBUTION_TABLE))

    with page.expect_download(timeout=30_000) as info:
        page.click(_css(ids.TABLE_CSV))
    text = open(info.value.path(), encoding="utf-8-sig").read()
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    year_rows = flags[flags["year"] == int(flag["year"])]
    assert len(rows) == len(year_rows)
    assert flag["school_code"] in {r["Код ОО"] for r in rows}
    assert {"Риск", "Заметные и сильные признаки", "Статус проверки"} <= set(rows[0])

    with page.expect_download(timeout=30_000) as info:
        page.click(_css(ids.DISTRIBUTION_CSV))
    dist = list(
        csv.DictReader(
            io.StringIO(open(info.value.path(), encoding="utf-8-sig").read()), delimiter=";"
        )
    )
    assert dist and {"Балл", "ОО, чел.", "Регион, %"} <= set(dist[0])

    # the address carries the drill-down: reopening it shows the same school and procedure
    page.wait_for_function("() => window.location.search.includes('procedure=')", timeout=10_000)
    address = page.url
    assert f"school={flag['school_code']}" in address and f"year={int(flag['year'])}" in address
    procedure = page.inner_text(_css(ids.PROCEDURE))
    page.goto(address)
    page.wait_for_selector(_css(ids.DISTRIBUTION) + " g.barlayer .trace", timeout=30_000)
    assert flag["school_code"] in page.inner_text(_css(ids.SCHOOL))
    assert page.inner_text(_css(ids.PROCEDURE)) == procedure
    assert console_errors == []


def test_viewer_gets_counts_and_no_names(page, live_server, app, console_errors):
    with database.bind(app.server.extensions["oko_engine"]):
        flags = data.flag_table(Scope("browser-test", "admin"))
    sign_in(page, live_server.url, "viewer")
    page.goto(live_server.url + "/objectivity")
    page.wait_for_selector(_css(ids.COUNTS) + " table", timeout=30_000)
    page.wait_for_function(
        f"() => document.querySelector('#{ids.TABLE_NOTE}')"
        ".innerText.includes('только агрегированные')",
        timeout=30_000,
    )
    # counts only: no «Флагов нет.» under a count of flags, no list, no drill-down, no form
    for hidden in (ids.NO_FLAGS, ids.TABLE_BOX, ids.FLAGS_BOX, ids.DETAIL_CARD, ids.REVIEW_FORM):
        assert not page.locator(_css(hidden)).is_visible(), hidden
    assert "Флагов нет" not in page.inner_text("body")
    shown_charts = "[...document.querySelectorAll('.main-svg')].filter(s => s.offsetParent)"
    assert page.evaluate(shown_charts + ".length") == 0  # no empty chart with blank axes
    body = page.inner_text("body")
    for name in flags["school_name"]:
        assert name not in body
    assert console_errors == []


def test_a_click_on_a_flag_opens_its_drill_down(page, live_server, app, console_errors):
    """Region: the second flag's row → the drill-down shows that school; the agreement
    matrix's ticks are whole marks; z and q are explained."""
    with database.bind(app.server.extensions["oko_engine"]):
        flags = data.flag_table(Scope("browser-test", "admin"))
    year = int(flags["year"].max())
    of_year = flags[flags["year"] == year]
    sign_in(page, live_server.url, "region")
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(f"{live_server.url}/objectivity?year={year}")
    rows = _css(ids.TABLE) + " .ag-center-cols-container .ag-row"
    page.wait_for_selector(rows + " .ag-cell", timeout=30_000)
    target = of_year.iloc[-1]
    page.locator(rows, has_text=target["school_code"]).locator("[col-id=c4]").click()
    page.wait_for_function(
        "([sel, code]) => document.querySelector(sel).innerText.includes(code)",
        arg=[_css(ids.SCHOOL), target["school_code"]],
        timeout=30_000,
    )
    page.wait_for_selector(_css(ids.AGREEMENT) + " g.xtick text", state="attached", timeout=30_000)
    ticks = page.locator(_css(ids.AGREEMENT) + " g.xtick text").evaluate_all(
        "texts => texts.map(t => t.textContent)"
    )
    assert ticks and all(t in {"2", "3", "4", "5"} for t in ticks), ticks
    assert "Что значат z, q и p" in page.inner_text(_css(ids.FLAGS_CARD))
    assert console_errors == []
