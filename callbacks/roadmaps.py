"""`/roadmaps` callbacks: the roadmap choice, timeline with progress and due lists, the
filtered item table, and the status report export.

"Today" comes from :func:`today` only, so tests replace one function to move the calendar.
"""

from __future__ import annotations

import datetime as dt

import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, State, ctx, dcc, html
from dash.exceptions import PreventUpdate

from callbacks import inputs
from callbacks.registry import callback
from dashboard import rules, strings
from dashboard.analytics import roadmap_progress
from dashboard.auth import current_scope
from dashboard.figures import roadmaps as roadmap_figures
from dashboard.formatting import NO_VALUE, format_date, format_percent
from dashboard.ids import Roadmaps as ids
from dashboard.reports import exports
from dashboard.reports import roadmaps as roadmap_report
from data_access import roadmaps


def today() -> dt.date:
    """The date statuses are computed for (the one place that reads the clock)."""
    return dt.date.today()


def item_href(item_id: object) -> str:
    return f"/roadmaps/item/{int(item_id)}"


def status_badge(status: str) -> html.Span:
    colour = roadmap_figures.STATUS_COLOURS.get(status, "#6c757d")
    return html.Span(strings.ROADMAP_STATUS_NAMES.get(status, status), className="badge",
                     style={"backgroundColor": colour}, **{"data-status": status})


@callback(
    Output(ids.ROADMAP, "options"),
    Output(ids.ROADMAP, "value"),
    Output(ids.AS_OF, "date"),
    Input(ids.REQUESTED, "data"),
)
def choose_roadmap(requested):
    """Every readable roadmap; the one named in ?roadmap=<code>, else the first."""
    frame = roadmaps.list_roadmaps(current_scope())
    options = [{"label": f"{strings.ROADMAP_KINDS.get(k, k).capitalize()} {ys}–{ye}: "
                         f"{roadmap_figures.short(t, 110)}", "value": int(i)}
               for i, k, ys, ye, t in zip(frame["id"], frame["kind"], frame["year_start"],
                                          frame["year_end"], frame["title"], strict=True)]
    chosen = frame.loc[frame["code"] == requested, "id"] if isinstance(requested, str) else frame["id"][:0]
    value = int(chosen.iloc[0]) if len(chosen) else (options[0]["value"] if options else None)
    return options, value, today().isoformat()


def header_block(detail: dict) -> html.Div:
    owner = (strings.ROADMAP_OWNER.format(owner=detail["owner"]) if detail["owner"]
             else strings.ROADMAP_OWNER_REGION)
    years = (str(detail["year_start"]) if detail["year_start"] == detail["year_end"]
             else f"{detail['year_start']}–{detail['year_end']}")
    text = strings.ROADMAP_HEADER.format(kind=strings.ROADMAP_KINDS.get(detail["kind"], "").capitalize(),
                                         years=years, source=detail["source"] or NO_VALUE, owner=owner)
    rights = strings.ROADMAP_EDITABLE if detail["editable"] else strings.ROADMAP_READ_ONLY
    return html.Div([html.H2(detail["title"], className="h5"), html.P(text, className="mb-1"),
                     html.P(rights, className="small text-muted mb-0 roadmap-rights")])


def progress_table(shares: pd.DataFrame) -> dbc.Table:
    cols = strings.ROADMAP_PROGRESS_COLUMNS
    keys = ["items", "share_done_on_time", "share_done_late", "share_overdue", "cancelled"]
    if shares["done_undated"].sum():
        keys.insert(3, "share_done_undated")
    head = html.Thead(html.Tr([html.Th(cols["section"])] + [html.Th(cols[k]) for k in keys]))
    rows = []
    for row in shares.to_dict("records"):
        overall = not isinstance(row["section"], str)
        name = strings.ROADMAP_OVERALL if overall else row["section"]
        cells = [html.Td(str(row[k]) if k in ("items", "cancelled")
                         else format_percent(None if pd.isna(row[k]) else row[k] * 100)) for k in keys]
        rows.append(html.Tr([html.Td(name)] + cells, className="fw-semibold" if overall else ""))
    return html.Div([dbc.Table([head, html.Tbody(rows)], size="sm", striped=True, responsive=True),
                     html.P(strings.ROADMAP_PROGRESS_NOTE, className="small text-muted mb-0")])


def due_list(frame: pd.DataFrame, day: dt.date, overdue: bool) -> html.Div:
    if frame.empty:
        message = (strings.ROADMAP_NONE_OVERDUE if overdue
                   else strings.ROADMAP_NONE_DUE.format(days=rules.ROADMAP_DUE_SOON_DAYS))
        return html.P(message, className="text-muted mb-0")
    lines = []
    for row in frame.itertuples():
        due = pd.Timestamp(row.due_on).date()
        template = strings.ROADMAP_OVERDUE_LINE if overdue else strings.ROADMAP_DUE_LINE
        text = template.format(number=row.number, title=roadmap_figures.short(row.title, 90),
                               due=due.strftime("%d.%m.%Y"), days=(day - due).days)
        lines.append(html.Li(dcc.Link(text, href=item_href(row.item_id))))
    return html.Ul(lines, className="mb-0 " + ("roadmap-overdue" if overdue else "roadmap-due"))


