"""`/roadmaps/item/<id>` callbacks: the item card, status change, materials and downloads.

Permissions and auditing live in data_access.roadmaps; here inputs are cleaned, files are
decoded and checked (dashboard.evidence_store), and refusals become polite alerts.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
from urllib.parse import urlparse

import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, State, ctx, dcc, html
from dash.exceptions import PreventUpdate

from callbacks import inputs
from callbacks.registry import callback
from callbacks.roadmaps import status_badge, today
from callbacks.roadmaps_pilot import page_built
from dashboard import evidence_store, rules, seeds, strings
from dashboard.analytics import roadmap_progress
from dashboard.auth import current_scope
from dashboard.figures import roadmaps as roadmap_figures
from dashboard.figures.template import GRAPH_CONFIG
from dashboard.formatting import NO_VALUE, format_date, format_number
from dashboard.ids import Roadmaps as ids
from data_access import roadmaps
from data_access.scope import OutOfScope

KPI_NAMES = {k.code: k.indicator for k in seeds.KPI_INDICATORS}


def now() -> dt.datetime:
    """When a change happens (the one place that reads the clock for writes)."""
    return dt.datetime.now(dt.UTC)


def _alert(message: str, color: str) -> dbc.Alert:
    return dbc.Alert(message, color=color, className="mb-0")


def header_block(detail: dict, day: dt.date) -> html.Div:
    shown = roadmap_progress.display_status(detail["status"], detail["due_on"], day)
    fields = strings.ITEM_FIELDS
    rows = [
        (fields["roadmap"], dcc.Link(detail["roadmap_title"], href=f"/roadmaps?roadmap={detail['roadmap_code']}")),
        (fields["section"], detail["section"]),
        (fields["participants"], detail["participants"] or NO_VALUE),
        (fields["executors"], detail["executors"] or NO_VALUE),
        (fields["period_text"], detail["period_text"] or NO_VALUE),
        (fields["dates"], f"{format_date(detail['starts_on'])} — {format_date(detail['due_on'])}"),
        (fields["status"], status_badge(shown)),
        (fields["progress"], str(detail["progress"])),
        (fields["completed_on"], format_date(detail["completed_on"])),
        (fields["expected_result"], detail["expected_result"] or NO_VALUE),
        (fields["confirming_materials"], detail["confirming_materials"] or NO_VALUE),
    ]
    return html.Div([
        html.H1(strings.ITEM_TITLE.format(number=detail["number"]), className="h3 mb-1"),
        html.P(detail["title"], className="lead roadmap-item-title"),
        html.Dl([part for label, value in rows for part in
                 (html.Dt(label, className="col-sm-3 small text-muted"), html.Dd(value, className="col-sm-9 mb-1"))],
                className="row"),
    ])


def links_block(scope, item_id: int, links: pd.DataFrame, place: str) -> html.Div:
    if links.empty:
        return html.P(strings.ITEM_LINKS_NONE, className="text-muted mb-0")
    parts = []
    for row in links.itertuples():
        if row.target_kind == "kpi":
            title = strings.ITEM_LINK_KPI.format(code=row.target, indicator=KPI_NAMES.get(row.target, NO_VALUE))
            try:
                metric, counts = roadmaps.kpi_counts(scope, item_id, row.target)
            except OutOfScope:
                parts.append(html.Div([html.P(title, className="mb-0"),
                                       html.P(strings.ITEM_KPI_ELSEWHERE, className="small text-muted")]))
                continue
            trend = strings.ITEM_KPI_TREND.format(code=row.target, metric=strings.ROADMAP_KPI_METRICS[metric],
                                                  place=place)
            parts.append(html.Div([
                html.P(title, className="mb-1 fw-semibold"),
                dcc.Graph(figure=roadmap_figures.kpi_trend(counts, trend), config=GRAPH_CONFIG,
                          className="roadmap-kpi-trend"),
                html.P(strings.ITEM_KPI_NOTE, className="small text-muted"),
            ], className="mb-3"))
        else:
            built = page_built(row.target)
            badge = (dbc.Badge(strings.PILOT_PRODUCT_BUILT, color="success") if built
                     else dbc.Badge(strings.NOT_BUILT, color="warning"))
            parts.append(html.P([strings.ITEM_LINK_PAGE,
                                 dcc.Link(strings.NAV.get(row.target, row.target), href=row.target),
                                 " ", badge], className="mb-1"))
    return html.Div(parts)


def evidence_block(frame: pd.DataFrame) -> html.Div:
    if frame.empty:
        return html.P(strings.ITEM_EVIDENCE_NONE, className="text-muted mb-0")
    cols = strings.ITEM_EVIDENCE_COLUMNS
    head = html.Thead(html.Tr([html.Th(cols[k]) for k in ("title", "kind", "size", "sha256", "added_by", "added_at")]))
    rows = []
    for row in frame.itertuples():
        safe_url = isinstance(row.url, str) and urlparse(row.url).scheme in rules.EVIDENCE_URL_SCHEMES
        title = (html.A(row.title, href=row.url, target="_blank", rel="noopener noreferrer")
                 if row.kind == "link" and safe_url else row.title)
        size = f"{format_number(row.size_bytes / 1024, 0)} КБ" if row.kind == "file" and row.size_bytes else NO_VALUE
        rows.append(html.Tr([html.Td(title), html.Td(strings.ITEM_EVIDENCE_KINDS.get(row.kind, row.kind)),
                             html.Td(size), html.Td((row.sha256 or NO_VALUE)[:16], title=row.sha256 or "",
                                                    className="font-monospace small"),
                             html.Td(row.added_by), html.Td(format_date(row.added_at, "%d.%m.%Y %H:%M"))]))
    return dbc.Table([head, html.Tbody(rows)], size="sm", responsive=True, className="roadmap-evidence")


def history_block(frame: pd.DataFrame) -> html.Div:
    if frame.empty:
        return html.P(strings.ITEM_HISTORY_NONE, className="text-muted mb-0")
    cols, names = strings.ITEM_HISTORY_COLUMNS, strings.ROADMAP_STATUS_NAMES
    head = html.Thead(html.Tr([html.Th(cols[k]) for k in cols]))
    rows = [html.Tr([html.Td(format_date(r.changed_at, "%d.%m.%Y %H:%M")), html.Td(r.changed_by),
                     html.Td(names.get(r.from_status, NO_VALUE) if isinstance(r.from_status, str) else NO_VALUE),
                     html.Td(names.get(r.to_status, r.to_status)), html.Td(r.comment or "")])
            for r in frame.itertuples()]
    return dbc.Table([head, html.Tbody(rows)], size="sm", striped=True, responsive=True,
                     className="roadmap-history")


@callback(
    Output(ids.ITEM_DENIED, "children"),
    Output(ids.ITEM_BODY, "hidden"),
    Output(ids.ITEM_HEADER, "children"),
    Output(ids.ITEM_LINKS, "children"),
    Output(ids.ITEM_EVIDENCE, "children"),
    Output(ids.ITEM_HISTORY, "children"),
    Output(ids.DOWNLOAD_PICK, "options"),
    Output(ids.ITEM_EDIT, "hidden"),
    Output(ids.ITEM_EDIT_EVIDENCE, "hidden"),
    Output(ids.NEW_STATUS, "value"),
    Output(ids.PROGRESS_INPUT, "value"),
    Input(ids.ITEM, "data"),
    Input(ids.CHANGED, "data"),
    Input(ids.EVIDENCE_ADDED, "data"),
)
def item_card(item_id, _changed, _added):
    scope = current_scope()
    try:
        detail = roadmaps.item(scope, item_id)
    except OutOfScope:
        return (_alert(strings.ITEM_NOT_FOUND, "warning"), True, None, None, None, None, [], True, True,
                None, None)
    iid = detail["item_id"]
    evidence = roadmaps.item_evidence(scope, iid)
    files = evidence[evidence["kind"] == "file"]
    place = detail["owner"] or strings.ROADMAP_OWNER_REGION.rstrip(".").lower()
    return (
        None, False, header_block(detail, today()), links_block(scope, iid, roadmaps.item_links(scope, iid), place),
        evidence_block(evidence), history_block(roadmaps.item_history(scope, iid)),
        [{"label": f"{t} ({n})", "value": int(i)} for i, t, n in zip(files["id"], files["title"],
                                                                      files["file_name"], strict=True)],
        not detail["editable"], not detail["editable"], detail["status"], detail["progress"],
    )


@callback(
    Output(ids.SAVE_FEEDBACK, "children"),
    Output(ids.CHANGED, "data"),
    Input(ids.SAVE, "n_clicks"),
    State(ids.ITEM, "data"),
    State(ids.NEW_STATUS, "value"),
    State(ids.PROGRESS_INPUT, "value"),
    State(ids.COMPLETED_ON, "date"),
    State(ids.COMMENT, "value"),
    State(ids.CHANGED, "data"),
    prevent_initial_call=True,
)
def save_status(n_clicks, item_id, new_status, progress, completed_on, comment, changed):
    if not inputs.clicked(n_clicks):
        raise PreventUpdate
    level = inputs.integer(progress, 0, 100) if progress not in (None, "") else None
    if progress not in (None, "") and level is None:
        level = -1  # let the rule check name the problem
    try:
        change = roadmaps.change_status(
            current_scope(), item_id, inputs.text(new_status, 20), level, inputs.text(completed_on, 40),
            inputs.text(comment, rules.ROADMAP_COMMENT_MAX * 2), today=today(), now=now())
    except OutOfScope:
        return _alert(strings.ACCESS_DENIED, "danger"), inputs.bump(changed)
    except roadmap_progress.ChangeRefused as refused:
        return _alert(strings.ITEM_CHANGE_ERRORS[refused.key], "warning"), inputs.bump(changed)
    return _alert(strings.ITEM_SAVED.format(status=strings.ROADMAP_STATUS_NAMES[change.status]),
                  "success"), inputs.bump(changed)


def _decode(contents: str) -> bytes:
    """Bytes of a dcc.Upload data URL; the size is checked before decoding."""
    header, sep, payload = contents.partition(",")
    if not sep or not header.startswith("data:") or ";base64" not in header:
        raise evidence_store.EvidenceRefused("unreadable")
    if len(payload) * 3 // 4 > rules.EVIDENCE_MAX_BYTES + 3:
        raise evidence_store.EvidenceRefused("too_large")
    try:
        return base64.b64decode(payload, validate=True)
    except (binascii.Error, ValueError):
        raise evidence_store.EvidenceRefused("unreadable") from None


def _refusal(refused: evidence_store.EvidenceRefused) -> str:
    return strings.ITEM_EVIDENCE_ERRORS[refused.key].format(
        mb=rules.EVIDENCE_MAX_BYTES // 2**20, types=evidence_store.TYPES_TEXT, **refused.details)


@callback(
    Output(ids.EVIDENCE_FEEDBACK, "children"),
    Output(ids.EVIDENCE_ADDED, "data"),
    Input(ids.ADD_LINK, "n_clicks"),
    Input(ids.UPLOAD, "contents"),
    State(ids.UPLOAD, "filename"),
    State(ids.ITEM, "data"),
    State(ids.EVIDENCE_TITLE, "value"),
    State(ids.EVIDENCE_URL, "value"),
    State(ids.EVIDENCE_ADDED, "data"),
    prevent_initial_call=True,
)
def add_evidence(n_clicks, contents, file_name, item_id, title, url, added):
    scope = current_scope()
    uploading = ctx.triggered_id == ids.UPLOAD
    if uploading and not isinstance(contents, str):
        raise PreventUpdate
    if not uploading and not inputs.clicked(n_clicks):
        raise PreventUpdate
    title = (inputs.text(title, 400) or "").strip()
    try:
        roadmaps.require_editor(scope, item_id, "roadmap_evidence")
        if uploading:
            data = _decode(contents)
            name = inputs.text(file_name, 255) or "file"
            stored = evidence_store.store(data, name)
            title = title or evidence_store.display_name(name)
            try:
                roadmaps.add_evidence(scope, item_id, title, now=now(), stored=stored)
            except Exception:
                evidence_store.remove(stored.stored_as)
                raise
        else:
            link = (inputs.text(url, 1000) or "").strip()
            if not title:
                raise evidence_store.EvidenceRefused("no_title")
            parsed = urlparse(link)
            if parsed.scheme not in rules.EVIDENCE_URL_SCHEMES or not parsed.netloc:
                raise evidence_store.EvidenceRefused("bad_url")
            roadmaps.add_evidence(scope, item_id, title, now=now(), url=link)
    except OutOfScope:
        return _alert(strings.ACCESS_DENIED, "danger"), inputs.bump(added)
    except evidence_store.EvidenceRefused as refused:
        roadmaps.evidence_refused(scope, item_id, refused.key)
        return _alert(_refusal(refused), "warning"), inputs.bump(added)
    return _alert(strings.ITEM_EVIDENCE_ADDED.format(title=title), "success"), inputs.bump(added)


@callback(
    Output(ids.DOWNLOAD_FILE, "data"),
    Input(ids.DOWNLOAD_BUTTON, "n_clicks"),
    State(ids.DOWNLOAD_PICK, "value"),
    prevent_initial_call=True,
)
def download_evidence(n_clicks, evidence_id):
    """The stored file under its uploader's name, as an attachment (dcc.Download)."""
    if not inputs.clicked(n_clicks) or evidence_id is None:
        raise PreventUpdate
    meta = roadmaps.evidence_file(current_scope(), evidence_id)
    try:
        data = evidence_store.read(meta["stored_as"])
    except OSError:
        raise PreventUpdate from None
    return dcc.send_bytes(data, meta["file_name"] or "file", type=meta["content_type"])
