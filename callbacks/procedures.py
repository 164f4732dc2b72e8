"""`/procedures` controls: restored from the query string on load, written back on change.

Each chooser prefers the value in the URL when it is still among the options. The URL always
mirrors the controls, so after the first load "prefer the URL" means "keep what the user had".
The page's own dcc.Location has refresh=False: writing `search` only pushes history and does
not re-run the page router.
"""

from __future__ import annotations

from dash import Input, Output, State
from dash.exceptions import PreventUpdate

from callbacks import inputs
from callbacks.procedures_query import Selection, from_query, preferred
from callbacks.registry import callback
from dashboard import rules, strings
from dashboard.auth import current_scope
from dashboard.ids import Procedures as ids
from data_access import procedures, procedures_detail

DEFAULT = {"kind": "vpr", "subject": "математика"}


def _options(values, labels: dict | None = None) -> list[dict]:
    return [{"label": (labels or {}).get(v, str(v)), "value": v} for v in values]


def _catalogue(kind=None, subject=None, grade=None):
    frame = procedures.procedure_catalogue(current_scope())
    if kind is not None:
        frame = frame[frame["kind"] == kind]
    if subject is not None:
        frame = frame[frame["subject"] == subject]
    if grade is not None:
        frame = frame[frame["grade"] == grade]
    return frame


@callback(
    Output(ids.KIND, "options"), Output(ids.KIND, "value"),
    Output(ids.UNIT, "options"), Output(ids.UNIT, "value"),
    Output(ids.MUNICIPALITY, "options"), Output(ids.MUNICIPALITY, "value"),
    Output(ids.SORT, "value"),
    Input(ids.LOCATION, "pathname"),
    State(ids.LOCATION, "search"),
)
def load_controls(pathname, search):
    if inputs.text(pathname) is None:
        raise PreventUpdate  # the Location has not reported the address yet
    scope, query = current_scope(), from_query(search)
    kinds = sorted(_catalogue()["kind"].unique().tolist())
    units = ["municipalities"] if scope.aggregates_only else ["schools", "municipalities"]
    municipalities = procedures.municipality_list(scope)
    picked = Selection.parse(unit=query.get("unit"), sort=query.get("sort"))
    return (
        _options(kinds, strings.PROCEDURE_KINDS),
        preferred(kinds, query.get("kind"), preferred(kinds, DEFAULT["kind"], kinds[0] if kinds else None)),
        _options(units, strings.PROC_UNITS), preferred(units, picked.unit, units[0]),
        [{"label": n, "value": c} for c, n in zip(municipalities["code"], municipalities["name"], strict=True)],
        preferred(municipalities["code"].tolist(), query.get("municipality")),
        picked.sort,
    )


@callback(Output(ids.SUBJECT, "options"), Output(ids.SUBJECT, "value"),
          Input(ids.KIND, "value"), State(ids.LOCATION, "search"))
def choose_subject(kind, search):
    subjects = sorted(_catalogue(inputs.text(kind, 20))["subject"].unique().tolist())
    fallback = preferred(subjects, DEFAULT["subject"], subjects[0] if subjects else None)
    return _options(subjects), preferred(subjects, from_query(search).get("subject"), fallback)


@callback(Output(ids.GRADE, "options"), Output(ids.GRADE, "value"),
          Input(ids.KIND, "value"), Input(ids.SUBJECT, "value"), State(ids.LOCATION, "search"))
def choose_grade(kind, subject, search):
    rows = _catalogue(inputs.text(kind, 20), inputs.text(subject, 100))
    grades = sorted(int(g) for g in rows["grade"].unique())
    return _options(grades), preferred(grades, from_query(search).get("grade"), grades[0] if grades else None)


@callback(Output(ids.YEARS, "options"), Output(ids.YEARS, "value"),
          Input(ids.KIND, "value"), Input(ids.SUBJECT, "value"), Input(ids.GRADE, "value"),
          State(ids.LOCATION, "search"))
def choose_years(kind, subject, grade, search):
    rows = _catalogue(inputs.text(kind, 20), inputs.text(subject, 100), inputs.integer(grade, 0, 12))
    years = sorted(int(y) for y in rows["year"].unique())
    wanted = [y for y in Selection.parse(years=from_query(search).get("years")).years if y in years]
    return _options(years), wanted or years


@callback(Output(ids.PAIR, "options"), Output(ids.PAIR, "value"),
          Input(ids.SUBJECT, "value"), Input(ids.GRADE, "value"), State(ids.LOCATION, "search"))
def choose_pair(subject, grade, search):
    """Pairs of the subject; by default the latest one involving the chosen grade."""
    subject, grade = inputs.text(subject, 100), inputs.integer(grade, 0, 12)
    pairs = procedures_detail.cohort_pairs(current_scope(), subject) if subject else None
    if pairs is None or pairs.empty:
        return [], None
    values = [f"{a}:{b}" for a, b in zip(pairs["code_a"], pairs["code_b"], strict=True)]
    labels = [f"{label}: {a} → {b}" for label, a, b in zip(pairs["label"], pairs["year_a"], pairs["year_b"],
                                                              strict=True)]
    options = [{"label": lab, "value": v} for lab, v in zip(labels, values, strict=True)]
    same_grade = [v for v, a, b in zip(values, pairs["grade_a"], pairs["grade_b"], strict=True) if grade in (a, b)]
    return options, preferred(values, from_query(search).get("pair"), (same_grade or values)[-1])


@callback(
    Output(ids.LOCATION, "search"),
    Input(ids.KIND, "value"), Input(ids.SUBJECT, "value"), Input(ids.GRADE, "value"),
    Input(ids.YEARS, "value"), Input(ids.UNIT, "value"), Input(ids.MUNICIPALITY, "value"),
    Input(ids.SORT, "value"), Input(ids.PAIR, "value"),
    State(ids.LOCATION, "search"),
)
def write_query(kind, subject, grade, years, unit, municipality, sort, pair, search):
    """Controls → ?query, once the selection is complete (so a half-restored page never
    overwrites the address it is being restored from)."""
    selection = Selection.parse(kind, subject, grade, years, unit, municipality, sort, pair)
    if not selection.complete:
        raise PreventUpdate
    query = selection.query()
    if query == search:
        raise PreventUpdate
    return query


@callback(Output(ids.NOTE, "children"),
          Input(ids.KIND, "value"), Input(ids.SUBJECT, "value"), Input(ids.GRADE, "value"),
          Input(ids.YEARS, "value"), Input(ids.UNIT, "value"))
def selection_note(kind, subject, grade, years, unit):
    selection = Selection.parse(kind, subject, grade, years, unit)
    if not selection.complete:
        return strings.NO_DATA
    scope = current_scope()
    source = strings.DATA_SOURCE.format(
        procedure=strings.procedure_label(selection.kind, selection.subject, selection.grade),
        year=", ".join(map(str, selection.years)))
    parts = [source, strings.SUPPRESSION_RULE.format(n=rules.min_cell()), strings.PROC_CI_NOTE]
    if scope.aggregates_only:
        parts.append(strings.PROC_AGGREGATES_ONLY)
    elif not scope.sees_all_schools_by_name:
        parts.append(strings.PROC_ANONYMOUS_NOTE)
    return " ".join(parts)
