"""The `/admin/imports` selection: the kind of data chosen, shareable through the address
(the file itself never is)."""

from __future__ import annotations

from dataclasses import dataclass

from callbacks import inputs, query
from dashboard.ingest import KINDS


@dataclass(frozen=True)
class ImportsSelection:
    kind: str | None = None

    @classmethod
    def parse(cls, kind: object = None) -> ImportsSelection:
        kind = inputs.text(kind, 40)
        return cls(kind=kind if kind in KINDS else None)

    @classmethod
    def from_query(cls, search: object) -> ImportsSelection:
        return cls.parse(query.from_query(search).get("kind"))

    def query(self) -> str:
        return query.to_query({"kind": self.kind})
