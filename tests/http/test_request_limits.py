"""Issue 18 §2, §5, §6: callback bodies are limited before anything parses them (larger only
for the callbacks that receive a file), malformed `outputs` / `changedPropIds` are a 400, and
production responses carry HSTS and a CSP without 'unsafe-eval' or 'unsafe-inline' scripts."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import re
from dataclasses import replace

import pytest

from dashboard.web import security
from tests.conftest import login
from tests.http.forge import all_server_callbacks, body_for

CALLBACK = "/_dash-update-component"
# An inline script the browser runs: no src, not a JSON data block.
INLINE_SCRIPT = r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>(.*?)</script>"


class CountingStream(io.BytesIO):
    """A request body that counts how much of it the server reads."""

    read_bytes = 0

    def read(self, size: int | None = -1) -> bytes:
        chunk = super().read(size)
        self.read_bytes += len(chunk)
        return chunk

    def read1(self, size: int = -1) -> bytes:
        return self.read(size)

    def readinto(self, buffer) -> int:
        chunk = self.read(len(buffer))
        buffer[: len(chunk)] = chunk
        return len(chunk)

    def readline(self, size: int | None = -1) -> bytes:
        chunk = super().readline(size)
        self.read_bytes += len(chunk)
        return chunk


def _callback(app, predicate):
    return next(c for c in all_server_callbacks(app) if predicate(c))


def _padded(callback, size: int) -> bytes:
    """A well-formed callback body of about `size` bytes (the padding in one input value)."""
    return json.dumps(body_for(callback, "x" * size)).encode()


def _is_upload(callback) -> bool:
    return any(s["property"] == "contents" for s in [*callback.inputs, *callback.state])


def _post(client, data: bytes, **kwargs):
    stream = CountingStream(data)
    response = client.post(CALLBACK, input_stream=stream, content_type="application/json", **kwargs)
    return response, stream


def test_a_viewer_cannot_make_the_server_read_a_large_callback_body(app, client_for):
    """The issue's attack: 40 MB sent as `viewer` was parsed whole (303 MB → 1.41 GB)."""
    client = client_for("viewer")
    callback = _callback(app, lambda c: not _is_upload(c) and c.inputs)
    data = _padded(callback, 5 * 1024 * 1024)
    response, stream = _post(client, data)
    assert response.status_code == 413
    assert stream.read_bytes <= security.PEEK_BYTES  # refused before it was read, not after


def test_a_body_without_length_is_cut_at_the_callback_limit(app, client_for):
    client = client_for("viewer")
    callback = _callback(app, lambda c: not _is_upload(c) and c.inputs)
    data = _padded(callback, 3 * 1024 * 1024)
    stream = CountingStream(data)
    response = client.post(
        CALLBACK,
        input_stream=stream,
        content_type="application/json",
        # chunked: no Content-Length, the server marks the stream's end
        environ_overrides={"HTTP_TRANSFER_ENCODING": "chunked", "wsgi.input_terminated": True},
    )
    assert response.status_code == 413
    settings = app.server.config["OKO_SETTINGS"]
    assert stream.read_bytes <= settings.max_callback_kb * 1024 + 1


def test_a_small_body_without_length_is_answered(app, client_for):
    client = client_for("viewer")
    callback = _callback(app, lambda c: not _is_upload(c) and c.inputs)
    data = _padded(callback, 10 * 1024)
    chunked = {"HTTP_TRANSFER_ENCODING": "chunked", "wsgi.input_terminated": True}
    response, stream = _post(client, data, environ_overrides=chunked)
    assert response.status_code not in {400, 413}
    assert stream.read_bytes == len(data)


def test_an_ordinary_callback_body_still_passes(app, client_for):
    client = client_for("viewer")
    callback = _callback(app, lambda c: not _is_upload(c) and c.inputs)
    response, _ = _post(client, _padded(callback, 100 * 1024))
    assert response.status_code not in {400, 413}


