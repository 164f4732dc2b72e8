"""The `/objectivity` selection (year, school, procedure of the drill-down, and the
municipality the list of flags is narrowed to): parsed defensively from the controls or the
address, written back as `?school=…&year=…&procedure=…&municipality=…`."""

from __future__ import annotations

from dataclasses import dataclass

from callbacks import inputs
from callbacks.query import from_query, to_query


@dataclass(frozen=True)
class Selection:
    year: int | None = None
    school: str | None = None
    procedure: int | None = None
    municipality: str | None = None  # a municipality's name (the counts table links to it)

    @classmethod
    def parse(cls, year=None, school=None, procedure=None, municipality=None) -> Selection:
        return cls(
            year=inputs.integer(year, 1990, 2100),
            school=inputs.text(school, 20),
            procedure=inputs.integer(procedure, 1),
            municipality=inputs.text(municipality, 200),
        )

    @classmethod
    def from_search(cls, search: object) -> Selection:
        """What the address asks for (`?school=CODE` from the school profile's link too)."""
        query = from_query(search)
        return cls.parse(
            query.get("year"),
            query.get("school"),
            query.get("procedure"),
            query.get("municipality"),
        )

    @property
    def drill_down(self) -> bool:
        """A school-year is chosen: the signs, charts and review can be shown."""
        return self.school is not None and self.year is not None

    def query(self) -> str:
        return to_query(
            {
                "school": self.school,
                "year": self.year,
                "procedure": self.procedure,
                "municipality": self.municipality,
            }
        )
