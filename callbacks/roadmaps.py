"""`/roadmaps` callbacks: the roadmap choice (restored from the address), the timeline with
progress and due lists, the filtered item grid, the address write-back and the status report.

"Today" comes from :func:`today` only, so tests replace one function to move the calendar.

The rows are occurrences (data_access.roadmaps.roadmap_items): an item due every year or in
several periods is a row per occurrence, keyed by (item, occurrence), with its year or period
next to the item number, so overdue and progress counts are per occurrence.
"""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
from dash import Input, Output, State, ctx, dcc, html
from dash.exceptions import PreventUpdate

from callbacks import inputs
from callbacks.downloads import sent
from callbacks.query import rewrite
from callbacks.registry import callback
from callbacks.roadmaps_query import Selection
from dashboard import rules, strings
from dashboard.analytics import roadmap_progress
from dashboard.auth import current_scope
from dashboard.figures import roadmaps as views
from dashboard.figures.contrast import text_colour
from dashboard.formatting import NO_VALUE
from dashboard.ids import Roadmaps as ids
from dashboard.reports import exports
from dashboard.reports import roadmaps as roadmap_report
from dashboard.web.tables import grid_columns, grid_rows, link_cell, small_table
from data_access import roadmaps
from data_access.home import home
from data_access.scope import OutOfScope, Scope

# Item titles are long: the title column wraps them in full (and its link stays inside the cell).
WRAPPED = {"wrapText": True, "autoHeight": True, "flex": 3, "minWidth": 280}


# The status cell keeps the hue of the timeline's bars (and of the badges elsewhere), darkened
# where needed to be readable as text (WCAG AA 4.5:1).
STATUS_STYLE = {
    "styleConditions": [
        {
            "condition": f"params.value === {json.dumps(name, ensure_ascii=False)}",
            "style": {"color": text_colour(views.STATUS_COLOURS[key]), "fontWeight": 600},
        }
        for key, name in strings.ROADMAP_STATUS_NAMES.items()
    ]
}


def today() -> dt.date:
    """The date statuses are computed for (the one place that reads the clock)."""
    return dt.date.today()


def item_href(item_id: object, occurrence: object = None) -> str:
    """The item card; for one occurrence of an item due several times, with that occurrence
    chosen in its status form."""
    href = f"/roadmaps/item/{int(item_id)}"
    return href if occurrence is None else f"{href}?occurrence={int(occurrence)}"


def row_occurrence(items: pd.DataFrame) -> list[int | None]:
    """The occurrence a row's link names: None for an item due once."""
    if "occurrence" not in items:
        return [None] * len(items)
    counts = items["occurrence_count"] if "occurrence_count" in items else [1] * len(items)
    return [
        int(o) if int(c) > 1 else None for o, c in zip(items["occurrence"], counts, strict=True)
    ]


def status_badge(status: str) -> html.Span:
    colour = text_colour(views.STATUS_COLOURS.get(status, "#6c757d"))  # white text, 4.5:1
    return html.Span(
        strings.ROADMAP_STATUS_NAMES.get(status, status),
        className="badge",
        style={"backgroundColor": colour},
        **{"data-status": status},
    )


def roadmap_detail(scope: Scope, code: str | None) -> dict:
    """The readable roadmap with this code, as `data_access.roadmaps.roadmap` describes it
    (OutOfScope when the caller reads no such roadmap)."""
    frame = roadmaps.list_roadmaps(scope)
    rows = frame[frame["code"] == code]
    if code is None or rows.empty:
        raise OutOfScope("roadmap", code)
    row = rows.iloc[0].to_dict()
    return {
        **{k: (None if not isinstance(v, str) and pd.isna(v) else v) for k, v in row.items()},
        "id": int(row["id"]),
    }


def roadmap_order(frame: pd.DataFrame, own: int | None, year: int) -> pd.DataFrame:
    """The roadmaps as the picker lists them, the default first.

    Rule: the user's own municipality's roadmaps first (a municipality user or a director
    opens on the plan its municipality owns); then a roadmap whose period covers the current
    year; then the most recent by period (latest end year, then latest start year, then the
    newest row). So the page opens on the current roadmap, or the latest one when none is
    current, never on the oldest."""
    owned = frame["municipality_id"].astype("Float64")
    keys = pd.DataFrame(
        {
            "own": (owned == own).fillna(False).astype(bool) if own is not None else False,
            "current": (frame["year_start"] <= year) & (year <= frame["year_end"]),
            "end": frame["year_end"],
            "start": frame["year_start"],
            "id": frame["id"],
        },
        index=frame.index,
    )
    order = keys.sort_values(["own", "current", "end", "start", "id"], ascending=False).index
    return frame.loc[order]


