"""One function per `/procedures` chart: selection → (figure, data table).

The chart callbacks and the CSV/XLSX download call the same function, so a downloaded table
is exactly the data behind the chart the user sees. Tables carry Russian headers and raw
numbers (rounded to 0.01); labels are already anonymised by data_access.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import plotly.graph_objects as go

from callbacks.procedures_query import Selection, pair_codes
from dashboard import rules, strings
from dashboard.analytics import procedure_stats
from dashboard.auth import current_scope
from dashboard.figures import procedures as pf
from dashboard.figures.template import empty_figure
from data_access import procedures, procedures_detail

Result = tuple[go.Figure, pd.DataFrame]


def _empty(message: str = strings.NO_DATA) -> Result:
    return empty_figure(message), pd.DataFrame()


def _table(frame: pd.DataFrame, columns: list[str], **names: str) -> pd.DataFrame:
    out = frame[columns].copy()
    for column in out.columns:
        if pd.api.types.is_float_dtype(out[column]):
            out[column] = out[column].astype("float64").round(2)
    return out.rename(columns={c: names.get(c, strings.PROC_COLUMNS.get(c, c)) for c in columns})


def _unit(selection: Selection) -> str:
    return "municipalities" if current_scope().aggregates_only else selection.unit


def _results(selection: Selection, years: list[int]) -> pd.DataFrame:
    """School or municipality rows of the chosen procedure, with `label`, `key` and `own`."""
    scope, s = current_scope(), selection
    if _unit(s) == "schools":
        return procedures.school_means(scope, s.kind, s.subject, s.grade, years, s.municipality)
    frame = procedures.municipality_means(scope, s.kind, s.subject, s.grade, years)
    return frame.assign(label=frame["municipality"], key=frame["municipality_code"], own=False)


def histogram(s: Selection) -> Result:
    dist = procedures.score_distribution(current_scope(), s.kind, s.subject, s.grade, s.year)
    if s.municipality:
        dist = dist[dist["municipality_code"] == s.municipality]
    if dist.empty:
        return _empty(strings.PROC_NO_PUPILS)
    counts = dist.groupby("primary_score", as_index=False)["pupils"].sum()
    counts["share"] = counts["pupils"] / counts["pupils"].sum() * 100
    fig = pf.histogram_figure(dist, strings.PROC_HISTOGRAM.format(year=s.year))
    return fig, _table(counts, ["primary_score", "pupils", "share"], share=strings.PROC_SHARE_PUPILS)


def box(s: Selection) -> Result:
    dist = procedures.score_distribution(current_scope(), s.kind, s.subject, s.grade, s.year)
    if dist.empty:
        return _empty(strings.PROC_NO_PUPILS)
    rows = [{"municipality": name, **procedure_stats.quartiles_from_counts(g["primary_score"], g["pupils"])}
            for name, g in dist.groupby("municipality")]
    frame = pd.DataFrame(rows)
    fig = pf.box_figure(frame, strings.PROC_BOX.format(year=s.year))
    return fig, _table(frame, ["municipality", "n", "min", "q1", "median", "q3", "max", "mean"],
                       n=strings.PROC_PUPILS)


def _with_shares(frame: pd.DataFrame) -> pd.DataFrame:
    marks = frame[[f"marks_{m}" for m in (2, 3, 4, 5)]].astype("float64")
    total = marks.sum(axis=1).where(lambda t: t > 0)
    return frame.assign(**{f"share_{m}": marks[f"marks_{m}"] / total * 100 for m in (2, 3, 4, 5)})


def marks(s: Selection) -> Result:
    frame = _results(s, [s.year])
    if frame.empty:
        return _empty()
    frame = _with_shares(frame)
    order = {"name": ("label", True), "low": ("share_2", False)}.get(s.sort)
    if order is None:
        frame = frame.assign(_high=frame["share_4"] + frame["share_5"])
        order = ("_high", False)
    frame = frame.sort_values(["suppressed", order[0], "label"], ascending=[True, order[1], True])
    fig = pf.marks_figure(frame, strings.PROC_MARKS.format(year=s.year))
    return fig, _table(frame, ["label", "municipality", "participants", "marks_2", "marks_3", "marks_4",
                               "marks_5", "share_2", "share_3", "share_4", "share_5", "suppressed"])


def means(s: Selection) -> Result:
    frame = _results(s, [s.year])
    if frame.empty:
        return _empty()
    fig = pf.means_figure(frame, strings.PROC_MEANS.format(year=s.year))
    frame = frame.sort_values("mean_percent", ascending=False)
    return fig, _table(frame, ["label", "municipality", "participants", "mean_percent", "ci_low", "ci_high",
                               "suppressed"])


def slope(s: Selection) -> Result:
    if len(s.years) < 2:
        return _empty(strings.PROC_NO_SLOPE)
    a, b = s.years[0], s.years[-1]
    frame = _results(s, [a, b]).dropna(subset=["mean_percent"])
    wide = frame.pivot_table(index=["key", "label", "municipality"], columns="year", values="mean_percent")
    if a not in wide or b not in wide:
        return _empty()
    wide = wide[[a, b]].dropna().reset_index().rename(columns={a: "a", b: "b"})
    if wide.empty:
        return _empty()
    wide["change"] = wide["b"] - wide["a"]
    fig = pf.slope_figure(wide, a, b, strings.PROC_SLOPE.format(a=a, b=b))
    wide = wide.sort_values("change")
    return fig, _table(wide, ["label", "municipality", "a", "b", "change"], a=f"{a}, %", b=f"{b}, %")


def heatmap(s: Selection) -> Result:
    scope = current_scope()
    if _unit(s) == "schools":
        frame = procedures_detail.task_completion(scope, s.kind, s.subject, s.grade, s.year, s.municipality)
        if frame.empty:
            return _empty(strings.PROC_NO_PUPILS)
        matrix = frame.pivot_table(index="label", columns="task_number", values="percent")
        matrix.columns = [str(c) for c in matrix.columns]
        fig = pf.heatmap_figure(matrix, strings.PROC_HEATMAP_TASKS.format(year=s.year), strings.PROC_TASK)
        return fig, _table(frame, ["label", "municipality", "task_number", "skill_code", "skill_name", "percent"])
    frame = procedures_detail.skill_completion(scope, s.kind, s.subject, s.grade, s.year)
    if frame.empty:
        return _empty(strings.PROC_NO_PUPILS)
    matrix = frame.pivot_table(index="municipality", columns="skill_code", values="percent", dropna=False)
    fig = pf.heatmap_figure(matrix, strings.PROC_HEATMAP_SKILLS.format(year=s.year), strings.PROC_SKILL)
    return fig, _table(frame, ["municipality", "skill_code", "skill_name", "participants", "percent"])


def _procedure_name(code: str) -> str:
    catalogue = procedures.procedure_catalogue(current_scope())
    row = catalogue[catalogue["code"] == code]
    if row.empty:
        return code
    r = row.iloc[0]
    return f"{strings.procedure_label(r['kind'], r['subject'], int(r['grade']))}, {int(r['year'])}"


def pair(s: Selection) -> Result:
    codes = pair_codes(s.pair)
    if codes is None:
        return _empty(strings.PROC_NO_PAIRS)
    frame = procedures_detail.pair_results(current_scope(), *codes, _unit(s), s.municipality)
    if frame.empty:
        return _empty()
    frame = pd.concat([frame, procedure_stats.diagonal_residuals(frame["x"], frame["y"])], axis=1)
    frame["far"] = procedure_stats.far_from_diagonal(frame["residual"], rules.PROCEDURE_FAR_RESIDUAL)
    a, b = (_procedure_name(c) for c in codes)
    fig = pf.pair_figure(frame, a, b, rules.PROCEDURE_FAR_RESIDUAL, strings.PROC_PAIR.format(a=a, b=b))
    fig.add_annotation(text=strings.PROC_FAR_NOTE_SHORT.format(t=rules.PROCEDURE_FAR_RESIDUAL),
                       xref="paper", yref="paper", x=0, y=-0.26, showarrow=False, xanchor="left",
                       font={"size": 11, "color": "#5F6B7A"})
    frame = frame.sort_values("residual", key=lambda r: -r.abs())
    return fig, _table(frame, ["label", "municipality", "participants_a", "x", "participants_b", "y",
                               "difference", "residual", "far"],
                       participants_a=f"{a}: {strings.PROC_PUPILS.lower()}", x=f"{a}, %",
                       participants_b=f"{b}: {strings.PROC_PUPILS.lower()}", y=f"{b}, %")


VIEWS: dict[str, Callable[[Selection], Result]] = {
    "histogram": histogram, "box": box, "marks": marks, "means": means, "slope": slope,
    "heatmap": heatmap, "pair": pair,
}


def build(chart: str, selection: Selection) -> Result:
    """The figure and the table of one chart; incomplete selections give an empty chart."""
    needs_procedure = chart != "pair"
    if chart not in VIEWS or (needs_procedure and not selection.complete):
        return _empty()
    return VIEWS[chart](selection)
