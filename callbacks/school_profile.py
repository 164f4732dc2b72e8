"""`/schools/<code>` callbacks: one per block, each reading the school code from the store.

Refusal is decided in data_access (require_school); the header callback turns it into the
polite «Нет доступа к этой школе» and audits it, the other blocks simply stay empty.
"""

from __future__ import annotations

from urllib.parse import urlencode

import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, State, dcc, html
from dash.exceptions import PreventUpdate

from callbacks import inputs
from callbacks.refusals import audit_refusal
from callbacks.registry import callback
from dashboard import rules, strings
from dashboard.analytics import deficits
from dashboard.auth import current_scope
from dashboard.figures.profile import (
    context_figure,
    context_trend_figure,
    marks_figure,
    results_trend_figure,
)
from dashboard.formatting import format_number, format_percent
from dashboard.ids import SchoolProfile as ids
from dashboard.reports import profile_pdf as profile_pdf_page
from data_access import school_profile as profile
from data_access.scope import OutOfScope

HIDDEN, SHOWN = {"display": "none"}, {}
PREFERRED_KIND = "vpr"


def _code(value: object) -> str:
    code = inputs.text(value, 20)
    if code is None:
        raise OutOfScope("school", value)
    return code


def _year(value: object) -> int | None:
    return inputs.integer(value, 1990, 2100)


def _no_data() -> html.P:
    return html.P(strings.NO_DATA, className="text-muted mb-0 no-data")


@callback(
    Output(ids.DENIED, "children"),
    Output(ids.BODY, "style"),
    Output(ids.HEADER, "children"),
    Output(ids.FLAGS, "children"),
    Output(ids.DATA_DATE, "children"),
    Output(ids.YEAR, "options"),
    Output(ids.YEAR, "value"),
    Output(ids.INDICATOR, "options"),
    Output(ids.INDICATOR, "value"),
    Output(ids.KIND, "options"),
    Output(ids.KIND, "value"),
    Input(ids.SCHOOL, "data"),
)
def profile_header(school_code):
    scope = current_scope()
    try:
        code = _code(school_code)
        header = profile.school_header(scope, code)
    except OutOfScope as refused:
        audit_refusal(refused, "profile_header")
        refusal = dbc.Alert(strings.PROFILE_DENIED, color="warning", className="profile-denied")
        return (refusal, HIDDEN, None, None, "", [], None, [], None, [], None)
    context = profile.context_comparison(scope, code)
    results = profile.school_results(scope, code)
    years = sorted({int(y) for y in context.loc[context["value"].notna(), "year"]}
                   | {int(y) for y in results["year"]})
    indicators = (context[["indicator_code", "name"]].drop_duplicates()
                  if not context.empty else pd.DataFrame(columns=["indicator_code", "name"]))
    kinds = sorted(results["kind"].unique().tolist())
    kind = PREFERRED_KIND if PREFERRED_KIND in kinds else (kinds[0] if kinds else None)
    indicator = "pupils" if "pupils" in set(indicators["indicator_code"]) else (
        indicators["indicator_code"].iloc[0] if len(indicators) else None)
    held = results["held_on"].dropna()
    date = max(held).strftime("%d.%m.%Y") if len(held) else strings.NO_DATA
    data_date = strings.PROFILE_DATA_DATE.format(date=date, year=years[-1] if years else strings.NO_DATA)
    return (
        None, SHOWN, header_block(header), flags_block(profile.school_flag_state(scope, code), header["school_code"]),
        data_date,
        [{"label": str(y), "value": y} for y in years], years[-1] if years else None,
        [{"label": str(n), "value": c} for c, n in zip(indicators["indicator_code"], indicators["name"], strict=True)],
        indicator,
        [{"label": strings.PROCEDURE_KINDS.get(k, k), "value": k} for k in kinds], kind,
    )


