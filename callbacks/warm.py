"""Answer the views readers opened lately again, for the data an import is about to commit.

An import replaces the data version inside its transaction, and so every cached answer at its
commit. Without this, every reader's next view after the commit computes at once, and on two
cores the pages stall for seconds (bench/results: p95 1.3 s in the 10 s after a 1M-row import
commits). `replay` runs the views noted by data_access.view_demand inside the import's
transaction (data_access.imports calls it through the app's `oko_warm_views` extension), under
each reader's scope rebuilt from their account now, so their answers are stored under the new
version before anyone can ask for them.
"""

from __future__ import annotations

import logging
import time

from dash import Dash
from flask import g

from callbacks.registry import WARMING
from dashboard.auth.session import SessionUser
from data_access import users, view_demand

log = logging.getLogger(__name__)

# Choice: at most a minute of the import's time; the views left over compute on first view.
BUDGET_S = 60.0


def replay(app: Dash, budget_s: float = BUDGET_S) -> int:
    """Answer the noted views (most recent first) until `budget_s` is spent; how many were
    answered. A reader whose account is gone, disabled or has another scope now is skipped:
    the scope always comes from the account, never from the note."""
    started = time.monotonic()
    deadline = started + budget_s
    readers: dict[str, SessionUser | None] = {}
    answered = 0
    noted = view_demand.recent()
    for entry in noted:
        if time.monotonic() > deadline:
            break
        login = entry["login"]
        if login not in readers:
            account = users.account_by_login(login)
            readers[login] = SessionUser(account) if account and account.is_active else None
        reader = readers[login]
        if reader is None or reader.scope.key != entry["scope"]:
            continue
        if _answer(app, reader, entry["request"]):
            answered += 1
    log.info(
        "answered %d of %d noted views ahead in %.1f s",
        answered,
        len(noted),
        time.monotonic() - started,
    )
    return answered


def _answer(app: Dash, reader: SessionUser, request: dict) -> bool:
    server = app.server
    with (
        server.app_context(),
        server.test_request_context("/_dash-update-component", method="POST", json=request),
    ):
        g._login_user = reader  # flask-login's current_user for this request
        g.setdefault(WARMING, True)
        try:
            response = app.dispatch()
        except Exception as error:  # PreventUpdate, a callback gone since, a bad note
            log.info("view not answered ahead (%s): %s", request.get("output"), error)
            return False
        return response.status_code == 200 and not g.get("oko_callback_error")
