"""Changes to stories (issue 21): create, edit, share, freeze; slides added, edited, moved.

Only the owner changes a story (an admin reads every story but edits only its own) and a viewer
owns none. Every change, and every refusal, writes an audit row; a refusal raises OutOfScope
(not allowed, foreign or unknown id) or StoryRefused (a rule, `key` names it for strings).
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import unquote_plus

from sqlalchemy import delete, func, insert, select, update

from dashboard import strings
from dashboard.models import Story, StoryShare, StorySlide, StorySnapshot
from dashboard.models.stories import SNAPSHOT_AUDIENCES
from dashboard.slides import ViewSnapshot, slide_page
from data_access import audit, database
from data_access.scope import OutOfScope, Scope
from data_access.stories import (
    SHARE_ROLES,
    WRITE_ROLES,
    readable_story,
    share_choices,
    slide_story,
)

MAX_TITLE = 200
MAX_DESCRIPTION = 4000
MAX_NOTE = 4000
MAX_QUERY = 2000
MAX_SLIDES = 100
MAX_SHARES = 200
# Query parameters of the player and of presentation mode, not of the view.
PLAYER_PARAMETERS = frozenset({"present", "slide"})


class StoryRefused(ValueError):
    """A story change that breaks a rule; `key` names the reason (STORY_REFUSALS)."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key

    @property
    def message(self) -> str:
        """The reason in the user's words."""
        reason = strings.STORY_REFUSALS.get(self.key, strings.STORY_REFUSED_OTHER)
        return strings.STORY_REFUSED.format(reason=reason)


def _text(value: object, limit: int, key: str, *, required: bool = False) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str) or len(value.strip()) > limit:
        raise StoryRefused(key)
    if required and not value.strip():
        raise StoryRefused(key)
    return value.strip()


def view_query(query: object) -> str:
    """The view's query string as stored: "?a=1&b=2" (or ""), as the page wrote it but
    without the player's and presentation mode's parameters; StoryRefused when not text or
    too long."""
    if query is None:
        query = ""
    if not isinstance(query, str) or len(query) > MAX_QUERY:
        raise StoryRefused("bad_query")
    kept = [
        part
        for part in query.lstrip("?").split("&")
        if part and unquote_plus(part.split("=", 1)[0]) not in PLAYER_PARAMETERS
    ]
    text = "&".join(kept)
    return f"?{text}" if text else ""


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _require_writer(scope: Scope, action: str, asked: str) -> None:
    if scope.role not in WRITE_ROLES or not scope.login:
        audit.record(action, "denied", scope=scope, asked=asked)
        raise OutOfScope("story", asked)


def _owned(conn, scope: Scope, story_id: object, action: str) -> dict:
    """The story row when `scope` owns it; audited OutOfScope otherwise."""
    asked = f"story={str(story_id)[:60]}"
    _require_writer(scope, action, asked)
    try:
        row = readable_story(conn, scope, story_id)
        if row["owner_login"] != scope.login:
            raise OutOfScope("story", story_id)
    except OutOfScope:
        audit.record(action, "denied", scope=scope, asked=asked)
        raise
    return row


def _owned_slide(conn, scope: Scope, slide_id: object, action: str) -> tuple[int, dict]:
    """(slide id, story row) when `scope` owns the slide's story; audited OutOfScope else."""
    asked = f"slide={str(slide_id)[:60]}"
    _require_writer(scope, action, asked)
    try:
        number, story_id = slide_story(conn, slide_id)
    except OutOfScope:
        audit.record(action, "denied", scope=scope, asked=asked)
        raise
    return number, _owned(conn, scope, story_id, action)


def _refused(action: str, scope: Scope, asked: str, refused: StoryRefused) -> None:
    audit.record(action, "failure", scope=scope, asked=asked, detail=refused.key)


def _touch(conn, story_id: int) -> None:
    conn.execute(update(Story).where(Story.id == story_id).values(updated_at=_now()))


def _done(action: str, scope: Scope, asked: str, detail: str = "") -> None:
    audit.record(action, "success", scope=scope, asked=asked, detail=detail or None)


# ------------------------------------------------------------------ stories


def create_story(scope: Scope, title: object, description: object = "") -> int:
    """A new empty story owned by the caller; returns its id."""
    action = "story.create"
    _require_writer(scope, action, "story=new")
    try:
        values = {
            "title": _text(title, MAX_TITLE, "bad_title", required=True),
            "description": _text(description, MAX_DESCRIPTION, "bad_description"),
        }
    except StoryRefused as refused:
        _refused(action, scope, "story=new", refused)
        raise
    now = _now()
    with database.write() as conn:
        new_id = conn.execute(
            insert(Story)
            .values(owner_login=scope.login, created_at=now, updated_at=now, **values)
            .returning(Story.id)
        ).scalar_one()
    _done(action, scope, f"story={new_id}")
    return int(new_id)


