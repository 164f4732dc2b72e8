"""The audit log: who did what, from where, asking for which scope, with what outcome."""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd
from sqlalchemy import Select, func, select

from dashboard.formatting import local_zone
from dashboard.models import AuditEvent, Municipality, School
from data_access import database
from data_access.scope import OutOfScope, Scope


def _clean(value: object, limit: int = 300) -> str | None:
    """Encode CR/LF and other control characters so a value cannot forge log lines."""
    if value is None:
        return None
    text = str(value)
    text = "".join(ch if ch.isprintable() else f"\\x{ord(ch):02x}" for ch in text)
    return text[:limit]


def record(
    action: str,
    outcome: str,
    *,
    scope: Scope | None = None,
    login: str | None = None,
    role: str | None = None,
    ip: str | None = None,
    asked: object = None,
    detail: object = None,
) -> None:
    """One audit row. Who: `login` and `role` if given, else the scope's (a change made with
    the `oko` command on the server gives the OS user and role "cli"); from where: `ip` (the
    client address, dashboard.web.client; the host name for the command)."""
    with database.write() as conn:
        conn.execute(
            AuditEvent.__table__.insert().values(
                at=dt.datetime.now(dt.UTC),
                user_login=_clean(
                    login if login is not None else (scope.login if scope else None), 80
                ),
                role=_clean(role if role is not None else (scope.role if scope else None), 20),
                ip=_clean(ip, 64),
                action=_clean(action, 60),
                scope_asked=_clean(asked),
                scope_granted=_clean(scope.describe() if scope else None),
                outcome=_clean(outcome, 20),
                detail=_clean(detail, 2000),
            )
        )


def history_row(scope: Scope, before: object, after: object, comment: object, now) -> dict:
    """The common fields of a status history row (DecisionEvent, PdRequestEvent): when, who,
    in which role, from which status to which, and the comment."""
    return {
        "at": now,
        "by": scope.login,
        "role": scope.role,
        "from_status": before,
        "to_status": after,
        "comment": comment,
    }


def history_frame(stmt: Select, columns: tuple[str, ...]) -> pd.DataFrame:
    """A status history as read back (`columns` as history_row writes them), ``at`` in UTC,
    and None, not NaN, where a status or comment was never set."""
    with database.read() as conn:
        rows = [dict(r) for r in conn.execute(stmt).mappings()]
    frame = pd.DataFrame(rows, columns=list(columns))
    frame["at"] = pd.to_datetime(frame["at"], utc=True)
    for column in ("from_status", "to_status", "comment"):
        frame[column] = pd.Series([r[column] for r in rows], index=frame.index, dtype="object")
    return frame


# ------------------------------------------------------------------ reading the log (/admin/audit)

EVENT_COLUMNS = (
    "id",
    "at",
    "user_login",
    "role",
    "ip",
    "action",
    "scope_asked",
    "scope_granted",
    "outcome",
    "detail",
)
MAX_PAGE = 500


def _require_admin(scope: Scope) -> None:
    if scope.role != "admin":
        raise OutOfScope("audit_log", scope.login)


