"""`/training` through HTTP: a director submits a request through the real callback (history and
audit rows), the municipality accepts it, forged callbacks neither read nor write another
school's request, and the plan-order's XLSX totals equal the page's. Every row a test writes
is deleted after it."""

from __future__ import annotations

import base64
import io

import openpyxl
import pytest
from sqlalchemy import delete, func, select

from dashboard import strings
from dashboard.formatting import format_number
from dashboard.ids import Training as ids
from dashboard.models import AuditEvent, PdOrderConfirmation, PdRequest, PdRequestEvent, School
from data_access import database, findings, training_changes
from tests.http.forge import post as call
from tests.http.forge import scope_of, text_of

SUBJECT = "Математика"


@pytest.fixture
def restore_requests(engine):
    """Delete the requests, history rows and confirmations a test adds to the shared demo."""
    with engine.connect() as conn:
        last = conn.execute(select(func.max(PdRequest.id))).scalar() or 0
        last_event = conn.execute(select(func.max(PdRequestEvent.id))).scalar() or 0
        last_confirm = conn.execute(select(func.max(PdOrderConfirmation.id))).scalar() or 0
    yield last
    with engine.begin() as conn:
        conn.execute(delete(PdRequestEvent).where(PdRequestEvent.id > last_event))
        conn.execute(delete(PdRequest).where(PdRequest.id > last))
        conn.execute(delete(PdOrderConfirmation).where(PdOrderConfirmation.id > last_confirm))


def _year(engine) -> int:
    with database.bind(engine):
        return max(findings.finding_years(scope_of(engine, "region")))


def _school(engine, school_id: int) -> tuple[str, str]:
    with engine.connect() as conn:
        return tuple(
            conn.execute(
                select(School.school_code, School.name).where(School.id == school_id)
            ).one()
        )


def _foreign_school(engine, director) -> tuple[str, str]:
    """Another school than the director's."""
    with engine.connect() as conn:
        return tuple(
            conn.execute(
                select(School.school_code, School.name)
                .where(School.id != director.school_id)
                .order_by(School.school_code.desc())
            ).first()
        )


def _audits(engine, action: str, login: str) -> list[tuple[str, str | None]]:
    with engine.connect() as conn:
        return list(
            conn.execute(
                select(AuditEvent.outcome, AuditEvent.detail)
                .where(AuditEvent.action == action, AuditEvent.user_login == login)
                .order_by(AuditEvent.id)
            ).all()
        )


def _events(engine, request_id: int) -> list[tuple[str | None, str, str]]:
    with engine.connect() as conn:
        return list(
            conn.execute(
                select(PdRequestEvent.from_status, PdRequestEvent.to_status, PdRequestEvent.by)
                .where(PdRequestEvent.request_id == request_id)
                .order_by(PdRequestEvent.id)
            ).all()
        )


def _submit(client, callbacks, school, year, topic="Смысловое чтение", teachers=3):
    return call(
        client,
        callbacks["training_submit"],
        1,
        school,
        SUBJECT,
        None,
        topic,
        teachers,
        "по итогам ВПР",
        year,
        0,
    )


def test_a_director_submits_a_request_and_the_municipality_accepts_it(
    client_for, callbacks, engine, restore_requests
):
    director = scope_of(engine, "director")
    own_code, own_name = _school(engine, director.school_id)
    year = _year(engine)
    client = client_for("director")
    before = len(_audits(engine, "pd_request.submit", "director"))
    submitted = _submit(client, callbacks, own_code, year)
    assert submitted.status_code == 200
    assert "Заявка №" in text_of(submitted)
    with engine.connect() as conn:
        made = conn.execute(
            select(
                PdRequest.id,
                PdRequest.school_id,
                PdRequest.topic,
                PdRequest.teachers,
                PdRequest.status,
                PdRequest.created_by,
            ).where(PdRequest.id > restore_requests)
        ).all()
    assert len(made) == 1
    request_id = made[0][0]
    assert made[0][1:] == (director.school_id, "Смысловое чтение", 3, "submitted", "director")
    audits = _audits(engine, "pd_request.submit", "director")
    assert len(audits) == before + 1 and audits[-1][0] == "success"
    assert _events(engine, request_id) == [(None, "submitted", "director")]
    # the director's list shows it, with the own school's name
    listed = call(client, callbacks["training_requests"], year, None, None, 0, "requests")
    rows = listed.get_json()["response"][ids.REQUESTS]["rowData"]
    assert str(request_id) in [r["id"] for r in rows] and own_name in text_of(listed)
    # the director may withdraw, not decide
    card = call(client, callbacks["training_request_card"], request_id, 0)
    answer = card.get_json()["response"]
    assert answer[ids.WITHDRAW_BOX]["hidden"] is False and answer[ids.DECIDE_BOX]["hidden"] is True
    # the municipality user accepts it, with its own history and audit rows
    district = client_for("district")
    card = call(district, callbacks["training_request_card"], request_id, 0)
    assert card.get_json()["response"][ids.DECIDE_BOX]["hidden"] is False
    decided = call(
        district,
        callbacks["training_request_action"],
        None,
        1,
        None,
        request_id,
        "включено в план",
        0,
        changed=1,
    )
    assert decided.status_code == 200
    assert strings.TRAINING_REQUEST_STATUS_NAMES["accepted"] in text_of(decided)
    assert _events(engine, request_id)[-1] == ("submitted", "accepted", "district")
    assert _audits(engine, "pd_request.decide", "district")[-1][0] == "success"
    # once accepted the director can no longer withdraw it
    late = call(client, callbacks["training_request_action"], 1, None, None, request_id, None, 0)
    assert late.status_code == 200 and "access-denied" not in text_of(late)
    with engine.connect() as conn:
        status = conn.execute(select(PdRequest.status).where(PdRequest.id == request_id)).scalar()
    assert status == "accepted"


