"""Teachers' professional development (`/training`): the programme base and schools' requests
(the SQL of the reads; data_access.training_changes writes, data_access.pd_order assembles
the plan-order).

Who: every signed-in role browses the programme base (it names no school). Requests name a
school: ``region`` and ``admin`` see every request of their region, a ``municipality`` user
those of its schools, a director (``school``) its own school's; a ``viewer`` never sees one
(OutOfScope). Not cached: a request's status must show at once.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import ColumnElement, Select, select

from dashboard.models import Municipality, PdProgramme, PdRequest, PdRequestEvent, School
from data_access import audit, database, decision_matrix
from data_access.scope import OutOfScope, Scope, row_id
from data_access.visibility import region_filter

PROGRAMME_COLUMNS = (
    "id",
    "programme_code",
    "title",
    "provider",
    "subject",
    "skill_codes",
    "hours",
    "format",
    "starts_on",
    "ends_on",
    "updated_by",
    "updated_at",
)
#: Programme columns a search looks in (case-insensitive substring).
SEARCHED = ("programme_code", "title", "provider", "subject", "skill_codes")
REQUEST_COLUMNS = (
    "id",
    "school_id",
    "school_code",
    "school",
    "municipality_id",
    "municipality",
    "year",
    "subject",
    "skill_code",
    "topic",
    "teachers",
    "comment",
    "status",
    "created_by",
    "created_at",
)
HISTORY_COLUMNS = ("at", "by", "role", "from_status", "to_status", "comment")
#: Who may edit the programme base; who decides on requests (for the schools they see).
EDIT_ROLES = frozenset({"admin", "region"})
DECIDE_ROLES = frozenset({"admin", "region", "municipality"})
#: Requests that still count in the plan-order (pending or accepted).
LIVE_STATUSES = ("submitted", "accepted")
#: submitted → accepted | declined (municipality, region) | withdrawn (the school); the rest
#: are final.
TRANSITIONS = {
    "submitted": frozenset({"accepted", "declined", "withdrawn"}),
    "accepted": frozenset(),
    "declined": frozenset(),
    "withdrawn": frozenset(),
}


class TrainingRefused(ValueError):
    """A change that breaks a rule; ``key`` names the reason (for strings)."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


# ------------------------------------------------------------------ the programme base


def skill_code_list(codes: object) -> list[str]:
    """The skill codes of a programme (stored «;»-joined), in order, without blanks."""
    return [c.strip() for c in str(codes or "").split(";") if c.strip()]


def programmes(scope: Scope, search: str | None = None, subject: str | None = None) -> pd.DataFrame:
    """The programme base (PROGRAMME_COLUMNS), by subject and title; every signed-in role.

    ``search`` keeps programmes whose code, title, provider, subject or skill codes contain it
    (case-insensitive, in Python: SQLite's lower() does not fold Cyrillic); ``subject`` keeps
    one subject."""
    if scope.role not in decision_matrix.READ_ROLES:
        raise OutOfScope("programmes", scope.login)
    stmt = select(*(getattr(PdProgramme, c) for c in PROGRAMME_COLUMNS)).order_by(
        PdProgramme.subject, PdProgramme.title, PdProgramme.programme_code
    )
    if subject:
        stmt = stmt.where(PdProgramme.subject == str(subject))
    with database.read() as conn:
        frame = database.frame(conn, stmt, list(PROGRAMME_COLUMNS))
    if isinstance(search, str) and search.strip():
        needle = search.strip().casefold()
        hay = frame[list(SEARCHED)].astype(str).apply(lambda c: c.str.casefold())
        frame = frame[hay.apply(lambda c: c.str.contains(needle, regex=False)).any(axis=1)]
    frame = frame.reset_index(drop=True)
    frame["id"] = frame["id"].astype("int64")
    frame["hours"] = frame["hours"].astype("int64")
    for column in ("starts_on", "ends_on"):
        frame[column] = pd.to_datetime(frame[column])
    frame["updated_at"] = pd.to_datetime(frame["updated_at"], utc=True)
    return frame