def header_block(header: dict) -> html.Div:
    pupils = (f"{format_number(header['pupils'])} ({header['pupils_year']} г.)"
              if header["pupils"] is not None else strings.NO_DATA)
    fields = [
        (strings.PROFILE_FIELDS["code"], header["school_code"]),
        (strings.PROFILE_FIELDS["municipality"], header["municipality"]),
        (strings.PROFILE_FIELDS["kind"], strings.SCHOOL_KINDS.get(header["kind"], header["kind"])),
        (strings.PROFILE_FIELDS["locality"], strings.LOCALITIES.get(header["locality"], header["locality"])),
        (strings.PROFILE_FIELDS["pupils"], pupils),
        (strings.PROFILE_FIELDS["address"], header["address"] or strings.NO_DATA),
    ]
    return html.Div(
        [
            html.H1(header["name"], className="h3 mb-2"),
            html.Dl([item for label, value in fields
                     for item in (html.Dt(label, className="col-sm-3 small text-muted"),
                                  html.Dd(str(value), className="col-sm-9 mb-1"))],
                    className="row mb-0"),
        ]
    )


def flags_block(state: dict, school_code: str) -> html.Ul:
    """Each flag with the reason computed from the data, or why it is absent.

    Resilience and signs of bias need the whole region's model or detector, so the profile
    links to the page that computes them instead of fitting them for one school."""
    share = round(rules.LOW_RESULTS_SHARE * 100)
    limit = round(rules.ADVERSE_CONDITIONS_SHARE * 100)
    items = []
    if state["low_runs"]:
        years = ", ".join(f"{a}–{b}" for a, b in state["low_runs"])
        reason = strings.PROFILE_LOW_REASON.format(share=share, n=rules.LOW_RESULTS_CONSECUTIVE_YEARS, years=years)
        items.append(html.Li([html.Strong(strings.FLAG_LOW_RESULTS.capitalize()), f": {reason}."],
                             className="flag-low-results"))
    elif not state["has_vpr"]:
        items.append(html.Li(strings.PROFILE_LOW_NO_VPR))
    elif state["low_years"]:
        items.append(html.Li(strings.PROFILE_LOW_NOT.format(share=share, years=", ".join(map(str, state["low_years"])))))
    else:
        items.append(html.Li(strings.PROFILE_LOW_NONE))
    if state["social_index"] is None:
        items.append(html.Li(strings.PROFILE_ADVERSE_NONE))
    elif state["adverse"]:
        reason = strings.PROFILE_ADVERSE_REASON.format(
            index=format_number(state["social_index"], 2), share=format_number(state["social_share"] * 100),
            limit=limit)
        items.append(html.Li([html.Strong(strings.FLAG_ADVERSE.capitalize()), f": {reason}."],
                             className="flag-adverse"))
    else:
        items.append(html.Li(strings.PROFILE_ADVERSE_NOT.format(index=format_number(state["social_index"], 2),
                                                                limit=limit)))
    items.append(html.Li([f"{strings.FLAG_RESILIENT.capitalize()}: {strings.PROFILE_SEE} ",
                          dcc.Link(f"«{strings.ISSUE_RANKINGS}»", href="/rankings")]))
    items.append(html.Li([f"{strings.FLAG_BIAS.capitalize()}: {strings.PROFILE_SEE} ",
                          dcc.Link(f"«{strings.ISSUE_OBJECTIVITY}»",
                                   href=f"/objectivity?{urlencode({'school': school_code})}")]))
    return html.Ul(items, className="mb-0")


@callback(
    Output(ids.CONTEXT, "figure"),
    Output(ids.CONTEXT_NOTE, "children"),
    Output(ids.CONDITIONS, "children"),
    Input(ids.SCHOOL, "data"),
    Input(ids.YEAR, "value"),
)
def context_block(school_code, year):
    code, year = _code(school_code), _year(year)
    frame = profile.context_comparison(current_scope(), code)
    chosen = frame[(frame["year"] == year) & frame["value"].notna()] if year is not None else frame.iloc[0:0]
    if chosen.empty:
        from dashboard.figures.template import empty_figure

        return empty_figure(strings.NO_DATA), "", _no_data()
    note = strings.PROFILE_CONTEXT_NOTE.format(year=year, n=rules.min_cell())
    return context_figure(chosen.assign(position=deficits.position(chosen)), year), note, \
        conditions_table(chosen[chosen["group"] == "conditions"], year)


