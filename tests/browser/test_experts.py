"""`/experts` in a real browser: the KPI table, charts, registry and the XLSX report agree."""

from __future__ import annotations

import re

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from dashboard import strings
from dashboard.formatting import format_number
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser

BLOCKS = [
    ".experts-kpi-table tbody tr",
    "#experts-trend .main-svg",
    "#experts-funnel .main-svg",
    "#experts-coverage .main-svg",
    ".experts-breakdown td",
    ".experts-counts-table .ag-row",
]
NAMES = ".experts-registry-table .ag-row"


def _open(page, base_url: str, login: str, query: str = "") -> None:
    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in(page, base_url, login)
    page.goto(f"{base_url}/experts{query}")
    for selector in BLOCKS:
        page.wait_for_selector(selector, timeout=30_000)


def test_region_page_report_and_target(page, live_server, console_errors, tmp_path):
    _open(page, live_server.url, "region")
    page.wait_for_selector(NAMES, timeout=30_000)
    assert page.locator(".experts-kpi-table tbody tr").count() == 9
    assert page.locator("#experts-edit-box").is_visible()
    shown = dict(
        zip(
            page.locator(".experts-kpi-table .kpi-code").all_inner_texts(),
            page.locator(".experts-kpi-table .kpi-value").all_inner_texts(),
            strict=True,
        )
    )

    with page.expect_download() as download:
        page.click("#experts-xlsx-button")
    path = tmp_path / "report.xlsx"
    download.value.save_as(path)
    sheet = load_workbook(path)[strings.EXPERTS_REPORT_SHEETS["table"]]
    for row in sheet.iter_rows(min_row=2, values_only=True):
        code, unit, value = row[0], row[3], row[7]
        expected = (
            value if value == strings.NO_DATA else format_number(value, 1 if unit == "%" else 0)
        )
        assert shown[code] == expected, code

    # A target for 1.2 turns its status from «цель не задана» into met / close / not met.
    page.click("#experts-target-indicator")
    page.get_by_role(
        "option", name=re.compile(r"^1\.2 ")
    ).click()  # not typing: Enter may beat the filter
    page.fill("#experts-target-value", "50")
    page.click("#experts-target-save")
    page.wait_for_selector("#experts-target-feedback .alert-success", timeout=20_000)
    assert "Цель 1.2 " in page.inner_text("#experts-target-feedback")
    row = page.locator(".experts-kpi-table tbody tr").nth(1)
    # expect() re-queries the cell while the table is re-rendered after the save.
    expect(row.locator(".kpi-target")).to_have_text("50,0", timeout=30_000)
    judged = "|".join(re.escape(strings.EXPERTS_STATUS[s]) for s in ("met", "close", "not_met"))
    expect(row.locator(".kpi-status")).to_have_text(re.compile(f"^({judged})$"), timeout=30_000)
    assert console_errors == []


def test_director_sees_counts_without_names_or_forms(page, live_server, console_errors):
    _open(page, live_server.url, "director")
    assert strings.EXPERTS_COUNTS_ONLY in page.inner_text(".experts-registry")
    assert not page.locator("#experts-names-box").is_visible()
    assert page.locator(NAMES).count() == 0
    assert not page.locator("#experts-edit-box").is_visible()
    assert not page.locator("#experts-target-box").is_visible()
    assert console_errors == []


def test_the_address_reopens_the_selection(page, live_server, console_errors):
    _open(page, live_server.url, "region", "?indicator=3.2&municipality=0&status=included")
    expect(page.locator("#experts-indicator")).to_contain_text("3.2 ", timeout=30_000)
    # one title per chart, the card's: the indicator is named by the picker above it
    expect(page.locator("#experts-trend .barlayer .point")).not_to_have_count(0, timeout=30_000)
    assert page.locator("#experts-trend .gtitle").count() == 0
    expect(page.locator("#experts-filter-status")).to_contain_text(
        strings.EXPERTS_STATUSES["included"]
    )
    page.wait_for_function("() => location.search.includes('year=')", timeout=30_000)
    assert "indicator=3.2" in page.url and "status=included" in page.url
    page.wait_for_selector(NAMES, timeout=30_000)
    statuses = page.locator(NAMES + " [col-id=c6]").all_inner_texts()
    assert statuses and all(s.startswith(strings.EXPERTS_STATUSES["included"]) for s in statuses)
    assert console_errors == []


def test_the_named_registry_is_paged_and_the_picker_finds_by_what_is_typed(
    page, live_server, console_errors
):
    _open(page, live_server.url, "region")
    page.wait_for_selector(NAMES, timeout=30_000)
    # The grid holds one page (25 of the demo's 40 experts), asked from the server.
    expect(page.locator(NAMES)).to_have_count(25, timeout=30_000)
    first = page.locator(NAMES + " [col-id=c1]").first.inner_text()
    page.locator(".experts-registry-table .ag-paging-button").nth(2).click()  # next page
    expect(page.locator(NAMES)).to_have_count(15, timeout=30_000)
    assert first not in page.locator(NAMES + " [col-id=c1]").all_inner_texts()

    # an infinite-model row shows empty cells until its block arrives: wait for the text
    expect(page.locator(NAMES + " [col-id=c1]").first).not_to_be_empty(timeout=30_000)
    expect(page.locator(NAMES + " [col-id=c0]").first).not_to_be_empty(timeout=30_000)
    name = page.locator(NAMES + " [col-id=c1]").first.inner_text()
    code = page.locator(NAMES + " [col-id=c0]").first.inner_text()
    page.click("#experts-edit-pick")
    page.keyboard.type(name)
    page.get_by_role("option", name=f"{code} — {name}").click()
    expect(page.locator("#experts-edit-code")).to_have_value(code, timeout=30_000)
    expect(page.locator("#experts-edit-name")).to_have_value(name)
    expect(page.locator("#experts-edit-pick")).to_contain_text(code)
    assert console_errors == []
