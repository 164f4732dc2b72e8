"""`/experts` KPI callbacks: controls, the seed 004 indicator table, targets, charts and the
monitoring report. Registry callbacks live in callbacks/experts_registry.py.

Every number comes from data_access.expert_kpis (aggregates for every role of the region);
targets are refused there for anyone but `region` and `admin`, and every attempt is audited.
"""

from __future__ import annotations

import datetime as dt

import dash_bootstrap_components as dbc
from dash import Input, Output, State, dcc, html, no_update
from dash.exceptions import PreventUpdate

from callbacks import inputs
from callbacks.registry import callback
from dashboard import rules, strings
from dashboard.analytics.expert_kpis import REGION
from dashboard.auth import current_scope
from dashboard.figures import experts as expert_figures
from dashboard.formatting import format_number
from dashboard.ids import Experts as ids
from dashboard.reports import experts as expert_report
from dashboard.web.client import client_address
from data_access import audit, expert_kpis, experts
from data_access.scope import OutOfScope

STATUS_CLASS = {"met": "table-success", "close": "table-warning", "not_met": "table-danger"}


def as_of_date(value: object) -> dt.date:
    """The picker's ISO date (time part ignored); today when absent."""
    text = inputs.text(value, 40)
    return dt.date.fromisoformat(text[:10]) if text else dt.date.today()


def year_of(value: object) -> int:
    year = inputs.integer(value, 2000, 2100)
    if year is None:
        raise PreventUpdate
    return year


def place_of(value: object) -> int:
    place = inputs.integer(value, 0, 10**9)
    return REGION if place is None else place


def audited(action: str, asked: object, outcome: str, detail: object = None) -> None:
    audit.record(action, outcome, scope=current_scope(), ip=client_address(), asked=asked,
                 detail=detail)


@callback(
    Output(ids.YEAR, "options"), Output(ids.YEAR, "value"),
    Output(ids.MUNICIPALITY, "options"), Output(ids.MUNICIPALITY, "value"),
    Output(ids.F_MUNICIPALITY, "options"), Output(ids.F_YEAR, "options"),
    Output(ids.TARGET_MUNICIPALITY, "options"), Output(ids.E_MUNICIPALITY, "options"),
    Output(ids.TARGET_BOX, "hidden"), Output(ids.EDIT_BOX, "hidden"),
    Input("url", "pathname"),
)
def experts_controls(_pathname):
    scope = current_scope()
    years = expert_kpis.kpi_years(scope)
    munis = expert_kpis.municipalities(scope)
    named = [{"label": n, "value": int(i)} for i, n in zip(munis["id"], munis["name"], strict=True)]
    places = [{"label": strings.EXPERTS_ALL, "value": REGION}, *named]
    own = scope.municipality_id if scope.municipality_id in set(munis["id"]) else REGION
    year_options = [{"label": str(y), "value": y} for y in years]
    editor = experts.can_edit(scope)
    return (year_options, years[-1] if years else None, places, own, named, year_options,
            places, named, not editor, not editor)


def kpi_table(rows) -> dbc.Table:
    cols = strings.EXPERTS_KPI_COLUMNS
    head = html.Thead(html.Tr([html.Th(cols[c]) for c in expert_report.ROW_COLUMNS]))
    body = []
    for r in rows.itertuples():
        body.append(html.Tr([
            html.Td(r.code, className="kpi-code"), html.Td(r.criterion, className="small"),
            html.Td(r.measure, className="small"), html.Td(r.unit),
            html.Td(r.formula, className="small text-muted"),
            html.Td(format_number(r.numerator), className="kpi-numerator"),
            html.Td(format_number(r.denominator), className="kpi-denominator"),
            html.Td(expert_report.value_text(r.value, r.unit), className="kpi-value fw-semibold"),
            html.Td(expert_report.target_text(r.target, r.unit),
                    className="kpi-target"),
            html.Td(strings.EXPERTS_STATUS[r.status],
                    className=f"kpi-status {STATUS_CLASS.get(r.status, '')}"),
        ]))
    return dbc.Table([head, html.Tbody(body)], size="sm", bordered=True, responsive=True,
                     className="experts-kpi-table")


def breakdown(table, year: int, munis) -> dbc.Table | html.P:
    if munis.empty:
        return html.P(strings.NO_DATA, className="text-muted")
    by_place = {int(i): expert_report.indicator_rows(table, year, int(i)) for i in munis["id"]}
    codes = list(expert_kpis.INDICATOR_UNITS)  # the nine indicators in the seed's order
    head = html.Thead(html.Tr([html.Th(strings.EXPERTS_MUNICIPALITY), *[html.Th(c) for c in codes]]))
    body = [html.Tr([html.Td(name), *[
        html.Td(expert_report.value_text(r.value, r.unit), className=STATUS_CLASS.get(r.status, ""))
        for r in by_place[int(i)].itertuples()]])
        for i, name in zip(munis["id"], munis["name"], strict=True)]
    return html.Div([html.H3(strings.EXPERTS_BREAKDOWN_TITLE.format(year=year), className="h6"),
                     dbc.Table([head, html.Tbody(body)], size="sm", responsive=True,
                               className="experts-breakdown")])


