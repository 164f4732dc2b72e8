"""Story and page exports to PPTX and PDF: the deck as the reader sees it, built into a file.

`export_story` exports a story's deck (`callbacks.story_deck.deck`: frozen snapshots or live
views under the reader's scope), `export_view` one page's current view (`view_deck`). Both
return (file name, bytes) and write the one audit row every download writes (`download`, as
callbacks.downloads does). They may run in the background job worker (dashboard.jobs), where
there is no request: the caller passes the client address it read in the request (`ip`).
Readability is checked before any rendering, so a refusal (OutOfScope) comes first and fast.
"""

from __future__ import annotations

from collections.abc import Callable

from callbacks import story_deck
from callbacks.downloads import download_detail
from dashboard import strings
from dashboard.reports import exports, story_pdf, story_pptx
from dashboard.slides import DeckSlide
from dashboard.web.client import client_address
from data_access import audit, stories
from data_access.scope import Scope

Progress = Callable[[int, str], None]
Builder = Callable[[str, list[DeckSlide], Progress | None], bytes]

FORMATS: dict[str, Builder] = {"pptx": story_pptx.to_pptx, "pdf": story_pdf.to_pdf}
CONTENT_TYPES = {
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "pdf": "application/pdf",
}
DECK_SHARE = 40  # percent of the progress bar for gathering the slides; the rest builds the file


def _builder(fmt: object) -> Builder:
    if not isinstance(fmt, str) or fmt not in FORMATS:
        raise ValueError(f"unknown export format: {fmt!r}")
    return FORMATS[fmt]


def _part(progress: Progress | None, start: int, end: int) -> Progress | None:
    """`progress` for one stage: its 0–100 mapped onto start–end of the whole bar."""
    if progress is None:
        return None
    return lambda percent, message: progress(start + (end - start) * percent // 100, message)


def _audited(
    scope: Scope, data: bytes, name: str, fmt: str, what: str, asked: str, ip: str | None
) -> tuple[str, bytes]:
    audit.record(
        "download",
        "success",
        scope=scope,
        ip=ip if ip is not None else client_address(),
        asked=asked,
        detail=download_detail(what, fmt, extra=f"file={name}"),
    )
    return name, data


def export_story(
    scope: Scope,
    story_id: object,
    fmt: str,
    progress: Progress | None = None,
    *,
    ip: str | None = None,
) -> tuple[str, bytes]:
    """The story as a `fmt` ("pptx" | "pdf") file for this reader: (file name, bytes).
    Raises OutOfScope unless the reader may read the story, ValueError for another format."""
    build = _builder(fmt)
    info = stories.story(scope, story_id)
    slides = story_deck.deck(scope, story_id, _part(progress, 0, DECK_SHARE))
    data = build(info.title, slides, _part(progress, DECK_SHARE, 100))
    name = f"{exports.safe_filename(info.title, strings.STORY_REPORT_VIEW_NAME)}.{fmt}"
    return _audited(scope, data, name, fmt, "story", f"story:{info.id}", ip)


def export_view(
    scope: Scope,
    path: str,
    search: str,
    fmt: str,
    *,
    title: str | None = None,
    ip: str | None = None,
) -> tuple[str, bytes]:
    """The page's current view (`path` + `search`, as the address bar has them) as a one-slide
    `fmt` file for this reader: (file name, bytes). A view the reader may not see is a slide
    saying so (callbacks.slides.render), never its data. ValueError for another format."""
    build = _builder(fmt)
    slides = story_deck.view_deck(scope, path, search or "", title)
    heading = slides[0].title if slides else ""
    data = build(heading, slides, None)
    name = f"{exports.safe_filename(heading, strings.STORY_REPORT_VIEW_NAME)}.{fmt}"
    asked = f"{path}{search or ''}"[:300]
    return _audited(scope, data, name, fmt, "story.view", asked, ip)
