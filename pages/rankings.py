"""Рейтинги с учётом контекста (`/rankings`): outcome and covariate pickers, four charts in
tabs (a chart is drawn when its tab is opened), the ranking table (paged on the server) and
the method. Layout only: every block is filled by callbacks/rankings.py; the page's own
dcc.Location keeps the selection and the open tab in the address."""

import json

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import rules, strings
from dashboard.ids import Rankings as ids
from dashboard.web.components import dropdown, graph, labelled, page_header
from dashboard.web.tables import data_grid

dash.register_page(__name__, path="/rankings", name=strings.NAV["/rankings"], order=3)

# The caller's own school (its name starts «Ваша ОО:», first column) stands out in the grid
# (a row still being fetched has no data yet).
OWN_ROW = {
    "styleConditions": [
        {
            "condition": "params.data && "
            f"params.data.c0.startsWith({json.dumps(strings.RANK_OWN + ':')})",
            "style": {"fontWeight": "bold", "backgroundColor": "#F8E5EF"},
        }
    ]
}


def _card(title: str, *children) -> dbc.Card:
    return dbc.Card(dbc.CardBody([html.H2(title, className="h5"), *children]), className="mb-3")


def _dropdown(label: str, component_id: str, width: int) -> dbc.Col:
    return dbc.Col(labelled(label, dropdown(id=component_id, clearable=False)), md=width)


def layout(**_query):
    level = dcc.RadioItems(
        id=ids.LEVEL,
        value=rules.RANKINGS_DEFAULT_LEVEL,
        inputClassName="me-1",
        labelClassName="d-block small",
        options=[{"label": label, "value": value} for value, label in strings.RANK_LEVELS.items()],
    )
    controls = dbc.Row(
        [
            _dropdown(strings.LABEL_KIND, ids.KIND, 2),
            _dropdown(strings.LABEL_SUBJECT, ids.SUBJECT, 3),
            _dropdown(strings.LABEL_GRADE, ids.GRADE, 2),
            _dropdown(strings.LABEL_YEAR, ids.YEAR, 2),
            dbc.Col(labelled(strings.RANK_LABEL_LEVEL, level), md=3),
        ],
        className="g-2 mb-2",
    )
    covariates = labelled(
        strings.RANK_LABEL_COVARIATES,
        dcc.Checklist(
            id=ids.COVARIATES,
            value=list(rules.RANKINGS_DEFAULT_COVARIATES),
            inputClassName="me-1",
            labelClassName="me-3 small d-inline-block",
        ),
    )
    downloads = html.Div(
        [
            html.Button(
                strings.RANK_DOWNLOAD_CSV,
                id=ids.DOWNLOAD_CSV,
                className="btn btn-outline-primary btn-sm me-2",
            ),
            html.Button(
                strings.RANK_DOWNLOAD_XLSX,
                id=ids.DOWNLOAD_XLSX,
                className="btn btn-outline-primary btn-sm",
            ),
            dcc.Download(id=ids.DOWNLOAD),
        ],
        className="mb-2",
    )
    return html.Div(
        [
            dcc.Location(id=ids.LOCATION, refresh=False),
            page_header(strings.RANK_TITLE, strings.RANK_SUBTITLE),
            controls,
            covariates,
            dcc.Loading(html.Div(id=ids.STATUS, className="small text-muted my-2")),
            dbc.Tabs(
                [
                    dbc.Tab(graph(component, 480), label=strings.RANK_TABS[key], tab_id=key)
                    for key, component in ids.CHARTS.items()
                ],
                id=ids.TABS,
                active_tab=next(iter(ids.CHARTS)),  # until the address's tab is restored
                className="mb-2",
            ),
            _card(
                strings.RANK_TABLE,
                downloads,
                data_grid(
                    ids.TABLE, class_name="rankings-table", getRowStyle=OWN_ROW, infinite=True
                ),
            ),
            _card(strings.RANK_METHOD, html.Div(id=ids.METHOD)),
        ],
        className="rankings",
    )
