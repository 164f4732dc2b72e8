"""Small layout pieces shared by pages (no data, no queries)."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import strings
from dashboard.figures import GRAPH_CONFIG


def page_header(title: str, subtitle: str = "") -> html.Div:
    return html.Div(
        [html.H1(title, className="h3 mb-1"), html.P(subtitle, className="text-muted")],
        className="mb-3",
    )


def placeholder(title: str, issue: str) -> html.Div:
    """A page that is registered but not built yet says so plainly."""
    return html.Div(
        [
            page_header(title),
            dbc.Alert(strings.not_built(title, issue), color="secondary", className="not-built"),
        ]
    )


def graph(component_id: str, height: int = 420) -> dcc.Loading:
    return dcc.Loading(
        dcc.Graph(id=component_id, config=GRAPH_CONFIG, style={"height": f"{height}px"}),
        type="default",
    )


def labelled(label: str, control) -> html.Div:
    return html.Div([dbc.Label(label, className="small text-muted mb-1"), control])
