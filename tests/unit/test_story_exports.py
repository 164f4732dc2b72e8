"""Story and page exports (issue 21): PPTX decks, PDF files, the one warm kaleido browser,
the exports' audit rows (the export job itself: tests/http/test_stories.py)."""

from __future__ import annotations

import io
from dataclasses import replace

import pandas as pd
import plotly.graph_objects as go
import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pypdf import PdfReader
from sqlalchemy import select

from callbacks import slides as renderers
from callbacks import story_export
from dashboard.models.accounts import AuditEvent
from dashboard.reports import kaleido_browser, story_pdf, story_pptx
from dashboard.slides import DeckSlide, SlideTable, ViewSnapshot, figure_json, footer
from data_access import story_changes
from data_access.scope import OutOfScope
from tests.conftest import CHROMIUM

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="kaleido needs Debian's chromium")


def _view(n: int, rows: int = 4, figures: int = 1, message: str | None = None) -> ViewSnapshot:
    fig = go.Figure(go.Bar(x=["Школа А", "Школа Б"], y=[n, n + 0.5], name="Средний балл"))
    table = pd.DataFrame(
        {"Школа": [f"Школа {i}" for i in range(rows)], "Балл": [i + 0.25 for i in range(rows)]}
    )
    return ViewSnapshot(
        path="/procedures",
        query=f"?year={2020 + n}",
        title=f"Результаты {n}",
        filters=f"{2020 + n} · математика",
        source=f"ВПР {2020 + n}",
        data_date="2024-05-12",
        summary=f"Средний балл школы А — {n}.",
        figures=[figure_json(fig)] * figures,
        tables=[SlideTable.from_frame("Школы", table, max_rows=rows)] if rows else [],
        message=message,
    )


def _deck() -> list[DeckSlide]:
    return [
        DeckSlide("Первый вид", "Сначала общий результат.", _view(1)),
        DeckSlide("Второй вид", "", _view(2, rows=0, figures=2), frozen_at="2024-06-01"),
        DeckSlide("Третий вид", "Итог.", _view(3)),
    ]


def _texts(slide) -> list[str]:
    return [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]


def test_pptx_has_one_slide_per_view_with_picture_title_footer_and_native_table():
    deck = _deck()
    seen = []
    prs = Presentation(io.BytesIO(story_pptx.to_pptx("История", deck, lambda p, m: seen.append(p))))
    assert prs.slide_width * 9 == prs.slide_height * 16
    assert len(prs.slides) == 3 and seen == [33, 67, 100]
    for slide, want in zip(prs.slides, deck, strict=True):
        pictures = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
        assert len(pictures) == len(want.view.figures)
        assert all(p.image.content_type == "image/png" for p in pictures)
        # high resolution: twice the CSS pixels of the picture's place (1280 px a slide)
        assert all(p.image.size[0] >= 2 * p.width.inches * 96 - 2 for p in pictures)
        assert slide.shapes.title.text_frame.text == want.title
        assert footer(want) in _texts(slide)
        assert "Данные на 12.05.2024" in footer(want)
        tables = [s.table for s in slide.shapes if s.has_table]
        assert len(tables) == len(want.view.tables)
        if want.note:
            assert want.note in _texts(slide)
            assert want.note in slide.notes_slide.notes_text_frame.text
    first = [s.table for s in prs.slides[0].shapes if s.has_table][0]
    assert [first.cell(0, c).text for c in range(2)] == ["Школа", "Балл"]
    assert [first.cell(2, c).text for c in range(2)] == ["Школа 1", "1,25"]
    assert "зафиксировано 01.06.2024" in " ".join(_texts(prs.slides[1]))


def _wide_view(rows: int) -> ViewSnapshot:
    frame = pd.DataFrame({f"Столбец {c}": [f"{c}-{r}" for r in range(rows)] for c in range(8)})
    return replace(_view(1), tables=[SlideTable.from_frame("Широкая", frame)])


