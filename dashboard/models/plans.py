"""Roadmaps with status history (decisions: dashboard.models.decisions; PD: .training)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Date,
    DateTime,
    ForeignKey,
    Integer,
    PrimaryKeyConstraint,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from dashboard.models.base import Base

ROADMAP_STATUSES = ("planned", "in_progress", "done", "cancelled")


class Roadmap(Base):
    __tablename__ = "roadmap"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(60), unique=True)
    title: Mapped[str] = mapped_column(String(600))
    kind: Mapped[str] = mapped_column(String(30))
    year_start: Mapped[int] = mapped_column(Integer)
    year_end: Mapped[int] = mapped_column(Integer)
    municipality_id: Mapped[int | None] = mapped_column(ForeignKey("municipality.id"))
    source: Mapped[str | None] = mapped_column(String(100))


class RoadmapItem(Base):
    __tablename__ = "roadmap_item"
    id: Mapped[int] = mapped_column(primary_key=True)
    roadmap_id: Mapped[int] = mapped_column(ForeignKey("roadmap.id"), index=True)
    number: Mapped[str] = mapped_column(String(20))
    section: Mapped[str] = mapped_column(String(600))
    title: Mapped[str] = mapped_column(Text)
    participants: Mapped[str | None] = mapped_column(Text)
    executors: Mapped[str | None] = mapped_column(Text)
    period_text: Mapped[str | None] = mapped_column(String(200))
    starts_on: Mapped[dt.date | None] = mapped_column(Date)
    due_on: Mapped[dt.date | None] = mapped_column(Date)
    expected_result: Mapped[str | None] = mapped_column(Text)
    confirming_materials: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="planned")
    progress: Mapped[int] = mapped_column(Integer, default=0)
    completed_on: Mapped[dt.date | None] = mapped_column(Date)

    __table_args__ = (UniqueConstraint("roadmap_id", "number", name="uq_roadmap_item_number"),)


class RoadmapStatusChange(Base):
    __tablename__ = "roadmap_status_change"
    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("roadmap_item.id"), index=True)
    changed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    changed_by: Mapped[str] = mapped_column(String(80))
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    comment: Mapped[str | None] = mapped_column(Text)
    # The occurrence (RoadmapItemOccurrence.occurrence) the change was for; None: the whole item
    # (every occurrence), as every change was before occurrences were stored.
    occurrence: Mapped[int | None] = mapped_column(Integer)


class RoadmapItemOccurrence(Base):
    """What was recorded for one occurrence of a roadmap item: a year of a recurring deadline
    («ежегодно, до 15 августа») or one span of a multi-span one («Январь – апрель Сентябрь –
    ноябрь»), numbered 1, 2, … within the item as analytics.roadmap_progress.expand_occurrences
    numbers them. An occurrence without a row takes the item's own status and completion date.
    """

    __tablename__ = "roadmap_item_occurrence"
    item_id: Mapped[int] = mapped_column(ForeignKey("roadmap_item.id"))
    occurrence: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20))
    progress: Mapped[int] = mapped_column(Integer, default=0)
    completed_on: Mapped[dt.date | None] = mapped_column(Date)

    __table_args__ = (PrimaryKeyConstraint("item_id", "occurrence"),)


class RoadmapEvidence(Base):
    """A confirming material of a roadmap item: a link, or an uploaded file kept in OKO_VAR_DIR.

    The file is stored under a generated name (``stored_as``), never the uploader's name, and
    served back with ``Content-Disposition: attachment``.
    """

    __tablename__ = "roadmap_evidence"
    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("roadmap_item.id"), index=True)
    kind: Mapped[str] = mapped_column(String(10))  # "link" or "file"
    title: Mapped[str] = mapped_column(String(400))
    url: Mapped[str | None] = mapped_column(String(1000))
    file_name: Mapped[str | None] = mapped_column(String(255))
    content_type: Mapped[str | None] = mapped_column(String(100))
    size_bytes: Mapped[int | None] = mapped_column(Integer)
    sha256: Mapped[str | None] = mapped_column(String(64))
    stored_as: Mapped[str | None] = mapped_column(String(300))
    added_by: Mapped[str] = mapped_column(String(80))
    added_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class RoadmapItemLink(Base):
    """What a roadmap item is meant to move: a seed 004 KPI (``kpi``) or an OKO page (``page``)."""

    __tablename__ = "roadmap_item_link"
    item_id: Mapped[int] = mapped_column(ForeignKey("roadmap_item.id"))
    target_kind: Mapped[str] = mapped_column(String(10))
    target: Mapped[str] = mapped_column(String(100))

    __table_args__ = (PrimaryKeyConstraint("item_id", "target_kind", "target"),)
