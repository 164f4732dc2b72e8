"""`/roadmaps/item/<id>` callbacks: the item card, status change, materials and downloads.

Permissions and auditing live in data_access.roadmaps; here inputs are cleaned, files are
decoded and checked (dashboard.evidence_store), and refusals become polite alerts.

An item due several times (every year of its roadmap, or in several periods) lists its
occurrences, each with its own dates and status, and the status form changes the occurrence
chosen in it (the one the address names, `?occurrence=N`, else the first still open), or all of
them at once.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlparse

import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, State, ctx, dcc, html
from dash.exceptions import PreventUpdate

from callbacks import inputs
from callbacks.downloads import sent
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
from dashboard.web.tables import data_grid, link_cell, markdown_text, small_table
from data_access import roadmaps
from data_access.scope import OutOfScope

KPI_NAMES = {k.code: k.indicator for k in seeds.KPI_INDICATORS}
# The status form's choice «all occurrences at once» (the whole item).
ALL_OCCURRENCES = "all"


def now() -> dt.datetime:
    """When a change happens (the one place that reads the clock for writes)."""
    return dt.datetime.now(dt.UTC)


def _alert(message: str, color: str) -> dbc.Alert:
    return dbc.Alert(message, color=color, className="mb-0")


def occurrences_block(rows: pd.DataFrame) -> html.Div:
    """The occurrences of an item due several times, each with its own status badge."""
    table = views.occurrences_table(rows)
    status = strings.ITEM_OCCURRENCE_COLUMNS["status"]
    table[status] = [status_badge(s) for s in rows["display_status"]]
    return html.Div(
        [
            html.H2(strings.ITEM_OCCURRENCES.format(n=len(rows)), className="h6 mt-2"),
            html.P(strings.ITEM_OCCURRENCES_NOTE, className="small text-muted mb-1"),
            small_table(table, class_name="roadmap-occurrences"),
        ]
    )


def header_block(detail: dict, rows: pd.DataFrame, day: dt.date) -> html.Div:
    """The item's facts; its dates and status are those of its occurrences (``rows``, with
    display statuses as of ``day``): one item due once shows them as before, an item due
    several times a summary and the table of its occurrences."""
    rows = roadmap_progress.with_outcomes(rows, day)
    fields = strings.ITEM_FIELDS
    several = len(rows) > 1
    first, last = rows["starts_on"].min(), rows["due_on"].max()
    if several:
        state = [
            (
                fields["status"],
                strings.ITEM_OCCURRENCES_SUMMARY.format(
                    done=int((rows["status"] == "done").sum()),
                    total=len(rows),
                    overdue=int((rows["display_status"] == "overdue").sum()),
                ),
            )
        ]
    else:
        one = rows.iloc[0]
        state = [
            (fields["status"], status_badge(one["display_status"])),
            (fields["progress"], str(one["progress"])),
            (fields["completed_on"], format_date(one["completed_on"])),
        ]
    facts = [
        (
            fields["roadmap"],
            dcc.Link(detail["roadmap_title"], href=f"/roadmaps?roadmap={detail['roadmap_code']}"),
        ),
        (fields["section"], detail["section"]),
        (fields["participants"], detail["participants"] or NO_VALUE),
        (fields["executors"], detail["executors"] or NO_VALUE),
        (fields["period_text"], detail["period_text"] or NO_VALUE),
        (fields["dates"], f"{format_date(first)} — {format_date(last)}"),
        *state,
        (fields["expected_result"], detail["expected_result"] or NO_VALUE),
        (fields["confirming_materials"], detail["confirming_materials"] or NO_VALUE),
    ]
    return html.Div(
        [
            html.H1(strings.ITEM_TITLE.format(number=detail["number"]), className="h3 mb-1"),
            html.P(detail["title"], className="lead roadmap-item-title"),
            definition_list(facts),
            occurrences_block(rows) if several else None,
        ]
    )


def occurrence_options(rows: pd.DataFrame) -> list[dict]:
    """The status form's choices for an item due several times: each occurrence, then all."""
    labels = views.occurrence_labels(rows)
    return [
        *(
            {"label": f"{label}: {format_date(s)} — {format_date(d)}", "value": int(o)}
            for label, o, s, d in zip(
                labels, rows["occurrence"], rows["starts_on"], rows["due_on"], strict=True
            )
        ),
        {"label": strings.ITEM_OCCURRENCE_ALL, "value": ALL_OCCURRENCES},
    ]


def chosen_occurrence(rows: pd.DataFrame, *wanted: object) -> int | str | None:
    """The occurrence the form opens on: the first of ``wanted`` (the form's current choice,
    the address's ``?occurrence=``) the item has, else its first open occurrence, else its
    first; None for an item due once."""
    if len(rows) < 2:
        return None
    numbers = [int(o) for o in rows["occurrence"]]
    for value in wanted:
        if value == ALL_OCCURRENCES:
            return ALL_OCCURRENCES
        number = inputs.integer(value, 1, 10_000)
        if number in numbers:
            return number
    still_open = rows[~rows["status"].isin(roadmap_progress.CLOSED)]
    return int(still_open["occurrence"].iloc[0]) if not still_open.empty else numbers[0]


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


