"""The one table component: AG Grid for data, a plain Bootstrap table for small fixed facts.

A data table receives the same frame as the chart and its download, so what the user sorts
and filters on screen is exactly what the CSV/XLSX contains. Column fields are positional
(`c0`, `c1`, …): headers are Russian text with spaces and dots, which AG Grid would read as
nested paths.
"""

from __future__ import annotations

import math

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
import pandas as pd
from dash import html

from dashboard import strings
from dashboard.formatting import NO_VALUE, format_number

# AG Grid's interface text in Russian (the keys the grid shows with sorting, filters, paging).
LOCALE_RU = {
    "page": "Страница", "more": "ещё", "to": "–", "of": "из", "next": "Следующая",
    "last": "Последняя", "first": "Первая", "previous": "Предыдущая",
    "loadingOoo": "Загрузка…", "noRowsToShow": "Нет строк", "pageSizeSelectorLabel": "Строк:",
    "ariaPageSizeSelectorLabel": "Строк на странице", "pageLastRowUnknown": "?",
    "filterOoo": "Фильтр…", "applyFilter": "Применить", "resetFilter": "Сбросить",
    "clearFilter": "Очистить", "cancelFilter": "Отмена", "equals": "Равно",
    "notEqual": "Не равно", "blank": "Пусто", "notBlank": "Не пусто", "empty": "Выберите…",
    "lessThan": "Меньше", "greaterThan": "Больше", "lessThanOrEqual": "Меньше или равно",
    "greaterThanOrEqual": "Больше или равно", "inRange": "В диапазоне", "inRangeStart": "от",
    "inRangeEnd": "до", "contains": "Содержит", "notContains": "Не содержит",
    "startsWith": "Начинается с", "endsWith": "Заканчивается на", "andCondition": "И",
    "orCondition": "ИЛИ", "selectAll": "Выбрать все", "searchOoo": "Поиск…",
    "noMatches": "Нет совпадений", "sortAscending": "По возрастанию",
    "sortDescending": "По убыванию", "sortUnSort": "Без сортировки", "columns": "Столбцы",
    "filters": "Фильтры", "pinColumn": "Закрепить", "autosizeThisColumn": "Подогнать ширину",
    "resetColumns": "Сбросить столбцы", "copy": "Копировать", "export": "Экспорт",
    "csvExport": "Экспорт в CSV", "ariaFilterInput": "Поле фильтра",
    "ariaFilterValue": "Значение фильтра", "ariaSearch": "Поиск",
    "thousandSeparator": "\u2009", "decimalSeparator": ",",
}

YES = "да"


def _column(index: int, name: str, series: pd.Series, links: dict[str, str]) -> dict:
    column = {"field": f"c{index}", "headerName": str(name), "tooltipField": f"c{index}"}
    if pd.api.types.is_bool_dtype(series):
        column["filter"] = "agTextColumnFilter"
    elif pd.api.types.is_numeric_dtype(series):
        column.update(filter="agNumberColumnFilter", type="rightAligned",
                      valueFormatter={"function": "okoNumber(params.value)"})
    if name in links:
        column["cellRenderer"] = "markdown"
        column.pop("tooltipField")
    return column


def _cell(value, is_bool: bool):
    if is_bool:
        return YES if value is True else ""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.strftime("%d.%m.%Y")
    if hasattr(value, "item"):  # numpy scalars are not JSON
        return value.item()
    return value


def grid_rows(frame: pd.DataFrame) -> list[dict]:
    """The frame as AG Grid row dicts keyed by positional field names."""
    flags = [pd.api.types.is_bool_dtype(frame[c]) for c in frame.columns]
    return [
        {f"c{i}": _cell(v, flags[i]) for i, v in enumerate(row)}
        for row in frame.itertuples(index=False, name=None)
    ]


def grid_columns(frame: pd.DataFrame, links: dict[str, str] | None = None) -> list[dict]:
    """Column definitions for a frame; columns named in `links` render markdown links."""
    return [_column(i, c, frame[c], links or {}) for i, c in enumerate(frame.columns)]


def data_grid(component_id: str | dict, frame: pd.DataFrame | None = None, *, page_size: int = 25,
              height: int | None = None, links: dict[str, str] | None = None,
              class_name: str = "") -> dag.AgGrid:
    """A sortable, filterable, paged grid with Russian interface text.

    Pass `frame` to fill it in the layout, or leave it empty and have a callback return
    `grid_rows(frame)` to `rowData` and `grid_columns(frame)` to `columnDefs`.
    """
    frame = frame if frame is not None else pd.DataFrame()
    options = {"localeText": LOCALE_RU, "pagination": True, "paginationPageSize": page_size,
               "paginationPageSizeSelector": [10, 25, 50, 100], "enableCellTextSelection": True,
               "tooltipShowDelay": 400, "overlayNoRowsTemplate": strings.NO_DATA}
    style = {"height": f"{height}px"} if height else None
    if height is None:
        options["domLayout"] = "autoHeight"
    return dag.AgGrid(
        id=component_id,
        columnDefs=grid_columns(frame, links),
        rowData=grid_rows(frame),
        defaultColDef={"sortable": True, "filter": True, "resizable": True, "floatingFilter": False,
                       "minWidth": 90, "wrapHeaderText": True, "autoHeaderHeight": True},
        dashGridOptions=options,
        columnSize="responsiveSizeToFit",
        className=f"ag-theme-alpine oko-grid {class_name}".strip(),
        style=style,
    )


def small_table(frame: pd.DataFrame, digits: int = 1, class_name: str = "") -> dbc.Table | html.P:
    """A few fixed rows (a method summary, a legend) as a plain table with Russian numbers."""
    if frame.empty:
        return html.P(strings.NO_DATA, className="text-muted small mb-0 no-data")

    def text(value) -> str:
        if isinstance(value, bool):
            return YES if value else ""
        if isinstance(value, int | float) and not isinstance(value, bool):
            is_whole = not (isinstance(value, float) and math.isnan(value)) and float(value).is_integer()
            return format_number(value, 0 if is_whole else digits)
        if value is None or value is pd.NA:
            return NO_VALUE
        return str(value)

    head = html.Thead(html.Tr([html.Th(str(c)) for c in frame.columns]))
    body = html.Tbody([html.Tr([html.Td(text(v)) for v in row])
                       for row in frame.itertuples(index=False, name=None)])
    return dbc.Table([head, body], size="sm", striped=True, className=f"small {class_name}".strip())
