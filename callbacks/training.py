"""`/training` callbacks: the selection restored from and written to the address, what the
caller's role shows, and the need tab (schools below the region on a skill, the skills no
programme covers, the plan-order's sums per municipality and subject).

The other tabs: callbacks/training_catalogue.py (the programme base and its editor),
training_requests.py (schools' requests), training_plan.py (the plan-order, its confirmation
and export), training_effect.py (after training). Who may do what is decided in data_access;
here the blocks a role cannot use are hidden.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
from dash import Input, Output, State, html
from dash.exceptions import PreventUpdate

from callbacks import inputs
from callbacks.query import rewrite
from callbacks.registry import callback
from callbacks.training_query import Selection
from dashboard import strings
from dashboard.auth import current_scope
from dashboard.figures import training as views
from dashboard.ids import Training as ids
from dashboard.web.tables import data_grid, grid_columns, grid_rows, wrap
from data_access import pd_order, procedures, training, training_changes
from data_access.home import home
from data_access.scope import Scope

#: Roles that see schools by name (a director: the own school only).
NAMED_ROLES = frozenset({"admin", "region", "municipality", "school"})
#: Who may submit a request (a director for the own school, the others for their schools).
SUBMIT_ROLES = training_changes.SUBMIT_ROLES


def subject_filter(frame: pd.DataFrame, subject: str | None) -> pd.DataFrame:
    if subject and "subject" in frame.columns:
        frame = frame[frame["subject"] == subject]
    return frame.reset_index(drop=True)


def municipality_filter(frame: pd.DataFrame, municipality: int | None) -> pd.DataFrame:
    if municipality is not None and "municipality_id" in frame.columns:
        frame = frame[frame["municipality_id"] == municipality]
    return frame.reset_index(drop=True)


def named_needs(scope: Scope, year: int | None) -> pd.DataFrame:
    """The need rows the caller may see by name (none for viewers, who get sums only)."""
    if scope.role not in NAMED_ROLES:
        return pd.DataFrame()
    return pd_order.needs(scope, year)


def opening(scope: Scope, asked: Selection) -> tuple[list[int], Selection]:
    """(the plan years, the latest first; what the page opens on for this caller): the asked
    year if it has a plan, else the latest; a municipality user's own municipality unless
    another is asked; the requests tab and an open request only for roles that see schools by
    name (a slide of the page opens the same way)."""
    years = sorted(pd_order.plan_years(scope), reverse=True)
    year = asked.year if asked.year in years else (years[0] if years else None)
    municipality = asked.municipality
    if municipality is None and scope.role == "municipality":
        municipality = home(scope).municipality_id
    named = scope.role in NAMED_ROLES
    tab = asked.tab if named or asked.tab != "requests" else "need"
    request = asked.request if named else None
    chosen = replace(asked, tab=tab, year=year, municipality=municipality, request=request)
    return years, chosen


@callback(
    Output(ids.TABS, "active_tab"),
    Output(ids.YEAR, "options"),
    Output(ids.YEAR, "value"),
    Output(ids.MUNICIPALITY, "options"),
    Output(ids.MUNICIPALITY, "value"),
    Output(ids.SUBJECT, "value"),
    Output(ids.SEARCH, "value"),
    Output(ids.REQUEST, "data"),
    Output(ids.ROLE_NOTE, "children"),
    Output(ids.NEEDS_BOX, "hidden"),
    Output(ids.EDIT_BOX, "hidden"),
    Output(ids.REQUESTS_TAB, "disabled"),
    Output(ids.SUBMIT_BOX, "hidden"),
    Output(ids.CONFIRM_BOX, "hidden"),
    Input(ids.LOCATION, "pathname"),
    State(ids.LOCATION, "search"),
)
def training_restore(pathname, search):
    """The address's selection, the years with results (the latest first), the municipalities
    (a municipality user: the own one first chosen), and the blocks the role may use."""
    if inputs.text(pathname) is None:
        raise PreventUpdate  # the Location has not reported the address yet
    scope = current_scope()
    years, asked = opening(scope, Selection.from_search(search))
    places = procedures.municipality_list(scope)
    options = [
        {"label": n, "value": int(i)} for i, n in zip(places["id"], places["name"], strict=True)
    ]
    named = scope.role in NAMED_ROLES
    return (
        asked.tab,
        [{"label": str(y), "value": y} for y in years],
        asked.year,
        options,
        asked.municipality,
        asked.subject,
        asked.search,
        asked.request,
        strings.TRAINING_ROLE_NOTES.get(scope.role, ""),
        not named,
        not training.may_edit_programmes(scope),
        not named,
        scope.role not in SUBMIT_ROLES,
        scope.role not in pd_order.CONFIRM_ROLES,
    )


@callback(
    Output(ids.LOCATION, "search"),
    Input(ids.TABS, "active_tab"),
    Input(ids.YEAR, "value"),
    Input(ids.MUNICIPALITY, "value"),
    Input(ids.SUBJECT, "value"),
    Input(ids.SEARCH, "value"),
    Input(ids.REQUEST, "data"),
    State(ids.LOCATION, "search"),
    prevent_initial_call=True,
)
def training_address(tab, year, municipality, subject, search_text, request, search):
    """Controls → ?query, once the year is restored (a page still being restored never
    overwrites the address it is restored from)."""
    selection = Selection.parse(tab, year, municipality, subject, search_text, request)
    if selection.year is None:
        raise PreventUpdate
    return rewrite(selection.query(), search)


@callback(
    Output(ids.SUBJECT, "options"),
    Input(ids.YEAR, "value"),
    Input(ids.CHANGED, "data"),
)
def training_subjects(year, _changed):
    """The subjects of the programme base and of the need rows the caller sees."""
    selection = Selection.parse(year=year)
    if selection.year is None:
        raise PreventUpdate
    scope = current_scope()
    found = set(training.programmes(scope)["subject"].dropna())
    needs = named_needs(scope, selection.year)
    if "subject" in needs.columns:
        found |= set(needs["subject"].dropna())
    return [{"label": s, "value": s} for s in sorted(found)]


def grid_of(component_id: str, table: pd.DataFrame, class_name: str) -> html.Div:
    return data_grid(component_id, table, page_size=10, class_name=class_name)


@callback(
    Output(ids.NEEDS, "rowData"),
    Output(ids.NEEDS, "columnDefs"),
    Output(ids.NEEDS_COUNT, "children"),
    Output(ids.GAPS, "children"),
    Output(ids.NEEDS_SUMMARY, "children"),
    Input(ids.YEAR, "value"),
    Input(ids.MUNICIPALITY, "value"),
    Input(ids.SUBJECT, "value"),
    Input(ids.CHANGED, "data"),
)
def training_needs(year, municipality, subject, _changed):
    """The need rows by name (viewers: none), the skills without a programme and the
    plan-order's sums per municipality and subject (every role)."""
    selection = Selection.parse(year=year, municipality=municipality, subject=subject)
    if selection.year is None:
        raise PreventUpdate
    scope = current_scope()
    plan = municipality_filter(pd_order.plan(scope, selection.year), selection.municipality)
    summary = views.plan_summary(plan)
    if selection.subject:
        summary = summary[summary[strings.TRAINING_SUMMARY_COLUMNS["subject"]] == selection.subject]
    gaps = subject_filter(pd_order.programme_gaps(scope, selection.year), selection.subject)
    gaps_block = grid_of(ids.GAPS_GRID, views.gaps_table(gaps), "training-gaps")
    summary_block = grid_of(ids.SUMMARY_GRID, summary, "training-summary")
    if scope.role not in NAMED_ROLES:
        return [], [], "", gaps_block, summary_block
    needs = named_needs(scope, selection.year)
    shown = subject_filter(municipality_filter(needs, selection.municipality), selection.subject)
    table = views.needs_table(shown)
    cols = strings.TRAINING_NEEDS_COLUMNS
    columns = wrap(grid_columns(table), table, cols["skill"], cols["school"])
    schools = shown["school_id"].nunique() if "school_id" in shown.columns else 0
    count = strings.TRAINING_NEEDS_COUNT.format(n=len(shown), schools=schools)
    return grid_rows(table), columns, count, gaps_block, summary_block
