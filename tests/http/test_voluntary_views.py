"""`/voluntary` through HTTP, with forged callback posts: a director registers, withdraws and
answers for the own school only (no callback takes a school, and slots added to a post change
nothing); no role but the school's director gets a school's results; a rule's refusal, an
access refusal and a crash answer differently; a catalogue edit by anyone but region and admin
is refused and audited. Every row a test writes is put back after it."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import delete, func, insert, select, update

from callbacks.registry import ERROR_HEADER
from dashboard import strings
from dashboard.ids import Voluntary as ids
from dashboard.models import (
    AuditEvent,
    Procedure,
    School,
    SchoolResult,
    VoluntaryFeedback,
    VoluntaryRegistration,
    VoluntaryRegistrationEvent,
    VoluntaryWork,
)
from data_access import database, voluntary
from tests.http.forge import body_for, scope_of, text_of
from tests.http.forge import post as call

FEEDBACK_COLUMNS = [c.name for c in VoluntaryFeedback.__table__.columns]
REGISTRATION_STATE = ("status", "classes", "pupils", "registered_by", "registered_at")


@pytest.fixture
def restore(engine):
    """Put the voluntary tables back as the demo left them."""
    with engine.connect() as conn:
        last_work = conn.execute(select(func.max(VoluntaryWork.id))).scalar() or 0
        last = conn.execute(select(func.max(VoluntaryRegistration.id))).scalar() or 0
        last_event = conn.execute(select(func.max(VoluntaryRegistrationEvent.id))).scalar() or 0
        registrations = conn.execute(
            select(
                VoluntaryRegistration.id,
                *(getattr(VoluntaryRegistration, c) for c in REGISTRATION_STATE),
            )
        ).all()
        feedback = [dict(r) for r in conn.execute(select(VoluntaryFeedback)).mappings()]
    yield
    with engine.begin() as conn:
        conn.execute(
            delete(VoluntaryRegistrationEvent).where(VoluntaryRegistrationEvent.id > last_event)
        )
        conn.execute(delete(VoluntaryRegistration).where(VoluntaryRegistration.id > last))
        for rid, *values in registrations:
            conn.execute(
                update(VoluntaryRegistration)
                .where(VoluntaryRegistration.id == rid)
                .values(dict(zip(REGISTRATION_STATE, values, strict=True)))
            )
        conn.execute(delete(VoluntaryFeedback))
        if feedback:
            conn.execute(insert(VoluntaryFeedback), feedback)
        conn.execute(delete(VoluntaryWork).where(VoluntaryWork.id > last_work))


def _works(engine, login: str = "director"):
    with database.bind(engine):
        return voluntary.works(scope_of(engine, login))


def _open_code(engine) -> str:
    found = _works(engine)
    return str(found[found["registration_open"]]["work_code"].iloc[0])


def _closed_code(engine) -> str:
    found = _works(engine)
    return str(found[~found["registration_open"]]["work_code"].iloc[0])


def _report_code(engine) -> str:
    """A work the director's school has results on."""
    scope = scope_of(engine, "director")
    with database.bind(engine):
        for code in voluntary.works(scope)["work_code"]:
            if voluntary.work(scope, code)["has_results"]:
                return str(code)
    pytest.fail("the demo gives the director's school no voluntary results")


def _participants(engine, code: str) -> dict[int, str]:
    """Every school with results on the work: id → name."""
    with engine.connect() as conn:
        return dict(
            conn.execute(
                select(School.id, School.name)
                .join(SchoolResult, SchoolResult.school_id == School.id)
                .join(Procedure, Procedure.id == SchoolResult.procedure_id)
                .where(Procedure.code == code)
            ).all()
        )


def _registration(engine, code: str, school_id: int):
    with engine.connect() as conn:
        return conn.execute(
            select(VoluntaryRegistration.status, VoluntaryRegistration.classes)
            .join(VoluntaryWork, VoluntaryWork.id == VoluntaryRegistration.work_id)
            .where(VoluntaryWork.work_code == code, VoluntaryRegistration.school_id == school_id)
        ).first()


def _audits(engine, action: str, login: str) -> list[tuple[str, str | None]]:
    with engine.connect() as conn:
        return list(
            conn.execute(
                select(AuditEvent.outcome, AuditEvent.detail)
                .where(AuditEvent.action == action, AuditEvent.user_login == login)
                .order_by(AuditEvent.id)
            ).all()
        )


