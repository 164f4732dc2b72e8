"""`/rankings` callbacks: the picker chain, then the (cached) fit drawn in three parts: the
status, method and grid columns; the chart of the open tab; the grid's pages on request.

Who is named is decided in data_access.rankings (the fit is regional, the answer redacted);
these callbacks parse the selection, check it against what is offered, and hand the fitted
view to dashboard.figures.rankings. The address carries the selection and the open chart tab.
"""

from __future__ import annotations

import logging
from urllib.parse import quote

import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, State, ctx, html, no_update
from dash.exceptions import PreventUpdate

from callbacks import inputs, pickers
from callbacks.downloads import send_table, wants_xlsx
from callbacks.query import from_query, rewrite, wanted
from callbacks.rankings_query import Selection
from callbacks.refusals import audit_refusal
from callbacks.registry import callback
from dashboard import rules, strings
from dashboard.auth import current_scope
from dashboard.figures import rankings as views
from dashboard.formatting import format_number, format_signed
from dashboard.ids import Rankings as ids
from dashboard.web import grid_blocks
from dashboard.web.tables import grid_columns, link_cell
from data_access import overview, rankings
from data_access.home import home
from data_access.scope import OutOfScope, Scope

log = logging.getLogger(__name__)

CONTROLS = (ids.KIND, ids.SUBJECT, ids.GRADE, ids.YEAR, ids.COVARIATES, ids.LEVEL)


def _covariate_labels(scope: Scope | None = None) -> dict[str, str]:
    """Offered covariate codes → their Russian names (for `scope`, default the caller's)."""
    return {
        code: strings.RANK_COVARIATES.get(code, name or code)
        for code, name in rankings.covariate_options(scope or current_scope())
    }


@callback(
    Output(ids.COVARIATES, "options"),
    Output(ids.COVARIATES, "value"),
    Output(ids.LEVEL, "value"),
    Output(ids.TABS, "active_tab"),
    Output(ids.TABLE_SCOPE, "value"),
    Output(ids.TABLE_SCOPE_BOX, "hidden"),
    Output(ids.FIND_OWN, "children"),
    Output(ids.FIND_OWN, "hidden"),
    Input(ids.LOCATION, "pathname"),
    State(ids.LOCATION, "search"),
    memo=True,
)
def rankings_controls(pathname, search):
    """On load: the covariates offered, and the covariates, level and chart tab the address
    asks for (an unknown tab is the default one); the user's own start: a municipality user's
    table opens on its own schools (the region one click away), a director and a municipality
    user get the «найти мою школу» jump."""
    if inputs.text(pathname) is None:
        raise PreventUpdate  # the Location has not reported the address yet
    labels = _covariate_labels()
    asked = Selection.from_search(search)
    offered = [c for c in asked.covariates if c in labels]
    role = current_scope().role
    municipality = role == "municipality"
    find = strings.RANK_FIND_OWN.get(role, strings.RANK_FIND_OWN["school"])
    return (
        pickers.options(labels, labels),
        offered,
        asked.level,
        asked.tab,
        (asked.schools or "own") if municipality else "all",  # the address wins
        not municipality,
        find,
        role not in strings.RANK_FIND_OWN,
    )


@callback(
    Output(ids.KIND, "options"),
    Output(ids.KIND, "value"),
    Output(ids.SUBJECT, "options"),
    Output(ids.SUBJECT, "value"),
    Output(ids.GRADE, "options"),
    Output(ids.GRADE, "value"),
    Output(ids.YEAR, "options"),
    Output(ids.YEAR, "value"),
    Input(ids.KIND, "value"),
    Input(ids.SUBJECT, "value"),
    Input(ids.GRADE, "value"),
    Input(ids.YEAR, "value"),
    Input(ids.LOCATION, "pathname"),
    State(ids.LOCATION, "search"),
    memo=True,
)
def rankings_pickers(kind, subject, grade, year, pathname, search):
    """kind → subject (or all) → grade (or all) → year in one step; before the pickers hold
    values, the address's values are wanted."""
    if inputs.text(pathname) is None:
        raise PreventUpdate  # the Location has not reported the address yet
    query = from_query(search)
    values = {"kind": kind, "subject": subject, "grade": grade, "year": year}
    pick = pickers.resolve(
        overview.procedure_choices(current_scope()),
        *(wanted(value, query, name) for name, value in values.items()),
        all_subjects=True,
        all_grades=True,
    )
    return pick.outputs()


