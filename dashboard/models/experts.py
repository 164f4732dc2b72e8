"""Expert registry and the facts seed 004's KPI table is computed from."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, Float, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from dashboard.models.base import Base

EXPERT_STATUSES = ("candidate", "included", "excluded")
# What a methodological material is about: seed 004 indicator 3.3 counts only materials «по
# вопросам экспертной деятельности»; every other subject is "other".
MATERIAL_TOPICS = ("expert_activity", "other")
# Level of the edition an article appeared in; indicator 3.4 of seed 004 names «регионального,
# федерального (международного) уровня», so a municipal edition is recorded but not counted.
PUBLICATION_LEVELS = ("municipal", "regional", "federal", "international")


class ExpertiseDirection(Base):
    """One of the 13 directions of expert activity of seed 004 (10 regional, 3 municipal)."""

    __tablename__ = "expertise_direction"
    code: Mapped[str] = mapped_column(String(10), primary_key=True)
    name: Mapped[str] = mapped_column(String(500))
    level: Mapped[str] = mapped_column(String(20))


class Expert(Base):
    __tablename__ = "expert"
    id: Mapped[int] = mapped_column(primary_key=True)
    expert_code: Mapped[str] = mapped_column(String(30), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipality.id"), index=True)
    school_id: Mapped[int | None] = mapped_column(ForeignKey("school.id"))
    position: Mapped[str | None] = mapped_column(String(200))
    qualification_score: Mapped[float | None] = mapped_column(Float)
    qualification_date: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20))
    included_on: Mapped[dt.date | None] = mapped_column(Date)
    excluded_on: Mapped[dt.date | None] = mapped_column(Date)


class ExpertDirection(Base):
    __tablename__ = "expert_direction"
    expert_id: Mapped[int] = mapped_column(ForeignKey("expert.id"), primary_key=True)
    direction_code: Mapped[str] = mapped_column(
        ForeignKey("expertise_direction.code"), primary_key=True
    )


class QualificationAttempt(Base):
    """Each sitting of the qualification assessment (entry needs more than 60 %)."""

    __tablename__ = "qualification_attempt"
    id: Mapped[int] = mapped_column(primary_key=True)
    expert_id: Mapped[int] = mapped_column(ForeignKey("expert.id"), index=True)
    assessed_on: Mapped[dt.date] = mapped_column(Date)
    score_percent: Mapped[float] = mapped_column(Float)


class ExpertTraining(Base):
    __tablename__ = "expert_training"
    id: Mapped[int] = mapped_column(primary_key=True)
    expert_id: Mapped[int] = mapped_column(ForeignKey("expert.id"), index=True)
    title: Mapped[str] = mapped_column(String(400))
    completed_on: Mapped[dt.date] = mapped_column(Date)
    hours: Mapped[int | None] = mapped_column(Integer)
    # The direction of expert activity the programme prepares for (indicator 3.2 counts a
    # course in one of the expert's own directions); None when the source does not say.
    direction_code: Mapped[str | None] = mapped_column(ForeignKey("expertise_direction.code"))


class ExpertEngagement(Base):
    """An expert working on a procedure (checking, observing, developing tasks…)."""

    __tablename__ = "expert_engagement"
    id: Mapped[int] = mapped_column(primary_key=True)
    expert_id: Mapped[int] = mapped_column(ForeignKey("expert.id"), index=True)
    procedure_id: Mapped[int | None] = mapped_column(ForeignKey("procedure.id"), index=True)
    role: Mapped[str] = mapped_column(String(200))
    engaged_on: Mapped[dt.date] = mapped_column(Date)


class Material(Base):
    """Methodological material; seed 004 counts those discussed and approved on the platform."""

    __tablename__ = "material"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(30), unique=True)
    title: Mapped[str] = mapped_column(String(400))
    municipality_id: Mapped[int | None] = mapped_column(ForeignKey("municipality.id"))
    created_on: Mapped[dt.date] = mapped_column(Date)
    discussed_on_platform: Mapped[bool] = mapped_column(Boolean, default=False)
    approved_on: Mapped[dt.date | None] = mapped_column(Date)
    # One of MATERIAL_TOPICS; None when the source does not say (then 3.3 does not count it).
    topic: Mapped[str | None] = mapped_column(String(30))


class MaterialAuthor(Base):
    __tablename__ = "material_author"
    material_id: Mapped[int] = mapped_column(ForeignKey("material.id"), primary_key=True)
    expert_id: Mapped[int] = mapped_column(ForeignKey("expert.id"), primary_key=True)


class Publication(Base):
    __tablename__ = "publication"
    id: Mapped[int] = mapped_column(primary_key=True)
    expert_id: Mapped[int | None] = mapped_column(ForeignKey("expert.id"), index=True)
    municipality_id: Mapped[int | None] = mapped_column(ForeignKey("municipality.id"))
    title: Mapped[str] = mapped_column(String(400))
    url: Mapped[str | None] = mapped_column(String(500))
    published_on: Mapped[dt.date] = mapped_column(Date)
    # One of PUBLICATION_LEVELS; None when the source does not say (then 3.4 does not count it).
    level: Mapped[str | None] = mapped_column(String(20))


class NormativeDocument(Base):
    """The register of orders and regulations: adopted on `signed_on`, in force until
    `repealed_on` (None: still in force). KPI 1.1 counts those in force on the report date."""

    __tablename__ = "normative_document"
    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int | None] = mapped_column(ForeignKey("municipality.id"))
    number: Mapped[str] = mapped_column(String(50))
    title: Mapped[str] = mapped_column(String(500))
    signed_on: Mapped[dt.date] = mapped_column(Date)
    repealed_on: Mapped[dt.date | None] = mapped_column(Date)
    topic: Mapped[str] = mapped_column(String(50), default="expert_community")

    __table_args__ = (Index("ix_normative_document_signed", "signed_on"),)
