"""Overview `/` callbacks: whose overview it is (the region, or the user's own municipality or
school with the region as the comparison), counts, the procedure pickers (restored from and
written to the address), the municipality charts built by dashboard.figures.overview, and a
click on a bar turned into a visit of the municipality's results or the own school's profile.

What a click opens is decided here from the caller's scope: a bar carries only codes, and a
code is followed only when the caller's own overview shows it."""

from __future__ import annotations

from typing import NamedTuple

import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, State, dcc, html
from dash.exceptions import PreventUpdate

from callbacks import inputs, pickers
from callbacks.overview_query import Selection
from callbacks.procedures_query import Selection as ProceduresSelection
from callbacks.query import rewrite
from callbacks.registry import callback
from dashboard import rules, strings
from dashboard.auth import current_scope
from dashboard.figures import overview as views
from dashboard.formatting import format_number
from dashboard.ids import Overview as ids
from dashboard.web.tables import small_table
from data_access import overview
from data_access import school_profile as profile
from data_access.home import Home, home
from data_access.scope import Scope


def _card(value: int, label: str, region: int | None = None) -> dbc.Col:
    lines = [
        html.Div(format_number(value), className="h4 mb-0"),
        html.Div(label, className="small text-muted"),
    ]
    if region is not None:
        text = strings.OVERVIEW_REGION_COUNT.format(n=format_number(region))
        lines.append(html.Div(text, className="small text-muted region-count"))
    return dbc.Col(dbc.Card(dbc.CardBody(lines)), xs=6, md=True)


def _count_cards(counts: dict[str, int], region: dict[str, int] | None = None) -> dbc.Row:
    """The region's counts; with `region`, `counts` are the own municipality's and each card
    also gives the region's (the municipality count, 1, is left out)."""
    keys = [k for k in strings.OVERVIEW_COUNTS if region is None or k != "municipalities"]
    return dbc.Row(
        [
            _card(
                counts[key], strings.OVERVIEW_COUNTS[key], None if region is None else region[key]
            )
            for key in keys
        ],
        className="g-2",
    )


def title_of(place: Home, scope: Scope) -> tuple[str, str]:
    """(title, subtitle): whose overview it is and what it is compared with."""
    if place.school_name is not None:
        return (
            strings.OVERVIEW_TITLE_HOME.format(name=place.school_name),
            strings.OVERVIEW_SUBTITLE_SCHOOL,
        )
    if place.municipality_name is not None:
        return (
            strings.OVERVIEW_TITLE_HOME.format(name=place.municipality_name),
            strings.OVERVIEW_SUBTITLE_MUNICIPALITY,
        )
    return strings.OVERVIEW_TITLE, strings.OVERVIEW_SUBTITLE_VIEWER if scope.aggregates_only else ""


def school_block(scope: Scope, place: Home) -> dbc.Card | None:
    """A director's own school first: its latest results against municipality and region,
    and the way to its profile."""
    if place.school_code is None:
        return None
    results = profile.school_results(scope, place.school_code)
    year, table = views.school_latest(results)
    body = [html.H2(strings.OVERVIEW_SCHOOL_CARD.format(name=place.school_name), className="h5")]
    if year is None:
        body.append(html.P(strings.OVERVIEW_SCHOOL_NO_RESULTS, className="text-muted"))
    else:
        body += [
            html.H3(strings.OVERVIEW_SCHOOL_LATEST.format(year=year), className="h6"),
            small_table(table, class_name="own-school-latest"),
        ]
    body.append(
        dcc.Link(
            strings.OVERVIEW_SCHOOL_PROFILE,
            href=f"/schools/{place.school_code}",
            className="btn btn-primary btn-sm own-school-profile",
        )
    )
    return dbc.Card(dbc.CardBody(body), className="mb-3 own-school")


@callback(
    Output(ids.TITLE, "children"),
    Output(ids.SUBTITLE, "children"),
    Output(ids.HOME, "children"),
    Output(ids.COUNTS, "children"),
    Output(ids.LATEST, "children"),
    Input(ids.LOCATION, "pathname"),
    memo=True,
)
def load_overview(_pathname):
    scope = current_scope()
    place = home(scope)
    title, subtitle = title_of(place, scope)
    region = overview.overview_counts(scope)
    own = overview.home_counts(scope)
    if own is None:
        cards = _count_cards(region)
    else:
        whose = strings.OVERVIEW_COUNTS_HOME.format(name=place.municipality_name)
        cards = html.Div(
            [html.P(whose, className="small text-muted mb-1"), _count_cards(own, region)]
        )
    latest = views.latest_table(overview.latest_procedures(scope), place.municipality_name)
    return (
        title,
        subtitle,
        school_block(scope, place),
        cards,
        small_table(latest, class_name="latest"),
    )


PROCEDURE = (ids.KIND, ids.SUBJECT, ids.GRADE, ids.YEAR)


