"""A director's first screen on /procedures and /objectivity names its school; other roles
get no such line (their home is a municipality or the region)."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text

from tests.http.forge import all_server_callbacks, body_for


@pytest.fixture(scope="module")
def callbacks(app) -> dict:
    return {c.name: c for c in all_server_callbacks(app)}


@pytest.fixture(scope="module")
def own_school(app) -> tuple[str, str]:
    from data_access import database, users

    engine = app.server.extensions["oko_engine"]
    with database.bind(engine), engine.connect() as conn:
        director = users.scope_for(users.account_by_login("director"))
        name = conn.execute(
            text("SELECT name FROM school WHERE id = :i"), {"i": director.school_id}
        ).scalar_one()
        kind, subject, grade, year = conn.execute(
            text(
                "SELECT kind, subject, grade, MAX(year) FROM procedure WHERE kind = 'vpr' "
                "GROUP BY kind, subject, grade ORDER BY subject, grade"
            )
        ).first()
    return name, (kind, subject, grade, [year])


def _answer(client, callback, *values) -> str:
    body = body_for(callback, None)
    for slot, value in zip(body["inputs"], values, strict=False):
        slot["value"] = value
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code == 200
    return json.dumps(response.get_json()["response"], ensure_ascii=False)


@pytest.mark.parametrize(("login", "named"), [("director", True), ("district", False)])
def test_procedures_note_names_the_directors_school(
    client_for, callbacks, own_school, login, named
):
    name, (kind, subject, grade, years) = own_school
    note = _answer(
        client_for(login), callbacks["selection_note"], kind, subject, grade, years, "schools"
    )
    assert (name in note) is named
    assert ("★" in note) or not named


@pytest.mark.parametrize(("login", "named"), [("director", True), ("region", False)])
def test_objectivity_counts_name_the_directors_school(
    client_for, callbacks, own_school, login, named
):
    name, (*_, years) = own_school
    counts = _answer(client_for(login), callbacks["objectivity_counts"], years[0])
    assert ("Ваша школа" in counts and name in counts) is named
