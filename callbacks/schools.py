"""`/schools` callbacks: filter options (restored from the address), the grid of named
schools (paged on the server: the grid asks for the rows it shows) and the offline map (drawn
when its tab is open), both built by dashboard.figures.schools."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import Input, Output, State, dcc, html, no_update
from dash.exceptions import PreventUpdate

from callbacks import inputs, pickers
from callbacks.query import rewrite
from callbacks.registry import callback
from callbacks.schools_query import Selection
from dashboard import strings
from dashboard.auth import current_scope
from dashboard.figures import schools as views
from dashboard.figures.template import empty_figure
from dashboard.formatting import format_number
from dashboard.ids import Schools as ids
from dashboard.web import grid_blocks
from dashboard.web.tables import grid_columns, row_classes
from data_access import rankings, schools
from data_access.home import home
from data_access.scope import Scope


def _list(scope: Scope, selection: Selection):
    return views.filtered(schools.school_list(scope), selection.filters())


def _kept(chosen: tuple[str, ...], offered: list[dict]) -> list[str]:
    values = {o["value"] for o in offered}
    return [v for v in chosen if v in values]


def subtitle(scope: Scope) -> str:
    """What the list holds and what a click does; a viewer (no list) gets none."""
    if scope.aggregates_only:
        return ""
    role = "region" if scope.sees_all_schools_by_name else scope.role
    return strings.SCHOOLS_SUBTITLES.get(role, strings.SCHOOLS_SUBTITLE)


def aggregates_only_alert() -> dbc.Alert:
    """The viewer's page: why there is no list, and where its aggregates are."""
    return dbc.Alert(
        [
            html.P(strings.SCHOOLS_AGGREGATES_ONLY, className="mb-1"),
            html.P(
                [
                    strings.SCHOOLS_AGGREGATES_SEE,
                    dcc.Link(f"«{strings.NAV['/']}»", href="/"),
                    strings.SCHOOLS_AGGREGATES_AND,
                    dcc.Link(f"«{strings.NAV['/procedures']}»", href="/procedures"),
                    ".",
                ],
                className="mb-0",
            ),
        ],
        color="secondary",
        className="mb-0",
    )


def find_mine(scope: Scope):
    """A director's «найти мою школу»: its profile, one click away."""
    place = home(scope)
    if place.school_code is None or scope.sees_all_schools_by_name:
        return None
    return dcc.Link(
        [strings.SCHOOLS_FIND_MINE, f": {place.school_name}"],
        href=f"/schools/{place.school_code}",
        className="btn btn-outline-primary btn-sm find-mine",
    )


def own_codes(scope: Scope, frame) -> frozenset[str]:
    """Codes of the user's own schools among `frame`'s (none when all of them are own)."""
    place = home(scope)
    codes = {place.school_code} if place.school_code else set()
    return views.own_codes(codes, frame["school_code"]) if not frame.empty else frozenset()


@callback(
    Output(ids.SUBTITLE, "children"),
    Output(ids.FIND_MINE, "children"),
    Output(ids.DENIED, "children"),
    Output(ids.BODY, "hidden"),
    Output(ids.MUNICIPALITY, "options"),
    Output(ids.MUNICIPALITY, "value"),
    Output(ids.KIND, "options"),
    Output(ids.KIND, "value"),
    Output(ids.LOCALITY, "options"),
    Output(ids.LOCALITY, "value"),
    Output(ids.MAP_COLOUR, "value"),
    Output(ids.TABS, "active_tab"),
    Input(ids.LOCATION, "pathname"),
    State(ids.LOCATION, "search"),
    memo=True,
)
def load_schools(pathname, search):
    if inputs.text(pathname) is None:
        raise PreventUpdate  # the Location has not reported the address yet
    scope, asked = current_scope(), Selection.from_search(search)
    if scope.aggregates_only:
        denied = aggregates_only_alert()
        return "", None, denied, True, [], [], [], [], [], [], asked.colour, asked.view
    frame = schools.school_list(scope)
    municipalities = pickers.options(sorted(frame["municipality"].unique()))
    kinds = pickers.options(sorted(frame["kind"].unique()), strings.SCHOOL_KINDS)
    localities = pickers.options(sorted(frame["locality"].unique()), strings.LOCALITIES)
    return (
        subtitle(scope),
        find_mine(scope),
        None,
        False,
        municipalities,
        _kept(asked.municipalities, municipalities),
        kinds,
        _kept(asked.kinds, kinds),
        localities,
        _kept(asked.localities, localities),
        asked.colour,
        asked.view,
    )


@callback(
    Output(ids.LOCATION, "search"),
    Input(ids.MUNICIPALITY, "value"),
    Input(ids.KIND, "value"),
    Input(ids.LOCALITY, "value"),
    Input(ids.MAP_COLOUR, "value"),
    Input(ids.TABS, "active_tab"),
    State(ids.LOCATION, "search"),
)
def write_query(municipality, kind, locality, colour, view, search):
    """Filters → ?query, once load_schools has restored them (before that they are null, and
    the address they are being restored from must not be overwritten)."""
    if None in (municipality, kind, locality):
        raise PreventUpdate
    return rewrite(Selection.parse(municipality, kind, locality, colour, view).query(), search)


def adjusted_effects(scope) -> dict[str, tuple[float, str]]:
    """school_code → (adjusted effect, category) of the /rankings default view: the latest
    year's ВПР over all subjects and grades, adjusted for the social index, pupil level. The
    same cached fit as the page, so both show the same number."""
    args = rankings.default_arguments(scope)
    if args is None:
        return {}
    view = rankings.school_rankings(scope, **args)
    if "empty" in view:
        return {}
    table = view["table"].dropna(subset=["school_code"])
    return {
        str(code): (float(effect), str(category))
        for code, effect, category in zip(
            table["school_code"], table["effect"], table["category"], strict=True
        )
    }


