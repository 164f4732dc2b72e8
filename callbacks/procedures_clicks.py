"""`/procedures`: a click on a chart leads somewhere.

A school's bar, dot, line end, cell or point opens the school's profile (/schools/<code>) when
the caller sees that school by name; a municipality's shows that municipality's schools on
this page. The figure carries the code of a row that may be opened in `customdata[0]` and
an empty string for an anonymous school, so no code reaches a role that may not see it by
name; the click's code is checked again here (a click can be forged), and anything else is
answered with nothing.
"""

from __future__ import annotations

from urllib.parse import quote

from dash import Input, Output, State, no_update
from dash.exceptions import PreventUpdate

from callbacks import inputs
from callbacks.procedures_query import Selection
from callbacks.registry import callback
from dashboard.auth import current_scope
from dashboard.ids import Procedures as ids
from data_access import procedures


def clicked_code(click: object) -> str | None:
    """The code in the clicked point's customdata (its first item), or None."""
    data = inputs.point_data(click)
    if isinstance(data, list):
        data = data[0] if data else None
    return inputs.text(data, 40) or None


def follow(scope, code: str | None, unit: object) -> tuple:
    """(href, unit, municipality) for a click on `code` with the page showing `unit`; raises
    PreventUpdate for a code that leads nowhere the caller may go."""
    if not code:
        raise PreventUpdate
    municipalities = scope.aggregates_only or Selection.parse(unit=unit).unit == "municipalities"
    if municipalities:
        if code not in set(procedures.municipality_list(scope)["code"]):
            raise PreventUpdate
        # The municipality's schools (a viewer keeps its municipality aggregates).
        return no_update, no_update if scope.aggregates_only else "schools", code
    if not procedures.school_named(scope, code):
        raise PreventUpdate
    return f"/schools/{quote(code, safe='')}", no_update, no_update


def _open_clicked(chart: str):
    """The callback of one chart's clicks (each chart has its own: a chart under a closed tab
    is not on the page, and a callback waiting on it would never fire)."""

    def open_clicked(click, unit):
        """The clicked point → the school's profile or the municipality's schools."""
        return follow(current_scope(), clicked_code(click), unit)

    open_clicked.__name__ = open_clicked.__qualname__ = f"open_clicked_{chart}"
    return callback(
        Output(ids.NAVIGATE, "href", allow_duplicate=True),
        Output(ids.UNIT, "value", allow_duplicate=True),
        Output(ids.MUNICIPALITY, "value", allow_duplicate=True),
        Input(ids.graph(chart), "clickData"),
        State(ids.UNIT, "value"),
        prevent_initial_call=True,
    )(open_clicked)


OPEN_CLICKED = {chart: _open_clicked(chart) for chart in ids.CLICKABLE}
