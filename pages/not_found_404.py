"""The page for an address no page answers (Dash pages' `not_found_404` convention): Russian
text and a way back to the overview instead of Dash's «404 - Page not found»."""

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import strings
from dashboard.web.components import page_header

dash.register_page(
    __name__, path="/404", name=strings.NOT_FOUND_TITLE, title=strings.NOT_FOUND_TITLE
)


def layout(**_query):
    return html.Div(
        [
            page_header(strings.NOT_FOUND_TITLE),
            dbc.Alert(
                [
                    html.P(strings.NOT_FOUND_TEXT, className="mb-2"),
                    dcc.Link(strings.NOT_FOUND_BACK, href="/", className="alert-link"),
                ],
                color="secondary",
                className="not-found",
            ),
        ]
    )