def conditions_table(frame: pd.DataFrame, year: int):
    if frame.empty:
        return _no_data()
    scored = deficits.conditions_deficits(frame)

    def number(value, unit):
        return strings.NO_DATA if pd.isna(value) else f"{format_number(value, 2 if unit == '0/1' else 1)} {unit}"

    rows = [
        html.Tr([
            html.Td(str(r["name"])),
            html.Td(number(r["value"], r["unit"])),
            html.Td(number(r["reference"], r["unit"])),
            html.Td(strings.PROFILE_REFERENCE_KINDS[r["reference_kind"]]),
            html.Td(number(r["shortfall"], r["unit"]) if r["is_deficit"] else "—",
                    className="text-danger fw-semibold" if r["is_deficit"] else ""),
        ])
        for _, r in scored.iterrows()
    ]
    head = html.Thead(html.Tr([html.Th(v) for v in strings.PROFILE_CONDITIONS_COLUMNS.values()]))
    count = int(scored["is_deficit"].sum())
    summary = (strings.PROFILE_DEFICITS.format(year=year, n=count) if count
               else strings.PROFILE_NO_DEFICITS.format(year=year))
    return html.Div([
        html.P(summary, className="mb-2"),
        dbc.Table([head, html.Tbody(rows)], size="sm", striped=True, responsive=True, className="conditions-table"),
    ])


@callback(Output(ids.CONTEXT_TREND, "figure"), Input(ids.SCHOOL, "data"), Input(ids.INDICATOR, "value"))
def context_trend(school_code, indicator):
    code, indicator = _code(school_code), inputs.text(indicator, 40)
    frame = profile.context_comparison(current_scope(), code)
    return context_trend_figure(frame[frame["indicator_code"] == indicator])


def _results(school_code) -> pd.DataFrame:
    return profile.school_results(current_scope(), _code(school_code))


@callback(Output(ids.SUBJECT, "options"), Output(ids.SUBJECT, "value"),
          Input(ids.SCHOOL, "data"), Input(ids.KIND, "value"))
def results_subjects(school_code, kind):
    frame = _results(school_code)
    subjects = sorted(frame.loc[frame["kind"] == inputs.text(kind), "subject"].unique().tolist())
    value = "математика" if "математика" in subjects else (subjects[0] if subjects else None)
    return [{"label": s, "value": s} for s in subjects], value


@callback(Output(ids.GRADE, "options"), Output(ids.GRADE, "value"),
          Input(ids.SCHOOL, "data"), Input(ids.KIND, "value"), Input(ids.SUBJECT, "value"))
def results_grades(school_code, kind, subject):
    frame = _results(school_code)
    rows = frame[(frame["kind"] == inputs.text(kind)) & (frame["subject"] == inputs.text(subject))]
    grades = sorted(int(g) for g in rows["grade"].unique())
    return [{"label": str(g), "value": g} for g in grades], (grades[0] if grades else None)


@callback(
    Output(ids.RESULTS_TREND, "figure"),
    Output(ids.RESULTS_MARKS, "figure"),
    Output(ids.RESULTS_NOTE, "children"),
    Input(ids.SCHOOL, "data"),
    Input(ids.KIND, "value"),
    Input(ids.SUBJECT, "value"),
    Input(ids.GRADE, "value"),
)
def results_charts(school_code, kind, subject, grade):
    frame = _results(school_code)
    kind, subject, grade = inputs.text(kind), inputs.text(subject), inputs.integer(grade, 0, 12)
    rows = frame[(frame["kind"] == kind) & (frame["subject"] == subject) & (frame["grade"] == grade)]
    if rows.empty:
        from dashboard.figures.template import empty_figure

        return empty_figure(strings.NO_DATA), empty_figure(strings.NO_DATA), ""
    label = strings.procedure_label(kind, subject, grade)
    note = f"{strings.DATA_SOURCE.format(procedure=label, year=', '.join(map(str, rows['year'])))} " \
           f"{strings.SUPPRESSION_RULE.format(n=rules.min_cell())}"
    return results_trend_figure(rows, label), marks_figure(rows, label), note


