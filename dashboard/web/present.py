"""Presentation mode controls in the page shell: the navbar's «Показ» button.

The button only marks itself (class `oko-present-toggle`); assets/present.js turns the mode
on without a reload, adds `present=1` to the address so the view can be shared as shown, and
offers «Выйти из показа» and Esc to leave. Nothing here needs the server.
"""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html
from dash.development.base_component import Component

from dashboard import strings
from dashboard.ids import Present


def present_controls() -> list[Component]:
    """The navbar's «Показ» control (a button: it acts on the page, it does not navigate): a
    play sign and the word, which folds away at 1200–1399 px where the navbar is full."""
    button = html.Button(
        [
            html.Span("\u25b6", className="oko-present-icon", **{"aria-hidden": "true"}),
            # hidden (not from screen readers) where the navbar is tight: assets/present.css
            html.Span(strings.PRESENT_BUTTON, className="oko-present-label"),
        ],
        id=Present.BUTTON,
        type="button",
        title=strings.PRESENT_BUTTON_TITLE,
        className="nav-link btn btn-link oko-present-toggle",
    )
    return [dbc.NavItem(button)]
