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
