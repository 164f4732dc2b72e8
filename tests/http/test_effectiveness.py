"""/decisions/effectiveness through forged POSTs: targets set by region/admin only (a forged
target from any other role is refused, audited and writes nothing), the effect by measure for
every role, each decision's effect only for who may see the decision, never a school's name
for a viewer; the page is a sub-page of «Решения», not a navbar item of its own."""

from __future__ import annotations

import json

import dash
import pytest
from sqlalchemy import delete, func, select

from dashboard import strings
from dashboard.ids import Effectiveness as ids
from dashboard.models import AuditEvent, EffectivenessTarget, School
from data_access import cache, database, users
from tests.http.forge import body_for

PATH = "/decisions/effectiveness"


@pytest.fixture(scope="module")
def engine(app):
    return app.server.extensions["oko_engine"]


def call(client, callback, values: dict) -> tuple[int, dict]:
    """Forge one callback with values by (id, property); the others are None."""
    body = body_for(callback, None)
    for slot in body["inputs"] + body["state"]:
        slot["value"] = values.get((slot["id"], slot["property"]))
    body["changedPropIds"] = [
        f"{slot['id']}.{slot['property']}"
        for slot in body["inputs"]
        if (slot["id"], slot["property"]) in values
    ][:1]
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code in {200, 204}, response.get_data(as_text=True)[:300]
    return response.status_code, (response.get_json() or {}).get("response", {})


def _targets(engine) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(EffectivenessTarget)).scalar_one()


def _audits(engine, login: str) -> list[str]:
    with engine.connect() as conn:
        return list(
            conn.execute(
                select(AuditEvent.outcome)
                .where(AuditEvent.action == "effectiveness.target", AuditEvent.user_login == login)
                .order_by(AuditEvent.id)
            ).scalars()
        )


def _target(criterion="coverage", municipality=0, year=2024, value=55) -> dict:
    return {
        (ids.TARGET_SAVE, "n_clicks"): 1,
        (ids.TARGET_CRITERION, "value"): criterion,
        (ids.TARGET_MUNICIPALITY, "value"): municipality,
        (ids.TARGET_YEAR, "value"): year,
        (ids.TARGET_VALUE, "value"): value,
        (ids.CHANGED, "data"): 0,
    }


@pytest.mark.parametrize("login", ["district", "director", "viewer"])
def test_forged_targets_are_refused_audited_and_write_nothing(client_for, callbacks, engine, login):
    client = client_for(login)
    before, audited = _targets(engine), len(_audits(engine, login))
    forged = [_target(), _target("bias_share", 1, 2023, 1), _target(municipality=None)]
    for values in forged:
        status, body = call(client, callbacks["save_effectiveness_target"], values)
        assert status == 200
        assert strings.ACCESS_DENIED in json.dumps(body, ensure_ascii=False)
        assert ids.CHANGED not in body  # the views are not reloaded: nothing changed
    assert _targets(engine) == before
    assert _audits(engine, login)[audited:] == ["denied"] * len(forged)


def test_region_sets_a_target_and_it_is_audited(client_for, callbacks, engine):
    """The positive control of the refusals above: the same forged request from region
    writes one row and one «success» audit row (removed afterwards: the database is shared)."""
    client = client_for("region")
    with engine.connect() as conn:
        last = conn.execute(select(func.max(EffectivenessTarget.id))).scalar() or 0
    audited = len(_audits(engine, "region"))
    try:
        status, body = call(client, callbacks["save_effectiveness_target"], _target(value=55.5))
        assert status == 200 and body[ids.CHANGED]["data"] == 1
        text = json.dumps(body, ensure_ascii=False)
        assert strings.EFFECTIVENESS_CRITERIA["coverage"] in text and "55,5\u00a0%" in text
        with engine.connect() as conn:
            rows = conn.execute(
                select(
                    EffectivenessTarget.criterion_code,
                    EffectivenessTarget.municipality_id,
                    EffectivenessTarget.year,
                    EffectivenessTarget.target,
                    EffectivenessTarget.set_by,
                ).where(EffectivenessTarget.id > last)
            ).all()
        assert [tuple(r) for r in rows] == [("coverage", None, 2024, 55.5, "region")]
        assert _audits(engine, "region")[audited:] == ["success"]
        # out of range: the reason, nothing written
        status, body = call(client, callbacks["save_effectiveness_target"], _target(value=250))
        assert strings.EFFECTIVENESS_TARGET_BAD in json.dumps(body, ensure_ascii=False)
        assert _targets_after(engine, last) == 1
    finally:
        with engine.begin() as conn:
            conn.execute(delete(EffectivenessTarget).where(EffectivenessTarget.id > last))
        with database.bind(engine):
            cache.invalidate()


