"""A story (or one view) as a PDF: one landscape A4 page per view, merged with pypdf.

Each page is a plotly figure printed to PDF by the warm kaleido browser: the title, the view's
chart(s) as pictures of the projector-sized figure (rendered first, in one batch per page, so
any page's figure keeps its own axes, legends and annotations), the table as a plotly table,
the note under the chart and the footer of `dashboard.slides.footer`. A view with a message is
a page with that message; the table shows the rows and columns that read on a projector (the
same page as the PPTX export, `story_pptx.pages`).
"""

from __future__ import annotations

import base64
import io
import textwrap
from dataclasses import replace

import plotly.graph_objects as go
from pptx.util import Pt
from pypdf import PdfWriter

from dashboard import strings
from dashboard.figures.slides import projector_figure
from dashboard.figures.template import safe_label
from dashboard.reports import kaleido_browser
from dashboard.reports.story_pptx import Page, Progress, cell_text, fit_table, pages
from dashboard.slides import DeckSlide, footer

PAGE_WIDTH, PAGE_HEIGHT = 1123, 794  # A4 landscape at 96 dpi
MARGIN = 36
BODY_TOP, NOTE_HEIGHT, FOOTER_HEIGHT = 96, 64, 40
TABLE_SHARE = 0.42
IMAGE_SCALE = 2
MUTED = "#555b62"


def _wrap(text: str, width_px: int, font_px: int) -> str:
    """Plotly text does not wrap: break `text` into lines that fit `width_px`."""
    chars = max(20, int(width_px / (font_px * 0.55)))
    return "<br>".join(safe_label(line) for line in textwrap.wrap(text, chars))


def _boxes(page: Page) -> tuple[list[tuple[int, int, int, int]], tuple | None]:
    """Pixel boxes (left, top, width, height) of the page's charts and its table (or None)."""
    width = PAGE_WIDTH - 2 * MARGIN
    height = PAGE_HEIGHT - BODY_TOP - NOTE_HEIGHT - FOOTER_HEIGHT
    chart_width = width
    table = None
    if page.table is not None:
        if page.figures:
            chart_width = int(width * (1 - TABLE_SHARE)) - 16
            left = MARGIN + chart_width + 16
            table = (left, BODY_TOP, PAGE_WIDTH - MARGIN - left, height + NOTE_HEIGHT)
        else:
            table = (MARGIN, BODY_TOP, width, height)
    count = len(page.figures)
    if not count:
        return [], table
    each = (chart_width - 16 * (count - 1)) // count
    return [(MARGIN + n * (each + 16), BODY_TOP, each, height) for n in range(count)], table


def _paper(left: float, top: float) -> tuple[float, float]:
    """Pixel position → paper coordinates (the page has no margins: paper is the page)."""
    return left / PAGE_WIDTH, 1 - top / PAGE_HEIGHT


def _text(fig: go.Figure, left: int, top: int, text: str, size: int, color=None) -> None:
    x, y = _paper(left, top)
    fig.add_annotation(
        text=text,
        x=x,
        y=y,
        xref="paper",
        yref="paper",
        xanchor="left",
        yanchor="top",
        align="left",
        showarrow=False,
        font={"size": size, **({"color": color} if color else {})},
    )


def _table(fig: go.Figure, box: tuple, page: Page) -> None:
    left, top, width, height = box
    top, height = top + 44, height - 44  # room for a two-line caption
    # the PPTX's fitting, in CSS px for pt: the font and the rows that fit with wrapped cells
    size, fitted = fit_table(page.table, Pt(width), Pt(height * 0.85))  # plotly pads more
    page = replace(page, table=replace(page.table, rows=page.table.rows[:fitted]))
    table = page.table
    caption = " — ".join(filter(None, [table.caption, page.rows_note()]))
    if caption:
        _text(fig, left, top - 44, _wrap(caption, width, 12), 12, MUTED)
    row_px = round(size * 1.2 + 4)
    columns = list(zip(*table.rows, strict=True)) if table.rows else [()] * len(table.columns)
    x0, y1 = _paper(left, top)
    x1, y0 = _paper(left + width, top + height)
    fig.add_trace(
        go.Table(
            domain={"x": [x0, x1], "y": [y0, y1]},
            header={
                "values": [f"<b>{safe_label(c)}</b>" for c in table.columns],
                "font": {"size": size},
                "height": row_px,
                "align": "left",
            },
            cells={
                "values": [[safe_label(cell_text(v)) for v in column] for column in columns],
                "font": {"size": size},
                "height": row_px,
                "align": "left",
            },
        )
    )


