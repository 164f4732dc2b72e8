"""`/procedures` controls: restored from the address on load, written back on change.

The procedure (kind → subject → grade → years) is resolved by callbacks.pickers in one
callback; the view controls (unit, municipality, sort, the chart tab) and the cohort pair are
set from the address once it is known. A control prefers its own value once it has one, the
address's before that; the address always mirrors the controls, so after the first load
"prefer the address" means "keep what the user had". The page's dcc.Location has
refresh=False: writing `search` only pushes history and does not re-run the page router.
"""

from __future__ import annotations

from dash import Input, Output, State
from dash.exceptions import PreventUpdate

from callbacks import inputs, pickers
from callbacks.procedures_query import Selection
from callbacks.query import from_query, rewrite
from callbacks.registry import callback
from dashboard import rules, strings
from dashboard.auth import current_scope
from dashboard.ids import Procedures as ids
from data_access import home, procedures, procedures_detail
from data_access.scope import Scope

#: The controls that choose the procedure, and all the controls of a `Selection`, in its order.
PROCEDURE = (ids.KIND, ids.SUBJECT, ids.GRADE, ids.YEARS)
CONTROLS = (*PROCEDURE, ids.UNIT, ids.MUNICIPALITY, ids.SORT, ids.PAIR)


@callback(
    *pickers.chain_outputs(*PROCEDURE),
    Input(ids.LOCATION, "pathname"),
    *[Input(name, "value") for name in PROCEDURE],
    State(ids.LOCATION, "search"),
    memo=True,
)
def choose_procedure(pathname, kind, subject, grade, years, search):
    """Kind → subject → grade → years re-resolved at once, whichever the user changed; before
    the pickers hold values, the address's are wanted."""
    if inputs.text(pathname) is None:
        raise PreventUpdate  # the Location has not reported the address yet
    catalogue = procedures.procedure_catalogue(current_scope())
    pick = pickers.resolve_asked(
        catalogue, search, kind, subject, grade, years, year_name="years", multi_year=True
    )
    return pick.outputs(multi_year=True)


#: What in the address names a selection: when any of these is there, the address wins over
#: the user's home (a cleared municipality stays cleared on reload).
SELECTION_NAMES = ("kind", "subject", "grade", "years", "unit", "municipality")


def start_municipality(scope, search: object) -> str | None:
    """The municipality the page opens on: the address's when it names a selection, else
    the user's own (a municipality user's, a director's school's); None is the whole region."""
    if any(name in from_query(search) for name in SELECTION_NAMES):
        return Selection.from_search(search).municipality
    return home.home(scope).municipality_code


@callback(
    Output(ids.UNIT, "options"),
    Output(ids.UNIT, "value"),
    Output(ids.MUNICIPALITY, "options"),
    Output(ids.MUNICIPALITY, "value"),
    Output(ids.SORT, "value"),
    Output(ids.TABS, "value"),
    Output(ids.SHOW_ALL, "value"),
    Input(ids.LOCATION, "pathname"),
    State(ids.LOCATION, "search"),
    memo=True,
)
def load_controls(pathname, search):
    """The view controls and the chart tab from the address; viewers compare municipalities
    only. Without a selection in the address, a municipality user starts on its own
    municipality and a director on its school's (region-wide roles on the whole region)."""
    if inputs.text(pathname) is None:
        raise PreventUpdate  # the Location has not reported the address yet
    return view_controls(current_scope(), search)


def view_controls(scope: Scope, search: object) -> tuple:
    """(unit options, unit, municipality options, municipality, sort, tab, show_all) the page
    opens on for `search` (a story's slide resolves its view the same way)."""
    shared = Selection.from_search(search)
    units = ["municipalities"] if scope.aggregates_only else ["schools", "municipalities"]
    codes, names = (procedures.municipality_list(scope)[c].tolist() for c in ("code", "name"))
    return (
        pickers.options(units, strings.PROC_UNITS),
        pickers.keep(units, shared.unit, units[0]),
        pickers.options(codes, dict(zip(codes, names, strict=True))),
        pickers.keep(codes, start_municipality(scope, search)),
        shared.sort,
        shared.tab,
        shared.show_all,
    )


@callback(
    Output(ids.PAIR, "options"),
    Output(ids.PAIR, "value"),
    Input(ids.SUBJECT, "value"),
    Input(ids.GRADE, "value"),
    State(ids.LOCATION, "search"),
)
def choose_pair(subject, grade, search):
    """Pairs of the subject; by default the latest one involving the chosen grade."""
    return pair_choice(current_scope(), subject, grade, search)


def pair_choice(scope: Scope, subject, grade, search: object) -> tuple[list[dict], str | None]:
    """(options, value) of the cohort pair picker: the address's pair when offered, else the
    latest pair involving `grade`."""
    subject, grade = inputs.text(subject, 100), inputs.integer(grade, 0, 12)
    pairs = procedures_detail.cohort_pairs(scope, subject) if subject else None
    if pairs is None or pairs.empty:
        return [], None
    rows = pairs.to_dict("records")
    labels = {
        f"{r['code_a']}:{r['code_b']}": f"{r['label']}: {r['year_a']} → {r['year_b']}" for r in rows
    }
    values = list(labels)
    same_grade = [
        v for v, r in zip(values, rows, strict=True) if grade in (r["grade_a"], r["grade_b"])
    ]
    chosen = pickers.keep(values, from_query(search).get("pair"), (same_grade or values)[-1])
    return pickers.options(values, labels), chosen


@callback(
    Output(ids.LOCATION, "search"),
    *[Input(name, "value") for name in CONTROLS],
    Input(ids.TABS, "value"),
    Input(ids.SHOW_ALL, "value"),
    State(ids.LOCATION, "search"),
)
def write_query(kind, subject, grade, years, unit, municipality, sort, pair, tab, show_all, search):
    """Controls and the chart tab → ?query, once the selection is complete (so a half-restored
    page never overwrites the address it is being restored from)."""
    selection = Selection.parse(
        kind, subject, grade, years, unit, municipality, sort, pair, tab, show_all
    )
    if not selection.complete:
        raise PreventUpdate
    return rewrite(selection.query(), search)


@callback(Output(ids.NOTE, "children"), *[Input(name, "value") for name in (*PROCEDURE, ids.UNIT)])
def selection_note(kind, subject, grade, years, unit):
    """The source, the suppression rule and what the caller's role may see, under the controls."""
    selection = Selection.parse(kind, subject, grade, years, unit)
    if not selection.complete:
        return strings.NO_DATA
    scope = current_scope()
    source = strings.DATA_SOURCE.format(
        procedure=strings.procedure_label(selection.kind, selection.subject, selection.grade),
        year=", ".join(map(str, selection.years)),
    )
    parts = [source, strings.SUPPRESSION_RULE.format(n=rules.min_cell()), strings.PROC_CI_NOTE]
    place = home.home(scope)
    if place.school_name:
        parts.insert(0, strings.PROC_YOUR_SCHOOL.format(name=place.school_name))
    if scope.aggregates_only:
        parts.append(strings.PROC_AGGREGATES_ONLY)
    elif not scope.sees_all_schools_by_name:
        parts.append(strings.PROC_ANONYMOUS_NOTE)
    if not place.is_region:
        parts.append(strings.PROC_COMPARISON)
    if not scope.aggregates_only:
        parts.append(strings.PROC_CLICK_SCHOOL)
    parts.append(strings.PROC_CLICK_MUNICIPALITY)
    return " ".join(parts)
