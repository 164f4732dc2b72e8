"""Stories (issue 21): who may read a story, its slides, and the frozen snapshot one may see.

A story is read by its owner, by an admin, and by users it is shared with (by role or login)
in the owner's region; a viewer reads only stories shared with it. A frozen slide was rendered
twice: under the freezer's scope ("owner") and under the viewer-equivalent scope of the
freezer's region ("aggregates"); a reader gets the "owner" rendering only when its own scope
covers everything the freezer saw, so freezing never widens what anyone may see.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, or_, select

from dashboard.models import ROLES, Region, Story, StoryShare, StorySlide, StorySnapshot, User
from dashboard.slides import ViewSnapshot
from data_access import database
from data_access.scope import OutOfScope, Scope, row_id

WRITE_ROLES = frozenset({"admin", "region", "municipality", "school"})
# Roles a story may be shared with (an admin reads every story anyway).
SHARE_ROLES = tuple(role for role in ROLES if role != "admin")


@dataclass(frozen=True)
class StoryInfo:
    id: int
    title: str
    description: str
    owner_login: str
    updated_at: dt.datetime
    frozen_at: dt.datetime | None
    frozen_by: str | None
    slide_count: int
    shared_roles: tuple[str, ...]
    shared_logins: tuple[str, ...]
    editable: bool  # the reader is the owner


@dataclass(frozen=True)
class SlideInfo:
    id: int
    position: int
    path: str
    query: str
    title: str
    note: str


def utc(value: dt.datetime | None) -> dt.datetime | None:
    """A stored time as UTC-aware (SQLite hands back naive datetimes)."""
    if value is None:
        return None
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)


# ------------------------------------------------------------------ scopes of owners and readers


def covers(reader: Scope, freezer: Scope) -> bool:
    """Whether `reader` may see everything `freezer` saw (then the freezer's rendering may be
    shown to it): an admin covers all; a region user covers its region's users; a municipality
    user covers itself and its schools; anyone covers a viewer of the same region."""
    if reader.role == "admin":
        return True
    if freezer.role == "admin" or reader.region_id != freezer.region_id:
        return False
    if freezer.role == "viewer":
        return True
    if reader.role == "region":
        return freezer.role in {"region", "municipality", "school"}
    if reader.role == "municipality":
        return (
            freezer.role in {"municipality", "school"}
            and freezer.municipality_id == reader.municipality_id
        )
    if reader.role == "school":
        return freezer.role == "school" and freezer.school_id == reader.school_id
    return False


def _first_region(conn) -> int | None:
    return conn.execute(select(Region.id).order_by(Region.id)).scalars().first()


def aggregates_scope(scope: Scope) -> Scope:
    """The viewer-equivalent scope of `scope`'s region (an admin's: the first region, as new
    accounts get): what any signed-in user of the region may see."""
    region_id = scope.region_id
    if region_id is None:
        with database.read() as conn:
            region_id = _first_region(conn)
    return Scope(login=scope.login, role="viewer", region_id=region_id)


def _same_region(reader: Scope, owner_region: int | None) -> bool:
    return owner_region is None or reader.region_id == owner_region


def _shared_with(reader: Scope):
    """A condition on StoryShare: shared with the reader's role or login."""
    return or_(StoryShare.role == reader.role, StoryShare.user_login == reader.login)


def _readable(conn, scope: Scope, story_id: int) -> dict:
    """The story row if `scope` may read it; OutOfScope otherwise (unknown ids alike)."""
    row = conn.execute(select(Story.__table__).where(Story.id == story_id)).mappings().first()
    if row is None:
        raise OutOfScope("story", story_id)
    if scope.role == "admin" or (row["owner_login"] == scope.login and scope.login):
        return dict(row)
    shared = conn.execute(
        select(StoryShare.id).where(StoryShare.story_id == story_id, _shared_with(scope))
    ).first()
    owner_region = conn.execute(
        select(User.region_id).where(User.login == row["owner_login"])
    ).first()
    if shared is None or owner_region is None or not _same_region(scope, owner_region[0]):
        raise OutOfScope("story", story_id)
    return dict(row)


def readable_story(conn, scope: Scope, story_id: object) -> dict:
    """The story row for data_access.story_changes (same rules as `story`)."""
    return _readable(conn, scope, row_id(story_id, "story"))


def _info(conn, scope: Scope, row: dict) -> StoryInfo:
    count = conn.execute(
        select(func.count()).select_from(StorySlide).where(StorySlide.story_id == row["id"])
    ).scalar_one()
    shares = conn.execute(
        select(StoryShare.role, StoryShare.user_login)
        .where(StoryShare.story_id == row["id"])
        .order_by(StoryShare.id)
    ).all()
    return StoryInfo(
        id=row["id"],
        title=row["title"],
        description=row["description"] or "",
        owner_login=row["owner_login"],
        updated_at=utc(row["updated_at"]),
        frozen_at=utc(row["frozen_at"]),
        frozen_by=row["frozen_by"],
        slide_count=int(count),
        shared_roles=tuple(sorted({r for r, _ in shares if r})),
        shared_logins=tuple(sorted({u for _, u in shares if u})),
        editable=scope.role in WRITE_ROLES and row["owner_login"] == scope.login,
    )