def update_story(scope: Scope, story_id: object, title: object, description: object) -> None:
    action = "story.update"
    with database.write() as conn:
        row = _owned(conn, scope, story_id, action)
        asked = f"story={row['id']}"
        try:
            values = {
                "title": _text(title, MAX_TITLE, "bad_title", required=True),
                "description": _text(description, MAX_DESCRIPTION, "bad_description"),
            }
        except StoryRefused as refused:
            _refused(action, scope, asked, refused)
            raise
        conn.execute(update(Story).where(Story.id == row["id"]).values(updated_at=_now(), **values))
    _done(action, scope, asked)


def delete_story(scope: Scope, story_id: object) -> None:
    """The story with its slides, shares and snapshots."""
    action = "story.delete"
    with database.write() as conn:
        row = _owned(conn, scope, story_id, action)
        slide_ids = select(StorySlide.id).where(StorySlide.story_id == row["id"])
        # Explicit deletes: SQLite does not enforce ON DELETE CASCADE without a pragma.
        conn.execute(delete(StorySnapshot).where(StorySnapshot.slide_id.in_(slide_ids)))
        conn.execute(delete(StorySlide).where(StorySlide.story_id == row["id"]))
        conn.execute(delete(StoryShare).where(StoryShare.story_id == row["id"]))
        conn.execute(delete(Story).where(Story.id == row["id"]))
    _done(action, scope, f"story={row['id']}", row["title"])


# ------------------------------------------------------------------ slides


def add_slide(
    scope: Scope, story_id: object, path: object, query: object, title: object, note: object = ""
) -> int:
    """A view appended to the story (the page `path` with its selection `query`); returns the
    slide's id. A frozen story takes no new slides (they would have no snapshot)."""
    action = "story.slide_add"
    with database.write() as conn:
        row = _owned(conn, scope, story_id, action)
        asked = f"story={row['id']}"
        try:
            if slide_page(path) is None:
                raise StoryRefused("bad_path")
            values = {
                "path": path,
                "query": view_query(query),
                "title": _text(title, MAX_TITLE, "bad_title", required=True),
                "note": _text(note, MAX_NOTE, "bad_note"),
            }
            if row["frozen_at"] is not None:
                raise StoryRefused("frozen")
            count = conn.execute(
                select(func.count()).select_from(StorySlide).where(StorySlide.story_id == row["id"])
            ).scalar_one()
            if count >= MAX_SLIDES:
                raise StoryRefused("too_many_slides")
        except StoryRefused as refused:
            _refused(action, scope, asked, refused)
            raise
        new_id = conn.execute(
            insert(StorySlide)
            .values(story_id=row["id"], position=int(count), **values)
            .returning(StorySlide.id)
        ).scalar_one()
        _touch(conn, row["id"])
    _done(action, scope, asked, f"slide={new_id} {path}")
    return int(new_id)


def update_slide(scope: Scope, slide_id: object, title: object, note: object) -> None:
    """The presenter's title and note (a frozen slide's view stays as frozen)."""
    action = "story.slide_update"
    with database.write() as conn:
        number, row = _owned_slide(conn, scope, slide_id, action)
        asked = f"slide={number}"
        try:
            values = {
                "title": _text(title, MAX_TITLE, "bad_title", required=True),
                "note": _text(note, MAX_NOTE, "bad_note"),
            }
        except StoryRefused as refused:
            _refused(action, scope, asked, refused)
            raise
        conn.execute(update(StorySlide).where(StorySlide.id == number).values(**values))
        _touch(conn, row["id"])
    _done(action, scope, asked)


def _renumber(conn, order: list[int]) -> None:
    for position, slide in enumerate(order):
        conn.execute(update(StorySlide).where(StorySlide.id == slide).values(position=position))


def _order(conn, story_id: int) -> list[int]:
    return list(
        conn.execute(
            select(StorySlide.id)
            .where(StorySlide.story_id == story_id)
            .order_by(StorySlide.position, StorySlide.id)
        ).scalars()
    )


def delete_slide(scope: Scope, slide_id: object) -> None:
    action = "story.slide_delete"
    with database.write() as conn:
        number, row = _owned_slide(conn, scope, slide_id, action)
        conn.execute(delete(StorySnapshot).where(StorySnapshot.slide_id == number))
        conn.execute(delete(StorySlide).where(StorySlide.id == number))
        _renumber(conn, _order(conn, row["id"]))
        _touch(conn, row["id"])
    _done(action, scope, f"slide={number}", f"story={row['id']}")


