"""Admin imports callbacks: check an uploaded file (dry run), import it on confirm, list runs.

The upload is never trusted: the confirm step decodes, parses and validates the file again
through dashboard.ingest and data_access.imports. Every import and refusal is audited.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt

import dash_bootstrap_components as dbc
from dash import Input, Output, State, html, no_update
from dash.exceptions import PreventUpdate
from flask import current_app

from callbacks import inputs
from callbacks.admin_users import denied_alert, refuse
from callbacks.registry import callback
from dashboard import ingest, jobs, rules, strings
from dashboard.auth import current_scope
from dashboard.formatting import NO_VALUE
from dashboard.ids import AdminImports as ids
from dashboard.web.client import client_address
from data_access import audit, imports
from data_access.cache import current_cache
from data_access.scope import OutOfScope

PREVIEW_ROWS = 20


def _max_bytes() -> int:
    return current_app.config["OKO_SETTINGS"].max_upload_mb * 2**20


def _text(value: object, limit: int = 255) -> str:
    return value.strip()[:limit] if isinstance(value, str) else ""


def _decode(contents: str, max_bytes: int) -> bytes:
    """The bytes of a dcc.Upload data URL; the size is checked before decoding."""
    _header, sep, payload = contents.partition(",")
    if not sep or not _header.startswith("data:") or ";base64" not in _header:
        raise ingest.FileRefused(strings.IMPORTS_UNREADABLE)
    if len(payload) * 3 // 4 > max_bytes + 3:
        raise ingest.FileRefused(f"Файл больше {max_bytes // 2**20} МБ.")
    try:
        return base64.b64decode(payload, validate=True)
    except (binascii.Error, ValueError):
        raise ingest.FileRefused(strings.IMPORTS_UNREADABLE) from None


def _payload_bytes(contents: str) -> int:
    """The decoded size of a data URL, estimated from its base64 length (no decoding)."""
    return len(contents.partition(",")[2]) * 3 // 4


def _parse(kind: str, contents: str, file_name: str, sheet: str, max_bytes: int | None = None) -> ingest.Parsed:
    max_bytes = _max_bytes() if max_bytes is None else max_bytes
    try:
        data = _decode(contents, max_bytes)
    except ingest.FileRefused as refused:
        parsed = ingest.Parsed(kind=kind, file_name=file_name, sha256="-")
        parsed.refuse(refused.reason)
        return parsed
    return ingest.parse(kind, data, file_name, sheet=sheet or None, max_bytes=max_bytes)


def _outcome(result: imports.ImportResult, file_name: str) -> dict:
    """An import's report as a plain dict (kept in the cache for background jobs)."""
    return {"ok": result.ok, "name": file_name, "inserted": result.inserted, "updated": result.updated,
            "unchanged": result.unchanged, "error_count": result.error_count,
            "errors": [{"line": e.line, "column": e.column, "message": e.message} for e in result.errors]}


def _errors_table(outcome: dict) -> html.Div:
    errors = outcome["errors"]
    head = html.Thead(html.Tr([html.Th(v) for v in strings.IMPORTS_ERROR_COLUMNS.values()]))
    body = html.Tbody([html.Tr([html.Td(NO_VALUE if e["line"] is None else str(e["line"])),
                                html.Td(e["column"] or NO_VALUE), html.Td(e["message"])])
                       for e in errors])
    parts = [dbc.Table([head, body], size="sm", striped=True, className="mb-1")]
    if outcome["error_count"] > len(errors):
        parts.append(html.P(strings.IMPORTS_MORE_ERRORS.format(
            n=outcome["error_count"] - len(errors), shown=len(errors)), className="small"))
    return html.Div(parts)


def _render(outcome: dict) -> html.Div | dbc.Alert:
    """The report of a finished (non-dry) import."""
    if not outcome["ok"]:
        message = strings.IMPORTS_CHECK_FAILED.format(name=outcome["name"], count=outcome["error_count"])
        return html.Div([dbc.Alert(message, color="danger"), _errors_table(outcome)])
    message = strings.IMPORTS_DONE.format(name=outcome["name"], inserted=outcome["inserted"],
                                          updated=outcome["updated"], unchanged=outcome["unchanged"])
    return dbc.Alert(message, color="success")


