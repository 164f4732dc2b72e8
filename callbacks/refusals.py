"""Audit a refused callback: a forged or stale school code is a security event, not noise."""

from __future__ import annotations

from dashboard.auth import current_scope
from dashboard.web.client import client_address
from data_access import audit
from data_access.scope import OutOfScope


def audit_refusal(
    refused: OutOfScope, where: str, action: str = "callback", asked: object = None
) -> None:
    """Record who asked for what outside their scope, from which address, in which callback.

    `action` names a refused change (a form's own audit action, e.g. "expert_save") so its
    refusals sit beside its successes and failures in the log; `asked` (e.g. the login a
    refused change named) replaces `refused.asked` in the row when given."""
    ip = client_address()
    asked = refused.asked if asked is None else asked
    audit.record(action, "denied", scope=current_scope(), asked=asked, ip=ip, detail=where)
