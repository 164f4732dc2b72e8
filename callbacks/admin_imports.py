"""Admin imports callbacks: check an uploaded file (dry run), import it on confirm, list runs.

The upload is never trusted: the confirm step decodes, parses and validates the file again
through dashboard.ingest and data_access.imports. Every import and refusal is audited.
"""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import Input, Output, State, ctx, html, no_update
from dash.exceptions import PreventUpdate
from flask import current_app

from callbacks import inputs, query
from callbacks.admin_imports_query import ImportsSelection
from callbacks.refusals import audit_refusal
from callbacks.registry import callback
from callbacks.uploads import UploadRefused, decode_upload, decoded_size
from dashboard import ingest, jobs, rules, strings
from dashboard.auth import current_scope
from dashboard.figures import admin as views
from dashboard.formatting import format_number
from dashboard.ids import AdminImports as ids
from dashboard.web import tables
from dashboard.web.client import client_address
from dashboard.web.components import refusal_alert
from data_access import import_changes, imports
from data_access.scope import OutOfScope

PREVIEW_ROWS = 20
NAME_LIMIT = 255  # a file name as the browser reports it
SHEET_LIMIT = 100  # the sheet box's maxLength


def _max_bytes() -> int:
    return current_app.config["OKO_SETTINGS"].max_upload_mb * 2**20


def _form(kind: object, file_name: object, sheet: object) -> tuple[str, str, str]:
    """The kind, file name and sheet as typed; "" for anything a form would not send."""
    return (
        inputs.typed(kind, 40),
        inputs.typed(file_name, NAME_LIMIT),
        inputs.typed(sheet, SHEET_LIMIT),
    )


