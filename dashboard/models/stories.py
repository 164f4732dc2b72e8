"""Stories for seminars: a sequence of saved views (page + selection + title + note) that plays
as slides, shared with roles or users, and optionally frozen (its slides' figures and tables
stored here, so later imports do not change what was shown)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from dashboard.models.base import Base

#: Whose eyes a frozen snapshot was rendered for: the owner's scope, or aggregates only (the
#: viewer's rendering of the owner's region), which any signed-in user of the region may see.
SNAPSHOT_AUDIENCES = ("owner", "aggregates")


class Story(Base):
    """A story belongs to its owner (who alone edits it); the owner's scope at the time of
    freezing is kept so a frozen rendering is shown only to those who may see it."""

    __tablename__ = "story"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    owner_login: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    frozen_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    frozen_by: Mapped[str | None] = mapped_column(String(80))
    # The freezer's scope (Scope.key parts), checked against every reader of the snapshot.
    frozen_role: Mapped[str | None] = mapped_column(String(20))
    frozen_region_id: Mapped[int | None] = mapped_column(Integer)
    frozen_municipality_id: Mapped[int | None] = mapped_column(Integer)
    frozen_school_id: Mapped[int | None] = mapped_column(Integer)

    __table_args__ = (Index("ix_story_owner_login", "owner_login"),)


class StorySlide(Base):
    """One view of a story: a page path and its query string (the page's shareable
    selection), with the presenter's title and note."""

    __tablename__ = "story_slide"
    id: Mapped[int] = mapped_column(primary_key=True)
    story_id: Mapped[int] = mapped_column(ForeignKey("story.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    path: Mapped[str] = mapped_column(String(200))
    query: Mapped[str] = mapped_column(String(2000), default="")
    title: Mapped[str] = mapped_column(String(200))
    note: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (Index("ix_story_slide_story_id", "story_id"),)


class StoryShare(Base):
    """A story shared with a whole role (``role``) or with one user (``user_login``)."""

    __tablename__ = "story_share"
    id: Mapped[int] = mapped_column(primary_key=True)
    story_id: Mapped[int] = mapped_column(ForeignKey("story.id", ondelete="CASCADE"))
    role: Mapped[str | None] = mapped_column(String(20))
    user_login: Mapped[str | None] = mapped_column(String(80))

    __table_args__ = (
        UniqueConstraint("story_id", "role", "user_login"),
        Index("ix_story_share_story_id", "story_id"),
    )


class StorySnapshot(Base):
    """A frozen slide: the `dashboard.slides.ViewSnapshot` JSON as rendered at freezing, once
    per audience (SNAPSHOT_AUDIENCES). Kept in the database, never in the cache."""

    __tablename__ = "story_snapshot"
    id: Mapped[int] = mapped_column(primary_key=True)
    slide_id: Mapped[int] = mapped_column(ForeignKey("story_slide.id", ondelete="CASCADE"))
    audience: Mapped[str] = mapped_column(String(20))
    content: Mapped[str] = mapped_column(Text)
    taken_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))

    __table_args__ = (UniqueConstraint("slide_id", "audience"),)
