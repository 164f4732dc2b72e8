"""The data version: one row whose token changes with every change of the data."""

from __future__ import annotations

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from dashboard.models.base import Base


class DataVersion(Base):
    """The token cached aggregations are keyed by (`data_access.cache`): replaced inside the
    transaction of every import and edit that changes data, so no process reads an aggregation
    computed before it. Kept in the database, not in the cache, where it could be evicted and
    read back as an older value."""

    __tablename__ = "data_version"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    token: Mapped[str] = mapped_column(String(32))
