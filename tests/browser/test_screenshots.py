"""`oko screenshots` writes the first screen of every page a login opens, as PNG files."""

from __future__ import annotations

import pytest

from dashboard import page_tour, screenshots
from tests.conftest import DEMO_PASSWORD

pytestmark = pytest.mark.browser


def test_one_png_per_page_for_the_director(app_settings, tmp_path):
    lines: list[str] = []
    written = screenshots.take(
        app_settings.database_url, tmp_path, ["director"], (1366, 768), DEMO_PASSWORD, lines.append
    )
    expected = {page_tour.file_name("director", p, 1366, 768) for p in page_tour.PAGES}
    assert {p.name for p in written} == expected
    for path in written:
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and path.stat().st_size > 10_000
    assert len(lines) == len(written)