# ------------------------------------------------------------------ reads


def list_stories(scope: Scope) -> list[StoryInfo]:
    """Own stories and those shared with my role or login in the owner's region, newest
    first; an admin lists all."""
    stmt = select(Story.__table__).order_by(Story.updated_at.desc(), Story.id.desc())
    if scope.role != "admin":
        if not scope.login:
            return []
        shared = select(StoryShare.story_id).where(_shared_with(scope))
        in_region = (
            select(User.id)
            .where(User.login == Story.owner_login)
            .where(or_(User.region_id.is_(None), User.region_id == scope.region_id))
            .exists()
        )
        stmt = stmt.where(or_(Story.owner_login == scope.login, Story.id.in_(shared) & in_region))
    with database.read() as conn:
        rows = [dict(r) for r in conn.execute(stmt).mappings()]
        return [_info(conn, scope, row) for row in rows]


def story(scope: Scope, story_id: object) -> StoryInfo:
    """One story; OutOfScope unless `scope` may read it."""
    with database.read() as conn:
        return _info(conn, scope, readable_story(conn, scope, story_id))


def _slides(conn, story_id: int) -> list[SlideInfo]:
    rows = conn.execute(
        select(
            StorySlide.id,
            StorySlide.position,
            StorySlide.path,
            StorySlide.query,
            StorySlide.title,
            StorySlide.note,
        )
        .where(StorySlide.story_id == story_id)
        .order_by(StorySlide.position, StorySlide.id)
    ).all()
    return [SlideInfo(i, p, path, q or "", t, n or "") for i, p, path, q, t, n in rows]


def slides(scope: Scope, story_id: object) -> list[SlideInfo]:
    """A story's slides by position; OutOfScope unless the story is readable."""
    with database.read() as conn:
        row = readable_story(conn, scope, story_id)
        return _slides(conn, row["id"])


def slide_story(conn, slide_id: object) -> tuple[int, int]:
    """(slide id, story id) of a slide; OutOfScope for an unknown id."""
    number = row_id(slide_id, "story_slide")
    found = conn.execute(select(StorySlide.story_id).where(StorySlide.id == number)).first()
    if found is None:
        raise OutOfScope("story_slide", slide_id)
    return number, found[0]


def freezer_scope(row: dict) -> Scope | None:
    """The scope a frozen story was rendered under (None when it is not frozen)."""
    if row["frozen_at"] is None:
        return None
    return Scope(
        login=row["frozen_by"] or "",
        role=row["frozen_role"] or "viewer",
        region_id=row["frozen_region_id"],
        municipality_id=row["frozen_municipality_id"],
        school_id=row["frozen_school_id"],
    )


def frozen_view(scope: Scope, slide_id: object) -> tuple[ViewSnapshot, dt.datetime] | None:
    """The frozen rendering of a slide this reader may see ("owner" when the reader covers
    the freezer, else "aggregates") and when it was frozen; None when the story is not
    frozen; OutOfScope unless the story is readable."""
    with database.read() as conn:
        number, story_id = slide_story(conn, slide_id)
        row = readable_story(conn, scope, story_id)
        freezer = freezer_scope(row)
        if freezer is None:
            return None
        audience = "owner" if covers(scope, freezer) else "aggregates"
        content = conn.execute(
            select(StorySnapshot.content).where(
                StorySnapshot.slide_id == number, StorySnapshot.audience == audience
            )
        ).scalar_one_or_none()
    if content is None:
        return None
    return ViewSnapshot.from_json(content), utc(row["frozen_at"])


def share_choices(scope: Scope) -> tuple[list[str], list[str]]:
    """(roles, logins) one may share a story with: the roles other than admin, and the active
    non-admin users of one's region other than oneself. Nothing for a viewer (cannot own)."""
    if scope.role not in WRITE_ROLES:
        return [], []
    stmt = (
        select(User.login)
        .where(User.is_active.is_(True), User.login != scope.login, User.role != "admin")
        .order_by(User.login)
    )
    if scope.region_id is not None:
        stmt = stmt.where(User.region_id == scope.region_id)
    with database.read() as conn:
        logins = list(conn.execute(stmt).scalars())
    return list(SHARE_ROLES), logins


def frozen_audience(scope: Scope, story_id: object) -> str | None:
    """Which snapshot `frozen_view` gives this reader ("owner" or "aggregates"), None when the
    story is not frozen; OutOfScope unless readable. Lets a live rendering be compared with
    the frozen one under the same eyes."""
    with database.read() as conn:
        freezer = freezer_scope(readable_story(conn, scope, story_id))
    if freezer is None:
        return None
    return "owner" if covers(scope, freezer) else "aggregates"