def _preview(parsed: ingest.Parsed) -> html.Div | None:
    records = parsed.records(PREVIEW_ROWS)
    if not records:
        return None
    head = html.Thead(html.Tr([html.Th(name) for name in parsed.fields]))
    body = html.Tbody([html.Tr([html.Td(NO_VALUE if v is None else str(v)) for v in r.values()])
                       for r in records])
    return html.Div([html.H3(strings.IMPORTS_PREVIEW.format(n=len(records)), className="h6"),
                     dbc.Table([head, body], size="sm", striped=True, responsive=True)])


def _denied(where: str, asked: str) -> dbc.Alert:
    audit.record("import", "denied", scope=current_scope(), ip=client_address(), asked=asked[:100],
                 detail=where)
    return denied_alert()


@callback(
    Output(ids.REPORT, "children"),
    Output(ids.PREVIEW, "children"),
    Output(ids.CONFIRM, "disabled"),
    Input(ids.UPLOAD, "contents"),
    Input(ids.KIND, "value"),
    State(ids.UPLOAD, "filename"),
    State(ids.SHEET, "value"),
    prevent_initial_call=True,
)
def check_upload(contents, kind, file_name, sheet):
    scope = current_scope()
    kind, file_name, sheet = _text(kind, 40), _text(file_name), _text(sheet, 100)
    try:
        imports.require_admin(scope)
    except OutOfScope:
        return _denied("check_upload", file_name), None, True
    if not isinstance(contents, str) or not contents:
        raise PreventUpdate
    if kind not in imports.SUPPORTED_KINDS:
        return dbc.Alert(strings.IMPORTS_PICK_KIND, color="secondary"), None, True
    parsed = _parse(kind, contents, file_name or "file", sheet)
    result = imports.run_import(scope, parsed, dry_run=True)
    if not result.ok:
        message = strings.IMPORTS_CHECK_FAILED.format(name=file_name, count=result.error_count)
        return (html.Div([dbc.Alert(message, color="danger"), _errors_table(_outcome(result, file_name))]),
                _preview(parsed), True)
    message = strings.IMPORTS_CHECK_OK.format(name=file_name, inserted=result.inserted,
                                              updated=result.updated, unchanged=result.unchanged)
    return dbc.Alert(message, color="info"), _preview(parsed), False


def _start_job(scope, kind: str, contents: str, file_name: str, sheet: str) -> str:
    """Import in the background worker: parse, check and write there, reporting progress."""
    max_bytes, ip = _max_bytes(), client_address()
    app = current_app._get_current_object()

    def work(progress: jobs.Progress) -> dict:
        progress(5, "Файл читается")
        parsed = _parse(kind, contents, file_name, sheet, max_bytes)
        return _outcome(imports.run_import(scope, parsed, ip=ip, progress=progress), file_name)

    return jobs.submit(app, current_cache(), scope.login, work, title=file_name)


def _in_background(contents: str) -> bool:
    size = _payload_bytes(contents)
    return rules.BACKGROUND_IMPORT_BYTES < size <= _max_bytes() and jobs.available()


@callback(
    Output(ids.RESULT, "children"),
    Output(ids.DONE, "data"),
    Output(ids.JOB, "data"),
    Input(ids.CONFIRM, "n_clicks"),
    State(ids.UPLOAD, "contents"),
    State(ids.UPLOAD, "filename"),
    State(ids.KIND, "value"),
    State(ids.SHEET, "value"),
    State(ids.DONE, "data"),
    prevent_initial_call=True,
)
def confirm_import(n_clicks, contents, file_name, kind, sheet, done):
    if not inputs.clicked(n_clicks):
        raise PreventUpdate
    scope = current_scope()
    kind, file_name, sheet = _text(kind, 40), _text(file_name), _text(sheet, 100)
    try:
        imports.require_admin(scope)
    except OutOfScope:
        return _denied("confirm_import", file_name), no_update, no_update
    if not isinstance(contents, str) or kind not in imports.SUPPORTED_KINDS:
        return dbc.Alert(strings.IMPORTS_PICK_KIND, color="secondary"), no_update, no_update
    if _in_background(contents):
        job_id = _start_job(scope, kind, contents, file_name or "file", sheet)
        return dbc.Alert(strings.IMPORTS_BACKGROUND.format(name=file_name), color="info"), no_update, job_id
    parsed = _parse(kind, contents, file_name or "file", sheet)
    result = imports.run_import(scope, parsed, ip=client_address())
    return _render(_outcome(result, file_name)), inputs.bump(done), None


