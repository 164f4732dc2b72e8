"""flask-login wiring: the user object, the server-side session check and current_scope()."""

from __future__ import annotations

import datetime as dt

from flask import current_app, session
from flask_login import LoginManager, UserMixin, current_user

from data_access import sessions, users
from data_access.scope import ANONYMOUS, Scope

login_manager = LoginManager()
login_manager.login_view = None  # the request guard answers 401 or redirects itself
login_manager.session_protection = "basic"


class SessionUser(UserMixin):
    """What flask-login keeps for the request: the account and its scope."""

    def __init__(self, account: users.Account) -> None:
        self.account = account
        self.id = str(account.id)
        self.scope = users.scope_for(account)

    @property
    def is_active(self) -> bool:
        return self.account.is_active


@login_manager.user_loader
def load_user(user_id: str) -> SessionUser | None:
    """Every request: the account must be active and its server-side session alive."""
    try:
        account = users.account_by_id(int(user_id))
    except (TypeError, ValueError):
        return None
    settings = current_app.config["OKO_SETTINGS"]
    idle = dt.timedelta(minutes=settings.session_idle_minutes)
    lifetime = dt.timedelta(hours=settings.session_max_hours)
    if session.get("remember") and settings.remember_days:
        idle = lifetime = dt.timedelta(days=settings.remember_days)
    alive = (
        account is not None
        and account.is_active
        and sessions.check(session.get("sid"), account.id, idle=idle, lifetime=lifetime)
    )
    if not alive:
        session.clear()
        return None
    return SessionUser(account)


def current_scope() -> Scope:
    """The caller's scope; anonymous requests never reach data (the request guard stops them)."""
    if current_user and current_user.is_authenticated:
        return current_user.scope
    return ANONYMOUS
