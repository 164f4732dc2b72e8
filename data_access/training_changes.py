"""Changes on `/training`: the programme base (region and admin) and schools' requests.

Every change is checked against the caller's scope (data_access.training reads with the same
rules); a request's every step writes a history row (PdRequestEvent); every change, and every
refused one, an audit row; and each empties the cache, since the plan-order is built on them.
"""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import insert, select, update

from dashboard.models import PdProgramme, PdRequest, PdRequestEvent, School
from dashboard.models.training import PROGRAMME_FORMATS
from data_access import audit, cache, database, decisions, form_values
from data_access.scope import OutOfScope, Scope
from data_access.training import (
    DECIDE_ROLES,
    EDIT_ROLES,
    LIVE_STATUSES,
    TRANSITIONS,
    TrainingRefused,
    request,
)
from data_access.visibility import require_school

MAX_TITLE = 500
MAX_PROVIDER = 300
MAX_SUBJECT = 100
MAX_SKILL = 40
MAX_SKILLS = 500
MAX_CODE = 40
MAX_TOPIC = 2000
MAX_COMMENT = 2000
MAX_TEACHERS = 1000
MAX_HOURS = 2000
PROGRAMME_FIELDS = frozenset(
    {"title", "provider", "subject", "skill_codes", "hours", "format", "starts_on", "ends_on"}
)
REQUIRED_FIELDS = ("title", "provider", "subject", "skill_codes", "hours")
CODE_PATTERN = re.compile(r"^[\w.-]+$")  # letters (any script), digits, _ . -
SUBMIT_ROLES = frozenset({"admin", "region", "municipality", "school"})


def _text(value: object, limit: int, key: str) -> str | None:
    try:
        return decisions._text(value, limit, key)
    except decisions.DecisionRefused:
        raise TrainingRefused(key) from None


def _int(value: object, low: int, high: int, key: str) -> int:
    """An integer from an int or its digits (a form's value), within [low, high]."""
    number = form_values.whole_number(value, low, high)
    if number is None:
        raise TrainingRefused(key)
    return number


def _date(value: object, key: str) -> dt.date | None:
    try:
        return decisions._date(value, key)
    except decisions.DecisionRefused:
        raise TrainingRefused(key) from None


# ------------------------------------------------------------------ the programme base


def _skill_codes(value: object) -> str:
    """Skill codes as stored («;»-joined, each once, in the order given)."""
    joined = form_values.skill_codes(value, MAX_SKILL, MAX_SKILLS)
    if joined is None:
        raise TrainingRefused("bad_skill_codes")
    return joined


def _programme_values(values: dict, stored: dict | None) -> dict:
    """The programme's columns from a form's values, checked; a new one needs every required
    field, an edit keeps what it does not name."""
    unknown = set(values) - PROGRAMME_FIELDS
    if unknown:
        raise TrainingRefused("bad_field")
    out = dict(stored or {})
    checks = {
        "title": lambda v: _text(v, MAX_TITLE, "bad_title"),
        "provider": lambda v: _text(v, MAX_PROVIDER, "bad_provider"),
        "subject": lambda v: _text(v, MAX_SUBJECT, "bad_subject"),
        "skill_codes": _skill_codes,
        "hours": lambda v: _int(v, 1, MAX_HOURS, "bad_hours"),
        "format": lambda v: _format(v),
        "starts_on": lambda v: _date(v, "bad_dates"),
        "ends_on": lambda v: _date(v, "bad_dates"),
    }
    for name, value in values.items():
        out[name] = checks[name](value)
    for name in REQUIRED_FIELDS:
        if out.get(name) is None:
            raise TrainingRefused(f"bad_{name}")
    if out.get("starts_on") and out.get("ends_on") and out["ends_on"] < out["starts_on"]:
        raise TrainingRefused("bad_dates")
    return out


def _format(value: object) -> str | None:
    if value is None or value == "":
        return None
    if value not in PROGRAMME_FORMATS:
        raise TrainingRefused("bad_format")
    return str(value)


def _new_code(conn, year: int) -> str:
    """The next free code «PD-<year>-NN»."""
    taken = set(conn.execute(select(PdProgramme.programme_code)).scalars())
    number = 1
    while f"PD-{year}-{number:02d}" in taken:
        number += 1
    return f"PD-{year}-{number:02d}"