def test_pptx_keeps_one_slide_per_view_with_a_readable_part_of_a_long_table_and_messages():
    long = DeckSlide("Длинная таблица", "", _wide_view(rows=40))
    refused = DeckSlide("Чужая школа", "", _view(2, message="Эти данные вам недоступны."))
    prs = Presentation(io.BytesIO(story_pptx.to_pptx("История", [long, refused])))
    assert len(prs.slides) == 2
    first, message = prs.slides
    [table] = [s.table for s in first.shapes if s.has_table]
    # beside the chart: header + ROWS_BESIDE_CHART rows, COLUMNS_BESIDE_CHART columns
    assert len(table.rows) == 1 + story_pptx.ROWS_BESIDE_CHART
    assert len(table.columns) == story_pptx.COLUMNS_BESIDE_CHART
    assert table.cell(1, 0).text == "0-0"
    notes = " ".join(_texts(first))
    assert f"строки 1–{story_pptx.ROWS_BESIDE_CHART} из 40" in notes
    assert f"Столбцов: {story_pptx.COLUMNS_BESIDE_CHART} из 8" in notes
    assert "Эти данные вам недоступны." in _texts(message)
    for slide in prs.slides:  # everything inside the slide, the footer across it
        for shape in slide.shapes:
            assert 0 <= shape.left and shape.left + shape.width <= prs.slide_width
            assert 0 <= shape.top and shape.top + shape.height <= prs.slide_height
        (bottom,) = [s for s in slide.shapes if s.name == "Footer"]
        assert bottom.width > prs.slide_width * 0.9
    assert not [s for s in message.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]


def test_a_second_chart_is_drawn_only_when_no_table_takes_its_place():
    with_table = DeckSlide("С таблицей", "", _view(1, figures=2))
    charts_only = DeckSlide("Без таблицы", "", _view(2, rows=0, figures=2))
    prs = Presentation(io.BytesIO(story_pptx.to_pptx("История", [with_table, charts_only])))
    pictures = [
        len([s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE])
        for slide in prs.slides
    ]
    assert pictures == [1, 2]


def test_pdf_has_one_landscape_page_per_view_with_title_and_footer():
    deck = _deck()
    reader = PdfReader(io.BytesIO(story_pdf.to_pdf("История", deck)))
    assert len(reader.pages) == 3
    assert reader.metadata.title == "История"
    for page, want in zip(reader.pages, deck, strict=True):
        assert page.mediabox.width > page.mediabox.height
        text = page.extract_text()
        assert want.title in text
        assert want.view.source in text


def test_an_export_starts_one_warm_browser_for_all_its_charts(monkeypatch):
    import kaleido
    from kaleido.kaleido import Kaleido

    opened, rendered = [], []
    real_open, real_render = Kaleido.open, kaleido_browser.render

    async def counting_open(self):
        opened.append(self)
        return await real_open(self)

    def counting_render(figures, *args, **kwargs):
        rendered.append(len(figures))
        return real_render(figures, *args, **kwargs)

    kaleido.stop_sync_server(silence_warnings=True)
    monkeypatch.setattr(kaleido_browser, "_pid", None)
    monkeypatch.setattr(Kaleido, "open", counting_open)
    monkeypatch.setattr(kaleido_browser, "render", counting_render)
    monkeypatch.setattr(story_pptx.kaleido_browser, "render", counting_render)
    starts = kaleido_browser.starts
    story_pptx.to_pptx("История", _deck())
    story_pdf.to_pdf("История", _deck())
    assert len(opened) == 1 and kaleido_browser.starts == starts + 1
    assert sum(rendered) == 2 * 4 + 3  # four charts twice, three PDF pages in one batch


@pytest.fixture
def story(scopes, monkeypatch):
    """A region user's story of three slides; the pages' renderers replaced by hand-made views
    so the export is tested apart from them."""
    region = scopes["region"]
    views = {f"?year={2020 + n}": _view(n) for n in (1, 2, 3)}
    monkeypatch.setattr(renderers, "render", lambda scope, path, search: views[search])
    story_id = story_changes.create_story(region, "Итоги года: <ВПР>")
    for n in (1, 2, 3):
        story_changes.add_slide(region, story_id, "/procedures", f"?year={2020 + n}", f"Вид {n}")
    yield story_id
    story_changes.delete_story(region, story_id)


