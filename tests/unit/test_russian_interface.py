"""Third-party components' built-in text in Russian: plotly's modebar, AG Grid's pager and
filters, Dash's date pickers (their factories and configuration, without a browser)."""

from __future__ import annotations

import re
from pathlib import Path

import dash_ag_grid
import pytest

from dashboard import strings
from dashboard.figures.template import GRAPH_CONFIG, TEMPLATE
from dashboard.web import tables
from dashboard.web.components import date_picker, date_range

ROOT = Path(__file__).resolve().parents[2]
RUSSIAN = re.compile("[а-яё]", re.IGNORECASE)
AG_GRID = Path(dash_ag_grid.__file__).parent / "dash_ag_grid.min.js"

# AG Grid 35 (community) locale keys a user of our grids can see or hear: the pager, the
# filter menu and its options, the screen-reader labels of headers, cells and inputs.
GRID_KEYS = [
    "page", "more", "to", "of", "firstPage", "previousPage", "nextPage", "lastPage",
    "loadingOoo", "noRowsToShow", "pageSizeSelectorLabel", "ariaPageSizeSelectorLabel",
    "filterOoo", "applyFilter", "resetFilter", "clearFilter", "cancelFilter", "equals",
    "notEqual", "blank", "notBlank", "empty", "lessThan", "greaterThan", "lessThanOrEqual",
    "greaterThanOrEqual", "inRange", "inRangeStart", "inRangeEnd", "contains", "notContains",
    "startsWith", "endsWith", "andCondition", "orCondition", "before", "after", "textFilter",
    "numberFilter", "dateFilter", "blanks", "invalidDate", "invalidNumber",
    "ariaFilterInput", "ariaFilterValue", "ariaFilterFromValue", "ariaFilterToValue",
    "ariaFilterColumn", "ariaFilterMenuOpen", "ariaFilteringOperator", "ariaColumnFiltered",
    "ariaDateFilterInput", "ariaLabelColumnFilter", "ariaLabelColumnMenu",
    "ariaLabelSelectField", "ariaLabelTooltip", "ariaMenuColumn", "ariaSortableColumn",
    "ariaSkeletonCellLoading", "ariaChecked", "ariaUnchecked", "loadingError",
]  # fmt: skip
NOT_WORDS = {"to", "pageLastRowUnknown", "thousandSeparator", "decimalSeparator"}


def test_grid_locale_has_every_visible_key_in_russian():
    missing = [key for key in GRID_KEYS if key not in strings.GRID_LOCALE]
    assert not missing, missing
    english = [
        key
        for key, text in strings.GRID_LOCALE.items()
        if key not in NOT_WORDS and not RUSSIAN.search(text)
    ]
    assert not english, english


def _bundle_keys() -> set[str]:
    """Locale keys the installed AG Grid asks for: `t("ariaX", "English")` calls and the filter
    texts' table ({applyFilter:"Apply",…}); the table's function-valued entries (validation
    messages with arguments) cannot travel as JSON and are left out."""
    source = AG_GRID.read_text(encoding="utf-8")
    # a translation call with an English default: «Page», «First Page», «(Blanks)», «Press …»
    keys = set(re.findall(r'[\w$)]\("([a-z][A-Za-z0-9]+)",\s*"[A-Z(][^"]*"', source))
    keys |= set(re.findall(r'LabelKey:"([a-z][A-Za-z]+)"', source))
    table = re.search(r"\{applyFilter:\"Apply\".*?\};", source)
    assert table, "AG Grid's filter texts table not found: update this test's pattern"
    keys |= set(re.findall(r'([a-zA-Z0-9]+):"[^"]*"', table.group(0)))
    return keys


@pytest.mark.skipif(not AG_GRID.exists(), reason="dash-ag-grid bundle not installed")
def test_grid_locale_covers_what_the_installed_ag_grid_asks_for():
    symbols = {"filterSummaryEquals", "filterSummaryNotEqual", "filterSummaryGreaterThan",
               "filterSummaryGreaterThanOrEqual", "filterSummaryLessThan",
               "filterSummaryLessThanOrEqual"}  # fmt: skip  # «=», «>=»: the same in Russian
    asked = _bundle_keys() - symbols
    assert {"applyFilter", "ariaFilterColumn", "ariaLabelSelectField"} <= asked
    missing = sorted(asked - set(strings.GRID_LOCALE))
    assert not missing, missing


def test_data_grid_passes_the_russian_locale():
    grid = tables.data_grid("g")
    locale = grid.dashGridOptions["localeText"]
    assert locale["nextPage"] == strings.GRID_LOCALE["nextPage"]
    assert locale["noRowsToShow"] == strings.NO_DATA


def test_graph_config_is_russian_and_has_no_chart_studio_links():
    assert GRAPH_CONFIG["locale"] == "ru"
    assert GRAPH_CONFIG["showSendToCloud"] is False
    assert GRAPH_CONFIG["showEditInChartStudio"] is False
    assert GRAPH_CONFIG["displaylogo"] is False
    assert TEMPLATE.layout.separators.startswith(",")  # decimal comma


def test_plotly_locale_asset_translates_the_modebar():
    asset = (ROOT / "assets" / "01-plotly-locale-ru.js").read_text(encoding="utf-8")
    assert "name: 'ru'" in asset and "Plotly.register(locale)" in asset
    for title in ("Autoscale", "Zoom", "Pan", "Box Select", "Lasso Select", "Zoom in",
                  "Zoom out", "Reset axes", "Download plot as a PNG"):  # fmt: skip
        line = re.search(r"'" + re.escape(title) + r"': '([^']+)'", asset)
        assert line and RUSSIAN.search(line.group(1)), title


def test_date_pickers_speak_russian_unless_the_page_says_otherwise():
    single = date_picker("d")
    assert single.placeholder == strings.DATE_PLACEHOLDER
    assert single.display_format == "DD.MM.YYYY" and single.first_day_of_week == 1
    assert single.month_format.startswith("MMMM")
    own = date_picker("d", placeholder=strings.AUDIT_DATE_PLACEHOLDER, clearable=True)
    assert own.placeholder == strings.AUDIT_DATE_PLACEHOLDER and own.clearable is True
    period = date_range("p", clearable=True)
    assert period.start_date_placeholder_text == strings.DATE_RANGE_START
    assert period.end_date_placeholder_text == strings.DATE_RANGE_END
    assert period.display_format == "DD.MM.YYYY" and period.first_day_of_week == 1
    for text in (strings.DATE_PLACEHOLDER, strings.DATE_RANGE_START, strings.DATE_RANGE_END):
        assert RUSSIAN.search(text)


def test_every_date_picker_comes_from_the_factories():
    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for folder in ("pages", "callbacks")
        for path in sorted((ROOT / folder).rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"dcc\.DatePicker(Single|Range)\(", line)
    ]
    assert not found, "use dashboard.web.components.date_picker / date_range: " + str(found)


def test_date_locale_asset_names_months_and_weekdays_in_russian():
    asset = (ROOT / "assets" / "02-date-locale-ru.js").read_text(encoding="utf-8")
    assert "window.dateFns.locale" in asset
    for word in ("Январь", "Декабрь", "пн", "вс", "Предыдущий месяц", "Закрыть календарь"):
        assert word in asset, word
