"""Request guard and response headers: no data without a session, no foreign-origin POSTs."""

from __future__ import annotations

from urllib.parse import urlparse

from flask import Flask, Response, current_app, jsonify, redirect, request
from flask_login import current_user

from dashboard import strings

PUBLIC_PREFIXES = ("/assets/", "/_dash-component-suites/", "/static/")
PUBLIC_PATHS = frozenset({"/login", "/healthz", "/favicon.ico"})
DASH_PREFIX = "/_dash-"
JSON_ONLY = ("/_dash-update-component",)

CSP = (
    "default-src 'self'; "
    "script-src 'self' 'unsafe-eval' 'unsafe-inline'; "  # Dash renders with inline config
    "style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; "
    "font-src 'self' data:; "
    "connect-src 'self'; "
    "worker-src 'self' blob:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'self'; form-action 'self'"
)


def is_public(path: str) -> bool:
    return path in PUBLIC_PATHS or path.startswith(PUBLIC_PREFIXES)


def same_origin(origin: str | None) -> bool:
    if not origin:
        return True  # non-browser clients send no Origin; the session cookie still guards them
    parsed = urlparse(origin)
    return parsed.netloc == request.host and parsed.scheme in {"http", "https"}


def guard() -> Response | None:
    """Runs before every request."""
    path = request.path
    if request.method == "POST" and not same_origin(request.headers.get("Origin")):
        return Response(strings.HTTP_FOREIGN_ORIGIN, status=403, mimetype="text/plain")
    if path.startswith(JSON_ONLY) and request.method == "POST" and not request.is_json:
        return Response(strings.HTTP_JSON_EXPECTED, status=415, mimetype="text/plain")
    if is_public(path):
        return None
    if current_user.is_authenticated:
        if path.startswith(JSON_ONLY) and request.method == "POST":
            return _check_callback_body()
        return None
    if path.startswith(DASH_PREFIX):
        return jsonify({"error": "login required"}), 401
    nxt = request.full_path.rstrip("?") if request.method == "GET" else "/"
    return redirect(f"/login?next={nxt}" if nxt not in {"", "/"} else "/login")


def _check_callback_body() -> Response | None:
    """Refuse malformed callback bodies with 400 instead of letting Dash fail with 500."""
    body = request.get_json(silent=True)
    known = current_app.extensions.get("oko_callback_outputs", lambda: None)()
    if not isinstance(body, dict) or not isinstance(body.get("output"), str):
        return Response(strings.HTTP_BAD_REQUEST, status=400, mimetype="text/plain")
    for key in ("inputs", "state"):
        slots = body.get(key, [])
        if not isinstance(slots, list) or not all(_slot_ok(s) for s in slots):
            return Response(strings.HTTP_BAD_REQUEST, status=400, mimetype="text/plain")
    if known is not None:
        spec = known.get(body["output"])
        if spec is None:
            return Response(strings.HTTP_BAD_REQUEST, status=400, mimetype="text/plain")
        if len(body.get("inputs", [])) != len(spec.get("inputs", [])) or len(
            body.get("state", [])
        ) != len(spec.get("state", [])):
            return Response(strings.HTTP_BAD_REQUEST, status=400, mimetype="text/plain")
    return None


def _slot_ok(slot) -> bool:
    if isinstance(slot, list):  # pattern-matching ALL / ALLSMALLER
        return all(_slot_ok(s) for s in slot)
    return isinstance(slot, dict) and "id" in slot and isinstance(slot.get("property"), str)


def add_headers(response: Response) -> Response:
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CSP)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("X-Frame-Options", "SAMEORIGIN")
    if not is_public(request.path) or request.path == "/login":
        headers["Cache-Control"] = "no-store"
    return response


def install(server: Flask) -> None:
    server.before_request(guard)
    server.after_request(add_headers)