def _option(row) -> dict:
    kind = strings.ROADMAP_KINDS.get(row.kind, row.kind).capitalize()
    return {
        "label": f"{kind} {row.year_start}–{row.year_end}: {views.short(row.title, 110)}",
        "value": row.code,
    }


@callback(
    Output(ids.ROADMAP, "options"),
    Output(ids.ROADMAP, "value"),
    Output(ids.STATUS, "value"),
    Output(ids.PERIOD, "start_date"),
    Output(ids.PERIOD, "end_date"),
    Output(ids.AS_OF, "date"),
    Input(ids.LOCATION, "pathname"),
    State(ids.LOCATION, "search"),
    memo=True,
)
def choose_roadmap(pathname, search):
    """Every readable roadmap (own municipality's first, then the current and most recent:
    `roadmap_order`); the one the address names, else the first; the filters and the report
    date the address asks for (the report date defaults to today)."""
    if inputs.text(pathname) is None:
        raise PreventUpdate  # the Location has not reported the address yet
    asked, scope = Selection.from_search(search), current_scope()
    frame = roadmap_order(roadmaps.list_roadmaps(scope), home(scope).municipality_id, today().year)
    options = [_option(row) for row in frame.itertuples()]
    codes = [o["value"] for o in options]
    chosen = asked.roadmap if asked.roadmap in codes else (codes[0] if codes else None)
    iso = [d.isoformat() if d else None for d in (asked.start, asked.end)]
    return (options, chosen, list(asked.statuses), *iso, (asked.as_of or today()).isoformat())


def header_block(detail: dict) -> html.Div:
    owner = (
        strings.ROADMAP_OWNER.format(owner=detail["owner"])
        if detail["owner"]
        else strings.ROADMAP_OWNER_REGION
    )
    years = (
        str(detail["year_start"])
        if detail["year_start"] == detail["year_end"]
        else f"{detail['year_start']}–{detail['year_end']}"
    )
    text = strings.ROADMAP_HEADER.format(
        kind=strings.ROADMAP_KINDS.get(detail["kind"], "").capitalize(),
        years=years,
        source=detail["source"] or NO_VALUE,
        owner=owner,
    )
    rights = strings.ROADMAP_EDITABLE if detail["editable"] else strings.ROADMAP_READ_ONLY
    return html.Div(
        [
            html.H2(detail["title"], className="h5"),
            html.P(text, className="mb-1"),
            html.P(rights, className="small text-muted mb-0 roadmap-rights"),
        ]
    )


def due_list(items: pd.DataFrame, day: dt.date, overdue: bool) -> html.Ul | html.P:
    lines = views.due_lines(items, day, overdue)
    if not lines:
        message = (
            strings.ROADMAP_NONE_OVERDUE
            if overdue
            else strings.ROADMAP_NONE_DUE.format(days=rules.ROADMAP_DUE_SOON_DAYS)
        )
        return html.P(message, className="text-muted mb-0")
    return html.Ul(
        [html.Li(dcc.Link(text, href=item_href(i, o))) for i, o, text in lines],
        className="mb-0 " + ("roadmap-overdue" if overdue else "roadmap-due"),
    )


def _items(scope: Scope, roadmap_id: int, day: dt.date) -> pd.DataFrame:
    return roadmap_progress.with_outcomes(roadmaps.roadmap_items(scope, roadmap_id), day)


@callback(
    Output(ids.HEADER, "children"),
    Output(ids.GANTT, "figure"),
    Output(ids.PROGRESS, "children"),
    Output(ids.OVERDUE, "children"),
    Output(ids.DUE_SOON, "children"),
    Output(ids.EXECUTOR, "options"),
    Output(ids.EXECUTOR, "value"),
    Input(ids.ROADMAP, "value"),
    State(ids.LOCATION, "search"),
    memo=lambda: today(),
)
def roadmap_view(code, search):
    """The roadmap's header, timeline, progress and due lists, and its executors (options and
    value together, so the dropdown never drops the executor the address asked for)."""
    selection = Selection.parse(roadmap=code)
    if selection.roadmap is None:
        raise PreventUpdate
    scope, day = current_scope(), today()
    detail = roadmap_detail(scope, selection.roadmap)
    items = _items(scope, detail["id"], day)
    figure, _ = views.gantt(items, detail["kind"], day)
    executors = sorted({e for e in items["executors"].dropna() if e})
    asked = Selection.from_search(search).executor
    progress = html.Div(
        [
            small_table(
                views.progress_table(roadmap_progress.progress(items, day)),
                class_name="roadmap-progress",
            ),
            html.P(strings.ROADMAP_PROGRESS_NOTE, className="small text-muted mb-0"),
        ]
    )
    return (
        header_block(detail),
        figure,
        progress,
        due_list(roadmap_progress.overdue(items, day), day, overdue=True),
        due_list(roadmap_progress.due_soon(items, day), day, overdue=False),
        [{"label": views.short(e, 90), "value": e} for e in executors],
        asked if asked in executors else None,
    )


