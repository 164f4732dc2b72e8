"""A story (or one view) as a 16:9 PowerPoint deck, built with python-pptx.

One slide per view: the presenter's title, the view's chart(s) as high-resolution PNG pictures
of the projector-sized figure (`projector_figure`, rendered by the warm kaleido browser), the
view's table as a native PowerPoint table (editable, readable by screen readers), the note
under the chart and in the slide's notes, and the footer of `dashboard.slides.footer` (data
date, frozen date, filters, source). A view with a message (a refusal, no data) is a slide with
that message. Table rows that do not fit continue on the next slides.
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.util import Emu, Inches, Pt

from dashboard import strings
from dashboard.figures.slides import projector_figure
from dashboard.formatting import format_number
from dashboard.reports import kaleido_browser
from dashboard.slides import DeckSlide, SlideTable, footer

Progress = Callable[[int, str], None]

SLIDE_WIDTH, SLIDE_HEIGHT = Emu(12192000), Emu(6858000)  # 16:9, 13⅓ × 7½ in
CSS_PX_PER_INCH = 96  # the slide is 1280 CSS px wide: projector fonts are sized for that
IMAGE_SCALE = 2  # pictures at twice their CSS size (2560 px across the whole slide)
MARGIN = Inches(0.4)
TITLE_TOP, TITLE_HEIGHT = Inches(0.25), Inches(0.8)
BODY_TOP = Inches(1.15)
NOTE_HEIGHT = Inches(0.6)
FOOTER_TOP, FOOTER_HEIGHT = Inches(6.95), Inches(0.4)
TABLE_SHARE = 0.42  # of the body's width, when a chart sits beside the table
ROWS_PER_SLIDE = 25  # dashboard.slides.MAX_TABLE_ROWS fits one slide at the smallest font
MUTED = RGBColor(0x55, 0x5B, 0x62)  # footer text: 7:1 on white


def cell_text(value: object) -> str:
    """A table cell as the page shows it: Russian number format, the value's own decimals
    (the renderer rounded it already, at most three)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    if isinstance(value, int) or float(value).is_integer():
        return format_number(value)
    decimals = repr(float(value)).split(".")[1] if "e" not in repr(value) else "000"
    return format_number(value, min(len(decimals), 3))


@dataclass(frozen=True)
class Page:
    """What one exported slide or page holds: the deck slide, the figures to draw (the view's,
    or none on a continuation), the table rows shown (`first` is the 0-based first row) and
    whether the page continues the previous one."""

    slide: DeckSlide
    figures: list[dict]
    table: SlideTable | None
    first: int = 0
    continued: bool = False

    @property
    def title(self) -> str:
        title = self.slide.title or self.slide.view.title
        return strings.STORY_REPORT_CONTINUED.format(title=title) if self.continued else title

    def rows_note(self) -> str | None:
        """«Показаны строки 1–25 из 40.» when the page holds part of the table's rows."""
        if self.table is None:
            return None
        total = max(self.table.total_rows, len(self.table.rows) + self.first)
        shown = len(self.table.rows)
        if shown == total:
            return None
        return strings.STORY_REPORT_ROWS_SHOWN.format(
            first=self.first + 1, last=self.first + shown, total=total
        )


def pages(slide: DeckSlide, rows_per_page: int = ROWS_PER_SLIDE) -> Iterator[Page]:
    """The slide's pages: the first with the figures and the first table's first rows, then
    one page per further `rows_per_page` rows and per further table."""
    view = slide.view
    if view.message:
        yield Page(slide, [], None)
        return
    if not view.tables:
        yield Page(slide, list(view.figures), None)
        return
    first_page = True
    for table in view.tables:
        for start in range(0, max(len(table.rows), 1), rows_per_page):
            part = SlideTable(
                table.caption,
                table.columns,
                table.rows[start : start + rows_per_page],
                table.total_rows or len(table.rows),
            )
            figures = list(view.figures) if first_page else []
            yield Page(slide, figures, part, start, continued=not first_page)
            first_page = False


def _image_boxes(count: int, left: int, top: int, width: int, height: int) -> list[tuple]:
    """Side-by-side boxes (left, top, width, height) in EMU for `count` charts."""
    if not count:
        return []
    gap = Inches(0.2)
    each = (width - gap * (count - 1)) // count
    return [(left + n * (each + gap), top, each, height) for n in range(count)]


def _css_px(length: int) -> int:
    return round(Emu(length).inches * CSS_PX_PER_INCH)


