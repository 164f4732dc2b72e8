"""`/stories`: the open story exported to PPTX or PDF. Rendering every slide's charts takes a
while, so the export runs as a background job (dashboard.jobs) owned by the caller, with a
progress bar polled once a second; without a cache to keep job state it runs in the request."""

from __future__ import annotations

import base64

import dash_bootstrap_components as dbc
from dash import Input, Output, State, ctx, html, no_update
from dash.exceptions import PreventUpdate
from flask import current_app

from callbacks import inputs
from callbacks.registry import callback
from callbacks.stories import refused, story_of
from dashboard import jobs, strings
from dashboard.auth import current_scope
from dashboard.formatting import format_percent
from dashboard.ids import Stories as ids
from dashboard.web.client import client_address
from data_access.cache import current_cache
from data_access.scope import OutOfScope, Scope

FORMATS = {ids.PPTX: "pptx", ids.PDF: "pdf"}


def _work(scope: Scope, story_id: int, fmt: str) -> jobs.Work:
    """The export as a job's work; the client address is read now, in the request (the audit
    row of the download is written by callbacks.story_export, maybe in the worker)."""
    ip = client_address()

    def work(progress: jobs.Progress) -> dict:
        from callbacks.story_export import export_story

        name, data = export_story(scope, story_id, fmt, progress, ip=ip)
        # job state is kept as JSON in the cache: the file travels as base64 text
        return {"ok": True, "name": name, "data": base64.b64encode(data).decode("ascii")}

    return work


def _download(name: str, encoded: str) -> dict:
    """What dcc.Download takes (as `dcc.send_bytes` builds it) from the base64 the job kept."""
    return {"content": encoded, "filename": name, "type": None, "base64": True}


def _ready(name: str) -> dbc.Alert:
    return dbc.Alert(
        strings.STORY_EXPORT_READY.format(name=name), color="success", className="small mb-0"
    )


@callback(
    Output(ids.JOB, "data"),
    Output(ids.POLL, "disabled"),
    Output(ids.PROGRESS_BOX, "hidden"),
    Output(ids.PROGRESS, "value"),
    Output(ids.PROGRESS, "label"),
    Output(ids.EXPORT_REPORT, "children"),
    Output(ids.DOWNLOAD, "data"),
    Input(ids.PPTX, "n_clicks"),
    Input(ids.PDF, "n_clicks"),
    Input(ids.POLL, "n_intervals"),
    State(ids.JOB, "data"),
    State(ids.LOCATION, "search"),
    prevent_initial_call=True,
)
def export(pptx, pdf, _n_intervals, job_id, search):
    """A button starts the export of the open story (a job, or at once without job state);
    the interval follows the job and hands the file over when it is done."""
    scope, button = current_scope(), ctx.triggered_id
    if button in FORMATS:
        story_id = story_of(search)
        if not inputs.clicked({ids.PPTX: pptx, ids.PDF: pdf}[button]) or story_id is None:
            raise PreventUpdate
        work = _work(scope, story_id, FORMATS[button])
        if not jobs.available():
            try:
                result = work(lambda _p, _m: None)
            except OutOfScope as error:
                return None, True, True, 0, "", refused(error), no_update
            name = result["name"]
            return None, True, True, 100, "", _ready(name), _download(name, result["data"])
        app = current_app._get_current_object()
        new = jobs.submit(app, current_cache(), scope.login, work, title=FORMATS[button])
        queued = html.P(strings.STORY_EXPORT_QUEUED, className="small text-muted")
        return new, False, False, 0, "", queued, no_update
    if button != ids.POLL or job_id is None:
        raise PreventUpdate
    state = jobs.read(scope, job_id, admins_only=False)
    if state is None:
        lost = dbc.Alert(strings.STORY_EXPORT_LOST, color="warning", className="small mb-0")
        return None, True, True, 0, "", lost, no_update
    percent = state["progress"]
    label = format_percent(percent, 0)
    if state["status"] not in jobs.FINISHED:
        text = strings.STORY_EXPORT_RUNNING.format(message=state["message"])
        return no_update, False, False, percent, label, html.P(text, className="small"), no_update
    result = state["result"]
    if state["status"] != "done" or not isinstance(result, dict) or "data" not in result:
        failed = dbc.Alert(strings.STORY_EXPORT_FAILED, color="danger", className="small mb-0")
        return None, True, True, 0, "", failed, no_update
    name = str(result["name"])
    return None, True, False, 100, label, _ready(name), _download(name, result["data"])
