"""Changes on /voluntary: the catalogue (region and admin), a school's registration and
withdrawal (its director), and the school's feedback after the results.

A director acts for the school of their account only: no function takes a school from the
browser. Every change writes an audit row, and so does every refused one; a registration's
every step also writes a history row (VoluntaryRegistrationEvent).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import insert, select, update

from dashboard.models import (
    School,
    VoluntaryFeedback,
    VoluntaryRegistration,
    VoluntaryRegistrationEvent,
    VoluntaryWork,
)
from dashboard.models.voluntary import DIFFICULTIES, JOIN_AGAIN, WORK_FORMS
from data_access import audit, cache, database, decisions, form_values
from data_access.scope import OutOfScope, Scope
from data_access.voluntary import EDIT_ROLES, WORK_COLUMNS, VoluntaryRefused, today, work

MAX_TITLE = 500
MAX_SUBJECT = 100
MAX_ORGANISER = 300
MAX_MEASURES = 4000
MAX_SKILL = 40
MAX_SKILLS = 500
MAX_CLASSES = 200
MAX_PUPILS = 2000
MAX_COMMENT = 2000
#: What a form may set: the catalogue's columns but the code and the bookkeeping.
WORK_FIELDS = frozenset(WORK_COLUMNS) - {"id", "work_code", "updated_by", "updated_at"}
REQUIRED_FIELDS = tuple(c for c in WORK_COLUMNS if c in WORK_FIELDS - {"objectivity_measures"})


def _text(value: object, limit: int, key: str) -> str | None:
    try:
        return decisions._text(value, limit, key)
    except decisions.DecisionRefused:
        raise VoluntaryRefused(key) from None


def _date(value: object, key: str) -> dt.date | None:
    try:
        return decisions._date(value, key)
    except decisions.DecisionRefused:
        raise VoluntaryRefused(key) from None


def _int(value: object, low: int, high: int, key: str) -> int:
    """An integer from an int or its digits (a form's value), within [low, high]."""
    number = form_values.whole_number(value, low, high)
    if number is None:
        raise VoluntaryRefused(key)
    return number


def _choice(value: object, allowed: tuple[str, ...], key: str) -> str:
    if not isinstance(value, str) or value not in allowed:
        raise VoluntaryRefused(key)
    return value


def _skill_codes(value: object) -> str:
    """Skill codes as stored («;»-joined, each once, in the order given)."""
    joined = form_values.skill_codes(value, MAX_SKILL, MAX_SKILLS, commas=True)
    if joined is None:
        raise VoluntaryRefused("bad_skill_codes")
    return joined


# ------------------------------------------------------------------ the catalogue


def _work_values(values: dict, stored: dict | None) -> dict:
    """The work's columns from a form's values, checked; a new work needs every required
    field, an edit keeps what it does not name."""
    if not isinstance(values, dict) or set(values) - WORK_FIELDS:
        raise VoluntaryRefused("bad_field")
    out = dict(stored or {})
    checks = {
        "title": lambda v: _text(v, MAX_TITLE, "bad_title"),
        "subject": lambda v: _text(v, MAX_SUBJECT, "bad_subject"),
        "grade": lambda v: _int(v, 1, 11, "bad_grade"),
        "skill_codes": _skill_codes,
        "form": lambda v: _choice(v, WORK_FORMS, "bad_form"),
        "held_on": lambda v: _date(v, "bad_dates"),
        "registration_deadline": lambda v: _date(v, "bad_dates"),
        "organiser": lambda v: _text(v, MAX_ORGANISER, "bad_organiser"),
        "objectivity_measures": lambda v: _text(v, MAX_MEASURES, "bad_measures"),
    }
    for name, value in values.items():
        out[name] = checks[name](value)
    for name in REQUIRED_FIELDS:
        if out.get(name) is None:
            raise VoluntaryRefused(
                "bad_dates" if name.endswith(("_on", "deadline")) else f"bad_{name}"
            )
    if out["registration_deadline"] > out["held_on"]:
        raise VoluntaryRefused("bad_dates")
    return out


def _new_code(conn, year: int) -> str:
    """The next free code «VD-<year>-NN» (the year the work is held)."""
    taken = set(conn.execute(select(VoluntaryWork.work_code)).scalars())
    number = 1
    while f"VD-{year}-{number:02d}" in taken:
        number += 1
    return f"VD-{year}-{number:02d}"


def save_work(scope: Scope, values: dict, work_code: object = None) -> str:
    """Add a work to the catalogue (``work_code`` None) or edit one; returns its code.
    Region and admin only (OutOfScope otherwise). A new work gets the code «VD-<year>-NN»:
    its results are imported as a procedure of kind «добровольная диагностика» with that
    code. Audited, refusals too."""
    action = "voluntary_work.save"
    asked = f"work={str(work_code)[:60]}" if work_code is not None else "work=new"
    if scope.role not in EDIT_ROLES:
        audit.record(action, "denied", scope=scope, asked=asked)
        raise OutOfScope("voluntary_work", work_code)
    stored = None
    if work_code is not None:
        try:
            found = work(scope, work_code)
        except OutOfScope:
            audit.record(action, "denied", scope=scope, asked=asked)
            raise
        stored = {name: found[name] for name in WORK_FIELDS}
        for name in ("held_on", "registration_deadline"):
            stored[name] = _date(stored[name], "bad_dates")
        stored["grade"] = int(stored["grade"])
    try:
        clean = _work_values(values, stored)
        now = dt.datetime.now(dt.UTC)
        with database.write() as conn:
            if work_code is None:
                code = _new_code(conn, clean["held_on"].year)
                conn.execute(
                    insert(VoluntaryWork).values(
                        work_code=code, updated_by=scope.login, updated_at=now, **clean
                    )
                )
            else:
                code = str(work_code)
                conn.execute(
                    update(VoluntaryWork)
                    .where(VoluntaryWork.work_code == code)
                    .values(updated_by=scope.login, updated_at=now, **clean)
                )
    except VoluntaryRefused as refused:
        audit.record(action, "failure", scope=scope, asked=asked, detail=refused.key)
        raise
    cache.invalidate()
    audit.record(action, "success", scope=scope, asked=f"work={code}", detail=clean["title"][:200])
    return code


# ------------------------------------------------------------------ registration


def _event(conn, registration_id: int, scope: Scope, before, after, comment, now) -> None:
    values = audit.history_row(scope, before, after, comment, now)
    conn.execute(
        insert(VoluntaryRegistrationEvent).values(registration_id=registration_id, **values)
    )


def _director_work(scope: Scope, work_code: object, action: str) -> dict:
    """The work, for a director of a school (OutOfScope, audited, for anyone else)."""
    try:
        if scope.role != "school" or scope.school_id is None:
            raise OutOfScope("voluntary_registration", work_code)
        return work(scope, work_code)
    except OutOfScope:
        audit.record(action, "denied", scope=scope, asked=f"work={str(work_code)[:60]}")
        raise


def register(scope: Scope, work_code: object, *, classes: object, pupils: object) -> int:
    """The director registers their school for a work until its registration deadline
    (inclusive): which classes and how many pupils; returns the registration's id. A school
    that withdrew may register again before the deadline. Audited, refusals too."""
    action = "voluntary.register"
    found = _director_work(scope, work_code, action)
    asked = f"work={found['work_code']}"
    try:
        text = _text(classes, MAX_CLASSES, "bad_classes")
        if text is None:
            raise VoluntaryRefused("bad_classes")
        count = _int(pupils, 1, MAX_PUPILS, "bad_pupils")
        if today() > _date(found["registration_deadline"], "bad_dates"):
            raise VoluntaryRefused("deadline_passed")
        now = dt.datetime.now(dt.UTC)
        with database.write() as conn:
            current = (
                conn.execute(
                    select(VoluntaryRegistration.id, VoluntaryRegistration.status).where(
                        VoluntaryRegistration.work_id == found["id"],
                        VoluntaryRegistration.school_id == scope.school_id,
                    )
                )
                .mappings()
                .first()
            )
            values = {
                "classes": text,
                "pupils": count,
                "status": "registered",
                "registered_by": scope.login,
                "registered_at": now,
            }
            if current is None:
                muni = conn.execute(
                    select(School.municipality_id).where(School.id == scope.school_id)
                ).scalar_one()
                rid = conn.execute(
                    insert(VoluntaryRegistration)
                    .values(
                        work_id=found["id"],
                        school_id=scope.school_id,
                        municipality_id=muni,
                        **values,
                    )
                    .returning(VoluntaryRegistration.id)
                ).scalar_one()
                before = None
            elif current["status"] == "registered":
                raise VoluntaryRefused("already_registered")
            else:
                rid, before = current["id"], current["status"]
                moved = conn.execute(
                    update(VoluntaryRegistration)
                    .where(VoluntaryRegistration.id == rid, VoluntaryRegistration.status == before)
                    .values(**values)
                ).rowcount
                if moved != 1:
                    raise VoluntaryRefused("changed_meanwhile")
            _event(conn, int(rid), scope, before, "registered", f"{text}; {count}", now)
    except VoluntaryRefused as refused:
        audit.record(action, "failure", scope=scope, asked=asked, detail=refused.key)
        raise
    cache.invalidate()
    audit.record(action, "success", scope=scope, asked=asked, detail=f"{text} x{count}")
    return int(rid)


def withdraw(scope: Scope, work_code: object, comment: object = None) -> str:
    """The director withdraws their school's registration before the work is held (the day
    before at the latest); returns "withdrawn". Audited, refusals too."""
    action = "voluntary.withdraw"
    found = _director_work(scope, work_code, action)
    asked = f"work={found['work_code']}"
    try:
        text = _text(comment, MAX_COMMENT, "bad_comment")
        registration = found["registration"]
        if registration is None or registration["status"] != "registered":
            raise VoluntaryRefused("not_registered")
        if today() >= _date(found["held_on"], "bad_dates"):
            raise VoluntaryRefused("work_started")
        with database.write() as conn:
            moved = conn.execute(
                update(VoluntaryRegistration)
                .where(
                    VoluntaryRegistration.id == registration["id"],
                    VoluntaryRegistration.status == "registered",
                )
                .values(status="withdrawn")
            ).rowcount
            if moved != 1:
                raise VoluntaryRefused("changed_meanwhile")
            now = dt.datetime.now(dt.UTC)
            _event(conn, int(registration["id"]), scope, "registered", "withdrawn", text, now)
    except VoluntaryRefused as refused:
        audit.record(action, "failure", scope=scope, asked=asked, detail=refused.key)
        raise
    cache.invalidate()
    audit.record(action, "success", scope=scope, asked=asked, detail="registered->withdrawn")
    return "withdrawn"


# ------------------------------------------------------------------ feedback


def answer_feedback(
    scope: Scope,
    work_code: object,
    *,
    usefulness: object,
    difficulty: object,
    join_again: object,
    comment: object = None,
) -> None:
    """The director's school answers the short form on a work it took part in, once its
    results are in (usefulness 1–5, difficulty, would join again, comment). A new answer
    replaces the school's previous one. Audited, refusals too."""
    action = "voluntary.feedback"
    found = _director_work(scope, work_code, action)
    asked = f"work={found['work_code']}"
    try:
        values = {
            "usefulness": _int(usefulness, 1, 5, "bad_usefulness"),
            "difficulty": _choice(difficulty, DIFFICULTIES, "bad_difficulty"),
            "join_again": _choice(join_again, JOIN_AGAIN, "bad_join_again"),
            "comment": _text(comment, MAX_COMMENT, "bad_comment"),
            "answered_by": scope.login,
            "answered_at": dt.datetime.now(dt.UTC),
        }
        if not found["may_answer"]:
            raise VoluntaryRefused("no_results")
        with database.write() as conn:
            changed = conn.execute(
                update(VoluntaryFeedback)
                .where(
                    VoluntaryFeedback.work_id == found["id"],
                    VoluntaryFeedback.school_id == scope.school_id,
                )
                .values(**values)
            ).rowcount
            if not changed:
                conn.execute(
                    insert(VoluntaryFeedback).values(
                        work_id=found["id"], school_id=scope.school_id, **values
                    )
                )
    except VoluntaryRefused as refused:
        audit.record(action, "failure", scope=scope, asked=asked, detail=refused.key)
        raise
    cache.invalidate()
    audit.record(
        action,
        "success",
        scope=scope,
        asked=asked,
        detail=f"{values['usefulness']}/{values['difficulty']}/{values['join_again']}",
    )
