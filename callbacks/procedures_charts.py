"""`/procedures` charts, their data grids and the CSV / XLSX downloads.

One fetch function per chart takes the Selection, reads its frames from data_access with
the caller's scope (plus dashboard.analytics where the chart needs a model) and hands them
to the chart's pure view in dashboard/figures/procedures.py. The chart callback and the
download call the same function, so a downloaded table is exactly the data behind the chart.
Each chart callback listens only to the controls its chart uses, so changing the sort order
redraws one chart, not seven; a chart under a tab is drawn when its tab is opened, and a
chart's grid rows are sent when its «Таблица данных» is opened.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
from dash import Input, Output, State, ctx, no_update
from dash.exceptions import PreventUpdate

from callbacks import inputs
from callbacks.downloads import send_table
from callbacks.procedures import CONTROLS, PROCEDURE
from callbacks.procedures_query import Selection, pair_codes
from callbacks.registry import callback
from dashboard import rules, strings
from dashboard.analytics import procedure_stats
from dashboard.auth import current_scope
from dashboard.figures import procedures as views
from dashboard.ids import Procedures as ids
from dashboard.web.tables import grid_columns, grid_rows
from data_access import procedures, procedures_detail

# ------------------------------------------------------------- fetch: selection → frames → view


def _unit(s: Selection) -> str:
    """Viewers see municipality aggregates only, whatever the address asks for."""
    return "municipalities" if current_scope().aggregates_only else s.unit


def _results(s: Selection, years: list[int]) -> pd.DataFrame:
    """School or municipality rows of the chosen procedure, with `label`, `key` and `own`."""
    scope = current_scope()
    if _unit(s) == "schools":
        return procedures.school_means(scope, s.kind, s.subject, s.grade, years, s.municipality)
    frame = procedures.municipality_means(scope, s.kind, s.subject, s.grade, years)
    return frame.assign(label=frame["municipality"], key=frame["municipality_code"], own=False)


def _distribution(s: Selection) -> pd.DataFrame:
    return procedures.score_distribution(current_scope(), s.kind, s.subject, s.grade, s.year)


def histogram(s: Selection) -> views.View:
    return views.histogram_view(_distribution(s), s.year, s.municipality)


def box(s: Selection) -> views.View:
    quartiles = procedure_stats.quartiles_from_counts
    rows = [
        {"municipality": name, **quartiles(g["primary_score"], g["pupils"])}
        for name, g in _distribution(s).groupby("municipality")
    ]
    return views.box_view(pd.DataFrame(rows), s.year)


def marks(s: Selection) -> views.View:
    return views.marks_view(_results(s, [s.year]), s.year, s.sort)


def means(s: Selection) -> views.View:
    return views.means_view(_results(s, [s.year]), s.year)


def slope(s: Selection) -> views.View:
    return views.slope_view(_results(s, [s.years[0], s.years[-1]]), s.years)


def heatmap(s: Selection) -> views.View:
    """Schools × tasks, or municipalities × skills when comparing municipalities."""
    scope, procedure = current_scope(), (s.kind, s.subject, s.grade, s.year)
    if _unit(s) == "schools":
        tasks = procedures_detail.task_completion(scope, *procedure, s.municipality)
        return views.task_heatmap_view(tasks, s.year)
    return views.skill_heatmap_view(procedures_detail.skill_completion(scope, *procedure), s.year)


def _procedure_name(catalogue: pd.DataFrame, code: str) -> str:
    row = catalogue[catalogue["code"] == code]
    if row.empty:
        return code
    r = row.iloc[0]
    return f"{strings.procedure_label(r['kind'], r['subject'], int(r['grade']))}, {int(r['year'])}"


def pair(s: Selection) -> views.View:
    """The cohort pair, with each point's standardised distance from the diagonal."""
    codes = pair_codes(s.pair)
    if codes is None:
        return views.no_chart(strings.PROC_NO_PAIRS)
    scope = current_scope()
    frame = procedures_detail.pair_results(scope, *codes, _unit(s), s.municipality)
    threshold = rules.PROCEDURE_FAR_RESIDUAL
    if not frame.empty:
        residuals = procedure_stats.diagonal_residuals(frame["x"], frame["y"])
        frame = pd.concat([frame, residuals], axis=1)
        frame["far"] = procedure_stats.far_from_diagonal(frame["residual"], threshold)
    catalogue = procedures.procedure_catalogue(scope)
    name_a, name_b = (_procedure_name(catalogue, c) for c in codes)
    return views.pair_view(frame, name_a, name_b, threshold)


CHARTS: dict[str, Callable[[Selection], views.View]] = {
    "histogram": histogram,
    "box": box,
    "marks": marks,
    "means": means,
    "slope": slope,
    "heatmap": heatmap,
    "pair": pair,
}


def build(chart: str, selection: Selection) -> views.View:
    """The figure and the table of one chart; an incomplete selection gives an empty chart."""
    needs_procedure = chart != "pair"
    if chart not in CHARTS or (needs_procedure and not selection.complete):
        return views.no_chart()
    return CHARTS[chart](selection)


# ------------------------------------------------------------------ callbacks


#: Rows sent to a grid. Schools × tasks runs to thousands of rows (megabytes of JSON for a
#: table the user may never open); beyond this the grid shows the first rows and says so,
#: and the download carries all of them.
GRID_ROWS = 1000


