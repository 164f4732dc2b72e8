"""Figures and views of `/procedures`: pure, no data access here.

The `*_figure` builders draw one chart from a prepared frame. The `*_view` functions below
are what callbacks call: frames from data_access (labels already safe to show for the
caller) in, `(figure, table frame)` out. The chart, its data grid and its CSV/XLSX download
all come from one view call, so a download is exactly the chart's data.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard import strings
from dashboard.figures.template import (
    HIGHLIGHT,
    MARK_COLOURS,
    MUTED,
    PALETTE,
    base_figure,
    empty_figure,
    safe_label,
)

#: What every view returns: the chart and the table behind it (Russian headers, raw numbers).
View = tuple[go.Figure, pd.DataFrame]

ROW_PX = 18  # height per category row, so 300 schools stay readable (the page scrolls)


def _height(rows: int, minimum: int = 420) -> int:
    return max(minimum, 160 + ROW_PX * rows)


def _labels(values) -> list[str]:
    return [safe_label(v) for v in values]


def _shown(values, digits: int = 1) -> np.ndarray:
    """Numbers as the chart shows them: rounded to the hover's decimals, as float32 (plotly
    sends arrays as typed binary, so this halves their bytes; 7 digits are plenty)."""
    return np.round(np.asarray(values, dtype="float64"), digits).astype("float32")


#: Width of a character of a row name at the template's 13 px font (Cyrillic capitals are
#: wider than this, lower case narrower), and the margin's limits.
CHAR_PX, MARGIN_PX = 7.4, (60, 420)


def _label_margin(fig: go.Figure, labels: list[str]) -> None:
    """A left margin wide enough for the row names, estimated from their length. Plotly's
    automargin would measure every label in the browser (a third of a second for 300 rows,
    again on each resize); a name longer than the widest margin is cut at the left edge."""
    longest = max((len(label) for label in labels), default=0)
    low, high = MARGIN_PX
    fig.update_layout(margin={"l": int(min(high, max(low, 16 + CHAR_PX * longest)))})
    fig.update_yaxes(automargin=False)


def _row_axis(fig: go.Figure, labels: list[str]) -> np.ndarray:
    """Rows drawn at positions 0…n-1 of a linear y axis whose tick labels are the row names:
    the names travel once, not once per trace (a stacked bar has four). Hover `%{y}` shows the
    tick label. Returns the positions; the first row is drawn at the top."""
    positions = np.arange(len(labels), dtype="uint16" if len(labels) < 2**16 else "int32")
    fig.update_yaxes(
        tickmode="array",
        tickvals=positions,
        ticktext=labels,
        range=[len(labels) - 0.5, -0.5],
        showgrid=False,
        # A linear axis measures every label to hide those past the div (seconds for 300
        # rows); the margin is sized for the labels, so none overflows.
        ticklabeloverflow="allow",
    )
    _label_margin(fig, labels)
    return positions


def histogram_figure(dist: pd.DataFrame, title: str) -> go.Figure:
    """Share of participants at each primary score (all shown municipalities together)."""
    counts = dist.groupby("primary_score")["pupils"].sum().sort_index()
    share = counts / counts.sum() * 100
    fig = base_figure(title)
    fig.add_bar(
        x=counts.index.astype("float64"),
        y=share.to_numpy(),
        marker_color=PALETTE[0],
        customdata=counts.to_numpy().reshape(-1, 1),
        hovertemplate=strings.PROC_PRIMARY_SCORE
        + ": %{x}<br>"
        + strings.PROC_SHARE_PUPILS
        + ": %{y:.1f}<br>"
        + strings.PROC_PUPILS
        + ": %{customdata[0]:,.0f}<extra></extra>",
    )
    fig.update_layout(
        xaxis_title=strings.PROC_PRIMARY_SCORE,
        yaxis_title=strings.PROC_SHARE_PUPILS,
        bargap=0.05,
        height=420,
    )
    return fig


def box_figure(quartiles: pd.DataFrame, title: str) -> go.Figure:
    """Box per municipality drawn from quartiles computed from score counts."""
    frame = quartiles.sort_values("median")
    fig = base_figure(title)
    fig.add_trace(
        go.Box(
            y=_labels(frame["municipality"]),
            q1=frame["q1"],
            median=frame["median"],
            q3=frame["q3"],
            lowerfence=frame["min"],
            upperfence=frame["max"],
            mean=frame["mean"],
            orientation="h",
            marker_color=PALETTE[0],
            boxpoints=False,
            name=strings.PROC_PRIMARY_SCORE,
        )
    )
    fig.update_layout(
        xaxis_title=strings.PROC_PRIMARY_SCORE, showlegend=False, height=_height(len(frame))
    )
    fig.update_yaxes(automargin=True)
    return fig


def marks_figure(frame: pd.DataFrame, title: str) -> go.Figure:
    """Stacked 2/3/4/5 shares per row, in the given order (top row first)."""
    fig = base_figure(title)
    rows = _row_axis(fig, _labels(frame["label"]))
    for mark in (2, 3, 4, 5):
        name = strings.MARK.format(m=mark)
        fig.add_bar(
            x=_shown(frame[f"share_{mark}"]),
            y=rows,
            orientation="h",
            name=name,
            marker_color=MARK_COLOURS[mark],
            hovertemplate="%{y}<br>" + name + ": %{x:.1f} %<extra></extra>",
        )
    hidden = rows[frame["suppressed"].to_numpy(dtype=bool)]
    if len(hidden):
        fig.add_scatter(
            x=[1] * len(hidden),
            y=hidden,
            mode="text",
            text=[strings.SUPPRESSED] * len(hidden),
            textposition="middle right",
            showlegend=False,
            hoverinfo="skip",
        )
    fig.update_layout(
        barmode="stack",
        xaxis_title=strings.SHARE + ", %",
        xaxis_range=[0, 100],
        height=_height(len(frame)),
        # The legend at the very top, the title under it (a tall chart would put a legend
        # placed above the plot area far from the title, or over it).
        legend={"traceorder": "normal", "yref": "container", "y": 1, "yanchor": "top"},
        margin={"t": 90},
    )
    return fig


def means_figure(frame: pd.DataFrame, title: str) -> go.Figure:
    """Sorted dot plot of mean percent with interval whiskers; the caller's own rows stand out."""
    frame = frame.dropna(subset=["mean_percent"]).sort_values("mean_percent")
    labels = _labels(frame["label"])
    colours = [HIGHLIGHT if own else PALETTE[0] for own in frame["own"]]
    plus = _shown((frame["ci_high"] - frame["mean_percent"]).fillna(0))
    minus = _shown((frame["mean_percent"] - frame["ci_low"]).fillna(0))
    fig = base_figure(title)
    fig.add_scatter(
        x=_shown(frame["mean_percent"]),
        y=labels,
        mode="markers",
        marker={"color": colours, "size": 8},
        error_x={
            "type": "data",
            "array": plus,
            "arrayminus": minus,
            "color": MUTED,
            "thickness": 1.2,
        },
        customdata=_shown(frame[["ci_low", "ci_high", "participants"]]),
        hovertemplate="%{y}<br>" + strings.MEAN_PERCENT + ": %{x:.1f} %<br>"
        "95 %: %{customdata[0]:.1f}–%{customdata[1]:.1f}<br>"
        + strings.PARTICIPANTS
        + ": %{customdata[2]:,.0f}<extra></extra>",
        showlegend=False,
    )
    fig.update_layout(xaxis_title=strings.MEAN_PERCENT + ", %", height=_height(len(frame)))
    fig.update_yaxes(type="category")
    _label_margin(fig, labels)
    return fig


