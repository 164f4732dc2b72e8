"""The `/procedures` selection: parsed defensively from control values or the address, and
written back to the address (`?kind=…&subject=…`) so a view can be shared and reopened."""

from __future__ import annotations

from dataclasses import dataclass, field, fields

from callbacks import inputs, pickers
from callbacks.query import from_query, to_query
from dashboard.ids import Procedures as ids

UNITS = ("schools", "municipalities")
SORTS = ("name", "low", "high")
TABS = ids.TABBED  # the chart tab shown; the first is the default


def pair_codes(value: object) -> tuple[str, str] | None:
    """'code_a:code_b' → (code_a, code_b), else None."""
    text = inputs.text(value, 130)
    if not text or text.count(":") != 1:
        return None
    a, b = text.split(":")
    return (a, b) if a and b else None


def switched_on(value: object) -> bool:
    """A switch's value (a bool) or the address's `show_all=1`; anything else is off."""
    return value is True or value in ("1", 1)


@dataclass(frozen=True)
class Selection:
    """What the page shows. The procedure (kind, subject, grade, years) is resolved by
    callbacks.pickers; the rest chooses the view of it."""

    kind: str | None = None
    subject: str | None = None
    grade: int | None = None
    years: list[int] = field(default_factory=list)  # single-year charts use the last one
    # The view: schools or municipalities, schools of one municipality, the order of the
    # marks chart, the cohort pair ('code_a:code_b') of the two-procedure chart, and the chart
    # tab open (only the open tab's chart is drawn).
    unit: str = "schools"
    municipality: str | None = None
    sort: str = "name"
    pair: str | None = None
    tab: str = TABS[0]
    # «Показать все на графиках»: long charts drawn whole (by default their top and bottom).
    show_all: bool = False

    @classmethod
    def parse(
        cls,
        kind=None,
        subject=None,
        grade=None,
        years=None,
        unit=None,
        municipality=None,
        sort=None,
        pair=None,
        tab=None,
        show_all=None,
    ) -> Selection:
        """From raw control values (any JSON): anything malformed becomes the default."""
        unit, sort, tab = inputs.text(unit, 20), inputs.text(sort, 20), inputs.text(tab, 20)
        return cls(
            kind=inputs.text(kind, 20),
            subject=inputs.text(subject, 100),
            grade=inputs.integer(grade, 0, 12),
            years=pickers.chosen_years(years),
            unit=unit if unit in UNITS else "schools",
            municipality=inputs.text(municipality, 20),
            sort=sort if sort in SORTS else "name",
            pair=inputs.text(pair, 130) if pair_codes(pair) else None,
            tab=tab if tab in TABS else TABS[0],
            show_all=switched_on(show_all),
        )

    @classmethod
    def from_search(cls, search: object) -> Selection:
        """From the address bar's `?…` (unknown names ignored): the inverse of `query`."""
        wanted = from_query(search)
        return cls.parse(**{f.name: wanted.get(f.name) for f in fields(cls)})

    @property
    def complete(self) -> bool:
        """A procedure is chosen: the charts have something to draw."""
        return None not in (self.kind, self.subject, self.grade) and bool(self.years)

    @property
    def year(self) -> int | None:
        """The year of single-year charts: the last one chosen."""
        return self.years[-1] if self.years else None

    def query(self) -> str:
        """'?kind=…&subject=…&years=2023,2024…' (empty parts left out)."""
        parts = {f.name: getattr(self, f.name) for f in fields(self)}
        parts["show_all"] = "1" if self.show_all else None
        return to_query(parts)
