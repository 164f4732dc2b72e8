"""Procedure comparison (`/procedures`): one procedure across schools, municipalities and
years, and the same cohort in two procedures. Layout only; the selection is read from and
written to the address by callbacks/procedures.py; charts and grids are filled by
callbacks/procedures_charts.py (no query here)."""

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import strings
from dashboard.figures.template import GRAPH_CONFIG
from dashboard.ids import Procedures as ids
from dashboard.web.components import dropdown, labelled, page_header, picker
from dashboard.web.tables import data_grid

dash.register_page(__name__, path="/procedures", name=strings.NAV["/procedures"], order=2)


def _chart(chart: str, height: int = 460) -> html.Div:
    """A chart with CSV / XLSX downloads and its data grid in a collapsed accordion item (grid
    and download are filled from the same frame by callbacks/procedures_charts.py; the grid is
    paged on the server, and its rows are sent only once the item is opened)."""
    return html.Div(
        [
            # The chart's one title (the figure has none), filled with the figure.
            html.H2(id=ids.title(chart), className="h6 mb-1 procedures-chart-title"),
            # Figures set their own height (one row per school), so the graph is not stretched.
            dcc.Loading(
                dcc.Graph(
                    id=ids.graph(chart),
                    style={"minHeight": f"{height}px"},
                    config={**GRAPH_CONFIG, "responsive": "auto"},
                )
            ),
            # What the chart leaves out and its notes: a caption, never over the axes.
            html.P(id=ids.caption(chart), className="small text-muted mb-1 procedures-caption"),
            html.Div(
                [
                    html.Button(
                        strings.PROC_CSV,
                        id=ids.button(chart, "csv"),
                        className="btn btn-outline-secondary btn-sm me-2",
                    ),
                    html.Button(
                        strings.PROC_XLSX,
                        id=ids.button(chart, "xlsx"),
                        className="btn btn-outline-secondary btn-sm",
                    ),
                ],
                className="mt-1 mb-1",
            ),
            dbc.Accordion(
                dbc.AccordionItem(
                    data_grid(
                        ids.table(chart),
                        page_size=25,
                        class_name="procedures-table",
                        infinite=True,
                    ),
                    title=strings.PROC_TABLE,
                    item_id=ids.TABLE_ITEM,
                ),
                id=ids.table_toggle(chart),
                start_collapsed=True,
                flush=True,
                className="procedures-table-toggle",
            ),
            dcc.Store(id=ids.drawn(chart)),
        ],
        className=f"procedures-chart procedures-{chart}",
    )


def _card(*children) -> dbc.Card:
    return dbc.Card(dbc.CardBody(list(children)), className="mb-3")


TAB_HEIGHTS = {"marks": 520, "means": 560, "slope": 520, "heatmap": 560}
# Compact tabs in the page's Bootstrap colours (dcc.Tabs' own are tall).
TAB_STYLE = {"padding": "0.5rem 1rem", "color": "var(--bs-link-color)"}
TAB_SELECTED = {"color": "var(--bs-body-color)", "borderTop": "2px solid var(--bs-primary)"}


def _tab(chart: str) -> list:
    """The content of a chart's tab: the chart, and for the cohort pair its picker first."""
    if chart == "pair":
        picker = labelled(strings.PROC_LABEL_PAIR, dropdown(id=ids.PAIR, clearable=False))
        return [picker, _chart("pair", 560)]
    return [_chart(chart, TAB_HEIGHTS[chart])]


def layout(**_query):
    # Options and values are set by callbacks/procedures.py, from the address on first load.
    procedure = dbc.Row(
        [
            picker(strings.LABEL_KIND, ids.KIND, 2, clearable=False),
            picker(strings.LABEL_SUBJECT, ids.SUBJECT, 3, clearable=False),
            picker(strings.LABEL_GRADE, ids.GRADE, 2, clearable=False),
            picker(strings.PROC_LABEL_YEARS, ids.YEARS, 5, multi=True),
        ],
        className="g-2 mb-2",
    )
    view = dbc.Row(
        [
            dbc.Col(
                labelled(
                    strings.PROC_LABEL_UNIT,
                    # Bootstrap's radios (dbc): each input labelled, none inside an ARIA option
                    dbc.RadioItems(id=ids.UNIT, inline=True),
                ),
                md=3,
            ),
            picker(
                strings.PROC_LABEL_MUNICIPALITY,
                ids.MUNICIPALITY,
                4,
                placeholder=strings.PROC_ALL_MUNICIPALITIES,
            ),
            picker(
                strings.PROC_LABEL_SORT,
                ids.SORT,
                3,
                clearable=False,
                options=[{"label": v, "value": k} for k, v in strings.PROC_SORTS.items()],
            ),
            dbc.Col(
                dbc.Switch(
                    id=ids.SHOW_ALL,
                    label=strings.PROC_SHOW_ALL,
                    value=False,
                    className="mt-md-4",
                ),
                md=2,
            ),
        ],
        className="g-2 mb-2",
    )
    return html.Div(
        [
            dcc.Location(id=ids.LOCATION, refresh=False),
            # A click on a school in a chart opens its profile (callbacks/procedures_clicks).
            dcc.Location(id=ids.NAVIGATE, refresh="callback-nav"),
            page_header(strings.PROC_TITLE, strings.PROC_SUBTITLE),
            # The filters stay in view while the charts scroll under them (assets/oko.css).
            html.Div([procedure, view], id=ids.FILTERS, className="oko-filter-bar mb-2"),
            html.P(id=ids.NOTE, className="small text-muted"),
            _card(
                dbc.Row(
                    [dbc.Col(_chart("histogram", 420), lg=6), dbc.Col(_chart("box", 420), lg=6)],
                    className="g-2",
                )
            ),
            # One tab's chart is drawn at a time, and dcc.Tabs mounts only the open tab's
            # content (graph, grid); the tab open is part of the address.
            dcc.Tabs(
                [
                    dcc.Tab(
                        _card(*_tab(chart)),
                        label=strings.PROC_TABS[chart],
                        value=chart,
                        style=TAB_STYLE,
                        selected_style={**TAB_STYLE, **TAB_SELECTED},
                    )
                    for chart in ids.TABBED
                ],
                id=ids.TABS,
                value=ids.TABBED[0],
                parent_className="procedures-tabs",
                content_style={"paddingTop": "0.5rem"},
            ),
            dcc.Download(id=ids.DOWNLOAD),
        ],
        className="procedures-page",
    )
