"""`/decisions` through HTTP: adopting through the real callbacks (with its audit row), a
director refused another school's decisions by forged callbacks, and the plan export equal to
the page's table. Every row a test writes is deleted after it."""

from __future__ import annotations

import base64
import datetime as dt
import io

import openpyxl
import pytest
from sqlalchemy import delete, func, select

from callbacks.decisions_query import finding_key
from dashboard import strings
from dashboard.formatting import format_date
from dashboard.ids import Decisions as ids
from dashboard.models import AuditEvent, Decision, DecisionEvent, School
from data_access import database, decision_changes
from data_access import findings as finding_data
from tests.http.forge import post as call
from tests.http.forge import scope_of, text_of


@pytest.fixture
def restore_decisions(engine):
    """Delete the decisions (and their history) a test adds to the shared demo database."""
    with engine.connect() as conn:
        last = conn.execute(select(func.max(Decision.id))).scalar() or 0
        last_event = conn.execute(select(func.max(DecisionEvent.id))).scalar() or 0
    yield last
    with engine.begin() as conn:
        conn.execute(delete(DecisionEvent).where(DecisionEvent.id > last_event))
        conn.execute(delete(Decision).where(Decision.id > last))


def _audits(engine, action: str, login: str) -> list[tuple[str, str | None]]:
    with engine.connect() as conn:
        return list(
            conn.execute(
                select(AuditEvent.outcome, AuditEvent.detail)
                .where(AuditEvent.action == action, AuditEvent.user_login == login)
                .order_by(AuditEvent.id)
            ).all()
        )


def _school_finding(engine, login: str, foreign_to: int | None = None) -> dict:
    """A school-level finding the user sees (of a school other than `foreign_to`)."""
    scope = scope_of(engine, login)
    with database.bind(engine):
        frame = finding_data.findings(scope)
    rows = frame[(frame["level"] == "school") & ~frame["decided"].astype(bool)]
    if foreign_to is not None:
        with engine.connect() as conn:
            own = conn.execute(select(School.school_code).where(School.id == foreign_to)).scalar()
        rows = rows[rows["school_code"] != own]
    assert not rows.empty, "the demo has no open school finding for " + login
    return rows.iloc[0].to_dict()


def test_a_municipality_user_adopts_through_the_callback_and_it_is_audited(
    client_for, callbacks, engine, restore_decisions
):
    client = client_for("district")
    listed = call(client, callbacks["findings_view"], None, None, None, [], 0)
    assert listed.status_code == 204  # no year chosen yet: nothing to answer
    row = _school_finding(engine, "district")
    key = finding_key(row)
    chosen = call(client, callbacks["choose_finding"], {"rowId": key})
    assert chosen.status_code == 200
    answer = chosen.get_json()["response"]
    assert answer[ids.ADOPT_KEY]["data"] == key
    options = answer[ids.MEASURE]["options"]
    assert options, "the matrix has measures for " + row["kind"]
    before = len(_audits(engine, "decision.adopt", "district"))
    adopted = call(
        client,
        callbacks["decision_adopt"],
        1,
        key,
        options[0]["value"],
        None,
        "Методист ИМЦ",
        None,
        "по итогам ВПР",
        0,
    )
    assert adopted.status_code == 200
    assert "Решение №" in text_of(adopted)
    with engine.connect() as conn:
        made = conn.execute(
            select(Decision.finding, Decision.responsible, Decision.created_by, School.school_code)
            .join(School, School.id == Decision.school_id)
            .where(Decision.id > restore_decisions)
        ).all()
    assert made == [(row["kind"], "Методист ИМЦ", "district", row["school_code"])]
    audits = _audits(engine, "decision.adopt", "district")
    assert len(audits) == before + 1 and audits[-1][0] == "success"
    # the findings list now says the finding has its decision
    year = int(row["year"])
    listed = call(client, callbacks["findings_view"], year, row["kind"], "school", [], 1)
    rows = listed.get_json()["response"][ids.FINDINGS]["rowData"]
    decided = [r for r in rows if r["key"] == key]
    assert decided and strings.GRID_YES in decided[0].values()