def test_a_file_may_be_as_large_as_the_upload_limit_for_the_upload_callbacks(app, client_for):
    """An import file of 2 MB (base64 in the callback body) reaches the upload callback."""
    client = client_for("admin")
    callback = _callback(app, lambda c: c.name == "check_upload")
    contents = "data:text/csv;base64," + "QUJD" * (700 * 1024)  # 2.1 MB of base64
    body = body_for(callback, None)
    body["inputs"] = [
        {**slot, "value": contents if slot["property"] == "contents" else "schools"}
        for slot in body["inputs"]
    ]
    data = json.dumps(body).encode()
    assert len(data) > app.server.config["OKO_SETTINGS"].max_callback_kb * 1024
    response, stream = _post(client, data)
    assert response.status_code not in {400, 413}
    assert stream.read_bytes == len(data)


def test_the_upload_limit_holds_for_the_upload_callbacks(app, client_for):
    client = client_for("admin")
    callback = _callback(app, lambda c: c.name == "check_upload")
    settings = app.server.config["OKO_SETTINGS"]
    too_large = security.upload_body_limit(settings) + 1
    stream = CountingStream(b"{}")  # never read: the length alone is refused
    response = client.post(
        CALLBACK,
        input_stream=stream,
        content_type="application/json",
        environ_overrides={"CONTENT_LENGTH": str(too_large)},
    )
    assert response.status_code == 413
    assert stream.read_bytes == 0
    with app.server.app_context():
        assert callback.output in security.upload_outputs()


def test_a_large_body_naming_no_upload_callback_is_refused(app, client_for):
    """Naming an upload callback later in the body (not where Dash writes it) does not help."""
    client = client_for("admin")
    upload = _callback(app, lambda c: c.name == "check_upload")
    other = _callback(app, lambda c: not _is_upload(c) and c.inputs)
    body = {"inputs": [{"id": "x", "property": "value", "value": "y" * 2_000_000}]}
    body["output"] = upload.output  # after the padding
    response, stream = _post(client, json.dumps(body).encode())
    assert response.status_code == 413
    assert stream.read_bytes <= security.PEEK_BYTES
    response, _ = _post(client, _padded(other, 2_000_000))
    assert response.status_code == 413


MALFORMED = [
    ("outputs", 5),
    ("outputs", "x.children"),
    ("outputs", [{"id": "a"}]),
    ("outputs", {"property": "children"}),
    ("changedPropIds", "a.value"),
    ("changedPropIds", [5]),
    ("changedPropIds", {"a": 1}),
]


@pytest.mark.parametrize(("key", "value"), MALFORMED)
def test_malformed_outputs_or_changed_props_are_a_400(app, client_for, key, value):
    """Before: Dash failed on them with a 500."""
    client = client_for("viewer")
    for callback in (
        _callback(app, lambda c: not c.output.startswith("..") and c.inputs),
        _callback(app, lambda c: c.output.startswith("..") and c.inputs),
    ):
        body = {**body_for(callback, None), key: value}
        response = client.post(CALLBACK, json=body)
        assert response.status_code == 400, (callback.name, key, value)


def test_a_multi_output_callback_with_too_few_outputs_is_a_400(app, client_for):
    client = client_for("viewer")
    callback = _callback(app, lambda c: c.output.startswith("..") and c.inputs)
    body = body_for(callback, None)
    body["outputs"] = body["outputs"][:1]
    assert client.post(CALLBACK, json=body).status_code == 400


def test_production_sends_hsts(app, app_settings):
    from dashboard.app import create_app

    key = "Zq8vN3xL0pR7tY2uW5eK9mB4cH6jD1fS"
    production = create_app(replace(app_settings, env="production", secret_key=key))
    response = production.server.test_client().get("/login")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    # not in development: a browser would keep insisting on HTTPS for localhost
    assert "Strict-Transport-Security" not in app.server.test_client().get("/login").headers


def test_scripts_run_only_from_the_app_and_by_hash(app):
    """No 'unsafe-eval', no 'unsafe-inline' for scripts: Dash's inline renderer start is
    allowed by its hash, and every inline script of the page matches one."""
    response = app.server.test_client().get("/login")
    policy = response.headers["Content-Security-Policy"]
    scripts = next(p for p in policy.split(";") if p.strip().startswith("script-src"))
    assert "'unsafe-eval'" not in scripts and "'unsafe-inline'" not in scripts
    page = app.server.test_client()
    login(page, "region")
    html = re.sub(r"<!--.*?-->", "", page.get("/").get_data(as_text=True), flags=re.S)
    inline = re.findall(INLINE_SCRIPT, html, re.S)
    assert inline  # Dash starts its renderer inline
    for script in inline:
        digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in scripts
