"""Management decisions adopted from findings, their statuses, history and comments (the SQL).

Who: ``region`` and ``admin`` see and act on every decision of their region; a
``municipality`` user on those of its municipality and its schools; a director (``school``)
sees the decisions about its own school and may comment on them, nothing more; a ``viewer``
sees counts only (``decision_counts``). Every change, and every refused one, writes a history
row (DecisionEvent) where it happened and an audit row here. Not cached: a status change must
show at once; every write still calls ``cache.invalidate()`` for the views built on decisions.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import ColumnElement, Select, func, select

from dashboard.models import (
    Decision,
    DecisionEvent,
    DecisionMatrixEntry,
    Indicator,
    Municipality,
    School,
)
from dashboard.models.decisions import DECISION_STATUSES
from data_access import audit, database, decision_matrix
from data_access.scope import OutOfScope, Scope, row_id
from data_access.visibility import region_filter, require_school

ADOPT_ROLES = frozenset({"admin", "region", "municipality"})
CLOSED = frozenset({"done", "cancelled"})
#: adopted → in progress → done, or cancelled from either; done and cancelled are final.
TRANSITIONS = {
    "adopted": frozenset({"in_progress", "done", "cancelled"}),
    "in_progress": frozenset({"done", "cancelled"}),
    "done": frozenset(),
    "cancelled": frozenset(),
}
#: What list_decisions returns (``decision`` adds may_change and may_comment).
DECISION_COLUMNS = tuple(
    "id municipality_id municipality school_id school_code school finding finding_detail "
    "finding_detail_name finding_year finding_reason measure_id measure_code measure level "
    "indicator responsible status due_on completed_on comment roadmap_item_id created_at "
    "created_by overdue".split()
)
HISTORY_COLUMNS = ("at", "by", "role", "from_status", "to_status", "comment")
COUNT_COLUMNS = ("municipality_id", "municipality", "finding", "status", "count")
MAX_COMMENT = 2000
MAX_REASON = 2000
MAX_RESPONSIBLE = 200
MAX_DETAIL = 100


class DecisionRefused(ValueError):
    """A decision or change that breaks a rule; ``key`` names the reason (for strings)."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


# ------------------------------------------------------------------ who sees what


def _visible(scope: Scope) -> ColumnElement[bool]:
    """Decisions the caller may see one by one; OutOfScope for viewers and unknown roles."""
    if scope.role in {"admin", "region"}:
        return Decision.municipality_id.in_(select(Municipality.id).where(region_filter(scope)))
    if scope.role == "municipality" and scope.municipality_id is not None:
        return Decision.municipality_id == scope.municipality_id
    if scope.role == "school" and scope.school_id is not None:
        return Decision.school_id == scope.school_id
    raise OutOfScope("decisions", scope.login)


def _today(today: dt.date | None) -> dt.date:
    return today or dt.date.today()


def _date(value: object, key: str) -> dt.date | None:
    """A date from a date or an ISO string (a date picker's value); None stays None."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            pass
    raise DecisionRefused(key)


def _text(value: object, limit: int, key: str) -> str | None:
    """Stripped text or None; DecisionRefused when not text or too long."""
    if value is None:
        return None
    if not isinstance(value, str) or len(value.strip()) > limit:
        raise DecisionRefused(key)
    return value.strip() or None


# ------------------------------------------------------------------ reading


#: Columns of DECISION_COLUMNS read from other tables than ``decision``.
_JOINED = {
    "municipality": Municipality.name,
    "school_code": School.school_code,
    "school": School.name,
    "measure_code": DecisionMatrixEntry.measure_code,
    "level": DecisionMatrixEntry.level,
    "finding_detail_name": Indicator.name,  # a deficit's indicator; else the detail (below)
}


def _select() -> Select:
    columns = [
        _JOINED[c].label(c) if c in _JOINED else getattr(Decision, c)
        for c in DECISION_COLUMNS
        if c != "overdue"
    ]
    return (
        select(*columns)
        .join(Municipality, Municipality.id == Decision.municipality_id)
        .outerjoin(School, School.id == Decision.school_id)
        .outerjoin(DecisionMatrixEntry, DecisionMatrixEntry.id == Decision.measure_id)
        .outerjoin(
            Indicator,
            (Decision.finding == "deficit") & (Indicator.code == Decision.finding_detail),
        )
    )


def _with_derived(row: dict, today: dt.date) -> dict:
    """Level (the matrix's, else the target's), the detail's name, and whether the decision
    is overdue."""
    if row["finding_detail_name"] is None:
        row["finding_detail_name"] = row["finding_detail"]
    if row["level"] is None:
        row["level"] = "school" if row["school_id"] is not None else "municipality"
    due = row["due_on"]
    row["overdue"] = bool(row["status"] not in CLOSED and due is not None and due < today)
    return row


def _municipality(conn, scope: Scope, municipality_id: object) -> int:
    """A municipality of the caller's region; for municipality and school users their own."""
    muni = row_id(municipality_id, "municipality")
    if scope.role in {"municipality", "school"} and muni != scope.municipality_id:
        raise OutOfScope("municipality", municipality_id)
    known = conn.execute(
        select(Municipality.id).where(Municipality.id == muni, region_filter(scope))
    ).scalar_one_or_none()
    if known is None:
        raise OutOfScope("municipality", municipality_id)
    return muni


