"""User accounts: creation, disabling, listing, and the lookups sign-in needs."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import func, or_, select, update

from dashboard import strings
from dashboard.auth.passwords import check_policy, hash_password, verify_password
from dashboard.models import ROLES, Municipality, Region, School, User, UserSession
from data_access import database
from data_access.scope import OutOfScope, Scope

LOGIN_RE = re.compile(r"^[a-zA-Z0-9._@-]{3,80}$")


class UserError(ValueError):
    """Bad input for a user change; the message names what is wrong."""


@dataclass(frozen=True)
class Account:
    id: int
    login: str
    role: str
    region_id: int | None
    municipality_id: int | None
    school_id: int | None
    is_active: bool
    password_hash: str
    sessions_invalidated_at: dt.datetime | None
    totp_secret: str | None


def _require_admin(scope: Scope) -> None:
    if scope.role != "admin":
        raise OutOfScope("users", scope.login)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def add_user(
    scope: Scope,
    login: str,
    password: str,
    role: str,
    municipality_code: str | None = None,
    school_code: str | None = None,
) -> int:
    """Create a user with a scope fitting its role; raise UserError on bad input."""
    _require_admin(scope)
    if not LOGIN_RE.match(login or ""):
        raise UserError(strings.ACCOUNT_BAD_LOGIN)
    if role not in ROLES:
        raise UserError(strings.ACCOUNT_BAD_ROLE.format(role=role, roles=", ".join(ROLES)))
    check_policy(password, login)
    with database.write() as conn:
        if conn.execute(select(User.id).where(User.login == login)).first():
            raise UserError(strings.ACCOUNT_EXISTS.format(login=login))
        region_id = conn.execute(select(Region.id).order_by(Region.id)).scalars().first()
        municipality_id = school_id = None
        if school_code:
            row = conn.execute(
                select(School.id, School.municipality_id).where(School.school_code == school_code)
            ).first()
            if row is None:
                raise UserError(strings.ACCOUNT_UNKNOWN_SCHOOL.format(code=school_code))
            school_id, municipality_id = row
        if municipality_code:
            found = conn.execute(
                select(Municipality.id).where(Municipality.code == municipality_code)
            ).scalar_one_or_none()
            if found is None:
                raise UserError(strings.ACCOUNT_UNKNOWN_MUNICIPALITY.format(code=municipality_code))
            if municipality_id is not None and municipality_id != found:
                raise UserError(strings.ACCOUNT_SCHOOL_ELSEWHERE)
            municipality_id = found
        if role == "school" and school_id is None:
            raise UserError(strings.ACCOUNT_NEEDS_SCHOOL)
        if role == "municipality" and municipality_id is None:
            raise UserError(strings.ACCOUNT_NEEDS_MUNICIPALITY)
        if role in {"admin", "region"}:
            municipality_id = school_id = None
        if role == "municipality":
            school_id = None
        result = conn.execute(
            User.__table__.insert().values(
                login=login,
                password_hash=hash_password(password),
                role=role,
                region_id=region_id if role != "admin" else None,
                municipality_id=municipality_id,
                school_id=school_id,
                is_active=True,
                created_at=utcnow(),
            )
        )
        return int(result.inserted_primary_key[0])


def set_active(scope: Scope, login: str, active: bool) -> None:
    """Disable (or re-enable) a user; disabling ends every live session at once."""
    _require_admin(scope)
    values: dict = {"is_active": active}
    if not active:
        values["sessions_invalidated_at"] = utcnow()
    with database.write() as conn:
        done = conn.execute(update(User).where(User.login == login).values(**values))
        if done.rowcount == 0:
            raise UserError(strings.ACCOUNT_MISSING.format(login=login))


def set_password(scope: Scope, login: str, password: str) -> None:
    """Reset a password (admin) and end that user's live sessions."""
    if scope.role != "admin" and scope.login != login:
        raise OutOfScope("users", login)
    check_policy(password, login)
    with database.write() as conn:
        done = conn.execute(
            update(User)
            .where(User.login == login)
            .values(password_hash=hash_password(password), sessions_invalidated_at=utcnow())
        )
        if done.rowcount == 0:
            raise UserError(strings.ACCOUNT_MISSING.format(login=login))


