"""The navbar's menu button: on narrow screens (below the navbar's breakpoint) it opens and
closes the folded links. Nothing is read from the database."""

from __future__ import annotations

from dash import Input, Output, State
from dash.exceptions import PreventUpdate

from callbacks import inputs
from callbacks.registry import callback
from dashboard.ids import Nav


@callback(
    Output(Nav.COLLAPSE, "is_open"),
    Input(Nav.TOGGLER, "n_clicks"),
    State(Nav.COLLAPSE, "is_open"),
    prevent_initial_call=True,
)
def toggle_menu(n_clicks, is_open):
    if not inputs.clicked(n_clicks):
        raise PreventUpdate
    return not bool(is_open)