@callback(
    Output(ids.KPI_TABLE, "children"), Output(ids.KPI_NOTE, "children"),
    Output(ids.BREAKDOWN, "children"),
    Input(ids.AS_OF, "date"), Input(ids.YEAR, "value"), Input(ids.MUNICIPALITY, "value"),
    Input(ids.CHANGED, "data"), Input(ids.EDITED, "data"),
)
def kpi_block(as_of, year, municipality, _changed, _edited):
    scope, as_of, year, place = current_scope(), as_of_date(as_of), year_of(year), place_of(municipality)
    table = expert_kpis.kpi_table(scope, [year], as_of)
    note = strings.EXPERTS_KPI_NOTE.format(year=year, as_of=as_of.strftime("%d.%m.%Y"),
                                           close=round(rules.KPI_CLOSE_SHARE * 100))
    return (kpi_table(expert_report.indicator_rows(table, year, place)), note,
            breakdown(table, year, expert_kpis.municipalities(scope)))


@callback(
    Output(ids.TREND, "figure"),
    Input(ids.INDICATOR, "value"), Input(ids.MUNICIPALITY, "value"), Input(ids.AS_OF, "date"),
    Input(ids.CHANGED, "data"), Input(ids.EDITED, "data"),
)
def kpi_trend(indicator, municipality, as_of, _changed, _edited):
    scope, code, place = current_scope(), inputs.text(indicator, 10), place_of(municipality)
    if code not in expert_kpis.INDICATOR_UNITS:
        raise PreventUpdate
    as_of = as_of_date(as_of)
    years = [y for y in expert_kpis.kpi_years(scope) if y <= as_of.year]
    table = expert_kpis.kpi_table(scope, years, as_of)
    rows = table[(table["code"] == code) & (table["municipality_id"] == place)]
    note = strings.EXPERTS_KPI_NOTE.split(". ")[0].format(year=", ".join(map(str, years)),
                                                          as_of=as_of.strftime("%d.%m.%Y"))
    return expert_figures.indicator_trend(rows, code, note)


@callback(
    Output(ids.FUNNEL, "figure"), Output(ids.COVERAGE, "figure"),
    Input(ids.AS_OF, "date"), Input(ids.YEAR, "value"), Input(ids.MUNICIPALITY, "value"),
    Input(ids.EDITED, "data"),
)
def funnel_and_coverage(as_of, year, municipality, _edited):
    scope, as_of, year, place = current_scope(), as_of_date(as_of), year_of(year), place_of(municipality)
    ref = min(as_of, dt.date(year, 12, 31))
    counts = expert_kpis.funnel(scope, year, as_of, None if place == REGION else place)
    return (expert_figures.funnel_figure(counts, year),
            expert_figures.coverage_heatmap(expert_kpis.coverage(scope, ref)))


@callback(
    Output(ids.TARGET_FEEDBACK, "children"), Output(ids.CHANGED, "data"),
    Input(ids.TARGET_SAVE, "n_clicks"),
    State(ids.TARGET_INDICATOR, "value"), State(ids.TARGET_MUNICIPALITY, "value"),
    State(ids.TARGET_VALUE, "value"), State(ids.YEAR, "value"), State(ids.CHANGED, "data"),
    prevent_initial_call=True,
)
def save_target(n_clicks, indicator, municipality, value, year, changed):
    if not inputs.clicked(n_clicks):
        raise PreventUpdate
    code, place = inputs.text(indicator, 10), place_of(municipality)
    year = inputs.integer(year, 2000, 2100)
    detail = f"indicator={code} municipality={place} year={year} target={value}"
    try:
        saved = expert_kpis.set_target(current_scope(), code, None if place == REGION else place,
                                       year, value)
    except OutOfScope as refused:
        audited("kpi_target", refused.asked, "denied", detail)
        return dbc.Alert(strings.ACCESS_DENIED, color="danger"), no_update
    except ValueError:
        audited("kpi_target", code, "failure", detail)
        return dbc.Alert(strings.EXPERTS_TARGET_BAD, color="danger"), no_update
    audited("kpi_target", code, "success", detail)
    done = strings.EXPERTS_TARGET_SAVED.format(code=code, year=year, value=format_number(saved, 1))
    return dbc.Alert(done, color="success"), inputs.bump(changed)


@callback(
    Output(ids.XLSX, "data"),
    Input(ids.XLSX_BUTTON, "n_clicks"), State(ids.AS_OF, "date"), State(ids.YEAR, "value"),
    prevent_initial_call=True,
)
def report_xlsx(n_clicks, as_of, year):
    """The monitoring report as of the chosen date: indicator table + per-municipality sheet."""
    scope, as_of, year, table = _report_inputs(n_clicks, as_of, year)
    data = expert_report.xlsx_report(table, year, as_of, expert_kpis.municipalities(scope),
                                     scope.login)
    return dcc.send_bytes(data, _report_name(year, as_of, "xlsx"))


@callback(
    Output(ids.PDF, "data"),
    Input(ids.PDF_BUTTON, "n_clicks"), State(ids.AS_OF, "date"), State(ids.YEAR, "value"),
    prevent_initial_call=True,
)
def report_pdf(n_clicks, as_of, year):
    scope, as_of, year, table = _report_inputs(n_clicks, as_of, year)
    data = expert_report.pdf_summary(table, year, as_of,
                                     expert_kpis.funnel(scope, year, as_of, None))
    return dcc.send_bytes(data, _report_name(year, as_of, "pdf"))


def _report_inputs(n_clicks, as_of, year):
    """Scope, date, year and the indicator table behind both report buttons."""
    if not inputs.clicked(n_clicks):
        raise PreventUpdate
    scope, as_of, year = current_scope(), as_of_date(as_of), year_of(year)
    return scope, as_of, year, expert_kpis.kpi_table(scope, [year], as_of)


def _report_name(year: int, as_of: dt.date, extension: str) -> str:
    return f"monitoring_experts_{year}_{as_of.isoformat()}.{extension}"