def test_a_director_cannot_adopt_for_or_see_another_schools_decisions(
    client_for, callbacks, engine, restore_decisions
):
    director = scope_of(engine, "director")
    row = _school_finding(engine, "region", foreign_to=director.school_id)
    with database.bind(engine):
        foreign_id = decision_changes.adopt(
            scope_of(engine, "region"),
            finding=row["kind"],
            finding_year=int(row["year"]),
            school_code=row["school_code"],
            finding_detail=row["detail"] if isinstance(row["detail"], str) else None,
            measure_text="Мера для чужой школы",
        )
    client = client_for("director")
    name = row["school"]
    # the card of a foreign decision: refused (204), nothing named
    card = call(client, callbacks["decision_card"], foreign_id, 0)
    assert card.status_code == 204 and name not in text_of(card)
    # the list holds the own school's decisions only
    listed = call(client, callbacks["decisions_view"], None, [], [], 0)
    assert listed.status_code == 200
    assert name not in text_of(listed)
    assert str(foreign_id) not in [
        r["decision_id"] for r in listed.get_json()["response"][ids.LIST]["rowData"]
    ]
    # a forged comment and status change on the foreign decision write nothing
    with engine.connect() as conn:
        events = conn.execute(
            select(func.count())
            .select_from(DecisionEvent)
            .where(DecisionEvent.decision_id == foreign_id)
        ).scalar()
    comment = call(client, callbacks["decision_comment"], 1, foreign_id, "чужое", 0)
    status = call(client, callbacks["decision_status"], 1, foreign_id, "cancelled", None, None, 0)
    for response in (comment, status):
        assert response.status_code == 200 and name not in text_of(response)
        assert "access-denied" in text_of(response)
    with engine.connect() as conn:
        after = conn.execute(
            select(func.count())
            .select_from(DecisionEvent)
            .where(DecisionEvent.decision_id == foreign_id)
        ).scalar()
        foreign_status = conn.execute(
            select(Decision.status).where(Decision.id == foreign_id)
        ).scalar()
    assert after == events and foreign_status == "adopted"
    # a forged finding key naming the foreign school adopts nothing, and is audited
    other = _school_finding(engine, "region", foreign_to=director.school_id)
    before = len(_audits(engine, "decision.adopt", "director"))
    forged = call(
        client,
        callbacks["decision_adopt"],
        1,
        finding_key(other),
        None,
        "Чужая мера",
        None,
        None,
        None,
        0,
    )
    assert forged.status_code == 200 and "access-denied" in text_of(forged)
    assert other["school"] not in text_of(forged)
    with engine.connect() as conn:
        made = conn.execute(
            select(func.count()).select_from(Decision).where(Decision.id > foreign_id)
        ).scalar()
    assert made == 0
    audits = _audits(engine, "decision.adopt", "director")
    assert len(audits) == before + 1 and audits[-1][0] == "denied"
    # the compensation plan of the foreign school: refused
    plan = call(client, callbacks["compensation_view"], row["school_code"], 0)
    assert plan.status_code == 204 and name not in text_of(plan)


def test_the_plan_export_equals_the_page(client_for, callbacks, engine, restore_decisions):
    region = scope_of(engine, "region")
    row = _school_finding(engine, "region")
    with database.bind(engine):
        decision_changes.adopt(
            region,
            finding=row["kind"],
            finding_year=int(row["year"]),
            school_code=row["school_code"],
            finding_detail=row["detail"] if isinstance(row["detail"], str) else None,
            measure_text="Методическое сопровождение",
            responsible="Отдел образования",
        )
    client = client_for("region")
    page = call(client, callbacks["decisions_view"], None, [], [], 0).get_json()["response"]
    columns = [c["headerName"] for c in page[ids.LIST]["columnDefs"]]
    grid = [[r.get(f"c{i}") for i in range(len(columns))] for r in page[ids.LIST]["rowData"]]
    assert len(grid) >= 1
    response = call(client, callbacks["plan_export"], 1, None, None, [], [])
    assert response.status_code == 200
    payload = response.get_json()["response"][ids.DOWNLOAD]["data"]
    assert payload["filename"].endswith(".xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(base64.b64decode(payload["content"]))).worksheets[0]
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert list(rows[0]) == columns

    def cell(value):  # the file keeps real dates; the page writes them dd.mm.yyyy
        if value is None or value == "":
            return None
        return format_date(value) if isinstance(value, dt.date) else value

    year = columns.index(strings.PLAN_REPORT_COLUMNS["finding_year"])
    file_rows = [[cell(v) for v in r] for r in rows[1:]]
    for r in file_rows:  # the file keeps the year a number; the page writes it as a label
        r[year] = None if r[year] is None else str(r[year])
    page_rows = [[cell(v) for v in r] for r in grid]
    for f, p in zip(file_rows, page_rows, strict=True):
        assert f == p, [(a, b) for a, b in zip(f, p, strict=True) if a != b]
    with engine.connect() as conn:
        audited = conn.execute(
            select(AuditEvent.detail)
            .where(AuditEvent.action == "download", AuditEvent.user_login == "region")
            .order_by(AuditEvent.id.desc())
        ).scalar()
    assert audited.startswith("decisions.plan format=xlsx rows=")