def change_own_password(scope: Scope, current: str, new: str) -> int:
    """A signed-in user replaces their own password, proving the current one first.

    Raises UserError (wrong current password) or WeakPassword (policy); returns the user's
    id, so the caller can end that user's other sessions."""
    if not scope.login:
        raise OutOfScope("users", scope.login)
    account = account_by_login(scope.login)
    if account is None or not account.is_active:
        raise OutOfScope("users", scope.login)
    if not verify_password(account.password_hash, current):
        raise UserError(strings.PASSWORD_CURRENT_WRONG)
    check_policy(new, scope.login)
    with database.write() as conn:
        conn.execute(
            update(User).where(User.id == account.id).values(password_hash=hash_password(new))
        )
    return account.id


def list_users(scope: Scope) -> list[dict]:
    _require_admin(scope)
    stmt = (
        select(
            User.login,
            User.role,
            User.is_active,
            Municipality.code.label("municipality_code"),
            School.school_code,
            User.created_at,
        )
        .outerjoin(Municipality, Municipality.id == User.municipality_id)
        .outerjoin(School, School.id == User.school_id)
        .order_by(User.login)
    )
    with database.read() as conn:
        return [dict(row) for row in conn.execute(stmt).mappings()]


def _account(row) -> Account:
    return Account(**{field: row[field] for field in Account.__dataclass_fields__})


def account_by_login(login: str) -> Account | None:
    """Sign-in lookup; runs before any scope exists."""
    if not isinstance(login, str) or not LOGIN_RE.match(login):
        return None
    with database.read() as conn:
        row = conn.execute(select(User.__table__).where(User.login == login)).mappings().first()
    return _account(row) if row else None


def account_by_id(user_id: int) -> Account | None:
    with database.read() as conn:
        row = conn.execute(select(User.__table__).where(User.id == user_id)).mappings().first()
    return _account(row) if row else None


def scope_for(account: Account) -> Scope:
    """The one way a Scope comes to exist for a signed-in user."""
    return Scope(
        login=account.login,
        role=account.role,
        region_id=account.region_id,
        municipality_id=account.municipality_id,
        school_id=account.school_id,
    )


def own_school_code(scope: Scope) -> str | None:
    if scope.school_id is None:
        return None
    with database.read() as conn:
        return conn.execute(
            select(School.school_code).where(School.id == scope.school_id)
        ).scalar_one_or_none()


SYSTEM = Scope(login="system", role="admin")


# ------------------------------------------------------------------ the admin page (/admin/users)


def reset_password(scope: Scope, login: str, password: str) -> None:
    """An administrator sets another user's password (set_password also serves self-service)."""
    _require_admin(scope)
    set_password(scope, login, password)


def sessions_count(
    scope: Scope,
    *,
    seen_since: dt.datetime | None = None,
    created_since: dt.datetime | None = None,
) -> dict[str, int]:
    """Live sessions per login: not ended, issued after the user's last invalidation
    (disable, new password, logout everywhere) and, when given, seen or created recently."""
    _require_admin(scope)
    stmt = (
        select(User.login, func.count(UserSession.sid))
        .join(UserSession, UserSession.user_id == User.id)
        .where(
            User.is_active.is_(True),
            UserSession.ended_at.is_(None),
            or_(
                User.sessions_invalidated_at.is_(None),
                UserSession.created_at > User.sessions_invalidated_at,
            ),
        )
        .group_by(User.login)
    )
    if seen_since is not None:
        stmt = stmt.where(UserSession.last_seen_at >= seen_since.astimezone(dt.UTC))
    if created_since is not None:
        stmt = stmt.where(UserSession.created_at >= created_since.astimezone(dt.UTC))
    with database.read() as conn:
        return {login: int(count) for login, count in conn.execute(stmt)}


def require_admin(scope: Scope) -> None:
    """Refuse (OutOfScope) anyone but an administrator, for callers that validate a form
    before calling add_user / set_active / reset_password, so a refusal comes first."""
    _require_admin(scope)


def set_totp(scope: Scope, login: str, secret: str | None) -> None:
    """Turn the TOTP second factor on (with a new secret) or off; live sessions end."""
    require_admin(scope)
    with database.write() as conn:
        done = conn.execute(
            update(User)
            .where(User.login == login)
            .values(totp_secret=secret, sessions_invalidated_at=utcnow())
        )
        if done.rowcount == 0:
            raise UserError(strings.ACCOUNT_MISSING.format(login=login))