def _targets_after(engine, last: int) -> int:
    with engine.connect() as conn:
        return conn.execute(
            select(func.count())
            .select_from(EffectivenessTarget)
            .where(EffectivenessTarget.id > last)
        ).scalar_one()


@pytest.fixture(scope="module")
def school_names(engine) -> dict[int, str]:
    with engine.connect() as conn:
        return dict(conn.execute(select(School.id, School.name)).all())


def _named(text: str, names) -> list[str]:
    """The names found in a JSON answer (as JSON writes them, quotes escaped)."""
    return [n for n in names if json.dumps(n, ensure_ascii=False)[1:-1] in text]


def _effects(client, callbacks) -> dict:
    status, body = call(client, callbacks["measure_effects"], {(ids.LOCATION, "pathname"): PATH})
    assert status == 200
    return body


def test_viewer_sees_the_effect_by_measure_and_no_school(client_for, callbacks, school_names):
    body = _effects(client_for("viewer"), callbacks)
    text = json.dumps(body, ensure_ascii=False)
    assert body[ids.DECISIONS_BOX]["hidden"] is True
    assert strings.EFFECTIVENESS_EFFECT_COLUMNS["estimate"] in text  # the aggregate is shown
    assert not _named(text, school_names.values())


def test_region_sees_each_decisions_effect(client_for, callbacks, school_names, engine):
    body = _effects(client_for("region"), callbacks)
    text = json.dumps(body, ensure_ascii=False)
    assert body[ids.DECISIONS_BOX]["hidden"] is False  # the demo has measured decisions
    assert strings.EFFECTIVENESS_DECISION_COLUMNS["difference"] in text
    assert any(n in text for n in school_names.values())


def test_director_sees_no_other_schools_decision(client_for, callbacks, school_names, engine):
    with database.bind(engine):
        own = users.scope_for(users.account_by_login("director")).school_id
    text = json.dumps(_effects(client_for("director"), callbacks), ensure_ascii=False)
    others = [n for i, n in school_names.items() if i != own]
    assert not _named(text, others)


def test_the_page_is_a_sub_page_of_decisions(app, client_for):
    page = next(p for p in dash.page_registry.values() if p["path"] == PATH)
    assert page["name"] == strings.EFFECTIVENESS_TITLE
    for login in ("region", "viewer", "director"):
        assert client_for(login).get(PATH).status_code == 200
    navbar = client_for("admin").get("/_dash-layout").get_data(as_text=True)
    navbar = navbar.replace("\\u002f", "/")
    assert '"/decisions"' in navbar and PATH not in navbar  # «Решения» leads to it
    decisions = next(p for p in dash.page_registry.values() if p["path"] == "/decisions")
    with app.server.test_request_context():
        from flask_login import login_user

        from dashboard.auth.session import SessionUser

        with database.bind(app.server.extensions["oko_engine"]):
            login_user(SessionUser(users.account_by_login("region")))
            layout = decisions["layout"]()
    assert f'"{PATH}"' in json.dumps(layout.to_plotly_json(), default=_plain)


def _plain(value):
    """json.dumps of a Dash layout: components as their JSON, anything else as text."""
    return value.to_plotly_json() if hasattr(value, "to_plotly_json") else str(value)
