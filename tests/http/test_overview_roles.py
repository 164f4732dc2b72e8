"""The overview and the school list through forged callback POSTs, as district, director and
viewer: whose overview it is, and texts that agree with what each role can do."""

from __future__ import annotations

import json

import pytest

from dashboard.ids import Overview, Schools
from data_access import database
from tests.http.forge import body_for


@pytest.fixture(scope="module")
def homes(app) -> dict:
    from data_access import users
    from data_access.home import home

    engine = app.server.extensions["oko_engine"]
    with database.bind(engine):
        return {
            login: home(users.scope_for(users.account_by_login(login)))
            for login in ("district", "director", "viewer")
        }


def call(client, callback, *values, state=()) -> dict:
    body = body_for(callback, None)
    for slot, value in zip(body["inputs"], values, strict=False):
        slot["value"] = value
    for slot, value in zip(body["state"], state, strict=False):
        slot["value"] = value
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code == 200
    return response.get_json()["response"]


def _text(answer: dict) -> str:
    return json.dumps(answer, ensure_ascii=False)


def test_district_overview_is_its_municipality_against_the_region(client_for, callbacks, homes):
    answer = call(client_for("district"), callbacks["load_overview"], "/")
    name = homes["district"].municipality_name
    assert answer[Overview.TITLE]["children"] == f"Обзор: {name}"
    assert "регион: " in _text(answer[Overview.COUNTS])
    assert f"{name}, %" in _text(answer[Overview.LATEST])


def test_director_overview_is_its_school_with_a_profile_link(client_for, callbacks, homes):
    answer = call(client_for("director"), callbacks["load_overview"], "/")
    place = homes["director"]
    assert answer[Overview.TITLE]["children"] == f"Обзор: {place.school_name}"
    assert f"/schools/{place.school_code}" in _text(answer[Overview.HOME])


def test_viewer_overview_is_the_regions_aggregates(client_for, callbacks):
    answer = call(client_for("viewer"), callbacks["load_overview"], "/")
    assert answer[Overview.TITLE]["children"] == "Обзор региона"
    assert "агрегированные" in answer[Overview.SUBTITLE]["children"]
    assert "/schools/" not in _text(answer)


def test_viewer_schools_page_promises_no_click(client_for, callbacks):
    answer = call(client_for("viewer"), callbacks["load_schools"], "/schools", state=("",))
    text = _text(answer)
    assert "не показываются" in text and "щелчок" not in text.lower()
    assert answer[Schools.BODY]["hidden"] is True


@pytest.mark.parametrize("login", ["district", "director"])
def test_named_roles_are_told_what_a_click_opens(client_for, callbacks, login):
    answer = call(client_for(login), callbacks["load_schools"], "/schools", state=("",))
    assert "щелчок по коду" in answer[Schools.SUBTITLE]["children"]
    assert answer[Schools.BODY]["hidden"] is False


def test_a_forged_map_click_opens_no_foreign_profile(client_for, callbacks, app, homes):
    from sqlalchemy import text

    engine = app.server.extensions["oko_engine"]
    with engine.connect() as conn:
        foreign = conn.execute(
            text("SELECT school_code FROM school WHERE school_code != :c ORDER BY school_code"),
            {"c": homes["director"].school_code},
        ).scalar()
    client = client_for("director")
    body = body_for(callbacks["open_school"], {"points": [{"customdata": [None, foreign]}]})
    assert client.post("/_dash-update-component", json=body).status_code == 204
    own = {"points": [{"customdata": [None, homes["director"].school_code]}]}
    answer = call(client, callbacks["open_school"], own)
    assert answer[Schools.GO]["href"] == f"/schools/{homes['director'].school_code}"
