"""School profile (`/schools/<school_code>`): header, flags, context, conditions, results, weak
skills, and the school's findings with the matrix's measures and its decisions. Layout only:
every block is filled by callbacks (callbacks/school_profile, the last block by
callbacks/school_profile_measures), and the year, indicator and procedure round-trip through
the query string."""

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import strings
from dashboard.ids import SchoolProfile as ids
from dashboard.web.components import graph, picker
from dashboard.web.tables import data_grid

dash.register_page(
    __name__, path_template="/schools/<school_code>", name=strings.PROFILE_TITLE, order=2
)


def _card(title: str, *children, class_name: str = "") -> dbc.Card:
    return dbc.Card(
        dbc.CardBody([html.H2(title, className="h5"), *children]),
        className=f"mb-3 profile-block {class_name}".strip(),
    )


def _chart(title: str, component_id: str) -> html.Div:
    """A chart of a card with two: its one title above it (the figure itself has none)."""
    return html.Div([html.H3(title, className="h6 mb-0"), graph(component_id, 380)])


def layout(school_code=None, **_query):
    toolbar = html.Div(
        [
            html.Button(
                strings.PROFILE_PRINT,
                id=ids.PRINT,
                className="btn btn-outline-primary btn-sm me-2 oko-print",
            ),
            html.Button(
                strings.PROFILE_PDF, id=ids.PDF_BUTTON, className="btn btn-outline-secondary btn-sm"
            ),
            dcc.Loading(dcc.Download(id=ids.PDF)),
        ],
        className="mb-2 no-print",
    )
    results_controls = dbc.Row(
        [
            dbc.Col(picker(strings.LABEL_KIND, ids.KIND, clearable=False), md=3),
            dbc.Col(picker(strings.LABEL_SUBJECT, ids.SUBJECT, clearable=False), md=4),
            dbc.Col(picker(strings.LABEL_GRADE, ids.GRADE, clearable=False), md=2),
        ],
        className="g-2 mb-2",
    )
    body = html.Div(
        [
            toolbar,
            dbc.Row(
                [
                    dbc.Col(dcc.Loading(html.Div(id=ids.HEADER)), lg=8),
                    dbc.Col(picker(strings.LABEL_YEAR, ids.YEAR, clearable=False), lg=2),
                ],
                className="g-2 mb-2",
            ),
            html.P(id=ids.DATA_DATE, className="small text-muted"),
            _card(strings.PROFILE_FLAGS, dcc.Loading(html.Div(id=ids.FLAGS))),
            _card(
                strings.PROFILE_CONTEXT,
                dbc.Row(
                    [
                        dbc.Col(graph(ids.CONTEXT, 460), lg=7),
                        dbc.Col(
                            [
                                picker(strings.PROFILE_INDICATOR, ids.INDICATOR, clearable=False),
                                graph(ids.CONTEXT_TREND, 380),
                            ],
                            lg=5,
                        ),
                    ],
                    className="g-2",
                ),
                html.P(id=ids.CONTEXT_NOTE, className="small text-muted mb-0"),
            ),
            _card(
                strings.PROFILE_CONDITIONS,
                dcc.Loading(html.Div(id=ids.CONDITIONS)),
                html.Div(
                    data_grid(ids.CONDITIONS_GRID, page_size=25),
                    id=ids.CONDITIONS_TABLE,
                    hidden=True,
                ),
            ),
            _card(
                strings.PROFILE_RESULTS,
                results_controls,
                dbc.Row(
                    [
                        dbc.Col(_chart(strings.PROFILE_RESULTS_TREND, ids.RESULTS_TREND), lg=6),
                        dbc.Col(_chart(strings.PROFILE_RESULTS_MARKS, ids.RESULTS_MARKS), lg=6),
                    ],
                    className="g-2",
                ),
                html.P(id=ids.RESULTS_NOTE, className="small text-muted mb-0"),
            ),
            _card(
                strings.PROFILE_SKILLS,
                html.Div(
                    data_grid(ids.SKILLS_GRID, page_size=25), id=ids.SKILLS_TABLE, hidden=True
                ),
                dcc.Loading(html.Div(id=ids.SKILLS)),
            ),
            _card(
                strings.PROFILE_MEASURES,
                dcc.Loading(html.Div(id=ids.MEASURES, children=None)),
                class_name="profile-measures",
            ),
        ],
        id=ids.BODY,
        hidden=True,
    )
    return html.Div(
        [
            dcc.Location(id=ids.LOCATION, refresh=False),
            dcc.Store(id=ids.SCHOOL, data=school_code),
            html.Div(id=ids.DENIED),
            body,
        ],
        className="school-profile",
    )
