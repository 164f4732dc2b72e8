"""Refusals made before any parsing: zip bombs, disguised files, oversize files."""

from __future__ import annotations

import io
import tracemalloc
import zipfile

import pytest

from dashboard.ingest import guard, parse
from tests.ingest.helpers import xlsx_bytes

MB = 2**20


def _zip_bomb() -> bytes:
    """A valid-looking .xlsx whose one sheet inflates to 1 GB (about 1 MB compressed)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            block = b"\0" * MB
            for _ in range(1024):
                sheet.write(block)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def bomb() -> bytes:
    return _zip_bomb()


def _refused_quickly(data: bytes, name: str, max_bytes: int = 50 * MB) -> str:
    tracemalloc.start()
    parsed = parse("schools", data, name, max_bytes=max_bytes)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert parsed.refused and not parsed.rows
    assert peak < 5 * MB + 2 * len(data)  # only the upload itself, nothing inflated
    return parsed.refused


def test_zip_bomb_is_refused_before_parsing(bomb):
    assert len(bomb) < 5 * MB
    with pytest.raises(guard.FileRefused, match="zip-бомба"):
        guard.check_xlsx(bomb, 50 * MB)
    assert "zip-бомба" in _refused_quickly(bomb, "bomb.xlsx")


def test_html_saved_as_xlsx_is_refused():
    html = b"<html><body><table><tr><td>school_code</td></tr></table></body></html>"
    assert "не является книгой Excel" in _refused_quickly(html, "report.xlsx")


def test_zip_without_content_types_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")
    assert "Content_Types" in _refused_quickly(buffer.getvalue(), "x.xlsx")


def test_oversize_file_is_refused_before_reading():
    data = b"school_code;name\n" + b"1;x\n" * (MB // 4)
    assert "слишком большой" in _refused_quickly(data, "big.csv", max_bytes=MB // 2)


def test_binary_csv_and_unknown_extensions_are_refused():
    assert "двоичным" in _refused_quickly(b"\x00\x01\x02abc", "x.csv")
    assert "двоичным" in _refused_quickly(xlsx_bytes([["a"]]), "x.csv")
    assert "только файлы" in _refused_quickly(b"a,b\n", "x.exe")
    assert ".xls" in _refused_quickly(b"\xd0\xcf\x11\xe0", "old.xls")


def test_an_ordinary_xlsx_passes_the_guard():
    assert guard.check(xlsx_bytes([["school_code"], ["1"]]), "ok.xlsx", 50 * MB) == "xlsx"
