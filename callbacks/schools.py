"""`/schools` callbacks: filter options (restored from the address), the grid of named
schools (paged on the server: the grid asks for the rows it shows) and the offline map (drawn
when its tab is open), both built by dashboard.figures.schools."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import Input, Output, State, no_update
from dash.exceptions import PreventUpdate

from callbacks import inputs, pickers
from callbacks.query import rewrite
from callbacks.registry import callback
from callbacks.schools_query import Selection
from dashboard import strings
from dashboard.auth import current_scope
from dashboard.figures import schools as views
from dashboard.figures.template import empty_figure
from dashboard.ids import Schools as ids
from dashboard.web import grid_blocks
from dashboard.web.tables import grid_columns
from data_access import rankings, schools


def _list(selection: Selection):
    return views.filtered(schools.school_list(current_scope()), selection.filters())


def _kept(chosen: tuple[str, ...], offered: list[dict]) -> list[str]:
    values = {o["value"] for o in offered}
    return [v for v in chosen if v in values]


@callback(
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
)
def load_schools(pathname, search):
    if inputs.text(pathname) is None:
        raise PreventUpdate  # the Location has not reported the address yet
    scope, asked = current_scope(), Selection.from_search(search)
    if scope.aggregates_only:
        denied = dbc.Alert(strings.SCHOOLS_AGGREGATES_ONLY, color="secondary", className="mb-0")
        return denied, True, [], [], [], [], [], [], asked.colour, asked.view
    frame = schools.school_list(scope)
    municipalities = pickers.options(sorted(frame["municipality"].unique()))
    kinds = pickers.options(sorted(frame["kind"].unique()), strings.SCHOOL_KINDS)
    localities = pickers.options(sorted(frame["locality"].unique()), strings.LOCALITIES)
    return (
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


def _table(scope, selection: Selection):
    """The grid's frame: the filtered list under Russian headers with the adjusted effect."""
    return views.school_table(_list(selection), adjusted_effects(scope))


@callback(
    Output(ids.TABLE, "columnDefs"),
    Output(ids.COUNT, "children"),
    Input(ids.MUNICIPALITY, "value"),
    Input(ids.KIND, "value"),
    Input(ids.LOCALITY, "value"),
    memo=True,
)
def school_table(municipality, kind, locality):
    """The grid's columns and the count of the filtered list (the rows come page by page)."""
    scope = current_scope()
    if scope.aggregates_only:
        return [], ""
    table = _table(scope, _restored(municipality, kind, locality))
    return _columns(table), strings.SCHOOLS_COUNT.format(n=len(table))


@callback(
    Output(ids.TABLE, "getRowsResponse"),
    Output(ids.TABLE, "paginationGoTo"),
    Input(ids.TABLE, "getRowsRequest"),
    Input(ids.MUNICIPALITY, "value"),
    Input(ids.KIND, "value"),
    Input(ids.LOCALITY, "value"),
    memo=True,
)
def school_rows(request, municipality, kind, locality):
    """The rows the grid asks for (one page), sorted and filtered by the grid's models; when
    the filters change, the first page under the new filters, and the grid back on it."""
    scope = current_scope()
    if scope.aggregates_only:
        return grid_blocks.NO_ROWS, no_update
    table = _table(scope, _restored(municipality, kind, locality))
    return grid_blocks.page(ids.TABLE, table, request)


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
    if current_scope().aggregates_only:
        return empty_figure(strings.SCHOOLS_AGGREGATES_ONLY)
    selection = Selection.parse(municipality, kind, locality, colour)
    figure, _ = views.school_map(_list(selection), selection.colour)
    return figure
