"""Changes to decisions: adopt a measure, move its status, comment, put it on a roadmap.

Every change is checked against the caller's scope (data_access.decisions reads with the
same rules), written with a history row (DecisionEvent), audited, and empties the cache.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import insert, select, update

from dashboard import strings
from dashboard.models import (
    Decision,
    DecisionEvent,
    RoadmapItem,
    School,
)
from dashboard.models.decisions import FINDING_KINDS
from data_access import audit, cache, database, decision_matrix, roadmaps
from data_access.decisions import (
    ADOPT_ROLES,
    MAX_COMMENT,
    MAX_DETAIL,
    MAX_REASON,
    MAX_RESPONSIBLE,
    TRANSITIONS,
    DecisionRefused,
    _date,
    _municipality,
    _text,
    decision,
)
from data_access.scope import OutOfScope, Scope, row_id
from data_access.visibility import require_school

# ------------------------------------------------------------------ changes (audited)


def _event(conn, decision_id: int, scope: Scope, before, after, comment, now) -> None:
    values = audit.history_row(scope, before, after, comment, now)
    conn.execute(insert(DecisionEvent).values(decision_id=decision_id, **values))


def _acting_on(scope: Scope, decision_id: object, action: str, *, change: bool) -> dict:
    """The decision, if the caller may change it (``change``) or comment on it; otherwise
    audit the refusal and raise OutOfScope (a foreign decision and an unknown id alike)."""
    try:
        if change and scope.role not in ADOPT_ROLES:
            raise OutOfScope("decision", decision_id)
        return decision(scope, decision_id)
    except OutOfScope:
        audit.record(action, "denied", scope=scope, asked=f"decision={str(decision_id)[:60]}")
        raise


def _target(conn, scope: Scope, school_code: object, municipality_id: object) -> tuple:
    """(municipality id, school id or None) the caller may adopt for; OutOfScope otherwise."""
    if school_code is not None:
        school_id = require_school(scope, conn, school_code)
        muni = conn.execute(
            select(School.municipality_id).where(School.id == school_id)
        ).scalar_one()
        if municipality_id is not None and row_id(municipality_id, "municipality") != muni:
            raise DecisionRefused("target_mismatch")
        return muni, school_id
    if municipality_id is None:
        if scope.role != "municipality":
            raise DecisionRefused("no_target")
        municipality_id = scope.municipality_id
    return _municipality(conn, scope, municipality_id), None


def _measure(scope: Scope, finding: str, detail: str | None, measure_id: object) -> dict:
    """The matrix version adopted: it must exist, be the one in force and answer the finding."""
    try:
        version = decision_matrix.measure_version(scope, row_id(measure_id, "decision_matrix"))
    except OutOfScope:
        raise DecisionRefused("bad_measure") from None
    in_force = decision_matrix.current_matrix(scope, include_inactive=True)
    current = in_force[in_force["measure_code"] == version["measure_code"]].iloc[0]
    if not current["active"]:
        raise DecisionRefused("measure_inactive")
    if int(current["id"]) != version["id"]:  # edited since the form was shown
        raise DecisionRefused("superseded")
    if version["finding_kind"] != finding:
        raise DecisionRefused("measure_mismatch")
    if not decision_matrix.answers(version["applies_to"], detail):
        raise DecisionRefused("measure_mismatch")  # e.g. vacancies for a worn-out building
    return version


def adopt(
    scope: Scope,
    *,
    finding: str,
    finding_year: int,
    school_code: str | None = None,
    municipality_id: int | None = None,
    finding_detail: str | None = None,
    finding_reason: str | None = None,
    measure_id: int | None = None,
    measure_text: str | None = None,
    responsible: str | None = None,
    due_on: dt.date | str | None = None,
    comment: str | None = None,
) -> int:
    """Adopt a measure for a school (``school_code``) or a municipality; returns its id.

    With ``measure_id`` the measure's title and indicator are copied from that matrix version
    (``measure_text`` is then not used), ``responsible`` defaults to its responsible role and
    ``due_on`` to today + its duration; otherwise ``measure_text`` is the measure. The same
    measure for the same finding and target twice (unless cancelled) is refused. Raises
    OutOfScope (not allowed, foreign target) or DecisionRefused (a rule); both audited.
    """
    asked = f"school={str(school_code)[:20]}" if school_code else f"municipality={municipality_id}"
    try:
        if scope.role not in ADOPT_ROLES:
            raise OutOfScope("decision", asked)
        if finding not in FINDING_KINDS:
            raise DecisionRefused("bad_finding")
        if isinstance(finding_year, bool) or not isinstance(finding_year, int):
            raise DecisionRefused("bad_year")
        if not 2000 <= finding_year <= 2100:
            raise DecisionRefused("bad_year")
        values = {
            "finding": finding,
            "finding_year": finding_year,
            "finding_detail": _text(finding_detail, MAX_DETAIL, "bad_detail"),
            "finding_reason": _text(finding_reason, MAX_REASON, "bad_reason"),
            "responsible": _text(responsible, MAX_RESPONSIBLE, "bad_responsible"),
            "comment": _text(comment, MAX_COMMENT, "bad_comment"),
            "due_on": _date(due_on, "bad_due_on"),
        }
        if measure_id is not None:
            version = _measure(scope, finding, values["finding_detail"], measure_id)
            values.update(measure_id=version["id"], measure=version["title"])
            values["indicator"] = version["indicator"]
            values["responsible"] = values["responsible"] or version["responsible_role"]
            if values["due_on"] is None:
                values["due_on"] = dt.date.today() + dt.timedelta(days=version["duration_days"])
        else:
            text = _text(measure_text, decision_matrix.MAX_TITLE, "bad_measure")
            if text is None:
                raise DecisionRefused("no_measure")
            values.update(measure_id=None, measure=text, indicator=None)
        now = dt.datetime.now(dt.UTC)
        with database.write() as conn:
            muni, school_id = _target(conn, scope, school_code, municipality_id)
            same = select(Decision.id).where(
                Decision.municipality_id == muni,
                Decision.school_id.is_not_distinct_from(school_id),
                Decision.finding == finding,
                Decision.finding_year == finding_year,
                Decision.status != "cancelled",
                Decision.measure == values["measure"],
                Decision.finding_detail.is_not_distinct_from(values["finding_detail"]),
            )
            if conn.execute(same).first() is not None:
                raise DecisionRefused("duplicate")
            new_id = conn.execute(
                insert(Decision)
                .values(
                    municipality_id=muni,
                    school_id=school_id,
                    status="adopted",
                    created_at=now,
                    created_by=scope.login,
                    **values,
                )
                .returning(Decision.id)
            ).scalar_one()
            _event(conn, new_id, scope, None, "adopted", values["comment"], now)
    except OutOfScope:
        audit.record("decision.adopt", "denied", scope=scope, asked=asked)
        raise
    except DecisionRefused as refused:
        audit.record("decision.adopt", "failure", scope=scope, asked=asked, detail=refused.key)
        raise
    cache.invalidate()  # findings show whether they have a decision
    audit.record(
        "decision.adopt",
        "success",
        scope=scope,
        asked=asked,
        detail=f"decision={new_id} {finding} {finding_year} measure={values['measure_id']}",
    )
    return int(new_id)


def change_status(
    scope: Scope,
    decision_id: object,
    to_status: object,
    comment: str | None = None,
    completed_on: dt.date | str | None = None,
) -> str:
    """Move a decision along adopted → in progress → done (or cancelled); returns the new
    status. ``done`` sets ``completed_on`` (default today; never in the future)."""
    detail = _acting_on(scope, decision_id, "decision.status", change=True)
    asked = f"decision={detail['id']}"
    before = detail["status"]
    try:
        if not isinstance(to_status, str) or to_status not in TRANSITIONS.get(before, ()):
            raise DecisionRefused("bad_transition")
        text = _text(comment, MAX_COMMENT, "bad_comment")
        done_on = None
        if to_status == "done":
            done_on = _date(completed_on, "bad_completed_on") or dt.date.today()
            if done_on > dt.date.today():
                raise DecisionRefused("bad_completed_on")
        with database.write() as conn:
            moved = conn.execute(
                update(Decision)
                .where(Decision.id == detail["id"], Decision.status == before)
                .values(status=to_status, completed_on=done_on)
            ).rowcount
            if moved != 1:  # someone else changed it since it was read
                raise DecisionRefused("changed_meanwhile")
            _event(conn, detail["id"], scope, before, to_status, text, dt.datetime.now(dt.UTC))
    except DecisionRefused as refused:
        audit.record(
            "decision.status",
            "failure",
            scope=scope,
            asked=asked,
            detail=f"{before}->{str(to_status)[:20]}: {refused.key}",
        )
        raise
    cache.invalidate()
    audit.record(
        "decision.status", "success", scope=scope, asked=asked, detail=f"{before}->{to_status}"
    )
    return str(to_status)


def add_comment(scope: Scope, decision_id: object, comment: object) -> None:
    """A comment in the decision's history (by its adopters or the school's director)."""
    detail = _acting_on(scope, decision_id, "decision.comment", change=False)
    asked = f"decision={detail['id']}"
    try:
        text = _text(comment, MAX_COMMENT, "bad_comment")
        if text is None:
            raise DecisionRefused("empty_comment")
    except DecisionRefused as refused:
        audit.record("decision.comment", "failure", scope=scope, asked=asked, detail=refused.key)
        raise
    with database.write() as conn:
        _event(conn, detail["id"], scope, None, None, text, dt.datetime.now(dt.UTC))
    cache.invalidate()
    audit.record("decision.comment", "success", scope=scope, asked=asked, detail=f"{len(text)}")


def _next_number(conn, roadmap_id: int, section: str) -> str:
    """The next item number in the decisions' section of a roadmap ("5.1", "5.2", …): the
    section gets the first whole number after the roadmap's own sections."""
    rows = conn.execute(
        select(RoadmapItem.number, RoadmapItem.section).where(RoadmapItem.roadmap_id == roadmap_id)
    ).all()
    taken = {number for number, _section in rows}
    heads = [number.split(".")[0] for number, _section in rows]
    ours = [n.split(".")[0] for n, s in rows if s == section and n.split(".")[0].isdigit()]
    head = ours[0] if ours else str(max((int(h) for h in heads if h.isdigit()), default=0) + 1)
    count = 1
    while f"{head}.{count}" in taken:
        count += 1
    return f"{head}.{count}"


