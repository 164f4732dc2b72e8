"""`/objectivity` says that no flag is no proof of objectivity (issue 17, section 3), to every
role that sees the page and in the drill-down of a school without a flag; the drill-down shows
each sign's strength with the note that only the combined flag is corrected."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from dashboard import strings
from dashboard.ids import Objectivity as ids
from dashboard.models import School
from data_access import database, users
from data_access import objectivity as data
from tests.http.forge import all_server_callbacks

CAVEAT = strings.OBJ_NO_FLAG_CAVEAT


@pytest.fixture(scope="module")
def screened(app):
    """The flags, the director's school and the years its own school was tested unflagged."""
    engine = app.server.extensions["oko_engine"]
    with database.bind(engine), engine.connect() as conn:
        region = users.scope_for(users.account_by_login("region"))
        director = users.scope_for(users.account_by_login("director"))
        own = conn.execute(
            select(School.school_code).where(School.id == director.school_id)
        ).scalar_one()
        flags = data.flag_table(region)
        unflagged = [
            year
            for year in data.available_years(region)
            if (risk := data.school_risk(region, own, year)) is not None and not risk["flagged"]
        ]
    assert not flags.empty, "the app's demo should have at least one flagged school-year"
    assert unflagged, "the director's school should be tested without a flag in some year"
    return {"flags": flags, "own": own, "unflagged": unflagged}


def _call(app, client, name: str, values: dict) -> dict:
    """POST the callback `name` with values keyed by '<id>.<property>' (others None)."""
    spec = next(c for c in all_server_callbacks(app) if c.name == name)

    def fill(slots):
        return [{**slot, "value": values.get(f"{slot['id']}.{slot['property']}")} for slot in slots]

    inputs = fill(spec.inputs)
    body = {
        "output": spec.output,
        "outputs": spec.outputs,
        "inputs": inputs,
        "state": fill(spec.state),
        "changedPropIds": [f"{inputs[0]['id']}.{inputs[0]['property']}"],
    }
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return response.get_json()["response"]


def _text(answer) -> str:
    return json.dumps(answer, ensure_ascii=False)


@pytest.mark.parametrize("login", ["viewer", "director", "district", "region", "admin"])
def test_every_role_reads_that_no_flag_is_no_proof(app, client_for, screened, login):
    year = screened["unflagged"][-1]
    answer = _call(app, client_for(login), "objectivity_counts", {f"{ids.YEAR}.value": year})
    shown = _text(answer)
    assert CAVEAT in shown
    # «the listed signs»: the list is there, also for the viewer who has no drill-down
    for name in strings.OBJ_SIGNS.values():
        assert name in shown


def test_a_director_without_a_flag_reads_it_beside_the_empty_list(app, client_for, screened):
    year = screened["unflagged"][-1]
    client = client_for("director")
    table = _call(app, client, "objectivity_table", {f"{ids.YEAR}.value": year})
    assert table[ids.NO_FLAGS]["hidden"] is False  # «У вашей ОО … флагов нет.»
    counts = _call(app, client, "objectivity_counts", {f"{ids.YEAR}.value": year})
    assert CAVEAT in _text(counts)


def test_the_drill_down_of_an_unflagged_school_says_it(app, client_for, screened):
    year = screened["unflagged"][-1]
    values = {f"{ids.SCHOOL}.value": screened["own"], f"{ids.YEAR}.value": year}
    shown = _text(_call(app, client_for("director"), "objectivity_detail", values)[ids.SIGNS])
    assert strings.OBJ_NO_FLAG_SCHOOL.format(year=year) in shown
    assert strings.OBJ_SIGNS_COLUMNS["strength"] in shown
    assert "не поправлены на множественные сравнения" in shown
    assert "Сработал" not in shown


def test_the_drill_down_of_a_flagged_school_does_not_say_it(app, client_for, screened):
    flag = screened["flags"].iloc[0]
    year = int(flag["year"])
    values = {f"{ids.SCHOOL}.value": flag["school_code"], f"{ids.YEAR}.value": year}
    shown = _text(_call(app, client_for("region"), "objectivity_detail", values)[ids.SIGNS])
    assert strings.OBJ_NO_FLAG_SCHOOL.format(year=year) not in shown
    assert strings.OBJ_SIGNS_COLUMNS["strength"] in shown
    # the strengths shown are the catalogue's, one per sign row
    assert any(word in shown for word in strings.OBJ_STRENGTH.values())
