"""Teachers' professional development (seed 002 «план-заказ на повышение квалификации»): the
programme base, teachers per subject, schools' requests with their history, the
municipalities' confirmations of the plan-order, and who completed which programme."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Date,
    DateTime,
    ForeignKey,
    Integer,
    PrimaryKeyConstraint,
    SmallInteger,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from dashboard.models.base import Base

PROGRAMME_FORMATS = ("in_person", "distance", "blended")
#: submitted → accepted | declined (by the municipality) | withdrawn (by the school).
REQUEST_STATUSES = ("submitted", "accepted", "declined", "withdrawn")


class PdProgramme(Base):
    """A teacher professional-development programme and the skills it addresses
    (``skill_codes``: the skill codes of procedure tasks, separated by «;»)."""

    __tablename__ = "pd_programme"
    id: Mapped[int] = mapped_column(primary_key=True)
    programme_code: Mapped[str] = mapped_column(String(40), unique=True)
    title: Mapped[str] = mapped_column(String(500))
    provider: Mapped[str] = mapped_column(String(300))
    subject: Mapped[str] = mapped_column(String(100))
    skill_codes: Mapped[str] = mapped_column(String(500))
    hours: Mapped[int] = mapped_column(Integer)
    format: Mapped[str | None] = mapped_column(String(20))
    starts_on: Mapped[dt.date | None] = mapped_column(Date)
    ends_on: Mapped[dt.date | None] = mapped_column(Date)
    updated_by: Mapped[str | None] = mapped_column(String(80))
    updated_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class SubjectTeachers(Base):
    """How many teachers teach a subject at a school in a year (import `subject-teachers`):
    the teachers a skill deficit in that subject concerns."""

    __tablename__ = "subject_teacher"
    school_id: Mapped[int] = mapped_column(ForeignKey("school.id"))
    year: Mapped[int] = mapped_column(SmallInteger)
    subject: Mapped[str] = mapped_column(String(100))
    teachers: Mapped[int] = mapped_column(Integer)

    __table_args__ = (PrimaryKeyConstraint("school_id", "year", "subject"),)


class PdRequest(Base):
    """A school's request for PD: a subject and a skill or a topic, for how many teachers,
    for the plan-order of ``year``."""

    __tablename__ = "pd_request"
    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("school.id"), index=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipality.id"), index=True)
    year: Mapped[int] = mapped_column(SmallInteger)
    subject: Mapped[str] = mapped_column(String(100))
    skill_code: Mapped[str | None] = mapped_column(String(40))
    topic: Mapped[str | None] = mapped_column(Text)
    teachers: Mapped[int] = mapped_column(Integer)
    comment: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="submitted")
    created_by: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class PdRequestEvent(Base):
    """A request's history: submission and every status change, with who and why."""

    __tablename__ = "pd_request_event"
    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("pd_request.id"), index=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    by: Mapped[str] = mapped_column(String(80))
    role: Mapped[str] = mapped_column(String(20))
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    comment: Mapped[str | None] = mapped_column(Text)


class PdOrderConfirmation(Base):
    """A municipality's confirmation of its part of the plan-order of ``year`` (append-only):
    ``lines`` is the JSON of the lines as confirmed, so later data do not change them."""

    __tablename__ = "pd_order_confirmation"
    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipality.id"), index=True)
    year: Mapped[int] = mapped_column(SmallInteger)
    confirmed_by: Mapped[str] = mapped_column(String(80))
    confirmed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    lines: Mapped[str] = mapped_column(Text)


class PdCompletion(Base):
    """Teachers of a school who completed a programme in a year (import `pd-completions`)."""

    __tablename__ = "pd_completion"
    school_id: Mapped[int] = mapped_column(ForeignKey("school.id"))
    programme_id: Mapped[int] = mapped_column(ForeignKey("pd_programme.id"))
    year: Mapped[int] = mapped_column(SmallInteger)
    teachers: Mapped[int] = mapped_column(Integer)

    __table_args__ = (PrimaryKeyConstraint("school_id", "programme_id", "year"),)
