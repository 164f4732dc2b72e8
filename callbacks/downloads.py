"""Downloads: a table as formula-escaped CSV or XLSX in the Russian format (decimal comma,
true minus, «Да» / «Нет»; see dashboard.reports.exports), and the one audit row every
download writes (`sent`): who, from which address, what, in which format, how many rows."""

from __future__ import annotations

import pandas as pd
from dash import ctx, dcc
from dash.exceptions import PreventUpdate

from callbacks import inputs
from dashboard import strings
from dashboard.auth import current_scope
from dashboard.reports import exports
from dashboard.web.client import client_address
from data_access import audit


def wants_xlsx(csv_clicks: object, xlsx_clicks: object, xlsx_id: str) -> bool:
    """Which of a CSV / XLSX button pair was pressed (True: XLSX); neither really pressed
    (a forged or initial call) answers nothing."""
    if ctx.triggered_id == xlsx_id:
        if inputs.clicked(xlsx_clicks):
            return True
    elif inputs.clicked(csv_clicks):
        return False
    raise PreventUpdate


def download_detail(what: str, fmt: str, rows: int | None = None, extra: str = "") -> str:
    """The audit detail of a download: "<what> format=<fmt>[ rows=<n>][ <extra>]"
    (dashboard.figures.admin reads it back in words)."""
    parts = [what, f"format={fmt}"]
    if rows is not None:
        parts.append(f"rows={int(rows)}")
    if extra:
        parts.append(extra)
    return " ".join(parts)


def sent(
    data: bytes,
    filename: str,
    what: str,
    *,
    rows: int | None = None,
    asked: object = None,
    extra: str = "",
    content_type: str | None = None,
) -> dict:
    """`data` as a download named `filename`, after its audit row: the caller's login and
    scope, client address, `what` (page and chart or report, a key of
    strings.AUDIT_DOWNLOADS), the format (the file's suffix), `rows` (the table's rows, when
    there is a table) and `asked` (the procedure, school, roadmap or item asked for)."""
    fmt = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    audit.record(
        "download",  # every export and file download: one action in the log
        "success",
        scope=current_scope(),
        ip=client_address(),
        asked=asked,
        detail=download_detail(what, fmt, rows, extra),
    )
    return dcc.send_bytes(data, filename, type=content_type)


def send_table(
    frame: pd.DataFrame,
    name: str,
    xlsx: bool = False,
    sheet: str | None = None,
    digits: dict[str, int] | None = None,
    *,
    what: str,
    asked: object = None,
) -> dict:
    """`frame` as a download named `name` (made safe) with the .csv or .xlsx suffix, in the
    Russian format of dashboard.reports.exports; `digits` as the grid's (decimals by column).
    Audited by `sent` with `what`, `asked` and the frame's row count."""
    stem = exports.safe_filename(name)
    if xlsx:
        data = exports.to_xlsx_bytes(frame, sheet or strings.EXPORT_SHEET, digits)
        return sent(data, f"{stem}.xlsx", what, rows=len(frame), asked=asked)
    data = exports.to_csv_bytes(frame, digits)
    return sent(data, f"{stem}.csv", what, rows=len(frame), asked=asked)
