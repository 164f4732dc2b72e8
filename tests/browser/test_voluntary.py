"""`/voluntary` in a real browser: the catalogue lists the works; a director registers the own
school for an open work and sees «Зарегистрирована»; a director opens the school's report and
sees the per-skill table and chart."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import delete, func, select, update

from dashboard import strings
from dashboard.ids import Voluntary as ids
from dashboard.models import VoluntaryRegistration, VoluntaryRegistrationEvent
from data_access import database, users, voluntary
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser


def rows_of(grid: str) -> str:
    return f"#{grid} .ag-center-cols-container .ag-row"


@pytest.fixture
def engine(app):
    return app.server.extensions["oko_engine"]


@pytest.fixture
def director(engine):
    with database.bind(engine):
        return users.scope_for(users.account_by_login("director"))


@pytest.fixture
def restore_registrations(engine):
    with engine.connect() as conn:
        last = conn.execute(select(func.max(VoluntaryRegistration.id))).scalar() or 0
        last_event = conn.execute(select(func.max(VoluntaryRegistrationEvent.id))).scalar() or 0
        kept = conn.execute(select(VoluntaryRegistration.id, VoluntaryRegistration.status)).all()
    yield
    with engine.begin() as conn:
        conn.execute(
            delete(VoluntaryRegistrationEvent).where(VoluntaryRegistrationEvent.id > last_event)
        )
        conn.execute(delete(VoluntaryRegistration).where(VoluntaryRegistration.id > last))
        for rid, status in kept:
            conn.execute(
                update(VoluntaryRegistration)
                .where(VoluntaryRegistration.id == rid)
                .values(status=status)
            )


def _open_work(engine, director) -> str:
    """An open work the director's school is not registered for (withdrawn if it is)."""
    with database.bind(engine):
        found = voluntary.works(director)
    code = str(found[found["registration_open"]]["work_code"].iloc[0])
    with engine.begin() as conn:
        conn.execute(
            update(VoluntaryRegistration)
            .where(VoluntaryRegistration.school_id == director.school_id)
            .values(status="withdrawn")
        )
    return code


def _report_work(engine, director) -> str:
    with database.bind(engine):
        for code in voluntary.works(director)["work_code"]:
            if voluntary.work(director, code)["has_results"]:
                return str(code)
    pytest.fail("the demo gives the director's school no voluntary results")


def test_the_catalogue_lists_the_works(page, live_server, console_errors, engine):
    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in(page, live_server.url, "region")
    page.goto(f"{live_server.url}/voluntary")
    page.wait_for_selector(rows_of(ids.CATALOGUE), timeout=30_000)
    with database.bind(engine):
        works = voluntary.works(users.scope_for(users.account_by_login("region")))
    assert page.locator(rows_of(ids.CATALOGUE)).count() == len(works) > 0
    expect(page.locator(f"#{ids.CATALOGUE}")).to_contain_text(str(works["title"].iloc[0]))
    expect(page.locator(f"#{ids.EDIT_BOX}")).to_be_visible()
    assert not page.locator(f"#{ids.REGISTER_BOX}").is_visible()
    assert console_errors == []


def test_a_director_registers_the_school(
    page, live_server, console_errors, engine, director, restore_registrations
):
    code = _open_work(engine, director)
    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in(page, live_server.url, "director")
    page.goto(f"{live_server.url}/voluntary?work={code}")
    form = page.locator(f"#{ids.REGISTER_BOX}")
    expect(form).to_be_visible(timeout=30_000)
    page.locator(f"#{ids.CLASSES}").fill("7А, 7Б")
    page.locator(f"#{ids.PUPILS}").fill("43")
    page.click(f"#{ids.REGISTER}")
    expect(page.locator(f"#{ids.ACTION_FEEDBACK}")).to_contain_text(
        strings.VOLUNTARY_REGISTERED, timeout=20_000
    )
    registered = strings.VOLUNTARY_STATUS_NAMES["registered"]
    expect(page.locator(f"#{ids.CATALOGUE} .ag-row[row-id='{code}']")).to_contain_text(
        registered, timeout=20_000
    )
    expect(page.locator(f"#{ids.WITHDRAW_BOX}")).to_be_visible()
    assert not form.is_visible()
    with engine.connect() as conn:
        row = conn.execute(
            select(VoluntaryRegistration.classes, VoluntaryRegistration.pupils).where(
                VoluntaryRegistration.school_id == director.school_id,
                VoluntaryRegistration.status == "registered",
            )
        ).all()
    assert row == [("7А, 7Б", 43)]
    assert console_errors == []


def test_a_director_reads_the_school_report(page, live_server, console_errors, engine, director):
    code = _report_work(engine, director)
    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in(page, live_server.url, "director")
    page.goto(f"{live_server.url}/voluntary?tab=results&work={code}")
    page.wait_for_selector(rows_of(ids.SKILLS_GRID), timeout=30_000)
    with database.bind(engine):
        report = voluntary.school_report(director, code)
    assert page.locator(rows_of(ids.SKILLS_GRID)).count() == len(report["skills"])
    grid = page.locator(f"#{ids.SKILLS_GRID}")
    expect(grid).to_contain_text(strings.VOLUNTARY_SKILL_COLUMNS["school"])
    expect(grid).to_contain_text(str(report["skills"]["skill_code"].iloc[0]))
    expect(page.locator(f"#{ids.RESULTS}")).to_contain_text(strings.OWN_SCHOOL)
    expect(page.locator(f"#{ids.CHART} .bars path").first).to_be_visible(timeout=20_000)
    assert console_errors == []
