"""`/schools/<code>` callbacks: one per block, each parsing a `Selection` and calling a view.

Refusal is decided in data_access (require_school). The header is the one block that says so:
it audits the refusal and shows the shared refusal alert; it also keeps the body hidden, and
the pickers (and through them every other block) only run once the body is shown, so one
refused page view is audited once. A forged request to any other block is refused by
`guarded` (audited, answered with nothing).
"""

from __future__ import annotations

from typing import NamedTuple
from urllib.parse import urlencode

import pandas as pd
from dash import Input, Output, State, dcc, html, no_update
from dash.exceptions import PreventUpdate

from callbacks import inputs, pickers, query
from callbacks.downloads import sent
from callbacks.refusals import audit_refusal
from callbacks.registry import callback
from callbacks.school_profile_query import DEFAULT_INDICATOR, Selection
from dashboard import rules, strings
from dashboard.analytics import deficits
from dashboard.auth import current_scope
from dashboard.figures import profile as views
from dashboard.figures.template import empty_figure
from dashboard.formatting import format_number
from dashboard.ids import SchoolProfile as ids
from dashboard.reports import profile_pdf as report
from dashboard.web.components import definition_list, refusal_alert
from dashboard.web.tables import grid_columns, grid_rows
from data_access import school_profile as profile
from data_access.scope import OutOfScope, Scope


def _code(selection: Selection) -> str:
    """The school of the page; a code that is no text is refused like an unknown school."""
    if selection.school is None:
        raise OutOfScope("school", selection.school)
    return selection.school


def _no_data() -> html.P:
    return html.P(strings.NO_DATA, className="text-muted mb-0 no-data")


def _table_outputs(text_id: str, grid_id: str, box_id: str) -> list[Output]:
    """A table block: its text (a summary or «нет данных»), the grid's rows and columns, and
    whether the box around the grid is hidden."""
    return [
        Output(text_id, "children"),
        Output(grid_id, "rowData"),
        Output(grid_id, "columnDefs"),
        Output(box_id, "hidden"),
    ]


def _no_table() -> tuple:
    return _no_data(), [], [], True


def _grid(frame: pd.DataFrame, danger: str) -> tuple[list[dict], list[dict], bool]:
    """(rows, columns, hidden) of a grid whose column `danger` is shown in red."""
    columns = grid_columns(frame)
    for column in columns:
        if column["headerName"] == danger:
            column["cellClass"] = "text-danger fw-semibold"
    return grid_rows(frame), columns, frame.empty


#: Blocks of the profile year; each block's callback also hears the school (on page load).
BY_YEAR = (Input(ids.SCHOOL, "data"), Input(ids.YEAR, "value"))
PROCEDURE = (ids.KIND, ids.SUBJECT, ids.GRADE)
PICKERS = (ids.YEAR, ids.INDICATOR, *PROCEDURE)


# ------------------------------------------------------------------ header, flags, pickers
@callback(
    Output(ids.DENIED, "children"),
    Output(ids.BODY, "hidden"),
    Output(ids.HEADER, "children"),
    Output(ids.FLAGS, "children"),
    Input(ids.SCHOOL, "data"),
)
def profile_header(school_code):
    scope = current_scope()
    try:
        code = _code(Selection.parse(school_code))
        header = profile.school_header(scope, code)
        flags = profile.school_flag_state(scope, code)
    except OutOfScope as refused:
        audit_refusal(refused, "profile_header")
        return refusal_alert(strings.PROFILE_DENIED), True, None, None
    return None, False, header_block(header), flags_block(flags, header["school_code"])