def _fitted(selection: Selection, labels: dict[str, str], scope: Scope | None = None) -> dict:
    """The (cached) fitted view for `scope` (default the caller's; slides pass the reader's);
    covariates not among `labels` (the offered ones) are a forged request (BadInput)."""
    if not selection.complete:
        raise PreventUpdate
    unknown = set(selection.covariates) - set(labels)
    if unknown:
        raise inputs.BadInput(f"covariates not offered: {sorted(unknown)}")
    s = selection
    try:
        return rankings.school_rankings(
            scope or current_scope(),
            s.kind,
            s.subject,
            s.grade,
            s.year,
            list(s.covariates),
            s.level,
        )
    except (ValueError, ArithmeticError):  # a model failure data_access did not explain
        # The Python text goes to the server log only; the page says it in Russian.
        log.warning("rankings: no fit for %s", s, exc_info=True)
        return {"empty": "no_fit"}


def _names_note() -> str:
    """Whose names the page shows, and (when it shows any) that a click opens the profile."""
    kind, _ = current_scope().named_school_filter()
    if kind not in strings.RANK_NAMES_NOTE or kind == "none":
        return strings.RANK_NAMES_NOTE["none"]
    return f"{strings.RANK_NAMES_NOTE[kind]} {strings.RANK_CLICK_HINT}"


def _method(view: dict, labels: dict[str, str]) -> html.Div:
    known = bool(view.get("known_sampling_variance"))
    model = [strings.RANK_METHOD_TEXT.format(n_sim=rules.RANKINGS_N_SIM)]
    if known:
        model.append(
            strings.RANK_METHOD_SCHOOL_LEVEL.format(
                pupil_sd=format_number(rules.RANKINGS_REGIONAL_PUPIL_SD)
            )
        )
    model.append(strings.RANK_METHOD_INTERVAL)
    variance = strings.RANK_VARIANCE_KNOWN if known else strings.RANK_VARIANCE
    return html.Div(
        [
            html.P(" ".join(model)),
            html.P(
                variance.format(
                    tau2=format_number(view["tau2"], 1),
                    sigma2=format_number(view["sigma2"], 1),
                    icc=format_number(view["icc"], 3),
                    n_obs=format_number(view["n_obs"]),
                    n_groups=format_number(view["n_groups"]),
                ),
                className="rank-variance",
            ),
            html.P(strings.RANK_FIXED.format(terms=views.fixed_terms(view, labels))),
            html.P(
                strings.RANK_CATEGORY_RULES.format(
                    low=round(rules.LOW_RESULTS_SHARE * 100),
                    years=rules.LOW_RESULTS_CONSECUTIVE_YEARS,
                    adverse=round(rules.ADVERSE_CONDITIONS_SHARE * 100),
                )
            ),
            html.P(
                f"{strings.RANK_NO_PUPIL_COVARIATES} {strings.RANK_PRIOR_NOTE}",
                className="small text-muted",
            ),
        ]
    )


def grid_frame(view: dict, table_scope: object = "all") -> pd.DataFrame:
    """What the grid pages through: the download's table, a link to the profile of every
    school the user may see by name, and the hidden «own» mark the row class reads. A
    municipality user's `table_scope` "own" keeps its own schools only."""
    table = view["table"]
    own_prefix = view.get("own") != "municipality"
    frame = views.ranking_table(table, own_prefix)
    codes = table["school_code"] if "school_code" in table else [None] * len(table)
    frame[strings.RANK_PROFILE] = [
        link_cell(strings.RANK_PROFILE_LINK, f"/schools/{quote(code)}")
        if isinstance(name, str) and isinstance(code, str)
        else ""
        for name, code in zip(table["name"], codes, strict=True)
    ]
    frame[strings.RANK_GRID_OWN] = table["is_own"].astype(bool).to_numpy()
    if table_scope == "own" and view.get("own") == "municipality":
        frame = frame[frame[strings.RANK_GRID_OWN]]
    return frame.reset_index(drop=True)


def download_frame(view: dict, table_scope: object = "all") -> pd.DataFrame:
    """The grid's rows without its link and mark columns."""
    return grid_frame(view, table_scope).drop(columns=[strings.RANK_PROFILE, strings.RANK_GRID_OWN])