@callback(Output(ids.SKILLS, "children"), Input(ids.SCHOOL, "data"), Input(ids.YEAR, "value"))
def weak_skills_block(school_code, year):
    code, year = _code(school_code), _year(year)
    if year is None:
        return _no_data()
    frame = profile.weak_skills(current_scope(), code, year)
    frame = frame[frame["gap"] < 0].dropna(subset=["gap"])
    if frame.empty:
        return _no_data()
    sections = []
    for subject, group in frame.groupby("subject", sort=True):
        top = group.nsmallest(rules.WEAK_SKILLS_PER_SUBJECT, "gap")
        rows = [html.Tr([
            html.Td(strings.procedure_label(r["kind"], r["subject"], r["grade"])),
            html.Td(f"{r['skill_code']} {r['skill_name']}"),
            html.Td(format_percent(r["school_percent"])),
            html.Td(format_percent(r["municipality_percent"])),
            html.Td(format_number(r["gap"], 1), className="text-danger"),
        ]) for _, r in top.iterrows()]
        head = html.Thead(html.Tr([html.Th(v) for v in strings.PROFILE_SKILLS_COLUMNS.values()]))
        sections += [html.H3(str(subject), className="h6 mt-2"),
                     dbc.Table([head, html.Tbody(rows)], size="sm", striped=True, responsive=True)]
    sections.append(html.P(strings.PROFILE_SKILLS_NOTE.format(year=year, n=rules.WEAK_SKILLS_PER_SUBJECT),
                           className="small text-muted mb-0"))
    return html.Div(sections, className="weak-skills")


@callback(
    Output(ids.PDF, "data"),
    Input(ids.PDF_BUTTON, "n_clicks"),
    State(ids.SCHOOL, "data"),
    State(ids.YEAR, "value"),
    State(ids.KIND, "value"),
    State(ids.SUBJECT, "value"),
    State(ids.GRADE, "value"),
    prevent_initial_call=True,
)
def profile_pdf(n_clicks, school_code, year, kind, subject, grade):
    """A4 PDF of the profile with the chosen year and procedure printed on it."""
    if not inputs.integer(n_clicks, 1) or _year(year) is None:
        raise PreventUpdate
    scope, code, year = current_scope(), _code(school_code), _year(year)
    header = profile.school_header(scope, code)
    context = profile.context_comparison(scope, code)
    chosen = context[(context["year"] == year) & context["value"].notna()]
    chosen = chosen.assign(position=deficits.position(chosen)) if not chosen.empty else chosen
    kind, subject, grade = inputs.text(kind), inputs.text(subject), inputs.integer(grade, 0, 12)
    results = profile.school_results(scope, code)
    results = results[(results["kind"] == kind) & (results["subject"] == subject) & (results["grade"] == grade)]
    skills = profile.weak_skills(scope, code, year)
    skills = skills[skills["gap"] < 0].sort_values("gap").groupby("subject").head(3).head(10)
    procedure = strings.procedure_label(kind, subject, grade) if kind and subject else strings.NO_DATA
    held = profile.school_results(scope, code)["held_on"].dropna()
    lines = [
        " · ".join([header["municipality"], strings.SCHOOL_KINDS.get(header["kind"], header["kind"]),
                    strings.LOCALITIES.get(header["locality"], header["locality"]),
                    f"{strings.PROFILE_FIELDS['pupils']}: {format_number(header['pupils'])}"]),
        _flags_line(profile.school_flag_state(scope, code)),
        strings.PROFILE_DATA_DATE.format(date=max(held).strftime("%d.%m.%Y") if len(held) else strings.NO_DATA,
                                         year=year),
        strings.PROFILE_FILTERS.format(year=year, procedure=procedure),
        strings.SUPPRESSION_RULE.format(n=rules.min_cell()),
    ]
    fig = profile_pdf_page.profile_figure(header, lines, chosen, results, skills, procedure)
    return dcc.send_bytes(profile_pdf_page.to_pdf(fig), f"profile_{code}_{year}.pdf")


def _flags_line(state: dict) -> str:
    found = [text for on, text in ((bool(state["low_runs"]), strings.FLAG_LOW_RESULTS),
                                   (state["adverse"], strings.FLAG_ADVERSE)) if on]
    return f"{strings.PROFILE_FLAGS}: {'; '.join(found) if found else strings.PROFILE_NO_FLAGS}"
