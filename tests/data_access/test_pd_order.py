"""The PD plan-order assembled from the database (data_access.pd_order) on the hand-made data
of training_fixtures: the need, the gaps, the lines per role, and a confirmation that later
data do not change — on a private database."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, insert, select, update

from dashboard.models import AuditEvent, PdCompletion, SubjectTeachers
from data_access import cache, database, pd_order, training_changes
from data_access.scope import OutOfScope
from tests.data_access.training_fixtures import MATH, private_db

order_db = private_db("pdorder")


@pytest.fixture(scope="module")
def requested(order_db):
    """A2 asks for S1 for 2 teachers (submitted) and B2 for a topic (accepted); a withdrawn
    request of B1 does not count."""
    engine, place = order_db
    with database.bind(engine):
        a2 = training_changes.submit_request(
            place.scopes["school_a2"], school_code="A2", year=2024, subject=MATH,
            skill_code="S1", teachers=2,
        )  # fmt: skip
        b2 = training_changes.submit_request(
            place.scopes["region"], school_code="B2", year=2024, subject=MATH,
            topic="Функциональная грамотность", teachers=4,
        )  # fmt: skip
        training_changes.decide_request(place.scopes["municipality_b"], b2, "accepted")
        b1 = training_changes.submit_request(
            place.scopes["region"], school_code="B1", year=2024, subject=MATH,
            skill_code="S1", teachers=9,
        )  # fmt: skip
        training_changes.withdraw_request(place.scopes["region"], b1)
    return {"a2": a2, "b2": b2}


@pytest.fixture
def place(order_db, requested):
    engine, found = order_db
    with database.bind(engine):
        cache.invalidate()
        yield found


def test_the_need_is_the_hand_worked_one(place):
    found = pd_order.needs(place.scopes["region"], 2024)
    got = {
        (r["school_code"], r["skill_code"]): (
            round(r["gap"], 2),
            r["teachers"],
            r["programme_code"],
        )
        for r in found.to_dict("records")
    }
    # A1 on S1: 30 − 67.5; B1 on S2: 40 − 73.75; teachers: the latest count up to 2024
    assert got == {("A1", "S1"): (-37.5, 3, "PD-1"), ("B1", "S2"): (-33.75, 5, None)}
    assert list(pd_order.needs(place.scopes["school"], 2024)["school_code"]) == ["A1"]
    assert list(pd_order.needs(place.scopes["municipality_b"], 2024)["school_code"]) == ["B1"]
    with pytest.raises(OutOfScope):
        pd_order.needs(place.scopes["viewer"], 2024)


def test_a_skill_without_a_programme_is_a_gap(place):
    gaps = pd_order.programme_gaps(place.scopes["viewer"], 2024)
    assert gaps[["subject", "skill_code", "schools"]].values.tolist() == [[MATH, "S2", 1]]
    assert pd_order.programme_gaps(place.scopes["municipality"], 2024).empty


def _lines(frame) -> dict:
    return {
        (r["municipality"], r["programme_code"]): (r["schools"], r["teachers"], r["hours"])
        for r in frame.to_dict("records")
    }


def test_the_plan_per_role(place, requested):
    region = pd_order.plan(place.scopes["region"], 2024)
    # Район А, PD-1: A1's need (3 teachers) + A2's request (2): 5 teachers × 36 h = 180;
    # Район Б: B2's accepted topic, 4 teachers, no programme, no hours; B1's need (S2) has no
    # programme (a gap) and its withdrawn request does not count
    assert _lines(region) == {("Район А", "PD-1"): (2, 5, 180), ("Район Б", None): (1, 4, None)}
    line = region[region["programme_code"] == "PD-1"].iloc[0]
    assert [(r["kind"], r["school_code"]) for r in line["reasons"]] == [
        ("need", "A1"),
        ("request", "A2"),
    ]
    assert line["reasons"][0]["skill_name"] == "Умение S1"
    assert _lines(pd_order.plan(place.scopes["municipality"], 2024)) == {
        ("Район А", "PD-1"): (2, 5, 180)
    }
    # the director of A1: only the line with its school, counting its school only
    mine = pd_order.plan(place.scopes["school"], 2024)
    assert _lines(mine) == {("Район А", "PD-1"): (1, 3, 108)}
    assert {r["school_code"] for r in mine.iloc[0]["reasons"]} == {"A1"}
    # the viewer: the same lines, no school named anywhere
    seen = pd_order.plan(place.scopes["viewer"], 2024)
    assert _lines(seen) == _lines(region)
    text = repr(seen.to_dict("records"))
    assert "school_id" not in text and "A1" not in text and "Школа" not in text


def test_a_confirmation_keeps_its_lines_when_the_data_change(place):
    muni = place.scopes["municipality"]
    with pytest.raises(OutOfScope):
        pd_order.confirm(place.scopes["municipality_b"], place.muni_a, 2024)
    with pytest.raises(OutOfScope):
        pd_order.confirm(place.scopes["school"], place.muni_a, 2024)
    cid = pd_order.confirm(muni, place.muni_a, 2024)
    with database.write() as conn:
        conn.execute(
            update(SubjectTeachers)
            .where(SubjectTeachers.school_id == place.schools["A1"], SubjectTeachers.year == 2024)
            .values(teachers=10)
        )
    cache.invalidate()
    try:
        assert _lines(pd_order.plan(muni, 2024)) == {("Район А", "PD-1"): (2, 12, 432)}
        (confirmed,) = pd_order.confirmations(muni, 2024).to_dict("records")
        assert confirmed["id"] == cid and confirmed["confirmed_by"] == muni.login
        ((line),) = confirmed["lines"]
        assert (line["programme_code"], line["teachers"], line["hours"]) == ("PD-1", 5, 180)
        assert pd_order.confirmations(place.scopes["municipality_b"]).empty
        viewer_lines = pd_order.confirmations(place.scopes["viewer"]).iloc[0]["lines"]
        assert "school_id" not in repr(viewer_lines)
    finally:
        with database.write() as conn:
            conn.execute(
                update(SubjectTeachers)
                .where(
                    SubjectTeachers.school_id == place.schools["A1"], SubjectTeachers.year == 2024
                )
                .values(teachers=3)
            )
        cache.invalidate()
    with database.read() as conn:
        audited = conn.execute(
            select(AuditEvent.outcome).where(
                AuditEvent.action == "pd_order.confirm", AuditEvent.user_login == muni.login
            )
        ).scalars()
        assert list(audited) == ["success"]


def test_completions_without_next_year_results_await(place):
    with database.write() as conn:
        conn.execute(
            insert(PdCompletion).values(
                school_id=place.schools["A1"], programme_id=place.programme, year=2024, teachers=2
            )
        )
    cache.invalidate()
    try:
        effect = pd_order.training_effect(place.scopes["viewer"])
        assert effect["awaiting"] == 1 and effect["by_programme"].empty
        assert effect["per_school"].empty
    finally:
        with database.write() as conn:
            conn.execute(delete(PdCompletion))
        cache.invalidate()
