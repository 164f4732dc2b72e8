"""Figures of `/procedures`. Each takes a prepared DataFrame (labels already safe to show for
the caller) and returns a plotly figure in the OKO template; no data access here."""

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
    safe_label,
)

ROW_PX = 18  # height per category row, so 300 schools stay readable (the page scrolls)


def _height(rows: int, minimum: int = 420) -> int:
    return max(minimum, 160 + ROW_PX * rows)


def _labels(values) -> list[str]:
    return [safe_label(v) for v in values]


def histogram_figure(dist: pd.DataFrame, title: str) -> go.Figure:
    """Share of participants at each primary score (all shown municipalities together)."""
    counts = dist.groupby("primary_score")["pupils"].sum().sort_index()
    share = counts / counts.sum() * 100
    fig = base_figure(title)
    fig.add_bar(x=counts.index.astype("float64"), y=share.to_numpy(), marker_color=PALETTE[0],
                customdata=counts.to_numpy().reshape(-1, 1),
                hovertemplate=strings.PROC_PRIMARY_SCORE + ": %{x}<br>" + strings.PROC_SHARE_PUPILS
                + ": %{y:.1f}<br>" + strings.PROC_PUPILS + ": %{customdata[0]:,.0f}<extra></extra>")
    fig.update_layout(xaxis_title=strings.PROC_PRIMARY_SCORE, yaxis_title=strings.PROC_SHARE_PUPILS,
                      bargap=0.05, height=420)
    return fig


def box_figure(quartiles: pd.DataFrame, title: str) -> go.Figure:
    """Box per municipality drawn from quartiles computed from score counts."""
    frame = quartiles.sort_values("median")
    fig = base_figure(title)
    fig.add_trace(go.Box(
        y=_labels(frame["municipality"]), q1=frame["q1"], median=frame["median"], q3=frame["q3"],
        lowerfence=frame["min"], upperfence=frame["max"], mean=frame["mean"], orientation="h",
        marker_color=PALETTE[0], boxpoints=False, name=strings.PROC_PRIMARY_SCORE))
    fig.update_layout(xaxis_title=strings.PROC_PRIMARY_SCORE, showlegend=False,
                      height=_height(len(frame)))
    fig.update_yaxes(automargin=True)
    return fig


def marks_figure(frame: pd.DataFrame, title: str) -> go.Figure:
    """Stacked 2/3/4/5 shares per row, in the given order (top row first)."""
    frame = frame.iloc[::-1]
    labels = _labels(frame["label"])
    fig = base_figure(title)
    for mark in (2, 3, 4, 5):
        fig.add_bar(x=frame[f"share_{mark}"], y=labels, orientation="h", name=strings.MARK.format(m=mark),
                    marker_color=MARK_COLOURS[mark],
                    hovertemplate="%{y}<br>" + strings.MARK.format(m=mark) + ": %{x:.1f} %<extra></extra>")
    hidden = frame[frame["suppressed"]]
    if len(hidden):
        fig.add_scatter(x=[1] * len(hidden), y=_labels(hidden["label"]), mode="text",
                        text=[strings.SUPPRESSED] * len(hidden), textposition="middle right",
                        showlegend=False, hoverinfo="skip")
    fig.update_layout(barmode="stack", xaxis_title=strings.SHARE + ", %", xaxis_range=[0, 100],
                      height=_height(len(frame)), legend={"traceorder": "normal"})
    fig.update_yaxes(automargin=True, type="category")
    return fig


def means_figure(frame: pd.DataFrame, title: str) -> go.Figure:
    """Sorted dot plot of mean percent with interval whiskers; the caller's own rows stand out."""
    frame = frame.dropna(subset=["mean_percent"]).sort_values("mean_percent")
    labels = _labels(frame["label"])
    colours = [HIGHLIGHT if own else PALETTE[0] for own in frame["own"]]
    plus = (frame["ci_high"] - frame["mean_percent"]).fillna(0).to_numpy()
    minus = (frame["mean_percent"] - frame["ci_low"]).fillna(0).to_numpy()
    fig = base_figure(title)
    fig.add_scatter(
        x=frame["mean_percent"], y=labels, mode="markers", marker={"color": colours, "size": 8},
        error_x={"type": "data", "array": plus, "arrayminus": minus, "color": MUTED, "thickness": 1.2},
        customdata=np.column_stack([frame["ci_low"].astype("float64"), frame["ci_high"].astype("float64"),
                                    frame["participants"].astype("float64")]),
        hovertemplate="%{y}<br>" + strings.MEAN_PERCENT + ": %{x:.1f} %<br>95 %: %{customdata[0]:.1f}–"
        "%{customdata[1]:.1f}<br>" + strings.PARTICIPANTS + ": %{customdata[2]:,.0f}<extra></extra>",
        showlegend=False)
    fig.update_layout(xaxis_title=strings.MEAN_PERCENT + ", %", height=_height(len(frame)))
    fig.update_yaxes(automargin=True, type="category")
    return fig