def history_block(history: pd.DataFrame, rows: pd.DataFrame) -> html.Div:
    """Status changes; for an item due several times, which occurrence each was for."""
    if history.empty:
        return html.P(strings.ITEM_HISTORY_NONE, className="text-muted mb-0")
    named = None
    if len(rows) > 1:
        named = {
            (int(i), int(o)): label
            for i, o, label in zip(
                rows["item_id"], rows["occurrence"], views.occurrence_labels(rows), strict=True
            )
        }
    return data_grid(
        ids.HISTORY_GRID,
        views.history_table(history, occurrences=named),
        page_size=10,
        class_name="roadmap-history",
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
    Output(ids.OCCURRENCE_BLOCK, "hidden"),
    Output(ids.OCCURRENCE, "options"),
    Output(ids.OCCURRENCE, "value"),
    Input(ids.ITEM, "data"),
    Input(ids.CHANGED, "data"),
    Input(ids.EVIDENCE_ADDED, "data"),
    State(ids.OCCURRENCE, "value"),
    State(ids.ASKED_OCCURRENCE, "data"),
)
def item_card(item_id, _changed, _added, occurrence, asked):
    """The card of the item in the address (/roadmaps/item/<id>): its state is its path (and
    `?occurrence=N`, the occurrence its status form opens on)."""
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
            True,
            [],
            None,
        )
    iid = detail["item_id"]
    rows = roadmaps.item_occurrences(scope, iid)
    evidence = roadmaps.item_evidence(scope, iid)
    files = evidence[evidence["kind"] == "file"]
    place = detail["owner"] or strings.ROADMAP_OWNER_REGION.rstrip(".").lower()
    several = len(rows) > 1
    return (
        None,
        False,
        header_block(detail, rows, today()),
        links_block(scope, iid, roadmaps.item_links(scope, iid), place),
        evidence_block(evidence),
        history_block(roadmaps.item_history(scope, iid), rows),
        [
            {"label": f"{t} ({n})", "value": int(i)}
            for i, t, n in zip(files["id"], files["title"], files["file_name"], strict=True)
        ],
        not detail["editable"],
        not detail["editable"],
        not several,
        occurrence_options(rows) if several else [],
        chosen_occurrence(rows, occurrence, asked),
    )


@callback(
    Output(ids.NEW_STATUS, "value"),
    Output(ids.PROGRESS_INPUT, "value"),
    Input(ids.OCCURRENCE, "value"),
    Input(ids.CHANGED, "data"),
    State(ids.ITEM, "data"),
)
def status_form(occurrence, _changed, item_id):
    """The status form opens on the current status and progress of the occurrence chosen in
    it (of the whole item for an item due once, or for «all at once»)."""
    try:
        detail = roadmaps.item(current_scope(), item_id)
        rows = roadmaps.item_occurrences(current_scope(), item_id)
    except OutOfScope:
        raise PreventUpdate from None  # the card says so (and audits it)
    number = inputs.integer(occurrence, 1, 10_000)
    chosen = rows[rows["occurrence"] == number] if len(rows) > 1 else rows.iloc[0:0]
    if chosen.empty:
        return detail["status"], detail["progress"]
    return chosen["status"].iloc[0], int(chosen["progress"].iloc[0])


def _occurrence(value: object) -> int | None:
    """The occurrence a change is for: None for the whole item; -1 (refused by the rules, with
    its reason shown) for anything that is not an occurrence number."""
    if value is None or value == ALL_OCCURRENCES:
        return None
    number = inputs.integer(value, 1, 10_000)
    return -1 if number is None else number


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
    State(ids.OCCURRENCE, "value"),
    prevent_initial_call=True,
)
def save_status(n_clicks, item_id, new_status, progress, completed_on, comment, changed, which):
    if not inputs.clicked(n_clicks):
        raise PreventUpdate
    level = inputs.integer(progress, 0, 100) if progress not in (None, "") else None
    if progress not in (None, "") and level is None:
        level = -1  # let the rule check name the problem
    scope, occurrence = current_scope(), _occurrence(which)
    try:
        change = roadmaps.change_status(
            scope,
            item_id,
            inputs.text(new_status, 20),
            level,
            inputs.text(completed_on, 40),
            inputs.text(comment, rules.ROADMAP_COMMENT_MAX * 2),
            occurrence=occurrence,
            today=today(),
            now=now(),
        )
    except OutOfScope as refused:
        audit_refusal(refused, "save_status")
        return refusal_alert(), inputs.bump(changed)
    except roadmap_progress.ChangeRefused as refused:
        return _alert(strings.ITEM_CHANGE_ERRORS[refused.key], "warning"), inputs.bump(changed)
    status = strings.ROADMAP_STATUS_NAMES[change.status]
    rows = roadmaps.item_occurrences(scope, item_id) if occurrence is not None else None
    if rows is not None and len(rows) > 1:
        labels = dict(zip(rows["occurrence"], views.occurrence_labels(rows), strict=True))
        message = strings.ITEM_SAVED_OCCURRENCE.format(
            occurrence=labels.get(occurrence, occurrence), status=status
        )
    else:
        message = strings.ITEM_SAVED.format(status=status)
    return _alert(message, "success"), inputs.bump(changed)


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
    """The stored file under its uploader's name, as an attachment (dcc.Download), for a
    caller who may read its item (data_access.roadmaps.evidence_file); audited either way."""
    if not inputs.clicked(n_clicks) or evidence_id is None:
        raise PreventUpdate
    asked = f"roadmap_evidence={str(evidence_id)[:60]}"
    try:
        meta = roadmaps.evidence_file(current_scope(), evidence_id)
    except OutOfScope as refused:
        audit_refusal(refused, "download_evidence", action="download", asked=asked)
        raise PreventUpdate from refused
    data = evidence_store.read(meta["stored_as"])  # a missing file is a server fault, not a refusal
    name = meta["file_name"] or "file"
    return sent(
        data,
        name,
        "evidence",
        asked=f"roadmap_item={meta['item_id']}",
        extra=f"evidence={evidence_id} sha256={meta['sha256']} file={name}",
        content_type=meta["content_type"],
    )
