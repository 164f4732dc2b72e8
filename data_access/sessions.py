"""Server-side session registry: a cookie is only as good as its row here."""

from __future__ import annotations

import datetime as dt
import secrets

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from dashboard.models import SigninThrottle, TotpStep, User, UserSession
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


def end_others(user_id: int, keep_sid: str | None) -> int:
    """End every live session of a user but `keep_sid` (after a password change); how many."""
    stmt = update(UserSession).where(UserSession.user_id == user_id, UserSession.ended_at.is_(None))
    if keep_sid:
        stmt = stmt.where(UserSession.sid != keep_sid)
    with database.write() as conn:
        return conn.execute(stmt.values(ended_at=_now())).rowcount


def check(sid: object, user_id: int, idle: dt.timedelta, lifetime: dt.timedelta) -> bool:
    """Is this session alive: not ended, not idle too long, not too old, user still valid?"""
    if not isinstance(sid, str) or not sid:
        return False
    with database.read(primary=True) as conn:
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


# ------------------------------------------------------------------ sign-in throttle counters


def throttle_blocked_until(key: str) -> dt.datetime | None:
    with database.read(primary=True) as conn:
        until = conn.execute(
            select(SigninThrottle.blocked_until).where(SigninThrottle.key == key)
        ).scalar_one_or_none()
    return _aware(until)


def throttle_failure(
    key: str,
    now: dt.datetime,
    *,
    limit: int,
    window: dt.timedelta,
    block: dt.timedelta,
    max_block: dt.timedelta,
    forget_after: dt.timedelta,
) -> dt.datetime | None:
    """Count one failure in the key's fixed window; at `limit` failures block the key for
    `block`, doubled at each repeated lockout up to `max_block`. Returns the block's end."""
    for attempt in range(2):  # a concurrent first insert of the same key: read it again
        try:
            return _throttle_failure(key, now, limit, window, block, max_block, forget_after)
        except IntegrityError:
            if attempt:
                raise
    return None


def _throttle_failure(key, now, limit, window, block, max_block, forget_after):
    table = SigninThrottle.__table__
    with database.write() as conn:
        row = conn.execute(
            select(
                SigninThrottle.window_start,
                SigninThrottle.failures,
                SigninThrottle.strikes,
                SigninThrottle.blocked_until,
            )
            .where(SigninThrottle.key == key)
            .with_for_update()
        ).first()
        if row is None:
            conn.execute(
                table.insert().values(
                    key=key, window_start=now, failures=1, strikes=0, blocked_until=None
                )
            )
            failures, strikes, start = 1, 0, now
        else:
            start, failures, strikes = _aware(row.window_start), row.failures, row.strikes
            if now - start >= forget_after:
                strikes = 0
            if now - start >= window:
                start, failures = now, 0
            failures += 1
        until = None
        if failures >= limit:
            strikes += 1
            until = now + min(block * 2 ** (strikes - 1), max_block)
            failures = 0
        if row is not None or until is not None:
            values = {"window_start": start, "failures": failures, "strikes": strikes}
            if until is not None:
                values["blocked_until"] = until
            conn.execute(update(SigninThrottle).where(SigninThrottle.key == key).values(values))
    return until


def throttle_clear(key: str | None = None) -> None:
    """Forget a key's failures (a successful sign-in); without a key, every key (tests)."""
    stmt = delete(SigninThrottle)
    if key is not None:
        stmt = stmt.where(SigninThrottle.key == key)
    with database.write() as conn:
        conn.execute(stmt)


# ------------------------------------------------------------------ TOTP replay guard


def claim_totp_step(user_id: int, step: int) -> bool:
    """Record that `step` was used; False if it (or a later step) was used already."""
    with database.write() as conn:
        if conn.execute(
            update(TotpStep)
            .where(TotpStep.user_id == user_id, TotpStep.last_step < step)
            .values(last_step=step)
        ).rowcount:
            return True
        if conn.execute(select(TotpStep.user_id).where(TotpStep.user_id == user_id)).first():
            return False
    try:
        with database.write() as conn:
            conn.execute(TotpStep.__table__.insert().values(user_id=user_id, last_step=step))
    except IntegrityError:
        return False  # another worker claimed a step for this user at the same moment
    return True
