"""The profile's «Проблемы, меры и решения» block, its callback called directly on the district
demo: for region, district and director it shows exactly the school's findings (with the
reasons /decisions gives), the matrix's measures that answer each, and the school's decisions
with their status, due date, overdue mark and link; refusals stay refusals."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from dash import dcc
from dash.development.base_component import Component
from dash.exceptions import PreventUpdate

from callbacks import school_profile_measures as block
from dashboard import strings
from dashboard.figures import decisions as views
from dashboard.formatting import NO_VALUE
from data_access import decision_matrix, decisions, findings
from data_access.scope import OutOfScope

DAY = dt.date(2026, 6, 1)  # a fixed «today»: the demo has decisions overdue on it


def _signed_in(login: str):
    from flask_login import login_user

    from dashboard.auth import current_scope
    from dashboard.auth.session import SessionUser
    from data_access import users

    login_user(SessionUser(users.account_by_login(login)))
    return current_scope()


def _walk(component):
    if isinstance(component, Component):
        yield component
        yield from _walk(getattr(component, "children", None))
    elif isinstance(component, list | tuple):
        for child in component:
            yield from _walk(child)


def _text(component) -> str:
    if isinstance(component, str):
        return component
    if isinstance(component, Component):
        return _text(getattr(component, "children", None))
    if isinstance(component, list | tuple):
        return "".join(_text(c) for c in component)
    return ""


def _classed(component, css: str) -> list[Component]:
    return [c for c in _walk(component) if css in (getattr(c, "className", None) or "").split()]


def _by_attr(component, name: str) -> list[Component]:
    return [c for c in _walk(component) if getattr(c, name, None) is not None]


def _number(value: float) -> str:
    """One decimal with a decimal comma and a real minus, as the /decisions reasons write it."""
    return f"{value:.1f}".replace(".", ",").replace("-", "−")


def _school_with_most_decisions(scope, among: set[str] | None = None) -> str:
    taken = decisions.list_decisions(scope, today=DAY).dropna(subset=["school_code"])
    if among is not None:
        taken = taken[taken["school_code"].isin(among)]
    return str(taken["school_code"].value_counts().index[0])


def _answering(scope, kind: str, detail) -> list[str]:
    """The titles of the measures in force of this kind that answer `detail`, read from the
    matrix and filtered here (not through measures_for)."""
    matrix = decision_matrix.current_matrix(scope)
    rows = matrix[matrix["finding_kind"] == kind]
    titles = []
    for row in rows.to_dict("records"):
        applies = row["applies_to"] if isinstance(row["applies_to"], str) else ""
        wanted = [p.strip() for p in applies.split(",") if p.strip()]
        if not wanted or detail in wanted:
            titles.append(views.measure_option(row))
    return titles


def _check_block(scope, code: str, shown) -> None:
    year = max(findings.finding_years(scope))
    every = findings.findings(scope, year, today=DAY)
    own = every[every["school_code"] == code].reset_index(drop=True)
    assert len(own) > 0, "the demo school should carry some findings"
    if scope.role != "school":  # the others see more schools' findings, not shown here
        assert len(own) < len(every)
    items = _by_attr(shown, "data-kind")
    assert [getattr(i, "data-kind") for i in items] == list(
        own["kind"]
    )  # this school's, none other
    for item, row in zip(items, own.to_dict("records"), strict=True):
        text = _text(item)
        assert views.finding_reason(row) in text
        assert views.kind_name(row["kind"]) in text
        if row["kind"] == "deficit":  # the reason worked out here: value against the norm
            assert f"значение {_number(row['value'])} при норме {_number(row['reference'])}" in text
        measures = [_text(m) for m in _classed(item, "profile-measure")]
        assert measures == _answering(scope, row["kind"], row["detail"])
        links = [c.href for c in _walk(item) if isinstance(c, dcc.Link)]
        assert links == [f"/decisions?tab=decisions&decision={i}" for i in row["decision_ids"]]
    assert strings.PROFILE_MEASURES_NOTE.format(year=year) in _text(shown)
    # the decisions about this school, with status, due date and the overdue mark
    taken = decisions.list_decisions(scope, school_code=code, today=DAY)
    assert len(taken) > 0
    rows = _by_attr(shown, "data-decision")
    assert [int(getattr(r, "data-decision")) for r in rows] == list(taken["id"])
    for tr, want in zip(rows, taken.to_dict("records"), strict=True):
        cells = tr.children
        assert cells[0].children.href == f"/decisions?tab=decisions&decision={want['id']}"
        assert _text(cells[2]) == want["measure"]
        status = strings.DECISION_STATUS_NAMES[want["status"]]
        if want["overdue"]:
            assert _text(cells[3]) == f"{status}, {strings.DECISION_OVERDUE}"
            assert "text-danger" in cells[3].className
        else:
            assert _text(cells[3]) == status
        due = want["due_on"]
        assert _text(cells[4]) == (NO_VALUE if pd.isna(due) else due.strftime("%d.%m.%Y"))


@pytest.mark.parametrize("login", ["region", "district", "director"])
def test_the_block_shows_the_schools_findings_measures_and_decisions(app, monkeypatch, login):
    monkeypatch.setattr(block, "today", lambda: DAY)
    with app.server.test_request_context():
        scope = _signed_in(login)
        if login == "director":
            code = str(decisions.list_decisions(scope, today=DAY)["school_code"].iloc[0])
        else:
            code = _school_with_most_decisions(scope)
        shown = block.measures_block(code, None, False, None)
        _check_block(scope, code, shown)
        adopt = _classed(shown, "profile-adopt")
        if login == "director":
            assert adopt == []  # a director comments on decisions, never adopts them
        else:
            year = max(findings.finding_years(scope))
            assert [a.href for a in adopt] == [f"/decisions?year={year}"]


def test_the_demo_has_an_overdue_decision_to_mark(app, monkeypatch):
    """The overdue branch above is exercised: some school's block marks a decision overdue."""
    monkeypatch.setattr(block, "today", lambda: DAY)
    with app.server.test_request_context():
        scope = _signed_in("region")
        late = decisions.list_decisions(scope, today=DAY)
        late = late[late["overdue"] & late["school_code"].notna()]
        assert not late.empty
        code = str(late["school_code"].iloc[0])
        shown = block.measures_block(code, None, False, None)
        marked = _classed(shown, "decision-overdue")
        assert len(marked) == len(late[late["school_code"] == code])
        assert all(_text(c).endswith(f", {strings.DECISION_OVERDUE}") for c in marked)


