"""Keep user accounts valid across a demo reset.

Users may be scoped to a region, municipality or school of the demo.  Before the data tables
are emptied their scope is remembered by *code* and detached (and the account disabled, so a
half-finished rebuild can never leave an active account without a scope).  After the rebuild
each account is re-attached to the rows with the same codes and gets its old ``is_active``
back; an account whose region, municipality or school no longer exists stays disabled with
its sessions invalidated.  Everything happens inside the build's single transaction.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Connection, bindparam, or_, select, update

from dashboard.models import Municipality, Region, School, User

_users = User.__table__
_regions, _munis, _schools = Region.__table__, Municipality.__table__, School.__table__


@dataclass(frozen=True)
class ScopedUser:
    id: int
    login: str
    is_active: bool
    region_code: str | None
    municipality_code: str | None
    school_code: str | None


def detach_users(conn: Connection) -> list[ScopedUser]:
    """Remember and clear the geographic scope of every scoped user (disabling them)."""
    stmt = (
        select(
            _users.c.id,
            _users.c.login,
            _users.c.is_active,
            _regions.c.code,
            _munis.c.code,
            _schools.c.school_code,
        )
        .select_from(
            _users.outerjoin(_regions, _users.c.region_id == _regions.c.id)
            .outerjoin(_munis, _users.c.municipality_id == _munis.c.id)
            .outerjoin(_schools, _users.c.school_id == _schools.c.id)
        )
        .where(
            or_(
                _users.c.region_id.is_not(None),
                _users.c.municipality_id.is_not(None),
                _users.c.school_id.is_not(None),
            )
        )
        .order_by(_users.c.id)
    )
    scoped = [ScopedUser(*row) for row in conn.execute(stmt)]
    if scoped:
        conn.execute(
            update(_users)
            .where(_users.c.id.in_([u.id for u in scoped]))
            .values(region_id=None, municipality_id=None, school_id=None, is_active=False)
        )
    return scoped


def reattach_users(conn: Connection, scoped: list[ScopedUser]) -> list[str]:
    """Give users their scope back by code; returns logins left disabled (code gone)."""
    if not scoped:
        return []
    regions = dict(conn.execute(select(_regions.c.code, _regions.c.id)).all())
    munis = dict(conn.execute(select(_munis.c.code, _munis.c.id)).all())
    schools = dict(conn.execute(select(_schools.c.school_code, _schools.c.id)).all())
    restored, lost = [], []
    for user in scoped:
        ids = {}
        ok = True
        for key, code, lookup in (
            ("region_id", user.region_code, regions),
            ("municipality_id", user.municipality_code, munis),
            ("school_id", user.school_code, schools),
        ):
            if code is not None and code not in lookup:
                ok = False
            ids[key] = lookup.get(code) if code is not None else None
        if ok:
            restored.append({"uid": user.id, "active": user.is_active, **ids})
        else:
            lost.append(user)
    if restored:
        conn.execute(
            update(_users)
            .where(_users.c.id == bindparam("uid"))
            .values(
                region_id=bindparam("region_id"),
                municipality_id=bindparam("municipality_id"),
                school_id=bindparam("school_id"),
                is_active=bindparam("active"),
            ),
            restored,
        )
    if lost:
        conn.execute(
            update(_users)
            .where(_users.c.id.in_([u.id for u in lost]))
            .values(sessions_invalidated_at=dt.datetime.now(dt.UTC))
        )
    return [u.login for u in lost]
