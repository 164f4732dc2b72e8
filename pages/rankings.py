"""Рейтинги с учётом контекста (`/rankings`): outcome and covariate pickers, four charts,
the ranking table and the method. Layout only: every block is filled by callbacks/rankings.py."""

import dash
import dash_bootstrap_components as dbc
from dash import dash_table, dcc, html

from dashboard import rules, strings
from dashboard.ids import Rankings as ids
from dashboard.web.components import graph, labelled, page_header

dash.register_page(__name__, path="/rankings", name=strings.NAV["/rankings"], order=3)

COLUMNS = ["name", "n", "result", "social_index", "effect", "ci_low", "ci_high", "raw_rank", "rank",
           "rank_interval", "category"]


def _card(title: str, *children) -> dbc.Card:
    return dbc.Card(dbc.CardBody([html.H2(title, className="h5"), *children]), className="mb-3")


def layout(**_query):
    controls = dbc.Row(
        [
            dbc.Col(labelled(strings.LABEL_KIND, dcc.Dropdown(id=ids.KIND, clearable=False)), md=2),
            dbc.Col(labelled(strings.LABEL_SUBJECT, dcc.Dropdown(id=ids.SUBJECT, clearable=False)), md=3),
            dbc.Col(labelled(strings.LABEL_GRADE, dcc.Dropdown(id=ids.GRADE, clearable=False)), md=2),
            dbc.Col(labelled(strings.LABEL_YEAR, dcc.Dropdown(id=ids.YEAR, clearable=False)), md=2),
            dbc.Col(labelled(strings.RANK_LABEL_LEVEL, dcc.RadioItems(
                id=ids.LEVEL, value=rules.RANKINGS_DEFAULT_LEVEL, inputClassName="me-1", labelClassName="d-block small",
                options=[{"label": label, "value": value} for value, label in strings.RANK_LEVELS.items()])),
                md=3),
        ],
        className="g-2 mb-2",
    )
    covariates = labelled(strings.RANK_LABEL_COVARIATES, dcc.Checklist(
        id=ids.COVARIATES, value=list(rules.RANKINGS_DEFAULT_COVARIATES), inputClassName="me-1",
        labelClassName="me-3 small d-inline-block"))
    table = dash_table.DataTable(
        id=ids.TABLE,
        columns=[{"name": strings.RANK_COLUMNS[c], "id": c} for c in COLUMNS],
        sort_action="native", filter_action="native", page_size=25,
        style_table={"overflowX": "auto"},
        style_cell={"fontFamily": "inherit", "fontSize": 13, "textAlign": "left",
                    "whiteSpace": "normal", "height": "auto"},
        style_data_conditional=[{"if": {"filter_query": f'{{name}} contains "{strings.RANK_OWN}:"'}, "fontWeight": "bold",
                                 "backgroundColor": "#F8E5EF"}],
    )
    downloads = html.Div(
        [
            html.Button(strings.RANK_DOWNLOAD_CSV, id=ids.DOWNLOAD_CSV, className="btn btn-outline-primary btn-sm me-2"),
            html.Button(strings.RANK_DOWNLOAD_XLSX, id=ids.DOWNLOAD_XLSX, className="btn btn-outline-primary btn-sm"),
            dcc.Download(id=ids.DOWNLOAD),
        ],
        className="mb-2",
    )
    return html.Div(
        [
            page_header(strings.RANK_TITLE, strings.RANK_SUBTITLE),
            controls,
            covariates,
            dcc.Loading(html.Div(id=ids.STATUS, className="small text-muted my-2")),
            dbc.Row([dbc.Col(_card(strings.RANK_SCATTER, graph(ids.SCATTER, 440)), lg=6),
                     dbc.Col(_card(strings.RANK_FUNNEL, graph(ids.FUNNEL, 440)), lg=6)], className="g-2"),
            _card(strings.RANK_CATERPILLAR, graph(ids.CATERPILLAR, 440)),
            _card(strings.RANK_INTERVALS, graph(ids.RANK_INTERVALS, 400)),
            _card(strings.RANK_TABLE, downloads, table),
            _card(strings.RANK_METHOD, html.Div(id=ids.METHOD)),
        ],
        className="rankings",
    )
