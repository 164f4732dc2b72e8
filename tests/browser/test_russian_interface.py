"""Built-in texts of the third-party components in a real browser: plotly's modebar, AG Grid's
pager and filter menus and Dash's date pickers speak Russian (no English word of a known list
shows, nor in a title, aria-label or placeholder)."""

from __future__ import annotations

import re

import pytest

from dashboard import strings
from dashboard.ids import Roadmaps, Schools
from tests.browser.conftest import sign_in
from tests.browser.test_schools import _open_map

pytestmark = pytest.mark.browser
GRID = "#" + Schools.TABLE
ENGLISH = re.compile(
    r"\b(Share|Download|Zoom|Autoscale|Reset|filter|Filter|Page|of|selected|Date|Dates|Toggle"
    r"|Apply|Clear|Select|Next|Previous|First|Last|Equals|Contains|Blank|Column|Press|Open"
    r"|Menu|month|Close|calendar|Start|End)\b"
)

# Every label a user can read or hear under an element: text, titles, aria-labels, placeholders.
LABELS = """(root) => {
  const found = [];
  for (const el of [root, ...root.querySelectorAll('*')]) {
    if (el.tagName === 'SCRIPT' || el.tagName === 'STYLE') continue;
    for (const attr of ['title', 'aria-label', 'placeholder', 'data-title']) {
      const v = el.getAttribute(attr);
      if (v) found.push(v);
    }
    for (const node of el.childNodes) {
      if (node.nodeType === 3 && node.textContent.trim()) found.push(node.textContent.trim());
    }
  }
  return found;
}"""
IN_POPUPS = "(popups) => popups.flatMap((p) => (" + LABELS + ")(p))"


def _english(texts: list[str]) -> list[str]:
    return sorted({t for t in texts if ENGLISH.search(t)})


def _filter_menu(page, header: str) -> list[str]:
    """Open the header's filter menu and its list of conditions; their texts."""
    cell = page.locator(GRID + " .ag-header-cell", has_text=header)
    cell.hover()
    cell.locator(".ag-header-cell-filter-button, .ag-header-cell-menu-button").first.click()
    page.wait_for_selector(".ag-popup .ag-filter", timeout=5_000)
    page.locator(".ag-popup .ag-filter .ag-picker-field").first.click()
    page.wait_for_selector(".ag-popup .ag-list-item", timeout=5_000)
    texts = page.locator(".ag-popup").evaluate_all(IN_POPUPS)
    page.keyboard.press("Escape")
    page.keyboard.press("Escape")
    return texts


def test_modebar_and_grid_menus_are_russian(page, live_server, console_errors):
    words = strings.GRID_LOCALE
    sign_in(page, live_server.url, "region")
    page.goto(live_server.url + "/schools")
    page.wait_for_selector(GRID + " .ag-row .ag-cell", timeout=20_000)
    pager = page.locator(GRID).evaluate(LABELS)
    assert words["nextPage"] in pager and words["page"] in pager
    text_menu = _filter_menu(page, "Наименование")
    assert words["contains"] in text_menu and words["filterOoo"] in text_menu
    number_menu = _filter_menu(page, "Обучающихся")
    assert words["greaterThan"] in number_menu and words["inRange"] in number_menu
    assert _english(pager + text_menu + number_menu) == []

    _open_map(page)
    page.locator("#" + Schools.MAP).hover()
    page.wait_for_selector("#" + Schools.MAP + " .modebar-btn", timeout=10_000)
    modebar = page.locator("#" + Schools.MAP + " .modebar").evaluate(LABELS)
    assert len(modebar) >= 4, modebar  # the buttons' titles were read
    assert _english(modebar) == []
    assert console_errors == []


def test_date_pickers_are_russian(page, live_server, console_errors):
    sign_in(page, live_server.url, "region")
    page.goto(live_server.url + "/roadmaps")
    period = "#" + Roadmaps.PERIOD + "-wrapper"  # Dash 4 gives the input the id
    page.wait_for_selector(period + " input", timeout=20_000)
    placeholders = page.locator(period + " input").evaluate_all(
        "(inputs) => inputs.map((i) => i.placeholder)"
    )
    assert placeholders == [strings.DATE_RANGE_START, strings.DATE_RANGE_END]
    page.locator(period + " input").first.click()
    page.wait_for_selector(".dash-datepicker-month-nav", timeout=5_000)
    calendar = page.locator("[role=dialog], .dash-datepicker-calendar-wrapper").first
    page.wait_for_timeout(200)  # the labels are translated as the calendar is drawn
    texts = calendar.evaluate(LABELS) + page.locator(period).evaluate(LABELS)
    assert "пн" in texts and "вс" in texts, texts  # weekday header from the Russian locale
    month = re.compile(r"Январь|Февраль|Март|Апрель|Май|Июнь|Июль|Август|Сентябрь|Октябрь")
    assert any(month.search(t) or t in ("Ноябрь", "Декабрь") for t in texts), texts
    nav = page.locator(".dash-datepicker-month-nav").evaluate_all(
        "(buttons) => buttons.map((b) => b.getAttribute('aria-label'))"
    )
    assert nav and not _english(nav) and all(re.search("[а-я]", label) for label in nav), nav
    assert _english(texts) == []
    assert console_errors == []
