"""A job rebuilds its caller from the signed session cookie and checks it as a request does:
an ended session, a deactivated account or a forged cookie run nothing."""

from __future__ import annotations

import pytest
from dash._callback_context import context_value
from dash._utils import AttributeDict
from dash.exceptions import PreventUpdate
from sqlalchemy import update

from dashboard import jobs
from dashboard.auth import current_scope
from dashboard.models import User
from tests.conftest import login, logout


def _signed_in(app, user: str):
    client = app.server.test_client()
    assert login(client, user).status_code == 302
    return client


def _run_as(app, client, remote: str = "127.0.0.1"):
    """The job's body (it answers the caller's login) as a job runs it, from the client's
    cookie: what Dash hands the job."""
    name = app.server.config["SESSION_COOKIE_NAME"]
    cookie = client.get_cookie(name)
    header = f"{name}={cookie.value}" if cookie else ""
    context_value.set(AttributeDict(headers={"Cookie": header}, remote=remote))
    return jobs._as_caller(app.server, lambda: current_scope().login)()


def test_the_job_runs_as_the_signed_in_caller(app):
    assert _run_as(app, _signed_in(app, "director")) == "director"


def test_an_ended_session_runs_nothing(app):
    client = _signed_in(app, "region")
    stolen = client.get_cookie(app.server.config["SESSION_COOKIE_NAME"]).value
    logout(client)
    client.set_cookie(app.server.config["SESSION_COOKIE_NAME"], stolen)
    with pytest.raises(PreventUpdate):
        _run_as(app, client)


def test_a_deactivated_account_runs_nothing(app):
    client = _signed_in(app, "viewer")
    engine = app.server.extensions["oko_engine"]
    with engine.begin() as conn:
        conn.execute(update(User).where(User.login == "viewer").values(is_active=False))
    try:
        with pytest.raises(PreventUpdate):
            _run_as(app, client)
    finally:
        with engine.begin() as conn:
            conn.execute(update(User).where(User.login == "viewer").values(is_active=True))


def test_a_forged_cookie_runs_nothing(app):
    client = app.server.test_client()
    client.set_cookie(app.server.config["SESSION_COOKIE_NAME"], "eyJfdXNlcl9pZCI6IjEifQ.x.y")
    with pytest.raises(PreventUpdate):
        _run_as(app, client)
