"""A story as a deck of slides: played, exported, frozen and compared (issue 21).

Live slides are rendered by the pages' renderers (callbacks.slides) under the READER's scope,
so a shared story never shows a reader more than its own pages would. A frozen story shows the
snapshot its reader may see (data_access.stories.frozen_view), rendered at freezing under the
owner's scope and under the aggregates scope of the owner's region.
"""

from __future__ import annotations

from collections.abc import Callable

from callbacks import slides as renderers
from dashboard.analytics.snapshot_changes import SlideChange, compare
from dashboard.slides import DeckSlide, ViewSnapshot
from data_access import stories, story_changes
from data_access.scope import OutOfScope, Scope

Progress = Callable[[int, str], None]


def _report(progress: Progress | None, done: int, total: int, message: str) -> None:
    if progress is not None:
        progress(round(100 * done / total) if total else 100, message)


def _deck_slide(scope: Scope, slide: stories.SlideInfo, frozen: bool) -> DeckSlide:
    found = stories.frozen_view(scope, slide.id) if frozen else None
    if found is not None:
        view, at = found
        return DeckSlide(slide.title, slide.note, view, at.isoformat())
    return DeckSlide(slide.title, slide.note, renderers.render(scope, slide.path, slide.query))


def deck(scope: Scope, story_id: object, progress: Progress | None = None) -> list[DeckSlide]:
    """The story's slides as this reader sees them: frozen snapshots (with `frozen_at`) when
    the story is frozen, live renderings otherwise. OutOfScope unless readable."""
    slides = stories.slides(scope, story_id)
    frozen = stories.story(scope, story_id).frozen_at is not None
    out = []
    for number, slide in enumerate(slides, start=1):
        out.append(_deck_slide(scope, slide, frozen))
        _report(progress, number, len(slides), slide.title)
    return out


def deck_slide(scope: Scope, story_id: object, index: int) -> tuple[DeckSlide | None, int, int]:
    """Only slide `index` of the deck (clamped to it), as `deck` would give it, with the index
    shown and the number of slides: the player renders one view per step, not the whole
    story. (None, 0, 0) for a story without slides; OutOfScope unless readable."""
    slides = stories.slides(scope, story_id)
    if not slides:
        return None, 0, 0
    frozen = stories.story(scope, story_id).frozen_at is not None
    index = max(0, min(index, len(slides) - 1))
    return _deck_slide(scope, slides[index], frozen), index, len(slides)


def view_deck(scope: Scope, path: str, search: str, title: str | None = None) -> list[DeckSlide]:
    """One live view as a one-slide deck (a page's own export), titled as the page's slide
    unless `title` is given."""
    view = renderers.render(scope, path, search or "")
    return [DeckSlide(title or view.title, "", view)]


def freeze(scope: Scope, story_id: object, progress: Progress | None = None) -> None:
    """Render every slide under the owner's scope and under the aggregates scope of the
    owner's region, then store both (data_access.story_changes.freeze_story). Only the owner
    freezes; anyone else is refused (and audited) before anything is rendered."""
    try:
        info = stories.story(scope, story_id)
    except OutOfScope:
        info = None
    if info is None or not info.editable:
        story_changes.freeze_story(scope, story_id, {})  # audits the refusal and raises
        raise OutOfScope("story", story_id)  # not reached: freeze_story refuses non-owners
    aggregates = stories.aggregates_scope(scope)
    slides = stories.slides(scope, info.id)
    snapshots: dict[int, dict[str, ViewSnapshot]] = {}
    for number, slide in enumerate(slides, start=1):
        snapshots[slide.id] = {
            "owner": renderers.render(scope, slide.path, slide.query),
            "aggregates": renderers.render(aggregates, slide.path, slide.query),
        }
        _report(progress, number, len(slides), slide.title)
    story_changes.freeze_story(scope, info.id, snapshots)


def changes(scope: Scope, story_id: object) -> list[SlideChange]:
    """Per slide, what the live data would show differently from the frozen snapshot (the
    live view rendered under the same eyes as the snapshot this reader gets). Not frozen:
    every slide unchanged."""
    audience = stories.frozen_audience(scope, story_id)
    eyes = stories.aggregates_scope(scope) if audience == "aggregates" else scope
    out = []
    for slide in stories.slides(scope, story_id):
        found = stories.frozen_view(scope, slide.id) if audience else None
        if found is None:
            out.append(SlideChange(slide.position, slide.title, False, []))
            continue
        changed, details = compare(found[0], renderers.render(eyes, slide.path, slide.query))
        out.append(SlideChange(slide.position, slide.title, changed, details))
    return out