def move_slide(scope: Scope, slide_id: object, offset: object) -> None:
    """Move a slide one place up (-1) or down (+1); positions stay 0..n-1. Moving past either
    end leaves the order as it is."""
    action = "story.slide_move"
    with database.write() as conn:
        number, row = _owned_slide(conn, scope, slide_id, action)
        asked = f"slide={number}"
        if offset not in (-1, 1) or isinstance(offset, bool):
            refused = StoryRefused("bad_offset")
            _refused(action, scope, asked, refused)
            raise refused
        order = _order(conn, row["id"])
        at = order.index(number)
        to = min(max(at + int(offset), 0), len(order) - 1)
        order.insert(to, order.pop(at))
        _renumber(conn, order)
        _touch(conn, row["id"])
    _done(action, scope, asked, f"{at}->{to}")


# ------------------------------------------------------------------ sharing and freezing


def share_story(scope: Scope, story_id: object, roles: object, logins: object) -> None:
    """Replace the story's shares: whole roles (not admin) and users by login, among
    `share_choices` (active, not admin, of the owner's region)."""
    action = "story.share"
    _, choices = share_choices(scope)
    with database.write() as conn:
        row = _owned(conn, scope, story_id, action)
        asked = f"story={row['id']}"
        try:
            roles = sorted(set(_names(roles)))
            logins = sorted(set(_names(logins)) - {scope.login})
            if any(role not in SHARE_ROLES for role in roles):
                raise StoryRefused("bad_share")
            if len(roles) + len(logins) > MAX_SHARES:
                raise StoryRefused("bad_share")
            if not set(logins) <= set(choices):
                raise StoryRefused("bad_share")
        except StoryRefused as refused:
            _refused(action, scope, asked, refused)
            raise
        conn.execute(delete(StoryShare).where(StoryShare.story_id == row["id"]))
        for role in roles:
            conn.execute(insert(StoryShare).values(story_id=row["id"], role=role))
        for login in logins:
            conn.execute(insert(StoryShare).values(story_id=row["id"], user_login=login))
        _touch(conn, row["id"])
    _done(action, scope, asked, f"roles={','.join(roles)} logins={','.join(logins)}")


def _names(value: object) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list | tuple | set | frozenset):
        raise StoryRefused("bad_share")
    if any(not isinstance(v, str) or not v or len(v) > 80 for v in value):
        raise StoryRefused("bad_share")
    return list(value)


def freeze_story(
    scope: Scope, story_id: object, snapshots: dict[int, dict[str, ViewSnapshot]]
) -> None:
    """Store every slide's renderings ({slide_id: {"owner": v, "aggregates": v}}) and mark
    the story frozen by the caller, in one transaction; refreezing replaces the snapshots."""
    action = "story.freeze"
    with database.write() as conn:
        row = _owned(conn, scope, story_id, action)
        asked = f"story={row['id']}"
        order = _order(conn, row["id"])
        complete = set(snapshots) == set(order) and all(
            set(views) == set(SNAPSHOT_AUDIENCES)
            and all(isinstance(v, ViewSnapshot) for v in views.values())
            for views in snapshots.values()
        )
        if not order or not complete:
            refused = StoryRefused("no_slides" if not order else "incomplete")
            _refused(action, scope, asked, refused)
            raise refused
        now = _now()
        conn.execute(delete(StorySnapshot).where(StorySnapshot.slide_id.in_(order)))
        for slide_id in order:
            for audience in SNAPSHOT_AUDIENCES:
                conn.execute(
                    insert(StorySnapshot).values(
                        slide_id=slide_id,
                        audience=audience,
                        content=snapshots[slide_id][audience].to_json(),
                        taken_at=now,
                    )
                )
        conn.execute(
            update(Story)
            .where(Story.id == row["id"])
            .values(
                frozen_at=now,
                frozen_by=scope.login,
                frozen_role=scope.role,
                frozen_region_id=scope.region_id,
                frozen_municipality_id=scope.municipality_id,
                frozen_school_id=scope.school_id,
                updated_at=now,
            )
        )
    _done(action, scope, asked, f"slides={len(order)}")


def unfreeze_story(scope: Scope, story_id: object) -> None:
    """Back to live data: the snapshots are dropped."""
    action = "story.unfreeze"
    with database.write() as conn:
        row = _owned(conn, scope, story_id, action)
        slide_ids = select(StorySlide.id).where(StorySlide.story_id == row["id"])
        conn.execute(delete(StorySnapshot).where(StorySnapshot.slide_id.in_(slide_ids)))
        conn.execute(
            update(Story)
            .where(Story.id == row["id"])
            .values(
                frozen_at=None,
                frozen_by=None,
                frozen_role=None,
                frozen_region_id=None,
                frozen_municipality_id=None,
                frozen_school_id=None,
                updated_at=_now(),
            )
        )
    _done(action, scope, f"story={row['id']}")
