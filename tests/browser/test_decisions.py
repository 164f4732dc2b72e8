"""`/decisions` in a real browser: the region sees findings, adopts a measure on one, finds it
among the decisions and moves its status; a director sees the own school's decisions only."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import delete, func, select

from dashboard import strings
from dashboard.ids import Decisions as ids
from dashboard.models import Decision, DecisionEvent, School
from data_access import users
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser

FINDING_ROWS = f"#{ids.FINDINGS} .ag-center-cols-container .ag-row"
LIST_ROWS = f"#{ids.LIST} .ag-center-cols-container .ag-row"


@pytest.fixture
def restore_decisions(app):
    engine = app.server.extensions["oko_engine"]
    with engine.connect() as conn:
        last = conn.execute(select(func.max(Decision.id))).scalar() or 0
        last_event = conn.execute(select(func.max(DecisionEvent.id))).scalar() or 0
    yield
    with engine.begin() as conn:
        conn.execute(delete(DecisionEvent).where(DecisionEvent.id > last_event))
        conn.execute(delete(Decision).where(Decision.id > last))


def test_region_adopts_a_measure_and_moves_its_status(
    page, live_server, console_errors, restore_decisions
):
    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in(page, live_server.url, "region")
    page.goto(f"{live_server.url}/decisions?level=school&undecided=1")
    page.wait_for_selector(FINDING_ROWS, timeout=30_000)
    assert page.locator(FINDING_ROWS).count() > 0
    expect(page.locator(".decisions-effectiveness-link")).to_have_attribute(
        "href", "/decisions/effectiveness"
    )
    page.locator(f"{FINDING_ROWS} .ag-cell").first.click()
    expect(page.locator(f"#{ids.ADOPT_FINDING}")).to_contain_text("Проблема:", timeout=20_000)
    expect(page.locator(f"#{ids.MEASURE}")).not_to_contain_text(
        strings.DROPDOWN_PLACEHOLDER, timeout=20_000
    )
    page.locator(f"#{ids.RESPONSIBLE}").fill("Методист ИМЦ")
    page.click(f"#{ids.ADOPT}")
    feedback = page.locator(f"#{ids.ADOPT_FEEDBACK}")
    expect(feedback).to_contain_text("принято", timeout=20_000)
    decision_id = re.search(r"№ (\d+)", feedback.inner_text()).group(1)
    # the decision's card, opened from the list's address
    page.goto(f"{live_server.url}/decisions?tab=decisions&decision={decision_id}")
    page.wait_for_selector(LIST_ROWS, timeout=30_000)
    card = page.locator(f"#{ids.CARD}")
    expect(card).to_contain_text(strings.DECISION_CARD_TITLE.format(id=decision_id), timeout=20_000)
    expect(card).to_contain_text("Методист ИМЦ")
    expect(card.locator("[data-status]")).to_have_attribute("data-status", "adopted")
    page.click(f"#{ids.NEW_STATUS}")
    page.get_by_role("option", name=strings.DECISION_STATUS_NAMES["in_progress"]).click()
    page.locator(f"#{ids.STATUS_COMMENT}").fill("начали")
    page.click(f"#{ids.STATUS_SAVE}")
    expect(page.locator(f"#{ids.STATUS_FEEDBACK}")).to_contain_text(
        "Статус изменён", timeout=20_000
    )
    expect(card.locator("[data-status]")).to_have_attribute(
        "data-status", "in_progress", timeout=20_000
    )
    expect(page.locator(".decision-history .ag-row")).to_have_count(2, timeout=20_000)
    assert console_errors == []


def test_a_director_sees_the_own_schools_decisions_only(app, page, live_server, console_errors):
    engine = app.server.extensions["oko_engine"]
    from data_access import database

    with database.bind(engine), engine.connect() as conn:
        scope = users.scope_for(users.account_by_login("director"))
        own = conn.execute(select(School.name).where(School.id == scope.school_id)).scalar_one()
        count = conn.execute(
            select(func.count()).select_from(Decision).where(Decision.school_id == scope.school_id)
        ).scalar()
    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in(page, live_server.url, "director")
    page.goto(f"{live_server.url}/decisions?tab=decisions")
    expect(page.locator(f"#{ids.LIST_COUNT}")).to_contain_text(
        strings.DECISIONS_COUNT.split(";")[0].format(n=count), timeout=30_000
    )
    if count:
        page.wait_for_selector(LIST_ROWS, timeout=20_000)
        school = strings.PLAN_REPORT_COLUMNS["school"]
        column = page.locator(f"#{ids.LIST} .ag-header-cell", has_text=school).first
        col_id = column.get_attribute("col-id")
        cells = page.locator(f"{LIST_ROWS} [col-id={col_id}]").all_inner_texts()
        assert cells and set(cells) == {own}
    assert not page.locator(f"#{ids.ADOPT_BOX}").is_visible()
    assert not page.locator(f"#{ids.STATUS_BOX}").is_visible()
    assert console_errors == []