def slope_figure(frame: pd.DataFrame, year_a: int, year_b: int, title: str) -> go.Figure:
    """One line per school or municipality from year a to year b; colour says up or down.

    Each row's name travels once: the lines carry no names, and a marker at each line's end
    (year b) names the row and gives both years' values in its hover."""
    fig = base_figure(title)
    x_a, x_b = str(year_a), str(year_b)
    directions = ((True, PALETTE[2], strings.PROC_UP), (False, PALETTE[5], strings.PROC_DOWN))
    for up, colour, name in directions:
        part = frame[(frame["change"] >= 0) == up]
        xs, ys = [], []
        for row in part.itertuples(index=False):
            xs += [x_a, x_b, None]
            ys += [round(float(row.a), 1), round(float(row.b), 1), None]  # as the hover shows
        group = {"legendgroup": name, "marker": {"size": 5, "color": colour}}
        fig.add_scatter(
            x=xs,
            y=ys,
            mode="lines+markers",
            name=f"{name} ({len(part)})",
            line={"color": colour, "width": 1.2},
            connectgaps=False,
            hoverinfo="skip",
            **group,
        )
        fig.add_scatter(
            x=[x_b] * len(part),
            y=_shown(part["b"]),
            mode="markers",
            text=_labels(part["label"]),
            customdata=_shown(part["a"]),
            showlegend=False,
            hovertemplate="%{text}<br>"
            + x_a
            + ": %{customdata:.1f} %<br>"
            + x_b
            + ": %{y:.1f} %<extra></extra>",
            **group,
        )
    fig.update_layout(yaxis_title=strings.MEAN_PERCENT + ", %", height=520)
    fig.update_xaxes(type="category")
    return fig