def _columns(table) -> list[dict]:
    """Grid columns: the code links to the profile; names wrap; percents keep one decimal, the
    adjusted effect its sign."""
    columns = grid_columns(table, links={views.CODE: "/schools/"})
    digits = {strings.SCHOOLS_COLUMNS[c] for c in views.PERCENT_COLUMNS}
    signed = strings.SCHOOLS_COLUMNS["adjusted_effect"]
    wide = {
        strings.SCHOOLS_COLUMNS["name"]: 280,
        strings.SCHOOLS_COLUMNS["municipality"]: 170,
        strings.SCHOOLS_COLUMNS["flags"]: 200,
    }
    for column in columns:
        if column["headerName"] == views.OWN:  # behind the own-row highlight, never shown
            column.update(hide=True, suppressColumnsToolPanel=True)
        if column["headerName"] in wide:  # long names wrap instead of being cut
            column.update(minWidth=wide[column["headerName"]], wrapText=True, autoHeight=True)
        if column["headerName"] == signed:
            column["valueFormatter"] = {
                "function": "(params.value > 0 ? '+' : '') + okoNumber(params.value, 1)"
            }
        elif column["headerName"] in digits:
            column["valueFormatter"] = {"function": "okoNumber(params.value, 1)"}
    return columns


def _restored(municipality, kind, locality) -> Selection:
    """The filters, once load_schools has restored them from the address (null before)."""
    if None in (municipality, kind, locality):
        raise PreventUpdate
    return Selection.parse(municipality, kind, locality)


def grid_frame(scope: Scope, selection: Selection):
    """The grid's frame: the filtered list under Russian headers with the adjusted effect and
    the (hidden) own-school mark."""
    frame = _list(scope, selection)
    return views.school_table(frame, adjusted_effects(scope), own_codes(scope, frame))


@callback(
    Output(ids.TABLE, "columnDefs"),
    Output(ids.TABLE, "rowClassRules"),
    Input(ids.MUNICIPALITY, "value"),
    Input(ids.KIND, "value"),
    Input(ids.LOCALITY, "value"),
    memo=True,
)
def school_table(municipality, kind, locality):
    """The grid's columns and the rule that highlights the user's own school (the rows, and
    the count of what they show, come page by page: school_rows)."""
    scope = current_scope()
    if scope.aggregates_only:
        return [], {}
    frame = grid_frame(scope, _restored(municipality, kind, locality))
    return _columns(frame), own_row_rule(frame)


def own_row_rule(table) -> dict[str, str]:
    """AG Grid `rowClassRules`: the own school's row gets `oko-own-row` (the rule skips rows
    whose data have not arrived yet, see tables.row_classes)."""
    return row_classes(table, views.OWN, {strings.GRID_YES: "oko-own-row"})


@callback(
    Output(ids.TABLE, "getRowsResponse"),
    Output(ids.TABLE, "paginationGoTo"),
    Output(ids.COUNT, "children"),
    Input(ids.TABLE, "getRowsRequest"),
    Input(ids.MUNICIPALITY, "value"),
    Input(ids.KIND, "value"),
    Input(ids.LOCALITY, "value"),
    memo=True,
)
def school_rows(request, municipality, kind, locality):
    """The rows the grid asks for (one page), sorted and filtered by the grid's models; when
    the filters change, the first page under the new filters, and the grid back on it. The
    count is of the rows the grid shows after every filter, its own text filters included."""
    scope = current_scope()
    if scope.aggregates_only:
        return grid_blocks.NO_ROWS, no_update, ""
    frame = grid_frame(scope, _restored(municipality, kind, locality))
    response, go_to = grid_blocks.page(ids.TABLE, frame, request)
    return response, go_to, strings.SCHOOLS_COUNT.format(n=format_number(response["rowCount"]))


@callback(
    Output(ids.MAP, "figure"),
    Input(ids.MUNICIPALITY, "value"),
    Input(ids.KIND, "value"),
    Input(ids.LOCALITY, "value"),
    Input(ids.MAP_COLOUR, "value"),
    Input(ids.TABS, "active_tab"),
    memo=True,
)
def school_map(municipality, kind, locality, colour, view):
    """The map, only while its tab is open (opening the tab draws it)."""
    if view != "map":
        raise PreventUpdate
    scope = current_scope()
    if scope.aggregates_only:
        return empty_figure(strings.SCHOOLS_AGGREGATES_ONLY)
    return map_view(scope, Selection.parse(municipality, kind, locality, colour))[0]


def map_view(scope: Scope, selection: Selection) -> views.Result:
    """The map of the filtered list and the plotted schools (the page's map tab, a slide)."""
    frame = _list(scope, selection)
    return views.school_map(frame, selection.colour, own_codes(scope, frame))


def profile_link(click: object, scope: Scope) -> str | None:
    """The profile a clicked map point opens: only a school the caller sees by name (its
    named list), whatever code the request carries."""
    data = inputs.point_data(click)
    code = inputs.text(data[-1], 20) if isinstance(data, list) and data else None
    if code is None or scope.aggregates_only:
        return None
    named = set(schools.school_list(scope)["school_code"].astype(str))
    return f"/schools/{code}" if code in named and views.SAFE_CODE.match(code) else None


@callback(Output(ids.GO, "href"), Input(ids.MAP, "clickData"), prevent_initial_call=True)
def open_school(click):
    link = profile_link(click, current_scope())
    if link is None:
        raise PreventUpdate
    return link