def to_roadmap(scope: Scope, decision_id: object, roadmap_id: object) -> int:
    """Make a decision an item of a roadmap the caller may edit; returns the item's id.

    The item carries the measure, the due date and the responsible, never the school's name
    (every signed-in role reads roadmaps). A roadmap of another municipality is refused.
    """
    action = "decision.roadmap"
    detail = _acting_on(scope, decision_id, action, change=True)
    asked = f"decision={detail['id']} roadmap={str(roadmap_id)[:20]}"
    try:
        plan = roadmaps.roadmap(scope, roadmap_id)
        if not roadmaps.may_edit(scope, plan["municipality_id"]):
            raise OutOfScope("roadmap", roadmap_id)
    except OutOfScope:
        audit.record(action, "denied", scope=scope, asked=asked)
        raise
    try:
        if detail["roadmap_item_id"] is not None:
            raise DecisionRefused("already_in_roadmap")
        if detail["status"] == "cancelled":
            raise DecisionRefused("cancelled")
        if plan["municipality_id"] not in (None, detail["municipality_id"]):
            raise DecisionRefused("other_municipality")
        section = strings.DECISIONS_TITLE
        with database.write() as conn:
            item_id = conn.execute(
                insert(RoadmapItem)
                .values(
                    roadmap_id=plan["id"],
                    number=_next_number(conn, plan["id"], section),
                    section=section,
                    title=detail["measure"],
                    executors=detail["responsible"],
                    starts_on=min(filter(None, (dt.date.today(), detail["due_on"]))),
                    due_on=detail["due_on"],
                    status="planned",
                    progress=0,
                )
                .returning(RoadmapItem.id)
            ).scalar_one()
            linked = conn.execute(
                update(Decision)
                .where(Decision.id == detail["id"], Decision.roadmap_item_id.is_(None))
                .values(roadmap_item_id=item_id)
            ).rowcount
            if linked != 1:  # linked by someone else meanwhile: the item is rolled back
                raise DecisionRefused("already_in_roadmap")
    except DecisionRefused as refused:
        audit.record(action, "failure", scope=scope, asked=asked, detail=refused.key)
        raise
    cache.invalidate()
    audit.record(
        action, "success", scope=scope, asked=asked, detail=f"{plan['code']} item={item_id}"
    )
    return int(item_id)