@callback(
    *pickers.chain_outputs(*PROCEDURE),
    *[Input(control, "value") for control in PROCEDURE],
    Input(ids.LOCATION, "pathname"),
    State(ids.LOCATION, "search"),
    memo=True,
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


CHARTS = ("figure", "figure", "children", "hidden", "label", "children")
CHART_IDS = (ids.BY_MUNICIPALITY, ids.MARKS, ids.NOTE, ids.SHOW_ALL_BOX, ids.SHOW_ALL, ids.HINT)


class ChartViews(NamedTuple):
    """Both municipality charts of one complete selection, with the frames behind them."""

    frame: pd.DataFrame  # every municipality (and the own school) of the procedure
    region: dict  # the region's result (`mean_percent`, …)
    hidden: int  # municipalities the charts leave out
    source: str  # «Источник: …» of the procedure and year
    by_municipality: views.Result
    marks: views.Result


def chart_views(scope: Scope, s: Selection, show_all: bool = False) -> ChartViews:
    """The charts of a complete selection for `scope` (the page's, or a story slide's)."""
    frame = overview.results_by_municipality(scope, s.kind, s.subject, s.grade, s.year)
    region = overview.region_result(scope, s.kind, s.subject, s.grade, s.year)
    shown, hidden = views.shown(frame, show_all)
    procedure = strings.procedure_label(s.kind, s.subject, s.grade)
    source = strings.DATA_SOURCE.format(procedure=procedure, year=s.year)
    return ChartViews(
        frame,
        region,
        hidden,
        source,
        views.by_municipality(shown, source, region["mean_percent"]),
        views.marks(shown, source),
    )


def start_selection(scope: Scope, search: object) -> Selection:
    """The procedure the page opens on for the address `search` (the pickers' first step)."""
    catalogue = overview.procedure_choices(scope)
    pick = pickers.resolve_asked(catalogue, search)
    return Selection.parse(pick.kind, pick.subject, pick.grade, pick.year)


def charts(kind, subject, grade, year, show_all=False) -> tuple:
    """Both charts draw the same municipalities: at most MAX_CATEGORIES unless «показать
    все» is on (the switch is shown only when something is left out)."""
    s = Selection.parse(kind, subject, grade, year)
    if not s.complete:
        empty, _ = views.empty()
        return empty, empty, "", True, "", ""
    scope = current_scope()
    found = chart_views(scope, s, show_all is True)
    frame, hidden, source = found.frame, found.hidden, found.source
    note = f"{source} {strings.SUPPRESSION_RULE.format(n=rules.min_cell())}"
    if hidden:
        note = f"{strings.OVERVIEW_CUT_NOTE.format(n=hidden)} {note}"
    by_municipality, marks = found.by_municipality[0], found.marks[0]
    cut = hidden > 0 or show_all is True
    label = strings.OVERVIEW_SHOW_ALL.format(n=hidden) if hidden else strings.OVERVIEW_SHOW_ALL_ON
    hint = ""
    if not frame.empty:
        own_school = bool(frame["is_own_school"].fillna(False).astype(bool).any())
        hint = strings.OVERVIEW_CLICK_HINT_SCHOOL if own_school else strings.OVERVIEW_CLICK_HINT
        if scope.aggregates_only:
            hint = strings.OVERVIEW_CLICK_HINT_VIEWER
    return by_municipality, marks, note, not cut, label, hint


@callback(
    *[Output(i, p) for i, p in zip(CHART_IDS, CHARTS, strict=True)],
    *[Input(control, "value") for control in PROCEDURE],
    State(ids.SHOW_ALL, "value"),
    memo=True,
)
def municipality_charts(kind, subject, grade, year, show_all=False):
    """The charts of the chosen procedure (the «показать все» switch as it stands)."""
    return charts(kind, subject, grade, year, show_all)


@callback(
    *[Output(i, p, allow_duplicate=True) for i, p in zip(CHART_IDS, CHARTS, strict=True)],
    Input(ids.SHOW_ALL, "value"),
    *[State(control, "value") for control in PROCEDURE],
    prevent_initial_call=True,
    memo=True,
)
def show_all_charts(show_all, kind, subject, grade, year):
    """The same charts when «показать все» is switched."""
    return charts(kind, subject, grade, year, show_all)


# ------------------------------------------------------------------ a click on a bar
def _codes(click: object) -> tuple[str | None, str | None]:
    """(municipality code, school code) a clicked bar carries in its customdata (last two)."""
    data = inputs.point_data(click)
    if not isinstance(data, list) or len(data) < 2:
        return None, None
    return inputs.text(data[-2], 20), inputs.text(data[-1], 20)


def link_for(click: object, selection: Selection, scope: Scope) -> str | None:
    """Where a click on a bar leads: the own school's profile, or the municipality's results
    of the chosen procedure on /procedures; None for anything the caller's overview does not
    show (a forged code)."""
    municipality, school = _codes(click)
    if school is not None:
        place = home(scope)
        return f"/schools/{school}" if school == place.school_code else None
    if municipality is None or not selection.complete:
        return None
    s = selection
    frame = overview.results_by_municipality(scope, s.kind, s.subject, s.grade, s.year)
    known = set(frame["municipality_code"].dropna()) if "municipality_code" in frame else set()
    if municipality not in known:
        return None
    unit = "municipalities" if scope.aggregates_only else "schools"
    target = ProceduresSelection(
        kind=s.kind,
        subject=s.subject,
        grade=s.grade,
        years=[s.year],
        unit=unit,
        municipality=municipality,
    )
    return "/procedures" + target.query()


def _open(click, kind, subject, grade, year):
    link = link_for(click, Selection.parse(kind, subject, grade, year), current_scope())
    if link is None:
        raise PreventUpdate
    return link


@callback(
    Output(ids.GO, "href"),
    Input(ids.BY_MUNICIPALITY, "clickData"),
    *[State(control, "value") for control in PROCEDURE],
    prevent_initial_call=True,
)
def open_bar(click, kind, subject, grade, year):
    return _open(click, kind, subject, grade, year)


@callback(
    Output(ids.GO, "href", allow_duplicate=True),
    Input(ids.MARKS, "clickData"),
    *[State(control, "value") for control in PROCEDURE],
    prevent_initial_call=True,
)
def open_marks(click, kind, subject, grade, year):
    return _open(click, kind, subject, grade, year)
