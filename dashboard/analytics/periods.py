"""Parse the Russian deadline texts of roadmaps into date ranges.

Roadmap deadlines in the sources are free text ("19 февраля", "Февраль -
август", "Январь 2019 года-декабрь 2019 года", "в течение 2022 – 2024 гг.").
The dashboard needs real dates to show what is due or overdue, so
:func:`parse_period` turns such a text into a :class:`Period`.

Rules, in short:

* The text is read as a sequence of *points*: a day ("19 февраля",
  "15.08.2022"), a month, a quarter ("II квартал", "3-й квартал", "IV кв."), a
  half-year ("1 полугодие") or a bare year ("2024 г.").  The period runs from
  the start of the first point to the end of the last one, so "Март Август
  Октябрь" is 1 March - 31 October.  Connecting words are ignored; every kind
  of dash is one dash.
* Points joined by a dash (or "по"/"до" between them) form one *span*; points
  side by side without one are separate spans, so "Январь – апрель Сентябрь –
  ноябрь" is two spans (January-April and September-November) and "Март Август
  Октябрь" three months.  :attr:`Period.spans` keeps them; ``starts_on`` and
  ``due_on`` stay the whole range.
* A year written right after a point belongs to it; a yearless point takes the
  year of the nearest point to its right (or, failing that, to its left),
  stepping one year when the months run backwards ("сентябрь - май 2019" starts
  in September 2018).  With no year anywhere, ``default_year`` is used.
* "в течение года" means the whole ``default_year``; "до 15 августа" /
  "не позднее 15 августа" is a one-day deadline.
* A five-digit year is a typo with one extra digit: of the four-digit years
  obtained by deleting one digit, the one closest to another year of the same
  text (or to ``default_year``) wins.  So in "Января 2021 года – декабрь 20221
  года" the candidates 2021 and 2022 compete and 2021 (next to the "2021" of
  the same text) is chosen.

Recurring periods (:attr:`Period.recurrence`) happen once in every year of the
roadmap; :meth:`Period.occurrences` lists them for the roadmap's years, each with
its own dates so that each can be overdue on its own:

* "ежегодно" (also "ежегодное", "каждый год") with the rest of the text as the
  part of each year: "ежегодно, до 15 августа" is 15 August of every year,
  "ежегодно, IV кв." the fourth quarter of every year, "ежегодно" alone the
  whole calendar year.  The rest must not name a year, except a range of bare
  years ("ежегодно в 2022 – 2024 гг."), which then gives the years themselves.
* "постоянно" (also "на постоянной основе"): a continuous activity, accounted
  for by calendar year: every year of the roadmap, 1 January - 31 December.
* "в течение учебного года": every school year that starts in a roadmap year,
  from ``rules.SCHOOL_YEAR_STARTS`` to ``rules.SCHOOL_YEAR_ENDS`` of the next
  calendar year (1 September - 31 May).

For a recurring period ``starts_on``/``due_on``/``spans`` describe its first
occurrence (in ``default_year``, or in the first year the text names), so a
caller that stores one date range per item keeps the earliest deadline.

Anything else raises :class:`PeriodParseError` naming the text.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from dashboard import rules

__all__ = [
    "MAX_YEAR",
    "MIN_YEAR",
    "ONGOING",
    "SCHOOL_YEAR",
    "YEARLY",
    "Period",
    "PeriodParseError",
    "Span",
    "parse_period",
]

MIN_YEAR = 1990
MAX_YEAR = 2100


class PeriodParseError(ValueError):
    """Raised when a period text cannot be turned into dates."""


@dataclass(frozen=True)
class Span:
    """One inclusive date range of a period; ``year`` is the roadmap year of an occurrence of
    a recurring period (the starting year of a school year), None otherwise."""

    starts_on: dt.date
    due_on: dt.date
    year: int | None = None


# Period.recurrence values (see the module docstring).
YEARLY, ONGOING, SCHOOL_YEAR = "yearly", "ongoing", "school_year"


@dataclass(frozen=True)
class Period:
    """An inclusive date range parsed from ``text``, with its spans and recurrence.

    ``template`` is the normalised part of a recurring text that is read again for each year
    (empty: the whole year); ``text_years`` are the years a recurring text names itself.
    """

    starts_on: dt.date
    due_on: dt.date
    text: str
    spans: tuple[Span, ...] = ()
    recurrence: str | None = None
    template: str = ""
    text_years: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        if not self.spans:  # built by hand with a start and an end only: one span
            object.__setattr__(self, "spans", (Span(self.starts_on, self.due_on),))

    @property
    def recurring(self) -> bool:
        return self.recurrence is not None

    def occurrences(self, years: Iterable[int]) -> tuple[Span, ...]:
        """The dated occurrences of the period over a roadmap's ``years``.

        A one-off period gives its spans whatever the years; a recurring one gives its spans
        in every year (the years the text names win over ``years``), each tagged with it.
        """
        if self.recurrence is None:
            return self.spans
        wanted = self.text_years or tuple(sorted(set(years)))
        try:
            return tuple(s for y in wanted for s in _occurrence(self.recurrence, self.template, y))
        except ValueError as exc:  # "ежегодно, до 29 февраля" in a year without one
            raise PeriodParseError(f"cannot parse period {self.text!r}: {exc}") from None


# Month stems with the endings of the nominative, genitive, dative and
# prepositional cases ("январь", "января", "январю", "январе"), plus the usual
# abbreviations.  Order matters: longer alternatives first.
_MONTH_PATTERNS: tuple[tuple[int, str], ...] = (
    (1, r"январ[ьяею]|янв\.?"),
    (2, r"феврал[ьяею]|февр?\.?"),
    (3, r"март[аеу]?|мар\.?"),
    (4, r"апрел[ьяею]|апр\.?"),
    (5, r"ма[йяею]"),
    (6, r"июн[ьяею]|июн\.?"),
    (7, r"июл[ьяею]|июл\.?"),
    (8, r"август[аеу]?|авг\.?"),
    (9, r"сентябр[ьяею]|сент?\.?"),
    (10, r"октябр[ьяею]|окт\.?"),
    (11, r"ноябр[ьяею]|нояб?\.?"),
    (12, r"декабр[ьяею]|дек\.?"),
)
_MONTH_RE = "|".join(f"(?:{p})" for _, p in _MONTH_PATTERNS)
_MONTH_LOOKUP = tuple((re.compile(rf"(?:{p})\Z"), m) for m, p in _MONTH_PATTERNS)

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_ORDINAL_STEMS = (("перв", 1), ("втор", 2), ("трет", 3), ("четверт", 4))
_NUMERAL = r"iv|iii|ii|i|[1-4]"
_PART_KW = r"квартал\w*|кв(?!\w)\.?|полугоди\w*"

_TOKEN = re.compile(
    rf"""
    (?P<skip>[\s,;:()]+|-)
  | (?P<date>(?P<dd>\d{{1,2}})\.(?P<dm>\d{{1,2}})\.(?P<dy>\d{{4}}))(?!\d)
  | (?P<day>\d{{1,2}})\s+(?P<dmon>{_MONTH_RE})(?!\w)
  | (?P<num>{_NUMERAL})(?:\s*-?\s*(?:й|ый|ой|ого|ом))?\s+(?P<kw>{_PART_KW})
  | (?P<ord>(?:перв|втор|трет|четверт)\w*)\s+(?P<okw>{_PART_KW})
  | (?P<mon>{_MONTH_RE})(?!\w)
  | (?P<year>\d{{4,5}})(?!\d)(?:\s*(?:года|году|год|гг|г)(?!\w)\.?)?
  | (?P<word>\w+)\.?
    """,
    re.VERBOSE,
)

# Words that carry no date information ("в течение", "с ... по ...", "года").
_FILLER = frozenset(
    {
        "в",
        "во",
        "течение",
        "с",
        "со",
        "по",
        "и",
        "до",
        "не",
        "позднее",
        "года",
        "год",
        "году",
        "гг",
        "г",
        "срок",
    }
)
# Words that join two points into one span when they stand between them ("с января по март").
_JOINERS = frozenset({"по", "до"})
_WHOLE_YEAR = re.compile(r"(?:в\s+)?течение\s+(?:всего\s+)?(?:календарного\s+)?года\.?")
_DEADLINE = re.compile(r"(?:до|не\s+позднее)\s")
# "19-20 февраля" -> "19 февраля - 20 февраля"; "III-IV квартал" likewise.
_DAY_RANGE = re.compile(rf"(?<!\d)(\d{{1,2}})\s*-\s*(\d{{1,2}})\s+({_MONTH_RE})(?!\w)")
_PART_RANGE = re.compile(rf"(?<!\w)({_NUMERAL})\s*-\s*({_NUMERAL})\s+({_PART_KW})")


@dataclass
class _Point:
    """One dated element of the text; ``year`` may be filled in later."""

    first_month: int
    last_month: int
    day: int | None = None
    year: int | None = None
    raw_year: str | None = None  # as written, kept for the typo rule
    bare_year: bool = False  # a year on its own, e.g. the "2024" of "2022 – 2024"
    joined: bool = False  # a dash (or "по") links it to the point before: the same span

    def key(self) -> tuple[int, int]:
        """Position inside a year, to notice months running backwards."""
        return (self.first_month, self.day or 1)


def _normalise(text: str) -> str:
    """Lower-case, unify "ё" and all dash characters, collapse whitespace."""
    s = text.lower().replace("ё", "е")
    s = re.sub(r"[\u2010-\u2015\u2212\u2043\ufe58\ufe63\uff0d]", "-", s)
    s = re.sub(r"\s+", " ", s).strip()
    s = _DAY_RANGE.sub(r"\1 \3 - \2 \3", s)
    return _PART_RANGE.sub(r"\1 \3 - \2 \3", s)


def _month(word: str) -> int:
    for pattern, number in _MONTH_LOOKUP:
        if pattern.match(word):
            return number
    raise AssertionError(word)  # unreachable: the token regex matched a month


def _part(number: int, keyword: str) -> _Point:
    """A quarter or a half-year as a span of months."""
    if keyword.startswith("полугод"):
        if number > 2:
            raise ValueError(f"there is no half-year number {number}")
        return _Point(6 * number - 5, 6 * number)
    return _Point(3 * number - 2, 3 * number)


def _tokenise(s: str) -> list[_Point]:
    """Split a normalised text into points, rejecting unknown words."""
    points: list[_Point] = []
    pos = 0
    after_point = False  # the previous token was a point still open for a year
    joining = False  # a dash or "по" since the last point: the next point continues its span
    while pos < len(s):
        m = _TOKEN.match(s, pos)
        if m is None:
            raise ValueError(f"unexpected character {s[pos]!r}")
        pos = m.end()
        if m.group("skip") is not None:
            if "-" in m.group("skip"):
                after_point = False
                joining = True
            continue
        if m.group("date"):
            point = _Point(int(m["dm"]), int(m["dm"]), int(m["dd"]), raw_year=m["dy"])
        elif m.group("day"):
            month = _month(m["dmon"])
            point = _Point(month, month, int(m["day"]))
        elif m.group("num"):
            point = _part(_ROMAN.get(m["num"]) or int(m["num"]), m["kw"])
        elif m.group("ord"):
            number = next(n for stem, n in _ORDINAL_STEMS if m["ord"].startswith(stem))
            point = _part(number, m["okw"])
        elif m.group("mon"):
            month = _month(m["mon"])
            point = _Point(month, month)
        elif m.group("year"):
            if after_point and points[-1].raw_year is None:
                points[-1].raw_year = m["year"]
            else:
                points.append(_Point(1, 12, raw_year=m["year"], bare_year=True, joined=joining))
                joining = False
            after_point = False
            continue
        else:
            word = m["word"]
            if word not in _FILLER:
                raise ValueError(f"unknown word {word!r}")
            after_point = False
            joining = joining or (word in _JOINERS and bool(points))
            continue
        point.joined = joining
        joining = False
        points.append(point)
        after_point = True
    return points


def _year_candidates(raw: str) -> list[int]:
    """Four-digit years hidden in a five-digit typo such as "20221"."""
    found = {int(raw[:i] + raw[i + 1 :]) for i in range(len(raw))}
    return sorted(y for y in found if MIN_YEAR <= y <= MAX_YEAR and len(str(y)) == 4)


def _resolve_written_years(points: list[_Point], default_year: int | None) -> None:
    """Turn the years as written into integers, repairing five-digit typos."""
    plain = [int(p.raw_year) for p in points if p.raw_year and len(p.raw_year) == 4]
    for p in points:
        if p.raw_year is None:
            continue
        if len(p.raw_year) == 4:
            p.year = int(p.raw_year)
            continue
        candidates = _year_candidates(p.raw_year)
        anchors = plain or ([default_year] if default_year is not None else [])
        if not candidates or (not anchors and len(candidates) > 1):
            raise ValueError(f"cannot read year {p.raw_year!r}")
        p.year = min(candidates, key=lambda y: (min(abs(y - a) for a in anchors or [y]), y))
    for p in points:
        if p.year is not None and not MIN_YEAR <= p.year <= MAX_YEAR:
            raise ValueError(f"year {p.year} is out of range {MIN_YEAR}-{MAX_YEAR}")


def _fill_missing_years(points: list[_Point], default_year: int | None) -> None:
    """Give every yearless point a year, from its neighbours or the default."""
    if all(p.year is None for p in points):
        if default_year is None:
            raise ValueError("no year in the text and no default year given")
        points[0].year = default_year
    # Right to left: borrow from the right neighbour, a year earlier if later in the year.
    for i in range(len(points) - 2, -1, -1):
        p, right = points[i], points[i + 1]
        if p.year is None and right.year is not None:
            later = not right.bare_year and p.key() > right.key()
            p.year = right.year - (1 if later else 0)
    # Left to right for points after the last written year.
    for i in range(1, len(points)):
        p, left = points[i], points[i - 1]
        if p.year is None:
            assert left.year is not None
            p.year = left.year + (1 if p.key() < left.key() else 0)


def _span(p: _Point) -> tuple[dt.date, dt.date]:
    assert p.year is not None
    if p.day is not None:
        day = dt.date(p.year, p.first_month, p.day)  # ValueError for 31 февраля
        return day, day
    last_day = calendar.monthrange(p.year, p.last_month)[1]
    return dt.date(p.year, p.first_month, 1), dt.date(p.year, p.last_month, last_day)


def _read(s: str, default_year: int | None) -> list[tuple[dt.date, dt.date]]:
    """The spans of a normalised one-off text, in order."""
    if not s:
        raise ValueError("the text is empty")
    if _WHOLE_YEAR.fullmatch(s):
        if default_year is None:
            raise ValueError("'в течение года' needs a default year")
        return [(dt.date(default_year, 1, 1), dt.date(default_year, 12, 31))]
    points = _tokenise(s)
    if not points:
        raise ValueError("no month, day, quarter or year found")
    _resolve_written_years(points, default_year)
    _fill_missing_years(points, default_year)
    days = [_span(p) for p in points]
    if _DEADLINE.match(s):
        if len(points) != 1 or points[0].day is None:
            raise ValueError("a deadline with 'до' must name a single day")
        return days[:1]
    if days[0][0] > days[-1][1]:
        raise ValueError(f"it ends ({days[-1][1]}) before it starts ({days[0][0]})")
    spans: list[tuple[dt.date, dt.date]] = []
    for point, (first, last) in zip(points, days, strict=True):
        if point.joined and spans:
            start = spans[-1][0]
            if start > last:
                raise ValueError(f"it ends ({last}) before it starts ({start})")
            spans[-1] = (start, last)
        else:
            spans.append((first, last))
    return spans


# Recurrence words, searched anywhere in the normalised text and cut out of it; what is left
# is the part of each year (yearly only).
_RECURRENCES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (SCHOOL_YEAR, re.compile(r"(?:в\s+)?(?:течение\s+)?(?:всего\s+|каждого\s+)?учебного\s+года")),
    (ONGOING, re.compile(r"(?<!\w)(?:постоянно|на\s+постоянной\s+основе)(?!\w)")),
    (YEARLY, re.compile(r"(?<!\w)(?:ежегодн\w*|каждый\s+год)(?!\w)")),
)


def _recurrence(s: str) -> tuple[str | None, str]:
    """(recurrence, the rest of the text) of a normalised text; (None, s) when one-off."""
    found = []
    for kind, pattern in _RECURRENCES:
        if pattern.search(s):
            found.append(kind)
            s = pattern.sub(" ", s)
    if not found:
        return None, s
    rest = re.sub(r"\s+", " ", s).strip(" ,;:.()-")
    kind = found[0]  # the school year or «постоянно» decides; «ежегодно» beside them adds nothing
    if kind != YEARLY and rest:
        raise ValueError(f"'{rest}' cannot follow a period that covers the whole year")
    return kind, rest


def _occurrence(kind: str, template: str, year: int) -> list[Span]:
    """The spans of a recurring period in one year."""
    if kind == SCHOOL_YEAR:
        (m1, d1), (m2, d2) = rules.SCHOOL_YEAR_STARTS, rules.SCHOOL_YEAR_ENDS
        return [Span(dt.date(year, m1, d1), dt.date(year + 1, m2, d2), year)]
    if not template:
        return [Span(dt.date(year, 1, 1), dt.date(year, 12, 31), year)]
    return [Span(a, b, year) for a, b in _read(template, year)]


def _text_years(template: str) -> tuple[int, ...]:
    """The years a recurring text names («ежегодно в 2022 – 2024 гг.»); () when it names none.

    Only bare years may be named: a year tied to a month or day ("до 15 августа 2023") would
    make the period happen once, so it is refused.
    """
    if not template or _WHOLE_YEAR.fullmatch(template):
        return ()
    points = _tokenise(template)
    if not any(p.raw_year for p in points):
        return ()
    if not all(p.bare_year for p in points):
        raise ValueError("a yearly period names its years only as a range of years")
    _resolve_written_years(points, None)
    first, last = points[0].year, points[-1].year
    assert first is not None and last is not None
    if first > last:
        raise ValueError(f"it ends ({last}) before it starts ({first})")
    return tuple(range(first, last + 1))


def _parse(text: str, default_year: int | None) -> Period:
    s = _normalise(text)
    kind, rest = _recurrence(s)
    if kind is None:
        spans = tuple(Span(a, b) for a, b in _read(s, default_year))
        return Period(spans[0].starts_on, spans[-1].due_on, text, spans)
    years = _text_years(rest) if kind == YEARLY else ()
    template = "" if years else rest
    first_year = years[0] if years else default_year
    if first_year is None:
        raise ValueError("a recurring period needs the roadmap's years")
    spans = tuple(_occurrence(kind, template, first_year))
    return Period(spans[0].starts_on, spans[-1].due_on, text, spans, kind, template, years)


def parse_period(text: str, default_year: int | None = None) -> Period:
    """Parse a Russian period or deadline text into an inclusive date range.

    ``default_year`` (usually the roadmap's year) is used when the text names
    no year at all.  Raises :class:`PeriodParseError` when the text cannot be
    read unambiguously.  A recurring period is described by its first occurrence;
    :meth:`Period.occurrences` gives them all for the roadmap's years.
    """
    if not isinstance(text, str):
        raise PeriodParseError(f"cannot parse period {text!r}: expected a string")
    try:
        return _parse(text, default_year)
    except ValueError as exc:
        raise PeriodParseError(f"cannot parse period {text!r}: {exc}") from None
