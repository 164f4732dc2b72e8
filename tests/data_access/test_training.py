"""The programme base and schools' PD requests (data_access.training, training_changes): who
may do what, and every step with a history row and an audit row — on a private database."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from dashboard.models import AuditEvent, PdProgramme
from data_access import database, training, training_changes
from data_access.scope import OutOfScope
from data_access.training import TrainingRefused
from tests.data_access.training_fixtures import MATH, private_db

training_db = private_db("training")


@pytest.fixture
def place(training_db):
    engine, found = training_db
    with database.bind(engine):
        yield found


def audit_rows(action: str, login: str) -> list[tuple]:
    with database.read() as conn:
        return [
            tuple(r)
            for r in conn.execute(
                select(AuditEvent.outcome, AuditEvent.scope_asked, AuditEvent.detail)
                .where(AuditEvent.action == action, AuditEvent.user_login == login)
                .order_by(AuditEvent.id)
            )
        ]


def _submit(place, role="school", school="A1", skill="S1", **extra):
    values = {"year": 2024, "subject": MATH, "skill_code": skill, "teachers": 2, **extra}
    return training_changes.submit_request(place.scopes[role], school_code=school, **values)


# ------------------------------------------------------------------ requests


def test_a_director_submits_for_its_school_and_withdraws_with_history_and_audit(place):
    director = place.scopes["school"]
    rid = _submit(place, comment="  для 4-х классов ")
    mine = training.requests(director)
    assert list(mine["id"]) == [rid]
    row = mine.iloc[0]
    assert (row["school_code"], row["status"], row["teachers"]) == ("A1", "submitted", 2)
    assert row["comment"] == "для 4-х классов" and row["created_by"] == director.login
    assert training.request(director, rid)["may_withdraw"]
    assert training_changes.withdraw_request(director, rid, "передумали") == "withdrawn"
    history = training.request_history(director, rid)
    assert list(zip(history["from_status"], history["to_status"], strict=True)) == [
        (None, "submitted"),
        ("submitted", "withdrawn"),
    ]
    assert list(history["by"]) == [director.login] * 2
    assert list(history["comment"]) == ["для 4-х классов", "передумали"]
    submitted, withdrawn = (
        audit_rows("pd_request.submit", director.login)[-1],
        audit_rows("pd_request.withdraw", director.login)[-1],
    )
    assert submitted[:2] == ("success", "school=A1") and f"request={rid}" in submitted[2]
    assert withdrawn == ("success", f"request={rid}", "submitted->withdrawn")
    with pytest.raises(TrainingRefused):  # withdrawn is final
        training_changes.withdraw_request(director, rid)
    assert audit_rows("pd_request.withdraw", director.login)[-1][0] == "failure"


def test_a_director_cannot_submit_for_another_school_and_it_is_audited(place):
    director = place.scopes["school"]
    for foreign in ("A2", "B1", "no-such-school"):
        with pytest.raises(OutOfScope):
            _submit(place, school=foreign)
        assert audit_rows("pd_request.submit", director.login)[-1] == (
            "denied",
            f"school={foreign}",
            None,
        )
    assert training.requests(place.scopes["region"]).query("school_code != 'A1'").empty


def test_the_municipality_decides_only_its_schools_requests(place):
    own = _submit(place, role="school_a2", school="A2", skill="S2", teachers=3)
    muni_a, muni_b = place.scopes["municipality"], place.scopes["municipality_b"]
    foreign = _submit(place, role="region", school="B1", skill="S2")
    assert own in set(training.requests(muni_a)["id"])
    assert foreign not in set(training.requests(muni_a)["id"])
    with pytest.raises(OutOfScope):
        training_changes.decide_request(muni_a, foreign, "accepted")
    assert audit_rows("pd_request.decide", muni_a.login)[-1] == (
        "denied",
        f"request={foreign}",
        None,
    )
    with pytest.raises(OutOfScope):  # a director does not decide, not even its own
        training_changes.decide_request(place.scopes["school_a2"], own, "accepted")
    assert training_changes.decide_request(muni_a, own, "accepted", "включим") == "accepted"
    assert training_changes.decide_request(muni_b, foreign, "declined") == "declined"
    history = training.request_history(place.scopes["region"], own)
    assert list(history["to_status"]) == ["submitted", "accepted"]
    assert list(history["role"]) == ["school", "municipality"]
    assert audit_rows("pd_request.decide", muni_a.login)[-1] == (
        "success",
        f"request={own}",
        "submitted->accepted",
    )
    with pytest.raises(TrainingRefused):  # decided once
        training_changes.decide_request(muni_a, own, "declined")
    with pytest.raises(TrainingRefused):  # accepted: the school can no longer withdraw
        training_changes.withdraw_request(place.scopes["school_a2"], own)


def test_a_viewer_never_sees_or_submits_a_request(place):
    viewer = place.scopes["viewer"]
    rid = _submit(place, skill=None, topic="Наставничество")
    with pytest.raises(OutOfScope):
        training.requests(viewer)
    with pytest.raises(OutOfScope):
        training.request_history(viewer, rid)
    with pytest.raises(OutOfScope):
        _submit(place, role="viewer")
    assert audit_rows("pd_request.submit", viewer.login)[-1][0] == "denied"


def test_a_foreign_request_reads_like_an_unknown_one(place):
    rid = _submit(place, role="region", school="B2", skill="S1")
    for asked in (rid, 10**6, "junk", -1):
        with pytest.raises(OutOfScope):
            training.request_history(place.scopes["school"], asked)
        with pytest.raises(OutOfScope):
            training_changes.withdraw_request(place.scopes["school"], asked)


def test_requests_are_checked(place):
    with pytest.raises(TrainingRefused, match="no_skill_or_topic"):
        _submit(place, skill=None)
    with pytest.raises(TrainingRefused, match="bad_teachers"):
        _submit(place, skill="S9", teachers=0)
    _submit(place, skill="S7")
    with pytest.raises(TrainingRefused, match="duplicate"):
        _submit(place, skill="S7")
    assert audit_rows("pd_request.submit", place.scopes["school"].login)[-1][2] == "duplicate"


# ------------------------------------------------------------------ the programme base


def test_every_role_browses_and_searches_the_programme_base(place):
    for role in ("admin", "region", "municipality", "school", "viewer"):
        assert "PD-1" in set(training.programmes(place.scopes[role])["programme_code"])
    scope = place.scopes["viewer"]
    assert list(training.programmes(scope, search="процент")["programme_code"]) == ["PD-1"]
    assert list(training.programmes(scope, search="ИРО", subject=MATH)["programme_code"]) == [
        "PD-1"
    ]
    assert training.programmes(scope, search="нет такого").empty
    assert training.programmes(scope, subject="физика").empty


@pytest.mark.parametrize("role", ["municipality", "school", "viewer"])
def test_only_region_and_admin_edit_programmes_and_refusals_are_audited(place, role):
    scope = place.scopes[role]
    with pytest.raises(OutOfScope):
        training_changes.save_programme(scope, "PD-1", hours=1)
    assert audit_rows("pd_programme.save", scope.login)[-1] == ("denied", "programme=PD-1", None)
    with database.read() as conn:
        assert (
            conn.execute(
                select(PdProgramme.hours).where(PdProgramme.id == place.programme)
            ).scalar()
            == 36
        )


def test_the_region_adds_and_edits_a_programme_audited_with_its_editor(place):
    region = place.scopes["region"]
    new_id = training_changes.save_programme(
        region,
        None,
        code="PD-NEW",
        title="Смысловое чтение",
        provider="ИРО",
        subject="русский язык",
        skill_codes=["R1", "R2", "R1"],
        hours=24,
        format="blended",
        starts_on="2025-02-01",
        ends_on=dt.date(2025, 3, 1),
    )
    assert training_changes.save_programme(region, "PD-NEW", hours=18) == new_id
    row = training.programme(place.scopes["viewer"], "PD-NEW")
    assert (row["skill_codes"], row["hours"], row["format"]) == ("R1;R2", 18, "blended")
    assert row["starts_on"] == pd_timestamp("2025-02-01") and row["updated_by"] == region.login
    assert [r[:3] for r in audit_rows("pd_programme.save", region.login)[-2:]] == [
        ("success", "programme=PD-NEW", "new"),
        ("success", "programme=PD-NEW", "edit"),
    ]
    with pytest.raises(TrainingRefused, match="bad_dates"):
        training_changes.save_programme(region, "PD-NEW", ends_on="2025-01-01")
    with pytest.raises(TrainingRefused, match="duplicate_code"):
        training_changes.save_programme(
            region, None, code="PD-NEW", title="x", provider="y", subject=MATH,
            skill_codes="S1", hours=1,
        )  # fmt: skip
    with pytest.raises(TrainingRefused, match="bad_format"):
        training_changes.save_programme(region, "PD-NEW", format="online")
    assert audit_rows("pd_programme.save", region.login)[-1][0] == "failure"
    assert training.programme(region, "PD-NEW")["hours"] == 18


def pd_timestamp(text: str):
    import pandas as pd

    return pd.Timestamp(text)