def _register(client, callbacks, code, classes="7А, 7Б", pupils=41, changed=0):
    return call(
        client, callbacks["voluntary_registration"], 1, None, code, classes, pupils, None, changed
    )


def _withdraw(client, callbacks, code, changed=0):
    return call(
        client,
        callbacks["voluntary_registration"],
        None,
        1,
        code,
        None,
        None,
        "передумали",
        changed,
        changed=1,
    )


def _status_cell(response, code: str) -> str:
    rows = response.get_json()["response"][ids.CATALOGUE]["rowData"]
    row = next(r for r in rows if r["id"] == code)
    return json.dumps(row, ensure_ascii=False)


def test_a_director_registers_the_own_school_and_withdraws(client_for, callbacks, engine, restore):
    director = scope_of(engine, "director")
    code = _open_code(engine)
    client = client_for("director")
    before = len(_audits(engine, "voluntary.register", "director"))
    if (_registration(engine, code, director.school_id) or ("",))[0] == "registered":
        assert _withdraw(client, callbacks, code).status_code == 200
    done = _register(client, callbacks, code)
    assert done.status_code == 200 and ERROR_HEADER not in done.headers
    assert strings.VOLUNTARY_REGISTERED in text_of(done)
    assert _registration(engine, code, director.school_id) == ("registered", "7А, 7Б")
    assert _audits(engine, "voluntary.register", "director")[-1][0] == "success"
    assert len(_audits(engine, "voluntary.register", "director")) > before
    listed = call(client, callbacks["voluntary_catalogue"], 1, "catalogue")
    assert strings.VOLUNTARY_STATUS_NAMES["registered"] in _status_cell(listed, code)
    # the card now offers withdrawal, not registration
    card = call(client, callbacks["voluntary_card"], code, 1).get_json()["response"]
    assert card[ids.REGISTER_BOX]["hidden"] is True and card[ids.WITHDRAW_BOX]["hidden"] is False
    # registering twice is a rule's refusal: said in words, not an access denial, not a crash
    again = _register(client, callbacks, code)
    assert again.status_code == 200 and ERROR_HEADER not in again.headers
    assert strings.VOLUNTARY_REFUSALS["already_registered"] in text_of(again)
    assert "voluntary-refused" in text_of(again) and "access-denied" not in text_of(again)
    assert _audits(engine, "voluntary.register", "director")[-1] == (
        "failure",
        "already_registered",
    )
    withdrawn = _withdraw(client, callbacks, code, changed=2)
    assert strings.VOLUNTARY_WITHDRAWN in text_of(withdrawn)
    assert _registration(engine, code, director.school_id)[0] == "withdrawn"
    listed = call(client, callbacks["voluntary_catalogue"], 3, "catalogue")
    assert strings.VOLUNTARY_STATUS_NAMES["withdrawn"] in _status_cell(listed, code)


def test_a_closed_registration_is_refused_in_words(client_for, callbacks, engine, restore):
    refused = _register(client_for("director"), callbacks, _closed_code(engine))
    assert refused.status_code == 200 and ERROR_HEADER not in refused.headers
    assert strings.VOLUNTARY_REFUSALS["deadline_passed"] in text_of(refused)


def test_no_forged_slot_registers_another_school(
    client_for, callbacks, engine, restore, foreign_school_of
):
    director = scope_of(engine, "director")
    code = _open_code(engine)
    foreign = foreign_school_of(director)
    before = _registration(engine, code, foreign["id"])
    client = client_for("director")
    if (_registration(engine, code, director.school_id) or ("",))[0] == "registered":
        _withdraw(client, callbacks, code)
    # the school's code (and id) in every text slot, and a slot the callback does not have
    body = body_for(callbacks["voluntary_registration"], None)
    values = [1, None, code, foreign["school_code"], 12, str(foreign["id"]), 0]
    for slot, value in zip(body["inputs"] + body["state"], values, strict=True):
        slot["value"] = value
    body["changedPropIds"] = [f"{ids.REGISTER}.n_clicks"]
    body["state"].append({"id": "voluntary-school", "property": "value", "value": foreign["id"]})
    client.post("/_dash-update-component", json=body)
    plain = _register(client, callbacks, code, classes=foreign["school_code"], pupils=12)
    assert plain.status_code == 200
    assert _registration(engine, code, foreign["id"]) == before
    assert _registration(engine, code, director.school_id)[0] == "registered"


