"""`/roadmaps/item/<id>` callbacks: the item card, status change, materials and downloads.

Permissions and auditing live in data_access.roadmaps; here inputs are cleaned, files are
decoded and checked (dashboard.evidence_store), and refusals become polite alerts.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlparse

import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, State, ctx, dcc, html
from dash.exceptions import PreventUpdate

from callbacks import inputs
from callbacks.refusals import audit_refusal
from callbacks.registry import callback
from callbacks.roadmaps import status_badge, today
from callbacks.roadmaps_pilot import page_built
from callbacks.uploads import UploadRefused, decode_upload
from dashboard import evidence_store, rules, seeds, strings
from dashboard.analytics import roadmap_progress
from dashboard.auth import current_scope
from dashboard.figures import roadmaps as views
from dashboard.figures.template import GRAPH_CONFIG
from dashboard.formatting import NO_VALUE, format_date
from dashboard.ids import Roadmaps as ids
from dashboard.web.components import definition_list, refusal_alert
from dashboard.web.tables import data_grid, link_cell, markdown_text
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
        (
            fields["roadmap"],
            dcc.Link(detail["roadmap_title"], href=f"/roadmaps?roadmap={detail['roadmap_code']}"),
        ),
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
    return html.Div(
        [
            html.H1(strings.ITEM_TITLE.format(number=detail["number"]), className="h3 mb-1"),
            html.P(detail["title"], className="lead roadmap-item-title"),
            definition_list(rows),
        ]
    )


def kpi_block(scope, item_id: int, kpi: str, place: str) -> html.Div:
    """A KPI the item moves, with the yearly counts it is computed from when OKO keeps them."""
    title = strings.ITEM_LINK_KPI.format(code=kpi, indicator=KPI_NAMES.get(kpi, NO_VALUE))
    if kpi not in roadmaps.KPI_METRIC:
        return html.Div(
            [
                html.P(title, className="mb-0"),
                html.P(strings.ITEM_KPI_ELSEWHERE, className="small text-muted"),
            ]
        )
    metric, counts = roadmaps.kpi_counts(scope, item_id, kpi)
    trend = strings.ITEM_KPI_TREND.format(
        code=kpi, metric=strings.ROADMAP_KPI_METRICS[metric], place=place
    )
    figure, _ = views.kpi_trend(counts)
    return html.Div(
        [
            html.P(title, className="mb-1 fw-semibold"),
            # what the bars count, as a caption: the bold line above is the chart's one title
            html.P(trend, className="small mb-0 roadmap-kpi-caption"),
            dcc.Graph(figure=figure, config=GRAPH_CONFIG, className="roadmap-kpi-trend"),
            html.P(strings.ITEM_KPI_NOTE, className="small text-muted"),
        ],
        className="mb-3",
    )


def page_line(path: str) -> html.P:
    """An OKO page the item serves, with whether it is built yet."""
    badge = (
        dbc.Badge(strings.PILOT_PRODUCT_BUILT, color="success")
        if page_built(path)
        else dbc.Badge(strings.NOT_BUILT, color="warning")
    )
    return html.P(
        [strings.ITEM_LINK_PAGE, dcc.Link(strings.NAV.get(path, path), href=path), " ", badge],
        className="mb-1",
    )


def links_block(scope, item_id: int, links: pd.DataFrame, place: str) -> html.Div:
    if links.empty:
        return html.P(strings.ITEM_LINKS_NONE, className="text-muted mb-0")
    return html.Div(
        [
            kpi_block(scope, item_id, row.target, place)
            if row.target_kind == "kpi"
            else page_line(row.target)
            for row in links.itertuples()
        ]
    )


def evidence_block(evidence: pd.DataFrame) -> html.Div:
    """Materials in a grid; a link's title opens it in a new tab (web addresses only)."""
    if evidence.empty:
        return html.P(strings.ITEM_EVIDENCE_NONE, className="text-muted mb-0")
    table = views.evidence_table(evidence)
    title = strings.ITEM_EVIDENCE_COLUMNS["title"]
    table[title] = [
        link_cell(t, u) if k == "link" and _web_address(u) else markdown_text(t)
        for t, k, u in zip(table[title], evidence["kind"], evidence["url"], strict=True)
    ]
    grid = data_grid(
        ids.EVIDENCE_GRID,
        table,
        page_size=10,
        links={title: "_blank"},
        class_name="roadmap-evidence",
    )
    grid.columnDefs[0]["linkTarget"] = "_blank"
    return grid


