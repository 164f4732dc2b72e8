"""The record of every file import: who, when, what file, what it changed, how it ended.

A run is written twice, each time in its own short transaction outside the import's data
transaction: "running" when it starts (so a killed import still leaves a trace), then its
outcome when it ends. `at` is the start time; a running import keeps `heartbeat_at` fresh, so
a run whose heartbeat stopped is known to be interrupted (data_access.import_runs).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from dashboard.models.base import Base

# "running" until it ends; "failed" when it raised or was interrupted (see `reason`).
IMPORT_OUTCOMES = ("running", "success", "rejected", "failed", "dry_run")


class ImportRun(Base):
    __tablename__ = "import_run"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))  # started
    user_login: Mapped[str] = mapped_column(String(80))
    file_name: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(40))
    rows_inserted: Mapped[int] = mapped_column(Integer, default=0)
    rows_updated: Mapped[int] = mapped_column(Integer, default=0)
    rows_unchanged: Mapped[int] = mapped_column(Integer, default=0)
    outcome: Mapped[str] = mapped_column(String(20))
    error_count: Mapped[int] = mapped_column(Integer, default=0)
    detail: Mapped[str | None] = mapped_column(Text)
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    heartbeat_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    worker: Mapped[str | None] = mapped_column(String(120))  # host:pid of the importing process
    reason: Mapped[str | None] = mapped_column(Text)  # why it failed: "interrupted" or the error

    __table_args__ = (
        Index("ix_import_run_at", "at"),
        Index("ix_import_run_outcome", "outcome"),
    )
