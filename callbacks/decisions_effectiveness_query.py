"""The /decisions/effectiveness selection (year, place, criterion for the trend), parsed
defensively from control values or the query string and written back as a query string, so a
view of the page can be shared and reopened."""

from __future__ import annotations

from dataclasses import dataclass

from callbacks import inputs
from callbacks.query import from_query, to_query
from dashboard.figures.effectiveness import CODES, REGION


@dataclass(frozen=True)
class Selection:
    """What the page shows: `year` None until the year control has its options; `municipality`
    REGION for the whole region; `criterion` the one drawn over the years."""

    year: int | None = None
    municipality: int = REGION
    criterion: str = CODES[0]

    @classmethod
    def parse(cls, year=None, municipality=None, criterion=None) -> Selection:
        place = inputs.integer(municipality, 0, 10**9)
        code = inputs.text(criterion, 40)
        return cls(
            year=inputs.integer(year, 2000, 2100),
            municipality=REGION if place is None else place,
            criterion=code if code in CODES else CODES[0],
        )

    @classmethod
    def from_search(cls, search: object) -> Selection:
        """The selection an address asked for (unknown names ignored, bad values dropped)."""
        query = from_query(search)
        return cls.parse(**{name: query.get(name) for name in QUERY_NAMES})

    @property
    def place(self) -> int | None:
        """The municipality as data_access writes it: None for the region."""
        return None if self.municipality == REGION else self.municipality

    def query(self) -> str:
        """'?year=…&municipality=…&criterion=…', the inverse of `from_search`."""
        return to_query(
            {"year": self.year, "municipality": self.municipality, "criterion": self.criterion}
        )


QUERY_NAMES = ("year", "municipality", "criterion")
