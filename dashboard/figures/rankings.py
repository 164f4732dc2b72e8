"""Figures of /rankings: scatter with the expected line, caterpillar, rank intervals, funnel.

Every function takes the redacted table of :func:`data_access.rankings.school_rankings`
(names only where the scope allows), so a figure can never show more than the table.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard import rules, strings
from dashboard.figures.template import HIGHLIGHT, PALETTE, base_figure, safe_label

CATEGORY_COLOURS = {
    "low_results": PALETTE[5], "resilient": PALETTE[2], "adverse_conditions": PALETTE[1],
    "above": PALETTE[0], "average": "#9AA5B1", "below": PALETTE[3],
}


def labels(table: pd.DataFrame) -> list[str]:
    """Hover label per row: the name within scope, «Ваша ОО» marked, others anonymous."""
    out = []
    for name, own in zip(table["name"], table["is_own"], strict=True):
        if isinstance(name, str):
            out.append(f"{strings.RANK_OWN}: {safe_label(name)}" if own else safe_label(name))
        else:
            out.append(strings.RANK_OTHER)
    return out


def _by_category(fig: go.Figure, table: pd.DataFrame, x: pd.Series, y: pd.Series, **extra) -> None:
    text = labels(table)
    for category, colour in CATEGORY_COLOURS.items():
        mask = (table["category"] == category).to_numpy()
        if not mask.any():
            continue
        fig.add_trace(go.Scatter(
            x=x[mask], y=y[mask], mode="markers", name=strings.RANK_CATEGORIES[category],
            marker={"color": colour, "size": 8, "line": {"width": 0.5, "color": "white"}},
            text=[t for t, m in zip(text, mask, strict=True) if m],
            hovertemplate="%{text}<br>%{x:.2f}; %{y:.1f}<extra></extra>", **extra))
    own = table["is_own"].to_numpy()
    if own.any():
        fig.add_trace(go.Scatter(
            x=x[own], y=y[own], mode="markers", name=strings.RANK_OWN, hoverinfo="skip",
            marker={"color": "rgba(0,0,0,0)", "size": 16, "line": {"width": 3, "color": HIGHLIGHT}}))


def scatter(view: dict, y_title: str, note: str) -> go.Figure:
    table = view["table"]
    fig = base_figure(strings.RANK_SCATTER, note)
    ok = table["social_index"].notna()
    _by_category(fig, table[ok], table.loc[ok, "social_index"].to_numpy(), table.loc[ok, "result"].to_numpy())
    if view.get("line") and ok.any():
        intercept, slope = view["line"]
        xs = np.linspace(table.loc[ok, "social_index"].min(), table.loc[ok, "social_index"].max(), 20)
        fig.add_trace(go.Scatter(x=xs, y=intercept + slope * xs, mode="lines", name=strings.RANK_EXPECTED,
                                 line={"color": "#333", "dash": "dash"}, hoverinfo="skip"))
    fig.update_layout(xaxis_title=strings.RANK_X_SOCIAL, yaxis_title=y_title)
    return fig


def caterpillar(view: dict, note: str) -> go.Figure:
    """Effects sorted, 95 % intervals; the schools «не отличается от среднего» shaded."""
    table = view["table"].sort_values("effect").reset_index(drop=True)
    order = np.arange(1, len(table) + 1)
    fig = base_figure(strings.RANK_CATERPILLAR, note)
    average = (table["ci_low"] <= 0) & (table["ci_high"] >= 0)
    if average.any():
        idx = order[average.to_numpy()]
        fig.add_vrect(x0=idx.min() - 0.5, x1=idx.max() + 0.5, fillcolor="#9AA5B1", opacity=0.15,
                      line_width=0, annotation_text=strings.RANK_BAND, annotation_position="top left")
    fig.add_hline(y=0, line={"color": "#333", "width": 1})
    errors = {"type": "data", "symmetric": False, "array": (table["ci_high"] - table["effect"]).to_numpy(),
              "arrayminus": (table["effect"] - table["ci_low"]).to_numpy(), "thickness": 1, "width": 0}
    _by_category(fig, table, order, table["effect"].to_numpy(), error_y=errors)
    fig.update_layout(xaxis_title=strings.RANK_RANK, yaxis_title=strings.RANK_X_EFFECT)
    return fig


def rank_intervals(view: dict, note: str) -> go.Figure:
    table = view["table"].sort_values("rank").reset_index(drop=True)
    fig = base_figure(strings.RANK_INTERVALS, note)
    errors = {"type": "data", "symmetric": False, "array": (table["rank_high"] - table["rank"]).to_numpy(),
              "arrayminus": (table["rank"] - table["rank_low"]).to_numpy(), "thickness": 1, "width": 0}
    position = np.arange(1, len(table) + 1)
    _by_category(fig, table, position, table["rank"].to_numpy(), error_y=errors)
    fig.update_layout(xaxis_title=strings.RANK_RANK, yaxis_title=strings.RANK_RANK,
                      yaxis_autorange="reversed")
    return fig


def funnel(view: dict, y_title: str, note: str) -> go.Figure:
    """School mean against participants with 95 % / 99.8 % limits around the regional mean."""
    table = view["table"]
    fig = base_figure(strings.RANK_FUNNEL, note)
    centre, sd = view["centre"], float(np.sqrt(view["sigma2"]))
    n_max = max(float(table["n"].max()) if len(table) else 10.0, 10.0)
    ns = np.linspace(max(rules.min_cell(), 1), n_max, 120)
    for z, name, dash in zip(rules.FUNNEL_Z, (strings.RANK_LIMIT_95, strings.RANK_LIMIT_998),
                             ("dot", "dash"), strict=True):
        for sign, legend in ((1, True), (-1, False)):
            fig.add_trace(go.Scatter(x=ns, y=centre + sign * z * sd / np.sqrt(ns), mode="lines",
                                     name=name, legendgroup=name, showlegend=legend,
                                     line={"color": "#5F6B7A", "dash": dash, "width": 1}, hoverinfo="skip"))
    fig.add_hline(y=centre, line={"color": "#333", "width": 1})
    _by_category(fig, table, table["n"].to_numpy(), table["result"].to_numpy())
    fig.update_layout(xaxis_title=strings.RANK_X_PARTICIPANTS, yaxis_title=y_title)
    return fig
