"""Voluntary diagnostic works (seed 002 «система добровольных диагностических работ»): the
catalogue of works, schools' registrations with their history, and schools' feedback.

A work's results are an ordinary procedure of kind ``voluntary`` whose code is the work's
``work_code``: imported with the existing import kinds, read only through data_access.voluntary.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Date,
    DateTime,
    ForeignKey,
    Integer,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from dashboard.models.base import Base

VOLUNTARY_KIND = "voluntary"
WORK_FORMS = ("paper", "computer")
#: registered → withdrawn (by the school, before the work starts) → registered again.
REGISTRATION_STATUSES = ("registered", "withdrawn")
DIFFICULTIES = ("easy", "fit", "hard")
JOIN_AGAIN = ("yes", "unsure", "no")


class VoluntaryWork(Base):
    """A diagnostic work of the catalogue: subject, grade, the skills it covers (skill codes
    of procedure tasks, «;»-joined), form, dates, registration deadline, organiser and the
    Rosobrnadzor objectivity recommendations it follows (free text)."""

    __tablename__ = "voluntary_work"
    id: Mapped[int] = mapped_column(primary_key=True)
    work_code: Mapped[str] = mapped_column(String(60), unique=True)
    title: Mapped[str] = mapped_column(String(500))
    subject: Mapped[str] = mapped_column(String(100))
    grade: Mapped[int] = mapped_column(SmallInteger)
    skill_codes: Mapped[str] = mapped_column(String(500))
    form: Mapped[str] = mapped_column(String(20))
    held_on: Mapped[dt.date] = mapped_column(Date)
    registration_deadline: Mapped[dt.date] = mapped_column(Date)
    organiser: Mapped[str] = mapped_column(String(300))
    objectivity_measures: Mapped[str | None] = mapped_column(Text)
    updated_by: Mapped[str | None] = mapped_column(String(80))
    updated_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class VoluntaryRegistration(Base):
    """A school's registration for a work: which classes and how many pupils. One row per
    school and work; a withdrawal and a new registration move its status."""

    __tablename__ = "voluntary_registration"
    id: Mapped[int] = mapped_column(primary_key=True)
    work_id: Mapped[int] = mapped_column(ForeignKey("voluntary_work.id"), index=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("school.id"), index=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipality.id"), index=True)
    classes: Mapped[str] = mapped_column(String(200))
    pupils: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20), default="registered")
    registered_by: Mapped[str] = mapped_column(String(80))
    registered_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))

    __table_args__ = (UniqueConstraint("work_id", "school_id"),)


class VoluntaryRegistrationEvent(Base):
    """A registration's history: each registration, change and withdrawal, with who and why."""

    __tablename__ = "voluntary_registration_event"
    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(
        ForeignKey(
            "voluntary_registration.id", name="fk_voluntary_registration_event_registration"
        ),
        index=True,
    )
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    by: Mapped[str] = mapped_column(String(80))
    role: Mapped[str] = mapped_column(String(20))
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    comment: Mapped[str | None] = mapped_column(Text)


class VoluntaryFeedback(Base):
    """A participating school's answer to the short form after the results: usefulness
    (1–5), difficulty, whether it would join again, and a comment. One per school and work;
    a new answer replaces the old."""

    __tablename__ = "voluntary_feedback"
    id: Mapped[int] = mapped_column(primary_key=True)
    work_id: Mapped[int] = mapped_column(ForeignKey("voluntary_work.id"), index=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("school.id"))
    usefulness: Mapped[int] = mapped_column(SmallInteger)
    difficulty: Mapped[str] = mapped_column(String(20))
    join_again: Mapped[str] = mapped_column(String(20))
    comment: Mapped[str | None] = mapped_column(Text)
    answered_by: Mapped[str] = mapped_column(String(80))
    answered_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))

    __table_args__ = (UniqueConstraint("work_id", "school_id"),)
