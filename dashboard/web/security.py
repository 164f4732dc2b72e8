"""Request guard and response headers: no data without a session, no foreign-origin POSTs,
no callback body larger than a callback needs."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable
from urllib.parse import urlparse

from flask import Flask, Response, current_app, jsonify, redirect, request
from flask_login import current_user

from dashboard import strings

PUBLIC_PREFIXES = ("/assets/", "/_dash-component-suites/", "/static/")
PUBLIC_PATHS = frozenset({"/login", "/healthz", "/favicon.ico"})
DASH_PREFIX = "/_dash-"
JSON_ONLY = ("/_dash-update-component",)

# Scripts: the app's own files and Dash's inline renderer start, allowed by its hash
# (`Dash.csp_hashes`, filled in by `install_csp`); no 'unsafe-inline', no 'unsafe-eval'.
# Styles keep 'unsafe-inline': Dash components and plotly set style attributes.
CSP_TEMPLATE = (
    "default-src 'self'; "
    "script-src 'self'{hashes}; "
    "style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; "
    "font-src 'self' data:; "
    "connect-src 'self'; "
    "worker-src 'self' blob:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'self'; form-action 'self'"
)
CSP = CSP_TEMPLATE.format(hashes="")
HSTS = "max-age=31536000; includeSubDomains"

# How much of an oversized callback body is read to learn which callback it is for.
PEEK_BYTES = 4096
_OUTPUT_START = re.compile(rb'\A\s*\{\s*"output"\s*:\s*')


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
            return _limit_callback_body() or _check_callback_body()
        return None
    if path.startswith(DASH_PREFIX):
        return jsonify({"error": "login required"}), 401
    nxt = request.full_path.rstrip("?") if request.method == "GET" else "/"
    return redirect(f"/login?next={nxt}" if nxt not in {"", "/"} else "/login")


def _too_large() -> Response:
    return Response(strings.HTTP_TOO_LARGE, status=413, mimetype="text/plain")


def _bad_request() -> Response:
    return Response(strings.HTTP_BAD_REQUEST, status=400, mimetype="text/plain")


def _limit_callback_body() -> Response | None:
    """Refuse (413) a callback body over the callback limit before anything parses it, unless
    it is for a callback that receives a file (a `dcc.Upload`'s contents): those may carry up to
    the upload limit. The callback is learnt from the body's first bytes, where Dash's renderer
    writes `"output"`; a body that does not start so gets the small limit."""
    settings = current_app.config["OKO_SETTINGS"]
    small = settings.max_callback_kb * 1024
    large = upload_body_limit(settings)
    request.max_content_length = small  # a body without Content-Length is cut here when read
    length = request.content_length
    if length is None and request.environ.get("wsgi.input_terminated"):
        return _read_streamed(small)
    if length is None or length <= small:
        return None
    if length > large:
        return _too_large()
    stream = request.environ["wsgi.input"]
    head = stream.read(min(PEEK_BYTES, length))
    if _output_of(head) not in upload_outputs():
        return _too_large()
    request.environ["wsgi.input"] = _Prefixed(head, stream)
    request.max_content_length = large
    return None


def _read_streamed(limit: int) -> Response | None:
    """A body sent without Content-Length (chunked): read at most `limit` + 1 bytes of it and
    refuse it if there are more; else let the request read what was read."""
    stream = request.environ["wsgi.input"]
    chunks, size = [], 0
    while size <= limit:
        chunk = stream.read(min(64 * 1024, limit + 1 - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    if size > limit:
        return _too_large()
    request.environ["wsgi.input"] = io.BytesIO(b"".join(chunks))
    return None


def upload_body_limit(settings) -> int:
    """The largest callback body carrying a file: base64 (4/3 of the file) and the rest of the
    callback's JSON."""
    return settings.max_upload_mb * 1024 * 1024 * 4 // 3 + settings.max_callback_kb * 1024


def _output_of(head: bytes) -> str | None:
    """The `output` named at the start of a callback body, if the first bytes hold it."""
    match = _OUTPUT_START.match(head)
    if match is None:
        return None
    text = head[match.end() :].decode("utf-8", errors="replace")
    try:
        value, _end = json.JSONDecoder().raw_decode(text)
    except ValueError:
        return None
    return value if isinstance(value, str) else None


def upload_outputs() -> frozenset[str]:
    """The callbacks (by output) that take a `dcc.Upload`'s contents as input or state."""
    known = current_app.extensions.get("oko_callback_outputs", lambda: None)() or {}
    return frozenset(
        output
        for output, spec in known.items()
        if any(
            isinstance(slot, dict) and slot.get("property") == "contents"
            for slot in [*spec.get("inputs", []), *spec.get("state", [])]
        )
    )


class _Prefixed(io.RawIOBase):
    """The bytes already read from a request body, then the rest of it."""

    def __init__(self, head: bytes, rest) -> None:
        self._head = head
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self._head:
            n = min(len(buffer), len(self._head))
            buffer[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = self._rest.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def _check_callback_body() -> Response | None:
    """Refuse malformed callback bodies with 400 instead of letting Dash fail with 500."""
    body = request.get_json(silent=True)
    known = current_app.extensions.get("oko_callback_outputs", lambda: None)()
    if not isinstance(body, dict) or not isinstance(body.get("output"), str):
        return _bad_request()
    for key in ("inputs", "state"):
        slots = body.get(key, [])
        if not isinstance(slots, list) or not all(_slot_ok(s) for s in slots):
            return _bad_request()
    changed = body.get("changedPropIds", [])
    if not isinstance(changed, list) or not all(isinstance(p, str) for p in changed):
        return _bad_request()
    if "outputs" in body and not _outputs_ok(body["output"], body["outputs"]):
        return _bad_request()
    if known is not None:
        spec = known.get(body["output"])
        if spec is None:
            return _bad_request()
        if len(body.get("inputs", [])) != len(spec.get("inputs", [])) or len(
            body.get("state", [])
        ) != len(spec.get("state", [])):
            return _bad_request()
    return None


def _outputs_ok(output: str, outputs) -> bool:
    """`outputs` as the renderer sends it: one slot for a single output, a list of as many
    slots as the callback has outputs for a multi-output one (`..a.x...b.y..`)."""
    if output.startswith("..") and output.endswith(".."):
        count = output[2:-2].count("...") + 1
        return isinstance(outputs, list) and len(outputs) == count and all(map(_slot_ok, outputs))
    return _slot_ok(outputs)


def _slot_ok(slot) -> bool:
    if isinstance(slot, list):  # pattern-matching ALL / ALLSMALLER
        return all(_slot_ok(s) for s in slot)
    return isinstance(slot, dict) and "id" in slot and isinstance(slot.get("property"), str)


def add_headers(response: Response) -> Response:
    headers = response.headers
    headers.setdefault("Content-Security-Policy", _policy())
    if current_app.config["OKO_SETTINGS"].production:
        headers.setdefault("Strict-Transport-Security", HSTS)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("X-Frame-Options", "SAMEORIGIN")
    if not is_public(request.path) or request.path == "/login":
        headers["Cache-Control"] = "no-store"
    return response


def install(server: Flask) -> None:
    server.before_request(guard)
    server.after_request(add_headers)


def install_csp(server: Flask, hashes: Callable[[], list[str]]) -> None:
    """Allow exactly the inline scripts `hashes()` names (Dash's `csp_hashes`). Asked at each
    response: Dash adds inline scripts of its own (the pages' clientside callbacks) when it
    serves its first request, after the app is built."""
    server.extensions["oko_csp_hashes"] = hashes


def _policy() -> str:
    hashes = current_app.extensions.get("oko_csp_hashes")
    if hashes is None:
        return CSP
    return CSP_TEMPLATE.format(hashes="".join(f" {h}" for h in hashes()))