def test_forged_callbacks_cannot_read_or_submit_another_schools_request(
    client_for, callbacks, engine, restore_requests
):
    director = scope_of(engine, "director")
    foreign_code, foreign_name = _foreign_school(engine, director)
    year = _year(engine)
    with database.bind(engine):
        foreign_id = training_changes.submit_request(
            scope_of(engine, "region"),
            school_code=foreign_code,
            year=year,
            subject=SUBJECT,
            topic="Чужая заявка",
            teachers=2,
        )
    client = client_for("director")
    # the card of the foreign request: refused (204), nothing named
    card = call(client, callbacks["training_request_card"], foreign_id, 0)
    assert card.status_code == 204 and foreign_name not in text_of(card)
    # the list: the own school's requests only
    listed = call(client, callbacks["training_requests"], year, None, None, 0, "requests")
    assert listed.status_code == 200 and foreign_name not in text_of(listed)
    assert str(foreign_id) not in [
        r["id"] for r in listed.get_json()["response"][ids.REQUESTS]["rowData"]
    ]
    # a forged withdrawal of the foreign request writes nothing
    withdrawn = call(
        client, callbacks["training_request_action"], 1, None, None, foreign_id, None, 0
    )
    assert withdrawn.status_code == 200 and "access-denied" in text_of(withdrawn)
    assert foreign_name not in text_of(withdrawn)
    assert _events(engine, foreign_id) == [(None, "submitted", "region")]
    # a forged submission for the foreign school writes nothing and is audited as denied
    before = len(_audits(engine, "pd_request.submit", "director"))
    forged = _submit(client, callbacks, foreign_code, year, topic="Подлог")
    assert forged.status_code == 200 and "access-denied" in text_of(forged)
    with engine.connect() as conn:
        made = conn.execute(
            select(func.count()).select_from(PdRequest).where(PdRequest.id > foreign_id)
        ).scalar()
    assert made == 0
    audits = _audits(engine, "pd_request.submit", "director")
    assert len(audits) == before + 1 and audits[-1][0] == "denied"
    # the viewer sees no request at all
    viewer = client_for("viewer")
    nothing = call(viewer, callbacks["training_requests"], year, None, None, 0, "requests")
    assert nothing.get_json()["response"][ids.REQUESTS]["rowData"] == []
    refused = call(viewer, callbacks["training_request_card"], foreign_id, 0)
    assert refused.status_code == 204 and foreign_name not in text_of(refused)


def _sheet_rows(payload: dict, name: str) -> list[tuple]:
    book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(payload["content"])))
    return list(book[name].iter_rows(min_row=3, values_only=True))


def test_the_plan_order_export_totals_equal_the_page(client_for, callbacks, engine):
    year = _year(engine)
    client = client_for("region")
    page = call(client, callbacks["training_plan"], year, None, 0, "plan").get_json()["response"]
    columns = [c["headerName"] for c in page[ids.PLAN]["columnDefs"]]
    grid = [[r.get(f"c{i}") for i in range(len(columns))] for r in page[ids.PLAN]["rowData"]]
    assert grid, "the region demo has a plan-order"
    cols = strings.PD_ORDER_COLUMNS
    teachers = sum(r[columns.index(cols["teachers"])] or 0 for r in grid)
    hours = sum(r[columns.index(cols["hours"])] or 0 for r in grid)
    totals = page[ids.PLAN_TOTALS]["children"]
    assert totals == strings.TRAINING_TOTALS.format(
        teachers=format_number(teachers), hours=format_number(hours)
    )
    response = call(client, callbacks["training_plan_export"], 1, None, year, None)
    assert response.status_code == 200
    payload = response.get_json()["response"][ids.DOWNLOAD]["data"]
    assert payload["filename"].endswith(".xlsx")
    summary = _sheet_rows(payload, strings.PD_ORDER_SUMMARY_SHEET)
    head, total = list(summary[0]), summary[-1]
    sums = strings.PD_ORDER_SUMMARY_COLUMNS
    assert total[0] == strings.PD_ORDER_TOTAL
    assert total[head.index(sums["teachers"])] == teachers
    assert total[head.index(sums["hours"])] == hours
    assert total[head.index(sums["lines"])] == len(grid)
    with engine.connect() as conn:
        audited = conn.execute(
            select(AuditEvent.detail)
            .where(AuditEvent.action == "download", AuditEvent.user_login == "region")
            .order_by(AuditEvent.id.desc())
        ).scalar()
    assert audited == f"training.plan_order format=xlsx rows={len(grid)}"


def test_the_viewer_reads_the_plan_order_without_a_school(client_for, callbacks, engine):
    year = _year(engine)
    with engine.connect() as conn:
        names = [n for (n,) in conn.execute(select(School.name))]
    viewer = client_for("viewer")
    for callback, values in (
        ("training_plan", (year, None, 0, "plan")),
        ("training_needs", (year, None, None, 0)),
    ):
        response = call(viewer, callbacks[callback], *values)
        assert response.status_code == 200
        body = text_of(response)
        assert not [n for n in names if n in body], callback
    needs = call(viewer, callbacks["training_needs"], year, None, None, 0).get_json()["response"]
    assert needs[ids.NEEDS]["rowData"] == []
