"""Read CSV (encoding and delimiter detected) and XLSX (first or named sheet) into raw rows.

Rows come back as (row number as the user sees it in the file, list of cells); blank rows
are skipped. XLSX cells keep their Python types (numbers, dates); CSV cells are strings.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections import Counter
from collections.abc import Iterator

from dashboard import strings
from dashboard.ingest.guard import FileRefused

DELIMITERS = (";", ",", "\t")
RawRow = tuple[int, list]


def decode(data: bytes) -> str:
    """UTF-8 with BOM, UTF-8, then Windows-1251 (what Excel in Russia saves as "CSV")."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="strict")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1251")
    except UnicodeDecodeError:
        raise FileRefused(strings.INGEST_ENCODING) from None


def sniff_delimiter(text: str) -> str:
    """The delimiter giving the most columns consistently over the first non-blank lines."""
    sample = [line for line in text[:65536].splitlines() if line.strip()][:30]
    best, best_score = ";", 0
    for delimiter in DELIMITERS:
        widths = [len(row) for row in csv.reader(sample, delimiter=delimiter)]
        if not widths:
            continue
        width, count = Counter(widths).most_common(1)[0]
        score = count * (width - 1)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _blank(cells: list) -> bool:
    return all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in cells)


def read_csv(data: bytes) -> Iterator[RawRow]:
    text = decode(data).replace("\x00", "")
    delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    line = 1
    try:
        for cells in reader:
            if not _blank(cells):
                yield line, cells
            line = reader.line_num + 1
    except csv.Error as error:
        raise FileRefused(strings.INGEST_CSV_ERROR.format(line=line, error=error)) from None


def read_xlsx(data: bytes, sheet: str | None = None) -> Iterator[RawRow]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds on a malformed book
        raise FileRefused(strings.INGEST_XLSX_UNREADABLE) from None
    try:
        if sheet:
            if sheet not in book.sheetnames:
                names = ", ".join(book.sheetnames)
                raise FileRefused(strings.INGEST_NO_SHEET.format(sheet=sheet, names=names))
            worksheet = book[sheet]
        else:
            worksheet = book.worksheets[0]
        try:
            for number, cells in enumerate(worksheet.iter_rows(values_only=True), start=1):
                cells = list(cells)
                if not _blank(cells):
                    yield number, cells
        except FileRefused:
            raise
        except Exception:
            raise FileRefused(strings.INGEST_SHEET_UNREADABLE) from None
    finally:
        book.close()