def _grid_columns(frame: pd.DataFrame) -> list[dict]:
    """The grid's columns: numbers arrive formatted (decimal comma, true minus) and still
    filter and sort as numbers on the server; the profile link; the «own» mark hidden."""
    columns = grid_columns(frame, links={strings.RANK_PROFILE: ""}, digits=views.TABLE_DIGITS)
    for column in columns:
        if column.get("filter") == "agNumberColumnFilter":
            column.pop("valueFormatter", None)
            column["cellDataType"] = False
        if column["headerName"] in TIPS:
            column["headerTooltip"] = TIPS[column["headerName"]]
        if column["headerName"] in WIDE:
            column["minWidth"] = WIDE[column["headerName"]]
        if column["headerName"] == strings.RANK_PROFILE:
            column.update(sortable=False, filter=False, minWidth=90, maxWidth=110)
            # nobody to open (a viewer): no column of empty links
            column["hide"] = bool((frame[strings.RANK_PROFILE] == "").all())
        if column["headerName"] == strings.RANK_GRID_OWN:
            column["hide"] = True
    return columns


TIPS = {strings.RANK_COLUMNS[key]: tip for key, tip in strings.RANK_HEADER_TIPS.items()}
#: Columns of text that need room (the others fit their numbers).
WIDE = {strings.RANK_COLUMNS["name"]: 230, strings.RANK_COLUMNS["category"]: 170}


def _numeric_fields(frame: pd.DataFrame) -> dict[str, int]:
    """Grid field → decimals of each numeric column (booleans are not numbers here)."""
    return {
        f"c{i}": views.TABLE_DIGITS.get(column, 0)
        for i, column in enumerate(frame.columns)
        if pd.api.types.is_numeric_dtype(frame[column])
        and not pd.api.types.is_bool_dtype(frame[column])
    }


def _formatted(frame: pd.DataFrame, response: object) -> object:
    """A grid page with its numbers as Russian text (dashboard.formatting)."""
    if not isinstance(response, dict):
        return response
    fields = _numeric_fields(frame)
    rows = [
        {
            k: format_number(v, fields[k]) if k in fields and v is not None else v
            for k, v in row.items()
        }
        for row in response.get("rowData", [])
    ]
    return {**response, "rowData": rows}


def _own_summary(view: dict) -> html.Div | str:
    """The user's own school (director) or municipality (its schools) in one line."""
    table = view["table"]
    own = table[table["is_own"].astype(bool)]
    if view.get("own") == "school":
        if own.empty:
            return html.P(
                strings.RANK_FIND_OWN_HIDDEN["missing"].format(min=rules.min_cell()),
                className="mb-0",
            )
        row = own.iloc[0]
        text = strings.RANK_OWN_SUMMARY.format(
            name=row["name"],
            rank=format_number(row["rank"]),
            total=format_number(view["n_groups"]),
            low=format_number(row["rank_low"]),
            high=format_number(row["rank_high"]),
            effect=format_signed(row["effect"], 1),
            category=strings.RANK_CATEGORIES.get(row["category"], ""),
        )
        return html.P(html.Strong(text), className="mb-0 oko-own-summary")
    if view.get("own") == "municipality":
        place = home(current_scope())
        text = strings.RANK_MUNICIPALITY_SUMMARY.format(
            municipality=place.municipality_name or "",
            n=format_number(len(own)),
            above=format_number(int((own["ci_low"] > 0).sum())),
            below=format_number(int((own["ci_high"] < 0).sum())),
            average=format_number(int(((own["ci_low"] <= 0) & (own["ci_high"] >= 0)).sum())),
        )
        return html.P(html.Strong(text), className="mb-0 oko-own-summary")
    return ""


