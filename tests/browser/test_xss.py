"""A school named like an HTML payload is shown as text, never executed."""

from __future__ import annotations

import pytest
from sqlalchemy import update

from dashboard.config import Settings
from dashboard.db import get_engine, upgrade
from dashboard.models import School
from data_access import database
from tests.browser.conftest import LiveServer, sign_in

pytestmark = pytest.mark.browser
PAYLOAD = "<img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory):
    from dashboard.app import create_app
    from dashboard.cli import _create_demo_users
    from dashboard.demo import build

    url = f"sqlite:///{tmp_path_factory.mktemp('xss') / 'oko.sqlite3'}"
    upgrade(url)
    engine = get_engine(url)
    build(engine, scale="district", seed=3, reset=True)
    with database.bind(engine):
        _create_demo_users()
        from data_access import users

        school_id = users.account_by_login("director").school_id
    with engine.begin() as conn:
        conn.execute(update(School).where(School.id == school_id).values(name=PAYLOAD))
    app = create_app(
        Settings(
            env="test", database_url=url, cache_url="simple://", secret_key="h" * 48, testing=True
        )
    )
    with LiveServer(app.server) as server:
        yield server


def test_school_name_payload_renders_as_text(page, hostile_server, console_errors):
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    sign_in(page, hostile_server.url, "director")
    page.goto(f"{hostile_server.url}/")
    page.wait_for_selector("#overview-by-municipality .main-svg", timeout=20_000)
    page.wait_for_timeout(500)
    assert dialogs == []
    assert page.locator("img[src='x']").count() == 0
    assert "onerror" in page.inner_text("#overview-by-municipality")