def _utc(value: dt.date | dt.datetime | None, *, next_day: bool = False) -> dt.datetime | None:
    """A date means its whole day in the region's time zone (as the log's times are shown);
    a naive datetime is taken as UTC (as the log stores it)."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        aware = value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)
        return aware.astimezone(dt.UTC)
    if isinstance(value, dt.date):
        day = value + dt.timedelta(days=1) if next_day else value
        return dt.datetime.combine(day, dt.time.min, tzinfo=local_zone()).astimezone(dt.UTC)
    raise TypeError(f"expected a date or datetime, got {type(value).__name__}")


def _optional_text(name: str, value: object) -> str | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a string")
    return value


def _filtered(
    stmt: Select,
    since: dt.date | dt.datetime | None,
    until: dt.date | dt.datetime | None,
    login: str | None,
    action: str | None,
    outcome: str | None,
) -> Select:
    """`until` as a date includes that whole day; `login` matches part of a login, any case."""
    start = _utc(since)
    if start is not None:
        stmt = stmt.where(AuditEvent.at >= start)
    if isinstance(until, dt.datetime):
        stmt = stmt.where(AuditEvent.at <= _utc(until))
    elif until is not None:
        stmt = stmt.where(AuditEvent.at < _utc(until, next_day=True))
    login = _optional_text("login", login)
    if login is not None:
        stmt = stmt.where(
            func.lower(AuditEvent.user_login).contains(login.lower(), autoescape=True)
        )
    action = _optional_text("action", action)
    if action is not None:
        stmt = stmt.where(AuditEvent.action == action)
    outcome = _optional_text("outcome", outcome)
    if outcome is not None:
        stmt = stmt.where(AuditEvent.outcome == outcome)
    return stmt


def list_events(
    scope: Scope,
    *,
    since: dt.date | dt.datetime | None = None,
    until: dt.date | dt.datetime | None = None,
    login: str | None = None,
    action: str | None = None,
    outcome: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> pd.DataFrame:
    """One page of audit events, newest first; `at` is a UTC-aware timestamp; PLACE_COLUMNS
    name the granted scope (role, level, the school's or municipality's name). Admin only."""
    _require_admin(scope)
    limit = max(1, min(int(limit), MAX_PAGE))
    offset = max(0, int(offset))
    stmt = (
        _filtered(
            select(*(getattr(AuditEvent, column) for column in EVENT_COLUMNS)),
            since,
            until,
            login,
            action,
            outcome,
        )
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        .limit(limit)
        .offset(offset)
    )
    with database.read() as conn:
        rows = conn.execute(stmt).mappings().all()
    frame = pd.DataFrame([dict(row) for row in rows], columns=list(EVENT_COLUMNS))
    frame["at"] = pd.to_datetime(frame["at"], utc=True)
    return _with_places(frame)


# What list_events adds to EVENT_COLUMNS: the granted scope read back in users' terms.
PLACE_COLUMNS = ("scope_role", "scope_level", "scope_place")


# How Scope.describe() wrote the granted scope: "<role> school=<id>", "<role> municipality=<id>"
# or "<role> region=<id or None>".
GRANTED = re.compile(r"^(?P<role>\w+) (?P<level>school|municipality|region)=(?P<id>\w+)$")


def parse_granted(text: object) -> tuple[str | None, str | None, int | None]:
    """(role, level, id) of a stored granted scope; (None, None, None) for anything else."""
    found = GRANTED.match(text) if isinstance(text, str) else None
    if found is None:
        return None, None, None
    number = found["id"]
    return found["role"], found["level"], int(number) if number.isdigit() else None


def _names(model, column, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    stmt = select(model.id, column).where(model.id.in_(sorted(ids)))
    with database.read() as conn:
        return {row_id: name for row_id, name in conn.execute(stmt)}


def _with_places(frame: pd.DataFrame) -> pd.DataFrame:
    """Add `scope_role`, `scope_level` and `scope_place` (the school's or municipality's name;
    None for the region or an unknown id), read from `scope_granted`, so the log names the
    granted scope in users' terms instead of the stored ids."""
    parsed = [parse_granted(text) for text in frame["scope_granted"]]
    wanted = {
        level: {number for _role, lvl, number in parsed if lvl == level and number is not None}
        for level in ("school", "municipality")
    }
    names = {
        "school": _names(School, School.name, wanted["school"]),
        "municipality": _names(Municipality, Municipality.name, wanted["municipality"]),
    }
    columns = {
        "scope_role": [role for role, _level, _number in parsed],
        "scope_level": [level for _role, level, _number in parsed],
        "scope_place": [
            names.get(level, {}).get(number) if level else None for _role, level, number in parsed
        ],
    }
    for name, values in columns.items():  # object columns: a missing place stays None
        frame[name] = pd.Series(values, index=frame.index, dtype="object")
    return frame


def count_events(
    scope: Scope,
    *,
    since: dt.date | dt.datetime | None = None,
    until: dt.date | dt.datetime | None = None,
    login: str | None = None,
    action: str | None = None,
    outcome: str | None = None,
) -> int:
    """How many events match the same filters as list_events (for the pager). Admin only."""
    _require_admin(scope)
    stmt = _filtered(
        select(func.count()).select_from(AuditEvent), since, until, login, action, outcome
    )
    with database.read() as conn:
        return int(conn.execute(stmt).scalar_one())


def distinct_actions(scope: Scope) -> list[str]:
    """Every action name present in the log, sorted (choices of the action filter). Admin only."""
    _require_admin(scope)
    stmt = select(AuditEvent.action).distinct().order_by(AuditEvent.action)
    with database.read() as conn:
        return [action for action in conn.execute(stmt).scalars() if action is not None]
