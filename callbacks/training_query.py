"""The `/training` selection (tab, year, municipality, subject, catalogue search, the open
request), parsed defensively from controls or the address and written back."""

from __future__ import annotations

from dataclasses import dataclass

from callbacks import inputs
from callbacks.query import from_query, to_query

TABS = ("need", "catalogue", "requests", "plan", "after")
ID_MAX = 2**31 - 1
SEARCH_MAX = 100
SUBJECT_MAX = 100


def _choice(value: object, allowed: tuple[str, ...]) -> str | None:
    return value if isinstance(value, str) and value in allowed else None


@dataclass(frozen=True)
class Selection:
    tab: str = TABS[0]
    year: int | None = None
    municipality: int | None = None
    subject: str | None = None
    search: str | None = None
    request: int | None = None

    @classmethod
    def parse(
        cls, tab=None, year=None, municipality=None, subject=None, search=None, request=None
    ) -> Selection:
        return cls(
            tab=_choice(tab, TABS) or TABS[0],
            year=inputs.integer(year, 2000, 2100),
            municipality=inputs.integer(municipality, 1, ID_MAX),
            subject=inputs.typed(subject, SUBJECT_MAX) or None,
            search=inputs.typed(search, SEARCH_MAX) or None,
            request=inputs.integer(request, 1, ID_MAX),
        )

    @classmethod
    def from_search(cls, search: object) -> Selection:
        """The selection an address asks for (`?tab=plan&municipality=3`); junk is dropped."""
        query = from_query(search)
        names = ("tab", "year", "municipality", "subject", "q", "request")
        return cls.parse(*(query.get(name) for name in names))

    def query(self) -> str:
        """'?tab=…&…' (defaults and empty parts left out), the inverse of `from_search`."""
        return to_query(
            {
                "tab": self.tab if self.tab != TABS[0] else None,
                "year": self.year,
                "municipality": self.municipality,
                "subject": self.subject,
                "q": self.search,
                "request": self.request,
            }
        )