@callback(
    Output(ids.TABLE, "columnDefs"),
    Output(ids.STATUS, "children"),
    Output(ids.METHOD, "children"),
    Output(ids.OWN_SUMMARY, "children"),
    *[Input(control, "value") for control in CONTROLS],
    memo=True,
)
def rankings_view(kind, subject, grade, year, covariates, level):
    """The status line, the method, the grid's columns of the fitted view and the user's own
    school or municipality in one line."""
    labels = _covariate_labels()
    selection = Selection.parse(kind, subject, grade, year, covariates, level)
    view = _fitted(selection, labels)
    if "empty" in view:  # no ranking (nor its columns): why, and what to choose instead
        message = views.empty_message(view, labels, selection.level)
        alert = dbc.Alert(message, color="warning", className="rankings-empty mb-0")
        return [], alert, "", ""
    note = f"{views.source_note(view)}. {views.hidden_note(view)}".strip()
    status = html.Div([html.Span(note), html.Br(), html.Span(_names_note())])
    columns = _grid_columns(grid_frame(view))
    return columns, status, _method(view, labels), _own_summary(view)


def _show_all(value: object) -> bool:
    return isinstance(value, list) and "all" in value


@callback(
    *[Output(graph, "figure") for graph in ids.CHARTS.values()],
    Output(ids.CHART_NOTE, "children"),
    Output(ids.SHOW_ALL_BOX, "hidden"),
    *[Input(control, "value") for control in CONTROLS],
    Input(ids.TABS, "active_tab"),
    Input(ids.SHOW_ALL, "value"),
    memo=True,
)
def rankings_charts(kind, subject, grade, year, covariates, level, tab, show_all):
    """The chart of the open tab only (the others are drawn when their tab is opened); a
    per-school chart draws the top and bottom schools and the own ones unless «показать все»,
    and the note says how many it leaves out."""
    selection = Selection.parse(kind, subject, grade, year, covariates, level, tab)
    labels = _covariate_labels()
    view = _fitted(selection, labels)
    everything = _show_all(show_all)
    note, switch = "", False  # the switch only where a chart leaves schools out
    if "empty" in view:
        figure = views.empty_chart(views.empty_message(view, labels, selection.level))
    else:
        figure = views.chart(view, selection.tab, everything)
        note = views.cut_note(view, selection.tab, everything)
        cut = selection.tab in views.PER_SCHOOL and views.shown_schools(view, "effect")[1] > 0
        switch = bool(cut)
    drawn = [figure if key == selection.tab else no_update for key in ids.CHARTS]
    return [*drawn, note, not switch]


def _own_page(frame: pd.DataFrame, request: object) -> tuple[int | None, str]:
    """The grid page (0-based, in the grid's sort and filter) holding the first own row, or
    None and why it is not shown."""
    own = frame[strings.RANK_GRID_OWN]
    if not own.any():
        return None, strings.RANK_FIND_OWN_HIDDEN["missing"].format(min=rules.min_cell())
    request = request if isinstance(request, dict) else {}
    shown = grid_blocks.ordered(
        grid_blocks.filtered(frame, request.get("filterModel")), request.get("sortModel")
    )
    positions = [i for i, mine in enumerate(shown[strings.RANK_GRID_OWN]) if mine]
    if not positions:
        return None, strings.RANK_FIND_OWN_HIDDEN["filtered"]
    start, end = request.get("startRow"), request.get("endRow")
    ok = all(isinstance(v, int) and not isinstance(v, bool) for v in (start, end))
    size = end - start if ok and 0 < end - start <= grid_blocks.MAX_BLOCK else PAGE_SIZE
    return positions[0] // size, ""


PAGE_SIZE = 25  # the grid's page (tables.data_grid's default)


@callback(
    Output(ids.TABLE, "getRowsResponse"),
    Output(ids.TABLE, "paginationGoTo"),
    Output(ids.FIND_NOTE, "children"),
    Input(ids.TABLE, "getRowsRequest"),
    *[Input(control, "value") for control in CONTROLS],
    Input(ids.TABLE_SCOPE, "value"),
    Input(ids.FIND_OWN, "n_clicks"),
    memo=True,
)
def rankings_rows(request, kind, subject, grade, year, covariates, level, table_scope, _find):
    """The rows the grid asks for (one page) of the same table the download sends; when the
    selection changes, the first page of the new view, and the grid back on it; «найти мою
    школу»: the grid to the page holding the own row (in the grid's sort and filter)."""
    view = _fitted(
        Selection.parse(kind, subject, grade, year, covariates, level), _covariate_labels()
    )
    if "empty" in view:
        return grid_blocks.NO_ROWS, no_update, ""
    frame = grid_frame(view, table_scope)
    if f"{ids.FIND_OWN}.n_clicks" in ctx.triggered_prop_ids:
        page, why = _own_page(frame, request)
        return no_update, no_update if page is None else page, why
    response, goto = grid_blocks.page(ids.TABLE, frame, request)
    return _formatted(frame, response), goto, ""


