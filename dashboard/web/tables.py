"""The one table component: AG Grid for data, a plain Bootstrap table for small fixed facts.

A data table receives the same frame as the chart and its download, so what the user sorts
and filters on screen is exactly what the CSV/XLSX contains. Column fields are positional
(`c0`, `c1`, …): headers are Russian text with spaces and dots, which AG Grid would read as
nested paths.
"""

from __future__ import annotations

import json
import math
import numbers
import re
from urllib.parse import quote

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
import numpy as np
import pandas as pd
from dash import html
from dash.development.base_component import Component

from dashboard import strings
from dashboard.formatting import NO_VALUE, format_date, format_datetime, format_number

YES = strings.GRID_YES


def _column(
    index: int,
    name: str,
    series: pd.Series,
    links: dict[str, str],
    digits: dict[str, int] | None = None,
) -> dict:
    column = {"field": f"c{index}", "headerName": str(name), "tooltipField": f"c{index}"}
    if pd.api.types.is_bool_dtype(series):
        column["filter"] = "agTextColumnFilter"
    elif pd.api.types.is_numeric_dtype(series):
        shown = f", {int(digits[name])}" if digits and name in digits else ""
        column.update(
            filter="agNumberColumnFilter",
            type="rightAligned",
            valueFormatter={"function": f"okoNumber(params.value{shown})"},
        )
    elif _is_russian_date(series):
        column["comparator"] = {"function": "okoDateCompare(valueA, valueB)"}
    if name in links:
        column["cellRenderer"] = "markdown"
        column.pop("tooltipField")
    return column


# '23.11.2026' or '23.11.2026 14:05[:09]': what formatting.format_date writes for tables.
RUSSIAN_DATE = re.compile(r"^\d{2}\.\d{2}\.\d{4}( \d{2}:\d{2}(:\d{2})?)?")


def _is_russian_date(series: pd.Series) -> bool:
    """A text column of formatted dates: sorted by date, not as text, in the grid."""
    if not (pd.api.types.is_object_dtype(series) or pd.api.types.is_string_dtype(series)):
        return False
    values = series.dropna().astype(str)
    values = values[values != NO_VALUE]
    return len(values) > 0 and bool(values.str.match(RUSSIAN_DATE).all())


def _cell(value, is_bool: bool):
    if is_bool:
        return YES if value is True else ""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, pd.Timestamp):  # a stored time of day in the region's time zone
        has_time = value.tzinfo is not None or value != value.normalize()
        return format_datetime(value) if has_time else format_date(value)
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


#: Long text columns (a reason, a measure, a title) wrap in full and take the width left.
WRAPPED = {"wrapText": True, "autoHeight": True, "flex": 3, "minWidth": 260}
#: Names (a school, a municipality, a kind) wrap too, rather than end in «…».
NAMES = {"wrapText": True, "autoHeight": True, "flex": 2, "minWidth": 150}
#: No column narrower: a wide table scrolls sideways rather than cut words in its headers.
MIN_WIDTH = 110


def wrap(columns: list[dict], frame: pd.DataFrame, *names: str, spec: dict = WRAPPED) -> list[dict]:
    """Let the named columns of `frame` wrap (`spec`), and keep every column at least
    MIN_WIDTH wide."""
    for name in names:
        if name in frame.columns:
            columns[list(frame.columns).index(name)].update(spec)
    for column in columns:
        column.setdefault("minWidth", MIN_WIDTH)
    return columns


def grid_columns(
    frame: pd.DataFrame, links: dict[str, str] | None = None, digits: dict[str, int] | None = None
) -> list[dict]:
    """Column definitions for a frame; columns named in `links` render markdown links, numeric
    columns named in `digits` show that many decimals (else 0 for whole numbers, 1 otherwise)."""
    return [_column(i, c, frame[c], links or {}, digits) for i, c in enumerate(frame.columns)]


def row_classes(frame: pd.DataFrame, column: str, classes: dict[object, str]) -> dict[str, str]:
    """AG Grid `rowClassRules` (a callback returns them beside `rowData`): a row whose value in
    `column` is a key of `classes` gets that CSS class, e.g. a refused import in red.

    An infinite (server-paged) grid calls the rules for rows still loading, with no data:
    the rules test for it first."""
    field = f"params.data.c{list(frame.columns).index(column)}"
    rules: dict[str, list[str]] = {}
    for value, css in classes.items():
        rules.setdefault(css, []).append(f"{field} === {json.dumps(value, ensure_ascii=False)}")
    return {css: "!!params.data && (" + " || ".join(tests) + ")" for css, tests in rules.items()}