def _refusal(reason: str, max_bytes: int) -> str:
    """The Russian message for an upload callbacks.uploads refused unread."""
    if reason == "too_large":
        return strings.IMPORTS_TOO_LARGE.format(mb=max_bytes // 2**20)
    return strings.IMPORTS_UNREADABLE


def _parse(
    kind: str, contents: object, file_name: str, sheet: str, max_bytes: int | None = None
) -> ingest.Parsed:
    max_bytes = _max_bytes() if max_bytes is None else max_bytes
    try:
        data = decode_upload(contents, max_bytes)
    except UploadRefused as refused:
        parsed = ingest.Parsed(kind=kind, file_name=file_name, sha256="-")
        parsed.refuse(_refusal(refused.reason, max_bytes))
        return parsed
    return ingest.parse(kind, data, file_name, sheet=sheet or None, max_bytes=max_bytes)


def _outcome(result: imports.ImportResult, file_name: str) -> dict:
    """An import's report as a plain dict."""
    return {
        "ok": result.ok,
        "name": file_name,
        "kind": result.kind,
        "inserted": result.inserted,
        "updated": result.updated,
        "unchanged": result.unchanged,
        "error_count": result.error_count,
        "errors": [
            {"line": e.line, "column": e.column, "message": e.message} for e in result.errors
        ],
    }


def _errors_table(outcome: dict) -> html.Div:
    errors = outcome["errors"]
    parts = [tables.small_table(views.errors_frame(errors, outcome.get("kind")), class_name="mb-1")]
    if outcome["error_count"] > len(errors):
        parts.append(
            html.P(
                strings.IMPORTS_MORE_ERRORS.format(
                    n=outcome["error_count"] - len(errors), shown=len(errors)
                ),
                className="small",
            )
        )
    return html.Div(parts)


def _rejected(outcome: dict) -> html.Div:
    """A refused file: nothing written, every error listed (as many as were kept)."""
    message = strings.IMPORTS_CHECK_FAILED.format(
        name=outcome["name"], count=outcome["error_count"]
    )
    return html.Div([dbc.Alert(message, color="danger"), _errors_table(outcome)])


def _render(outcome: dict) -> html.Div | dbc.Alert:
    """The report of a finished (non-dry) import."""
    if not outcome["ok"]:
        return _rejected(outcome)
    message = strings.IMPORTS_DONE.format(
        name=outcome["name"],
        inserted=outcome["inserted"],
        updated=outcome["updated"],
        unchanged=outcome["unchanged"],
    )
    return dbc.Alert(message, color="success")


def _preview(parsed: ingest.Parsed) -> html.Div | None:
    records = parsed.records(PREVIEW_ROWS)
    if not records:
        return None
    return html.Div(
        [
            html.H3(strings.IMPORTS_PREVIEW.format(n=len(records)), className="h6"),
            tables.small_table(views.preview_frame(parsed.kind, parsed.fields, records)),
        ]
    )


def _changes(changes: import_changes.Changes) -> html.Div | None:
    """The rows that would change stored data, before → after, with a warning."""
    if not changes.updated:
        return None
    parts = [
        html.H3(strings.IMPORTS_CHANGES_TITLE.format(n=changes.updated), className="h6"),
        html.P(strings.IMPORTS_CHANGES_NOTE, className="small"),
        tables.small_table(views.changes_frame(changes.kind, changes.changes), class_name="mb-1"),
    ]
    hidden = changes.updated - len(changes.changes)
    if hidden > 0:
        parts.append(
            html.P(
                strings.IMPORTS_CHANGES_MORE.format(n=hidden, shown=len(changes.changes)),
                className="small",
            )
        )
    return dbc.Alert(parts, color="warning", id=ids.CHANGES)


def _refused(where: str, file_name: str) -> dbc.Alert | None:
    """None for an administrator; for anyone else the audited "no access" alert."""
    try:
        imports.require_admin(current_scope())
    except OutOfScope as refused:
        audit_refusal(refused, where, action="import", asked=file_name[:100])
        return refusal_alert()
    return None


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
    kind, file_name, sheet = _form(kind, file_name, sheet)
    if (denied := _refused("check_upload", file_name)) is not None:
        return denied, None, True
    if not isinstance(contents, str) or not contents:
        raise PreventUpdate
    if kind not in imports.SUPPORTED_KINDS:
        return dbc.Alert(strings.IMPORTS_PICK_KIND, color="secondary"), None, True
    parsed = _parse(kind, contents, file_name or "file", sheet)
    scope = current_scope()
    result = imports.run_import(scope, parsed, dry_run=True)
    if not result.ok:
        return _rejected(_outcome(result, file_name)), _preview(parsed), True
    changes = import_changes.compare(scope, parsed)
    message = strings.IMPORTS_CHECK_OK.format(
        name=file_name,
        inserted=format_number(changes.inserted),
        updated=format_number(changes.updated),
        unchanged=format_number(changes.unchanged),
    )
    report = html.Div([dbc.Alert(message, color="info"), _changes(changes)])
    return report, _preview(parsed), False


def _in_background(contents: str) -> bool:
    size = decoded_size(contents)
    return rules.BACKGROUND_IMPORT_BYTES < size <= _max_bytes()


def _answer(message: str) -> list:
    """The confirm outputs when no job could start or be followed (the message says why)."""
    return [dbc.Alert(message, color="warning"), no_update]


def _confirm_in_request(n_clicks, contents, file_name, kind, sheet, done) -> None:
    """In the request: refusals, junk and small files are answered at once (`jobs.Answer`);
    only an administrator's large file goes on to the background job."""
    if not inputs.clicked(n_clicks):
        raise PreventUpdate
    kind, file_name, sheet = _form(kind, file_name, sheet)
    if (denied := _refused("confirm_import", file_name)) is not None:
        raise jobs.Answer([denied, no_update])
    if not isinstance(contents, str) or kind not in imports.SUPPORTED_KINDS:
        raise jobs.Answer([dbc.Alert(strings.IMPORTS_PICK_KIND, color="secondary"), no_update])
    if _in_background(contents):
        return
    parsed = _parse(kind, contents, file_name or "file", sheet)
    result = imports.run_import(current_scope(), parsed, ip=client_address())
    raise jobs.Answer([_render(_outcome(result, file_name)), inputs.bump(done)])


def _running(name: str):
    return lambda message: html.P(
        strings.IMPORTS_JOB_RUNNING.format(name=name, message=message),
        className="small text-muted",
    )


@callback(
    Output(ids.RESULT, "children"),
    Output(ids.DONE, "data"),
    Input(ids.CONFIRM, "n_clicks"),
    State(ids.UPLOAD, "contents"),
    State(ids.UPLOAD, "filename"),
    State(ids.KIND, "value"),
    State(ids.SHEET, "value"),
    State(ids.DONE, "data"),
    prevent_initial_call=True,
    **jobs.background(
        **jobs.progress_bar(ids.PROGRESS, ids.PROGRESS_BOX, ids.JOB_REPORT, strings.JOBS_QUEUED),
        answer=_answer,
        failed=strings.IMPORTS_JOB_BROKEN,
    ),
)
@jobs.in_request(_confirm_in_request)
def confirm_import(set_progress, n_clicks, contents, file_name, kind, sheet, done):
    """A large file, in the background job: parsed, checked and written there under the
    scope of the caller's session, the bar following run_import's phases."""
    kind, file_name, sheet = _form(kind, file_name, sheet)
    scope = current_scope()
    imports.require_admin(scope)  # the session says who asks, never the browser's inputs
    if not isinstance(contents, str) or kind not in imports.SUPPORTED_KINDS:
        raise PreventUpdate
    name = file_name or "file"
    progress = jobs.progress_hook(set_progress, _running(name))
    progress(5, strings.IMPORTS_READING)
    parsed = _parse(kind, contents, name, sheet)
    result = imports.run_import(scope, parsed, ip=client_address(), progress=progress)
    return _render(_outcome(result, file_name)), inputs.bump(done)


@callback(
    Output(ids.RUNS, "rowData"),
    Output(ids.RUNS, "columnDefs"),
    Output(ids.RUNS, "rowClassRules"),
    Output(ids.RUNS_EMPTY, "hidden"),
    Output(ids.BODY, "hidden"),
    Output(ids.DENIED, "children"),
    Output(ids.LIMIT_NOTE, "children"),
    Output(ids.KIND, "value"),
    Input(ids.LOCATION, "pathname"),
    Input(ids.DONE, "data"),
    State(ids.LOCATION, "search"),
)
def load_runs(_pathname, _done, search):
    """The latest runs; on load also the kind the address names."""
    try:
        rows = imports.list_runs(current_scope())
    except OutOfScope as refused:
        audit_refusal(refused, "load_runs")
        return [], [], {}, True, True, refusal_alert(), None, no_update
    frame = views.runs_frame(rows)
    rejected = tables.row_classes(
        frame,
        strings.IMPORTS_RUN_COLUMNS["outcome"],
        {
            strings.IMPORTS_OUTCOMES["rejected"]: "bg-danger-subtle",
            strings.IMPORTS_OUTCOMES["failed"]: "bg-danger-subtle",
            strings.IMPORTS_OUTCOMES["running"]: "bg-warning-subtle",
        },
    )
    note = strings.IMPORTS_LIMIT.format(
        mb=current_app.config["OKO_SETTINGS"].max_upload_mb,
        background=f"{rules.BACKGROUND_IMPORT_BYTES / 2**20:g}",
    )
    wanted = ImportsSelection.from_query(search).kind
    kind = wanted if wanted and ctx.triggered_id in (None, ids.LOCATION) else no_update
    return (
        tables.grid_rows(frame),
        tables.grid_columns(frame),
        rejected,
        bool(rows),
        False,
        None,
        note,
        kind,
    )


@callback(
    Output(ids.LOCATION, "search"),
    Input(ids.KIND, "value"),
    State(ids.LOCATION, "search"),
    prevent_initial_call=True,
)
def write_kind(kind, search):
    """The chosen kind → the address, so a link opens the form on that kind."""
    return query.rewrite(ImportsSelection.parse(kind).query(), search)