def test_only_a_director_writes_registrations_and_feedback(client_for, callbacks, engine, restore):
    code = _open_code(engine)
    report = _report_code(engine)
    with engine.connect() as conn:
        registrations = conn.execute(select(func.count(VoluntaryRegistration.id))).scalar()
        answers = conn.execute(select(func.count(VoluntaryFeedback.id))).scalar()
    for login in ("district", "region", "viewer", "admin"):
        client = client_for(login)
        answer = _register(client, callbacks, code)
        assert answer.status_code == 200 and "access-denied" in text_of(answer)
        assert _audits(engine, "voluntary.register", login)[-1][0] == "denied"
        sent = call(
            client, callbacks["voluntary_feedback_send"], 1, report, 5, "fit", "yes", "x", 0
        )
        assert "access-denied" in text_of(sent)
    with engine.connect() as conn:
        assert conn.execute(select(func.count(VoluntaryRegistration.id))).scalar() == registrations
        assert conn.execute(select(func.count(VoluntaryFeedback.id))).scalar() == answers


def test_a_director_answers_the_feedback_for_the_own_school(client_for, callbacks, engine, restore):
    director = scope_of(engine, "director")
    code = _report_code(engine)
    client = client_for("director")
    form = call(client, callbacks["voluntary_feedback"], code, 0, "feedback").get_json()
    assert form["response"][ids.FEEDBACK_BOX]["hidden"] is False
    sent = call(
        client, callbacks["voluntary_feedback_send"], 1, code, 4, "hard", "unsure", "полезно", 0
    )
    assert strings.VOLUNTARY_FEEDBACK_SAVED in text_of(sent)
    with engine.connect() as conn:
        rows = conn.execute(
            select(VoluntaryFeedback.school_id, VoluntaryFeedback.usefulness)
            .join(VoluntaryWork, VoluntaryWork.id == VoluntaryFeedback.work_id)
            .where(VoluntaryWork.work_code == code, VoluntaryFeedback.answered_by == "director")
        ).all()
    assert rows == [(director.school_id, 4)]
    # the form opens on the answer given
    form = call(client, callbacks["voluntary_feedback"], code, 1, "feedback").get_json()
    assert form["response"][ids.USEFULNESS]["value"] == 4
    assert form["response"][ids.DIFFICULTY]["value"] == "hard"
    bad = call(client, callbacks["voluntary_feedback_send"], 1, code, 9, "hard", "yes", None, 0)
    assert strings.VOLUNTARY_REFUSALS["bad_usefulness"] in text_of(bad)
    # the organiser reads the summary, without school names
    summary = text_of(
        call(client_for("region"), callbacks["voluntary_feedback"], code, 0, "feedback")
    )
    assert strings.VOLUNTARY_SUMMARY_TITLE in summary and "полезно" in summary
    assert not any(name in summary for name in _participants(engine, code).values())


def test_a_director_reads_the_own_report_and_no_other_school(client_for, callbacks, engine):
    director = scope_of(engine, "director")
    code = _report_code(engine)
    answer = call(client_for("director"), callbacks["voluntary_results"], code, 0, "results")
    assert answer.status_code == 200 and ERROR_HEADER not in answer.headers
    text = text_of(answer)
    assert "voluntary-school-line" in text and ids.SKILLS_GRID in text
    others = {i: n for i, n in _participants(engine, code).items() if i != director.school_id}
    assert others and not any(name in text for name in others.values())
    # a work the school has no results on gives the aggregate only
    with database.bind(engine):
        found = voluntary.works(director)
    for other in found["work_code"]:
        if other != code and director.school_id not in _participants(engine, str(other)):
            text = text_of(
                call(client_for("director"), callbacks["voluntary_results"], other, 0, "results")
            )
            assert "voluntary-school-line" not in text
            assert not any(n in text for n in _participants(engine, str(other)).values())


@pytest.mark.parametrize("login", ["district", "viewer", "region", "admin"])
def test_other_roles_get_only_the_participants_aggregate(client_for, callbacks, engine, login):
    code = _report_code(engine)
    answer = call(client_for(login), callbacks["voluntary_results"], code, 0, "results")
    assert answer.status_code == 200 and ERROR_HEADER not in answer.headers
    text = text_of(answer)
    assert "voluntary-school-line" not in text and strings.VOLUNTARY_CHART_SCHOOL not in text
    assert "voluntary-summary-line" in text or "voluntary-suppressed" in text
    assert not any(name in text for name in _participants(engine, code).values())