def _web_address(url: object) -> bool:
    parsed = urlparse(url) if isinstance(url, str) else None
    return bool(parsed and parsed.scheme in rules.EVIDENCE_URL_SCHEMES and parsed.netloc)


def history_block(history: pd.DataFrame) -> html.Div:
    if history.empty:
        return html.P(strings.ITEM_HISTORY_NONE, className="text-muted mb-0")
    return data_grid(
        ids.HISTORY_GRID, views.history_table(history), page_size=10, class_name="roadmap-history"
    )


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
    """The card of the item in the address (/roadmaps/item/<id>): its state is its path."""
    scope = current_scope()
    try:
        detail = roadmaps.item(scope, item_id)
    except OutOfScope as refused:
        audit_refusal(refused, "item_card")
        return (
            refusal_alert(strings.ITEM_NOT_FOUND),
            True,
            None,
            None,
            None,
            None,
            [],
            True,
            True,
            None,
            None,
        )
    iid = detail["item_id"]
    evidence = roadmaps.item_evidence(scope, iid)
    files = evidence[evidence["kind"] == "file"]
    place = detail["owner"] or strings.ROADMAP_OWNER_REGION.rstrip(".").lower()
    return (
        None,
        False,
        header_block(detail, today()),
        links_block(scope, iid, roadmaps.item_links(scope, iid), place),
        evidence_block(evidence),
        history_block(roadmaps.item_history(scope, iid)),
        [
            {"label": f"{t} ({n})", "value": int(i)}
            for i, t, n in zip(files["id"], files["title"], files["file_name"], strict=True)
        ],
        not detail["editable"],
        not detail["editable"],
        detail["status"],
        detail["progress"],
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
            current_scope(),
            item_id,
            inputs.text(new_status, 20),
            level,
            inputs.text(completed_on, 40),
            inputs.text(comment, rules.ROADMAP_COMMENT_MAX * 2),
            today=today(),
            now=now(),
        )
    except OutOfScope as refused:
        audit_refusal(refused, "save_status")
        return refusal_alert(), inputs.bump(changed)
    except roadmap_progress.ChangeRefused as refused:
        return _alert(strings.ITEM_CHANGE_ERRORS[refused.key], "warning"), inputs.bump(changed)
    return _alert(
        strings.ITEM_SAVED.format(status=strings.ROADMAP_STATUS_NAMES[change.status]), "success"
    ), inputs.bump(changed)


def _file(contents: str, file_name: object) -> evidence_store.StoredFile:
    """Decode, check and store an uploaded file (EvidenceRefused names what is wrong)."""
    try:
        data = decode_upload(contents, rules.EVIDENCE_MAX_BYTES)
    except UploadRefused as refused:  # "unreadable" and "too_large" are evidence keys too
        raise evidence_store.EvidenceRefused(refused.reason) from None
    return evidence_store.store(data, inputs.text(file_name, 255) or "file")


def _link(title: str, url: object) -> str:
    """The link to record, once its title and web address are checked."""
    link = inputs.typed(url, 1000)
    if not title:
        raise evidence_store.EvidenceRefused("no_title")
    if not _web_address(link):
        raise evidence_store.EvidenceRefused("bad_url")
    return link


def _refusal(refused: evidence_store.EvidenceRefused) -> str:
    return strings.ITEM_EVIDENCE_ERRORS[refused.key].format(
        mb=rules.EVIDENCE_MAX_BYTES // 2**20, types=evidence_store.TYPES_TEXT, **refused.details
    )


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
    title = inputs.typed(title, 400)
    try:
        roadmaps.require_editor(scope, item_id, "roadmap_evidence")
        if uploading:
            stored = _file(contents, file_name)
            title = title or evidence_store.display_name(stored.file_name)
            try:
                roadmaps.add_evidence(scope, item_id, title, now=now(), stored=stored)
            except Exception:  # the row was not written: do not keep an orphan file
                evidence_store.remove(stored.stored_as)
                raise
        else:
            roadmaps.add_evidence(scope, item_id, title, now=now(), url=_link(title, url))
    except OutOfScope as refused:
        audit_refusal(refused, "add_evidence")
        return refusal_alert(), inputs.bump(added)
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
    data = evidence_store.read(meta["stored_as"])  # a missing file is a server fault, not a refusal
    return dcc.send_bytes(data, meta["file_name"] or "file", type=meta["content_type"])
