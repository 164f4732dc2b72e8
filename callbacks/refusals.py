"""Audit a refused callback: a forged or stale school code is a security event, not noise."""

from __future__ import annotations

from dashboard.auth import current_scope
from dashboard.web.client import client_address
from data_access import audit
from data_access.scope import OutOfScope


def audit_refusal(refused: OutOfScope, where: str) -> None:
    """Record who asked for what outside their scope, from which address, in which callback."""
    ip = client_address()
    audit.record("callback", "denied", scope=current_scope(), asked=refused.asked, ip=ip, detail=where)
