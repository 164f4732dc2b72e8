"""/decisions/effectiveness criteria callbacks: controls restored from the address, the criteria
table with formulas, targets and statuses, the trend chart, and target setting. The effect of
measures lives in callbacks/decisions_effectiveness_effects.py; the selection in
callbacks/decisions_effectiveness_query.py; the views in dashboard/figures/effectiveness.py.

Every number comes from data_access.effectiveness (aggregates for every signed-in role);
targets are refused there for anyone but `region` and `admin`; refusals and saved targets
are audited there too.
"""

from __future__ import annotations

import math

import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, State, html, no_update
from dash.exceptions import PreventUpdate

from callbacks import inputs
from callbacks.decisions_effectiveness_query import QUERY_NAMES, Selection
from callbacks.query import from_query, rewrite
from callbacks.registry import callback
from dashboard import rules, strings
from dashboard.auth import current_scope
from dashboard.figures import effectiveness as views
from dashboard.formatting import format_number
from dashboard.ids import Effectiveness as ids
from dashboard.web.components import refusal_alert
from dashboard.web.tables import small_table
from data_access import effectiveness
from data_access.home import home
from data_access.scope import OutOfScope, Scope

#: Who sees the target form (data_access.effectiveness.set_target refuses everyone else).
TARGET_ROLES = frozenset({"region", "admin"})


def _years(frame: pd.DataFrame) -> list[int]:
    return sorted({int(y) for y in frame["year"]}) if not frame.empty else []


def default_year(frame: pd.DataFrame) -> int | None:
    """The latest year with results loaded (coverage has a value): later years exist only
    through decisions due then, and would open the page on a table of «нет данных»."""
    years = _years(frame)
    if not years:
        return None
    loaded = frame[(frame["criterion_code"] == "coverage") & frame["value"].notna()]
    return int(loaded["year"].max()) if not loaded.empty else years[-1]


def place_name(frame: pd.DataFrame, place: int) -> str:
    """The place's name as the criteria note gives it (the region, or the municipality)."""
    if place == views.REGION:
        return strings.EFFECTIVENESS_REGION
    return dict(views.places(frame)).get(place, strings.EFFECTIVENESS_REGION)


def opening(scope: Scope, frame: pd.DataFrame, search: object) -> Selection:
    """What the page opens on for the address `search` (a slide of the page opens the same
    way): the asked year if it has criteria, else `default_year`; the asked place if it is
    offered, else the caller's own municipality (a municipality user, a director) or the
    region; the asked criterion."""
    query = from_query(search)
    wanted = Selection.parse(**{name: query.get(name) for name in QUERY_NAMES})
    known = [views.REGION, *(place for place, _ in views.places(frame))]
    own = home(scope).municipality_id
    start = own if own in known else views.REGION
    place = (
        wanted.municipality if "municipality" in query and wanted.municipality in known else start
    )
    year = wanted.year if wanted.year in _years(frame) else default_year(frame)
    return Selection(year=year, municipality=place, criterion=wanted.criterion)


@callback(
    Output(ids.YEAR, "options"),
    Output(ids.YEAR, "value"),
    Output(ids.MUNICIPALITY, "options"),
    Output(ids.MUNICIPALITY, "value"),
    Output(ids.CRITERION, "options"),
    Output(ids.CRITERION, "value"),
    Output(ids.TARGET_CRITERION, "options"),
    Output(ids.TARGET_MUNICIPALITY, "options"),
    Output(ids.TARGET_MUNICIPALITY, "value"),
    Output(ids.TARGET_YEAR, "options"),
    Output(ids.TARGET_YEAR, "value"),
    Output(ids.TARGET_BOX, "hidden"),
    Input(ids.LOCATION, "pathname"),
    State(ids.LOCATION, "search"),
)
def effectiveness_controls(pathname, search):
    """Options from the caller's criteria; each control takes the address's value if offered.
    A municipality user (and a director) opens on its own municipality, others on the region."""
    if inputs.text(pathname) is None:
        raise PreventUpdate  # the Location has not reported the address yet
    scope = current_scope()
    frame = effectiveness.criteria(scope)
    years = _years(frame)
    places = [{"label": strings.EFFECTIVENESS_REGION, "value": views.REGION}] + [
        {"label": name, "value": place} for place, name in views.places(frame)
    ]
    wanted = opening(scope, frame, search)
    criteria = [{"label": strings.EFFECTIVENESS_CRITERIA[c], "value": c} for c in views.CODES]
    # A target may be set for the years with data and for the next one (the plan ahead).
    target_years = [*years, years[-1] + 1] if years else []
    return (
        [{"label": str(y), "value": y} for y in years],
        wanted.year,
        places,
        wanted.municipality,
        criteria,
        wanted.criterion,
        criteria,
        places,
        views.REGION,
        [{"label": str(y), "value": y} for y in target_years],
        wanted.year,
        scope.role not in TARGET_ROLES,
    )


