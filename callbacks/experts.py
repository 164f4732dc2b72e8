"""`/experts` KPI callbacks: controls restored from the address, the seed 004 indicator table,
targets, charts and the monitoring report. Registry callbacks live in
callbacks/experts_registry.py; the selection in callbacks/experts_query.py; the views in
dashboard/figures/experts.py.

Every number comes from data_access.expert_kpis (aggregates for every role of the region);
targets are refused there for anyone but `region` and `admin`, and every attempt is audited.
"""

from __future__ import annotations

import datetime as dt

import dash_bootstrap_components as dbc
from dash import Input, Output, State, ctx, html, no_update
from dash.exceptions import PreventUpdate

from callbacks import inputs
from callbacks.downloads import sent
from callbacks.experts_query import QUERY_NAMES, Selection
from callbacks.query import from_query, rewrite
from callbacks.refusals import audit_refusal
from callbacks.registry import callback
from dashboard import rules, strings
from dashboard.analytics.expert_kpis import REGION
from dashboard.auth import current_scope
from dashboard.figures import experts as views
from dashboard.formatting import format_date, format_number
from dashboard.ids import Experts as ids
from dashboard.reports import experts as expert_report
from dashboard.web.client import client_address
from dashboard.web.components import refusal_alert
from dashboard.web.tables import small_table
from data_access import audit, expert_kpis, experts
from data_access.home import home
from data_access.scope import OutOfScope, Scope

# The controls written to the address, in the order of Selection.parse's arguments.
SELECTION_CONTROLS = (
    (ids.AS_OF, "date"),
    (ids.YEAR, "value"),
    (ids.MUNICIPALITY, "value"),
    (ids.INDICATOR, "value"),
    (ids.F_DIRECTION, "value"),
    (ids.F_MUNICIPALITY, "value"),
    (ids.F_STATUS, "value"),
    (ids.F_YEAR, "value"),
)


def audited(action: str, asked: object, outcome: str, detail: object = None) -> None:
    """An audit row for a form action (success or failure; refusals go to audit_refusal)."""
    audit.record(
        action, outcome, scope=current_scope(), ip=client_address(), asked=asked, detail=detail
    )


def require_year(selection: Selection) -> int:
    """The chosen year; nothing to draw before the year control has its options."""
    if selection.year is None:
        raise PreventUpdate
    return selection.year


@callback(
    Output(ids.YEAR, "options"),
    Output(ids.YEAR, "value"),
    Output(ids.MUNICIPALITY, "options"),
    Output(ids.MUNICIPALITY, "value"),
    Output(ids.F_MUNICIPALITY, "options"),
    Output(ids.F_YEAR, "options"),
    Output(ids.TARGET_MUNICIPALITY, "options"),
    Output(ids.E_MUNICIPALITY, "options"),
    Output(ids.TARGET_BOX, "hidden"),
    Output(ids.EDIT_BOX, "hidden"),
    Output(ids.AS_OF, "date"),
    Output(ids.INDICATOR, "value"),
    Output(ids.F_DIRECTION, "value"),
    Output(ids.F_MUNICIPALITY, "value"),
    Output(ids.F_STATUS, "value"),
    Output(ids.F_YEAR, "value"),
    Input(ids.LOCATION, "pathname"),
    State(ids.LOCATION, "search"),
    memo=True,
)
def experts_controls(pathname, search):
    """Options for the caller's region; each control takes the address's value if offered."""
    if inputs.text(pathname) is None:
        raise PreventUpdate  # the Location has not reported the address yet
    scope, query = current_scope(), from_query(search)
    wanted = Selection.parse(**{name: query.get(name) for name in QUERY_NAMES})
    years = expert_kpis.kpi_years(scope)
    munis = expert_kpis.municipalities(scope)
    known = [int(i) for i in munis["id"]]
    named = [{"label": n, "value": i} for i, n in zip(known, munis["name"], strict=True)]
    places = [{"label": strings.EXPERTS_ALL, "value": REGION}, *named]
    # Role-aware start: a municipality user (and a director) opens on its own municipality,
    # the region drawn beside it as the comparison; region-wide roles on the whole region.
    mine = home(scope).municipality_id
    own = mine if mine in known else REGION
    place = (
        wanted.municipality
        if "municipality" in query and wanted.municipality in (REGION, *known)
        else own
    )
    year_options = [{"label": str(y), "value": y} for y in years]
    year = wanted.year if wanted.year in years else (years[-1] if years else None)
    hidden = not experts.can_edit(scope)
    return (
        year_options,
        year,
        places,
        place,
        named,
        year_options,
        places,
        named,
        hidden,
        hidden,
        wanted.day.isoformat(),
        wanted.indicator,
        wanted.direction,
        wanted.registry_municipality if wanted.registry_municipality in known else None,
        wanted.status,
        wanted.activity_year if wanted.activity_year in years else None,
    )


