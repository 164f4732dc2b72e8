"""Build the same table as CSV (several dialects) and XLSX bytes, for the ingest tests."""

from __future__ import annotations

import io

from openpyxl import Workbook


def csv_bytes(
    rows: list[list], *, delimiter: str = ",", encoding: str = "utf-8", decimal_comma: bool = False
) -> bytes:
    def cell(value) -> str:
        text = str(value) if value is not None else ""
        if decimal_comma and isinstance(value, float):
            text = text.replace(".", ",")
        if delimiter in text or '"' in text:
            text = '"' + text.replace('"', '""') + '"'
        return text

    text = "\r\n".join(delimiter.join(cell(v) for v in row) for row in rows) + "\r\n"
    return text.encode(encoding)


def xlsx_bytes(rows: list[list], *, title_rows: int = 0, sheet: str | None = None) -> bytes:
    book = Workbook()
    first = book.active
    first.title = "Пояснения" if sheet else "Лист1"
    target = book.create_sheet(sheet) if sheet else first
    if sheet:
        first.append(["Этот лист не данные"])
    for index in range(title_rows):
        target.append([f"Отчёт о результатах, часть {index + 1}"])
    for row in rows:
        target.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