def test_a_deficit_is_answered_only_by_measures_for_its_indicator(app, monkeypatch):
    """A worn-out building is offered the building measure, never closing vacancies."""
    monkeypatch.setattr(block, "today", lambda: DAY)
    with app.server.test_request_context():
        scope = _signed_in("region")
        every = findings.findings(scope, today=DAY)
        wear = every[(every["kind"] == "deficit") & (every["detail"] == "building_wear")]
        assert not wear.empty
        shown = block.measures_block(str(wear["school_code"].iloc[0]), None, False, None)
        item = next(i for i in _by_attr(shown, "data-kind") if "Износ здания" in _text(i))
        offered = " ".join(_text(m) for m in _classed(item, "profile-measure"))
        staffing = decision_matrix.current_matrix(scope)
        vacancies = staffing.loc[staffing["measure_code"] == "deficit.staffing", "title"].iloc[0]
        assert vacancies not in offered and "износ здания" in offered


def test_refusals_and_waiting(app, monkeypatch, foreign_school_code):
    monkeypatch.setattr(block, "today", lambda: DAY)
    with app.server.test_request_context():
        scope = _signed_in("director")
        own = str(decisions.list_decisions(scope, today=DAY)["school_code"].iloc[0])
        with pytest.raises(OutOfScope):
            block.measures_block(foreign_school_code, None, False, None)
        for junk in (None, 5, ["740101"], {"a": 1}, "x" * 50):
            with pytest.raises(OutOfScope):
                block.measures_block(junk, None, False, None)
        with pytest.raises(PreventUpdate):  # the page was refused: the body stays hidden
            block.measures_block(own, None, True, None)
        with pytest.raises(PreventUpdate):  # filled already: a year change leaves it
            block.measures_block(own, None, False, {"props": {}})
        _signed_in("viewer")
        with pytest.raises(OutOfScope):
            block.measures_block(own, None, False, None)


@pytest.fixture
def foreign_school_code(app) -> str:
    """A school other than the director's (of another municipality when there is one)."""
    from sqlalchemy import select

    from dashboard.models import School
    from data_access import database, users

    engine = app.server.extensions["oko_engine"]
    with database.bind(engine), engine.connect() as conn:
        director = users.scope_for(users.account_by_login("director"))
        return conn.execute(
            select(School.school_code)
            .where(School.id != director.school_id)
            .order_by(School.municipality_id == director.municipality_id, School.school_code)
        ).scalar()