def page_figure(page: Page, images: list[bytes]) -> go.Figure:
    """One PDF page as a plotly figure; `images` are the PNGs of the page's charts."""
    fig = go.Figure()
    fig.update_layout(
        width=PAGE_WIDTH,
        height=PAGE_HEIGHT,
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
        paper_bgcolor="white",
        plot_bgcolor="white",
        showlegend=False,
        xaxis={"visible": False, "range": [0, 1]},
        yaxis={"visible": False, "range": [0, 1]},
        font={"family": "DejaVu Sans, Arial, sans-serif", "color": "#1f2328"},
    )
    width = PAGE_WIDTH - 2 * MARGIN
    _text(fig, MARGIN, 28, _wrap(page.title, width, 24), 24)
    view = page.slide.view
    if view.message:
        _text(fig, MARGIN, BODY_TOP + 40, _wrap(view.message, width, 22), 22)
    else:
        charts, table = _boxes(page)
        for (left, top, w, h), image in zip(charts, images, strict=True):
            x, y = _paper(left, top)
            fig.add_layout_image(
                source="data:image/png;base64," + base64.b64encode(image).decode("ascii"),
                xref="paper",
                yref="paper",
                x=x,
                y=y,
                sizex=w / PAGE_WIDTH,
                sizey=h / PAGE_HEIGHT,
                xanchor="left",
                yanchor="top",
                sizing="stretch",
                layer="above",
            )
        if table is not None:
            _table(fig, table, page)
        if page.slide.note:
            note_width = charts[0][2] * len(charts) if charts else width
            top = PAGE_HEIGHT - FOOTER_HEIGHT - NOTE_HEIGHT + 8
            _text(fig, MARGIN, top, _wrap(page.slide.note, note_width, 15), 15)
    top = PAGE_HEIGHT - FOOTER_HEIGHT + 6
    _text(fig, MARGIN, top, _wrap(footer(page.slide), width, 11), 11, MUTED)
    return fig


def chart_images(page: Page) -> list[bytes]:
    """The page's charts as PNG at their size on the page, in one batch."""
    charts, _ = _boxes(page)
    if not charts:
        return []
    _, _, width, height = charts[0]
    figures = [projector_figure(fig) for fig in page.figures]
    return kaleido_browser.render(figures, "png", width, height, IMAGE_SCALE)


def to_pdf(story_title: str, slides: list[DeckSlide], progress: Progress | None = None) -> bytes:
    """The story as PDF bytes; `progress(percent, message)` after each slide's pictures (to
    90 %), then once the pages are printed and merged."""
    figures = []
    for number, slide in enumerate(slides, start=1):
        for page in pages(slide):
            figures.append(page_figure(page, chart_images(page)))
        if progress is not None:
            message = strings.STORY_REPORT_RENDERING.format(n=number, total=len(slides))
            progress(round(90 * number / max(len(slides), 1)), message)
    printed = kaleido_browser.render(figures, "pdf", PAGE_WIDTH, PAGE_HEIGHT)
    writer = PdfWriter()
    for data in printed:
        writer.append(io.BytesIO(data))
    writer.add_metadata({"/Title": story_title})
    out = io.BytesIO()
    writer.write(out)
    if progress is not None:
        progress(100, strings.STORY_REPORT_ASSEMBLING)
    return out.getvalue()
