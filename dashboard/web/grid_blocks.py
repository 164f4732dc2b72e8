"""Pages of a server-side grid (`tables.data_grid(..., infinite=True)`): the grid asks for rows
`startRow`..`endRow` with its sort and filter models (`getRowsRequest`); `block` answers from
the very frame the download sends, so what the user pages through is the file.

The request is any JSON (a callback input is a public endpoint): unknown columns, filter types
and malformed parts are ignored, sizes are bounded. Text filters compare case-insensitively,
as AG Grid does in the browser.

A rows callback also listens to the page's controls, and a change of them must take the grid
back to its first page: `page` (for callbacks) and `answer` (pure) decide between answering
the grid's request and starting it over.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np
import pandas as pd
from dash import ctx, no_update

from dashboard.web.tables import grid_rows

#: Rows one request may ask for (the page size selector offers at most 100).
MAX_BLOCK = 500
MAX_CONDITIONS = 10
MAX_TEXT = 200

_NUMBER_TESTS = {
    "equals": lambda v, a, _b: v == a,
    "notEqual": lambda v, a, _b: v != a,
    "greaterThan": lambda v, a, _b: v > a,
    "greaterThanOrEqual": lambda v, a, _b: v >= a,
    "lessThan": lambda v, a, _b: v < a,
    "lessThanOrEqual": lambda v, a, _b: v <= a,
    "inRange": lambda v, a, b: (v > a) & (v < b),
}
_TEXT_TESTS = {
    "contains": lambda v, a: v.str.contains(a, regex=False),
    "notContains": lambda v, a: ~v.str.contains(a, regex=False),
    "equals": lambda v, a: v == a,
    "notEqual": lambda v, a: v != a,
    "startsWith": lambda v, a: v.str.startswith(a),
    "endsWith": lambda v, a: v.str.endswith(a),
}


def _int(value: object, default: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return default
    if isinstance(value, float) and not math.isfinite(value):
        return default
    return max(0, int(value))


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) else None


def _blank(series: pd.Series) -> pd.Series:
    return series.isna() | (series.astype(str).str.strip() == "")


def _condition(series: pd.Series, model: dict) -> pd.Series | None:
    """Rows passing one simple filter condition; None when the condition is not understood."""
    kind, test = model.get("filterType"), model.get("type")
    if test == "blank":
        return _blank(series)
    if test == "notBlank":
        return ~_blank(series)
    if kind == "number" and test in _NUMBER_TESTS:
        low, high = _number(model.get("filter")), _number(model.get("filterTo"))
        if low is None or (test == "inRange" and high is None):
            return None
        values = pd.to_numeric(series, errors="coerce").astype("float64")
        return _NUMBER_TESTS[test](values, low, high).fillna(False).astype(bool)
    if kind == "text" and test in _TEXT_TESTS:
        wanted = model.get("filter")
        if not isinstance(wanted, str | int | float) or isinstance(wanted, bool):
            return None
        text = series.astype("string").str.lower()
        found = _TEXT_TESTS[test](text, str(wanted)[:MAX_TEXT].lower())
        return found.fillna(test in ("notContains", "notEqual")).astype(bool)
    return None


def _column_mask(series: pd.Series, model: object) -> pd.Series | None:
    """Rows passing one column's filter: a condition, or conditions joined by AND / OR."""
    if not isinstance(model, dict):
        return None
    conditions = model.get("conditions")
    if not isinstance(conditions, list):
        return _condition(series, model)
    masks = [
        m
        for m in (_condition(series, c) for c in conditions[:MAX_CONDITIONS] if isinstance(c, dict))
        if m is not None
    ]
    if not masks:
        return None
    joined = np.logical_or if model.get("operator") == "OR" else np.logical_and
    return pd.Series(joined.reduce([m.to_numpy() for m in masks]), index=series.index)


def _field_columns(frame: pd.DataFrame) -> dict[str, str]:
    """The grid's positional field (`c0`, `c1`, …) → the frame's column."""
    return {f"c{i}": column for i, column in enumerate(frame.columns)}