@callback(
    Output(ids.LOCATION, "search"),
    *[Input(component, prop) for component, prop in SELECTION_CONTROLS],
    State(ids.LOCATION, "search"),
)
def write_experts_query(*values):
    """Controls → ?query once the year is known (a half-restored page keeps its address)."""
    *controls, search = values
    selection = Selection.parse(*controls)
    require_year(selection)
    return rewrite(selection.query(), search)


def _breakdown(table, year: int, places, own: int | None) -> html.Div:
    """Municipalities × indicators, the user's own municipality first and marked."""
    places = views.own_first(places, own)
    texts, classes = views.breakdown_cells(table, year, places, own)
    return html.Div(
        [
            html.H3(strings.EXPERTS_BREAKDOWN_TITLE.format(year=year), className="h6"),
            html.Div(
                small_table(
                    texts,
                    class_name="experts-breakdown",
                    cell_classes=classes,
                    code_headers=tuple(views.CODES),
                ),
                className="table-responsive",
            ),
        ]
    )


@callback(
    Output(ids.KPI_TABLE, "children"),
    Output(ids.KPI_NOTE, "children"),
    Output(ids.BREAKDOWN, "children"),
    Input(ids.AS_OF, "date"),
    Input(ids.YEAR, "value"),
    Input(ids.MUNICIPALITY, "value"),
    Input(ids.CHANGED, "data"),
    Input(ids.EDITED, "data"),
    memo=True,
)
def kpi_block(as_of, year, municipality, _changed, _edited):
    selection = Selection.parse(as_of, year, municipality)
    scope, year = current_scope(), require_year(selection)
    table = expert_kpis.kpi_table(scope, [year], selection.day)
    note = strings.EXPERTS_KPI_NOTE.format(
        year=year, as_of=format_date(selection.day), close=round(rules.KPI_CLOSE_SHARE * 100)
    )
    if (table["status"] == "suppressed").any():  # the small-number rule hid some places
        note = f"{note} {strings.SUPPRESSION_RULE.format(n=rules.min_cell())}"
    texts, classes = views.kpi_cells(views.indicator_rows(table, year, selection.municipality))
    kpis = small_table(texts, class_name="experts-kpi-table", cell_classes=classes)
    return (
        html.Div(kpis, className="table-responsive"),
        note,
        _breakdown(table, year, expert_kpis.municipalities(scope), home(scope).municipality_id),
    )


@callback(
    Output(ids.TREND, "figure"),
    Input(ids.INDICATOR, "value"),
    Input(ids.MUNICIPALITY, "value"),
    Input(ids.AS_OF, "date"),
    Input(ids.CHANGED, "data"),
    Input(ids.EDITED, "data"),
    memo=True,
)
def kpi_trend(indicator, municipality, as_of, _changed, _edited):
    selection = Selection.parse(as_of=as_of, municipality=municipality, indicator=indicator)
    return trend_figure(current_scope(), selection)


def trend_figure(scope: Scope, selection: Selection):
    """The chosen indicator of the chosen place by year up to the as-of date (the page's
    trend chart; slides draw the same for the reader's scope)."""
    day = selection.day
    years = [y for y in expert_kpis.kpi_years(scope) if y <= day.year]
    table = expert_kpis.kpi_table(scope, years, day)
    figure, _ = views.trend_view(
        table, selection.indicator, selection.municipality, years, day, home(scope).municipality_id
    )
    return figure


