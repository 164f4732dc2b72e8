"""The `/experts` selection: the KPI controls (as-of date, year, municipality, indicator) and
the registry filters, parsed defensively from control values or the query string and written
back as a query string, so a view of the page can be shared and reopened."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from callbacks import inputs
from callbacks.query import from_query, to_query
from dashboard import seeds, strings
from dashboard.analytics.expert_kpis import REGION

INDICATORS = tuple(i.code for i in seeds.KPI_INDICATORS)
DIRECTIONS = tuple(code for code, _, _ in seeds.EXPERTISE_DIRECTIONS)
STATUSES = tuple(strings.EXPERTS_STATUSES)
DEFAULT_INDICATOR = "1.2"


def _year(value: object) -> int | None:
    return inputs.integer(value, 2000, 2100)


def _among(value: object, allowed: tuple[str, ...], limit: int = 20) -> str | None:
    text = inputs.text(value, limit)
    return text if text in allowed else None


@dataclass(frozen=True)
class Selection:
    """What the page shows. `as_of` None means today; `municipality` REGION the whole region;
    the registry filters (direction … activity_year) are None when not set."""

    as_of: dt.date | None = None
    year: int | None = None
    municipality: int = REGION
    indicator: str = DEFAULT_INDICATOR
    direction: str | None = None
    registry_municipality: int | None = None
    status: str | None = None
    activity_year: int | None = None

    @classmethod
    def parse(
        cls,
        as_of=None,
        year=None,
        municipality=None,
        indicator=None,
        direction=None,
        registry_municipality=None,
        status=None,
        activity_year=None,
    ) -> Selection:
        place = inputs.integer(municipality, 0, 10**9)
        return cls(
            as_of=inputs.date(as_of),
            year=_year(year),
            municipality=REGION if place is None else place,
            indicator=_among(indicator, INDICATORS, 10) or DEFAULT_INDICATOR,
            direction=_among(direction, DIRECTIONS, 10),
            registry_municipality=inputs.integer(registry_municipality, 1, 10**9),
            status=_among(status, STATUSES),
            activity_year=_year(activity_year),
        )

    @classmethod
    def from_search(cls, search: object) -> Selection:
        """The selection an address asked for (unknown names ignored, bad values dropped)."""
        query = from_query(search)
        return cls.parse(**{name: query.get(name) for name in QUERY_NAMES})

    @property
    def day(self) -> dt.date:
        """The as-of date the numbers are computed for: the chosen one, or today."""
        return self.as_of or dt.date.today()

    @property
    def reference_day(self) -> dt.date:
        """The as-of date capped at the end of the chosen year (the registry on that day)."""
        return min(self.day, dt.date(self.year, 12, 31)) if self.year else self.day

    @property
    def place(self) -> int | None:
        """The municipality as data_access expects it: None for the whole region."""
        return None if self.municipality == REGION else self.municipality

    def query(self) -> str:
        """'?as_of=…&year=…' (empty parts left out), the inverse of `from_search`."""
        return to_query(
            {
                "as_of": self.as_of.isoformat() if self.as_of else None,
                "year": self.year,
                "municipality": self.municipality,
                "indicator": self.indicator,
                "direction": self.direction,
                "registry_municipality": self.registry_municipality,
                "status": self.status,
                "activity_year": self.activity_year,
            }
        )


QUERY_NAMES = (
    "as_of",
    "year",
    "municipality",
    "indicator",
    "direction",
    "registry_municipality",
    "status",
    "activity_year",
)
