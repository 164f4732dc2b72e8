"""Объективность результатов (`/objectivity`): flagged schools, drill-down and review.

Layout only: every block is filled by callbacks/objectivity.py. `?school=CODE&year=YYYY`
preselects the drill-down (the callbacks still check the caller may see that school).
"""

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import rules, strings
from dashboard.ids import Objectivity as ids
from dashboard.web.components import graph, labelled, page_header

dash.register_page(__name__, path="/objectivity", name=strings.NAV["/objectivity"], order=4)


def _downloads(csv_id: str, xlsx_id: str, download_id: str) -> html.Div:
    return html.Div(
        [
            html.Button(strings.OBJ_CSV, id=csv_id, className="btn btn-outline-secondary btn-sm me-2"),
            html.Button(strings.OBJ_XLSX, id=xlsx_id, className="btn btn-outline-secondary btn-sm"),
            dcc.Download(id=download_id),
        ],
        className="mb-2",
    )


def _data_toggle(table_id: str) -> html.Details:
    """The data behind a chart, folded under a native toggle (no callback needed)."""
    return html.Details([html.Summary(strings.OBJ_SHOW_DATA), html.Div(id=table_id)],
                        className="mb-2 data-toggle")


def _card(title: str, *children) -> dbc.Card:
    return dbc.Card(dbc.CardBody([html.H2(title, className="h5"), *children]), className="mb-3")


def layout(school=None, year=None, **_query):
    return html.Div(
        [
            dcc.Store(id=ids.URL_SCHOOL, data=school if isinstance(school, str) else None),
            dcc.Store(id=ids.URL_YEAR, data=year if isinstance(year, str) else None),
            dcc.Store(id=ids.REVIEWED, data=0),
            page_header(strings.OBJ_TITLE, strings.OBJ_SUBTITLE.format(fdr=round(rules.OBJECTIVITY_FDR * 100))),
            dbc.Row(dbc.Col(labelled(strings.OBJ_YEAR, dcc.Dropdown(id=ids.YEAR, clearable=False)), md=2),
                    className="mb-2"),
            _card(strings.OBJ_COUNTS, dcc.Loading(html.Div(id=ids.COUNTS))),
            _card(
                strings.OBJ_TABLE,
                html.P(id=ids.TABLE_NOTE, className="small text-muted"),
                _downloads(ids.TABLE_CSV, ids.TABLE_XLSX, ids.TABLE_DOWNLOAD),
                dcc.Loading(html.Div(id=ids.TABLE)),
            ),
            _card(
                strings.OBJ_DETAIL,
                dbc.Row(dbc.Col(labelled(strings.OBJ_PICK_SCHOOL, dcc.Dropdown(id=ids.SCHOOL)), md=6),
                        className="mb-2"),
                dcc.Loading(html.Div(id=ids.SIGNS)),
                html.Div(
                    [
                        html.H3(strings.OBJ_DISTRIBUTION, className="h6 mt-3"),
                        dbc.Row(dbc.Col(labelled(strings.OBJ_PROCEDURE,
                                                 dcc.Dropdown(id=ids.PROCEDURE, clearable=False)), md=6)),
                        graph(ids.DISTRIBUTION, 380),
                        _downloads(ids.DISTRIBUTION_CSV, ids.DISTRIBUTION_XLSX, ids.DISTRIBUTION_DOWNLOAD),
                        _data_toggle(ids.DISTRIBUTION_TABLE),
                        html.H3(strings.OBJ_AGREEMENT, className="h6 mt-3"),
                        graph(ids.AGREEMENT, 380),
                        _downloads(ids.AGREEMENT_CSV, ids.AGREEMENT_XLSX, ids.AGREEMENT_DOWNLOAD),
                        _data_toggle(ids.AGREEMENT_TABLE),
                    ],
                    id=ids.DETAIL,
                ),
                html.H3(strings.OBJ_REVIEW, className="h6 mt-3"),
                dbc.Row(
                    [
                        dbc.Col(labelled(strings.OBJ_REVIEW_STATUS, dcc.Dropdown(id=ids.REVIEW_STATUS)), md=3),
                        dbc.Col(labelled(strings.OBJ_REVIEW_COMMENT,
                                         dcc.Textarea(id=ids.REVIEW_COMMENT, maxLength=2000,
                                                      style={"width": "100%"})), md=6),
                        dbc.Col(html.Button(strings.OBJ_REVIEW_SAVE, id=ids.REVIEW_SAVE,
                                            className="btn btn-primary btn-sm mt-4"), md=2),
                    ],
                    className="g-2",
                ),
                html.Div(id=ids.REVIEW_FEEDBACK, className="mt-2"),
                dcc.Loading(html.Div(id=ids.REVIEW_HISTORY)),
            ),
        ],
        className="objectivity",
    )