def programme(scope: Scope, programme_code: object) -> dict:
    """One programme by its code (every signed-in role); OutOfScope when unknown."""
    if not isinstance(programme_code, str) or not 0 < len(programme_code) <= 40:
        raise OutOfScope("programme", programme_code)
    found = programmes(scope)
    row = found[found["programme_code"] == programme_code]
    if row.empty:
        raise OutOfScope("programme", programme_code)
    return row.iloc[0].to_dict()


def may_edit_programmes(scope: Scope) -> bool:
    return scope.role in EDIT_ROLES


# ------------------------------------------------------------------ schools' requests


def visible_requests(scope: Scope) -> ColumnElement[bool]:
    """Requests the caller may see one by one; OutOfScope for viewers and unknown roles."""
    if scope.role in {"admin", "region"}:
        return PdRequest.municipality_id.in_(select(Municipality.id).where(region_filter(scope)))
    if scope.role == "municipality" and scope.municipality_id is not None:
        return PdRequest.municipality_id == scope.municipality_id
    if scope.role == "school" and scope.school_id is not None:
        return PdRequest.school_id == scope.school_id
    raise OutOfScope("requests", scope.login)


_JOINED = {
    "school_code": School.school_code,
    "school": School.name,
    "municipality": Municipality.name,
}


def _select() -> Select:
    return (
        select(
            *(
                _JOINED[c].label(c) if c in _JOINED else getattr(PdRequest, c)
                for c in REQUEST_COLUMNS
            )
        )
        .join(School, School.id == PdRequest.school_id)
        .join(Municipality, Municipality.id == PdRequest.municipality_id)
    )


def requests(scope: Scope, year: int | None = None) -> pd.DataFrame:
    """The requests the caller may see (REQUEST_COLUMNS), oldest first, optionally of one
    plan-order year. Viewer: OutOfScope."""
    stmt = _select().where(visible_requests(scope)).order_by(PdRequest.id)
    if year is not None:
        stmt = stmt.where(PdRequest.year == int(year))
    with database.read() as conn:
        frame = database.frame(conn, stmt, list(REQUEST_COLUMNS))
    for column in ("id", "school_id", "municipality_id", "year", "teachers"):
        frame[column] = frame[column].astype("int64")
    for column in ("skill_code", "topic", "comment"):  # None, not NaN: nothing was given
        frame[column] = frame[column].astype(object).where(frame[column].notna(), None)
    frame["created_at"] = pd.to_datetime(frame["created_at"], utc=True)
    return frame


def request(scope: Scope, request_id: object) -> dict:
    """One request the caller may see (OutOfScope otherwise, a foreign id and junk alike), with
    ``may_withdraw`` and ``may_decide`` for the caller."""
    rid = row_id(request_id, "pd_request")
    with database.read() as conn:
        row = (
            conn.execute(_select().where(PdRequest.id == rid, visible_requests(scope)))
            .mappings()
            .first()
        )
    if row is None:
        raise OutOfScope("pd_request", request_id)
    found = dict(row)
    pending = found["status"] == "submitted"
    return {
        **found,
        "may_withdraw": pending and (scope.role == "school" or found["created_by"] == scope.login),
        "may_decide": pending and scope.role in DECIDE_ROLES,
    }


def request_history(scope: Scope, request_id: object) -> pd.DataFrame:
    """Submission and every status change of one request, oldest first (``at`` in UTC)."""
    rid = request(scope, request_id)["id"]
    stmt = (
        select(*(getattr(PdRequestEvent, c) for c in HISTORY_COLUMNS))
        .where(PdRequestEvent.request_id == rid)
        .order_by(PdRequestEvent.at, PdRequestEvent.id)
    )
    return audit.history_frame(stmt, HISTORY_COLUMNS)
