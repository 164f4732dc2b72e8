"""The `/schools/<code>` selection: the profile year, the context indicator and the procedure.

The school comes from the path; the rest round-trips through the query string
(`?year=2024&indicator=pupils&kind=vpr&subject=…&grade=5`), so a profile view is shareable.
"""

from __future__ import annotations

from dataclasses import dataclass

from callbacks import inputs, query

#: The indicator the context trend shows first: the school's size is what everyone asks.
DEFAULT_INDICATOR = "pupils"
QUERY_NAMES = ("year", "indicator", "kind", "subject", "grade")


@dataclass(frozen=True)
class Selection:
    school: str | None = None
    year: int | None = None
    indicator: str | None = None
    kind: str | None = None
    subject: str | None = None
    grade: int | None = None

    @classmethod
    def parse(
        cls, school=None, year=None, indicator=None, kind=None, subject=None, grade=None
    ) -> Selection:
        """From raw control values (any JSON): anything malformed becomes None."""
        return cls(
            school=inputs.text(school, 20),
            year=inputs.integer(year, 1990, 2100),
            indicator=inputs.text(indicator, 40),
            kind=inputs.text(kind, 20),
            subject=inputs.text(subject, 100),
            grade=inputs.integer(grade, 0, 12),
        )

    @classmethod
    def restore(cls, school, search, **controls) -> Selection:
        """The controls' values, each falling back to the address while the control is empty."""
        asked = query.from_query(search)
        return cls.parse(
            school, **{name: query.wanted(controls.get(name), asked, name) for name in QUERY_NAMES}
        )

    @property
    def has_procedure(self) -> bool:
        return None not in (self.kind, self.subject, self.grade)

    def query(self) -> str:
        """'?year=…&indicator=…' (empty parts left out); the school stays in the path."""
        return query.to_query({name: getattr(self, name) for name in QUERY_NAMES})
