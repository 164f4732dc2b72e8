"""Assessment procedures and their school-, pupil- and skill-level results."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from dashboard.models.base import Base

PROCEDURE_KINDS = (
    "vpr",
    "oge",
    "ege",
    "niko",
    "riko",
    "diagnostic",
    "olympiad",
    "intl",
    "voluntary",  # a voluntary diagnostic work (dashboard.models.voluntary): read apart
)


class Procedure(Base):
    """One test of one subject, grade and year."""

    __tablename__ = "procedure"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(60), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    subject: Mapped[str] = mapped_column(String(100))
    grade: Mapped[int] = mapped_column(SmallInteger)
    year: Mapped[int] = mapped_column(Integer)
    held_on: Mapped[dt.date | None] = mapped_column(Date)
    # When the first results of the procedure were imported: the timeliness criterion of
    # /decisions/effectiveness (days from held_on). Set once, by the import that brings them.
    results_loaded_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    max_score: Mapped[float] = mapped_column(Float)
    threshold_3: Mapped[float | None] = mapped_column(Float)
    threshold_4: Mapped[float | None] = mapped_column(Float)
    threshold_5: Mapped[float | None] = mapped_column(Float)
    # Seed 004 indicator 1.3 counts procedures built with the expert community's content.
    community_content: Mapped[bool] = mapped_column(Boolean, default=False)

    __table_args__ = (
        Index("ix_procedure_kind_subject_grade_year", "kind", "subject", "grade", "year"),
    )


class ProcedureTask(Base):
    """A task of a procedure and the skill (content element) it assesses."""

    __tablename__ = "procedure_task"
    procedure_id: Mapped[int] = mapped_column(ForeignKey("procedure.id"), primary_key=True)
    task_number: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    max_points: Mapped[float] = mapped_column(Float)
    skill_code: Mapped[str] = mapped_column(String(40))
    skill_name: Mapped[str] = mapped_column(String(400))


class SchoolResult(Base):
    """School-level aggregate of one procedure (as published or computed from pupils)."""

    __tablename__ = "school_result"
    procedure_id: Mapped[int] = mapped_column(ForeignKey("procedure.id"), primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("school.id"), primary_key=True)
    participants: Mapped[int] = mapped_column(Integer)
    mean_score: Mapped[float | None] = mapped_column(Float)
    mean_percent: Mapped[float | None] = mapped_column(Float)
    marks_2: Mapped[int | None] = mapped_column(Integer)
    marks_3: Mapped[int | None] = mapped_column(Integer)
    marks_4: Mapped[int | None] = mapped_column(Integer)
    marks_5: Mapped[int | None] = mapped_column(Integer)

    __table_args__ = (Index("ix_school_result_school", "school_id", "procedure_id"),)


class PupilResult(Base):
    """One anonymous participant's result; task points kept as 'p1;p2;…' to stay compact."""

    __tablename__ = "pupil_result"
    id: Mapped[int] = mapped_column(primary_key=True)
    procedure_id: Mapped[int] = mapped_column(ForeignKey("procedure.id"))
    school_id: Mapped[int] = mapped_column(ForeignKey("school.id"))
    participant_code: Mapped[str] = mapped_column(String(40))
    primary_score: Mapped[float] = mapped_column(Float)
    mark: Mapped[int | None] = mapped_column(SmallInteger)
    journal_mark: Mapped[int | None] = mapped_column(SmallInteger)
    task_points: Mapped[str | None] = mapped_column(String(400))

    __table_args__ = (
        UniqueConstraint("procedure_id", "participant_code", name="uq_pupil_result_participant"),
        Index("ix_pupil_result_school_procedure", "school_id", "procedure_id"),
    )


class SkillResult(Base):
    """A school's mean percent on one task (and so one skill) of a procedure."""

    __tablename__ = "skill_result"
    procedure_id: Mapped[int] = mapped_column(ForeignKey("procedure.id"), primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("school.id"), primary_key=True)
    task_number: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    mean_percent: Mapped[float] = mapped_column(Float)

    __table_args__ = (Index("ix_skill_result_school", "school_id", "procedure_id"),)
