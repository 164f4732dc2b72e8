"""The `/roadmaps` selection: the roadmap (by its code), the item table's filters and the
report date, parsed defensively from control values or the address and written back to it.

`?roadmap=<code>` is the address the item card and other pages link to, so the roadmap is
named by its code, not by its row id.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from callbacks import inputs
from callbacks.query import from_query, to_query
from dashboard.analytics import roadmap_progress

EXECUTOR_MAX = 1000


def statuses_list(value: object) -> tuple[str, ...]:
    """Displayed statuses from a multi-select (or 'a,b' from the URL): known ones, in the
    canonical order, each once."""
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, list):
        return ()
    chosen = {v for v in value[:20] if isinstance(v, str)}
    return tuple(s for s in roadmap_progress.DISPLAY_STATUSES if s in chosen)


@dataclass(frozen=True)
class Selection:
    roadmap: str | None = None
    executor: str | None = None
    statuses: tuple[str, ...] = ()
    start: dt.date | None = None
    end: dt.date | None = None
    as_of: dt.date | None = None

    @classmethod
    def parse(
        cls, roadmap=None, executor=None, statuses=None, start=None, end=None, as_of=None
    ) -> Selection:
        return cls(
            roadmap=inputs.text(roadmap, 60),
            executor=inputs.text(executor, EXECUTOR_MAX),
            statuses=statuses_list(statuses),
            start=inputs.date(start),
            end=inputs.date(end),
            as_of=inputs.date(as_of),
        )

    @classmethod
    def from_search(cls, search: object) -> Selection:
        """The selection an address asks for (`?roadmap=…&status=…`); junk is dropped."""
        query = from_query(search)
        return cls.parse(
            query.get("roadmap"),
            query.get("executor"),
            query.get("status"),
            query.get("from"),
            query.get("to"),
            query.get("as_of"),
        )

    def query(self) -> str:
        """'?roadmap=…&status=…' (empty parts left out), the inverse of `from_search`."""

        def iso(day: dt.date | None) -> str | None:
            return day.isoformat() if day else None

        return to_query(
            {
                "roadmap": self.roadmap,
                "executor": self.executor,
                "status": list(self.statuses),
                "from": iso(self.start),
                "to": iso(self.end),
                "as_of": iso(self.as_of),
            }
        )

    @property
    def period(self) -> tuple[dt.date | None, dt.date | None]:
        return self.start, self.end