@callback(
    Output(ids.GO, "href"),
    *[Input(graph, "clickData") for graph in ids.CHARTS.values()],
    prevent_initial_call=True,
)
def rankings_open_school(*clicks):
    """A click on a school's point opens its profile, when the user may see it by name (only
    such points carry a code); a forged code is refused and audited, and nothing is sent."""
    fired = ctx.triggered_id
    keys = list(ids.CHARTS.values())
    click = clicks[keys.index(fired)] if fired in keys else None
    code = inputs.point_data(click)
    if code is None:
        raise PreventUpdate  # an anonymous school, a line or the background
    try:
        code = rankings.named_school_code(current_scope(), code)
    except OutOfScope as refused:
        audit_refusal(refused, "rankings_open_school")
        raise PreventUpdate from None
    return f"/schools/{quote(code)}"


@callback(
    Output(ids.LOCATION, "search"),
    *[Input(control, "value") for control in CONTROLS],
    Input(ids.TABS, "active_tab"),
    Input(ids.TABLE_SCOPE, "value"),
    State(ids.LOCATION, "search"),
)
def rankings_address(kind, subject, grade, year, covariates, level, tab, schools, search):
    """The selection, the open chart tab and (when it is not the user's default) the table's
    scope → the address, once the outcome is complete (so a half-restored page never
    overwrites the address it is being restored from)."""
    # only a municipality user chooses the table's scope; its default ("own") goes unsaid
    municipality = current_scope().role == "municipality"
    shown = schools if municipality and schools != "own" else None
    selection = Selection.parse(kind, subject, grade, year, covariates, level, tab, shown)
    if not selection.complete:
        raise PreventUpdate
    return rewrite(selection.query(), search)


@callback(
    Output(ids.DOWNLOAD, "data"),
    Input(ids.DOWNLOAD_CSV, "n_clicks"),
    Input(ids.DOWNLOAD_XLSX, "n_clicks"),
    *[State(control, "value") for control in CONTROLS],
    State(ids.TABLE_SCOPE, "value"),
    prevent_initial_call=True,
)
def rankings_download(
    csv_clicks, xlsx_clicks, kind, subject, grade, year, covariates, level, table_scope="all"
):
    """The table the grid shows, as CSV or XLSX; for a reader who sees aggregates only (a
    viewer) one row per municipality instead (municipality_frame), as /procedures gives such
    a reader municipalities, never schools."""
    xlsx = wants_xlsx(csv_clicks, xlsx_clicks, ids.DOWNLOAD_XLSX)
    selection = Selection.parse(kind, subject, grade, year, covariates, level)
    view = _fitted(selection, _covariate_labels())
    if "empty" in view:
        raise PreventUpdate
    args = view["args"]
    name = f"rankings_{args['kind']}_{args['year']}"
    asked = (
        f"procedure={args['kind']}/{args['subject']}/{args['grade']}/{args['year']} "
        f"level={args['level']} covariates={','.join(args['covariates'])}"
    )
    if current_scope().aggregates_only:
        summary = rankings.municipality_summary(current_scope(), **args)
        frame, digits = municipality_frame(summary)
        return send_table(
            frame,
            f"{name}_municipalities",
            xlsx,
            strings.RANK_TABLE,
            digits,
            what="rankings.municipalities",
            asked=asked,
        )
    frame = download_frame(view, table_scope)
    return send_table(frame, name, xlsx, strings.RANK_TABLE, what="rankings", asked=asked)


def municipality_frame(summary: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, int]]:
    """The per-municipality download under Russian headers (the pooled row named by the rule),
    and its decimals by column."""
    columns = strings.RANK_MUNICIPALITY_COLUMNS
    pooled = strings.RANK_MUNICIPALITY_POOLED.format(n=rules.RANKINGS_MUNICIPALITY_MIN_SCHOOLS)
    frame = summary.assign(
        municipality=[p if isinstance(p, str) else pooled for p in summary["municipality"]],
        mean_effect=summary["mean_effect"].astype("float64").round(2),
    )
    frame = frame.rename(columns={**columns, **strings.RANK_CATEGORIES})
    return frame, {columns["mean_effect"]: 2}
