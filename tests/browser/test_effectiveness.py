"""/decisions/effectiveness in a real browser: reached from «Решения»; region sees the criteria
as data_access computes them, sets a target and sees its status; a viewer sees the criteria
and the effect by measure but neither the target form nor any decision; the page reads as
Russian (no English word, no decimal point, no ISO date)."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from playwright.sync_api import expect
from sqlalchemy import delete, func, select

from dashboard import page_tour, strings
from dashboard.figures import effectiveness as views
from dashboard.figures.template import MAX_CATEGORIES
from dashboard.ids import Effectiveness as ids
from dashboard.models import EffectivenessTarget
from data_access import cache, database, effectiveness, users
from tests.browser.conftest import sign_in
from tests.conftest import DEMO_PASSWORD

pytestmark = pytest.mark.browser

PATH = "/decisions/effectiveness"
ROWS = ".effectiveness-criteria-table tbody tr"
DRAWN = [ROWS, f"#{ids.TREND} .main-svg", f"#{ids.FOREST} .main-svg"]


def _wait_drawn(page) -> None:
    for selector in DRAWN:
        page.wait_for_selector(selector, timeout=30_000)


def _criteria(app, login: str) -> pd.DataFrame:
    engine = app.server.extensions["oko_engine"]
    with database.bind(engine):
        return effectiveness.criteria(users.scope_for(users.account_by_login(login)))


def _region_rows(frame: pd.DataFrame, year: int) -> dict[str, dict]:
    chosen = frame[frame["municipality_id"].isna() & (frame["year"] == year)]
    return {r["criterion_code"]: r for r in chosen.to_dict("records")}


def test_region_reaches_the_page_from_decisions_and_sets_a_target(
    page, app, live_server, console_errors
):
    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in(page, live_server.url, "region")
    page.goto(f"{live_server.url}/decisions")
    page.click(f"a[href='{PATH}']")
    _wait_drawn(page)
    expect(page.locator(ROWS)).to_have_count(len(views.CODES))
    page.wait_for_function(
        "() => new URLSearchParams(location.search).get('year') !== null", timeout=20_000
    )
    year = int(re.search(r"year=(\d{4})", page.url).group(1))
    want = _region_rows(_criteria(app, "region"), year)
    values = page.locator(".effectiveness-criteria-table .criterion-value").all_inner_texts()
    assert values == [
        views.value_text(want[c]["value"] if c in want else None, c) for c in views.CODES
    ]
    formulas = page.locator(".effectiveness-criteria-table .criterion-formula").all_inner_texts()
    assert formulas == [views.formula(c) for c in views.CODES]
    assert page.locator(f"#{ids.TARGET_BOX}").is_visible()
    assert strings.EFFECTIVENESS_ASSOCIATION[:40] in page.inner_text(".effectiveness-effects")
    assert page.locator(f"#{ids.DECISIONS_BOX}").is_visible()  # region sees each decision

    engine = app.server.extensions["oko_engine"]
    with engine.connect() as conn:
        last = conn.execute(select(func.max(EffectivenessTarget.id))).scalar() or 0
    try:
        # A target for «Охват» in the shown year: its status becomes data_access's verdict.
        page.click(f"#{ids.TARGET_CRITERION}")
        page.get_by_role("option", name=strings.EFFECTIVENESS_CRITERIA["coverage"]).click()
        page.fill(f"#{ids.TARGET_VALUE}", "42")
        page.click(f"#{ids.TARGET_SAVE}")
        page.wait_for_selector(f"#{ids.TARGET_FEEDBACK} .alert-success", timeout=20_000)
        first = page.locator(ROWS).first
        expect(first.locator(".criterion-target")).to_have_text("42,0\u00a0%", timeout=30_000)
        status = _region_rows(_criteria(app, "region"), year)["coverage"]["status"]
        expect(first.locator(".criterion-status")).to_have_text(
            strings.EFFECTIVENESS_STATUS[status], timeout=30_000
        )
    finally:
        with engine.begin() as conn:
            conn.execute(delete(EffectivenessTarget).where(EffectivenessTarget.id > last))
        with database.bind(engine):
            cache.invalidate()
    assert console_errors == []


def test_viewer_sees_aggregates_only(page, live_server, console_errors):
    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in(page, live_server.url, "viewer")
    page.goto(f"{live_server.url}{PATH}")
    _wait_drawn(page)
    expect(page.locator(ROWS)).to_have_count(len(views.CODES))
    assert not page.locator(f"#{ids.TARGET_BOX}").is_visible()
    assert not page.locator(f"#{ids.DECISIONS_BOX}").is_visible()
    assert strings.EFFECTIVENESS_ASSOCIATION[:40] in page.inner_text(".effectiveness-effects")
    page.wait_for_selector(".effectiveness-effect-table", timeout=20_000)
    assert console_errors == []


@pytest.mark.parametrize("login", ["region", "viewer"])
def test_the_page_reads_as_russian(browser, live_server, login):
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page_tour.prepare(context)
    page = context.new_page()
    try:
        page_tour.sign_in(page, live_server.url, login, DEMO_PASSWORD)
        reading = page_tour.read(page, live_server.url, PATH)
    finally:
        context.close()
    assert reading.settled
    assert strings.EFFECTIVENESS_TITLE in reading.texts
    assert reading.english() == []
    assert reading.decimal_points() == []
    assert reading.iso_dates() == []
    assert reading.most_categories() <= MAX_CATEGORIES