def _layout(page: Page) -> tuple[list[tuple], tuple | None, tuple]:
    """EMU boxes of the page's charts, its table (or None) and the note under the charts."""
    body_width = SLIDE_WIDTH - 2 * MARGIN
    body_height = FOOTER_TOP - BODY_TOP - NOTE_HEIGHT
    note = (MARGIN, FOOTER_TOP - NOTE_HEIGHT, body_width, NOTE_HEIGHT)
    if page.figures and page.table is not None:
        chart_width = int(body_width * (1 - TABLE_SHARE)) - Inches(0.2)
        table_left = MARGIN + chart_width + Inches(0.2)
        table = (table_left, BODY_TOP, SLIDE_WIDTH - MARGIN - table_left, FOOTER_TOP - BODY_TOP)
        charts = _image_boxes(len(page.figures), MARGIN, BODY_TOP, chart_width, body_height)
        note = (MARGIN, FOOTER_TOP - NOTE_HEIGHT, chart_width, NOTE_HEIGHT)
        return charts, table, note
    if page.table is not None:
        return [], (MARGIN, BODY_TOP, body_width, body_height), note
    return _image_boxes(len(page.figures), MARGIN, BODY_TOP, body_width, body_height), None, note


def _text(slide, box: tuple, text: str, size: int, color: RGBColor | None = None, name=""):
    shape = slide.shapes.add_textbox(*box)
    if name:
        shape.name = name
    frame = shape.text_frame
    frame.word_wrap = True
    frame.text = text
    for paragraph in frame.paragraphs:
        for run in paragraph.runs:
            run.font.size = Pt(size)
            if color is not None:
                run.font.color.rgb = color
    return shape


def _table(slide, box: tuple, table: SlideTable) -> None:
    """A native table filling at most `box`: rows share its height, the font follows the rows
    (14 pt for a short table, 9 pt at the least for a full one)."""
    rows, cols = len(table.rows) + 1, max(len(table.columns), 1)
    row_height = min(Pt(30), box[3] // rows)
    size = max(9, min(14, int(Emu(row_height).pt / 1.55)))
    shape = slide.shapes.add_table(rows, cols, box[0], box[1], box[2], row_height * rows)
    shape.name = table.caption or "Table"
    grid = shape.table
    for col, name in enumerate(table.columns):
        grid.cell(0, col).text = str(name)
    for row, values in enumerate(table.rows, start=1):
        for col, value in enumerate(values[:cols]):
            grid.cell(row, col).text = cell_text(value)
    for row in range(rows):
        grid.rows[row].height = row_height
        for col in range(cols):
            cell = grid.cell(row, col)
            cell.margin_top = cell.margin_bottom = Pt(1)
            for paragraph in cell.text_frame.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(size)


def _describe(picture, text: str) -> None:
    """The chart's text alternative (the view's summary) as the picture's description."""
    if text:
        picture._element.nvPicPr.cNvPr.set("descr", text)


def _add_page(prs, page: Page, images: list[bytes]) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[5])  # «Title Only»
    title = slide.shapes.title
    title.left, title.top = MARGIN, TITLE_TOP
    title.width, title.height = SLIDE_WIDTH - 2 * MARGIN, TITLE_HEIGHT
    title.text = page.title
    for paragraph in title.text_frame.paragraphs:
        for run in paragraph.runs:
            run.font.size = Pt(30)
    view, note = page.slide.view, page.slide.note
    width = SLIDE_WIDTH - 2 * MARGIN
    if view.message:
        _text(slide, (MARGIN, BODY_TOP, width, Inches(2)), view.message, 24)
    else:
        charts, table_box, note_box = _layout(page)
        for box, image in zip(charts, images, strict=True):
            picture = slide.shapes.add_picture(io.BytesIO(image), *box)
            _describe(picture, view.summary)
        if table_box is not None and page.table is not None:
            caption = " — ".join(filter(None, [page.table.caption, page.rows_note()]))
            if caption:
                caption_box = (table_box[0], table_box[1], table_box[2], Inches(0.35))
                _text(slide, caption_box, caption, 12, MUTED)
                left, top, wide, high = table_box
                table_box = (left, top + Inches(0.4), wide, high - Inches(0.4))
            _table(slide, table_box, page.table)
        if note and not page.continued:
            _text(slide, note_box, note, 16, name="Note")
    _text(
        slide,
        (MARGIN, FOOTER_TOP, width, FOOTER_HEIGHT),
        footer(page.slide),
        11,
        MUTED,
        name="Footer",
    )
    notes = "\n\n".join(filter(None, [note, view.summary]))
    if notes:
        slide.notes_slide.notes_text_frame.text = notes


def chart_images(page: Page) -> list[bytes]:
    """The page's charts as PNG, sized to their boxes on the slide, in one batch."""
    if not page.figures:
        return []
    charts, _, _ = _layout(page)
    _, _, width, height = charts[0]
    return kaleido_browser.render(
        [projector_figure(fig) for fig in page.figures],
        "png",
        _css_px(width),
        _css_px(height),
        IMAGE_SCALE,
    )


def to_pptx(story_title: str, slides: list[DeckSlide], progress: Progress | None = None) -> bytes:
    """The deck as .pptx bytes; `progress(percent, message)` after each slide's pictures."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = SLIDE_WIDTH, SLIDE_HEIGHT
    prs.core_properties.title = story_title
    for number, slide in enumerate(slides, start=1):
        for page in pages(slide):
            _add_page(prs, page, chart_images(page))
        if progress is not None:
            message = strings.STORY_REPORT_RENDERING.format(n=number, total=len(slides))
            progress(round(100 * number / max(len(slides), 1)), message)
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()
