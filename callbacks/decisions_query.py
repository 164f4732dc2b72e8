"""The `/decisions` selection (tab, findings filters, decisions filters, the open decision, the
compensation plan's school), parsed defensively from controls or the address and written back.

A finding has no row id: it is named by its key (level, municipality, school, kind, detail,
year), which the grid carries as the row id. A key from the browser is only a question: the
callbacks look it up again among the findings data_access returns for the caller's scope.
"""

from __future__ import annotations

import json
import math
import numbers
from dataclasses import dataclass

import pandas as pd

from callbacks import inputs
from callbacks.query import from_query, to_query
from dashboard.models.decisions import DECISION_STATUSES, FINDING_KINDS

TABS = ("findings", "decisions", "matrix", "compensation")
LEVELS = ("school", "municipality", "region")
ID_MAX = 2**31 - 1


def _choice(value: object, allowed: tuple[str, ...]) -> str | None:
    return value if isinstance(value, str) and value in allowed else None


def statuses_list(value: object) -> tuple[str, ...]:
    """Chosen statuses from a multi-select (or 'a,b' from the address): known ones, in the
    canonical order, each once."""
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, list):
        return ()
    chosen = {v for v in value[:10] if isinstance(v, str)}
    return tuple(s for s in DECISION_STATUSES if s in chosen)


def flag(value: object) -> bool:
    """A checklist's or switch's value (a list of ticked values, or a bool); '1' in an address."""
    if isinstance(value, list):
        return bool(value) and all(isinstance(v, str | bool) for v in value[:5])
    return value is True or value == "1"


@dataclass(frozen=True)
class Selection:
    tab: str = TABS[0]
    year: int | None = None
    kind: str | None = None
    level: str | None = None
    undecided: bool = False
    municipality: int | None = None
    statuses: tuple[str, ...] = ()
    overdue: bool = False
    decision: int | None = None
    school: str | None = None

    @classmethod
    def parse(
        cls,
        tab=None,
        year=None,
        kind=None,
        level=None,
        undecided=None,
        municipality=None,
        statuses=None,
        overdue=None,
        decision=None,
        school=None,
    ) -> Selection:
        return cls(
            tab=_choice(tab, TABS) or TABS[0],
            year=inputs.integer(year, 2000, 2100),
            kind=_choice(kind, FINDING_KINDS),
            level=_choice(level, LEVELS),
            undecided=flag(undecided),
            municipality=inputs.integer(municipality, 1, ID_MAX),
            statuses=statuses_list(statuses),
            overdue=flag(overdue),
            decision=inputs.integer(decision, 1, ID_MAX),
            school=inputs.text(school, 40),
        )

    @classmethod
    def from_search(cls, search: object) -> Selection:
        """The selection an address asks for (`?tab=decisions&decision=12`); junk is dropped."""
        query = from_query(search)
        names = (
            "tab",
            "year",
            "kind",
            "level",
            "undecided",
            "municipality",
            "status",
            "overdue",
            "decision",
            "school",
        )
        return cls.parse(*(query.get(name) for name in names))

    def query(self) -> str:
        """'?tab=…&…' (defaults and empty parts left out), the inverse of `from_search`."""
        return to_query(
            {
                "tab": self.tab if self.tab != TABS[0] else None,
                "year": self.year,
                "kind": self.kind,
                "level": self.level,
                "undecided": "1" if self.undecided else None,
                "municipality": self.municipality,
                "status": list(self.statuses),
                "overdue": "1" if self.overdue else None,
                "decision": self.decision,
                "school": self.school,
            }
        )


# ------------------------------------------------------------------ finding keys


def _plain(value: object) -> object:
    """A frame cell as JSON: None for missing, whole numbers as Python ints."""
    if isinstance(value, str):
        return str(value)
    if value is None or value is pd.NA:
        return None
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        number = float(value)
        if math.isnan(number):
            return None
        return int(number) if number.is_integer() else number
    return value


def finding_key(row: dict) -> str:
    """The key naming one finding row (level, municipality, school, kind, detail, year)."""
    return json.dumps(
        [
            row["level"],
            _plain(row["municipality_id"]),
            _plain(row.get("school_code")),
            row["kind"],
            _plain(row.get("detail")),
            _plain(row["year"]),
        ],
        ensure_ascii=False,
    )


def finding_keys(findings: pd.DataFrame) -> list[str]:
    return [finding_key(row) for row in findings.to_dict("records")]


def parse_key(value: object) -> tuple | None:
    """A key as the browser sent it, checked for shape only (None when it is not a key)."""
    raw = inputs.text(value, 600)
    try:
        parts = json.loads(raw) if raw else None
    except ValueError:
        return None
    if not isinstance(parts, list) or len(parts) != 6:
        return None
    level, municipality, school, kind, detail, year = parts
    if _choice(level, LEVELS) is None or _choice(kind, FINDING_KINDS) is None:
        return None
    if inputs.integer(year, 2000, 2100) is None:
        return None
    if municipality is not None and inputs.integer(municipality, 1, ID_MAX) is None:
        return None
    if school is not None and inputs.text(school, 40) is None:
        return None
    if detail is not None and inputs.text(detail, 200) is None:
        return None
    return tuple(parts)


def find_row(findings: pd.DataFrame, key: object) -> dict | None:
    """The finding (of those the caller may see) that `key` names, or None."""
    wanted = parse_key(key)
    if wanted is None or findings.empty:
        return None
    canonical = json.dumps(list(wanted), ensure_ascii=False)
    for row, own in zip(findings.to_dict("records"), finding_keys(findings), strict=True):
        if own == canonical:
            return row
    return None
