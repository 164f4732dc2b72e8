"""Callback JSON is compressed for browsers that accept it (large pages ship megabytes)."""

from __future__ import annotations

import gzip
import json

from dashboard.ids import Shell


def test_a_large_response_is_gzipped_when_the_browser_accepts_it(client_for):
    client = client_for("region")
    page = client.get("/procedures", headers={"Accept-Encoding": "gzip"})
    assert page.status_code == 200
    assert page.headers.get("Content-Encoding") == "gzip"
    assert b"<html" in gzip.decompress(page.data).lower()
    assert (
        Shell.ERROR
        in gzip.decompress(
            client.get("/_dash-layout", headers={"Accept-Encoding": "gzip"}).data
        ).decode()
    )


def test_a_client_that_does_not_accept_gzip_gets_plain_json(client_for):
    client = client_for("region")
    layout = client.get("/_dash-layout")
    assert layout.headers.get("Content-Encoding") is None
    assert Shell.ERROR in json.dumps(layout.get_json())


def test_callback_json_carries_cyrillic_as_utf8_not_escapes(client_for, app):
    """orjson serialises the callbacks: «Школы» is 10 bytes of UTF-8, not 30 of \\uXXXX."""
    from dashboard.ids import Overview
    from tests.http.forge import all_server_callbacks, body_for

    callback = next(
        c for c in all_server_callbacks(app) if f"{Overview.COUNTS}.children" in c.output
    )
    body = body_for(callback, None)
    for slot in body["inputs"]:
        slot["value"] = "/"
    response = client_for("region").post("/_dash-update-component", json=body)
    assert response.status_code == 200
    raw = response.get_data()
    assert b"\\u04" not in raw
    assert any(0xD0 <= byte <= 0xD3 for byte in raw)  # lead bytes of UTF-8 Cyrillic
