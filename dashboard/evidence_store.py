"""Confirming materials of roadmap items kept as files under OKO_VAR_DIR/evidence.

The uploader's file name is only kept as a label: the file is written under a generated
name (``<32 hex>.<ext>``), its type is checked by its first bytes as well as by its extension,
and its SHA-256 is returned so that a later copy can be compared with what was uploaded.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import secrets
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

from dashboard import config, rules
from dashboard.ingest.guard import MAX_EXPANSION, MAX_ZIP_ENTRIES, ZIP_MAGIC

# What the upload form and its refusals list as accepted (JPG stands for both JPEG spellings).
TYPES_TEXT = ", ".join(sorted({t.upper() for t in rules.EVIDENCE_TYPES} - {"JPEG"}))
STORED_NAME = re.compile(r"\A[0-9a-f]{32}\.(pdf|docx|xlsx|png|jpg)\Z")
# The part every genuine Office file of that kind contains.
_OFFICE_PART = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}


class EvidenceRefused(ValueError):
    """The file is refused; ``key`` names the reason in strings.ITEM_EVIDENCE_ERRORS."""

    def __init__(self, key: str, **details: object) -> None:
        super().__init__(key)
        self.key = key
        self.details = details


@dataclass(frozen=True)
class StoredFile:
    stored_as: str
    file_name: str
    content_type: str
    size_bytes: int
    sha256: str


def root() -> Path:
    """Where evidence files live; read at call time so tests can point OKO_VAR_DIR elsewhere."""
    return Path(os.environ.get("OKO_VAR_DIR", config.VAR_DIR)) / "evidence"


def extension(file_name: str) -> str:
    """The lower-case extension, refused unless it is an allowed type ("jpeg" → "jpg")."""
    ext = Path(file_name or "").suffix.lower().lstrip(".")
    if ext not in rules.EVIDENCE_TYPES:
        raise EvidenceRefused("bad_type")
    return "jpg" if ext == "jpeg" else ext


def _zip_has(data: bytes, part: str) -> bool:
    """A well-formed Office zip with ``part`` that does not expand absurdly (no zip bomb)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return False
    names = {entry.filename for entry in entries}
    total = sum(entry.file_size for entry in entries)
    return (
        len(entries) <= MAX_ZIP_ENTRIES
        and "[Content_Types].xml" in names
        and part in names
        and total <= max(len(data), 1) * MAX_EXPANSION
    )


def matches(ext: str, data: bytes) -> bool:
    """Whether the leading bytes (and for Office files the zip parts) fit the extension."""
    if ext == "pdf":
        return data.startswith(b"%PDF-")
    if ext == "png":
        return data.startswith(b"\x89PNG\r\n\x1a\n")
    if ext == "jpg":
        return data.startswith(b"\xff\xd8\xff")
    if ext in _OFFICE_PART:
        return data.startswith(ZIP_MAGIC) and _zip_has(data, _OFFICE_PART[ext])
    return False


def check(data: bytes, file_name: str) -> str:
    """Every check before writing; returns the normalised extension."""
    ext = extension(file_name)
    if len(data) > rules.EVIDENCE_MAX_BYTES:
        raise EvidenceRefused("too_large")
    if not data:
        raise EvidenceRefused("empty")
    if not matches(ext, data):
        raise EvidenceRefused("bad_content", ext=ext)
    return ext


def display_name(file_name: str) -> str:
    """The uploader's name as a label only: no directories, no control characters."""
    name = unicodedata.normalize("NFC", Path(str(file_name).replace("\\", "/")).name)
    name = "".join(ch for ch in name if ch.isprintable())
    return name[:200] or "file"


def store(data: bytes, file_name: str, folder: Path | None = None) -> StoredFile:
    """Check and write the file under a fresh generated name; never overwrites."""
    ext = check(data, file_name)
    folder = folder or root()
    folder.mkdir(parents=True, exist_ok=True)
    stored_as = f"{secrets.token_hex(16)}.{ext}"
    descriptor = os.open(folder / stored_as, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)
    return StoredFile(
        stored_as=stored_as,
        file_name=display_name(file_name),
        content_type=rules.EVIDENCE_TYPES[ext],
        size_bytes=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )


def read(stored_as: str, folder: Path | None = None) -> bytes:
    """The bytes of a stored file; a name that is not one we generate is refused."""
    if not isinstance(stored_as, str) or not STORED_NAME.match(stored_as):
        raise FileNotFoundError("not an evidence file name")
    return ((folder or root()) / stored_as).read_bytes()


def remove(stored_as: str, folder: Path | None = None) -> None:
    """Delete a stored file (used when the database write after storing fails)."""
    if isinstance(stored_as, str) and STORED_NAME.match(stored_as):
        ((folder or root()) / stored_as).unlink(missing_ok=True)