def _table_open(active_item: object) -> bool:
    """The chart's «Таблица данных» accordion item is open."""
    return active_item == ids.TABLE_ITEM


def _drawn(value: object, part: str) -> str | None:
    """What the chart's store says its figure or its grid shows (a selection's query)."""
    return inputs.text(value.get(part), 2000) if isinstance(value, dict) else None


def _render(chart: str, selection: Selection, tab=None, table=None, drawn=None) -> tuple:
    """(figure, grid rows, grid columns, note, note hidden, drawn), each only when due.

    Only what is shown is sent: a tabbed chart is drawn when its tab is open, the grid's rows
    when its accordion item is open (the first GRID_ROWS rows of the frame the download
    carries), and neither again for the selection it already shows (the store `drawn` keeps
    that selection's query per part). A chart redrawn while its table is closed empties the
    grid, which is filled when the table is opened."""
    if chart in ids.TABBED and Selection.parse(tab=tab).tab != chart:
        raise PreventUpdate  # drawn when its tab is opened
    key, table_open = selection.query(), _table_open(table)
    figure_due = _drawn(drawn, "figure") != key
    rows_due = table_open and _drawn(drawn, "rows") != key
    if not (figure_due or rows_due):
        raise PreventUpdate
    figure, frame = build(chart, selection)
    if not table_open:
        rows, columns, note, note_hidden = [], no_update, None, True
    elif rows_due:
        cut = len(frame) > GRID_ROWS
        note = strings.PROC_TABLE_CUT.format(n=GRID_ROWS, total=len(frame)) if cut else None
        rows, columns, note_hidden = grid_rows(frame.head(GRID_ROWS)), grid_columns(frame), not cut
    else:
        rows = columns = note = note_hidden = no_update
    shown = {"figure": key, "rows": key if table_open else None}
    return figure if figure_due else no_update, rows, columns, note, note_hidden, shown


def _outputs(chart: str) -> list[Output]:
    grid, note = ids.table(chart), ids.table_note(chart)
    return [
        Output(ids.graph(chart), "figure"),
        Output(grid, "rowData"),
        Output(grid, "columnDefs"),
        Output(note, "children"),
        Output(note, "hidden"),
        Output(ids.drawn(chart), "data"),
    ]


def _inputs(*names: str) -> list[Input]:
    return [Input(name, "value") for name in names]


def _shown(chart: str) -> list:
    """What decides whether the chart and its grid are sent: the tab (for a tabbed chart), the
    table's accordion item, and what they show already."""
    tab = [Input(ids.TABS, "value")] if chart in ids.TABBED else []
    return [*tab, Input(ids.table_toggle(chart), "active_item"), State(ids.drawn(chart), "data")]


@callback(*_outputs("histogram"), *_inputs(*PROCEDURE, ids.MUNICIPALITY), *_shown("histogram"))
def histogram_chart(kind, subject, grade, years, municipality, table, drawn):
    selection = Selection.parse(kind, subject, grade, years, municipality=municipality)
    return _render("histogram", selection, table=table, drawn=drawn)


@callback(*_outputs("box"), *_inputs(*PROCEDURE), *_shown("box"))
def box_chart(kind, subject, grade, years, table, drawn):
    return _render("box", Selection.parse(kind, subject, grade, years), table=table, drawn=drawn)


@callback(
    *_outputs("marks"),
    *_inputs(*PROCEDURE, ids.UNIT, ids.MUNICIPALITY, ids.SORT),
    *_shown("marks"),
)
def marks_chart(kind, subject, grade, years, unit, municipality, sort, tab, table, drawn):
    selection = Selection.parse(kind, subject, grade, years, unit, municipality, sort)
    return _render("marks", selection, tab, table, drawn)


@callback(*_outputs("means"), *_inputs(*PROCEDURE, ids.UNIT, ids.MUNICIPALITY), *_shown("means"))
def means_chart(kind, subject, grade, years, unit, municipality, tab, table, drawn):
    selection = Selection.parse(kind, subject, grade, years, unit, municipality)
    return _render("means", selection, tab, table, drawn)


@callback(*_outputs("slope"), *_inputs(*PROCEDURE, ids.UNIT, ids.MUNICIPALITY), *_shown("slope"))
def slope_chart(kind, subject, grade, years, unit, municipality, tab, table, drawn):
    selection = Selection.parse(kind, subject, grade, years, unit, municipality)
    return _render("slope", selection, tab, table, drawn)


@callback(
    *_outputs("heatmap"), *_inputs(*PROCEDURE, ids.UNIT, ids.MUNICIPALITY), *_shown("heatmap")
)
def heatmap_chart(kind, subject, grade, years, unit, municipality, tab, table, drawn):
    selection = Selection.parse(kind, subject, grade, years, unit, municipality)
    return _render("heatmap", selection, tab, table, drawn)


@callback(*_outputs("pair"), *_inputs(ids.PAIR, ids.UNIT, ids.MUNICIPALITY), *_shown("pair"))
def pair_chart(pair, unit, municipality, tab, table, drawn):
    selection = Selection.parse(unit=unit, municipality=municipality, pair=pair)
    return _render("pair", selection, tab, table, drawn)


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
    _, frame = build(chart, selection)
    if frame.empty:
        raise PreventUpdate
    parts = [selection.kind, selection.subject, selection.grade, selection.year, chart]
    return send_table(frame, "_".join(str(p) for p in parts if p is not None), xlsx=fmt == "xlsx")
