"""Sign-in state kept in the database: throttle counters and each user's last TOTP step."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from dashboard.models.base import Base


class SigninThrottle(Base):
    """Failed sign-ins of one (login, client address) pair in a fixed window.

    The row carries its own window start, so a window ends when its time is up on every
    backend and in every worker; it is not in the evictable aggregate cache.
    """

    __tablename__ = "signin_throttle"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    window_start: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    failures: Mapped[int] = mapped_column(Integer, default=0)
    strikes: Mapped[int] = mapped_column(Integer, default=0)  # lockouts so far: the block grows
    blocked_until: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class TotpStep(Base):
    """The last TOTP time step a user signed in with: a code is good once, never replayed."""

    __tablename__ = "totp_step"
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"), primary_key=True)
    last_step: Mapped[int] = mapped_column(BigInteger)