@callback(
    Output(ids.HEADER, "children"),
    Output(ids.GANTT, "figure"),
    Output(ids.PROGRESS, "children"),
    Output(ids.OVERDUE, "children"),
    Output(ids.DUE_SOON, "children"),
    Output(ids.EXECUTOR, "options"),
    Input(ids.ROADMAP, "value"),
)
def roadmap_view(roadmap_id):
    if roadmap_id is None:
        raise PreventUpdate
    scope, day = current_scope(), today()
    detail = roadmaps.roadmap(scope, roadmap_id)
    items = roadmap_progress.with_outcomes(roadmaps.roadmap_items(scope, detail["id"]), day)
    executors = sorted({e for e in items["executors"].dropna() if e})
    return (
        header_block(detail),
        roadmap_figures.gantt(items, detail["kind"], day),
        progress_table(roadmap_progress.progress(items, day)),
        due_list(roadmap_progress.overdue(items, day), day, overdue=True),
        due_list(roadmap_progress.due_soon(items, day), day, overdue=False),
        [{"label": roadmap_figures.short(e, 90), "value": e} for e in executors],
    )


def items_table(frame: pd.DataFrame, total: int) -> html.Div:
    cols = strings.ROADMAP_ITEM_COLUMNS
    head = html.Thead(html.Tr([html.Th(cols[k]) for k in
                               ("number", "title", "executors", "period_text", "dates", "status", "progress")]))
    rows = [html.Tr([
        html.Td(row.number),
        html.Td(dcc.Link(row.title, href=item_href(row.item_id))),
        html.Td(row.executors or NO_VALUE, className="small"),
        html.Td(row.period_text or NO_VALUE),
        html.Td(f"{format_date(row.starts_on)} — {format_date(row.due_on)}", className="text-nowrap"),
        html.Td(status_badge(row.display_status)),
        html.Td(str(row.progress)),
    ]) for row in frame.itertuples()]
    return html.Div([html.P(strings.ROADMAP_TABLE_COUNT.format(n=len(frame), total=total),
                            className="small text-muted"),
                     dbc.Table([head, html.Tbody(rows)], size="sm", hover=True, responsive=True,
                               className="roadmap-items")])


@callback(
    Output(ids.TABLE, "children"),
    Input(ids.ROADMAP, "value"),
    Input(ids.EXECUTOR, "value"),
    Input(ids.STATUS, "value"),
    Input(ids.PERIOD, "start_date"),
    Input(ids.PERIOD, "end_date"),
)
def roadmap_table(roadmap_id, executor, statuses, start, end):
    if roadmap_id is None:
        raise PreventUpdate
    day = today()
    items = roadmap_progress.with_outcomes(roadmaps.roadmap_items(current_scope(), roadmap_id), day)
    chosen = [s for s in statuses if s in roadmap_progress.DISPLAY_STATUSES] if isinstance(statuses, list) else []
    shown = roadmap_progress.filter_items(items, day, executor=inputs.text(executor, 4000),
                                          statuses=chosen, period=(inputs.date(start), inputs.date(end)))
    return items_table(shown, len(items))


@callback(
    Output(ids.DOWNLOAD, "data"),
    Input(ids.XLSX_BUTTON, "n_clicks"),
    Input(ids.PDF_BUTTON, "n_clicks"),
    State(ids.ROADMAP, "value"),
    State(ids.AS_OF, "date"),
    prevent_initial_call=True,
)
def roadmap_export(_xlsx, _pdf, roadmap_id, as_of):
    """The status report as of the chosen date (today when none is chosen)."""
    pressed = ctx.triggered_id
    if pressed not in (ids.XLSX_BUTTON, ids.PDF_BUTTON) or roadmap_id is None:
        raise PreventUpdate
    scope = current_scope()
    day = inputs.date(as_of) or today()
    detail = roadmaps.roadmap(scope, roadmap_id)
    frames = roadmap_report.report_frames(roadmaps.roadmap_items(scope, detail["id"]),
                                          roadmaps.roadmap_history(scope, detail["id"]), day)
    name = exports.safe_filename(f"roadmap_{detail['code']}_{day.isoformat()}")
    if pressed == ids.XLSX_BUTTON:
        return dcc.send_bytes(roadmap_report.to_xlsx(detail["title"], frames, day), f"{name}.xlsx")
    return dcc.send_bytes(roadmap_report.to_pdf(detail["title"], frames, day), f"{name}.pdf")
