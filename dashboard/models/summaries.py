"""Summary tables maintained from the pupil rows, so no page request scans pupil results.

Each row is a pure function of the `pupil_result` rows of one (procedure, school): written by
`data_access.summaries.refresh` inside the import (and by `oko demo` / `oko refresh`) for the
procedures that changed, and read by the pages instead of the pupil rows. Threshold windows
use `dashboard.rules` (OBJECTIVITY_WINDOW_*, OBJECTIVITY_NEAR_MAX_POINTS): a rule change needs
`oko refresh`.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    SmallInteger,
    String,
)
from sqlalchemy.orm import Mapped, mapped_column

from dashboard.models.base import Base


class SchoolPupilSummary(Base):
    """Per procedure × school: count, score moments, journal agreement and threshold windows."""

    __tablename__ = "school_pupil_summary"

    procedure_id: Mapped[int] = mapped_column(ForeignKey("procedure.id"), primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("school.id"), primary_key=True)
    n: Mapped[int] = mapped_column(Integer)
    score_sum: Mapped[float] = mapped_column(Float)
    score_sq: Mapped[float] = mapped_column(Float)
    n_journal: Mapped[int] = mapped_column(Integer)
    lowered: Mapped[int] = mapped_column(Integer)
    confirmed: Mapped[int] = mapped_column(Integer)
    raised: Mapped[int] = mapped_column(Integer)
    near_max: Mapped[int] = mapped_column(Integer)
    below_3: Mapped[int] = mapped_column(Integer)
    at_3: Mapped[int] = mapped_column(Integer)
    below_4: Mapped[int] = mapped_column(Integer)
    at_4: Mapped[int] = mapped_column(Integer)
    below_5: Mapped[int] = mapped_column(Integer)
    at_5: Mapped[int] = mapped_column(Integer)

    __table_args__ = (Index("ix_school_pupil_summary_school", "school_id", "procedure_id"),)


class SchoolScoreCount(Base):
    """Per procedure × school × primary score: pupils (the score histogram)."""

    __tablename__ = "school_score_count"

    procedure_id: Mapped[int] = mapped_column(ForeignKey("procedure.id"), primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("school.id"), primary_key=True)
    primary_score: Mapped[float] = mapped_column(Float, primary_key=True)
    pupils: Mapped[int] = mapped_column(Integer)


class SchoolMarkAgreement(Base):
    """Per procedure × school × (mark, journal mark): pupils, for the agreement matrix."""

    __tablename__ = "school_mark_agreement"

    procedure_id: Mapped[int] = mapped_column(ForeignKey("procedure.id"), primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("school.id"), primary_key=True)
    mark: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    journal_mark: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    pupils: Mapped[int] = mapped_column(Integer)


class DerivedResult(Base):
    """A region-wide result computed from the summaries at import time (the objectivity
    detection, the schools' flags, the default rankings fit), stored as compressed JSON
    (`data_access.serial`) so the first visit after an import, in every server process, reads
    it instead of computing it. Deleted inside every import that changes data and written again
    after it commits (`data_access.precompute.refresh`); absent, the pages compute as before.
    """

    __tablename__ = "derived_result"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    args_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    payload: Mapped[bytes] = mapped_column(LargeBinary)
    computed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
