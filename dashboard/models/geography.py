"""Regions, municipalities, schools and their context indicators."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, Float, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from dashboard.models.base import Base

SCHOOL_KINDS = ("school", "gymnasium", "lyceum", "basic", "primary", "boarding", "preschool")
LOCALITIES = ("urban", "rural")
INDICATOR_GROUPS = ("social_conditions", "conditions", "size")
DIRECTIONS = ("higher_better", "higher_worse")


class Region(Base):
    __tablename__ = "region"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(200))


class Municipality(Base):
    __tablename__ = "municipality"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    region_id: Mapped[int] = mapped_column(ForeignKey("region.id"), index=True)


class School(Base):
    __tablename__ = "school"
    id: Mapped[int] = mapped_column(primary_key=True)
    school_code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipality.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    locality: Mapped[str] = mapped_column(String(10))
    address: Mapped[str | None] = mapped_column(String(300))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)


class Indicator(Base):
    """Catalogue of context indicators: what a value means and which way is better."""

    __tablename__ = "indicator"
    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    unit: Mapped[str] = mapped_column(String(30))
    direction: Mapped[str] = mapped_column(String(20))
    group: Mapped[str] = mapped_column("group_name", String(30))
    norm: Mapped[float | None] = mapped_column(Float)


class ContextValue(Base):
    """Long form: one indicator value per school and school year."""

    __tablename__ = "context_value"
    school_id: Mapped[int] = mapped_column(ForeignKey("school.id"), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    indicator_code: Mapped[str] = mapped_column(ForeignKey("indicator.code"), primary_key=True)
    value: Mapped[float] = mapped_column(Float)

    __table_args__ = (Index("ix_context_value_indicator_year", "indicator_code", "year"),)


class RegionNorm(Base):
    """A region's own norm for a conditions indicator; it replaces the catalogue's norm in the
    region's deficits. `source` names the document it comes from; who set it and when are kept
    (the import that set it is in import_run and the audit log)."""

    __tablename__ = "region_norm"
    region_id: Mapped[int] = mapped_column(ForeignKey("region.id"), primary_key=True)
    indicator_code: Mapped[str] = mapped_column(ForeignKey("indicator.code"), primary_key=True)
    norm: Mapped[float] = mapped_column(Float)
    source: Mapped[str] = mapped_column(String(500))
    set_by: Mapped[str] = mapped_column(String(80))
    set_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
