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
from dataclasses import dataclass, replace

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
TABLE_SHARE = 0.45  # of the body's width, when a chart sits beside the table
# A table beside a chart: the rows and columns that stay legible on a projector.
ROWS_BESIDE_CHART = 12
COLUMNS_BESIDE_CHART = 5
ROWS_ALONE = 16
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
    """What one exported slide or page holds: the deck slide, the charts to draw and the part
    of the table that reads on a projector (`columns_total`: the table's columns before the
    cut)."""

    slide: DeckSlide
    figures: list[dict]
    table: SlideTable | None
    columns_total: int = 0

    @property
    def title(self) -> str:
        return self.slide.title or self.slide.view.title

    def rows_note(self) -> str | None:
        """«Показаны строки 1–12 из 40.» (and how many columns) when the page holds part of
        the view's table; the page's own download has all of it."""
        if self.table is None:
            return None
        total = max(self.table.total_rows, len(self.table.rows))
        shown = len(self.table.rows)
        notes = []
        if shown < total:
            notes.append(strings.STORY_REPORT_ROWS_SHOWN.format(first=1, last=shown, total=total))
        if len(self.table.columns) < self.columns_total:
            notes.append(
                strings.STORY_REPORT_COLUMNS_SHOWN.format(
                    shown=len(self.table.columns), total=self.columns_total
                )
            )
        return " ".join(notes) or None


def pages(slide: DeckSlide) -> Iterator[Page]:
    """One page per view, readable from the back of a hall: the main chart beside the first
    rows and columns of the view's table, or two charts side by side when it has no table."""
    view = slide.view
    if view.message:
        yield Page(slide, [], None)
        return
    if not view.tables:
        yield Page(slide, list(view.figures[:2]), None)
        return
    table, figures = view.tables[0], list(view.figures[:1])
    rows, columns = (ROWS_BESIDE_CHART, COLUMNS_BESIDE_CHART) if figures else (ROWS_ALONE, 9)
    part = SlideTable(
        table.caption,
        table.columns[:columns],
        [row[:columns] for row in table.rows[:rows]],
        table.total_rows or len(table.rows),
    )
    yield Page(slide, figures, part, len(table.columns))


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


def _lines(text: str, width_pt: float, size: int) -> int:
    """Lines `text` takes in a cell `width_pt` wide at `size` pt (an average glyph counted
    generously as 0.6 em; words wrap whole, a word longer than the cell takes several)."""
    per_line = max(int((width_pt - 8) / (0.6 * size)), 1)
    lines, used = 1, 0
    for word in text.split() or [""]:
        need = len(word) + (1 if used else 0)
        if used and used + need > per_line:
            lines, used = lines + 1, len(word)
        else:
            used += need
        lines += max(len(word) - 1, 0) // per_line
    return lines


def fit_table(table: SlideTable, width: int, height: int) -> tuple[int, int]:
    """The largest font (14 down to 9 pt) at which the header and every row fit `width` ×
    `height` (EMU) with their cells' text wrapped; at 9 pt, how many rows fit."""
    width_pt, height_pt = Emu(width).pt, Emu(height).pt
    texts = [[str(c) for c in table.columns]] + [[cell_text(v) for v in r] for r in table.rows]
    column = width_pt / max(len(table.columns), 1)
    rows = 1
    for size in range(14, 8, -1):
        heights = [
            max((_lines(t, column, size) for t in row), default=1) * size * 1.35 + 4
            for row in texts
        ]
        used, rows = 0.0, 0
        for h in heights:
            if used + h > height_pt:
                break
            used, rows = used + h, rows + 1
        if rows == len(texts):
            break
    return size, max(rows - 1, 1)


def _table(slide, box: tuple, table: SlideTable, size: int) -> None:
    """A native table in `box` at `size` pt (fit_table chose both the size and the rows)."""
    rows, cols = len(table.rows) + 1, max(len(table.columns), 1)
    row_height = Pt(size * 1.2 + 4)
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
            cell.margin_left = cell.margin_right = Pt(3)
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
            left, top, wide, high = table_box
            table_box = (left, top + Inches(0.6), wide, high - Inches(0.6))
            size, rows = fit_table(page.table, wide, high - Inches(0.6))
            page = replace(page, table=replace(page.table, rows=page.table.rows[:rows]))
            caption = " — ".join(filter(None, [page.table.caption, page.rows_note()]))
            _text(slide, (left, top, wide, Inches(0.55)), caption, 11, MUTED)
            _table(slide, table_box, page.table, size)
        if note:
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
