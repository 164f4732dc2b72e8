"""The `/admin/users` selection: the user list's filters, shareable through the address."""

from __future__ import annotations

from dataclasses import dataclass

from callbacks import inputs, query
from dashboard.models.accounts import ROLES

STATES = ("active", "disabled")


@dataclass(frozen=True)
class UsersSelection:
    """Which accounts the list shows: one role or all (None), active, disabled or all (None)."""

    role: str | None = None
    state: str | None = None

    @classmethod
    def parse(cls, role: object = None, state: object = None) -> UsersSelection:
        role, state = inputs.text(role, 20), inputs.text(state, 20)
        return cls(role=role if role in ROLES else None, state=state if state in STATES else None)

    @classmethod
    def from_query(cls, search: object) -> UsersSelection:
        wanted = query.from_query(search)
        return cls.parse(wanted.get("role"), wanted.get("state"))

    def query(self) -> str:
        return query.to_query({"role": self.role, "state": self.state})
