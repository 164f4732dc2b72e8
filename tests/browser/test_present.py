"""Presentation mode, chart export and chart text alternatives in a real browser.

`?present=1` (or the navbar's «Показ») hides the navbar and the page's controls and enlarges the
charts' text; the keyboard moves between cards and Esc leaves. Every chart's modebar saves PNG
and SVG with Russian titles, and every chart has role="img" with a sentence and a data table.
"""

from __future__ import annotations

import pytest

from dashboard import strings
from dashboard.ids import Present
from tests.browser.conftest import sign_in
from tests.conftest import DEMO_PASSWORD

pytestmark = pytest.mark.browser

CHART = "#overview-by-municipality"
DRAWN = CHART + " .main-svg"
PRESENT_ON = "() => document.body.classList.contains('oko-present')"
PRESENT_OFF = "() => !document.body.classList.contains('oko-present')"
# The largest tick label font size of the overview's municipality chart, in px.
TICK_SIZE = """() => Math.max(...Array.from(
  document.querySelectorAll('#overview-by-municipality .xtick text, '
    + '#overview-by-municipality .ytick text'),
  (t) => parseFloat(t.style.fontSize || '0')))"""
CARD_AT_TOP = (
    "() => Array.from(document.querySelectorAll('#_pages_content .card'))"
    ".some((c) => Math.abs(c.getBoundingClientRect().top - 12) < 3)"
)
BIG_TICKS = "() => (" + TICK_SIZE + ")() >= 18"


def _open(page, base_url: str, search: str = "") -> None:
    page.goto(base_url + "/" + search)
    page.wait_for_selector(DRAWN, timeout=20_000)


def test_present_parameter_hides_navbar_and_controls_and_esc_leaves(
    page, live_server, console_errors
):
    sign_in(page, live_server.url, "region")
    _open(page, live_server.url, "?present=1")
    page.wait_for_function(PRESENT_ON, timeout=10_000)
    assert not page.locator("nav.oko-navbar").is_visible()
    assert not page.locator(".oko-filter-bar").first.is_visible()
    assert page.locator("#_pages_content .dash-dropdown").count() >= 1
    assert page.locator("#_pages_content .dash-dropdown:visible").count() == 0
    exit_button = page.locator("#oko-present-exit")
    assert exit_button.is_visible()
    assert "Выйти из показа" in exit_button.inner_text()
    # the page rewrites its address when its filters settle; present=1 stays in it
    page.wait_for_function("() => window.location.search.includes('kind=')", timeout=15_000)
    assert "present=1" in page.url

    page.keyboard.press("Escape")
    page.wait_for_function(PRESENT_OFF, timeout=5_000)
    assert page.locator("nav.oko-navbar").is_visible()
    assert page.locator(".oko-filter-bar").first.is_visible()
    assert not exit_button.is_visible()
    assert "present=1" not in page.url
    assert console_errors == []


def test_navbar_button_and_exit_button(page, live_server, console_errors):
    sign_in(page, live_server.url, "region")
    _open(page, live_server.url)
    button = page.locator("#" + Present.BUTTON)
    # at 1280 px only the play sign shows; the button's name is still the word
    assert page.get_by_role("button", name=strings.PRESENT_BUTTON, exact=True).count() == 1
    assert button.get_attribute("title") == strings.PRESENT_BUTTON_TITLE
    button.click()
    page.wait_for_function(PRESENT_ON, timeout=5_000)
    assert "present=1" in page.url
    assert not page.locator("nav.oko-navbar").is_visible()
    page.click("#oko-present-exit")
    page.wait_for_function(PRESENT_OFF, timeout=5_000)
    assert "present=1" not in page.url
    assert console_errors == []


def test_chart_text_is_larger_in_present_mode(page, live_server):
    sign_in(page, live_server.url, "region")
    _open(page, live_server.url)
    page.wait_for_selector(CHART + " .xtick text", timeout=20_000)
    ordinary = page.evaluate(TICK_SIZE)
    page.click("#" + Present.BUTTON)
    page.wait_for_function(BIG_TICKS, timeout=10_000)
    presented = page.evaluate(TICK_SIZE)
    assert presented > ordinary
    page.keyboard.press("Escape")
    page.wait_for_function("() => (" + TICK_SIZE + ")() < 18", timeout=10_000)
    assert page.evaluate(TICK_SIZE) == ordinary


