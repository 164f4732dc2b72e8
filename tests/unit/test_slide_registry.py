"""Every page a story may hold (dashboard.slides.SLIDE_PAGES) has exactly one slide renderer
(callbacks.slides), and no other page has one."""

from __future__ import annotations

import re

import callbacks.slides as registry
from callbacks.slides import renderer_for
from dashboard.slides import SLIDE_PAGES, path_matches


def _example(pattern: str) -> str:
    """A concrete path of a pattern: each `<name>` becomes a sample segment."""
    return re.sub(r"<[^>]+>", "1001", pattern)


def test_the_registered_patterns_are_the_slide_pages():
    renderer_for("/")  # loads the renderer modules
    assert sorted(registry._RENDERERS) == sorted(SLIDE_PAGES)


def test_each_slide_page_finds_its_own_renderer():
    for pattern in SLIDE_PAGES:
        path = _example(pattern)
        renderer = renderer_for(path)
        assert renderer is registry._RENDERERS.get(pattern), pattern
        assert renderer is not None, pattern
        assert path_matches(pattern, path)


def test_pages_that_are_not_views_have_no_renderer():
    for path in ("/admin/users", "/login", "/stories", "/schools/1001/extra", None, "x" * 300):
        assert renderer_for(path) is None, path
