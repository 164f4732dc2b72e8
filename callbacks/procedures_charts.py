"""`/procedures` charts, their data grids and the CSV / XLSX downloads.

One fetch function per chart takes the Selection, reads its frames from data_access with
the caller's scope (plus dashboard.analytics where the chart needs a model) and hands them
to the chart's pure view in dashboard/figures/procedures.py. The chart callback, the grid's
rows callback and the download call the same function, so a downloaded table is exactly the
data behind the chart. Each chart callback listens only to the controls its chart uses, so
changing the sort order redraws one chart, not seven; a chart under a tab is drawn when its
tab is opened. A chart's grid is paged on the server: its rows callback answers the page the
grid asks for, once its «Таблица данных» is opened (dashboard.web.grid_blocks).
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
from dash import Input, Output, State, ctx
from dash.exceptions import PreventUpdate

from callbacks import inputs
from callbacks.downloads import send_table
from callbacks.procedures import CONTROLS, PROCEDURE
from callbacks.procedures_query import Selection, pair_codes
from callbacks.registry import callback
from dashboard import rules, strings
from dashboard.analytics import cohorts, procedure_stats
from dashboard.auth import current_scope
from dashboard.figures import procedures as views
from dashboard.ids import Procedures as ids
from dashboard.web import grid_blocks
from dashboard.web.tables import grid_columns
from data_access import home, procedures, procedures_detail
from data_access.scope import Scope

# ------------------------------------------------------------- fetch: selection → frames → view


def _unit(scope: Scope, s: Selection) -> str:
    """Viewers see municipality aggregates only, whatever the address asks for."""
    return "municipalities" if scope.aggregates_only else s.unit


def _own_municipality(scope: Scope) -> str | None:
    """The caller's own municipality's code (municipality and school users), else None."""
    return home.home(scope).municipality_code


def _municipality_rows(
    scope: Scope, frame: pd.DataFrame, code: str = "municipality_code"
) -> pd.DataFrame:
    """Municipality rows: named by the municipality, their code the link, the caller's own
    municipality marked «own»."""
    own = _own_municipality(scope)
    return frame.assign(
        label=frame["municipality"],
        key=frame[code],
        link=frame[code],
        own=(frame[code] == own) if own else False,
    )


def _results(scope: Scope, s: Selection, years: list[int]) -> pd.DataFrame:
    """School or municipality rows of the chosen procedure, with `label`, `key`, `own` and
    `link` (the code a click opens: a school's only when the caller sees it by name)."""
    if _unit(scope, s) == "schools":
        frame = procedures.school_means(scope, s.kind, s.subject, s.grade, years, s.municipality)
        return frame.assign(link=frame["school_code"].where(frame["named"], None))
    frame = procedures.municipality_means(scope, s.kind, s.subject, s.grade, years)
    return _municipality_rows(scope, frame).assign(named=True)


def _region_mean(scope: Scope, s: Selection) -> float | None:
    """The region's mean percent of the chosen year (participant-weighted over its
    municipalities): the comparison line of the means chart."""
    frame = procedures.municipality_means(scope, s.kind, s.subject, s.grade, [s.year])
    frame = frame[~frame["suppressed"].fillna(False).astype(bool)].dropna(subset=["mean_percent"])
    weights = frame["participants"].astype("float64")
    if frame.empty or weights.sum() <= 0:
        return None
    return float((frame["mean_percent"].astype("float64") * weights).sum() / weights.sum())


def _distribution(scope: Scope, s: Selection) -> pd.DataFrame:
    return procedures.score_distribution(scope, s.kind, s.subject, s.grade, s.year)


def histogram(scope: Scope, s: Selection) -> views.View:
    return views.histogram_view(_distribution(scope, s), s.year, s.municipality)


def box(scope: Scope, s: Selection) -> views.View:
    quartiles = procedure_stats.quartiles_from_counts
    own = _own_municipality(scope)
    rows = [
        {"municipality": name, "own": code == own, **quartiles(g["primary_score"], g["pupils"])}
        for (code, name), g in _distribution(scope, s).groupby(
            ["municipality_code", "municipality"]
        )
    ]
    return views.box_view(pd.DataFrame(rows), s.year, s.show_all)


def marks(scope: Scope, s: Selection) -> views.View:
    return views.marks_view(_results(scope, s, [s.year]), s.year, s.sort, s.show_all)


def means(scope: Scope, s: Selection) -> views.View:
    region = _region_mean(scope, s)
    return views.means_view(_results(scope, s, [s.year]), s.year, s.show_all, region)


def slope(scope: Scope, s: Selection) -> views.View:
    return views.slope_view(_results(scope, s, [s.years[0], s.years[-1]]), s.years, s.show_all)


def heatmap(scope: Scope, s: Selection) -> views.View:
    """Schools × tasks, or municipalities × skills when comparing municipalities."""
    procedure = (s.kind, s.subject, s.grade, s.year)
    if _unit(scope, s) == "schools":
        tasks = procedures_detail.task_completion(scope, *procedure, s.municipality)
        tasks = tasks.assign(link=tasks["school_code"].where(tasks["named"], None))
        return views.task_heatmap_view(tasks, s.year, s.show_all)
    skills = procedures_detail.skill_completion(scope, *procedure)
    own = _own_municipality(scope)
    skills = skills.assign(
        link=skills["municipality_code"],
        own=(skills["municipality_code"] == own) if own else False,
    )
    return views.skill_heatmap_view(skills, s.year, s.show_all)


def _procedure_name(catalogue: pd.DataFrame, code: str) -> str:
    row = catalogue[catalogue["code"] == code]
    if row.empty:
        return code
    r = row.iloc[0]
    return f"{strings.procedure_label(r['kind'], r['subject'], int(r['grade']))}, {int(r['year'])}"


def pair(scope: Scope, s: Selection) -> views.View:
    """The cohort pair, with each point's distance from the diagonal standardised by its own
    sampling error and the between-school spread (dashboard.analytics.cohorts)."""
    codes = pair_codes(s.pair)
    if codes is None:
        return views.no_chart(strings.PROC_NO_PAIRS)
    unit = _unit(scope, s)
    frame = procedures_detail.pair_results(scope, *codes, unit, s.municipality)
    if unit == "schools":
        frame = frame.assign(link=frame["school_code"].where(frame["named"], None))
    else:
        own = _own_municipality(scope)
        frame = frame.assign(link=frame["key"], own=(frame["key"] == own) if own else False)
    threshold = rules.PROCEDURE_FAR_RESIDUAL
    if not frame.empty:
        se = cohorts.difference_se(
            frame["sd_a"], frame["participants_a"], frame["sd_b"], frame["participants_b"]
        )
        residuals = cohorts.pair_residuals(frame["x"], frame["y"], se)
        frame = pd.concat([frame, residuals], axis=1)
        frame["far"] = procedure_stats.far_from_diagonal(frame["residual"], threshold)
    catalogue = procedures.procedure_catalogue(scope)
    name_a, name_b = (_procedure_name(catalogue, c) for c in codes)
    return views.pair_view(frame, name_a, name_b, threshold)


CHARTS: dict[str, Callable[[Scope, Selection], views.View]] = {
    "histogram": histogram,
    "box": box,
    "marks": marks,
    "means": means,
    "slope": slope,
    "heatmap": heatmap,
    "pair": pair,
}


def build(chart: str, selection: Selection, scope: Scope | None = None) -> views.View:
    """The figure and the table of one chart for `scope` (the caller's by default: slides of
    stories pass theirs); an incomplete selection gives an empty chart."""
    needs_procedure = chart != "pair"
    if chart not in CHARTS or (needs_procedure and not selection.complete):
        return views.no_chart()
    return CHARTS[chart](scope or current_scope(), selection)


# ------------------------------------------------------------------ callbacks


def _table_open(active_item: object) -> bool:
    """The chart's «Таблица данных» accordion item is open."""
    return active_item == ids.TABLE_ITEM


def _tab_closed(chart: str, tab: object) -> bool:
    """A tabbed chart whose tab is not the one open (its graph and grid are not mounted)."""
    return chart in ids.TABBED and Selection.parse(tab=tab).tab != chart


def _drawn(value: object) -> str | None:
    """What the chart's store says its figure shows (a selection's query)."""
    return inputs.text(value.get("figure"), 2000) if isinstance(value, dict) else None


def _render(chart: str, selection: Selection, tab=None, drawn=None) -> tuple:
    """(figure, grid columns, drawn, the card's title, the caption) of a chart, when due.

    Only what is shown is sent: a tabbed chart is drawn when its tab is open, and not again
    for the selection it already shows (the store `drawn` keeps that selection's query). The
    grid's rows are not sent here: the grid asks for them page by page (`_rows`)."""
    if _tab_closed(chart, tab):
        raise PreventUpdate  # drawn when its tab is opened
    key = selection.query()
    if _drawn(drawn) == key:
        raise PreventUpdate
    view = build(chart, selection)
    return view.figure, grid_columns(view.table), {"figure": key}, view.title, view.note


def _rows(chart: str, selection: Selection, request, table, tab=None) -> tuple:
    """(`getRowsResponse`, `paginationGoTo`) of a chart's grid: one page of the frame the
    download sends (schools × tasks runs to thousands of rows), sorted and filtered by
    the grid's models. Nothing while the grid's tab or its «Таблица данных» is closed; opening
    the table, or a new selection, answers the first page (dashboard.web.grid_blocks.page)."""
    if _tab_closed(chart, tab) or not _table_open(table):
        raise PreventUpdate
    return grid_blocks.page(ids.table(chart), build(chart, selection).table, request)


def _outputs(chart: str) -> list[Output]:
    return [
        Output(ids.graph(chart), "figure"),
        Output(ids.table(chart), "columnDefs"),
        Output(ids.drawn(chart), "data"),
        Output(ids.title(chart), "children"),
        Output(ids.caption(chart), "children"),
    ]


def _inputs(*names: str) -> list[Input]:
    return [Input(name, "value") for name in names]


def _shown(chart: str) -> list:
    """What decides whether the chart is sent: its tab (for a tabbed chart) and what it shows
    already."""
    tab = [Input(ids.TABS, "value")] if chart in ids.TABBED else []
    return [*tab, State(ids.drawn(chart), "data")]


def _grid(chart: str) -> list:
    """The outputs of a chart's rows callback, and the grid's request (its first input)."""
    grid = ids.table(chart)
    return [
        Output(grid, "getRowsResponse"),
        Output(grid, "paginationGoTo"),
        Input(grid, "getRowsRequest"),
    ]


def _table(chart: str) -> list:
    """Whether the chart's grid is shown: its «Таблица данных» (an input: opening it answers
    the grid's request) and, for a tabbed chart, the tab (the grid is mounted with its tab,
    and asks for its page then)."""
    tab = [State(ids.TABS, "value")] if chart in ids.TABBED else []
    return [Input(ids.table_toggle(chart), "active_item"), *tab]


@callback(
    *_outputs("histogram"),
    *_inputs(*PROCEDURE, ids.MUNICIPALITY),
    *_shown("histogram"),
    memo=True,
)
def histogram_chart(kind, subject, grade, years, municipality, drawn):
    selection = Selection.parse(kind, subject, grade, years, municipality=municipality)
    return _render("histogram", selection, drawn=drawn)


@callback(*_outputs("box"), *_inputs(*PROCEDURE, ids.SHOW_ALL), *_shown("box"), memo=True)
def box_chart(kind, subject, grade, years, show_all, drawn):
    selection = Selection.parse(kind, subject, grade, years, show_all=show_all)
    return _render("box", selection, drawn=drawn)


@callback(
    *_outputs("marks"),
    *_inputs(*PROCEDURE, ids.UNIT, ids.MUNICIPALITY, ids.SORT, ids.SHOW_ALL),
    *_shown("marks"),
    memo=True,
)
def marks_chart(kind, subject, grade, years, unit, municipality, sort, show_all, tab, drawn):
    selection = Selection.parse(
        kind, subject, grade, years, unit, municipality, sort, show_all=show_all
    )
    return _render("marks", selection, tab, drawn)


@callback(
    *_outputs("means"),
    *_inputs(*PROCEDURE, ids.UNIT, ids.MUNICIPALITY, ids.SHOW_ALL),
    *_shown("means"),
    memo=True,
)
def means_chart(kind, subject, grade, years, unit, municipality, show_all, tab, drawn):
    selection = Selection.parse(kind, subject, grade, years, unit, municipality, show_all=show_all)
    return _render("means", selection, tab, drawn)


@callback(
    *_outputs("slope"),
    *_inputs(*PROCEDURE, ids.UNIT, ids.MUNICIPALITY, ids.SHOW_ALL),
    *_shown("slope"),
    memo=True,
)
def slope_chart(kind, subject, grade, years, unit, municipality, show_all, tab, drawn):
    selection = Selection.parse(kind, subject, grade, years, unit, municipality, show_all=show_all)
    return _render("slope", selection, tab, drawn)


@callback(
    *_outputs("heatmap"),
    *_inputs(*PROCEDURE, ids.UNIT, ids.MUNICIPALITY, ids.SHOW_ALL),
    *_shown("heatmap"),
    memo=True,
)
def heatmap_chart(kind, subject, grade, years, unit, municipality, show_all, tab, drawn):
    selection = Selection.parse(kind, subject, grade, years, unit, municipality, show_all=show_all)
    return _render("heatmap", selection, tab, drawn)


@callback(
    *_outputs("pair"),
    *_inputs(ids.PAIR, ids.UNIT, ids.MUNICIPALITY),
    *_shown("pair"),
    memo=True,
)
def pair_chart(pair, unit, municipality, tab, drawn):
    selection = Selection.parse(unit=unit, municipality=municipality, pair=pair)
    return _render("pair", selection, tab, drawn)


# The grids' pages: each rows callback listens to the controls its chart uses.


@callback(
    *_grid("histogram"),
    *_inputs(*PROCEDURE, ids.MUNICIPALITY),
    *_table("histogram"),
    memo=True,
)
def histogram_rows(request, kind, subject, grade, years, municipality, table):
    selection = Selection.parse(kind, subject, grade, years, municipality=municipality)
    return _rows("histogram", selection, request, table)


@callback(*_grid("box"), *_inputs(*PROCEDURE), *_table("box"), memo=True)
def box_rows(request, kind, subject, grade, years, table):
    return _rows("box", Selection.parse(kind, subject, grade, years), request, table)


@callback(
    *_grid("marks"),
    *_inputs(*PROCEDURE, ids.UNIT, ids.MUNICIPALITY, ids.SORT),
    *_table("marks"),
    memo=True,
)
def marks_rows(request, kind, subject, grade, years, unit, municipality, sort, table, tab):
    selection = Selection.parse(kind, subject, grade, years, unit, municipality, sort)
    return _rows("marks", selection, request, table, tab)


@callback(
    *_grid("means"),
    *_inputs(*PROCEDURE, ids.UNIT, ids.MUNICIPALITY),
    *_table("means"),
    memo=True,
)
def means_rows(request, kind, subject, grade, years, unit, municipality, table, tab):
    selection = Selection.parse(kind, subject, grade, years, unit, municipality)
    return _rows("means", selection, request, table, tab)


@callback(
    *_grid("slope"),
    *_inputs(*PROCEDURE, ids.UNIT, ids.MUNICIPALITY),
    *_table("slope"),
    memo=True,
)
def slope_rows(request, kind, subject, grade, years, unit, municipality, table, tab):
    selection = Selection.parse(kind, subject, grade, years, unit, municipality)
    return _rows("slope", selection, request, table, tab)


@callback(
    *_grid("heatmap"),
    *_inputs(*PROCEDURE, ids.UNIT, ids.MUNICIPALITY),
    *_table("heatmap"),
    memo=True,
)
def heatmap_rows(request, kind, subject, grade, years, unit, municipality, table, tab):
    selection = Selection.parse(kind, subject, grade, years, unit, municipality)
    return _rows("heatmap", selection, request, table, tab)


@callback(
    *_grid("pair"),
    *_inputs(ids.PAIR, ids.UNIT, ids.MUNICIPALITY),
    *_table("pair"),
    memo=True,
)
def pair_rows(request, pair, unit, municipality, table, tab):
    selection = Selection.parse(unit=unit, municipality=municipality, pair=pair)
    return _rows("pair", selection, request, table, tab)


BUTTONS = [(chart, fmt) for chart in ids.CHARTS for fmt in ("csv", "xlsx")]


@callback(
    Output(ids.DOWNLOAD, "data"),
    *[Input(ids.button(chart, fmt), "n_clicks") for chart, fmt in BUTTONS],
    *[State(name, "value") for name in CONTROLS],
    prevent_initial_call=True,
)
def download_table(*values):
    """The table of the clicked chart as formula-escaped CSV or XLSX."""
    clicks, state = values[: len(BUTTONS)], values[len(BUTTONS) :]
    pressed = {
        ids.button(c, f): (c, f)
        for (c, f), n in zip(BUTTONS, clicks, strict=True)
        if inputs.clicked(n)
    }
    trigger = ctx.triggered_id if isinstance(ctx.triggered_id, str) else None
    if trigger not in pressed:
        raise PreventUpdate
    chart, fmt = pressed[trigger]
    selection = Selection.parse(*state)
    frame = build(chart, selection).table
    if frame.empty:
        raise PreventUpdate
    parts = [selection.kind, selection.subject, selection.grade, selection.year, chart]
    stem = "_".join(str(p) for p in parts[:-1] if p is not None)
    return send_table(
        frame,
        f"{stem}_{chart}",
        xlsx=fmt == "xlsx",
        what=f"procedures.{chart}",
        asked=f"procedure={stem} unit={_unit(current_scope(), selection)}",
    )
