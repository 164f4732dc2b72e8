"""Server-side session registry: a cookie is only as good as its row here."""

from __future__ import annotations

import datetime as dt
import secrets

from sqlalchemy import select, update

from dashboard.models import User, UserSession
from data_access import database

TOUCH_EVERY = dt.timedelta(seconds=60)  # write last_seen at most once a minute


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=dt.UTC)
    return value


def start(user_id: int, ip: str | None) -> str:
    sid = secrets.token_urlsafe(32)
    now = _now()
    with database.write() as conn:
        conn.execute(
            UserSession.__table__.insert().values(
                sid=sid, user_id=user_id, created_at=now, last_seen_at=now, ip=(ip or "")[:64]
            )
        )
    return sid


def end(sid: str | None) -> None:
    if not sid:
        return
    with database.write() as conn:
        conn.execute(update(UserSession).where(UserSession.sid == sid).values(ended_at=_now()))


def check(sid: object, user_id: int, idle: dt.timedelta, lifetime: dt.timedelta) -> bool:
    """Is this session alive: not ended, not idle too long, not too old, user still valid?"""
    if not isinstance(sid, str) or not sid:
        return False
    with database.read() as conn:
        row = conn.execute(
            select(
                UserSession.created_at,
                UserSession.last_seen_at,
                UserSession.ended_at,
                User.sessions_invalidated_at,
            )
            .join(User, User.id == UserSession.user_id)
            .where(UserSession.sid == sid, UserSession.user_id == user_id)
        ).first()
    if row is None:
        return False
    created_at, last_seen_at, ended_at, invalidated_at = row
    now = _now()
    created, seen = _aware(created_at), _aware(last_seen_at)
    invalidated_at = _aware(invalidated_at)
    if ended_at is not None or now - created > lifetime or now - seen > idle:
        return False
    if invalidated_at is not None and created <= invalidated_at:
        return False
    if now - seen > TOUCH_EVERY:
        with database.write() as conn:
            conn.execute(update(UserSession).where(UserSession.sid == sid).values(last_seen_at=now))
    return True