def filtered(frame: pd.DataFrame, filter_model: object) -> pd.DataFrame:
    """The rows passing every column filter the grid sent."""
    if not isinstance(filter_model, dict) or frame.empty:
        return frame
    columns = _field_columns(frame)
    keep = pd.Series(True, index=frame.index)
    for field, model in list(filter_model.items())[: len(columns)]:
        if field in columns:
            mask = _column_mask(frame[columns[field]], model)
            if mask is not None:
                keep &= mask
    return frame[keep]


def ordered(frame: pd.DataFrame, sort_model: object) -> pd.DataFrame:
    """The rows in the grid's sort order (stable; empty cells first when ascending, as AG Grid
    sorts them); the frame's own order when the grid sorts nothing."""
    if not isinstance(sort_model, list) or frame.empty:
        return frame
    columns = _field_columns(frame)
    keys = [
        (columns[s["colId"]], s.get("sort") != "desc")
        for s in sort_model[: len(columns)]
        if isinstance(s, dict) and s.get("colId") in columns and s.get("sort") in ("asc", "desc")
    ]
    # Sorted from the last key to the first with a stable sort: the first key decides.
    for column, ascending in reversed(keys):
        series = frame[column]
        if not pd.api.types.is_numeric_dtype(series):
            series = series.astype("string")
        position = series.sort_values(
            ascending=ascending, kind="stable", na_position="first" if ascending else "last"
        ).index
        frame = frame.loc[position]
    return frame


def block(frame: pd.DataFrame, request: object, page_size: int = 25) -> dict:
    """`getRowsResponse` for `request`: the rows it asks for after sorting and filtering, and
    the number of rows the filters keep (so the grid knows its last page). No request (the
    grid has not asked yet) is the first page."""
    request = request if isinstance(request, dict) else {}
    start = _int(request.get("startRow"), 0)
    end = _int(request.get("endRow"), start + page_size)
    end = min(max(end, start), start + MAX_BLOCK)
    frame = frame.reset_index(drop=True)  # row labels unique, whatever the caller's index
    shown = ordered(filtered(frame, request.get("filterModel")), request.get("sortModel"))
    return {"rowData": grid_rows(shown.iloc[start:end]), "rowCount": len(shown)}


#: What a rows callback answers when it has no rows to show (no names for this caller).
NO_ROWS = {"rowData": [], "rowCount": 0}


def restarts(grid: str, fired: Iterable[str], refresh: Iterable[str] = ()) -> bool:
    """Whether the rows callback of `grid` was fired by a change of the page (a selection
    control: `fired` holds Dash's triggered "id.property" names) rather than by the grid asking
    for a page. Changes listed in `refresh` (e.g. a saved edit) redraw the page shown in place;
    the first call of a page (nothing fired) answers the grid's request."""
    fired = set(fired)
    asked = f"{grid}.getRowsRequest"
    return asked not in fired and bool(fired - set(refresh))


def answer(
    frame: pd.DataFrame, request: object, *, restart: bool, page_size: int = 25
) -> tuple[dict, object]:
    """(`getRowsResponse`, `paginationGoTo`) of a rows callback.

    The grid's own request gets the rows it asks for. A restart (the page's controls changed)
    gets the first page of the new rows, with the grid's sort and filter models kept, and, when
    the grid shows a later page, `paginationGoTo="first"`. dash-ag-grid hands any response to
    the grid's last request, so without the jump the grid would stay on page N of the new rows;
    with it the grid shows page 1 (and asks for it, if it keeps no answer for it). When the
    grid had no rows, dash-ag-grid lets the grid create its first page and hands it this
    answer: so a restart always answers the first page."""
    request = request if isinstance(request, dict) else {}
    if not restart:
        return block(frame, request, page_size), no_update
    start, end = _int(request.get("startRow"), 0), _int(request.get("endRow"), 0)
    size = end - start if end > start else page_size
    first = {**request, "startRow": 0, "endRow": size}
    return block(frame, first, page_size), "first" if start > 0 else no_update


def page(
    grid: str,
    frame: pd.DataFrame,
    request: object,
    *,
    page_size: int = 25,
    refresh: Iterable[str] = (),
) -> tuple[dict, object]:
    """`answer` for the running callback of `grid` (outputs `getRowsResponse` and
    `paginationGoTo`): a restart when a control fired it rather than the grid's request."""
    fired = ctx.triggered_prop_ids
    return answer(frame, request, restart=restarts(grid, fired, refresh), page_size=page_size)
