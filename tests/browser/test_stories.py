"""Acceptance of stories through the browser: a story of three views on different pages built
with the shell's «В историю…» menu, played with the keyboard (→ → ← Esc: the slide's title and
footer change, Esc returns to the story), and exported to PPTX (three slides with a picture,
the title and the footer) and PDF (one page per view)."""

from __future__ import annotations

import io

import pytest
from playwright.sync_api import expect
from sqlalchemy import delete, func, select

from dashboard import strings
from dashboard.ids import Player, Stories, StoryTools
from dashboard.models import Story, StorySlide
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser

VIEWS = [("/", "Вид первый"), ("/procedures", "Вид второй"), ("/rankings", "Вид третий")]
STORY = "Семинар в браузере"


@pytest.fixture
def fresh(app):
    """Delete the stories the test adds to the shared demo database."""
    engine = app.server.extensions["oko_engine"]
    with engine.connect() as conn:
        last = conn.execute(select(func.max(Story.id))).scalar() or 0
    yield
    with engine.begin() as conn:
        conn.execute(delete(StorySlide).where(StorySlide.story_id > last))
        conn.execute(delete(Story).where(Story.id > last))


def _add_view(page, base: str, path: str, title: str, new_story: bool) -> None:
    page.goto(base + path)
    page.wait_for_load_state("networkidle")
    page.locator(".oko-nav-story").click()
    page.locator(f"#{StoryTools.ADD}").click()
    dialog = page.locator(f"#{StoryTools.MODAL}")
    expect(dialog).to_be_visible()
    if new_story:
        page.fill(f"#{StoryTools.NEW_TITLE}", STORY)
    slide_title = page.locator(f"#{StoryTools.SLIDE_TITLE}")
    expect(slide_title).not_to_have_value("", timeout=30_000)  # the page's own slide title
    slide_title.fill(title)
    page.click(f"#{StoryTools.SAVE}")
    expect(page.locator(".story-tools-added")).to_contain_text(STORY, timeout=30_000)


def _story_id(app) -> int:
    engine = app.server.extensions["oko_engine"]
    with engine.connect() as conn:
        return conn.execute(select(Story.id).where(Story.title == STORY)).scalar_one()


def _download(page, button: str, timeout: int = 180_000) -> bytes:
    with page.expect_download(timeout=timeout) as info:
        page.click(f"#{button}")
    return open(info.value.path(), "rb").read()


def test_a_story_of_three_views_plays_with_the_keyboard_and_exports(
    browser, live_server, app, fresh
):
    context = browser.new_context(viewport={"width": 1366, "height": 768}, accept_downloads=True)
    page = context.new_page()
    base = live_server.url
    sign_in(page, base, "region")
    for number, (path, title) in enumerate(VIEWS):
        _add_view(page, base, path, title, new_story=number == 0)
    story_id = _story_id(app)

    page.goto(f"{base}/stories?story={story_id}")
    page.wait_for_load_state("networkidle")
    expect(page.locator(f"#{Stories.SLIDES}")).to_contain_text(VIEWS[2][1])
    page.click(f"#{Stories.PLAY}")
    title, footer = page.locator(f"#{Player.TITLE}"), page.locator(f"#{Player.FOOTER}")
    counter = page.locator(f"#{Player.COUNTER}")
    expect(title).to_have_text(VIEWS[0][1], timeout=60_000)
    footers = [footer.inner_text()]
    assert "Данные на" in footers[0] or "Источник" in footers[0]
    for key, index in (("ArrowRight", 1), ("ArrowRight", 2), ("ArrowLeft", 1)):
        page.keyboard.press(key)
        expect(title).to_have_text(VIEWS[index][1], timeout=60_000)
        expect(counter).to_have_text(strings.PLAYER_COUNTER.format(n=index + 1, total=3))
        if len(footers) <= index:
            footers.append(footer.inner_text())
    assert page.locator(".player-graph").count() >= 1
    page.keyboard.press("Escape")
    page.wait_for_url(f"**/stories?story={story_id}", timeout=30_000)

    from pptx import Presentation
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    deck = Presentation(io.BytesIO(_download(page, Stories.PPTX)))
    assert len(deck.slides) == 3
    for slide, (_path, title_text) in zip(deck.slides, VIEWS, strict=True):
        texts = " ".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)
        assert title_text in texts
        assert any(s.shape_type == MSO_SHAPE_TYPE.PICTURE for s in slide.shapes)
    for slide, expected in zip(deck.slides, footers, strict=False):
        texts = " ".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)
        assert expected.strip() in texts

    from pypdf import PdfReader

    pdf = PdfReader(io.BytesIO(_download(page, Stories.PDF)))
    assert len(pdf.pages) == 3
    context.close()
