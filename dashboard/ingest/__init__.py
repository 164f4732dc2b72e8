"""File import: guard (before parsing), readers (CSV / XLSX), schemas per kind, validation.

`parse()` never touches the database and never raises for bad content: it returns a Parsed
holding typed rows or every error. data_access.imports writes a Parsed in one transaction.
"""

from __future__ import annotations

import hashlib

from dashboard.ingest import guard, readers
from dashboard.ingest.guard import FileRefused
from dashboard.ingest.report import MAX_ERRORS, Issue, Parsed
from dashboard.ingest.schemas import KINDS, Kind
from dashboard.ingest.validate import validate

DEFAULT_MAX_BYTES = 50 * 2**20

__all__ = ["KINDS", "MAX_ERRORS", "FileRefused", "Issue", "Kind", "Parsed", "parse"]


def parse(
    kind: str,
    data: bytes,
    file_name: str,
    *,
    sheet: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Parsed:
    """Check, read and validate one file of `kind` (a key of KINDS)."""
    schema = KINDS[kind]
    parsed = Parsed(kind=kind, file_name=file_name, sha256=hashlib.sha256(data).hexdigest())
    try:
        fmt = guard.check(data, file_name, max_bytes)
        raw = readers.read_csv(data) if fmt == "csv" else readers.read_xlsx(data, sheet)
        validate(schema, raw, parsed)
    except FileRefused as refused:
        parsed.rows.clear()
        parsed.lines.clear()
        parsed.refuse(refused.reason)
    return parsed
