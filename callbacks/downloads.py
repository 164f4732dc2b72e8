"""A table download: the same frame a view gave the grid, as formula-escaped CSV or XLSX in
the Russian format (decimal comma, true minus, «Да» / «Нет»; see dashboard.reports.exports)."""

from __future__ import annotations

import pandas as pd
from dash import ctx, dcc
from dash.exceptions import PreventUpdate

from callbacks import inputs
from dashboard import strings
from dashboard.reports import exports


def wants_xlsx(csv_clicks: object, xlsx_clicks: object, xlsx_id: str) -> bool:
    """Which of a CSV / XLSX button pair was pressed (True: XLSX); neither really pressed
    (a forged or initial call) answers nothing."""
    if ctx.triggered_id == xlsx_id:
        if inputs.clicked(xlsx_clicks):
            return True
    elif inputs.clicked(csv_clicks):
        return False
    raise PreventUpdate


def send_table(
    frame: pd.DataFrame,
    name: str,
    xlsx: bool = False,
    sheet: str | None = None,
    digits: dict[str, int] | None = None,
) -> dict:
    """`frame` as a download named `name` (made safe) with the .csv or .xlsx suffix, in the
    Russian format of dashboard.reports.exports; `digits` as the grid's (decimals by column)."""
    stem = exports.safe_filename(name)
    if xlsx:
        data = exports.to_xlsx_bytes(frame, sheet or strings.EXPORT_SHEET, digits)
        return dcc.send_bytes(data, f"{stem}.xlsx")
    return dcc.send_bytes(exports.to_csv_bytes(frame, digits), f"{stem}.csv")
