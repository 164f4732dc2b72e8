"""`/decisions` callbacks: the selection restored from and written to the address, what the
caller's role shows, and the findings tab (the named list, or counts for viewers).

The other tabs: callbacks/decisions_adopt.py (adopting from a finding),
decisions_list.py (the decisions, the plan export), decisions_card.py (one decision),
decisions_matrix.py (the measures), decisions_compensation.py (a school's deficits).
Who may do what is decided in data_access; here the blocks a role cannot use are hidden.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pandas as pd
from dash import Input, Output, State, html
from dash.exceptions import PreventUpdate

from callbacks import inputs
from callbacks.decisions_query import Selection, finding_keys
from callbacks.query import rewrite
from callbacks.registry import callback
from dashboard import strings
from dashboard.auth import current_scope
from dashboard.figures import decisions as views
from dashboard.ids import Decisions as ids
from dashboard.web.tables import (
    NAMES,
    data_grid,
    grid_columns,
    grid_rows,
    link_cell,
    markdown_text,
    wrap,
)
from data_access import decision_matrix, findings
from data_access.decisions import ADOPT_ROLES
from data_access.scope import Scope

NAMED_ROLES = frozenset({"admin", "region", "municipality", "school"})


def today() -> dt.date:
    """The date overdue is computed for (the one place that reads the clock)."""
    return dt.date.today()


def may_adopt(role: str) -> bool:
    return role in ADOPT_ROLES


def may_edit_matrix(role: str) -> bool:
    return role in decision_matrix.EDIT_ROLES


def opening(scope: Scope, asked: Selection) -> tuple[list[int], Selection]:
    """(the years with findings, the latest first; what the page opens on for this caller):
    the asked year if it has findings, else the latest; the named tabs and the open decision
    only for roles that see decisions one by one (a slide of the page opens the same way)."""
    years = sorted(findings.finding_years(scope), reverse=True)
    year = asked.year if asked.year in years else (years[0] if years else None)
    named = scope.role in NAMED_ROLES
    tab = asked.tab if named or asked.tab in ("findings", "decisions", "matrix") else "findings"
    return years, replace(asked, year=year, tab=tab, decision=asked.decision if named else None)


@callback(
    Output(ids.TABS, "active_tab"),
    Output(ids.YEAR, "options"),
    Output(ids.YEAR, "value"),
    Output(ids.KIND, "value"),
    Output(ids.LEVEL, "value"),
    Output(ids.UNDECIDED, "value"),
    Output(ids.MUNICIPALITY, "value"),
    Output(ids.STATUS, "value"),
    Output(ids.OVERDUE_ONLY, "value"),
    Output(ids.DECISION, "data"),
    Output(ids.ROLE_NOTE, "children"),
    Output(ids.FINDINGS_BOX, "hidden"),
    Output(ids.ADOPT_BOX, "hidden"),
    Output(ids.LIST_BOX, "hidden"),
    Output(ids.MATRIX_EDIT, "hidden"),
    Output(ids.PLAN_TAB, "disabled"),
    Output(ids.PLAN_ADOPT_BOX, "hidden"),
    Input(ids.LOCATION, "pathname"),
    State(ids.LOCATION, "search"),
)
def restore(pathname, search):
    """The address's selection, the years with results (the latest first), and the blocks the
    caller's role may use (viewers get counts only; only adopters get the forms)."""
    if inputs.text(pathname) is None:
        raise PreventUpdate  # the Location has not reported the address yet
    scope = current_scope()
    years, asked = opening(scope, Selection.from_search(search))
    named = scope.role in NAMED_ROLES
    return (
        asked.tab,
        [{"label": str(y), "value": y} for y in years],
        asked.year,
        asked.kind,
        asked.level,
        ["1"] if asked.undecided else [],
        asked.municipality,
        list(asked.statuses),
        ["1"] if asked.overdue else [],
        asked.decision,
        strings.DECISIONS_ROLE_NOTES.get(scope.role, ""),
        not named,
        not may_adopt(scope.role),
        not named,
        not may_edit_matrix(scope.role),
        not named,
        not may_adopt(scope.role),
    )