@callback(
    Output(ids.LOCATION, "search"),
    Input(ids.YEAR, "value"),
    Input(ids.MUNICIPALITY, "value"),
    Input(ids.CRITERION, "value"),
    State(ids.LOCATION, "search"),
)
def write_effectiveness_query(year, municipality, criterion, search):
    """Controls → ?query once the year is known (a half-restored page keeps its address)."""
    selection = Selection.parse(year, municipality, criterion)
    if selection.year is None:
        raise PreventUpdate
    return rewrite(selection.query(), search)


def criteria_table(frame: pd.DataFrame, selection: Selection) -> tuple[html.Div, str]:
    """The criteria table of the chosen year and place, and the note above it."""
    rows = views.criteria_rows(frame, selection.year, selection.municipality)
    texts, classes = views.criteria_cells(rows)
    note = strings.EFFECTIVENESS_CRITERIA_NOTE.format(
        place=place_name(frame, selection.municipality),
        year=selection.year,
        close=format_number(rules.EFFECTIVENESS_CLOSE * 100, 0),
    )
    table = small_table(texts, class_name="effectiveness-criteria-table", cell_classes=classes)
    return html.Div(table), note


@callback(
    Output(ids.CRITERIA_TABLE, "children"),
    Output(ids.CRITERIA_NOTE, "children"),
    Input(ids.YEAR, "value"),
    Input(ids.MUNICIPALITY, "value"),
    Input(ids.CHANGED, "data"),
    memo=True,
)
def criteria_block(year, municipality, _changed):
    selection = Selection.parse(year, municipality)
    if selection.year is None:
        raise PreventUpdate
    return criteria_table(effectiveness.criteria(current_scope()), selection)


@callback(
    Output(ids.TREND, "figure"),
    Input(ids.CRITERION, "value"),
    Input(ids.MUNICIPALITY, "value"),
    Input(ids.CHANGED, "data"),
    memo=True,
)
def criterion_trend(criterion, municipality, _changed):
    selection = Selection.parse(municipality=municipality, criterion=criterion)
    scope = current_scope()
    frame = effectiveness.criteria(scope)
    return views.trend_view(
        frame, selection.criterion, selection.municipality, home(scope).municipality_id
    )


def _number(value: object) -> float | None:
    """A typed target: a finite number (the input box sends int or float), else None."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) else None


@callback(
    Output(ids.TARGET_FEEDBACK, "children"),
    Output(ids.CHANGED, "data"),
    Input(ids.TARGET_SAVE, "n_clicks"),
    State(ids.TARGET_CRITERION, "value"),
    State(ids.TARGET_MUNICIPALITY, "value"),
    State(ids.TARGET_YEAR, "value"),
    State(ids.TARGET_VALUE, "value"),
    State(ids.CHANGED, "data"),
    prevent_initial_call=True,
)
def save_effectiveness_target(n_clicks, criterion, municipality, year, value, changed):
    """Append a target: data_access refuses all but region/admin and audits both outcomes."""
    if not inputs.clicked(n_clicks):
        raise PreventUpdate
    code = inputs.text(criterion, 40)
    place = Selection.parse(municipality=municipality).place
    year, number = inputs.integer(year, 2000, 2100), _number(value)
    scope = current_scope()
    try:  # set_target checks the role first and audits a refusal and a saved target itself
        saved = effectiveness.set_target(scope, code, place, year, number)
    except OutOfScope:
        return refusal_alert(), no_update
    except ValueError:  # its check of the criterion, year and value
        return dbc.Alert(strings.EFFECTIVENESS_TARGET_BAD, color="danger"), no_update
    frame = effectiveness.criteria(scope)
    done = strings.EFFECTIVENESS_TARGET_SAVED.format(
        criterion=strings.EFFECTIVENESS_CRITERIA[code],
        year=year,
        place=place_name(frame, views.REGION if place is None else place),
        value=views.value_text(saved, code),
    )
    return dbc.Alert(done, color="success"), inputs.bump(changed)