def data_grid(
    component_id: str | dict,
    frame: pd.DataFrame | None = None,
    *,
    page_size: int = 25,
    height: int | None = None,
    links: dict[str, str] | None = None,
    class_name: str = "",
    digits: dict[str, int] | None = None,
    infinite: bool = False,
    **props,
) -> dag.AgGrid:
    """A sortable, filterable, paged grid with Russian interface text.

    Pass `frame` to fill it in the layout, or leave it empty and have a callback return
    `grid_rows(frame)` to `rowData` and `grid_columns(frame)` to `columnDefs`. Other
    dash-ag-grid properties (e.g. `getRowStyle`) pass through `props`.

    `infinite=True`: the grid holds no rows; it asks for one page at a time through
    `getRowsRequest` (sorting and filtering included) and a callback answers
    `getRowsResponse` and `paginationGoTo` with `dashboard.web.grid_blocks.page(id, frame,
    request)`. That callback also takes the page's controls as inputs: on a change it answers
    the first page of the new rows and takes the grid back to it.
    """
    frame = frame if frame is not None else pd.DataFrame()
    # The empty grid says «нет данных» through its locale: dash-ag-grid blocks (and logs a
    # console error for) HTML templates such as overlayNoRowsTemplate.
    options = {
        "localeText": {**strings.GRID_LOCALE, "noRowsToShow": strings.NO_DATA},
        "pagination": True,
        "paginationPageSize": page_size,
        "paginationPageSizeSelector": [10, 25, 50, 100],
        "enableCellTextSelection": True,
        "tooltipShowDelay": 400,
    }
    style = {"height": f"{height}px"} if height else None
    if height is None:
        options["domLayout"] = "autoHeight"
    if infinite:  # one page per request; only the page shown is kept, so going back to
        # the first page after the controls changed asks for it again
        options.update(cacheBlockSize=page_size, maxBlocksInCache=1)
        options["paginationPageSizeSelector"] = False
        props.setdefault("rowModelType", "infinite")
    else:
        props["rowData"] = grid_rows(frame)
    return dag.AgGrid(
        id=component_id,
        columnDefs=grid_columns(frame, links, digits),
        defaultColDef={
            "sortable": True,
            "filter": True,
            "resizable": True,
            "floatingFilter": False,
            "minWidth": 90,
            "wrapHeaderText": True,
            "autoHeaderHeight": True,
        },
        dashGridOptions=options,
        columnSize="responsiveSizeToFit",
        className=f"ag-theme-alpine oko-grid {class_name}".strip(),
        style=style,
        **props,
    )


_MARKDOWN_SPECIAL = re.compile(r"[\\`*_{}\[\]()#+\-.!|<>~&]")
_URL_SAFE = ":/?#[]@!$&'()*+,;=%~"


def markdown_text(text: object) -> str:
    """Plain text for a `links` (markdown) column of `data_grid`, shown exactly as typed."""
    return _MARKDOWN_SPECIAL.sub(r"\\\g<0>", " ".join(str(text or "").split()))


def link_cell(text: object, href: str) -> str:
    """A markdown link for a `links` column of `data_grid`: the text is escaped, so a name
    like `a](javascript:…)` shows as typed; the address is percent-encoded inside <…>."""
    return f"[{markdown_text(text)}](<{quote(href, safe=_URL_SAFE)}>)"


def small_table(
    frame: pd.DataFrame,
    digits: int = 1,
    class_name: str = "",
    cell_classes: pd.DataFrame | None = None,
    code_headers: tuple[str, ...] = (),
) -> dbc.Table | html.P:
    """A few fixed rows (a method summary, a legend) as a plain table with Russian numbers.

    A cell may hold a Dash component (a link, a badge): it is shown as it is.
    `cell_classes`, a frame of the same shape, gives each cell a CSS class (a status colour).
    `code_headers`: column headers that are codes (an indicator number «1.2», not a decimal)."""
    if frame.empty:
        return html.P(strings.NO_DATA, className="text-muted small mb-0 no-data")

    def text(value) -> str | Component:
        if isinstance(value, Component):
            return value
        if isinstance(value, bool | np.bool_):
            return YES if value else ""
        if isinstance(value, numbers.Number) and not isinstance(value, np.bool_):
            is_whole = math.isfinite(float(value)) and float(value).is_integer()
            return format_number(value, 0 if is_whole else digits)
        if value is None or value is pd.NA:
            return NO_VALUE
        return str(value)

    head = html.Thead(
        html.Tr(
            [
                html.Th(str(c), className="oko-code") if c in code_headers else html.Th(str(c))
                for c in frame.columns
            ]
        )
    )

    def cell(value, css: str = "") -> html.Td:
        return html.Td(text(value), className=css) if css else html.Td(text(value))

    rows = frame.itertuples(index=False, name=None)
    classes = (
        cell_classes.itertuples(index=False, name=None)
        if cell_classes is not None
        else [[""] * frame.shape[1]] * len(frame)
    )
    body = html.Tbody(
        [
            html.Tr([cell(v, c) for v, c in zip(row, css, strict=True)])
            for row, css in zip(rows, classes, strict=True)
        ]
    )
    return dbc.Table([head, body], size="sm", striped=True, className=f"small {class_name}".strip())
