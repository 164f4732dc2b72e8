"""The `/` (overview) selection: one procedure, parsed defensively from the pickers or the
query string, and written back as a query string so the view can be shared and reopened."""

from __future__ import annotations

from dataclasses import dataclass

from callbacks.procedure_selection import ProcedureSelection, procedure_fields
from callbacks.query import from_query, to_query


@dataclass(frozen=True)
class Selection(ProcedureSelection):
    @classmethod
    def parse(cls, kind=None, subject=None, grade=None, year=None) -> Selection:
        return cls(**procedure_fields(kind, subject, grade, year))

    @classmethod
    def from_search(cls, search: object) -> Selection:
        """The selection an address asks for (`?kind=vpr&subject=…&grade=5&year=2024`)."""
        query = from_query(search)
        return cls.parse(*(query.get(name) for name in ("kind", "subject", "grade", "year")))

    @property
    def complete(self) -> bool:
        return self.procedure_complete

    def query(self) -> str:
        """'?kind=…&subject=…&grade=…&year=…' (empty parts left out), the inverse of from_search."""
        return to_query(self.procedure_query())
