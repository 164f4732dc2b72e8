"""The page shell: a Russian navbar for the user's role around Dash's page container."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import strings
from dashboard.auth import current_scope
from dashboard.ids import Shell

MAIN_LINKS = [
    "/",
    "/schools",
    "/procedures",
    "/rankings",
    "/objectivity",
    "/experts",
    "/roadmaps",
    "/decisions",
    "/training",
]
ADMIN_LINKS = ["/admin/imports", "/admin/users", "/admin/audit"]


def navbar() -> dbc.Navbar:
    scope = current_scope()
    links = [dbc.NavItem(dbc.NavLink(strings.NAV[p], href=p, active="exact")) for p in MAIN_LINKS]
    if scope.role == "admin":
        links.append(
            dbc.DropdownMenu(
                [dbc.DropdownMenuItem(strings.NAV[p], href=p) for p in ADMIN_LINKS],
                label=strings.NAV_ADMIN,
                nav=True,
                in_navbar=True,
            )
        )
    user = html.Span(
        [
            html.Span(scope.login, className="fw-semibold"),
            html.Span(
                f" · {strings.ROLE_NAMES.get(scope.role, scope.role)}", className="opacity-75"
            ),
            html.A(strings.LOGOUT, href="/logout", className="btn btn-sm btn-outline-light ms-3"),
        ],
        className="navbar-text text-white small",
    )
    return dbc.Navbar(
        dbc.Container(
            [
                dbc.NavbarBrand(strings.APP_SHORT, href="/", className="fw-bold"),
                dbc.NavbarToggler(id="navbar-toggler"),
                dbc.Collapse(
                    [dbc.Nav(links, navbar=True, className="me-auto"), user],
                    id="navbar-collapse",
                    navbar=True,
                    is_open=False,
                ),
            ],
            fluid=True,
        ),
        color="primary",
        dark=True,
        className="mb-3",
    )


def layout():
    """Evaluated per request (after sign-in), so the navbar matches the user."""
    return html.Div(
        [
            dcc.Location(id="url"),
            navbar(),
            dbc.Container(
                [
                    dbc.Alert(
                        id=Shell.ERROR,
                        color="danger",
                        is_open=False,
                        dismissable=True,
                        className="callback-error",
                    ),
                    dash.page_container,
                ],
                fluid=True,
                className="pb-5",
            ),
        ]
    )
