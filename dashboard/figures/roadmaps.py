"""Roadmap figures: the Gantt timeline coloured by displayed status, and a KPI count trend.

The timeline is one horizontal bar trace over a date axis (what px.timeline draws), kept as a
single trace so the items stay in source order; the legend comes from empty marker traces.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go

from dashboard import strings
from dashboard.figures import template as figures

STATUS_COLOURS = {"planned": figures.MUTED, "in_progress": figures.PALETTE[0],
                  "done": figures.PALETTE[2], "overdue": figures.PALETTE[5],
                  "cancelled": figures.PALETTE[3]}
LABEL_LENGTH = 40
ROW_HEIGHT = 26
# How far outside the items' span "today" may be and still be drawn (else the bars squash).
TODAY_MARGIN = dt.timedelta(days=120)


def short(text: object, limit: int = LABEL_LENGTH) -> str:
    text = " ".join(str(text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def section_labels(sections: pd.Series, kind: str) -> dict[str, str]:
    """Short axis names: stage names of a pilot programme, «Раздел N» of a roadmap."""
    order = list(pd.unique(sections))
    if kind == "pilot_programme":
        return {s: short(s, 24) for s in order}
    return {s: f"Раздел {k}" for k, s in enumerate(order, start=1)}


def _day(value: object) -> dt.date:
    return pd.Timestamp(value).date()


def gantt(items: pd.DataFrame, kind: str, today: dt.date) -> go.Figure:
    """Bars from start to due (inclusive) per item, grouped by section, today's line."""
    dated = items.dropna(subset=["starts_on", "due_on"])
    if dated.empty:
        return figures.empty_figure(strings.NO_DATA)
    sections = section_labels(dated["section"], kind)
    starts = [_day(v) for v in dated["starts_on"]]
    ends = [_day(v) + dt.timedelta(days=1) for v in dated["due_on"]]
    labels = [figures.safe_label(f"{n}. {short(t)}") for n, t in zip(dated["number"], dated["title"],
                                                                      strict=True)]
    status = list(dated["display_status"])
    hover = [[figures.safe_label(short(t, 120)), figures.safe_label(p or ""),
              s.strftime("%d.%m.%Y"), (e - dt.timedelta(days=1)).strftime("%d.%m.%Y"),
              strings.ROADMAP_STATUS_NAMES[st], figures.safe_label(sec)]
             for t, p, s, e, st, sec in zip(dated["title"], dated["period_text"], starts, ends,
                                            status, dated["section"], strict=True)]
    fig = figures.base_figure(strings.ROADMAP_GANTT)
    fig.add_bar(
        y=[[sections[s] for s in dated["section"]], labels],
        x=[(e - s).days * 86_400_000 for s, e in zip(starts, ends, strict=True)],
        base=[s.isoformat() for s in starts], orientation="h", showlegend=False, name="",
        marker={"color": [STATUS_COLOURS[s] for s in status]}, customdata=hover,
        hovertemplate=("<b>%{customdata[0]}</b><br>%{customdata[5]}<br>Срок по документу: "
                       "%{customdata[1]}<br>%{customdata[2]} — %{customdata[3]}<br>"
                       "%{customdata[4]}<extra></extra>"),
    )
    for name in ("planned", "in_progress", "done", "overdue", "cancelled"):
        fig.add_scatter(x=[None], y=[None], mode="markers", name=strings.ROADMAP_STATUS_NAMES[name],
                        marker={"color": STATUS_COLOURS[name], "symbol": "square", "size": 12})
    first, last = min(starts), max(ends)
    if first - TODAY_MARGIN <= today <= last + TODAY_MARGIN:
        fig.add_shape(type="line", x0=today.isoformat(), x1=today.isoformat(), y0=0, y1=1,
                      yref="paper", line={"color": figures.PALETTE[7], "dash": "dash", "width": 1.5})
        fig.add_annotation(x=today.isoformat(), y=1, yref="paper", text=strings.ROADMAP_TODAY,
                           showarrow=False, yanchor="bottom", font={"size": 11})
    fig.update_layout(
        height=max(320, 120 + ROW_HEIGHT * len(dated)), barmode="overlay", bargap=0.25,
        margin={"l": 440, "r": 24, "t": 70, "b": 40},
        title={"text": f"{strings.ROADMAP_GANTT} · "
                       f"{strings.ROADMAP_GANTT_NOTE.format(date=today.strftime('%d.%m.%Y'), n=len(dated))}",
               "font": {"size": 13}},
    )
    fig.update_xaxes(type="date", tickformat="%m.%Y")
    fig.update_yaxes(autorange="reversed", tickfont={"size": 11})
    return fig


def kpi_trend(counts: pd.DataFrame, title: str) -> go.Figure:
    """Yearly counts behind a KPI as bars (integers, so no interpolation between years)."""
    if counts.empty:
        return figures.empty_figure(strings.NO_DATA)
    fig = figures.base_figure(figures.safe_label(short(title, 90)))
    fig.add_bar(x=counts["year"], y=counts["value"], marker_color=figures.PALETTE[0],
                hovertemplate="%{x}: %{y}<extra></extra>", showlegend=False)
    fig.update_layout(height=260, margin={"l": 40, "r": 16, "t": 48, "b": 32}, title_font_size=12)
    fig.update_xaxes(dtick=1, tickformat="d")
    return fig
