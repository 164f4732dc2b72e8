"""Checks made before any parsing: size, extension against magic bytes, and zip bombs.

A refusal is a FileRefused with a Russian reason; nothing of the file has been parsed yet.
"""

from __future__ import annotations

import io
import zipfile

from dashboard import strings

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # legacy .xls / .doc
MAX_ZIP_ENTRIES = 2000
# An .xlsx expands roughly 5-10x; more than this per uploaded byte is a bomb, not a table.
MAX_EXPANSION = 20
CSV_EXTENSIONS = (".csv", ".txt", ".tsv")
XLSX_EXTENSIONS = (".xlsx", ".xlsm")


class FileRefused(ValueError):
    """The file is refused before parsing; `reason` is shown to the user."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def file_format(file_name: str) -> str:
    """'csv' or 'xlsx' from the extension (the name is never used as a path)."""
    lowered = (file_name or "").strip().lower()
    if lowered.endswith(CSV_EXTENSIONS):
        return "csv"
    if lowered.endswith(XLSX_EXTENSIONS):
        return "xlsx"
    if lowered.endswith(".xls"):
        raise FileRefused(strings.INGEST_XLS_UNSUPPORTED)
    raise FileRefused(strings.INGEST_BAD_EXTENSION)


def check_size(size: int, max_bytes: int) -> None:
    if size > max_bytes:
        raise FileRefused(
            strings.INGEST_TOO_LARGE.format(size=size / 2**20, limit=max_bytes / 2**20)
        )
    if size == 0:
        raise FileRefused(strings.INGEST_EMPTY)


def check_csv(data: bytes) -> None:
    head = data[:8192]
    if head.startswith(ZIP_MAGIC) or head.startswith(OLE_MAGIC) or b"\x00" in head:
        raise FileRefused(strings.INGEST_CSV_BINARY)


def check_xlsx(data: bytes, max_bytes: int) -> None:
    """A real .xlsx: a zip with [Content_Types].xml whose entries do not expand absurdly."""
    if not data.startswith(ZIP_MAGIC):
        raise FileRefused(strings.INGEST_XLSX_NOT_ZIP)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise FileRefused(strings.INGEST_XLSX_DAMAGED) from None
    if len(entries) > MAX_ZIP_ENTRIES:
        raise FileRefused(strings.INGEST_XLSX_TOO_MANY_PARTS)
    if "[Content_Types].xml" not in {entry.filename for entry in entries}:
        raise FileRefused(strings.INGEST_XLSX_NO_CONTENT_TYPES)
    total = sum(entry.file_size for entry in entries)
    if total > max(len(data), 1) * MAX_EXPANSION or total > max_bytes * MAX_EXPANSION:
        raise FileRefused(strings.INGEST_XLSX_BOMB)


def check(data: bytes, file_name: str, max_bytes: int) -> str:
    """Run every pre-parse check; return the format ('csv' or 'xlsx')."""
    fmt = file_format(file_name)
    check_size(len(data), max_bytes)
    if fmt == "csv":
        check_csv(data)
    else:
        check_xlsx(data, max_bytes)
    return fmt
