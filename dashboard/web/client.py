"""The one way to read the client's address (for audit rows and sign-in throttling)."""

from __future__ import annotations

from flask import has_request_context, request


def client_address() -> str | None:
    """The address the request came from, or None outside a request (CLI, background jobs).

    `remote_addr` is what the WSGI server saw; behind a proxy, gunicorn's forwarded-allow-ips
    decides whether that is the proxy or the client, so nothing here trusts X-Forwarded-For.
    """
    return request.remote_addr if has_request_context() else None