def test_arrow_right_scrolls_to_the_next_card_and_left_back(page, live_server):
    page.set_viewport_size({"width": 1280, "height": 720})
    sign_in(page, live_server.url, "region")
    _open(page, live_server.url, "?present=1")
    page.wait_for_function(PRESENT_ON, timeout=10_000)
    # everything drawn, so no card moves after the first key
    page.wait_for_selector("#overview-marks .main-svg", timeout=20_000)
    page.wait_for_selector("#overview-latest table tbody tr", timeout=20_000)
    page.wait_for_load_state("networkidle")
    cards = page.locator("#_pages_content .card")
    assert cards.count() >= 2
    page.evaluate("() => window.scrollTo(0, 0)")
    page.locator("body").click(position={"x": 5, "y": 5})
    page.keyboard.press("ArrowRight")
    # (Bootstrap scrolls smoothly: wait until a card has come to rest at the top)
    page.wait_for_function(CARD_AT_TOP, timeout=5_000)
    scrolled = page.evaluate("() => window.scrollY")
    assert scrolled > 0
    page.keyboard.press("ArrowRight")
    page.wait_for_function(f"() => window.scrollY > {scrolled} + 20", timeout=5_000)
    page.wait_for_function(CARD_AT_TOP, timeout=5_000)
    page.keyboard.press("ArrowLeft")
    page.wait_for_function(f"() => Math.abs(window.scrollY - {scrolled}) < 3", timeout=5_000)


def test_modebar_saves_png_and_svg_with_russian_titles(page, live_server, console_errors):
    sign_in(page, live_server.url, "region")
    _open(page, live_server.url)
    page.hover(CHART)
    png = page.locator(CHART + " .modebar-btn[data-title='Сохранить в формате PNG']")
    svg = page.locator(CHART + " .modebar-btn[data-title='Сохранить в формате SVG']")
    assert png.count() == 1 and svg.count() == 1
    with page.expect_download(timeout=20_000) as png_download:
        png.click()
    assert png_download.value.suggested_filename.endswith(".png")
    with page.expect_download(timeout=20_000) as svg_download:
        svg.click()
    assert svg_download.value.suggested_filename.endswith(".svg")
    with open(svg_download.value.path(), encoding="utf-8") as drawn:
        assert drawn.read(400).lstrip().startswith("<svg")
    assert console_errors == []


def test_every_chart_has_a_sentence_and_a_data_table(page, live_server):
    sign_in(page, live_server.url, "region")
    _open(page, live_server.url)
    page.wait_for_selector("#overview-marks .main-svg", timeout=20_000)
    page.wait_for_function(
        "() => document.querySelectorAll('.oko-chart-data').length"
        " >= document.querySelectorAll('.js-plotly-plot').length",
        timeout=10_000,
    )
    charts = page.locator(".js-plotly-plot")
    assert charts.count() >= 2
    for i in range(charts.count()):
        chart = charts.nth(i)
        image = chart.locator("[role=img]")
        assert image.count() == 1
        label = image.get_attribute("aria-label") or ""
        assert len(label.split()) >= 3 and label.endswith(".")
        # the disclosure right after the chart opens with the keyboard and holds its values
        details = chart.locator("xpath=ancestor::div[contains(@class,'dash-graph')][1]").locator(
            "xpath=following-sibling::details[1]"
        )
        summary = details.locator("summary")
        assert summary.inner_text() == "Данные графика"
        summary.focus()
        page.keyboard.press("Enter")
        assert details.get_attribute("open") is not None
        assert details.locator("table tbody tr").count() >= 1
    municipality = page.locator(CHART + " [role=img]").get_attribute("aria-label")
    assert strings.OVERVIEW_BY_MUNICIPALITY in municipality  # the card's heading names it
    assert any(ch.isdigit() for ch in municipality)


def test_screenshots_of_presentation_mode(app_settings, tmp_path):
    """`oko screenshots --present`: 1280×720 PNGs of presentation mode (the viewer keeps no
    story, so no player picture and nothing is written to the database)."""
    from dashboard import screenshots

    lines: list[str] = []
    written = screenshots.take(
        app_settings.database_url,
        tmp_path,
        ["viewer"],
        (1280, 720),
        DEMO_PASSWORD,
        lines.append,
        present=True,
    )
    assert {p.name for p in written} == {
        "present_viewer_overview_1280x720.png",
        "present_viewer_procedures_1280x720.png",
        "present_viewer_rankings_1280x720.png",
    }
    for path in written:
        data = path.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
        assert (width, height) == (1280, 720)
    assert len(lines) == len(written)