@callback(
    Output(ids.LOCATION, "search"),
    Input(ids.TABS, "active_tab"),
    Input(ids.YEAR, "value"),
    Input(ids.KIND, "value"),
    Input(ids.LEVEL, "value"),
    Input(ids.UNDECIDED, "value"),
    Input(ids.MUNICIPALITY, "value"),
    Input(ids.STATUS, "value"),
    Input(ids.OVERDUE_ONLY, "value"),
    Input(ids.DECISION, "data"),
    Input(ids.PLAN_SCHOOL, "value"),
    State(ids.LOCATION, "search"),
    prevent_initial_call=True,
)
def write_address(
    tab, year, kind, level, undecided, municipality, statuses, overdue, decision, school, search
):
    """Controls → ?query, once the year is restored (a page still being restored never
    overwrites the address it is restored from)."""
    selection = Selection.parse(
        tab, year, kind, level, undecided, municipality, statuses, overdue, decision, school
    )
    if selection.year is None:
        raise PreventUpdate
    return rewrite(selection.query(), search)


def _shown(frame: pd.DataFrame, selection: Selection) -> pd.DataFrame:
    if selection.kind:
        frame = frame[frame["kind"] == selection.kind]
    if selection.level:
        frame = frame[frame["level"] == selection.level]
    if selection.undecided:
        frame = frame[~frame["decided"].astype(bool)]
    return frame.reset_index(drop=True)


def findings_grid(frame: pd.DataFrame) -> tuple[list[dict], list[dict]]:
    """(rowData, columnDefs): the findings with their reasons, a link to where each is shown,
    and the finding's key as the row id (the adopt form looks it up again)."""
    table = views.findings_table(frame)
    link = strings.FINDINGS_COLUMNS["link"]
    table[link] = [
        link_cell(strings.FINDINGS_LINK, href) if href else markdown_text("")
        for href in table[link]
    ]
    names = [strings.FINDINGS_COLUMNS[c] for c in ("municipality", "school", "kind", "detail")]
    columns = wrap(
        grid_columns(table, links={link: "_self"}), table, strings.FINDINGS_COLUMNS["reason"]
    )
    columns = wrap(columns, table, *names, spec=NAMES)
    rows = [
        {**row, "key": key} for row, key in zip(grid_rows(table), finding_keys(frame), strict=True)
    ]
    return rows, columns


@callback(
    Output(ids.FINDINGS, "rowData"),
    Output(ids.FINDINGS, "columnDefs"),
    Output(ids.FINDINGS_COUNT, "children"),
    Output(ids.FINDINGS_COUNTS, "children"),
    Input(ids.YEAR, "value"),
    Input(ids.KIND, "value"),
    Input(ids.LEVEL, "value"),
    Input(ids.UNDECIDED, "value"),
    Input(ids.CHANGED, "data"),
)
def findings_view(year, kind, level, undecided, _changed):
    """The findings the caller may see by name, filtered; viewers get the counts per
    municipality and kind instead (no school is named)."""
    selection = Selection.parse(year=year, kind=kind, level=level, undecided=undecided)
    if selection.year is None:
        raise PreventUpdate
    scope = current_scope()
    counts = findings.finding_counts(scope, selection.year)
    if selection.kind:
        counts = counts[counts["kind"] == selection.kind]
    block = html_counts(counts)
    if scope.role not in NAMED_ROLES:
        return [], [], "", block
    frame = findings.findings(scope, selection.year, today=today())
    shown = _shown(frame, selection)
    rows, columns = findings_grid(shown)
    count = strings.FINDINGS_COUNT.format(n=len(shown), total=len(frame))
    if may_adopt(scope.role):
        count = f"{count} {strings.FINDINGS_HINT}"
    return rows, columns, count, block


def html_counts(counts: pd.DataFrame) -> html.Div:
    """The counts per municipality and kind as a grid under its title."""
    return html.Div(
        [
            html.H2(strings.FINDINGS_COUNTS_TITLE, className="h6 mt-3"),
            data_grid(
                ids.FINDINGS_COUNTS_GRID,
                views.finding_counts_table(counts),
                page_size=10,
                class_name="decisions-finding-counts",
            ),
        ]
    )
