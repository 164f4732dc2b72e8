"""`/stories`: the open story exported to PPTX or PDF. Rendering every slide's charts takes a
while, so the export is a background callback (dashboard.jobs): it runs in a job under the
caller's session, the bar follows the slides, and only the caller's session can read the file."""

from __future__ import annotations

import base64

import dash_bootstrap_components as dbc
from dash import Input, Output, State, ctx, html, no_update
from dash.exceptions import PreventUpdate

from callbacks import inputs
from callbacks.registry import callback
from callbacks.stories import refused, story_of
from dashboard import jobs, strings
from dashboard.auth import current_scope
from dashboard.ids import Stories as ids
from dashboard.web.client import client_address
from data_access.scope import OutOfScope

FORMATS = {ids.PPTX: "pptx", ids.PDF: "pdf"}


def _download(name: str, data: bytes) -> dict:
    """What dcc.Download takes (as `dcc.send_bytes` builds it): JSON-safe for any job backend."""
    encoded = base64.b64encode(data).decode("ascii")
    return {"content": encoded, "filename": name, "type": None, "base64": True}


def _ready(name: str) -> dbc.Alert:
    return dbc.Alert(
        strings.STORY_EXPORT_READY.format(name=name), color="success", className="small mb-0"
    )


def _answer(message: str) -> list:
    """The outputs when no export could start or be followed (the message says why)."""
    return [dbc.Alert(message, color="warning", className="small mb-0"), no_update]


def _asked(pptx, pdf, search) -> tuple[int, str]:
    """The story and format a real click asks for; anything else answers nothing."""
    button, story_id = ctx.triggered_id, story_of(search)
    if button not in FORMATS or story_id is None:
        raise PreventUpdate
    if not inputs.clicked({ids.PPTX: pptx, ids.PDF: pdf}[button]):
        raise PreventUpdate
    return story_id, FORMATS[button]


def _export_in_request(pptx, pdf, search) -> None:
    """In the request: no job for a forged or empty click."""
    _asked(pptx, pdf, search)


def _status(message: str) -> html.P:
    return html.P(strings.STORY_EXPORT_RUNNING.format(message=message), className="small mb-0")


@callback(
    Output(ids.EXPORT_REPORT, "children"),
    Output(ids.DOWNLOAD, "data"),
    Input(ids.PPTX, "n_clicks"),
    Input(ids.PDF, "n_clicks"),
    State(ids.LOCATION, "search"),
    prevent_initial_call=True,
    **jobs.background(
        **jobs.progress_bar(
            ids.PROGRESS, ids.PROGRESS_BOX, ids.EXPORT_STATUS, strings.STORY_EXPORT_QUEUED
        ),
        answer=_answer,
        failed=strings.STORY_EXPORT_FAILED,
    ),
)
@jobs.in_request(_export_in_request)
def export(set_progress, pptx, pdf, search):
    """The open story as a file for the caller (the job's session says who reads it)."""
    from callbacks.story_export import export_story

    story_id, fmt = _asked(pptx, pdf, search)
    progress = jobs.progress_hook(set_progress, _status)
    try:
        name, data = export_story(current_scope(), story_id, fmt, progress, ip=client_address())
    except OutOfScope as error:
        return refused(error), no_update
    return _ready(name), _download(name, data)
