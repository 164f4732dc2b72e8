"""`/training` plan-order: the lines per programme and municipality with their reasons (a
director: the own school's part; a viewer: no reason naming a school), the totals the export
repeats, a municipality's confirmation of its part, and the XLSX/PDF export (audited by
callbacks/downloads.sent)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from dash import Input, Output, State, ctx
from dash.exceptions import PreventUpdate

from callbacks import inputs
from callbacks.downloads import sent
from callbacks.registry import callback
from callbacks.training import municipality_filter
from callbacks.training_catalogue import alert, refused_alert
from callbacks.training_query import Selection
from dashboard import strings
from dashboard.auth import current_scope
from dashboard.figures import training as views
from dashboard.ids import Training as ids
from dashboard.reports import exports
from dashboard.reports import pd_order as order_report
from dashboard.web.components import refusal_alert
from dashboard.web.tables import data_grid, grid_columns, grid_rows, wrap
from data_access import pd_order
from data_access.home import home
from data_access.scope import OutOfScope, Scope


def today() -> dt.date:
    """The date the files are «по состоянию на» (the one place that reads the clock)."""
    return dt.date.today()


def shown_plan(scope: Scope, selection: Selection) -> pd.DataFrame:
    """The plan-order lines the caller may see, of the chosen municipality."""
    return municipality_filter(pd_order.plan(scope, selection.year), selection.municipality)


def school_names(plan: pd.DataFrame) -> dict[int, str]:
    """The schools the plan's reasons name (data_access leaves them out for viewers)."""
    return {
        int(r["school_id"]): str(r["school"])
        for reasons in plan.get("reasons", [])
        for r in (reasons if isinstance(reasons, list) else [])
        if isinstance(r, dict) and r.get("school_id") is not None and r.get("school")
    }


#: Reasons a plan line shows on the page; the files keep them all.
REASONS_SHOWN = 3


def short_reasons(text: object, keep: int = REASONS_SHOWN) -> object:
    """The first `keep` reasons of a line and how many more: a line for a whole municipality
    can rest on dozens of skill deficits, which would make one row fill the screen."""
    if not isinstance(text, str):
        return text
    parts = text.split("; ")
    if len(parts) <= keep:
        return text
    return "; ".join(parts[:keep]) + " " + strings.TRAINING_PLAN_MORE.format(n=len(parts) - keep)


def plan_screen(scope: Scope, selection: Selection) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(the plan's rows, the table the page shows of them: the files' very lines)."""
    plan = shown_plan(scope, selection)
    return plan, order_report.lines_frame(plan, school_names(plan))


@callback(
    Output(ids.PLAN, "rowData"),
    Output(ids.PLAN, "columnDefs"),
    Output(ids.PLAN_COUNT, "children"),
    Output(ids.PLAN_TOTALS, "children"),
    Output(ids.CONFIRMATIONS, "children"),
    Input(ids.YEAR, "value"),
    Input(ids.MUNICIPALITY, "value"),
    Input(ids.CHANGED, "data"),
    Input(ids.TABS, "active_tab"),
)
def training_plan(year, municipality, _changed, tab):
    """The plan-order's lines with their reasons and totals, and the confirmations so far."""
    if tab != "plan":
        raise PreventUpdate  # drawn when its tab is opened
    selection = Selection.parse(year=year, municipality=municipality)
    if selection.year is None:
        raise PreventUpdate
    scope = current_scope()
    plan, table = plan_screen(scope, selection)
    cols = strings.PD_ORDER_COLUMNS
    table[cols["reasons"]] = [short_reasons(t) for t in table[cols["reasons"]]]
    columns = wrap(grid_columns(table), table, cols["reasons"], cols["title"], cols["provider"])
    confirmations = pd_order.confirmations(scope, selection.year)
    confirmations = municipality_filter(confirmations, selection.municipality)
    grid = data_grid(
        ids.CONFIRMATIONS_GRID,
        views.confirmations_table(confirmations),
        page_size=10,
        class_name="training-confirmations",
    )
    count = strings.TRAINING_PLAN_COUNT.format(n=len(plan))
    return grid_rows(table), columns, count, views.totals_text(plan), grid


@callback(
    Output(ids.CONFIRM_FEEDBACK, "children"),
    Output(ids.CHANGED, "data", allow_duplicate=True),
    Input(ids.CONFIRM, "n_clicks"),
    State(ids.MUNICIPALITY, "value"),
    State(ids.YEAR, "value"),
    State(ids.CHANGED, "data"),
    prevent_initial_call=True,
)
def training_confirm(n_clicks, municipality, year, changed):
    """Confirm the chosen (or the caller's own) municipality's part of the plan-order."""
    if not inputs.clicked(n_clicks) or ctx.triggered_id != ids.CONFIRM:
        raise PreventUpdate
    scope = current_scope()
    selection = Selection.parse(year=year, municipality=municipality)
    place = selection.municipality
    if place is None and scope.role == "municipality":
        place = home(scope).municipality_id
    if place is None or selection.year is None or scope.role not in pd_order.CONFIRM_ROLES:
        if scope.role not in pd_order.CONFIRM_ROLES:
            return refusal_alert(), inputs.bump(changed)
        return alert(strings.TRAINING_CONFIRM_PICK, "warning"), inputs.bump(changed)
    try:
        pd_order.confirm(scope, place, selection.year)
    except OutOfScope:  # audited by data_access
        return refusal_alert(), inputs.bump(changed)
    except pd_order.OrderRefused as refused:
        return refused_alert(refused), inputs.bump(changed)
    return alert(strings.TRAINING_CONFIRMED, "success"), inputs.bump(changed)


@callback(
    Output(ids.DOWNLOAD, "data"),
    Input(ids.XLSX, "n_clicks"),
    Input(ids.PDF, "n_clicks"),
    State(ids.YEAR, "value"),
    State(ids.MUNICIPALITY, "value"),
    prevent_initial_call=True,
)
def training_plan_export(xlsx_clicks, pdf_clicks, year, municipality):
    """The plan-order as the page lists it: XLSX (one sheet per municipality and a summary,
    as a methodological centre sends it) or PDF."""
    pressed = ctx.triggered_id
    clicks = xlsx_clicks if pressed == ids.XLSX else pdf_clicks
    if pressed not in (ids.XLSX, ids.PDF) or not inputs.clicked(clicks):
        raise PreventUpdate
    selection = Selection.parse(year=year, municipality=municipality)
    if selection.year is None:
        raise PreventUpdate
    scope = current_scope()
    plan, day = shown_plan(scope, selection), today()
    place = selection.municipality or "all"
    stem = exports.safe_filename(f"plan_order_{selection.year}_{place}")
    asked = f"training year={selection.year} municipality={place}"
    if pressed == ids.XLSX:
        names = school_names(plan)
        data = order_report.order_xlsx(plan, selection.year, day, schools=names)
        name = f"{stem}.xlsx"
        return sent(data, name, "training.plan_order", rows=len(plan), asked=asked)
    data, name = order_report.order_pdf(plan, selection.year, day), f"{stem}.pdf"
    return sent(data, name, "training.plan_order", rows=len(plan), asked=asked)