@callback(
    Output(ids.FUNNEL, "figure"),
    Output(ids.COVERAGE, "figure"),
    Output(ids.COVERAGE_NOTE, "children"),
    Input(ids.AS_OF, "date"),
    Input(ids.YEAR, "value"),
    Input(ids.MUNICIPALITY, "value"),
    Input(ids.EDITED, "data"),
    memo=True,
)
def funnel_and_coverage(as_of, year, municipality, _edited):
    selection = Selection.parse(as_of, year, municipality)
    scope, year = current_scope(), require_year(selection)
    counts = expert_kpis.funnel(scope, year, selection.day, selection.place)
    funnel, _ = views.funnel_view(counts, year)
    table = expert_kpis.coverage(scope, selection.reference_day)
    own_name = home(scope).municipality_name
    coverage, _ = views.coverage_view(table, own_name)
    _, hidden = views.coverage_columns(table, own_name)
    notes = [
        strings.EXPERTS_COVERAGE_HIDDEN.format(shown=table.shape[1] - hidden, total=table.shape[1])
        if hidden
        else ""
    ]
    if None in counts or bool(table.isna().to_numpy().any()):  # the small-number rule hid some
        notes.append(strings.SUPPRESSION_RULE.format(n=rules.min_cell()))
    return funnel, coverage, " ".join(n for n in notes if n)


@callback(
    Output(ids.TARGET_FEEDBACK, "children"),
    Output(ids.CHANGED, "data"),
    Input(ids.TARGET_SAVE, "n_clicks"),
    State(ids.TARGET_INDICATOR, "value"),
    State(ids.TARGET_MUNICIPALITY, "value"),
    State(ids.TARGET_VALUE, "value"),
    State(ids.YEAR, "value"),
    State(ids.CHANGED, "data"),
    prevent_initial_call=True,
)
def save_target(n_clicks, indicator, municipality, value, year, changed):
    if not inputs.clicked(n_clicks):
        raise PreventUpdate
    code, place = inputs.text(indicator, 10), Selection.parse(municipality=municipality).place
    year = inputs.integer(year, 2000, 2100)
    detail = f"indicator={code} municipality={place or REGION} year={year} target={value}"
    try:
        saved = expert_kpis.set_target(current_scope(), code, place, year, value)
    except OutOfScope as refused:
        audit_refusal(refused, detail, action="kpi_target")
        return refusal_alert(), no_update
    except ValueError:  # set_target's own check of the indicator, year and value
        audited("kpi_target", code, "failure", detail)
        return dbc.Alert(strings.EXPERTS_TARGET_BAD, color="danger"), no_update
    audited("kpi_target", code, "success", detail)
    done = strings.EXPERTS_TARGET_SAVED.format(code=code, year=year, value=format_number(saved, 1))
    return dbc.Alert(done, color="success"), inputs.bump(changed)


@callback(
    Output(ids.XLSX, "data"),
    Output(ids.PDF, "data"),
    Input(ids.XLSX_BUTTON, "n_clicks"),
    Input(ids.PDF_BUTTON, "n_clicks"),
    State(ids.AS_OF, "date"),
    State(ids.YEAR, "value"),
    prevent_initial_call=True,
)
def report_download(xlsx_clicks, pdf_clicks, as_of, year):
    """The monitoring report as of the chosen date: the XLSX workbook (indicator table and
    per-municipality sheet) or the one-page PDF summary, from one indicator table."""
    clicks = {ids.XLSX_BUTTON: xlsx_clicks, ids.PDF_BUTTON: pdf_clicks}
    pressed = ctx.triggered_id if isinstance(ctx.triggered_id, str) else None
    if pressed not in clicks or not inputs.clicked(clicks[pressed]):
        raise PreventUpdate
    selection = Selection.parse(as_of, year)
    scope, year, day = current_scope(), require_year(selection), selection.day
    table = expert_kpis.kpi_table(scope, [year], day)
    asked = f"year={year} as_of={day.isoformat()}"

    def report(data: bytes, extension: str) -> dict:
        name = _report_name(year, day, extension)
        return sent(data, name, "experts.report", rows=len(table), asked=asked)

    if pressed == ids.XLSX_BUTTON:
        data = expert_report.xlsx_report(
            table, year, day, expert_kpis.municipalities(scope), scope.login
        )
        return report(data, "xlsx"), no_update
    _, funnel = views.funnel_view(expert_kpis.funnel(scope, year, day, None), year)
    return no_update, report(expert_report.pdf_summary(table, year, day, funnel), "pdf")


def _report_name(year: int, as_of: dt.date, extension: str) -> str:
    return f"monitoring_experts_{year}_{as_of.isoformat()}.{extension}"
