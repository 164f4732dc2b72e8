"""Who may see what, proven with forged requests against every registered callback."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from callbacks.registry import ERROR_HEADER
from dashboard.ids import SchoolProfile
from dashboard.models import AuditEvent, School
from data_access import database
from tests.conftest import login, logout
from tests.http.forge import all_server_callbacks, body_for, forge

ROOT = Path(__file__).resolve().parents[2]
USERS = {
    "admin": "admin",
    "region": "region",
    "municipality": "district",
    "school": "director",
    "viewer": "viewer",
}


@pytest.fixture(scope="module")
def people(app):
    """The director's own school and a school in another municipality, from the app's DB."""
    engine = app.server.extensions["oko_engine"]
    with database.bind(engine), engine.connect() as conn:
        from data_access import users

        director = users.scope_for(users.account_by_login("director"))
        own = conn.execute(
            select(School.school_code, School.name).where(School.id == director.school_id)
        ).one()
        foreign = conn.execute(
            select(School.school_code, School.name)
            .where(School.id != director.school_id)
            .order_by(School.school_code.desc())
        ).first()
    return {"own": own, "foreign": foreign}


def _callbacks():
    from dashboard.app import create_app
    from dashboard.config import Settings

    settings = Settings(
        env="test", secret_key="x" * 40, cache_url="null://", database_url="sqlite://", testing=True
    )
    return all_server_callbacks(create_app(settings))


CALLBACKS = _callbacks()
CELLS = ["own", "foreign", "nonexistent", "null", "list", "dict"]


def _value(cell: str, people) -> object:
    return {
        "own": people["own"].school_code,
        "foreign": people["foreign"].school_code,
        "nonexistent": "no-such-school",
        "null": None,
        "list": [people["foreign"].school_code, {"school_code": people["foreign"].school_code}],
        "dict": {"school_code": people["foreign"].school_code, "id": 1},
    }[cell]


def test_callbacks_are_enumerated_from_the_app():
    assert len(CALLBACKS) >= 5
    assert any(c.name == "municipality_charts" for c in CALLBACKS)


@pytest.mark.parametrize("role", list(USERS))
@pytest.mark.parametrize("callback", CALLBACKS, ids=str)
def test_callback_matrix_never_500_never_leaks(client_for, people, role, callback):
    client = client_for(USERS[role])
    for cell in CELLS:
        response = forge(client, callback, _value(cell, people))
        assert response.status_code in {200, 204, 403}, (cell, response.status_code)
        assert ERROR_HEADER not in response.headers, f"{callback} crashed on {cell}"
        body = response.get_data(as_text=True)
        assert "Traceback" not in body and "sqlalchemy" not in body.lower()
        if response.is_json:
            body += str(response.get_json())
        if role in {"school", "viewer"}:
            assert people["foreign"].name not in body, cell
            assert _escaped(people["foreign"].name) not in body, cell


def _escaped(name: str) -> str:
    import json

    return json.dumps(name)[1:-1]


def test_director_forging_a_foreign_school_everywhere_gets_nothing(client_for, people, app):
    client = client_for("director")
    foreign = people["foreign"]
    for callback in CALLBACKS:
        body = body_for(callback, foreign.school_code)
        body["state"] = body["state"] + [
            {
                "id": {"type": "school", "index": foreign.school_code},
                "property": "data",
                "value": foreign.school_code,
            }
        ]
        response = client.post("/_dash-update-component", json=body)
        assert response.status_code in {200, 204, 400, 403}
        text_body = response.get_data(as_text=True) + (
            str(response.get_json()) if response.is_json else ""
        )
        assert foreign.name not in text_body


# The school-profile callbacks: found by the store they read (the school code from the URL),
# not by function name, so the test follows a rewrite of the page.
PROFILE_CALLBACKS = [
    c for c in CALLBACKS if any(slot["id"] == SchoolProfile.SCHOOL for slot in c.inputs)
]


def _forge_school(client, callback, school_code: str):
    """The profile's school store set to `school_code`, every other control not chosen yet."""
    body = body_for(callback, None)
    for slot in body["inputs"] + body["state"]:
        if slot["id"] == SchoolProfile.SCHOOL:
            slot["value"] = school_code
    body["changedPropIds"] = [f"{SchoolProfile.SCHOOL}.data"]
    return client.post("/_dash-update-component", json=body)


