"""The `/procedures` selection: parsed defensively from control values or the query string,
and written back as a query string so a view can be shared and reopened."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlencode

from callbacks import inputs

UNITS = ("schools", "municipalities")
SORTS = ("name", "low", "high")


def years_list(value: object) -> list[int]:
    """A multi-select of years (or one year, or '2023,2024'): valid years only, sorted."""
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, list):
        value = [value]
    found = {inputs.integer(v, 1990, 2100) for v in value[:20]}
    return sorted(y for y in found if y is not None)


def pair_codes(value: object) -> tuple[str, str] | None:
    """'code_a:code_b' → (code_a, code_b), else None."""
    text = inputs.text(value, 130)
    if not text or text.count(":") != 1:
        return None
    a, b = text.split(":")
    return (a, b) if a and b else None


@dataclass(frozen=True)
class Selection:
    kind: str | None = None
    subject: str | None = None
    grade: int | None = None
    years: list[int] = field(default_factory=list)
    unit: str = "schools"
    municipality: str | None = None
    sort: str = "name"
    pair: str | None = None

    @classmethod
    def parse(cls, kind=None, subject=None, grade=None, years=None, unit=None, municipality=None,
              sort=None, pair=None) -> Selection:
        unit, sort = inputs.text(unit, 20), inputs.text(sort, 20)
        return cls(kind=inputs.text(kind, 20), subject=inputs.text(subject, 100),
                   grade=inputs.integer(grade, 0, 12), years=years_list(years),
                   unit=unit if unit in UNITS else "schools",
                   municipality=inputs.text(municipality, 20), sort=sort if sort in SORTS else "name",
                   pair=inputs.text(pair, 130) if pair_codes(pair) else None)

    @property
    def complete(self) -> bool:
        return None not in (self.kind, self.subject, self.grade) and bool(self.years)

    @property
    def year(self) -> int | None:
        """The year of single-year charts: the last one chosen."""
        return self.years[-1] if self.years else None

    def query(self) -> str:
        """'?kind=…&subject=…' (empty parts left out), the inverse of from_query."""
        parts = {"kind": self.kind, "subject": self.subject, "grade": self.grade,
                 "years": ",".join(map(str, self.years)) or None, "unit": self.unit,
                 "municipality": self.municipality, "sort": self.sort, "pair": self.pair}
        return "?" + urlencode({k: v for k, v in parts.items() if v not in (None, "")})


def from_query(search: object) -> dict[str, str]:
    """The query string as {name: first value}; anything malformed gives {}."""
    text = inputs.text(search, 2000)
    if not text:
        return {}
    parsed = parse_qs(text.lstrip("?"), max_num_fields=20)
    return {k: v[0] for k, v in parsed.items() if v}


def preferred(values: list, wanted: object, default=None):
    """`wanted` if it is one of `values` (compared as text, the URL has no types), else default."""
    for value in values:
        if str(value) == str(wanted):
            return value
    return default
