"""Figures for a projector: the page's figure with text large enough to read from the back of
a hall (played slides, PPTX and PDF exports share it)."""

from __future__ import annotations

import copy

import plotly.graph_objects as go

from dashboard.figures.template import TEMPLATE

FONT = 20  # px at 1280×720; body text of a slide
TITLE_FONT = 26
TICK_FONT = 18


def projector_figure(fig: dict | go.Figure) -> go.Figure:
    """A copy of `fig` with projector-sized text and automatic margins for the larger labels.
    The slide shows its own title above the chart, so the figure's title is dropped."""
    data = copy.deepcopy(fig.to_plotly_json() if isinstance(fig, go.Figure) else fig)
    out = go.Figure(data)
    out.update_layout(
        template=TEMPLATE,
        font={"size": FONT},
        title={"text": ""},
        legend={"font": {"size": TICK_FONT}},
        hoverlabel={"font": {"size": TICK_FONT}},
        margin={"t": 60, "l": 70, "r": 30, "b": 70},
    )
    out.update_xaxes(tickfont={"size": TICK_FONT}, title_font={"size": FONT}, automargin=True)
    out.update_yaxes(tickfont={"size": TICK_FONT}, title_font={"size": FONT}, automargin=True)
    for annotation in out.layout.annotations or ():
        annotation.font.size = max(annotation.font.size or 0, 16)
    return out
