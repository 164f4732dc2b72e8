"""Charts of the expert community page: an indicator over years vs its target, coverage of the
13 directions per municipality (gaps marked), and the registry funnel."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard import rules, seeds, strings
from dashboard.figures import template as figures

GAP_COLOUR = "#D55E00"


def indicator_trend(rows: pd.DataFrame, code: str, note: str) -> go.Figure:
    """Values of one indicator by year (bars) with the target line; rows: year, value, target."""
    indicator = next(i for i in seeds.KPI_INDICATORS if i.code == code)
    rows = rows.sort_values("year")
    if rows["value"].isna().all():
        return figures.empty_figure(strings.NO_DATA)
    fig = figures.base_figure(f"{code}. {strings.EXPERTS_TREND_TITLE}", note)
    fig.add_bar(x=rows["year"], y=rows["value"], name=strings.EXPERTS_TREND_VALUE,
                marker_color=figures.PALETTE[0],
                text=[strings.NO_DATA if pd.isna(v) else f"{v:.1f}".replace(".", ",")
                      for v in rows["value"]], textposition="outside")
    if rows["target"].notna().any():
        fig.add_scatter(x=rows["year"], y=rows["target"], name=strings.EXPERTS_TREND_TARGET,
                        mode="lines+markers", line={"color": figures.HIGHLIGHT, "dash": "dash"})
    fig.update_xaxes(dtick=1, tickformat="d")
    fig.update_yaxes(title_text=indicator.unit, rangemode="tozero")
    fig.update_layout(margin={"b": 80})
    return fig


def coverage_heatmap(table: pd.DataFrame) -> go.Figure:
    """Experts per direction (rows) and municipality (columns); zero cells are outlined gaps."""
    if table.empty or table.shape[1] == 0:
        return figures.empty_figure(strings.NO_DATA)
    names = dict((c, n) for c, n, _ in seeds.EXPERTISE_DIRECTIONS)
    y = [f"{code} {names.get(code, '')[:48]}…" if len(names.get(code, "")) > 48
         else f"{code} {names.get(code, '')}" for code in table.index]
    x = [figures.safe_label(c) for c in table.columns]
    fig = figures.base_figure(strings.EXPERTS_COVERAGE_TITLE, strings.EXPERTS_COVERAGE_NOTE)
    fig.add_heatmap(z=table.to_numpy(), x=x, y=y, colorscale="Blues", zmin=0,
                    text=table.to_numpy(), texttemplate="%{text}", showscale=False,
                    hovertemplate="%{y}<br>%{x}: %{z}<extra></extra>")
    gaps = [(i, j) for i in range(table.shape[0]) for j in range(table.shape[1])
            if table.iat[i, j] == 0]
    for i, j in gaps:
        fig.add_shape(type="rect", x0=j - 0.5, x1=j + 0.5, y0=i - 0.5, y1=i + 0.5,
                      line={"color": GAP_COLOUR, "width": 2})
    fig.update_yaxes(autorange="reversed", tickfont={"size": 10})
    fig.update_layout(height=max(420, 32 * len(y) + 140), margin={"l": 320, "b": 90})
    return fig


def funnel_figure(counts: list[int], year: int) -> go.Figure:
    """Candidates → passed → included → engaged → trained (nested counts)."""
    if not counts or counts[0] == 0:
        return figures.empty_figure(strings.NO_DATA)
    stages = funnel_stages(year)
    fig = figures.base_figure(strings.EXPERTS_FUNNEL_TITLE.format(p=seeds.QUALIFICATION_PASS_PERCENT))
    fig.add_funnel(y=stages, x=counts, textinfo="value+percent initial",
                   marker={"color": figures.PALETTE[:5]})
    fig.update_layout(margin={"l": 260})
    return fig


def funnel_stages(year: int) -> list[str]:
    """Russian names of the five funnel stages (page chart and PDF summary)."""
    return [s.format(p=seeds.QUALIFICATION_PASS_PERCENT, year=year, n=rules.KPI_TRAINING_VALID_YEARS)
            for s in strings.EXPERTS_FUNNEL_STAGES]
