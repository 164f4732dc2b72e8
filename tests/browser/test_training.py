"""`/training` in a real browser: the region sees the plan-order's lines and a skill no
programme covers; a director submits the own school's request through the form."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import delete, func, select

from dashboard import strings
from dashboard.ids import Training as ids
from dashboard.models import PdRequest, PdRequestEvent
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser


def rows_of(grid: str) -> str:
    return f"#{grid} .ag-center-cols-container .ag-row"


@pytest.fixture
def restore_requests(app):
    engine = app.server.extensions["oko_engine"]
    with engine.connect() as conn:
        last = conn.execute(select(func.max(PdRequest.id))).scalar() or 0
        last_event = conn.execute(select(func.max(PdRequestEvent.id))).scalar() or 0
    yield engine, last
    with engine.begin() as conn:
        conn.execute(delete(PdRequestEvent).where(PdRequestEvent.id > last_event))
        conn.execute(delete(PdRequest).where(PdRequest.id > last))


def test_region_sees_the_plan_order_and_a_programme_gap(page, live_server, console_errors):
    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in(page, live_server.url, "region")
    page.goto(f"{live_server.url}/training")
    page.wait_for_selector(rows_of(ids.GAPS_GRID), timeout=30_000)
    assert page.locator(rows_of(ids.GAPS_GRID)).count() > 0
    page.wait_for_selector(rows_of(ids.NEEDS), timeout=30_000)
    page.get_by_role("tab", name=strings.TRAINING_TABS["plan"]).click()
    page.wait_for_selector(rows_of(ids.PLAN), timeout=30_000)
    assert page.locator(rows_of(ids.PLAN)).count() > 0
    expect(page.locator(f"#{ids.PLAN_TOTALS}")).to_contain_text("Итого", timeout=20_000)
    expect(page.locator(f"#{ids.PLAN}")).to_contain_text(
        strings.PD_ORDER_COLUMNS["reasons"], timeout=20_000
    )
    assert "tab=plan" in page.url
    assert page.locator(f"#{ids.CONFIRM_BOX}").is_visible()
    assert console_errors == []


def test_a_director_submits_a_request(page, live_server, console_errors, restore_requests):
    engine, last = restore_requests
    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in(page, live_server.url, "director")
    page.goto(f"{live_server.url}/training?tab=requests")
    form = page.locator(f"#{ids.SUBMIT_BOX}")
    expect(form).to_be_visible(timeout=30_000)
    expect(page.locator(f"#{ids.SUBMIT_SCHOOL}")).not_to_contain_text(
        strings.DROPDOWN_PLACEHOLDER, timeout=20_000
    )
    page.click(f"#{ids.SUBMIT_SUBJECT}")
    page.get_by_role("option").first.click()
    page.locator(f"#{ids.SUBMIT_TOPIC}").fill("Формирующее оценивание")
    page.locator(f"#{ids.SUBMIT_TEACHERS}").fill("4")
    page.click(f"#{ids.SUBMIT}")
    feedback = page.locator(f"#{ids.SUBMIT_FEEDBACK}")
    expect(feedback).to_contain_text("подана", timeout=20_000)
    with engine.connect() as conn:
        made = conn.execute(
            select(PdRequest.topic, PdRequest.teachers, PdRequest.created_by).where(
                PdRequest.id > last
            )
        ).all()
    assert made == [("Формирующее оценивание", 4, "director")]
    # the list shows it at once, and its card says it is submitted
    page.wait_for_selector(rows_of(ids.REQUESTS), timeout=20_000)
    expect(page.locator(f"#{ids.REQUESTS}")).to_contain_text("Формирующее оценивание")
    assert not page.locator(f"#{ids.EDIT_BOX}").is_visible()
    assert console_errors == []
