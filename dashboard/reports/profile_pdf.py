"""The school profile as a one-page A4 PDF, drawn by plotly and rendered by kaleido.

No PDF library is installed; kaleido (already used for chart images) prints a plotly figure
to PDF through Debian's chromium, so the page is one figure: header text, the context bars,
the results trend and marks, and the weakest skills as a table.
"""

from __future__ import annotations

import threading
import warnings

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboard import strings
from dashboard.figures import template as figures
from dashboard.formatting import format_number

A4_WIDTH, A4_HEIGHT = 794, 1123  # A4 at 96 dpi
_started = False
_lock = threading.Lock()


def _kaleido() -> None:
    """Start kaleido's browser once per process, on first use (it takes a few seconds)."""
    global _started
    with _lock:
        if not _started:
            import kaleido

            kaleido.start_sync_server(silence_warnings=True)
            _started = True


def _safe(value: object) -> str:
    return figures.safe_label(value)


def _short(name: object, limit: int = 55) -> str:
    name = str(name)
    return _safe(name if len(name) <= limit else name[: limit - 1] + "…")


def profile_figure(header: dict, header_lines: list[str], context: pd.DataFrame, results: pd.DataFrame,
                   skills: pd.DataFrame, procedure: str) -> go.Figure:
    """Compose the page; every frame may be empty (the block then says «нет данных»)."""
    fig = make_subplots(
        rows=3, cols=2, row_heights=[0.36, 0.28, 0.36], vertical_spacing=0.07, horizontal_spacing=0.12,
        specs=[[{"colspan": 2}, None], [{}, {}], [{"type": "table", "colspan": 2}, None]],
        subplot_titles=[strings.PROFILE_CONTEXT, strings.PROFILE_RESULTS_TREND,
                        strings.PROFILE_RESULTS_MARKS, strings.PROFILE_SKILLS],
    )
    if not context.empty:
        frame = context.sort_values("position", na_position="first")
        fig.add_bar(x=frame["position"].fillna(0), y=[_short(n) for n in frame["name"]], orientation="h",
                    marker_color=[figures.PALETTE[2] if p >= 0 else figures.PALETTE[5]
                                  for p in frame["position"].fillna(0)], row=1, col=1, showlegend=False)
    if not results.empty:
        rows = results.sort_values("year")
        for column, name, colour in (("mean_percent", strings.PROFILE_TREND_SCHOOL, figures.HIGHLIGHT),
                                     ("municipality_mean", strings.PROFILE_MUNICIPALITY, figures.PALETTE[0]),
                                     ("region_mean", strings.PROFILE_REGION, figures.MUTED)):
            fig.add_scatter(x=rows["year"], y=rows[column], name=name, mode="lines+markers",
                            line={"color": colour}, row=2, col=1)
        total = rows[["marks_2", "marks_3", "marks_4", "marks_5"]].sum(axis=1, min_count=1)
        for mark in (2, 3, 4, 5):
            fig.add_bar(x=rows["year"], y=rows[f"marks_{mark}"] / total.where(total > 0) * 100,
                        name=strings.MARK.format(m=mark), marker_color=figures.MARK_COLOURS[mark], row=2, col=2)
    if skills.empty:
        cells = [[strings.NO_DATA], [""], [""], [""]]
    else:
        cells = [[_safe(s) for s in skills["subject"]],
                 [_safe(f"{c} {n}") for c, n in zip(skills["skill_code"], skills["skill_name"], strict=True)],
                 [format_number(v, 1) for v in skills["school_percent"]],
                 [format_number(v, 1) for v in skills["gap"]]]
    fig.add_table(header={"values": [strings.LABEL_SUBJECT, strings.PROFILE_SKILLS_COLUMNS["skill"],
                                     strings.PROFILE_SKILLS_COLUMNS["school_percent"],
                                     strings.PROFILE_SKILLS_COLUMNS["gap"]], "font": {"size": 10}},
                  cells={"values": cells, "font": {"size": 9}, "align": "left"},
                  columnwidth=[0.18, 0.58, 0.12, 0.12], row=3, col=1)
    for row, col, frame in ((1, 1, context), (2, 1, results), (2, 2, results)):
        if frame.empty:
            axis = fig.get_subplot(row, col)
            fig.add_annotation(text=strings.NO_DATA, showarrow=False, xref="paper", yref="paper",
                               x=sum(axis.xaxis.domain) / 2, y=sum(axis.yaxis.domain) / 2)
    lines = [f"<b>{_safe(header['name'])}</b>", *[_safe(line) for line in header_lines]]
    fig.add_annotation(text="<br>".join(lines), xref="paper", yref="paper", x=0, y=1.0, yshift=135,
                       xanchor="left", yanchor="top", align="left", showarrow=False, font={"size": 11})
    fig.update_layout(template=figures.TEMPLATE, barmode="stack", width=A4_WIDTH, height=A4_HEIGHT,
                      margin={"l": 40, "r": 30, "t": 150, "b": 30}, font={"size": 10},
                      legend={"orientation": "h", "y": fig.layout.yaxis2.domain[0] - 0.03, "yanchor": "top",
                              "x": 0, "font": {"size": 9}})
    # Long indicator names sit left of a narrowed first plot instead of widening every margin.
    fig.update_xaxes(domain=[0.45, 1.0], row=1, col=1)
    fig.update_yaxes(automargin=False, row=1, col=1, tickfont={"size": 9})
    fig.update_xaxes(dtick=1, tickformat="d", row=2)
    fig.update_annotations(font_size=12, selector={"yref": "paper", "showarrow": False, "xanchor": "center"})
    return fig


def to_pdf(fig: go.Figure) -> bytes:
    _kaleido()
    with warnings.catch_warnings():  # plotly passes options the running server ignores
        warnings.simplefilter("ignore", UserWarning)
        return fig.to_image(format="pdf", width=A4_WIDTH, height=A4_HEIGHT)
