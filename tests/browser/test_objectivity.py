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
    page.goto(live_server.url + "/objectivity?school=" + flag["school_code"] + "&year=" + str(int(flag["year"])))
    page.wait_for_selector(_css(ids.TABLE) + " table.objectivity-flags td", timeout=30_000)
    assert flag["school_name"] in page.inner_text(_css(ids.TABLE))
    page.wait_for_selector(_css(ids.COUNTS) + " table", timeout=30_000)
    page.wait_for_selector(_css(ids.SIGNS) + " table.objectivity-signs-table", timeout=30_000)
    page.wait_for_selector(_css(ids.DISTRIBUTION) + " g.barlayer .trace", timeout=30_000)
    page.wait_for_selector(_css(ids.AGREEMENT) + " .main-svg", timeout=30_000)
    assert "порог «3»" in page.inner_text(_css(ids.DISTRIBUTION))

    table = page.locator(_css(ids.DISTRIBUTION_TABLE))
    assert not table.is_visible()
    page.locator(".data-toggle summary").first.click()
    page.wait_for_selector(_css(ids.DISTRIBUTION_TABLE) + " table", state="visible", timeout=10_000)

    with page.expect_download(timeout=30_000) as info:
        page.click(_css(ids.TABLE_CSV))
    text = open(info.value.path(), encoding="utf-8-sig").read()
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    year_rows = flags[flags["year"] == int(flag["year"])]
    assert len(rows) == len(year_rows)
    assert flag["school_code"] in {r["Код ОО"] for r in rows}
    assert {"Риск", "Сработавшие признаки", "Статус проверки"} <= set(rows[0])

    with page.expect_download(timeout=30_000) as info:
        page.click(_css(ids.DISTRIBUTION_CSV))
    dist = list(csv.DictReader(io.StringIO(open(info.value.path(), encoding="utf-8-sig").read()), delimiter=";"))
    assert dist and {"Балл", "ОО, чел.", "Регион, %"} <= set(dist[0])
    assert console_errors == []


def test_viewer_gets_counts_and_no_names(page, live_server, app, console_errors):
    with database.bind(app.server.extensions["oko_engine"]):
        flags = data.flag_table(Scope("browser-test", "admin"))
    sign_in(page, live_server.url, "viewer")
    page.goto(live_server.url + "/objectivity")
    page.wait_for_selector(_css(ids.COUNTS) + " table", timeout=30_000)
    page.wait_for_selector(_css(ids.TABLE) + " .no-flags", timeout=30_000)
    assert "только агрегированные" in page.inner_text(_css(ids.TABLE_NOTE))
    body = page.inner_text("body")
    for name in flags["school_name"]:
        assert name not in body
    assert console_errors == []
