"""`/decisions` decisions tab: the filtered list (the very columns of the municipality's plan,
dashboard.reports.decisions.plan_frame, so the XLSX/PDF equals the page), the counts by
status for every role, and the plan export (audited by callbacks/downloads.sent)."""

from __future__ import annotations

import json

import pandas as pd
from dash import Input, Output, State, ctx, html
from dash.exceptions import PreventUpdate

from callbacks import inputs
from callbacks.decisions import NAMED_ROLES, today
from callbacks.decisions_query import Selection
from callbacks.downloads import sent
from callbacks.registry import callback
from dashboard import strings
from dashboard.auth import current_scope
from dashboard.figures import decisions as views
from dashboard.figures.template import PALETTE
from dashboard.formatting import format_date
from dashboard.ids import Decisions as ids
from dashboard.reports import decisions as plan_report
from dashboard.reports import exports
from dashboard.web.tables import NAMES, data_grid, grid_columns, grid_rows, wrap
from data_access import decisions
from data_access.home import home
from data_access.scope import Scope

DATE_COLUMNS = ("due_on", "completed_on")


def shown_decisions(scope: Scope, selection: Selection) -> pd.DataFrame:
    """The decisions the caller may see, of the chosen municipality, statuses and lateness."""
    frame = decisions.list_decisions(scope, municipality_id=selection.municipality, today=today())
    if selection.statuses:
        frame = frame[frame["status"].isin(selection.statuses)]
    if selection.overdue:
        frame = frame[frame["overdue"].astype(bool)]
    return frame.reset_index(drop=True)


def screen_table(plan: pd.DataFrame) -> pd.DataFrame:
    """The plan as the grid shows it: the same cells, dates written dd.mm.yyyy."""
    cols = strings.PLAN_REPORT_COLUMNS
    shown = plan.copy()
    for key in DATE_COLUMNS:
        shown[cols[key]] = [None if pd.isna(d) else format_date(d) for d in shown[cols[key]]]
    # a year is a label, not a quantity: «2024», never «2 024»
    year = cols["finding_year"]
    shown[year] = [None if pd.isna(y) else str(int(y)) for y in shown[year]]
    return shown


def _status_style() -> dict:
    """Overdue decisions read red in the status column."""
    mark = json.dumps(strings.PLAN_REPORT_OVERDUE.format(status="").strip(", "), ensure_ascii=False)
    return {
        "styleConditions": [
            {
                "condition": f"params.value && params.value.includes({mark})",
                "style": {"color": PALETTE[5], "fontWeight": 600},
            }
        ]
    }


def place_name(scope: Scope, frame: pd.DataFrame, selection: Selection) -> str:
    """Whose plan it is: the chosen municipality, the caller's own, or the region."""
    if selection.municipality is not None and not frame.empty:
        return str(frame["municipality"].iloc[0])
    own = home(scope)
    return own.school_name or own.municipality_name or strings.DECISIONS_REGION


@callback(
    Output(ids.LIST, "rowData"),
    Output(ids.LIST, "columnDefs"),
    Output(ids.LIST_COUNT, "children"),
    Output(ids.MUNICIPALITY, "options"),
    Input(ids.MUNICIPALITY, "value"),
    Input(ids.STATUS, "value"),
    Input(ids.OVERDUE_ONLY, "value"),
    Input(ids.CHANGED, "data"),
)
def decisions_view(municipality, statuses, overdue, _changed):
    """The decisions list for the roles that see decisions one by one (viewers: nothing)."""
    scope = current_scope()
    if scope.role not in NAMED_ROLES:
        return [], [], "", []
    selection = Selection.parse(municipality=municipality, statuses=statuses, overdue=overdue)
    every = decisions.list_decisions(scope, today=today())
    places = every.drop_duplicates("municipality_id").sort_values("municipality")
    options = [
        {"label": name, "value": int(m)}
        for m, name in zip(places["municipality_id"], places["municipality"], strict=True)
    ]
    frame = shown_decisions(scope, selection)
    table = screen_table(plan_report.plan_frame(frame))
    cols = strings.PLAN_REPORT_COLUMNS
    columns = wrap(grid_columns(table), table, cols["measure"], cols["finding_reason"])
    names = [cols[c] for c in ("municipality", "school", "finding", "responsible", "comment")]
    columns = wrap(columns, table, *names, spec=NAMES)
    columns[list(table.columns).index(cols["status"])]["cellStyle"] = _status_style()
    columns[list(table.columns).index(cols["number"])]["maxWidth"] = 70
    rows = [
        {**row, "decision_id": str(int(i))}
        for row, i in zip(grid_rows(table), frame["id"], strict=True)
    ]
    count = strings.DECISIONS_COUNT.format(n=len(frame), overdue=int(frame["overdue"].sum()))
    return rows, columns, f"{count} {strings.DECISIONS_HINT}", options


@callback(
    Output(ids.CHART, "figure"),
    Output(ids.COUNTS, "children"),
    Input(ids.CHANGED, "data"),
    Input(ids.TABS, "active_tab"),
)
def decision_counts(_changed, tab):
    """Decisions by municipality and status (aggregates: every role)."""
    if tab != "decisions":
        raise PreventUpdate  # drawn when its tab is opened
    counts = decisions.decision_counts(current_scope())
    figure = views.status_chart(counts, today())
    grid = data_grid(
        ids.COUNTS_GRID,
        views.decision_counts_table(counts),
        page_size=10,
        class_name="decisions-counts",
    )
    return figure, html.Div(grid, className="mt-2")


@callback(
    Output(ids.DOWNLOAD, "data"),
    Input(ids.XLSX, "n_clicks"),
    Input(ids.PDF, "n_clicks"),
    State(ids.MUNICIPALITY, "value"),
    State(ids.STATUS, "value"),
    State(ids.OVERDUE_ONLY, "value"),
    prevent_initial_call=True,
)
def plan_export(xlsx_clicks, pdf_clicks, municipality, statuses, overdue):
    """The municipality's plan («план мероприятий по результатам оценочных процедур») as the
    list shows it, XLSX or PDF."""
    pressed = ctx.triggered_id
    clicks = xlsx_clicks if pressed == ids.XLSX else pdf_clicks
    if pressed not in (ids.XLSX, ids.PDF) or not inputs.clicked(clicks):
        raise PreventUpdate
    scope = current_scope()
    selection = Selection.parse(municipality=municipality, statuses=statuses, overdue=overdue)
    frame = shown_decisions(scope, selection)
    plan, day = plan_report.plan_frame(frame), today()
    title = place_name(scope, frame, selection)
    stem = exports.safe_filename(f"plan_{selection.municipality or 'all'}_{day.isoformat()}")
    asked = f"decisions municipality={selection.municipality or 'all'}"
    if pressed == ids.XLSX:
        data, name = plan_report.plan_xlsx(title, plan, day), f"{stem}.xlsx"
    else:
        data, name = plan_report.plan_pdf(title, plan, day), f"{stem}.pdf"
    return sent(data, name, "decisions.plan", rows=len(plan), asked=asked)