@callback(
    Output(ids.POLL, "disabled"),
    Output(ids.PROGRESS_BOX, "hidden"),
    Output(ids.PROGRESS, "value"),
    Output(ids.PROGRESS, "label"),
    Output(ids.JOB_REPORT, "children"),
    Output(ids.JOB_DONE, "data"),
    Input(ids.JOB, "data"),
    Input(ids.POLL, "n_intervals"),
    State(ids.JOB_DONE, "data"),
    prevent_initial_call=True,
)
def poll_import_job(job_id, _n_intervals, finished):
    """Follow a background import; the interval runs only while the job does."""
    state = jobs.read(current_scope(), job_id)  # non-admins: OutOfScope, audited by the registry
    if job_id is None:
        return True, True, 0, "", None, no_update
    if state is None:
        return True, True, 0, "", dbc.Alert(strings.IMPORTS_JOB_LOST, color="warning"), no_update
    percent = state["progress"]
    label = f"{percent} %"
    result = state["result"] if isinstance(state["result"], dict) else None
    name = str(state.get("title") or "")
    if state["status"] not in jobs.FINISHED:
        text = (strings.IMPORTS_JOB_RUNNING.format(name=name, message=state["message"])
                if state["status"] == "running" else strings.IMPORTS_JOB_QUEUED.format(name=name))
        return False, False, percent, label, html.P(text, className="small text-muted"), no_update
    report = _render(result) if result else dbc.Alert(strings.IMPORTS_JOB_BROKEN, color="danger")
    return True, False, percent, label, report, inputs.bump(finished)


def _when(value: object) -> str:
    if not isinstance(value, dt.datetime):
        return NO_VALUE
    aware = value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)
    return aware.astimezone(dt.UTC).strftime("%d.%m.%Y %H:%M")


def runs_table(rows: list[dict]):
    if not rows:
        return html.P(strings.IMPORTS_NONE, className="text-muted")
    columns = strings.IMPORTS_RUN_COLUMNS
    head = html.Thead(html.Tr([html.Th(label) for label in columns.values()]))

    def cell(row: dict, name: str) -> str:
        if name == "at":
            return _when(row["at"])
        if name == "outcome":
            return strings.IMPORTS_OUTCOMES.get(row["outcome"], row["outcome"])
        return str(row[name])

    body = html.Tbody([html.Tr([html.Td(cell(row, name)) for name in columns],
                               className="table-danger" if row["outcome"] == "rejected" else "")
                       for row in rows])
    return dbc.Table([head, body], striped=True, size="sm", responsive=True)


@callback(
    Output(ids.RUNS, "children"),
    Output(ids.BODY, "hidden"),
    Output(ids.DENIED, "children"),
    Output(ids.LIMIT_NOTE, "children"),
    Input("url", "pathname"),
    Input(ids.DONE, "data"),
    Input(ids.JOB_DONE, "data"),
)
def load_runs(_pathname, _done, _job_done):
    try:
        rows = imports.list_runs(current_scope())
    except OutOfScope as refused:
        return None, True, refuse(refused, "load_runs"), None
    note = strings.IMPORTS_LIMIT.format(mb=current_app.config["OKO_SETTINGS"].max_upload_mb,
                                        background=f"{rules.BACKGROUND_IMPORT_BYTES / 2**20:g}")
    return runs_table(rows), False, None, note