def list_decisions(
    scope: Scope,
    *,
    municipality_id: int | None = None,
    school_code: str | None = None,
    status: str | None = None,
    today: dt.date | None = None,
) -> pd.DataFrame:
    """The decisions the caller may see, oldest first, optionally of one municipality, one
    school or one status; ``overdue``: not done or cancelled and due before ``today``."""
    stmt = _select().where(_visible(scope)).order_by(Decision.id)
    with database.read() as conn:
        if municipality_id is not None:
            stmt = stmt.where(
                Decision.municipality_id == _municipality(conn, scope, municipality_id)
            )
        if school_code is not None:
            stmt = stmt.where(Decision.school_id == require_school(scope, conn, school_code))
        if status is not None:
            if status not in DECISION_STATUSES:
                raise DecisionRefused("bad_status")
            stmt = stmt.where(Decision.status == status)
        rows = [_with_derived(dict(r), _today(today)) for r in conn.execute(stmt).mappings()]
    frame = pd.DataFrame(rows, columns=list(DECISION_COLUMNS))
    frame["school_id"] = pd.array(frame["school_id"], dtype="Int64")
    frame["measure_id"] = pd.array(frame["measure_id"], dtype="Int64")
    frame["roadmap_item_id"] = pd.array(frame["roadmap_item_id"], dtype="Int64")
    for column in ("due_on", "completed_on"):
        frame[column] = pd.to_datetime(frame[column])
    frame["created_at"] = pd.to_datetime(frame["created_at"], utc=True)
    frame["overdue"] = frame["overdue"].astype(bool)
    return frame


def decision(scope: Scope, decision_id: object, today: dt.date | None = None) -> dict:
    """One decision the caller may see (OutOfScope otherwise), with ``may_change`` (status,
    roadmap) and ``may_comment`` for the caller."""
    did = row_id(decision_id, "decision")
    with database.read() as conn:
        row = conn.execute(_select().where(Decision.id == did, _visible(scope))).mappings().first()
    if row is None:
        raise OutOfScope("decision", decision_id)
    return {
        **_with_derived(dict(row), _today(today)),
        "may_change": scope.role in ADOPT_ROLES,
        "may_comment": True,  # whoever sees a decision one by one may comment on it
    }


def decision_history(scope: Scope, decision_id: object) -> pd.DataFrame:
    """Adoption, status changes and comments of one decision, oldest first (``at`` in UTC)."""
    did = decision(scope, decision_id)["id"]
    stmt = (
        select(*(getattr(DecisionEvent, c) for c in HISTORY_COLUMNS))
        .where(DecisionEvent.decision_id == did)
        .order_by(DecisionEvent.at, DecisionEvent.id)
    )
    return audit.history_frame(stmt, HISTORY_COLUMNS)


def decision_counts(scope: Scope) -> pd.DataFrame:
    """Decisions per municipality of the caller's region, finding and status: aggregates,
    which every signed-in role may read (they name no school)."""
    if scope.role not in decision_matrix.READ_ROLES:
        raise OutOfScope("decisions", scope.login)
    stmt = (
        select(
            Decision.municipality_id,
            Municipality.name.label("municipality"),
            Decision.finding,
            Decision.status,
            func.count().label("count"),
        )
        .join(Municipality, Municipality.id == Decision.municipality_id)
        .where(region_filter(scope))
        .group_by(Decision.municipality_id, Municipality.name, Decision.finding, Decision.status)
        .order_by(Municipality.name, Decision.finding, Decision.status)
    )
    with database.read() as conn:
        rows = [dict(r) for r in conn.execute(stmt).mappings()]
    frame = pd.DataFrame(rows, columns=list(COUNT_COLUMNS))
    frame["count"] = frame["count"].astype(int)
    return frame
