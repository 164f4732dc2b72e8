"""The sign-in and sign-out pages (plain Flask: they must work before any Dash asset loads)."""

from __future__ import annotations

import hmac
import secrets
from urllib.parse import urlparse

from flask import Blueprint, current_app, redirect, render_template_string, request, session
from flask_login import login_user, logout_user

from dashboard import strings
from dashboard.auth import throttle
from dashboard.auth.passwords import DUMMY_HASH, verify_password
from dashboard.auth.session import SessionUser, current_scope
from dashboard.web.client import client_address
from data_access import audit, sessions, users

bp = Blueprint("auth", __name__)

LOGIN_PAGE = """<!doctype html>
<html lang="ru"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ text.SIGNIN_TITLE }}</title>
<link rel="stylesheet" href="/assets/00-bootstrap-5.3.8.min.css"></head>
<body class="bg-light">
<main class="container" style="max-width: 420px; margin-top: 10vh">
  <h1 class="h3 mb-1">{{ text.APP_SHORT }}</h1>
  <p class="text-muted">{{ text.SIGNIN_SUBTITLE }}</p>
  {% if error %}<div class="alert alert-danger" role="alert">{{ error }}</div>{% endif %}
  {% if message %}<div class="alert alert-info" role="status">{{ message }}</div>{% endif %}
  <form method="post" action="/login" class="card card-body shadow-sm">
    <input type="hidden" name="csrf_token" value="{{ csrf_token }}">
    <input type="hidden" name="next" value="{{ next_url }}">
    <label class="form-label" for="login">{{ text.SIGNIN_LOGIN }}</label>
    <input class="form-control mb-3" id="login" name="login" autocomplete="username"
           value="{{ login }}" required autofocus>
    <label class="form-label" for="password">{{ text.SIGNIN_PASSWORD }}</label>
    <input class="form-control mb-3" id="password" name="password" type="password"
           autocomplete="current-password" required>
    {% if totp %}<label class="form-label"
                        for="otp">{{ text.SIGNIN_OTP }}</label>
    <input class="form-control mb-3" id="otp" name="otp" inputmode="numeric"
           autocomplete="one-time-code">{% endif %}
    {% if remember_days %}<div class="form-check mb-3">
      <input class="form-check-input" type="checkbox" id="remember" name="remember">
      <label class="form-check-label" for="remember">{{ remember_label }}</label>
    </div>{% endif %}
    <button class="btn btn-primary" type="submit">{{ text.SIGNIN_SUBMIT }}</button>
  </form>
</main></body></html>"""

GENERIC_FAILURE = strings.SIGNIN_FAILED
THROTTLED = strings.SIGNIN_THROTTLED


def _csrf_token() -> str:
    token = session.get("csrf_token")
    if not token:
        token = session["csrf_token"] = secrets.token_urlsafe(32)
    return token


def _safe_next(value: str | None) -> str:
    """Only same-site relative paths: never redirect a user off the site after sign-in."""
    if not value or not value.startswith("/") or value.startswith("//"):
        return "/"
    parsed = urlparse(value)
    if parsed.scheme or parsed.netloc or "\\" in value:
        return "/"
    return value


def _render(error: str = "", login: str = "", status: int = 200, message: str = ""):
    settings = current_app.config["OKO_SETTINGS"]
    return (
        render_template_string(
            LOGIN_PAGE,
            error=error,
            message=message,
            login=login,
            csrf_token=_csrf_token(),
            next_url=_safe_next(request.values.get("next")),
            totp=True,
            remember_days=settings.remember_days,
            remember_label=strings.SIGNIN_REMEMBER.format(days=settings.remember_days),
            text=strings,
        ),
        status,
    )


@bp.get("/login")
def login_form():
    message = strings.SIGNIN_ENDED if request.args.get("ended") else ""
    return _render(message=message)


@bp.post("/login")
def login_submit():
    form_token = request.form.get("csrf_token", "")
    expected = session.get("csrf_token", "")
    if not expected or not hmac.compare_digest(form_token, expected):
        return _render(strings.SIGNIN_FORM_EXPIRED, status=400)
    login = request.form.get("login", "").strip()[:80]
    password = request.form.get("password", "")
    ip = client_address() or "-"
    if throttle.is_blocked(login, ip):
        audit.record("login", "throttled", login=login, ip=ip)
        return _render(THROTTLED, login=login, status=429)
    account = users.account_by_login(login)
    ok = verify_password(account.password_hash if account else DUMMY_HASH, password)
    ok = ok and account is not None and account.is_active
    if ok and account.totp_secret:
        ok = _totp_ok(account.totp_secret, request.form.get("otp", ""))
    if not ok:
        throttle.record_failure(login, ip)
        audit.record("login", "failure", login=login, ip=ip)
        return _render(GENERIC_FAILURE, login=login, status=401)
    settings = current_app.config["OKO_SETTINGS"]
    if settings.production and account.role == "admin" and not account.totp_secret:
        audit.record("login", "denied", login=login, ip=ip, detail="admin without TOTP")
        return _render(strings.SIGNIN_TOTP_REQUIRED, status=403)
    throttle.reset(login, ip)
    next_url = _safe_next(request.form.get("next"))
    session.clear()  # a fresh session at sign-in: nothing from before survives
    session["sid"] = sessions.start(account.id, ip)
    # "Remember me" lengthens this server-side session; no separate remember cookie exists.
    session["remember"] = bool(settings.remember_days and request.form.get("remember"))
    user = SessionUser(account)
    login_user(user, remember=False)
    session.permanent = True
    audit.record("login", "success", scope=user.scope, ip=ip)
    if next_url == "/" and account.role == "school":
        code = users.own_school_code(user.scope)
        if code:
            next_url = f"/schools/{code}"
    return redirect(next_url)


def _totp_ok(secret: str, code: str) -> bool:
    import pyotp

    return bool(code) and pyotp.TOTP(secret).verify(code.strip(), valid_window=1)


@bp.route("/logout", methods=["GET", "POST"])
def logout():
    scope = current_scope()
    if scope.login:
        audit.record("logout", "success", scope=scope, ip=client_address())
    sessions.end(session.get("sid"))
    logout_user()
    session.clear()
    response = redirect("/login?ended=1")
    return response
