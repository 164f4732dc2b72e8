"""Stored workflow around findings: the review of each objectivity flag and the KPI targets."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, Float, ForeignKey, Index, Integer, SmallInteger, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from dashboard.models.base import Base

BIAS_REVIEW_STATUSES = ("new", "under_review", "confirmed", "dismissed")


class BiasReview(Base):
    """One step of the review of an objectivity flag (school × procedure kind × year).

    Append-only: the latest row is the flag's current status, earlier rows are its history.
    A flag with no row is "new".
    """

    __tablename__ = "bias_review"
    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("school.id"))
    procedure_kind: Mapped[str] = mapped_column(String(20))
    year: Mapped[int] = mapped_column(Integer)
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    comment: Mapped[str | None] = mapped_column(Text)
    reviewed_by: Mapped[str] = mapped_column(String(80))
    reviewed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))

    __table_args__ = (Index("ix_bias_review_flag", "school_id", "procedure_kind", "year"),)


class KpiTarget(Base):
    """Target value of a seed 004 indicator for a year (municipality_id None: region-wide).

    Append-only like the review: the latest row per (indicator, municipality, year) counts, so
    who changed a target and when stays visible.
    """

    __tablename__ = "kpi_target"
    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_code: Mapped[str] = mapped_column(String(10))
    municipality_id: Mapped[int | None] = mapped_column(ForeignKey("municipality.id"))
    year: Mapped[int] = mapped_column(SmallInteger)
    target: Mapped[float] = mapped_column(Float)
    set_by: Mapped[str] = mapped_column(String(80))
    set_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))

    __table_args__ = (Index("ix_kpi_target_indicator_year", "indicator_code", "year"),)
