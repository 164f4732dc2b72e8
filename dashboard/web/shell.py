"""The page shell: a Russian navbar for the user's role around Dash's page container."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import strings
from dashboard.auth import current_scope
from dashboard.ids import Nav, Shell
from dashboard.web.present import present_controls
from dashboard.web.story_controls import story_controls

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
    "/voluntary",
]
ADMIN_LINKS = ["/admin/imports", "/admin/users", "/admin/audit"]

# Below this Bootstrap breakpoint (xl, 1200 px) the links fold behind the menu button: above it
# the short labels, the admin menu and the compact user menu fit on one line (a browser test
# measures the bar at 1366 px for the role with the most links).
EXPAND = "xl"


def _link(path: str) -> dbc.NavItem:
    return dbc.NavItem(dbc.NavLink(strings.NAV_SHORT[path], href=path, active="exact"))


def _toggler() -> html.Button:
    """Bootstrap's menu button with a Russian accessible name (dbc.NavbarToggler always says
    «Toggle navigation»); callbacks/shell.py opens and closes the menu."""
    return html.Button(
        html.Span(className="navbar-toggler-icon"),
        id=Nav.TOGGLER,
        className="navbar-toggler",
        type="button",
        n_clicks=0,
        **{"aria-label": strings.NAV_TOGGLE, "aria-controls": Nav.COLLAPSE},
    )


def _user_menu(scope) -> dbc.DropdownMenu:
    """The login as a small menu (role, «Сменить пароль» and «Выйти» inside), so it takes one
    short slot. «Выйти» is a POST form with the session's token: a link cannot sign out."""
    from dashboard.web.auth_views import csrf_token

    role = strings.ROLE_NAMES.get(scope.role, scope.role)
    logout = html.Form(
        [
            dcc.Input(type="hidden", name="csrf_token", value=csrf_token()),
            html.Button(strings.LOGOUT, type="submit", className="dropdown-item"),
        ],
        action="/logout",
        method="POST",
    )
    return dbc.DropdownMenu(
        [
            dbc.DropdownMenuItem(role, header=True),
            dbc.DropdownMenuItem(
                strings.PASSWORD_CHANGE_MENU, href="/account/password", external_link=True
            ),
            logout,
        ],
        label=scope.login,
        id=Nav.USER,
        nav=True,
        in_navbar=True,
        align_end=True,
        toggle_class_name="oko-nav-user",
        toggle_style={"whiteSpace": "nowrap"},
    )


def navbar() -> dbc.Navbar:
    scope = current_scope()
    links = [_link(p) for p in MAIN_LINKS]
    if scope.role == "admin":
        links.append(
            dbc.DropdownMenu(
                [dbc.DropdownMenuItem(strings.NAV[p], href=p) for p in ADMIN_LINKS],
                label=strings.NAV_ADMIN,
                nav=True,
                in_navbar=True,
                toggle_class_name="oko-nav-admin",
            )
        )
    return dbc.Navbar(
        dbc.Container(
            [
                dbc.NavbarBrand(strings.APP_SHORT, href="/", className="fw-bold"),
                _toggler(),
                dbc.Collapse(
                    [
                        dbc.Nav(links, navbar=True, className="me-auto flex-nowrap"),
                        dbc.Nav(
                            [*story_controls(), *present_controls(), _user_menu(scope)],
                            navbar=True,
                            className="oko-nav-tools",
                        ),
                    ],
                    id=Nav.COLLAPSE,
                    navbar=True,
                    is_open=False,
                ),
            ],
            fluid=True,
        ),
        id=Nav.BAR,
        color="primary",
        dark=True,
        expand=EXPAND,
        className="mb-3 oko-navbar",
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