def heatmap_figure(matrix: pd.DataFrame, title: str, x_title: str) -> go.Figure:
    """Rows × columns of percent completed (e.g. schools × tasks, municipalities × skills)."""
    rows = _labels(matrix.index)
    fig = base_figure(title)
    fig.add_heatmap(
        z=_shown(matrix.to_numpy(dtype="float64")),
        x=_labels(matrix.columns),
        y=rows,
        colorscale="Blues",
        zmin=0,
        zmax=100,
        colorbar={"title": {"text": "%"}},
        hovertemplate="%{y}<br>%{x}: %{z:.1f} %<extra></extra>",
        xgap=1,
        ygap=1,
    )
    fig.update_layout(xaxis_title=x_title, height=_height(len(matrix)))
    fig.update_xaxes(type="category")
    fig.update_yaxes(type="category", autorange="reversed")
    _label_margin(fig, rows)
    return fig


def pair_figure(
    frame: pd.DataFrame, label_a: str, label_b: str, threshold: float, title: str
) -> go.Figure:
    """Scatter of two procedures, the diagonal, the typical shift ± threshold·sd, far points
    named."""
    fig = base_figure(title)
    values = pd.concat([frame["x"], frame["y"]]).astype("float64")
    low, high = (float(values.min()) - 3, float(values.max()) + 3) if len(values) else (0.0, 100.0)
    fig.add_scatter(
        x=[low, high],
        y=[low, high],
        mode="lines",
        name=strings.PROC_DIAGONAL,
        line={"color": "#000000", "width": 1},
        hoverinfo="skip",
    )
    shift, spread = (
        (float(frame["shift"].iloc[0]), float(frame["spread"].iloc[0]))
        if len(frame)
        else (np.nan, np.nan)
    )
    if np.isfinite(shift) and np.isfinite(spread):
        for k, show in ((threshold, True), (-threshold, False)):
            band = [low + shift + k * spread, high + shift + k * spread]
            fig.add_scatter(
                x=[low, high],
                y=band,
                mode="lines",
                name=strings.PROC_TYPICAL.format(t=threshold),
                showlegend=show,
                legendgroup="band",
                line={"color": MUTED, "dash": "dash", "width": 1},
                hoverinfo="skip",
            )
    groups = ((False, PALETTE[0], None), (True, PALETTE[5], strings.PROC_FAR.format(t=threshold)))
    for far, colour, name in groups:
        part = frame[frame["far"] == far]
        labels = _labels(part["label"])
        fig.add_scatter(
            x=_shown(part["x"]),
            y=_shown(part["y"]),
            mode="markers+text" if far else "markers",
            text=labels if far else None,
            hovertext=labels,
            textposition="top center",
            marker={
                "color": [HIGHLIGHT if own else colour for own in part["own"]],
                "size": 8 if far else 6,
            },
            name=name or strings.PROC_UNITS["schools"],
            showlegend=bool(name),
            customdata=_shown(part["residual"], 2),
            hovertemplate="%{hovertext}<br>"
            + label_a
            + ": %{x:.1f} %<br>"
            + label_b
            + ": %{y:.1f} %<br>"
            + strings.PROC_COLUMNS["residual"]
            + ": %{customdata:.2f}<extra></extra>",
        )
    fig.update_layout(
        xaxis_title=label_a + ", %",
        yaxis_title=label_b + ", %",
        height=600,
        legend={"orientation": "h", "yanchor": "top", "y": -0.12, "x": 0},
        margin={"b": 120},
    )
    fig.update_xaxes(range=[low, high])
    fig.update_yaxes(range=[low, high])  # same range on both axes, so the diagonal is 45°
    return fig


