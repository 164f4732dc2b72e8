"""The sign-in and sign-out pages (plain Flask: they must work before any Dash asset loads)."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from urllib.parse import urlparse

from flask import Blueprint, current_app, redirect, render_template_string, request, session
from flask_login import current_user, login_user, logout_user

from dashboard import strings
from dashboard.auth import throttle
from dashboard.auth.passwords import DUMMY_HASH, WeakPassword, verify_password
from dashboard.auth.session import SessionUser, current_scope
from dashboard.web.client import client_address
from data_access import audit, sessions, users

bp = Blueprint("auth", __name__)


def _page(title: str, body: str) -> str:
    """A small page outside Dash (sign-in, own password): the same head and frame for both;
    `title` and `body` are Jinja source."""
    return (
        """<!doctype html>
<html lang="ru"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>"""
        + title
        + """</title>
<link rel="stylesheet" href="/assets/00-bootstrap-5.3.8.min.css"></head>
<body class="bg-light">
<main class="container" style="max-width: 420px; margin-top: 10vh">
"""
        + body
        + """
</main></body></html>"""
    )


LOGIN_PAGE = _page(
    "{{ text.SIGNIN_TITLE }}",
    """  <h1 class="h3 mb-1">{{ text.APP_SHORT }}</h1>
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
  </form>""",
)

GENERIC_FAILURE = strings.SIGNIN_FAILED
THROTTLED = strings.SIGNIN_THROTTLED


def _csrf_token() -> str:
    """Signed in: derived from the server-side session id, so it needs no write to the cookie
    (Dash's concurrent requests each send the cookie back and the last one would win).
    Before sign-in: a random token kept in the session."""
    sid = session.get("sid")
    if isinstance(sid, str) and sid:
        key = current_app.config["SECRET_KEY"].encode()
        return hmac.new(key, b"csrf\n" + sid.encode(), hashlib.sha256).hexdigest()
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
    if not _token_ok():
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
    settings = current_app.config["OKO_SETTINGS"]
    if ok and account.totp_secret:
        ok = _totp_ok(account.id, account.totp_secret, request.form.get("otp", ""))
    elif ok and settings.production and account.role in settings.totp_roles:
        # The right password of an account that must but cannot use TOTP gets the same answer
        # as a wrong one: a different status would tell an attacker the password was right.
        audit.record("login", "denied", login=login, ip=ip, detail="TOTP required, not set up")
        ok = False
    if not ok:
        throttle.record_failure(login, ip)
        audit.record("login", "failure", login=login, ip=ip)
        return _render(GENERIC_FAILURE, login=login, status=401)
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


def _totp_ok(user_id: int, secret: str, code: str) -> bool:
    """The code of the current time step or a neighbour, each step good only once per user."""
    import pyotp

    code = code.strip()
    if not (code.isdigit() and len(code) == 6):
        return False
    totp = pyotp.TOTP(secret)
    now = totp.timecode(dt.datetime.now(dt.UTC))
    for step in (now - 1, now, now + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            return sessions.claim_totp_step(user_id, step)  # False: a replayed code
    return False


@bp.post("/logout")
def logout():
    """Only by POST with the session's form token: a link or an image cannot sign anyone out."""
    if not _token_ok():
        return _render(strings.SIGNIN_FORM_EXPIRED, status=400)
    scope = current_scope()
    if scope.login:
        audit.record("logout", "success", scope=scope, ip=client_address())
    sessions.end(session.get("sid"))
    logout_user()
    session.clear()
    return redirect("/login?ended=1")


def _token_ok() -> bool:
    form_token = request.form.get("csrf_token", "")
    if not session.get("sid") and not session.get("csrf_token"):
        return False  # no token was ever issued to this browser
    return hmac.compare_digest(form_token, _csrf_token())


def csrf_token() -> str:
    """The session's form token (for forms outside this module: the user menu's logout)."""
    return _csrf_token()


# ------------------------------------------------------------------ changing one's own password

PASSWORD_PAGE = _page(
    "{{ text.PASSWORD_CHANGE_TITLE }}",
    """  <h1 class="h3 mb-1">{{ text.PASSWORD_CHANGE_HEADING }}</h1>
  <p class="text-muted">{{ login }} · {{ text.PASSWORD_CHANGE_NOTE }}</p>
  {% if error %}<div class="alert alert-danger" role="alert">{{ error }}</div>{% endif %}
  {% if message %}<div class="alert alert-success" role="status">{{ message }}</div>{% endif %}
  <form method="post" action="/account/password" class="card card-body shadow-sm">
    <input type="hidden" name="csrf_token" value="{{ csrf_token }}">
    <input type="hidden" name="username" value="{{ login }}" autocomplete="username">
    <label class="form-label" for="current">{{ text.PASSWORD_CURRENT }}</label>
    <input class="form-control mb-3" id="current" name="current" type="password"
           autocomplete="current-password" required autofocus>
    <label class="form-label" for="new">{{ text.PASSWORD_NEW }}</label>
    <input class="form-control mb-3" id="new" name="new" type="password"
           autocomplete="new-password" required>
    <label class="form-label" for="repeat">{{ text.PASSWORD_REPEAT }}</label>
    <input class="form-control mb-3" id="repeat" name="repeat" type="password"
           autocomplete="new-password" required>
    <button class="btn btn-primary" type="submit">{{ text.PASSWORD_CHANGE_SUBMIT }}</button>
  </form>
  <p class="mt-3"><a href="/">{{ text.PASSWORD_CHANGE_BACK }}</a></p>""",
)


def _render_password(error: str = "", message: str = "", status: int = 200):
    page = render_template_string(
        PASSWORD_PAGE,
        error=error,
        message=message,
        login=current_scope().login,
        csrf_token=_csrf_token(),
        text=strings,
    )
    return page, status


@bp.get("/account/password")
def password_form():
    return _render_password()


@bp.post("/account/password")
def password_submit():
    """Change one's own password; every other session of the user ends, this one is renewed."""
    if not current_user.is_authenticated:  # the request guard stops these first
        return redirect("/login")
    if not _token_ok():
        return _render_password(strings.SIGNIN_FORM_EXPIRED, status=400)
    scope = current_scope()
    ip = client_address() or "-"
    if throttle.is_blocked(scope.login, ip):
        audit.record("password_change", "throttled", scope=scope, ip=ip)
        return _render_password(THROTTLED, status=429)
    new = request.form.get("new", "")
    if new != request.form.get("repeat", ""):
        return _render_password(strings.PASSWORD_MISMATCH, status=400)
    try:
        user_id = users.change_own_password(scope, request.form.get("current", ""), new)
    except users.UserError as error:
        throttle.record_failure(scope.login, ip)
        audit.record("password_change", "failure", scope=scope, ip=ip)
        return _render_password(str(error), status=401)
    except WeakPassword as error:
        return _render_password(str(error), status=400)
    old_sid = session.get("sid")
    ended = sessions.end_others(user_id, keep_sid=old_sid)
    sessions.end(old_sid)  # a new session id for this browser, too
    session["sid"] = sessions.start(user_id, ip)
    audit.record("password_change", "success", scope=scope, ip=ip, detail=f"ended {ended}")
    return _render_password(message=strings.PASSWORD_CHANGED.format(n=ended))