@callback(
    Output(ids.TABLE, "rowData"),
    Output(ids.TABLE, "columnDefs"),
    Output(ids.TABLE_COUNT, "children"),
    Input(ids.ROADMAP, "value"),
    Input(ids.EXECUTOR, "value"),
    Input(ids.STATUS, "value"),
    Input(ids.PERIOD, "start_date"),
    Input(ids.PERIOD, "end_date"),
    memo=lambda: today(),
)
def roadmap_table(code, executor, statuses, start, end):
    selection = Selection.parse(code, executor, statuses, start, end)
    if selection.roadmap is None:
        raise PreventUpdate
    scope, day = current_scope(), today()
    items = _items(scope, roadmap_detail(scope, selection.roadmap)["id"], day)
    shown = roadmap_progress.filter_items(
        items,
        day,
        executor=selection.executor,
        statuses=list(selection.statuses),
        period=selection.period,
    )
    table = views.items_table(shown)
    title = strings.ROADMAP_ITEM_COLUMNS["title"]
    occurrences = row_occurrence(shown)
    table[title] = [
        link_cell(t, item_href(i, o))
        for t, i, o in zip(table[title], shown["item_id"], occurrences, strict=True)
    ]
    columns = grid_columns(table, links={title: "_self"})
    columns[list(table.columns).index(title)].update(WRAPPED)
    columns[list(table.columns).index(strings.ROADMAP_ITEM_COLUMNS["status"])]["cellStyle"] = (
        STATUS_STYLE
    )
    # Short numbers, full date ranges: the title column takes what is left.
    number = columns[list(table.columns).index(strings.ROADMAP_ITEM_COLUMNS["number"])]
    number["maxWidth"] = 90
    number["cellClass"] = "oko-code"  # an item number (1.2), not a decimal
    columns[list(table.columns).index(strings.ROADMAP_ITEM_COLUMNS["occurrence"])]["maxWidth"] = 130
    columns[list(table.columns).index(strings.ROADMAP_ITEM_COLUMNS["dates"])]["minWidth"] = 200
    rows = [
        {**row, "row_id": f"{int(i)}-{int(o)}"}  # the grid keys its rows by (item, occurrence)
        for row, i, o in zip(grid_rows(table), shown["item_id"], shown["occurrence"], strict=True)
    ]
    return (
        rows,
        columns,
        strings.ROADMAP_TABLE_COUNT.format(n=len(shown), total=len(items)),
    )


@callback(
    Output(ids.LOCATION, "search"),
    Input(ids.ROADMAP, "value"),
    Input(ids.EXECUTOR, "value"),
    Input(ids.STATUS, "value"),
    Input(ids.PERIOD, "start_date"),
    Input(ids.PERIOD, "end_date"),
    Input(ids.AS_OF, "date"),
    State(ids.LOCATION, "search"),
)
def roadmap_address(code, executor, statuses, start, end, as_of, search):
    """Controls → ?query once a roadmap is chosen (a page still being restored never
    overwrites the address it is restored from)."""
    selection = Selection.parse(code, executor, statuses, start, end, as_of)
    if selection.roadmap is None:
        raise PreventUpdate
    return rewrite(selection.query(), search)


@callback(
    Output(ids.DOWNLOAD, "data"),
    Input(ids.XLSX_BUTTON, "n_clicks"),
    Input(ids.PDF_BUTTON, "n_clicks"),
    State(ids.ROADMAP, "value"),
    State(ids.AS_OF, "date"),
    prevent_initial_call=True,
)
def roadmap_export(_xlsx, _pdf, code, as_of):
    """The status report as of the chosen date (today when none is chosen)."""
    pressed = ctx.triggered_id
    selection = Selection.parse(roadmap=code, as_of=as_of)
    if pressed not in (ids.XLSX_BUTTON, ids.PDF_BUTTON) or selection.roadmap is None:
        raise PreventUpdate
    scope = current_scope()
    day = selection.as_of or today()
    detail = roadmap_detail(scope, selection.roadmap)
    frames = roadmap_report.report_frames(
        roadmaps.roadmap_items(scope, detail["id"]),
        roadmaps.roadmap_history(scope, detail["id"]),
        day,
    )
    name = exports.safe_filename(f"roadmap_{detail['code']}_{day.isoformat()}")
    asked, rows = f"roadmap={detail['code']} as_of={day.isoformat()}", len(frames["items"])
    if pressed == ids.XLSX_BUTTON:
        data, name = roadmap_report.to_xlsx(detail["title"], frames, day), f"{name}.xlsx"
    else:
        data, name = roadmap_report.to_pdf(detail["title"], frames, day), f"{name}.pdf"
    return sent(data, name, "roadmaps.report", rows=rows, asked=asked)