# ------------------------------------------------------------------ views: frames → (figure, table)


def no_chart(message: str = strings.NO_DATA) -> View:
    """A chart that says why it is empty, and no table (the download is refused)."""
    return empty_figure(message), pd.DataFrame()


def data_table(frame: pd.DataFrame, columns: list[str], **names: str) -> pd.DataFrame:
    """The chosen columns under Russian headers (`names` override PROC_COLUMNS), floats to 0.01."""
    out = frame[columns].copy()
    for column in out.columns:
        if pd.api.types.is_float_dtype(out[column]):
            out[column] = out[column].astype("float64").round(2)
    return out.rename(columns={c: names.get(c, strings.PROC_COLUMNS.get(c, c)) for c in columns})


def histogram_view(dist: pd.DataFrame, year: int, municipality: str | None = None) -> View:
    """Pupils per primary score (`score_distribution` rows), of one municipality when given."""
    if municipality:
        dist = dist[dist["municipality_code"] == municipality]
    if dist.empty:
        return no_chart(strings.PROC_NO_PUPILS)
    counts = dist.groupby("primary_score", as_index=False)["pupils"].sum()
    counts["share"] = counts["pupils"] / counts["pupils"].sum() * 100
    fig = histogram_figure(dist, strings.PROC_HISTOGRAM.format(year=year))
    return fig, data_table(
        counts, ["primary_score", "pupils", "share"], share=strings.PROC_SHARE_PUPILS
    )


def box_view(quartiles: pd.DataFrame, year: int) -> View:
    """Quartiles per municipality (min, q1, median, q3, max, mean, n) as boxes."""
    if quartiles.empty:
        return no_chart(strings.PROC_NO_PUPILS)
    fig = box_figure(quartiles, strings.PROC_BOX.format(year=year))
    columns = ["municipality", "n", "min", "q1", "median", "q3", "max", "mean"]
    return fig, data_table(quartiles, columns, n=strings.PROC_PUPILS)


def _with_shares(frame: pd.DataFrame) -> pd.DataFrame:
    marks = frame[[f"marks_{m}" for m in (2, 3, 4, 5)]].astype("float64")
    total = marks.sum(axis=1).where(lambda t: t > 0)
    return frame.assign(**{f"share_{m}": marks[f"marks_{m}"] / total * 100 for m in (2, 3, 4, 5)})


def marks_view(results: pd.DataFrame, year: int, sort: str = "name") -> View:
    """Mark shares per school or municipality; `sort` is name, low (share of 2) or high (4 and 5).
    Suppressed rows go last whatever the order."""
    if results.empty:
        return no_chart()
    frame = _with_shares(results)
    order = {"name": ("label", True), "low": ("share_2", False)}.get(sort)
    if order is None:
        frame = frame.assign(_high=frame["share_4"] + frame["share_5"])
        order = ("_high", False)
    frame = frame.sort_values(["suppressed", order[0], "label"], ascending=[True, order[1], True])
    fig = marks_figure(frame, strings.PROC_MARKS.format(year=year))
    columns = [
        "label",
        "municipality",
        "participants",
        "marks_2",
        "marks_3",
        "marks_4",
        "marks_5",
        "share_2",
        "share_3",
        "share_4",
        "share_5",
        "suppressed",
    ]
    return fig, data_table(frame, columns)


