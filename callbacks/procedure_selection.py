"""The procedure part of a page's selection (kind, subject, grade, year), parsed once."""

from __future__ import annotations

from dataclasses import dataclass

from callbacks import inputs


def procedure_fields(kind=None, subject=None, grade=None, year=None) -> dict:
    """Raw control or address values → the four fields, each None when malformed."""
    return {
        "kind": inputs.text(kind, 20),
        "subject": inputs.text(subject, 100),
        "grade": inputs.integer(grade, 0, 12),
        "year": inputs.integer(year, 1990, 2100),
    }


@dataclass(frozen=True)
class ProcedureSelection:
    """One procedure; pages extend it with their own fields."""

    kind: str | None = None
    subject: str | None = None
    grade: int | None = None
    year: int | None = None

    @property
    def procedure_complete(self) -> bool:
        return None not in (self.kind, self.subject, self.grade, self.year)

    def procedure_query(self) -> dict:
        return {"kind": self.kind, "subject": self.subject, "grade": self.grade, "year": self.year}