def slope_figure(frame: pd.DataFrame, year_a: int, year_b: int, title: str) -> go.Figure:
    """One line per school or municipality from year a to year b; colour says up or down."""
    fig = base_figure(title)
    for up, colour, name in ((True, PALETTE[2], strings.PROC_UP), (False, PALETTE[5], strings.PROC_DOWN)):
        part = frame[(frame["change"] >= 0) == up]
        xs, ys, texts = [], [], []
        for row in part.itertuples(index=False):
            xs += [str(year_a), str(year_b), None]
            ys += [row.a, row.b, None]
            label = safe_label(row.label)
            texts += [label, label, None]
        fig.add_scatter(x=xs, y=ys, mode="lines+markers", name=f"{name} ({len(part)})", text=texts,
                        line={"color": colour, "width": 1.2}, marker={"size": 5}, connectgaps=False,
                        hovertemplate="%{text}<br>%{x}: %{y:.1f} %<extra></extra>")
    fig.update_layout(yaxis_title=strings.MEAN_PERCENT + ", %", height=520)
    fig.update_xaxes(type="category")
    return fig


def heatmap_figure(matrix: pd.DataFrame, title: str, x_title: str) -> go.Figure:
    """Rows × columns of percent completed (e.g. schools × tasks, municipalities × skills)."""
    fig = base_figure(title)
    fig.add_heatmap(z=matrix.to_numpy(dtype="float64"), x=_labels(matrix.columns), y=_labels(matrix.index),
                    colorscale="Blues", zmin=0, zmax=100, colorbar={"title": {"text": "%"}},
                    hovertemplate="%{y}<br>%{x}: %{z:.1f} %<extra></extra>", xgap=1, ygap=1)
    fig.update_layout(xaxis_title=x_title, height=_height(len(matrix)))
    fig.update_xaxes(type="category")
    fig.update_yaxes(automargin=True, type="category", autorange="reversed")
    return fig


def pair_figure(frame: pd.DataFrame, label_a: str, label_b: str, threshold: float, title: str) -> go.Figure:
    """Scatter of two procedures, the diagonal, the typical shift ± threshold·sd, far points named."""
    fig = base_figure(title)
    values = pd.concat([frame["x"], frame["y"]]).astype("float64")
    low, high = (float(values.min()) - 3, float(values.max()) + 3) if len(values) else (0.0, 100.0)
    fig.add_scatter(x=[low, high], y=[low, high], mode="lines", name=strings.PROC_DIAGONAL,
                    line={"color": "#000000", "width": 1}, hoverinfo="skip")
    shift, spread = ((float(frame["shift"].iloc[0]), float(frame["spread"].iloc[0])) if len(frame)
                     else (np.nan, np.nan))
    if np.isfinite(shift) and np.isfinite(spread):
        for k, show in ((threshold, True), (-threshold, False)):
            fig.add_scatter(x=[low, high], y=[low + shift + k * spread, high + shift + k * spread], mode="lines",
                            name=strings.PROC_TYPICAL.format(t=threshold), showlegend=show,
                            legendgroup="band", line={"color": MUTED, "dash": "dash", "width": 1},
                            hoverinfo="skip")
    for far, colour, name in ((False, PALETTE[0], None), (True, PALETTE[5], strings.PROC_FAR.format(t=threshold))):
        part = frame[frame["far"] == far]
        fig.add_scatter(
            x=part["x"], y=part["y"], mode="markers+text" if far else "markers",
            text=_labels(part["label"]) if far else None, textposition="top center",
            marker={"color": [HIGHLIGHT if own else colour for own in part["own"]], "size": 8 if far else 6},
            name=name or strings.PROC_UNITS["schools"], showlegend=bool(name),
            customdata=np.column_stack([_labels(part["label"]), part["residual"].astype("float64")])
            if len(part) else None,
            hovertemplate="%{customdata[0]}<br>" + label_a + ": %{x:.1f} %<br>" + label_b
            + ": %{y:.1f} %<br>" + strings.PROC_COLUMNS["residual"] + ": %{customdata[1]:.2f}<extra></extra>")
    fig.update_layout(xaxis_title=label_a + ", %", yaxis_title=label_b + ", %", height=600,
                      legend={"orientation": "h", "yanchor": "top", "y": -0.12, "x": 0},
                      margin={"b": 120})
    fig.update_xaxes(range=[low, high])
    fig.update_yaxes(range=[low, high])  # same range on both axes, so the diagonal is 45°
    return fig
