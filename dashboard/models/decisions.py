"""Management decisions (seed 002 «модель принятия управленческих решений»): the decision
matrix of recommended measures, the decisions adopted from findings with their history, and
the targets of the assessment system's effectiveness criteria."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from dashboard.models.base import Base

#: What OKO finds in the data and a measure can answer (dashboard.analytics.findings).
FINDING_KINDS = (
    "low_results",
    "adverse_conditions",
    "resilient",
    "bias_confirmed",
    "deficit",
    "weak_skill",
    "falling_trend",
    "overdue_roadmap_item",
)
MEASURE_LEVELS = ("school", "municipality", "region")
#: adopted → in_progress → done, or cancelled from either of the first two.
DECISION_STATUSES = ("adopted", "in_progress", "done", "cancelled")


class DecisionMatrixEntry(Base):
    """One version of one recommended measure of the decision matrix.

    Append-only: an edit writes the next ``version`` of the same ``measure_code``; the
    matrix in force is the latest version of every code whose ``active`` is true. A decision
    keeps the id of the version it adopted, so a later edit never rewrites history.
    ``indicator`` names what should show the effect (dashboard.analytics.decision_effect).
    """

    __tablename__ = "decision_matrix"
    id: Mapped[int] = mapped_column(primary_key=True)
    measure_code: Mapped[str] = mapped_column(String(40))
    version: Mapped[int] = mapped_column(Integer)
    finding_kind: Mapped[str] = mapped_column(String(40), index=True)
    title: Mapped[str] = mapped_column(Text)
    level: Mapped[str] = mapped_column(String(20))
    responsible_role: Mapped[str] = mapped_column(String(200))
    duration_days: Mapped[int] = mapped_column(Integer)
    indicator: Mapped[str | None] = mapped_column(String(40))
    # The findings of its kind the measure answers (Decision.finding_detail values, comma-
    # separated: conditions indicator codes for a deficit, subjects for a weak skill); None:
    # every finding of the kind. Closing vacancies does not answer a worn-out building.
    applies_to: Mapped[str | None] = mapped_column(String(400))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    changed_by: Mapped[str] = mapped_column(String(80))
    changed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))

    __table_args__ = (
        UniqueConstraint("measure_code", "version", name="uq_decision_matrix_version"),
    )


class Decision(Base):
    """A measure adopted for a school (``school_id``) or a whole municipality (None).

    ``finding`` is the finding kind, ``finding_detail`` what exactly (an indicator code for a
    deficit, a subject for a weak skill), ``finding_year`` the results year it was found in:
    the baseline of the effect next cycle. ``measure`` and ``indicator`` are copied from the
    matrix version ``measure_id`` at adoption (a free-text measure has no ``measure_id``).
    """

    __tablename__ = "decision"
    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipality.id"), index=True)
    school_id: Mapped[int | None] = mapped_column(ForeignKey("school.id"), index=True)
    finding: Mapped[str] = mapped_column(String(60))
    finding_detail: Mapped[str | None] = mapped_column(String(100))
    finding_year: Mapped[int | None] = mapped_column(Integer)
    finding_reason: Mapped[str | None] = mapped_column(Text)
    measure_id: Mapped[int | None] = mapped_column(ForeignKey("decision_matrix.id"))
    measure: Mapped[str] = mapped_column(Text)
    indicator: Mapped[str | None] = mapped_column(String(40))
    responsible: Mapped[str | None] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(20), default="adopted")
    due_on: Mapped[dt.date | None] = mapped_column(Date)
    completed_on: Mapped[dt.date | None] = mapped_column(Date)
    comment: Mapped[str | None] = mapped_column(Text)
    roadmap_item_id: Mapped[int | None] = mapped_column(ForeignKey("roadmap_item.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    created_by: Mapped[str] = mapped_column(String(80))


class DecisionEvent(Base):
    """A decision's history: adoption, every status change and every comment (a comment
    alone has ``to_status`` None). Directors' comments on their school's decisions land here.
    """

    __tablename__ = "decision_event"
    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("decision.id"), index=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    by: Mapped[str] = mapped_column(String(80))
    role: Mapped[str] = mapped_column(String(20))
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str | None] = mapped_column(String(20))
    comment: Mapped[str | None] = mapped_column(Text)


class EffectivenessTarget(Base):
    """A target for an effectiveness criterion (append-only, like KpiTarget): the latest row
    for (criterion, municipality, year) is in force; municipality None is the region's."""

    __tablename__ = "effectiveness_target"
    id: Mapped[int] = mapped_column(primary_key=True)
    criterion_code: Mapped[str] = mapped_column(String(40))
    municipality_id: Mapped[int | None] = mapped_column(ForeignKey("municipality.id"))
    year: Mapped[int] = mapped_column(SmallInteger)
    target: Mapped[float] = mapped_column(Float)
    set_by: Mapped[str] = mapped_column(String(80))
    set_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