def _answer(response) -> str:
    return response.get_data(as_text=True) + (str(response.get_json()) if response.is_json else "")


def _denied_count(app, login_name: str) -> int:
    engine = app.server.extensions["oko_engine"]
    with engine.connect() as conn:
        return conn.execute(
            select(func.count())
            .select_from(AuditEvent)
            .where(
                AuditEvent.action == "callback",
                AuditEvent.outcome == "denied",
                AuditEvent.user_login == login_name,
            )
        ).scalar_one()


def _outputs(callback) -> list[dict]:
    return callback.outputs if isinstance(callback.outputs, list) else [callback.outputs]


def test_director_gets_the_own_school_profile(client_for, people):
    """Positive control for the refusals below: with their own school every profile block
    answers (200, no crash), and the header names the school. A callback that crashes or
    refuses everything fails here."""
    assert len(PROFILE_CALLBACKS) >= 3
    header = [
        c for c in PROFILE_CALLBACKS if any(o["id"] == SchoolProfile.HEADER for o in _outputs(c))
    ]
    assert len(header) == 1
    client = client_for("director")
    for callback in PROFILE_CALLBACKS:
        response = _forge_school(client, callback, people["own"].school_code)
        assert response.status_code == 200, f"{callback} answered {response.status_code}"
        assert ERROR_HEADER not in response.headers, f"{callback} crashed"
        assert people["foreign"].name not in _answer(response)
    assert people["own"].name in _answer(
        _forge_school(client, header[0], people["own"].school_code)
    )


def test_director_refused_a_foreign_profile_is_audited(client_for, people, app):
    """A 204 on a profile block is a refusal, never a crash or a shrug: each comes with a new
    "callback"/"denied" row in the audit log."""
    client = client_for("director")
    foreign = people["foreign"]
    for callback in PROFILE_CALLBACKS:
        before = _denied_count(app, "director")
        response = _forge_school(client, callback, foreign.school_code)
        assert response.status_code in {200, 204}, f"{callback} answered {response.status_code}"
        assert ERROR_HEADER not in response.headers, f"{callback} crashed"
        assert foreign.name not in _answer(response)
        refused_aloud = any(o["id"] == SchoolProfile.HEADER for o in _outputs(callback))
        if response.status_code == 204 or refused_aloud:  # the header says it, and audits it
            assert _denied_count(app, "director") == before + 1, f"{callback}: not audited"


def test_content_type_and_origin_are_enforced(client_for):
    client = client_for("region")
    callback = next(c for c in CALLBACKS if c.name == "municipality_charts")
    ok = forge(client, callback, "vpr")
    assert ok.status_code == 200
    plain = client.post("/_dash-update-component", data="{}", content_type="text/plain")
    assert plain.status_code == 415
    form = client.post("/_dash-update-component", data={"output": "x"})
    assert form.status_code == 415
    foreign = forge(client, callback, "vpr", origin="https://evil.example")
    assert foreign.status_code == 403
    same = forge(client, callback, "vpr", origin="http://localhost")
    assert same.status_code == 200


def test_logout_then_replaying_the_old_cookie_loses_access(app):
    client = app.server.test_client()
    login(client, "region")
    cookie = client.get_cookie("oko_session").value
    assert client.get("/_dash-layout").status_code == 200
    assert logout(client).status_code == 302
    replay = app.server.test_client()
    replay.set_cookie("oko_session", cookie)
    assert replay.get("/_dash-layout").status_code == 401


