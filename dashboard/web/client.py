"""The one way to read the client's address (for audit rows and sign-in throttling)."""

from __future__ import annotations

import ipaddress

from flask import current_app, has_request_context, request


def _trusted(address: str, proxies: tuple) -> bool:
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return False
    return any(ip in network for network in proxies)


def client_address() -> str | None:
    """The address the request came from, or None outside a request (CLI, background jobs).

    `remote_addr` is the peer. Only when the peer is a trusted proxy (OKO_FORWARDED_ALLOW_IPS)
    is X-Forwarded-For read, from the right: the first address that is not itself a trusted
    proxy is the client. Anyone else's X-Forwarded-For is ignored, so it cannot be forged.
    """
    if not has_request_context():
        return None
    peer = request.remote_addr
    settings = current_app.config.get("OKO_SETTINGS")
    proxies = getattr(settings, "forwarded_networks", ())
    if not peer or not proxies or not _trusted(peer, proxies):
        return peer
    hops = [
        hop.strip()
        for header in request.headers.getlist("X-Forwarded-For")
        for hop in header.split(",")
        if hop.strip()
    ]
    for hop in reversed(hops):
        if not _trusted(hop, proxies):
            try:
                return str(ipaddress.ip_address(hop))
            except ValueError:
                return peer  # a garbled header: fall back to the proxy, never to free text
    return peer