def save_programme(
    scope: Scope, programme_code: str | None, *, code: str | None = None, **values: object
) -> int:
    """Add a programme (``programme_code`` None; ``code`` names it, else «PD-<year>-NN») or
    edit one (only the fields given); returns its id. Region and admin only (OutOfScope
    otherwise); a broken rule raises TrainingRefused. Both audited "pd_programme.save"."""
    action = "pd_programme.save"
    asked = f"programme={str(programme_code or code or 'new')[:40]}"
    if scope.role not in EDIT_ROLES:
        audit.record(action, "denied", scope=scope, asked=asked)
        raise OutOfScope("programme", programme_code)
    columns = ["id", "programme_code", *sorted(PROGRAMME_FIELDS)]
    try:
        with database.write() as conn:
            stored = None
            if programme_code is not None:
                row = (
                    conn.execute(
                        select(*(getattr(PdProgramme, c) for c in columns)).where(
                            PdProgramme.programme_code == str(programme_code)[:MAX_CODE]
                        )
                    )
                    .mappings()
                    .first()
                )
                if row is None:
                    raise TrainingRefused("unknown_programme")
                stored = dict(row)
            elif code is not None:
                name = _text(code, MAX_CODE, "bad_code")
                if name is None or not CODE_PATTERN.match(name):
                    raise TrainingRefused("bad_code")
                known = select(PdProgramme.id).where(PdProgramme.programme_code == name)
                if conn.execute(known).first() is not None:
                    raise TrainingRefused("duplicate_code")
            out = _programme_values(values, stored)
            stamp = {"updated_by": scope.login[:80], "updated_at": dt.datetime.now(dt.UTC)}
            fields = {k: out[k] for k in PROGRAMME_FIELDS if k in out}
            if stored is not None:
                conn.execute(
                    update(PdProgramme)
                    .where(PdProgramme.id == stored["id"])
                    .values(**fields, **stamp)
                )
                new_id, name = stored["id"], stored["programme_code"]
            else:
                name = code.strip() if code is not None else _new_code(conn, dt.date.today().year)
                new_id = conn.execute(
                    insert(PdProgramme)
                    .values(programme_code=name, **fields, **stamp)
                    .returning(PdProgramme.id)
                ).scalar_one()
    except TrainingRefused as refused:
        audit.record(action, "failure", scope=scope, asked=asked, detail=refused.key)
        raise
    cache.invalidate()
    kind = "edit" if stored is not None else "new"
    audit.record(action, "success", scope=scope, asked=f"programme={name}", detail=kind)
    return int(new_id)


# ------------------------------------------------------------------ schools' requests


def _event(conn, request_id: int, scope: Scope, before, after, comment, now) -> None:
    values = audit.history_row(scope, before, after, comment, now)
    conn.execute(insert(PdRequestEvent).values(request_id=request_id, **values))