def test_viewers_see_counts_but_no_registration_by_name(client_for, callbacks, engine):
    code = _report_code(engine)
    viewer = call(
        client_for("viewer"), callbacks["voluntary_participants"], code, 0, "participants"
    )
    response = viewer.get_json()["response"]
    assert response[ids.COUNTS]["rowData"] and response[ids.REGISTRATIONS]["rowData"] == []
    region = call(
        client_for("region"), callbacks["voluntary_participants"], code, 0, "participants"
    )
    assert region.get_json()["response"][ids.REGISTRATIONS]["rowData"]
    restored = call(client_for("viewer"), callbacks["voluntary_restore"], "/voluntary", "")
    shown = restored.get_json()["response"]
    assert shown[ids.REGISTRATIONS_BOX]["hidden"] is True and shown[ids.EDIT_BOX]["hidden"] is True


def test_a_refusal_and_a_crash_answer_differently(client_for, callbacks, engine, monkeypatch):
    client = client_for("director")
    # a forged, unknown work: refused by data_access, audited, answered with nothing
    refused = call(client, callbacks["voluntary_card"], "VD-1999-99", 0)
    assert refused.status_code == 204 and ERROR_HEADER not in refused.headers
    assert _audits(engine, "callback", "director")[-1] == ("denied", "voluntary_card")

    # a bug: logged, and the block says something went wrong
    def broken(*_args, **_kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(voluntary, "work", broken)
    crashed = call(client, callbacks["voluntary_card"], _open_code(engine), 0)
    assert crashed.status_code == 200 and crashed.headers[ERROR_HEADER] == "1"
    assert strings.CALLBACK_ERROR in text_of(crashed)


def _save(client, callbacks, mode="new", title="Пробная работа"):
    return call(
        client,
        callbacks["voluntary_edit_save"],
        1,
        mode,
        title,
        "Математика",
        7,
        "M7.1; M7.2",
        "paper",
        "2027-05-20",
        "2027-05-01",
        "Региональный центр оценки",
        "Независимые наблюдатели",
        0,
    )


@pytest.mark.parametrize("login", ["district", "director", "viewer"])
def test_a_forged_catalogue_edit_is_refused_and_audited(
    client_for, callbacks, engine, restore, login
):
    code = _open_code(engine)
    with engine.connect() as conn:
        works = conn.execute(select(func.count(VoluntaryWork.id))).scalar()
        title = conn.execute(
            select(VoluntaryWork.title).where(VoluntaryWork.work_code == code)
        ).scalar()
    client = client_for(login)
    for mode in ("new", code):
        answer = _save(client, callbacks, mode=mode, title="Подмена")
        assert answer.status_code == 200 and "access-denied" in text_of(answer)
        assert ERROR_HEADER not in answer.headers
        assert _audits(engine, "voluntary_work.save", login)[-1][0] == "denied"
    with engine.connect() as conn:
        assert conn.execute(select(func.count(VoluntaryWork.id))).scalar() == works
        assert (
            conn.execute(
                select(VoluntaryWork.title).where(VoluntaryWork.work_code == code)
            ).scalar()
            == title
        )


def test_the_region_adds_a_work_to_the_catalogue(client_for, callbacks, engine, restore):
    client = client_for("region")
    saved = _save(client, callbacks)
    assert saved.status_code == 200
    new_code = saved.get_json()["response"][ids.WORK]["value"]
    assert new_code.startswith("VD-2027-")
    with engine.connect() as conn:
        row = conn.execute(
            select(VoluntaryWork.title, VoluntaryWork.updated_by).where(
                VoluntaryWork.work_code == new_code
            )
        ).one()
    assert tuple(row) == ("Пробная работа", "region")
    assert _audits(engine, "voluntary_work.save", "region")[-1][0] == "success"
    wrong = _save(client, callbacks, title="")
    assert strings.VOLUNTARY_REFUSALS["bad_title"] in text_of(wrong)
    listed = text_of(call(client, callbacks["voluntary_catalogue"], 1, "catalogue"))
    assert "Пробная работа" in listed


@pytest.fixture
def foreign_school_of(engine):
    def find(director) -> dict:
        with engine.connect() as conn:
            row = conn.execute(
                select(School.id, School.school_code)
                .where(School.id != director.school_id)
                .order_by(School.school_code.desc())
            ).first()
        return {"id": row[0], "school_code": row[1]}

    return find