def test_disabling_a_user_mid_session_ends_access(app):
    from data_access import users

    client = app.server.test_client()
    engine = app.server.extensions["oko_engine"]
    with database.bind(engine):
        users.add_user(users.SYSTEM, "temp-head", "Временный-пароль-9", "region")
    assert login(client, "temp-head", "Временный-пароль-9").status_code == 302
    assert client.get("/_dash-layout").status_code == 200
    with database.bind(engine):
        users.set_active(users.SYSTEM, "temp-head", False)
    assert client.get("/_dash-layout").status_code == 401
    assert login(client, "temp-head", "Временный-пароль-9").status_code == 401


def test_password_reset_ends_live_sessions(app):
    from data_access import users

    engine = app.server.extensions["oko_engine"]
    with database.bind(engine):
        users.add_user(users.SYSTEM, "temp-two", "Первый-пароль-19", "viewer")
    client = app.server.test_client()
    login(client, "temp-two", "Первый-пароль-19")
    assert client.get("/_dash-layout").status_code == 200
    with database.bind(engine):
        users.set_password(users.SYSTEM, "temp-two", "Второй-пароль-29")
    assert client.get("/_dash-layout").status_code == 401


def test_unknown_user_and_wrong_password_get_the_same_answer(app):
    a = login(app.server.test_client(), "no-such-user", "Whatever-123")
    b = login(app.server.test_client(), "region", "Wrong-password-123")
    assert a.status_code == b.status_code == 401

    def normalised(response, login_name):
        body = response.get_data(as_text=True).replace(login_name, "X")
        return re.sub(r'name="csrf_token" value="[^"]+"', "", body)

    assert normalised(a, "no-such-user") == normalised(b, "region")


def test_login_is_throttled_without_permanent_lockout(app, monkeypatch):
    import datetime as dt

    from dashboard.auth import throttle

    client = app.server.test_client()
    for _ in range(throttle.MAX_FAILURES):
        assert login(client, "viewer", "Wrong-password-1").status_code == 401
    assert login(client, "viewer", "OkoDemo2024!").status_code == 429
    later = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=throttle.FIRST_BLOCK_SECONDS + 1)
    monkeypatch.setattr(throttle, "_now", lambda: later)  # the block's minute passing
    assert login(client, "viewer", "OkoDemo2024!").status_code == 302


def test_login_form_needs_its_csrf_token(app):
    client = app.server.test_client()
    response = client.post("/login", data={"login": "region", "password": "OkoDemo2024!"})
    assert response.status_code == 400


def test_login_never_redirects_off_site(app):
    client = app.server.test_client()
    page = client.get("/login?next=//evil.example/x")

    token = re.search(rb'name="csrf_token" value="([^"]+)"', page.data).group(1).decode()
    response = client.post(
        "/login",
        data={
            "login": "region",
            "password": "OkoDemo2024!",
            "csrf_token": token,
            "next": "//evil.example/x",
        },
    )
    assert response.headers["Location"] == "/"


def test_director_lands_on_own_profile(app, people):
    response = login(app.server.test_client(), "director")
    assert response.headers["Location"] == f"/schools/{people['own'].school_code}"


def test_session_cookie_flags_and_security_headers(app):
    client = app.server.test_client()
    response = login(client, "region")
    cookie = response.headers.get("Set-Cookie")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    page = client.get("/_dash-layout")
    csp = page.headers["Content-Security-Policy"]
    for part in ("object-src 'none'", "base-uri 'none'", "frame-ancestors 'self'"):
        assert part in csp
    assert page.headers["X-Content-Type-Options"] == "nosniff"
    assert page.headers["Referrer-Policy"]
    assert page.headers["Cache-Control"] == "no-store"


def test_a_new_session_id_at_every_login(app):
    client = app.server.test_client()
    login(client, "region")
    first = client.get_cookie("oko_session").value
    logout(client)
    login(client, "region")
    assert client.get_cookie("oko_session").value != first