def _downloads(engine, since: int) -> list:
    with engine.connect() as conn:
        return list(
            conn.execute(
                select(AuditEvent)
                .where(AuditEvent.action == "download", AuditEvent.id > since)
                .order_by(AuditEvent.id)
            )
        )


def _last_audit(engine) -> int:
    with engine.connect() as conn:
        return max([row.id for row in conn.execute(select(AuditEvent.id))] or [0])


def test_export_story_builds_the_readers_deck_and_audits_it(demo_engine, scopes, story):
    since = _last_audit(demo_engine)
    seen = []
    name, data = story_export.export_story(
        scopes["region"], story, "pptx", lambda p, m: seen.append(p), ip="10.0.0.7"
    )
    assert name == "Итоги_года_ВПР.pptx"
    prs = Presentation(io.BytesIO(data))
    assert [s.shapes.title.text_frame.text for s in prs.slides] == ["Вид 1", "Вид 2", "Вид 3"]
    assert seen == sorted(seen) and seen[-1] == 100
    name, data = story_export.export_story(scopes["region"], story, "pdf")
    assert name.endswith(".pdf") and len(PdfReader(io.BytesIO(data)).pages) == 3
    rows = _downloads(demo_engine, since)
    assert [r.detail for r in rows] == [
        "story format=pptx file=Итоги_года_ВПР.pptx",
        "story format=pdf file=Итоги_года_ВПР.pdf",
    ]
    assert rows[0].ip == "10.0.0.7" and rows[0].user_login == "region"
    assert rows[0].scope_asked == f"story:{story}"


def test_a_foreign_reader_gets_no_export_and_no_download_row(demo_engine, scopes, story):
    since = _last_audit(demo_engine)
    with pytest.raises(OutOfScope):
        story_export.export_story(scopes["school"], story, "pdf")
    with pytest.raises(ValueError):
        story_export.export_story(scopes["region"], story, "docx")
    assert _downloads(demo_engine, since) == []


def test_export_view_is_one_slide_named_by_its_title(demo_engine, scopes, story):
    since = _last_audit(demo_engine)
    name, data = story_export.export_view(scopes["region"], "/procedures", "?year=2022", "pdf")
    assert name == "Результаты_2.pdf" and len(PdfReader(io.BytesIO(data)).pages) == 1
    name, data = story_export.export_view(
        scopes["region"], "/procedures", "?year=2021", "pptx", title="Мой слайд"
    )
    prs = Presentation(io.BytesIO(data))
    assert name == "Мой_слайд.pptx" and len(prs.slides) == 1
    assert [r.scope_asked for r in _downloads(demo_engine, since)] == [
        "/procedures?year=2022",
        "/procedures?year=2021",
    ]


def test_long_cells_leave_fewer_rows_and_the_note_says_how_many():
    from pptx.util import Inches

    short = SlideTable.from_frame("Т", pd.DataFrame({"Школа": ["А"] * 12, "N": range(12)}))
    name = "Муниципальное бюджетное общеобразовательное учреждение средняя школа № 7"
    wordy = SlideTable.from_frame(
        "Т", pd.DataFrame({f"Школа {c}": [name] * 12 for c in range(5)} | {"N": range(12)})
    )
    size, rows = story_pptx.fit_table(short, Inches(5), Inches(5))
    assert (size, rows) == (14, 12)  # short rows fit at the largest font
    size, rows = story_pptx.fit_table(wordy, Inches(2), Inches(4))
    assert size == 9 and 1 <= rows < 12
    long = DeckSlide("Длинные названия", "", replace(_view(1), tables=[wordy]))
    prs = Presentation(io.BytesIO(story_pptx.to_pptx("История", [long])))
    [table] = [s.table for s in prs.slides[0].shapes if s.has_table]
    shown = len(table.rows) - 1
    assert shown < 12 and f"строки 1–{shown} из 12" in " ".join(_texts(prs.slides[0]))
