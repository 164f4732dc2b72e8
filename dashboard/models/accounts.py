"""Users, the audit log, and the planted truth of the demo region."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, DateTime, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from dashboard.models.base import Base

ROLES = ("admin", "region", "municipality", "school", "viewer")
DEMO_PATTERNS = ("inflated", "resilient", "low_results", "adverse_conditions")


class User(Base):
    __tablename__ = "app_user"
    id: Mapped[int] = mapped_column(primary_key=True)
    login: Mapped[str] = mapped_column(String(80), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    region_id: Mapped[int | None] = mapped_column(ForeignKey("region.id"))
    municipality_id: Mapped[int | None] = mapped_column(ForeignKey("municipality.id"))
    school_id: Mapped[int | None] = mapped_column(ForeignKey("school.id"))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    # Sessions issued before this instant are dead (logout everywhere, disable, new password).
    sessions_invalidated_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    totp_secret: Mapped[str | None] = mapped_column(String(64))


class AuditEvent(Base):
    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    user_login: Mapped[str | None] = mapped_column(String(80))
    role: Mapped[str | None] = mapped_column(String(20))
    ip: Mapped[str | None] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(60))
    scope_asked: Mapped[str | None] = mapped_column(String(300))
    scope_granted: Mapped[str | None] = mapped_column(String(300))
    outcome: Mapped[str] = mapped_column(String(20))
    detail: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (Index("ix_audit_log_at", "at"),)


class DemoTruth(Base):
    """Patterns planted by `oko demo`, so tests can check that detectors find them."""

    __tablename__ = "demo_truth"
    school_id: Mapped[int] = mapped_column(ForeignKey("school.id"), primary_key=True)
    pattern: Mapped[str] = mapped_column(String(30), primary_key=True)
    detail: Mapped[str | None] = mapped_column(String(300))


class UserSession(Base):
    """Server-side record of each sign-in, so logout really ends a (cookie) session."""

    __tablename__ = "user_session"
    sid: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    last_seen_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    ended_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    ip: Mapped[str | None] = mapped_column(String(64))