def test_denied_attempts_are_audited(app):
    engine = app.server.extensions["oko_engine"]
    with engine.connect() as conn:
        failures = (
            conn.execute(
                select(AuditEvent.user_login).where(
                    AuditEvent.action == "login", AuditEvent.outcome == "failure"
                )
            )
            .scalars()
            .all()
        )
    assert failures  # earlier tests failed logins on purpose


def test_cache_isolation_between_scopes(client_for, app):
    """Two users asking the same callback with the same inputs get their own data."""
    callback = next(c for c in CALLBACKS if c.name == "municipality_charts")
    engine = app.server.extensions["oko_engine"]
    with engine.connect() as conn:
        proc = conn.execute(
            text(
                "SELECT kind, subject, grade, year FROM procedure "
                "WHERE kind='vpr' ORDER BY year DESC LIMIT 1"
            )
        ).one()
    body = body_for(callback, None)
    for slot, value in zip(body["inputs"], proc, strict=True):
        slot["value"] = value
    region_body = str(client_for("region").post("/_dash-update-component", json=body).get_json())
    director_body = str(
        client_for("director").post("/_dash-update-component", json=body).get_json()
    )
    assert "Ваша ОО" in director_body
    assert "Ваша ОО" not in region_body


# html injection, or SQL built from an f-string (an f-string passed to text() or execute();
# tests build selectors by concatenation, so the guard needs no exception)
UNSAFE = "|".join(
    [
        r"dangerously_allow_html *= *True",
        r"text\(f[\"']",
        r"execute\(f[\"']",
        r"exec_driver_sql\(f",
    ]
)


def test_no_unsafe_html_or_fstring_sql_in_the_code():
    result = subprocess.run(
        ["git", "grep", "--untracked", "-nE", UNSAFE, "--", "*.py", ":!tests/http/test_access.py"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.stdout == "", result.stdout


def test_totp_second_factor_is_checked(app):
    import pyotp

    from data_access import users

    engine = app.server.extensions["oko_engine"]
    secret = pyotp.random_base32()
    with database.bind(engine):
        users.add_user(users.SYSTEM, "totp-user", "Секретный-пароль-5", "region")
        users.set_totp(users.SYSTEM, "totp-user", secret)
    client = app.server.test_client()
    assert login(client, "totp-user", "Секретный-пароль-5").status_code == 401
    page = client.get("/login")
    token = re.search(rb'name="csrf_token" value="([^"]+)"', page.data).group(1).decode()
    ok = client.post(
        "/login",
        data={
            "login": "totp-user",
            "password": "Секретный-пароль-5",
            "otp": pyotp.TOTP(secret).now(),
            "csrf_token": token,
        },
    )
    assert ok.status_code == 302


def test_production_admin_without_totp_is_refused(app_settings):
    """Refused with the answer a wrong password gets: the status is no password oracle."""
    from dataclasses import replace

    from dashboard.app import create_app

    prod = create_app(
        replace(app_settings, env="production", secret_key="Zq8vN3xL0pR7tY2uW5eK9mB4cH6jD1fS")
    )

    def attempt(password):
        client = prod.server.test_client()
        page = client.get("/login", base_url="https://localhost")
        token = re.search(rb'name="csrf_token" value="([^"]+)"', page.data).group(1).decode()
        response = client.post(
            "/login",
            data={"login": "admin", "password": password, "csrf_token": token},
            base_url="https://localhost",
        )
        body = re.sub(r'name="csrf_token" value="[^"]+"', "", response.get_data(as_text=True))
        return page, response, body

    page, right, right_body = attempt("OkoDemo2024!")
    _, wrong, wrong_body = attempt("Wrong-password-123")
    assert right.status_code == wrong.status_code == 401
    assert right_body == wrong_body
    assert "Secure" in page.headers["Set-Cookie"]
