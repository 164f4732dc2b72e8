"""Объективность результатов (`/objectivity`): flagged schools, drill-down and review.

Layout only: every block is filled by callbacks/objectivity.py. `?school=CODE&year=YYYY`
(`&procedure=ID`) preselects the drill-down (the callbacks still check the caller may see that
school); the page's own dcc.Location keeps the address in step with the controls.
"""

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import rules, strings
from dashboard.figures.objectivity import OWN_ROW_RULES
from dashboard.ids import Objectivity as ids
from dashboard.web.components import dropdown, graph, labelled, page_header, picker
from dashboard.web.tables import data_grid

dash.register_page(__name__, path="/objectivity", name=strings.NAV["/objectivity"], order=4)


BUTTON = "btn btn-outline-secondary btn-sm"


def _downloads(csv_id: str, xlsx_id: str, download_id: str) -> html.Div:
    return html.Div(
        [
            html.Button(strings.OBJ_CSV, id=csv_id, className=f"{BUTTON} me-2"),
            html.Button(strings.OBJ_XLSX, id=xlsx_id, className=BUTTON),
            dcc.Download(id=download_id),
        ],
        className="mb-2",
    )


def _data_toggle(table_id: str, *above) -> html.Details:
    """The data behind a chart (the grid its download is made of), folded under a native
    toggle (no callback needed)."""
    return html.Details(
        [html.Summary(strings.OBJ_SHOW_DATA), *above, data_grid(table_id, page_size=10)],
        className="mb-2 data-toggle",
    )


def _card(title: str, *children, **props) -> dbc.Card:
    body = dbc.CardBody([html.H2(title, className="h5"), *children])
    return dbc.Card(body, className="mb-3", **props)


def _legend() -> html.Details:
    """«Что значат z, q, p»: the statistics of the tables in plain Russian."""
    fdr = round(rules.OBJECTIVITY_FDR * 100)
    return html.Details(
        [
            html.Summary(strings.OBJ_LEGEND_TITLE),
            html.P(strings.OBJ_LEGEND.format(fdr=fdr), className="small mb-0"),
        ],
        className="small text-muted mb-2 objectivity-legend",
    )


def _picker(label: str, component_id: str, width: int, **props) -> dbc.Row:
    return dbc.Row(picker(label, component_id, width, **props), className="mb-2")


def _flags() -> dbc.Card:
    grid = data_grid(
        ids.TABLE,
        class_name="objectivity-flags",
        rowClassRules=OWN_ROW_RULES,
        getRowId="params.data.c0",  # the school's code: a click on a row opens its drill-down
    )
    return _card(
        strings.OBJ_TABLE,
        html.P(id=ids.TABLE_NOTE, className="small text-muted"),
        html.Div(
            [
                html.P(id=ids.NO_FLAGS, hidden=True, className="text-muted mb-0 no-flags"),
                html.Div(  # the downloads only beside rows to download
                    [
                        _downloads(ids.TABLE_CSV, ids.TABLE_XLSX, ids.TABLE_DOWNLOAD),
                        html.P(strings.OBJ_TABLE_HINT, className="small text-muted mb-1"),
                        grid,
                    ],
                    id=ids.TABLE_BOX,
                    hidden=True,
                ),
                html.Div(_legend(), id=ids.LEGEND, className="mt-2"),
            ],
            id=ids.FLAGS_BOX,
            hidden=True,  # until the callbacks know the user may see a list (not a viewer)
        ),
        id=ids.FLAGS_CARD,
    )


def _charts() -> html.Div:
    return html.Div(
        [
            html.H3(strings.OBJ_DISTRIBUTION, className="h6 mt-3"),
            _picker(strings.OBJ_PROCEDURE, ids.PROCEDURE, 6, clearable=False),
            graph(ids.DISTRIBUTION, 380),
            _downloads(ids.DISTRIBUTION_CSV, ids.DISTRIBUTION_XLSX, ids.DISTRIBUTION_DOWNLOAD),
            _data_toggle(ids.DISTRIBUTION_TABLE),
            html.H3(strings.OBJ_AGREEMENT, className="h6 mt-3"),
            graph(ids.AGREEMENT, 380),
            _downloads(ids.AGREEMENT_CSV, ids.AGREEMENT_XLSX, ids.AGREEMENT_DOWNLOAD),
            _data_toggle(ids.AGREEMENT_TABLE, html.P(id=ids.AGREEMENT_SUMMARY, className="small")),
        ],
        id=ids.DETAIL,
    )


def _review() -> list:
    comment = dcc.Textarea(id=ids.REVIEW_COMMENT, maxLength=2000, style={"width": "100%"})
    save = html.Button(
        strings.OBJ_REVIEW_SAVE, id=ids.REVIEW_SAVE, className="btn btn-primary btn-sm mt-4"
    )
    form = dbc.Row(
        [
            dbc.Col(labelled(strings.OBJ_REVIEW_STATUS, dropdown(id=ids.REVIEW_STATUS)), md=3),
            dbc.Col(labelled(strings.OBJ_REVIEW_COMMENT, comment), md=6),
            dbc.Col(save, md=2),
        ],
        className="g-2",
    )
    return [
        html.H3(strings.OBJ_REVIEW, className="h6 mt-3"),
        # shown by the callbacks to the roles that may change a status, hidden to the others
        html.Div(form, id=ids.REVIEW_FORM, hidden=True),
        html.Div(id=ids.REVIEW_FEEDBACK, className="mt-2"),
        dcc.Loading(html.Div(id=ids.REVIEW_HISTORY)),
    ]


def layout(**_query):
    subtitle = strings.OBJ_SUBTITLE.format(fdr=round(rules.OBJECTIVITY_FDR * 100))
    return html.Div(
        [
            dcc.Location(id=ids.LOCATION, refresh=False),
            dcc.Store(id=ids.REVIEWED, data=0),
            page_header(strings.OBJ_TITLE, subtitle),
            _picker(strings.OBJ_YEAR, ids.YEAR, 2, clearable=False),
            _card(strings.OBJ_COUNTS, dcc.Loading(html.Div(id=ids.COUNTS))),
            _flags(),
            html.Div(
                _card(
                    strings.OBJ_DETAIL,
                    _picker(strings.OBJ_PICK_SCHOOL, ids.SCHOOL, 6),
                    dcc.Loading(html.Div(id=ids.SIGNS)),
                    _legend(),
                    _charts(),
                    *_review(),
                ),
                id=ids.DETAIL_CARD,
                hidden=True,  # until the callbacks know the user is not a viewer
            ),
        ],
        className="objectivity",
    )