def means_view(results: pd.DataFrame, year: int) -> View:
    """Mean percent with its interval per school or municipality; the table highest first."""
    if results.empty:
        return no_chart()
    fig = means_figure(results, strings.PROC_MEANS.format(year=year))
    frame = results.sort_values("mean_percent", ascending=False)
    columns = [
        "label",
        "municipality",
        "participants",
        "mean_percent",
        "ci_low",
        "ci_high",
        "suppressed",
    ]
    return fig, data_table(frame, columns)


def slope_view(results: pd.DataFrame, years: list[int]) -> View:
    """Mean percent in the first and the last chosen year, for rows present in both."""
    if len(years) < 2:
        return no_chart(strings.PROC_NO_SLOPE)
    a, b = years[0], years[-1]
    frame = results.dropna(subset=["mean_percent"])
    wide = frame.pivot_table(
        index=["key", "label", "municipality"], columns="year", values="mean_percent"
    )
    if a not in wide or b not in wide:
        return no_chart()
    wide = wide[[a, b]].dropna().reset_index().rename(columns={a: "a", b: "b"})
    if wide.empty:
        return no_chart()
    wide["change"] = wide["b"] - wide["a"]
    fig = slope_figure(wide, a, b, strings.PROC_SLOPE.format(a=a, b=b))
    wide = wide.sort_values("change")
    columns = ["label", "municipality", "a", "b", "change"]
    return fig, data_table(wide, columns, a=f"{a}, %", b=f"{b}, %")


def task_heatmap_view(tasks: pd.DataFrame, year: int) -> View:
    """Schools × tasks, percent completed (`task_completion` rows)."""
    if tasks.empty:
        return no_chart(strings.PROC_NO_PUPILS)
    matrix = tasks.pivot_table(index="label", columns="task_number", values="percent")
    matrix.columns = [str(c) for c in matrix.columns]
    fig = heatmap_figure(matrix, strings.PROC_HEATMAP_TASKS.format(year=year), strings.PROC_TASK)
    columns = ["label", "municipality", "task_number", "skill_code", "skill_name", "percent"]
    return fig, data_table(tasks, columns)


def skill_heatmap_view(skills: pd.DataFrame, year: int) -> View:
    """Municipalities × skills, percent completed (`skill_completion` rows)."""
    if skills.empty:
        return no_chart(strings.PROC_NO_PUPILS)
    matrix = skills.pivot_table(
        index="municipality", columns="skill_code", values="percent", dropna=False
    )
    fig = heatmap_figure(matrix, strings.PROC_HEATMAP_SKILLS.format(year=year), strings.PROC_SKILL)
    columns = ["municipality", "skill_code", "skill_name", "participants", "percent"]
    return fig, data_table(skills, columns)


def pair_view(pairs: pd.DataFrame, name_a: str, name_b: str, threshold: float) -> View:
    """The same cohort in two procedures: `pair_results` rows with `residual`, `far`, `shift` and
    `spread` added (dashboard.analytics.procedure_stats); the table farthest first."""
    if pairs.empty:
        return no_chart()
    title = strings.PROC_PAIR.format(a=name_a, b=name_b)
    fig = pair_figure(pairs, name_a, name_b, threshold, title)
    fig.add_annotation(
        text=strings.PROC_FAR_NOTE_SHORT.format(t=threshold),
        xref="paper",
        yref="paper",
        x=0,
        y=-0.26,
        showarrow=False,
        xanchor="left",
        font={"size": 11, "color": "#5F6B7A"},
    )
    frame = pairs.sort_values("residual", key=lambda r: -r.abs())
    pupils = strings.PROC_PUPILS.lower()
    columns = [
        "label",
        "municipality",
        "participants_a",
        "x",
        "participants_b",
        "y",
        "difference",
        "residual",
        "far",
    ]
    return fig, data_table(
        frame,
        columns,
        participants_a=f"{name_a}: {pupils}",
        x=f"{name_a}, %",
        participants_b=f"{name_b}: {pupils}",
        y=f"{name_b}, %",
    )
