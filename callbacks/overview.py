"""Overview `/` callbacks: counts, the procedure pickers (restored from and written to the
address) and the municipality charts built by dashboard.figures.overview."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import Input, Output, State, html
from dash.exceptions import PreventUpdate

from callbacks import inputs, pickers
from callbacks.overview_query import Selection
from callbacks.query import rewrite
from callbacks.registry import callback
from dashboard import rules, strings
from dashboard.auth import current_scope
from dashboard.figures import overview as views
from dashboard.formatting import format_number
from dashboard.ids import Overview as ids
from dashboard.web.tables import small_table
from data_access import overview


def _count_cards(counts: dict[str, int]) -> dbc.Row:
    return dbc.Row(
        [
            dbc.Col(
                dbc.Card(
                    dbc.CardBody(
                        [
                            html.Div(format_number(counts[key]), className="h4 mb-0"),
                            html.Div(label, className="small text-muted"),
                        ]
                    )
                ),
                xs=6,
                md=True,
            )
            for key, label in strings.OVERVIEW_COUNTS.items()
        ],
        className="g-2",
    )


@callback(
    Output(ids.COUNTS, "children"),
    Output(ids.LATEST, "children"),
    Input(ids.LOCATION, "pathname"),
    memo=True,
)
def load_overview(_pathname):
    scope = current_scope()
    latest = views.latest_table(overview.latest_procedures(scope))
    return _count_cards(overview.overview_counts(scope)), small_table(latest, class_name="latest")


PROCEDURE = (ids.KIND, ids.SUBJECT, ids.GRADE, ids.YEAR)


@callback(
    *pickers.chain_outputs(*PROCEDURE),
    *[Input(control, "value") for control in PROCEDURE],
    Input(ids.LOCATION, "pathname"),
    State(ids.LOCATION, "search"),
)
def pick_procedure(kind, subject, grade, year, pathname, search):
    """The four pickers in one step; before they hold values, the address's values are wanted."""
    if inputs.text(pathname) is None:
        raise PreventUpdate  # the Location has not reported the address yet
    catalogue = overview.procedure_choices(current_scope())
    return pickers.resolve_asked(catalogue, search, kind, subject, grade, year).outputs()


@callback(
    Output(ids.LOCATION, "search"),
    *[Input(control, "value") for control in PROCEDURE],
    State(ids.LOCATION, "search"),
)
def write_query(kind, subject, grade, year, search):
    """Pickers → ?query once all four hold values (a half-restored page keeps its address)."""
    selection = Selection.parse(kind, subject, grade, year)
    if not selection.complete:
        raise PreventUpdate
    return rewrite(selection.query(), search)


@callback(
    Output(ids.BY_MUNICIPALITY, "figure"),
    Output(ids.MARKS, "figure"),
    Output(ids.NOTE, "children"),
    *[Input(control, "value") for control in PROCEDURE],
    memo=True,
)
def municipality_charts(kind, subject, grade, year):
    s = Selection.parse(kind, subject, grade, year)
    if not s.complete:
        empty, _ = views.empty()
        return empty, empty, ""
    frame = overview.results_by_municipality(current_scope(), s.kind, s.subject, s.grade, s.year)
    procedure = strings.procedure_label(s.kind, s.subject, s.grade)
    source = strings.DATA_SOURCE.format(procedure=procedure, year=s.year)
    note = f"{source} {strings.SUPPRESSION_RULE.format(n=rules.min_cell())}"
    by_municipality, _ = views.by_municipality(frame, source)
    marks, _ = views.marks(frame, source)
    return by_municipality, marks, note
