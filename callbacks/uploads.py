"""Decode what a `dcc.Upload` sends: a base64 data URL, size-checked before decoding."""

from __future__ import annotations

import base64
import binascii


class UploadRefused(ValueError):
    """The upload is not a readable data URL (`reason="unreadable"`) or is too large
    (`reason="too_large"`); the caller turns the reason into its own Russian message."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def decoded_size(contents: str) -> int:
    """The decoded size of a data URL, estimated from its base64 length (no decoding)."""
    return len(contents.partition(",")[2]) * 3 // 4


def decode_upload(contents: object, max_bytes: int) -> bytes:
    """The bytes of a data URL; refuses a malformed one and one over `max_bytes` unread."""
    if not isinstance(contents, str):
        raise UploadRefused("unreadable")
    header, sep, payload = contents.partition(",")
    if not sep or not header.startswith("data:") or ";base64" not in header:
        raise UploadRefused("unreadable")
    if len(payload) * 3 // 4 > max_bytes + 3:
        raise UploadRefused("too_large")
    try:
        return base64.b64decode(payload, validate=True)
    except (binascii.Error, ValueError):
        raise UploadRefused("unreadable") from None
