"""The `/admin/audit` selection: the log's filters and page, shareable through the address."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from callbacks import inputs, query

MAX_PAGE = 10**6


@dataclass(frozen=True)
class AuditSelection:
    """Dates are whole UTC days; `login` matches a part of the login; `page` counts from 1."""

    since: dt.date | None = None
    until: dt.date | None = None
    login: str | None = None
    action: str | None = None
    outcome: str | None = None
    page: int = 1

    @classmethod
    def parse(
        cls,
        since: object = None,
        until: object = None,
        login: object = None,
        action: object = None,
        outcome: object = None,
        page: object = None,
    ) -> AuditSelection:
        return cls(
            since=inputs.date(since),
            until=inputs.date(until),
            login=inputs.typed(login, 80) or None,
            action=inputs.typed(action, 60) or None,
            outcome=inputs.typed(outcome, 20) or None,
            page=inputs.integer(page, 1, MAX_PAGE) or 1,
        )

    @classmethod
    def from_query(cls, search: object) -> AuditSelection:
        wanted = query.from_query(search)
        return cls.parse(
            *(wanted.get(name) for name in ("since", "until", "login", "action", "outcome", "page"))
        )

    @property
    def filters(self) -> dict:
        """The keyword arguments of data_access.audit.list_events / count_events."""
        return {
            "since": self.since,
            "until": self.until,
            "login": self.login,
            "action": self.action,
            "outcome": self.outcome,
        }

    def controls(self) -> tuple:
        """The filter controls' values: dates as ISO text, as the date pickers hold them."""
        return (
            self.since.isoformat() if self.since else None,
            self.until.isoformat() if self.until else None,
            self.login,
            self.action,
            self.outcome,
        )

    def on_page(self, page: int) -> AuditSelection:
        return replace(self, page=page)

    def query(self) -> str:
        return query.to_query(
            {
                "since": self.since.isoformat() if self.since else None,
                "until": self.until.isoformat() if self.until else None,
                "login": self.login,
                "action": self.action,
                "outcome": self.outcome,
                "page": self.page if self.page > 1 else None,
            }
        )