def submit_request(
    scope: Scope,
    *,
    school_code: object,
    year: object,
    subject: object,
    skill_code: object = None,
    topic: object = None,
    teachers: object,
    comment: object = None,
) -> int:
    """A school's PD request for the plan-order of ``year``: a subject and a skill code or a
    topic, for how many teachers; returns its id. A director for its own school, a
    municipality user for its schools, region and admin for the region's (OutOfScope
    otherwise: a foreign and an unknown school alike). The same subject and skill (or topic)
    of a school and year still pending or accepted is refused. Both audited."""
    action = "pd_request.submit"
    asked = f"school={str(school_code)[:20]}"
    try:
        if scope.role not in SUBMIT_ROLES:
            raise OutOfScope("school", school_code)
        with database.read() as conn:
            school_id = require_school(scope, conn, school_code)
    except OutOfScope:
        audit.record(action, "denied", scope=scope, asked=asked)
        raise
    try:
        values = {
            "year": _int(year, 2000, 2100, "bad_year"),
            "subject": _text(subject, MAX_SUBJECT, "bad_subject"),
            "skill_code": _text(skill_code, MAX_SKILL, "bad_skill"),
            "topic": _text(topic, MAX_TOPIC, "bad_topic"),
            "teachers": _int(teachers, 1, MAX_TEACHERS, "bad_teachers"),
            "comment": _text(comment, MAX_COMMENT, "bad_comment"),
        }
        if values["subject"] is None:
            raise TrainingRefused("bad_subject")
        if values["skill_code"] is None and values["topic"] is None:
            raise TrainingRefused("no_skill_or_topic")
        now = dt.datetime.now(dt.UTC)
        with database.write() as conn:
            muni = conn.execute(
                select(School.municipality_id).where(School.id == school_id)
            ).scalar_one()
            same = select(PdRequest.id).where(
                PdRequest.school_id == school_id,
                PdRequest.year == values["year"],
                PdRequest.subject == values["subject"],
                PdRequest.skill_code.is_not_distinct_from(values["skill_code"]),
                PdRequest.topic.is_not_distinct_from(values["topic"]),
                PdRequest.status.in_(LIVE_STATUSES),
            )
            if conn.execute(same).first() is not None:
                raise TrainingRefused("duplicate")
            new_id = conn.execute(
                insert(PdRequest)
                .values(
                    school_id=school_id,
                    municipality_id=muni,
                    status="submitted",
                    created_by=scope.login,
                    created_at=now,
                    **values,
                )
                .returning(PdRequest.id)
            ).scalar_one()
            _event(conn, new_id, scope, None, "submitted", values["comment"], now)
    except TrainingRefused as refused:
        audit.record(action, "failure", scope=scope, asked=asked, detail=refused.key)
        raise
    cache.invalidate()
    audit.record(
        action,
        "success",
        scope=scope,
        asked=asked,
        detail=f"request={new_id} {values['year']} {values['subject']} x{values['teachers']}",
    )
    return int(new_id)


def _move(scope: Scope, request_id: object, to_status: str, comment: object, action: str) -> str:
    """Move a request the caller may see to ``to_status`` with a history row, if the caller
    may take that step (training.request's may_withdraw / may_decide) while it is pending."""
    try:
        found = request(scope, request_id)
        allowed = found["may_decide"] if to_status != "withdrawn" else found["may_withdraw"]
        if not allowed and found["status"] == "submitted":
            raise OutOfScope("pd_request", request_id)
    except OutOfScope:
        audit.record(action, "denied", scope=scope, asked=f"request={str(request_id)[:40]}")
        raise
    asked = f"request={found['id']}"
    before = found["status"]
    try:
        if to_status not in TRANSITIONS.get(before, ()):
            raise TrainingRefused("bad_transition")
        text = _text(comment, MAX_COMMENT, "bad_comment")
        with database.write() as conn:
            moved = conn.execute(
                update(PdRequest)
                .where(PdRequest.id == found["id"], PdRequest.status == before)
                .values(status=to_status)
            ).rowcount
            if moved != 1:  # someone else changed it since it was read
                raise TrainingRefused("changed_meanwhile")
            _event(conn, found["id"], scope, before, to_status, text, dt.datetime.now(dt.UTC))
    except TrainingRefused as refused:
        detail = f"{before}->{to_status}: {refused.key}"
        audit.record(action, "failure", scope=scope, asked=asked, detail=detail)
        raise
    cache.invalidate()
    audit.record(action, "success", scope=scope, asked=asked, detail=f"{before}->{to_status}")
    return to_status


def withdraw_request(scope: Scope, request_id: object, comment: object = None) -> str:
    """The school withdraws its pending request (its director, or whoever submitted it);
    returns "withdrawn". OutOfScope for others; TrainingRefused once decided."""
    return _move(scope, request_id, "withdrawn", comment, "pd_request.withdraw")


def decide_request(
    scope: Scope, request_id: object, decision: object, comment: object = None
) -> str:
    """The municipality (or region, admin) accepts or declines a pending request of its
    schools; returns the new status. OutOfScope for directors and foreign requests."""
    if decision not in ("accepted", "declined"):
        audit.record(
            "pd_request.decide",
            "failure",
            scope=scope,
            asked=f"request={str(request_id)[:40]}",
            detail="bad_status",
        )
        raise TrainingRefused("bad_status")
    if scope.role not in DECIDE_ROLES:
        audit.record(
            "pd_request.decide", "denied", scope=scope, asked=f"request={str(request_id)[:40]}"
        )
        raise OutOfScope("pd_request", request_id)
    return _move(scope, request_id, str(decision), comment, "pd_request.decide")
