"""Рейтинги с учётом контекста (`/rankings`): outcome and covariate pickers, four charts in
tabs (a chart is drawn when its tab is opened), the ranking table (paged on the server) and
the method. Layout only: every block is filled by callbacks/rankings.py; the page's own
dcc.Location keeps the selection and the open tab in the address."""

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import rules, strings
from dashboard.figures.rankings import OWN_ROW_RULES
from dashboard.ids import Rankings as ids
from dashboard.web.components import dropdown, graph, labelled, page_header
from dashboard.web.tables import data_grid

dash.register_page(__name__, path="/rankings", name=strings.NAV["/rankings"], order=3)


def _card(title: str, *children) -> dbc.Card:
    return dbc.Card(dbc.CardBody([html.H2(title, className="h5"), *children]), className="mb-3")


def _dropdown(label: str, component_id: str, width: int) -> dbc.Col:
    return dbc.Col(labelled(label, dropdown(id=component_id, clearable=False)), md=width)


def layout(**_query):
    # Bootstrap's radios and checkboxes (dbc), not dcc's: each input has its own label and no
    # focusable input sits inside an ARIA option (axe-core: nested-interactive).
    level = dbc.RadioItems(
        id=ids.LEVEL,
        value=rules.RANKINGS_DEFAULT_LEVEL,
        label_class_name="small",
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
        dbc.Checklist(
            id=ids.COVARIATES,
            value=list(rules.RANKINGS_DEFAULT_COVARIATES),
            inline=True,  # a few lines across the page, not a column taking the first screen
            label_class_name="small",
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
                className="btn btn-outline-primary btn-sm me-2",
            ),
            # shown to directors and municipality users by the callbacks
            html.Button(
                strings.RANK_FIND_OWN["school"],
                id=ids.FIND_OWN,
                hidden=True,
                className="btn btn-primary btn-sm rankings-find-own",
            ),
            dcc.Download(id=ids.DOWNLOAD),
        ],
        className="mb-2",
    )
    table_scope = html.Div(
        labelled(
            strings.RANK_TABLE_SCOPE_LABEL,
            dbc.RadioItems(
                id=ids.TABLE_SCOPE,
                value="all",
                options=[
                    {"label": label, "value": value}
                    for value, label in strings.RANK_TABLE_SCOPE.items()
                ],
                inline=True,
                label_class_name="small",
            ),
        ),
        id=ids.TABLE_SCOPE_BOX,
        hidden=True,
        className="mb-2",
    )
    tabs = dbc.Tabs(
        [
            dbc.Tab(
                [
                    html.H3(strings.RANK_CHART_TITLES[key], className="h6 mt-2"),
                    graph(component, 480),
                ],
                label=strings.RANK_TABS[key],
                tab_id=key,
            )
            for key, component in ids.CHARTS.items()
        ],
        id=ids.TABS,
        active_tab=next(iter(ids.CHARTS)),  # until the address's tab is restored
        className="mb-2",
    )
    show_all = dbc.Checklist(
        id=ids.SHOW_ALL,
        options=[{"label": strings.RANK_SHOW_ALL, "value": "all"}],
        value=[],
        label_class_name="small",
    )
    return html.Div(
        [
            dcc.Location(id=ids.LOCATION, refresh=False),
            dcc.Location(id=ids.GO, refresh="callback-nav"),
            page_header(strings.RANK_TITLE, strings.RANK_SUBTITLE),
            controls,
            covariates,
            dcc.Loading(html.Div(id=ids.STATUS, className="small text-muted my-2")),
            html.Div(id=ids.OWN_SUMMARY, className="rankings-own-summary mb-2"),
            tabs,
            html.Div(
                [
                    html.Div(show_all, id=ids.SHOW_ALL_BOX, hidden=True),
                    html.Div(id=ids.CHART_NOTE, className="small text-muted"),
                ],
                className="mb-1",
            ),
            _card(
                strings.RANK_TABLE,
                table_scope,
                downloads,
                html.Div(id=ids.FIND_NOTE, className="small text-muted mb-1"),
                data_grid(
                    ids.TABLE,
                    class_name="rankings-table",
                    rowClassRules=OWN_ROW_RULES,
                    infinite=True,
                ),
            ),
            _card(strings.RANK_METHOD, html.Div(id=ids.METHOD)),
        ],
        className="rankings",
    )