def header_block(header: dict) -> html.Div:
    pupils = strings.NO_DATA
    if header["pupils"] is not None:
        pupils = strings.PROFILE_PUPILS.format(
            n=format_number(header["pupils"]), year=header["pupils_year"]
        )
    fields = [
        (strings.PROFILE_FIELDS["code"], header["school_code"]),
        (strings.PROFILE_FIELDS["municipality"], header["municipality"]),
        (strings.PROFILE_FIELDS["kind"], strings.SCHOOL_KINDS.get(header["kind"], header["kind"])),
        (
            strings.PROFILE_FIELDS["locality"],
            strings.LOCALITIES.get(header["locality"], header["locality"]),
        ),
        (strings.PROFILE_FIELDS["pupils"], pupils),
        (strings.PROFILE_FIELDS["address"], header["address"] or strings.NO_DATA),
    ]
    return html.Div(
        [
            html.H1(header["name"], className="h3 mb-2"),
            definition_list([(label, str(value)) for label, value in fields], "row mb-0"),
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
        reason = strings.PROFILE_LOW_REASON.format(
            share=share, n=rules.LOW_RESULTS_CONSECUTIVE_YEARS, years=years
        )
        items.append(
            html.Li(
                [html.Strong(strings.FLAG_LOW_RESULTS.capitalize()), f": {reason}."],
                className="flag-low-results",
            )
        )
    elif not state["has_vpr"]:
        items.append(html.Li(strings.PROFILE_LOW_NO_VPR))
    elif state["low_years"]:
        low_years = ", ".join(map(str, state["low_years"]))
        items.append(html.Li(strings.PROFILE_LOW_NOT.format(share=share, years=low_years)))
    else:
        items.append(html.Li(strings.PROFILE_LOW_NONE))
    if state["social_index"] is None:
        items.append(html.Li(strings.PROFILE_ADVERSE_NONE))
    elif state["adverse"]:
        reason = strings.PROFILE_ADVERSE_REASON.format(
            index=format_number(state["social_index"], 2),
            share=format_number(state["social_share"] * 100),
            limit=limit,
        )
        items.append(
            html.Li(
                [html.Strong(strings.FLAG_ADVERSE.capitalize()), f": {reason}."],
                className="flag-adverse",
            )
        )
    else:
        items.append(
            html.Li(
                strings.PROFILE_ADVERSE_NOT.format(
                    index=format_number(state["social_index"], 2), limit=limit
                )
            )
        )
    items.append(
        html.Li(
            [
                f"{strings.FLAG_RESILIENT.capitalize()}: {strings.PROFILE_SEE} ",
                dcc.Link(f"«{strings.ISSUE_RANKINGS}»", href="/rankings"),
            ]
        )
    )
    items.append(
        html.Li(
            [
                f"{strings.FLAG_BIAS.capitalize()}: {strings.PROFILE_SEE} ",
                dcc.Link(
                    f"«{strings.ISSUE_OBJECTIVITY}»",
                    href=f"/objectivity?{urlencode({'school': school_code})}",
                ),
            ]
        )
    )
    return html.Ul(items, className="mb-0")


def _changed(new, old):
    """A picker's value only when it moved, so the blocks that listen to it do not redraw."""
    return no_update if new == old else new


def _years_in_data(context, results) -> list[int]:
    """The years the profile has data for (context values or results): the year picker's
    choices, and the PDF names the last of them as the last year in the data."""
    filled = context[context["value"].notna()]
    return sorted({int(y) for y in filled["year"]} | {int(y) for y in results["year"]})


@callback(
    *[Output(picker, prop) for picker in PICKERS for prop in ("options", "value")],
    Output(ids.DATA_DATE, "children"),
    Output(ids.LOCATION, "search"),
    Input(ids.BODY, "hidden"),
    *[Input(picker, "value") for picker in PICKERS],
    State(ids.SCHOOL, "data"),
    State(ids.LOCATION, "search"),
    memo=True,
)
def profile_pickers(hidden, year, indicator, kind, subject, grade, school_code, search):
    """Year, indicator and the procedure chain resolved in one step; the choice goes to the URL.

    Waits for the header to show the body: a refused page never gets here."""
    if hidden is True:
        raise PreventUpdate
    asked = Selection.restore(
        school_code, search, year=year, indicator=indicator, kind=kind, subject=subject, grade=grade
    )
    resolved = resolve(current_scope(), asked)
    chosen, pick, years, names = resolved.selection, resolved.pick, resolved.years, resolved.names
    return (
        pickers.options(years),
        _changed(chosen.year, year),
        pickers.options(list(names), names),
        _changed(chosen.indicator, indicator),
        pick.kind_options,
        _changed(chosen.kind, kind),
        pick.subject_options,
        _changed(chosen.subject, subject),
        pick.grade_options,
        _changed(chosen.grade, grade),
        report.data_date(resolved.results, years[-1] if years else None),
        query.rewrite(chosen.query(), search),
    )


class Resolved(NamedTuple):
    """The profile's selection with every default filled, and what the pickers offer."""

    selection: Selection
    pick: pickers.ProcedurePick
    years: list[int]  # the year picker's choices
    names: dict[str, str]  # indicator code → name (the indicator picker's choices)
    results: pd.DataFrame  # the school's results (profile.school_results)


def resolve(scope: Scope, asked: Selection) -> Resolved:
    """Year, indicator and procedure as the page opens on `asked`: an asked value when the
    school has it, else the latest year, the default indicator and the default procedure.
    Refuses (OutOfScope) a school outside `scope`."""
    code = _code(asked)
    context = profile.context_comparison(scope, code)
    results = profile.school_results(scope, code)
    pick = pickers.resolve(results, asked.kind, asked.subject, asked.grade, multi_year=True)
    years = _years_in_data(context, results)
    names = (
        {c: str(n) for c, n in zip(context["indicator_code"], context["name"], strict=True)}
        if "name" in context
        else {}
    )
    codes = list(names)
    indicator_default = pickers.keep(codes, DEFAULT_INDICATOR, codes[0] if codes else None)
    chosen = Selection(
        code,
        pickers.keep(years, asked.year, years[-1] if years else None),
        pickers.keep(codes, asked.indicator, indicator_default),
        pick.kind,
        pick.subject,
        pick.grade,
    )
    return Resolved(chosen, pick, years, names, results)


# ------------------------------------------------------------------ context and conditions
def _context_of_year(code: str, year: int) -> pd.DataFrame:
    """The school's indicators with a value in `year`, each placed against the municipality."""
    context = profile.context_comparison(current_scope(), code)
    chosen = context[(context["year"] == year) & context["value"].notna()]
    if chosen.empty:
        return chosen.assign(position=pd.Series(dtype="float64"))
    return chosen.assign(position=deficits.position(chosen))


@callback(Output(ids.CONTEXT, "figure"), Output(ids.CONTEXT_NOTE, "children"), *BY_YEAR, memo=True)
def context_block(school_code, year):
    selection = Selection.parse(school_code, year)
    if selection.year is None:
        return empty_figure(strings.NO_DATA), ""
    chosen = _context_of_year(_code(selection), selection.year)
    figure, table = views.context_view(chosen, selection.year)
    note = strings.PROFILE_CONTEXT_NOTE.format(year=selection.year, n=rules.min_cell())
    return figure, "" if table.empty else note


@callback(
    *_table_outputs(ids.CONDITIONS, ids.CONDITIONS_GRID, ids.CONDITIONS_TABLE), *BY_YEAR, memo=True
)
def conditions_block(school_code, year):
    selection = Selection.parse(school_code, year)
    if selection.year is None:
        return _no_table()
    chosen = _context_of_year(_code(selection), selection.year)
    conditions = chosen[chosen["group"] == "conditions"] if not chosen.empty else chosen
    if conditions.empty:
        return _no_table()
    scored = deficits.conditions_deficits(conditions)
    table = views.conditions_table(scored)
    return (
        html.Div(
            [
                html.P(views.conditions_summary(scored, selection.year), className="mb-1"),
                html.P(_norms_note(scored), className="small text-muted mb-2"),
            ]
        ),
        *_grid(table, strings.PROFILE_CONDITIONS_COLUMNS["deficit"]),
    )


def _norms_note(scored: pd.DataFrame) -> str:
    """Which indicators are measured against the region's norm (with its document), the
    catalogue's norm, or only the regional median."""
    parts = []
    for kind, template in strings.PROFILE_NORM_SOURCES.items():
        rows = scored[scored["reference_kind"] == kind]
        if rows.empty:
            continue
        if kind == "region_norm":
            names = [
                strings.PROFILE_NORM_DOCUMENT.format(name=name, source=source)
                for name, source in zip(rows["name"], rows["region_norm_source"], strict=True)
            ]
        else:
            names = rows["name"].tolist()
        parts.append(template.format(items=", ".join(names)))
    return strings.PROFILE_NORMS_NOTE.format(parts="; ".join(parts))


@callback(
    Output(ids.CONTEXT_TREND, "figure"),
    Input(ids.SCHOOL, "data"),
    Input(ids.INDICATOR, "value"),
    memo=True,
)
def context_trend(school_code, indicator):
    selection = Selection.parse(school_code, indicator=indicator)
    if selection.indicator is None:
        return empty_figure(strings.NO_DATA)
    context = profile.context_comparison(current_scope(), _code(selection))
    return views.context_trend_view(context, selection.indicator)[0]


# ------------------------------------------------------------------ results and weak skills
@callback(
    Output(ids.RESULTS_TREND, "figure"),
    Output(ids.RESULTS_MARKS, "figure"),
    Output(ids.RESULTS_NOTE, "children"),
    Input(ids.SCHOOL, "data"),
    *[Input(picker, "value") for picker in PROCEDURE],
    memo=True,
)
def results_charts(school_code, kind, subject, grade):
    s = Selection.parse(school_code, kind=kind, subject=subject, grade=grade)
    if not s.has_procedure:
        return empty_figure(strings.NO_DATA), empty_figure(strings.NO_DATA), ""
    rows, (trend, _), (marks, _) = results_views(current_scope(), s)
    if rows.empty:
        return trend, marks, ""
    label = strings.procedure_label(s.kind, s.subject, s.grade)
    years = ", ".join(map(str, rows["year"]))
    note = (
        f"{strings.DATA_SOURCE.format(procedure=label, year=years)} "
        f"{strings.SUPPRESSION_RULE.format(n=rules.min_cell())}"
    )
    return trend, marks, note


def results_views(scope: Scope, s: Selection) -> tuple[pd.DataFrame, tuple, tuple]:
    """(the school's rows of the chosen procedure, (trend figure, table), (marks figure,
    table)) for a selection with a procedure: the results block, for the page or a slide."""
    results = profile.school_results(scope, _code(s))
    rows = views.procedure_rows(results, s.kind, s.subject, s.grade)
    label = strings.procedure_label(s.kind, s.subject, s.grade)
    return rows, views.results_trend_view(rows, label), views.marks_view(rows, label)


@callback(*_table_outputs(ids.SKILLS, ids.SKILLS_GRID, ids.SKILLS_TABLE), *BY_YEAR, memo=True)
def weak_skills_block(school_code, year):
    selection = Selection.parse(school_code, year)
    if selection.year is None:
        return _no_table()
    skills = profile.weak_skills(current_scope(), _code(selection), selection.year)
    weakest = views.weakest_skills(skills, rules.WEAK_SKILLS_PER_SUBJECT)
    if weakest.empty:
        return _no_table()
    note = strings.PROFILE_SKILLS_NOTE.format(year=selection.year, n=rules.WEAK_SKILLS_PER_SUBJECT)
    return (
        html.P(note, className="small text-muted mb-0 weak-skills"),
        *_grid(views.skills_table(weakest), strings.PROFILE_SKILLS_COLUMNS["gap"]),
    )


@callback(
    Output(ids.PDF, "data"),
    Input(ids.PDF_BUTTON, "n_clicks"),
    State(ids.SCHOOL, "data"),
    *[State(picker, "value") for picker in (ids.YEAR, *PROCEDURE)],
    prevent_initial_call=True,
)
def profile_pdf(n_clicks, school_code, year, kind, subject, grade):
    """A4 PDF of the profile with the chosen year and procedure printed on it."""
    s = Selection.parse(school_code, year, kind=kind, subject=subject, grade=grade)
    if not inputs.clicked(n_clicks) or s.year is None:
        raise PreventUpdate
    scope, code = current_scope(), _code(s)
    results = profile.school_results(scope, code)
    years = _years_in_data(profile.context_comparison(scope, code), results)
    pdf = report.profile_report(
        profile.school_header(scope, code),
        profile.school_flag_state(scope, code),
        _context_of_year(code, s.year),
        results,
        profile.weak_skills(scope, code, s.year),
        year=s.year,
        latest=years[-1] if years else None,
        kind=s.kind,
        subject=s.subject,
        grade=s.grade,
        min_cell=rules.min_cell(),
    )
    asked = f"school={code} year={s.year}"
    return sent(pdf, f"profile_{code}_{s.year}.pdf", "school_profile", asked=asked)
