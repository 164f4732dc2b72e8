"""Issue 18: sign-in throttling, TOTP, the session cookie, logout and password changes,
each checked by running the attack against the app with the Flask test client."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

import pyotp
import pytest
from sqlalchemy import select

from dashboard.auth import throttle
from dashboard.models import AuditEvent
from data_access import database, users
from tests.conftest import DEMO_PASSWORD, login, logout

PROXY = "127.0.0.1"  # OKO_FORWARDED_ALLOW_IPS' default: the TLS proxy on the same host


def client_behind_proxy(app, client_ip: str | None = None, peer: str = PROXY):
    """A test client whose requests come from `peer`, saying X-Forwarded-For: client_ip."""
    client = app.server.test_client()
    client.environ_base["REMOTE_ADDR"] = peer
    if client_ip:
        client.environ_base["HTTP_X_FORWARDED_FOR"] = f"{client_ip}, {peer}"
    return client


def _body(response) -> str:
    return re.sub(r'name="csrf_token" value="[^"]+"', "", response.get_data(as_text=True))


# ------------------------------------------------------------------ 1. no site-wide lockout


def test_failures_of_many_logins_through_the_proxy_lock_out_nobody_else(app):
    """Everyone arrives from the proxy's address: 40 wrong passwords for 40 logins (more than
    the old per-address limit of 20) leave the administrator and the region able to sign in."""
    attacker = client_behind_proxy(app)
    for n in range(40):
        assert login(attacker, f"guess{n:02d}", "Wrong-password-1").status_code == 401
    for user in ("admin", "region"):
        assert login(client_behind_proxy(app), user).status_code == 302, user


def test_the_limit_is_per_login_and_client_so_the_owner_still_gets_in(app):
    attacker = client_behind_proxy(app, "198.51.100.7")
    for _ in range(throttle.MAX_FAILURES):
        assert login(attacker, "viewer", "Wrong-password-1").status_code == 401
    assert login(attacker, "viewer").status_code == 429  # even with the right password
    owner = client_behind_proxy(app, "203.0.113.5")
    assert login(owner, "viewer").status_code == 302


def test_forged_forwarded_for_from_an_untrusted_peer_is_ignored(app):
    """A direct client cannot dodge the limit by inventing a new X-Forwarded-For each time."""
    for n in range(throttle.MAX_FAILURES):
        forger = client_behind_proxy(app, f"192.0.2.{n + 1}", peer="198.51.100.99")
        assert login(forger, "viewer", "Wrong-password-1").status_code == 401
    forger = client_behind_proxy(app, "192.0.2.200", peer="198.51.100.99")
    assert login(forger, "viewer").status_code == 429


def test_audit_rows_name_the_client_behind_the_proxy(app):
    client = client_behind_proxy(app, "203.0.113.77")
    login(client, "viewer", "Wrong-password-1")
    with app.server.extensions["oko_engine"].connect() as conn:
        ips = conn.execute(
            select(AuditEvent.ip).where(
                AuditEvent.user_login == "viewer", AuditEvent.action == "login"
            )
        ).scalars()
        assert "203.0.113.77" in set(ips)


def test_counters_are_not_in_the_evictable_cache_and_the_window_really_ends(app, monkeypatch):
    client = client_behind_proxy(app, "198.51.100.8")
    for _ in range(throttle.MAX_FAILURES):
        login(client, "region", "Wrong-password-1")
    app.server.extensions["oko_cache"].clear()  # an eviction must not lift the block
    assert login(client, "region").status_code == 429
    start = dt.datetime.now(dt.UTC)
    monkeypatch.setattr(throttle, "_now", lambda: start + dt.timedelta(seconds=59))
    assert login(client, "region").status_code == 429
    monkeypatch.setattr(throttle, "_now", lambda: start + dt.timedelta(seconds=61))
    assert login(client, "region").status_code == 302


def test_a_repeated_lockout_lasts_longer(app, monkeypatch):
    client = client_behind_proxy(app, "198.51.100.9")
    clock = [dt.datetime.now(dt.UTC)]
    monkeypatch.setattr(throttle, "_now", lambda: clock[0])
    for _ in range(throttle.MAX_FAILURES):
        login(client, "district", "Wrong-password-1")
    clock[0] += dt.timedelta(seconds=throttle.FIRST_BLOCK_SECONDS + 1)  # first block over
    for _ in range(throttle.MAX_FAILURES):
        assert login(client, "district", "Wrong-password-1").status_code == 401
    clock[0] += dt.timedelta(seconds=throttle.FIRST_BLOCK_SECONDS + 1)
    assert login(client, "district").status_code == 429  # the second block is two minutes
    clock[0] += dt.timedelta(seconds=throttle.FIRST_BLOCK_SECONDS)
    assert login(client, "district").status_code == 302


# ------------------------------------------------------------------ 4. TOTP


def _login_otp(client, user, password, otp, base_url="http://localhost"):
    page = client.get("/login", base_url=base_url)
    token = re.search(rb'name="csrf_token" value="([^"]+)"', page.data).group(1).decode()
    data = {"login": user, "password": password, "otp": otp, "csrf_token": token}
    return client.post("/login", data=data, base_url=base_url)


def test_a_totp_code_cannot_be_replayed(app):
    secret = pyotp.random_base32()
    with database.bind(app.server.extensions["oko_engine"]):
        users.add_user(users.SYSTEM, "replay-head", "Секретный-пароль-55", "region")
        users.set_totp(users.SYSTEM, "replay-head", secret)
    code = pyotp.TOTP(secret).now()
    first = app.server.test_client()
    assert _login_otp(first, "replay-head", "Секретный-пароль-55", code).status_code == 302
    thief = app.server.test_client()  # saw the code over the shoulder, knows the password
    assert _login_otp(thief, "replay-head", "Секретный-пароль-55", code).status_code == 401


@pytest.fixture(scope="module")
def prod_server(app_settings):
    """Production settings with TOTP required for admin and region."""
    from dashboard.app import create_server

    settings = replace(
        app_settings,
        env="production",
        secret_key="Zq8vN3xL0pR7tY2uW5eK9mB4cH6jD1fS",
        totp_roles=("admin", "region"),
    )
    return create_server(settings)


def _prod_attempt(server, user, password):
    client = server.test_client()
    response = _login_otp(client, user, password, "", base_url="https://localhost")
    return client, response


def test_totp_required_roles_get_no_password_oracle(prod_server):
    with prod_server.app_context():
        throttle.clear_all()
    for user in ("admin", "region"):
        _, right = _prod_attempt(prod_server, user, DEMO_PASSWORD)
        _, wrong = _prod_attempt(prod_server, user, "Wrong-password-123")
        assert right.status_code == wrong.status_code == 401, user
        assert _body(right) == _body(wrong)
    _, district = _prod_attempt(prod_server, "district", DEMO_PASSWORD)
    assert district.status_code == 302  # municipality is not in this OKO_TOTP_ROLES


# ------------------------------------------------------------------ 6. cookie and logout


def test_production_session_cookie_has_the_host_prefix(app_settings):
    from dashboard.app import create_server

    server = create_server(
        replace(app_settings, env="production", secret_key="Zq8vN3xL0pR7tY2uW5eK9mB4cH6jD1fS")
    )
    with server.app_context():
        throttle.clear_all()
    _, response = _prod_attempt(server, "district", DEMO_PASSWORD)
    assert response.status_code == 302
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("__Host-oko_session=")
    assert "Secure" in cookie and "Path=/" in cookie and "Domain" not in cookie


def test_logout_only_by_post_with_the_form_token(app):
    client = app.server.test_client()
    login(client, "region")
    client.get("/logout")  # an <img src=/logout> on any page: Dash's page shell, no sign-out
    assert client.post("/logout").status_code == 400  # no token: no sign-out
    assert client.get("/_dash-layout").status_code == 200
    assert logout(client).status_code == 302
    assert client.get("/_dash-layout").status_code == 401


# ------------------------------------------------------------------ 8. changing one's password


def _change(client, current, new, repeat=None):
    data = {"current": current, "new": new, "repeat": new if repeat is None else repeat}
    page = client.get("/account/password")
    token = re.search(rb'name="csrf_token" value="([^"]+)"', page.data).group(1).decode()
    return client.post("/account/password", data={**data, "csrf_token": token})


def test_a_user_changes_the_password_and_ends_the_other_sessions(app):
    with database.bind(app.server.extensions["oko_engine"]):
        users.add_user(users.SYSTEM, "self-change", "Старый-пароль-31", "viewer")
    here, stolen = app.server.test_client(), app.server.test_client()
    assert login(here, "self-change", "Старый-пароль-31").status_code == 302
    assert login(stolen, "self-change", "Старый-пароль-31").status_code == 302
    assert _change(here, "Неверный-пароль-1", "Новый-пароль-77").status_code == 401
    assert _change(here, "Старый-пароль-31", "Новый-пароль-77", "Другой-88").status_code == 400
    assert _change(here, "Старый-пароль-31", "jennifer").status_code == 400  # common
    done = _change(here, "Старый-пароль-31", "Новый-пароль-77")
    assert done.status_code == 200
    assert stolen.get("/_dash-layout").status_code == 401  # the other session ended
    assert here.get("/_dash-layout").status_code == 200  # this one goes on
    fresh = app.server.test_client()
    assert login(fresh, "self-change", "Старый-пароль-31").status_code == 401
    assert login(fresh, "self-change", "Новый-пароль-77").status_code == 302


def test_the_password_page_needs_a_session_and_its_token(app):
    anonymous = app.server.test_client()
    assert anonymous.get("/account/password").status_code == 302
    client = app.server.test_client()
    login(client, "viewer")
    data = {"current": DEMO_PASSWORD, "new": "Новый-пароль-77", "repeat": "Новый-пароль-77"}
    assert client.post("/account/password", data=data).status_code == 400
    assert login(app.server.test_client(), "viewer").status_code == 302  # unchanged
