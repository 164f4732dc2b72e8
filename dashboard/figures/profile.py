"""Figures of the school profile, in the shared OKO template (dashboard.figures)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard import strings
from dashboard.figures import template as figures
from dashboard.formatting import format_number

BETTER, WORSE = figures.PALETTE[2], figures.PALETTE[5]
CONTEXT_SOURCE = "контекстные данные ОО"


def _value(value, unit: str) -> str:
    return strings.NO_DATA if pd.isna(value) else f"{format_number(value, 2 if unit == '0/1' else 1)} {unit}"


def context_figure(frame: pd.DataFrame, year: int) -> go.Figure:
    """Diverging bars: each indicator better (+) or worse (−) than the municipality median."""
    frame = frame.sort_values(["group", "position"], na_position="first")
    labels = [figures.safe_label(n) for n in frame["name"]]
    position = frame["position"].fillna(0)
    colours = [BETTER if p >= 0 else WORSE for p in position]
    hover = [
        "<br>".join([
            figures.safe_label(r["name"]),
            f"{strings.PROFILE_TREND_SCHOOL}: {_value(r['value'], r['unit'])}",
            f"{strings.PROFILE_TREND_MUNICIPALITY}: {_value(r['municipality_median'], r['unit'])}",
            f"{strings.PROFILE_TREND_REGION}: {_value(r['region_median'], r['unit'])}",
            f"{strings.PROFILE_BETTER if p >= 0 else strings.PROFILE_WORSE}",
            f"{CONTEXT_SOURCE}, {year} г.",
        ])
        for (_, r), p in zip(frame.iterrows(), position, strict=True)
    ]
    fig = figures.base_figure()
    fig.add_bar(x=position, y=labels, orientation="h", marker_color=colours, hovertext=hover,
                hovertemplate="%{hovertext}<extra></extra>")
    fig.update_layout(xaxis_title=strings.PROFILE_CONTEXT_AXIS, margin={"t": 16})
    fig.update_xaxes(zeroline=True, zerolinecolor="#5F6B7A", title_font={"size": 11})
    fig.update_yaxes(automargin=True, tickfont={"size": 11})
    return fig


def context_trend_figure(frame: pd.DataFrame) -> go.Figure:
    """One indicator over the years: the school beside municipality and region medians."""
    if frame.empty or frame["value"].isna().all():
        return figures.empty_figure(strings.NO_DATA)
    frame = frame.sort_values("year")
    name, unit = figures.safe_label(frame["name"].iloc[0]), str(frame["unit"].iloc[0])
    fig = figures.base_figure(name)
    for column, label, colour, dash in (
        ("value", strings.PROFILE_TREND_SCHOOL, figures.HIGHLIGHT, "solid"),
        ("municipality_median", strings.PROFILE_TREND_MUNICIPALITY, figures.PALETTE[0], "dash"),
        ("region_median", strings.PROFILE_TREND_REGION, figures.MUTED, "dot"),
    ):
        fig.add_scatter(x=frame["year"], y=frame[column], name=label, mode="lines+markers",
                        line={"color": colour, "dash": dash},
                        hovertemplate=f"{label}: %{{y}} {unit}<br>{CONTEXT_SOURCE}, %{{x}} г.<extra></extra>")
    fig.update_layout(title_font={"size": 13}, legend={"y": -0.3, "yanchor": "top"},
                      margin={"t": 60, "b": 90})
    fig.update_xaxes(dtick=1, tickformat="d")
    fig.update_yaxes(title_text=unit)
    return fig


def results_trend_figure(rows: pd.DataFrame, label: str) -> go.Figure:
    """The school's mean percent per year beside municipality and region (weighted means)."""
    rows = rows.sort_values("year")
    fig = figures.base_figure(strings.PROFILE_RESULTS_TREND)
    participants = rows["participants"].astype("float64").fillna(0)
    safe = figures.safe_label(label)
    for column, name, colour, dash in (
        ("mean_percent", strings.PROFILE_TREND_SCHOOL, figures.HIGHLIGHT, "solid"),
        ("municipality_mean", strings.PROFILE_MUNICIPALITY, figures.PALETTE[0], "dash"),
        ("region_mean", strings.PROFILE_REGION, figures.MUTED, "dot"),
    ):
        fig.add_scatter(
            x=rows["year"], y=rows[column], name=name, mode="lines+markers",
            line={"color": colour, "dash": dash}, customdata=participants.to_numpy(),
            hovertemplate=f"{name}: %{{y:.1f}} %<br>{strings.PARTICIPANTS} ОО: %{{customdata:,.0f}}"
            f"<br>{safe}, %{{x}} г.<extra></extra>",
        )
    fig.update_layout(yaxis_title=strings.MEAN_PERCENT + ", %", legend={"y": -0.2, "yanchor": "top"},
                      margin={"b": 80})
    fig.update_xaxes(dtick=1, tickformat="d")
    return fig


def marks_figure(rows: pd.DataFrame, label: str) -> go.Figure:
    """Shares of marks 2/3/4/5 per year (stacked), participants in the hover."""
    rows = rows.sort_values("year")
    total = rows[["marks_2", "marks_3", "marks_4", "marks_5"]].sum(axis=1, min_count=1)
    fig = figures.base_figure(strings.PROFILE_RESULTS_MARKS)
    safe = figures.safe_label(label)
    participants = rows["participants"].astype("float64").fillna(0).to_numpy()
    for mark in (2, 3, 4, 5):
        share = rows[f"marks_{mark}"] / total.where(total > 0) * 100
        fig.add_bar(x=rows["year"], y=share, name=strings.MARK.format(m=mark),
                    marker_color=figures.MARK_COLOURS[mark], customdata=participants,
                    hovertemplate=strings.MARK.format(m=mark) + ": %{y:.1f} %<br>" + strings.PARTICIPANTS
                    + ": %{customdata:,.0f}<br>" + safe + ", %{x} г.<extra></extra>")
    fig.update_layout(barmode="stack", yaxis_title=strings.SHARE + ", %", yaxis_range=[0, 100],
                      legend={"y": -0.2, "yanchor": "top"}, margin={"b": 80})
    fig.update_xaxes(dtick=1, tickformat="d")
    return fig
