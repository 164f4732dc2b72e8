"""The outcome of reading and validating one file: typed rows or a list of errors."""

from __future__ import annotations

from dataclasses import dataclass, field

from dashboard import strings

MAX_ERRORS = 200


@dataclass(frozen=True)
class Issue:
    line: int | None  # row number as the user sees it in the file (None: the whole file)
    column: str | None
    message: str  # Russian

    def __str__(self) -> str:
        place = []
        if self.line is not None:
            place.append(strings.INGEST_AT_LINE.format(line=self.line))
        if self.column:
            place.append(strings.INGEST_AT_COLUMN.format(column=self.column))
        return f"{', '.join(place)}: {self.message}" if place else self.message


@dataclass
class Parsed:
    kind: str
    file_name: str
    sha256: str
    fields: list[str] = field(default_factory=list)
    rows: list[tuple] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    errors: list[Issue] = field(default_factory=list)
    error_count: int = 0
    refused: str | None = None  # set when the file is refused as a whole

    @property
    def ok(self) -> bool:
        return self.error_count == 0 and self.refused is None

    def error(self, line: int | None, column: str | None, message: str) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(Issue(line, column, message))

    def refuse(self, message: str) -> None:
        self.refused = message
        self.error(None, None, message)

    def records(self, limit: int | None = None) -> list[dict]:
        rows = self.rows if limit is None else self.rows[:limit]
        return [dict(zip(self.fields, row, strict=True)) for row in rows]

    def summary(self) -> str:
        if self.ok:
            return strings.INGEST_ROWS_OK.format(n=len(self.rows))
        shown = self.error_count > len(self.errors)
        more = strings.INGEST_ERRORS_SHOWN.format(n=MAX_ERRORS) if shown else ""
        return strings.INGEST_ERROR_COUNT.format(count=self.error_count, more=more)
