"""Voluntary diagnostic works (data_access.voluntary, voluntary_changes): the registration
life cycle and its deadlines across roles, who reads which results, the school report against
an independent SQL computation, and the feedback — on a private database."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select, text

from dashboard import rules
from dashboard.models import AuditEvent, VoluntaryRegistration, VoluntaryRegistrationEvent
from data_access import database, voluntary, voluntary_changes
from data_access.scope import OutOfScope
from data_access.voluntary import VoluntaryRefused
from tests.data_access.voluntary_fixtures import (
    HELD,
    OPEN_DEADLINE,
    OPEN_HELD,
    private_db,
)

voluntary_db = private_db("voluntary")


@pytest.fixture
def place(voluntary_db):
    engine, found = voluntary_db
    with database.bind(engine):
        yield found


def on(monkeypatch, day: dt.date) -> None:
    monkeypatch.setattr(voluntary, "today", lambda: day)
    monkeypatch.setattr(voluntary_changes, "today", lambda: day)


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


def _clear(place, code: str = "VD-2") -> None:
    """Forget the registrations of a work (each life-cycle test starts from none)."""
    with database.write() as conn:
        work_id = voluntary.work(place.scopes["admin"], code)["id"]
        ids = [
            r
            for r in conn.execute(
                select(VoluntaryRegistration.id).where(VoluntaryRegistration.work_id == work_id)
            ).scalars()
        ]
        if ids:
            events = VoluntaryRegistrationEvent.__table__
            conn.execute(events.delete().where(events.c.registration_id.in_(ids)))
            conn.execute(
                VoluntaryRegistration.__table__.delete().where(
                    VoluntaryRegistration.work_id == work_id
                )
            )


# ------------------------------------------------------------------ the catalogue


def test_everyone_browses_the_catalogue(place, monkeypatch):
    on(monkeypatch, OPEN_DEADLINE)
    for role in ("admin", "region", "municipality", "school_a1", "viewer"):
        works = voluntary.works(place.scopes[role])
        assert set(works["work_code"]) >= {"VD-1", "VD-2"}
        by_code = works.set_index("work_code")
        assert by_code.loc["VD-1", "result_schools"] == 4
        assert by_code.loc["VD-1", "registered_schools"] == 5
        assert not by_code.loc["VD-1", "registration_open"]
        assert by_code.loc["VD-2", "registration_open"]
    mine = voluntary.works(place.scopes["school_a1"]).set_index("work_code")
    assert mine.loc["VD-1", "own_status"] == "registered"
    assert (
        voluntary.works(place.scopes["school_b3"]).set_index("work_code").loc["VD-1", "own_status"]
        is None
    )
    with pytest.raises(OutOfScope):
        voluntary.work(place.scopes["viewer"], "no-such-work")


def test_only_region_and_admin_edit_the_catalogue_and_bad_input_is_refused(place):
    values = {
        "title": "Новая работа",
        "subject": "математика",
        "grade": "8",
        "skill_codes": "K1; K2, K3",
        "form": "computer",
        "held_on": "2026-04-10",
        "registration_deadline": "2026-03-20",
        "organiser": "РЦОКО",
    }
    for role in ("municipality", "school_a1", "viewer"):
        with pytest.raises(OutOfScope):
            voluntary_changes.save_work(place.scopes[role], values)
        assert audit_rows("voluntary_work.save", place.scopes[role].login)[-1][0] == "denied"
    code = voluntary_changes.save_work(place.scopes["region"], values)
    assert code.startswith("VD-2026-")
    saved = voluntary.work(place.scopes["viewer"], code)
    assert (saved["grade"], saved["skills"], saved["form"]) == (8, ["K1", "K2", "K3"], "computer")
    assert voluntary_changes.save_work(place.scopes["admin"], {"grade": 9}, code) == code
    assert voluntary.work(place.scopes["viewer"], code)["grade"] == 9
    for bad, key in (
        ({"registration_deadline": "2026-05-01"}, "bad_dates"),
        ({"form": "oral"}, "bad_form"),
        ({"grade": 12}, "bad_grade"),
        ({"skill_codes": ""}, "bad_skill_codes"),
        ({"work_code": "X"}, "bad_field"),
    ):
        with pytest.raises(VoluntaryRefused) as refused:
            voluntary_changes.save_work(place.scopes["region"], bad, code)
        assert refused.value.key == key
    assert audit_rows("voluntary_work.save", "v-region")[-1][:2] == ("failure", f"work={code}")


# ------------------------------------------------------------------ registration


def test_a_director_registers_withdraws_and_registers_again_before_the_deadline(place, monkeypatch):
    _clear(place)
    on(monkeypatch, OPEN_DEADLINE)  # the deadline day itself is still open
    director = place.scopes["school_a2"]
    assert voluntary.work(director, "VD-2")["may_register"]
    rid = voluntary_changes.register(director, "VD-2", classes=" 7А, 7Б ", pupils="48")
    found = voluntary.work(director, "VD-2")
    assert found["registration"]["status"] == "registered" and found["may_withdraw"]
    assert not found["may_register"]
    with pytest.raises(VoluntaryRefused) as twice:
        voluntary_changes.register(director, "VD-2", classes="7В", pupils=20)
    assert twice.value.key == "already_registered"
    assert voluntary_changes.withdraw(director, "VD-2", "нет учителя") == "withdrawn"
    again = voluntary_changes.register(director, "VD-2", classes="7А", pupils=25)
    assert again == rid  # one row per school and work: the status moves
    history = voluntary.registration_history(director, "VD-2", rid)
    assert list(zip(history["from_status"], history["to_status"], strict=True)) == [
        (None, "registered"),
        ("registered", "withdrawn"),
        ("withdrawn", "registered"),
    ]
    assert list(history["by"]) == [director.login] * 3
    outcomes = [r[0] for r in audit_rows("voluntary.register", director.login)]
    assert outcomes[-3:] == ["success", "failure", "success"]
    assert audit_rows("voluntary.withdraw", director.login)[-1] == (
        "success",
        "work=VD-2",
        "registered->withdrawn",
    )


def test_deadlines_close_registration_and_withdrawal(place, monkeypatch):
    _clear(place)
    director = place.scopes["school_b1"]
    on(monkeypatch, OPEN_DEADLINE - dt.timedelta(days=3))
    voluntary_changes.register(director, "VD-2", classes="7А", pupils=20)
    on(monkeypatch, OPEN_DEADLINE + dt.timedelta(days=1))
    late = place.scopes["school_b2"]
    assert not voluntary.work(late, "VD-2")["may_register"]
    with pytest.raises(VoluntaryRefused) as refused:
        voluntary_changes.register(late, "VD-2", classes="7А", pupils=20)
    assert refused.value.key == "deadline_passed"
    assert audit_rows("voluntary.register", late.login)[-1][2] == "deadline_passed"
    on(monkeypatch, OPEN_HELD - dt.timedelta(days=1))  # the day before: still possible
    assert voluntary.work(director, "VD-2")["may_withdraw"]
    on(monkeypatch, OPEN_HELD)  # the work has started
    assert not voluntary.work(director, "VD-2")["may_withdraw"]
    with pytest.raises(VoluntaryRefused) as started:
        voluntary_changes.withdraw(director, "VD-2")
    assert started.value.key == "work_started"
    with pytest.raises(VoluntaryRefused) as nothing:
        voluntary_changes.withdraw(place.scopes["school_b3"], "VD-2")
    assert nothing.value.key == "not_registered"


@pytest.mark.parametrize("role", ["admin", "region", "municipality", "viewer"])
def test_only_a_director_registers_and_only_their_own_school(place, monkeypatch, role):
    on(monkeypatch, OPEN_DEADLINE)
    scope = place.scopes[role]
    for call in (
        lambda: voluntary_changes.register(scope, "VD-2", classes="7А", pupils=10),
        lambda: voluntary_changes.withdraw(scope, "VD-2"),
        lambda: voluntary_changes.answer_feedback(
            scope, "VD-1", usefulness=5, difficulty="fit", join_again="yes"
        ),
    ):
        with pytest.raises(OutOfScope):
            call()
    assert audit_rows("voluntary.register", scope.login)[-1] == ("denied", "work=VD-2", None)


def test_bad_registration_input_is_refused(place, monkeypatch):
    on(monkeypatch, OPEN_DEADLINE)
    director = place.scopes["school_b3"]
    for classes, pupils, key in (
        ("", 10, "bad_classes"),
        ("7А", 0, "bad_pupils"),
        ("7А", "десять", "bad_pupils"),
        ("7А", True, "bad_pupils"),
        (["7А"], 10, "bad_classes"),
    ):
        with pytest.raises(VoluntaryRefused) as refused:
            voluntary_changes.register(director, "VD-2", classes=classes, pupils=pupils)
        assert refused.value.key == key
    with pytest.raises(OutOfScope):
        voluntary_changes.register(director, "VD-404", classes="7А", pupils=10)


def test_who_sees_who_joined(place, monkeypatch):
    on(monkeypatch, HELD)
    codes = {
        role: set(voluntary.registrations(place.scopes[role], "VD-1")["school_code"])
        for role in ("admin", "region", "municipality", "municipality_b", "school_a1")
    }
    assert codes["region"] == codes["admin"] == {"A1", "A2", "A3", "B1", "B2"}
    assert codes["municipality"] == {"A1", "A2", "A3"}
    assert codes["municipality_b"] == {"B1", "B2"}
    assert codes["school_a1"] == {"A1"}
    with pytest.raises(OutOfScope):
        voluntary.registrations(place.scopes["viewer"], "VD-1")
    counts = voluntary.registration_counts(place.scopes["viewer"], "VD-1")
    assert dict(zip(counts["municipality"], counts["schools"], strict=True)) == {
        "Район А": 3,
        "Район Б": 2,
    }
    assert int(counts["pupils"].sum()) == 5 * 25
    a1 = voluntary.registrations(place.scopes["school_a1"], "VD-1")["id"].iloc[0]
    with pytest.raises(OutOfScope):  # another school's history
        voluntary.registration_history(place.scopes["school_a2"], "VD-1", int(a1))
    with pytest.raises(OutOfScope):
        voluntary.registration_history(place.scopes["municipality_b"], "VD-1", int(a1))


# ------------------------------------------------------------------ results


OWN_SKILLS = """
SELECT t.skill_code, SUM(sr.mean_percent * t.max_points) / SUM(t.max_points) AS pct
FROM skill_result sr
JOIN procedure_task t ON t.procedure_id = sr.procedure_id AND t.task_number = sr.task_number
WHERE sr.procedure_id = :p AND sr.school_id = :s
GROUP BY t.skill_code
"""
OTHERS_SKILLS = """
WITH per_task AS (
  SELECT sr.task_number,
         SUM(r.participants * sr.mean_percent) * 1.0 / SUM(r.participants) AS pct
  FROM skill_result sr
  JOIN school_result r ON r.procedure_id = sr.procedure_id AND r.school_id = sr.school_id
  WHERE sr.procedure_id = :p AND sr.school_id <> :s
  GROUP BY sr.task_number
)
SELECT t.skill_code, SUM(o.pct * t.max_points) / SUM(t.max_points) AS pct
FROM per_task o JOIN procedure_task t ON t.procedure_id = :p AND t.task_number = o.task_number
GROUP BY t.skill_code
"""
OTHERS_MEAN = """
SELECT SUM(participants * mean_percent) * 1.0 / SUM(participants), SUM(participants), COUNT(*)
FROM school_result WHERE procedure_id = :p AND school_id <> :s
"""


def test_the_school_report_equals_an_independent_sql_computation(place, monkeypatch):
    on(monkeypatch, HELD + dt.timedelta(days=30))
    for code in ("A1", "A2", "B1", "B2"):
        report = voluntary.school_report(place.scopes[f"school_{code.lower()}"], "VD-1")
        args = {"p": place.procedure, "s": place.schools[code]}
        with database.read() as conn:
            own = dict(conn.execute(text(OWN_SKILLS), args).all())
            others = dict(conn.execute(text(OTHERS_SKILLS), args).all())
            mean, pupils, schools = conn.execute(text(OTHERS_MEAN), args).one()
            own_mean, own_n = conn.execute(
                text("SELECT mean_percent, participants FROM school_result "
                     "WHERE procedure_id = :p AND school_id = :s"), args
            ).one()  # fmt: skip
        skills = report["skills"].set_index("skill_code")
        assert list(skills.index) == ["K1", "K2"]
        for skill in ("K1", "K2"):
            assert skills.loc[skill, "school_percent"] == pytest.approx(own[skill], abs=1e-9)
            assert skills.loc[skill, "others_percent"] == pytest.approx(others[skill], abs=1e-9)
            assert skills.loc[skill, "difference"] == pytest.approx(
                own[skill] - others[skill], abs=1e-9
            )
        assert report["others"] == {
            "schools": schools,
            "participants": pupils,
            "mean_percent": pytest.approx(mean, abs=1e-9),
            "suppressed": False,
        }
        assert report["school"] == {"participants": own_n, "mean_percent": pytest.approx(own_mean)}
    a1 = voluntary.school_report(place.scopes["school_a1"], "VD-1")
    assert a1["weak"] == ["K1"]  # 32.5 % against 79.5 %; K2 70 % against 67.8 % is not
    assert list(a1["programmes"]["programme_code"]) == ["PD-K1"]
    assert list(a1["programmes"]["covers"]) == ["K1"]
    assert voluntary.school_report(place.scopes["school_a2"], "VD-1")["weak"] == []


@pytest.mark.parametrize("role", ["admin", "region", "municipality", "viewer"])
def test_only_the_school_itself_reads_its_report(place, role):
    with pytest.raises(OutOfScope):
        voluntary.school_report(place.scopes[role], "VD-1")


def test_a_school_without_results_is_told_so_not_shown_another(place):
    for code in ("A3", "B3"):  # registered without results; not registered
        with pytest.raises(VoluntaryRefused) as refused:
            voluntary.school_report(place.scopes[f"school_{code.lower()}"], "VD-1")
        assert refused.value.key == "no_results"


def test_others_see_the_participants_aggregate_only(place):
    args = {"p": place.procedure, "s": -1}
    with database.read() as conn:
        mean, pupils, schools = conn.execute(text(OTHERS_MEAN), args).one()
        per_skill = dict(conn.execute(text(OTHERS_SKILLS), args).all())
    for role in ("admin", "region", "municipality", "viewer", "school_b3"):
        summary = voluntary.participants_summary(place.scopes[role], "VD-1")
        assert (summary["schools"], summary["participants"]) == (schools, pupils)
        assert summary["mean_percent"] == pytest.approx(mean, abs=1e-9)
        assert not summary["suppressed"] and summary["has_results"]
        got = dict(zip(summary["skills"]["skill_code"], summary["skills"]["percent"], strict=True))
        assert got == pytest.approx(per_skill, abs=1e-9)
        assert "school_id" not in summary["skills"]
    empty = voluntary.participants_summary(place.scopes["viewer"], "VD-2")
    assert not empty["has_results"] and empty["skills"].empty


def test_small_participant_groups_are_hidden_also_from_differencing(place, monkeypatch):
    monkeypatch.setattr(rules, "VOLUNTARY_MIN_SCHOOLS", 4)
    viewer = voluntary.participants_summary(place.scopes["viewer"], "VD-1")
    assert not viewer["suppressed"]  # four participants
    a1 = voluntary.school_report(place.scopes["school_a1"], "VD-1")
    assert a1["others"]["suppressed"] and a1["others"]["mean_percent"] is None
    assert a1["skills"]["others_percent"].isna().all() and a1["weak"] == []
    assert a1["skills"]["school_percent"].notna().all()  # its own numbers stay
    # all four minus its own would give the hidden three: hidden from a participant too
    own_view = voluntary.participants_summary(place.scopes["school_a1"], "VD-1")
    assert own_view["suppressed"] and own_view["mean_percent"] is None
    assert own_view["skills"].empty
    monkeypatch.setattr(rules, "VOLUNTARY_MIN_SCHOOLS", 5)
    hidden = voluntary.participants_summary(place.scopes["viewer"], "VD-1")
    assert hidden["suppressed"] and hidden["mean_percent"] is None and hidden["skills"].empty


# ------------------------------------------------------------------ feedback


def test_feedback_after_results_and_its_summary(place, monkeypatch):
    on(monkeypatch, HELD + dt.timedelta(days=30))
    with pytest.raises(VoluntaryRefused) as early:  # registered, no results
        voluntary_changes.answer_feedback(
            place.scopes["school_a3"], "VD-1", usefulness=4, difficulty="fit", join_again="yes"
        )
    assert early.value.key == "no_results"
    with pytest.raises(VoluntaryRefused) as bad:
        voluntary_changes.answer_feedback(
            place.scopes["school_a1"], "VD-1", usefulness=6, difficulty="fit", join_again="yes"
        )
    assert bad.value.key == "bad_usefulness"
    answers = {
        "A1": (5, "hard", "yes", "Полезно: увидели провал по дробям"),
        "A2": (4, "fit", "yes", None),
    }
    for code, (useful, difficulty, again, comment) in answers.items():
        voluntary_changes.answer_feedback(
            place.scopes[f"school_{code.lower()}"],
            "VD-1",
            usefulness=useful,
            difficulty=difficulty,
            join_again=again,
            comment=comment,
        )
    voluntary_changes.answer_feedback(  # a new answer replaces the old
        place.scopes["school_a2"], "VD-1", usefulness=3, difficulty="easy", join_again="unsure"
    )
    assert voluntary.own_feedback(place.scopes["school_a2"], "VD-1")["usefulness"] == 3
    summary = voluntary.feedback_summary(place.scopes["region"], "VD-1")
    assert (summary["answers"], summary["participants"]) == (2, 4)
    assert summary["usefulness_mean"] == pytest.approx(4.0)
    assert summary["usefulness"] == {1: 0, 2: 0, 3: 1, 4: 0, 5: 1}
    assert summary["difficulty"] == {"easy": 1, "fit": 0, "hard": 1}
    assert summary["join_again"] == {"yes": 1, "unsure": 1, "no": 0}
    assert summary["comments"] == ["Полезно: увидели провал по дробям"]
    muni = voluntary.feedback_summary(place.scopes["municipality"], "VD-1")
    assert muni["suppressed"] and muni["comments"] == [] and muni["usefulness_mean"] is None
    voluntary_changes.answer_feedback(
        place.scopes["school_b1"], "VD-1", usefulness=2, difficulty="hard", join_again="no"
    )
    assert not voluntary.feedback_summary(place.scopes["municipality"], "VD-1")["suppressed"]
    for role in ("school_a1", "viewer"):
        with pytest.raises(OutOfScope):
            voluntary.feedback_summary(place.scopes[role], "VD-1")
    assert audit_rows("voluntary.feedback", "director-A2")[-1] == (
        "success",
        "work=VD-1",
        "3/easy/unsure",
    )
