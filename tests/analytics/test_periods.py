"""Tests for the Russian period parser, driven by every deadline in the seeds."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from dashboard.analytics.periods import Period, PeriodParseError, parse_period
from dashboard.seeds import ROADMAPS

D = dt.date

# Deadlines that lie outside their roadmap's years *in the source text itself*:
# 003 item 4 says "2017 г." inside the 2018 roadmap; 004 items 1.1 and 1.2 start
# in December 2021, before the 2022-2024 period they prepare.
KNOWN_OUT_OF_RANGE: dict[tuple[str, str], tuple[D, D]] = {
    ("region-2018", "Март-октябрь 2017 г."): (D(2017, 3, 1), D(2017, 10, 31)),
    ("expert-community-2022", "Декабрь 2021 г."): (D(2021, 12, 1), D(2021, 12, 31)),
    ("expert-community-2022", "Декабрь 2021 – 2024 гг."): (D(2021, 12, 1), D(2024, 12, 31)),
}


def _seed_cases() -> list[tuple[str, str, int, int]]:
    cases: dict[tuple[str, str], tuple[str, str, int, int]] = {}
    for roadmap in ROADMAPS:
        for item in roadmap.items:
            key = (roadmap.code, item.period_text)
            cases.setdefault(
                key, (roadmap.code, item.period_text, roadmap.year_start, roadmap.year_end)
            )
    return list(cases.values())


SEED_CASES = _seed_cases()


def test_seed_cases_cover_all_roadmaps() -> None:
    assert {code for code, *_ in SEED_CASES} == {r.code for r in ROADMAPS}
    assert len(SEED_CASES) >= 20


@pytest.mark.parametrize(
    ("code", "text", "year_start", "year_end"),
    SEED_CASES,
    ids=[f"{c}:{t}" for c, t, *_ in SEED_CASES],
)
def test_every_seed_period_parses(code: str, text: str, year_start: int, year_end: int) -> None:
    period = parse_period(text, default_year=year_start)
    assert isinstance(period, Period)
    assert period.text == text
    assert period.starts_on <= period.due_on
    if (code, text) in KNOWN_OUT_OF_RANGE:
        assert (period.starts_on, period.due_on) == KNOWN_OUT_OF_RANGE[(code, text)]
    else:
        assert year_start <= period.starts_on.year <= year_end
        assert year_start <= period.due_on.year <= year_end


def test_known_out_of_range_texts_are_really_in_the_seeds() -> None:
    seeded = {(code, text) for code, text, *_ in SEED_CASES}
    assert set(KNOWN_OUT_OF_RANGE) <= seeded


@pytest.mark.parametrize(
    ("text", "default_year", "starts_on", "due_on"),
    [
        # strings of the seeds
        ("19 февраля", 2018, D(2018, 2, 19), D(2018, 2, 19)),
        ("Февраль - август", 2018, D(2018, 2, 1), D(2018, 8, 31)),
        ("Май Август", 2018, D(2018, 5, 1), D(2018, 8, 31)),
        ("Март Август Октябрь", 2018, D(2018, 3, 1), D(2018, 10, 31)),
        ("Март-октябрь 2017 г.", 2018, D(2017, 3, 1), D(2017, 10, 31)),
        ("Октябрь-ноябрь", 2018, D(2018, 10, 1), D(2018, 11, 30)),
        ("Январь- март Сентябрь - ноябрь", 2018, D(2018, 1, 1), D(2018, 11, 30)),
        ("Январь – апрель Сентябрь – ноябрь", 2018, D(2018, 1, 1), D(2018, 11, 30)),
        ("Январь 2019 года-декабрь 2019 года", 2019, D(2019, 1, 1), D(2019, 12, 31)),
        ("Январь 2020 года - декабрь 2020 года", 2019, D(2020, 1, 1), D(2020, 12, 31)),
        ("Января 2021 года – декабрь 20221 года", 2019, D(2021, 1, 1), D(2021, 12, 31)),
        ("Декабрь 2021 г.", 2022, D(2021, 12, 1), D(2021, 12, 31)),
        ("Декабрь 2021 – 2024 гг.", 2022, D(2021, 12, 1), D(2024, 12, 31)),
        ("В течение 2022 – 2024 гг.", 2022, D(2022, 1, 1), D(2024, 12, 31)),
        ("в течение 2024 г.", 2022, D(2024, 1, 1), D(2024, 12, 31)),
        ("Октябрь 2024 г.", 2022, D(2024, 10, 1), D(2024, 10, 31)),
        ("Январь 2022 г. – декабрь 2023 г.", 2022, D(2022, 1, 1), D(2023, 12, 31)),
        # other shapes the parser promises to read
        ("в течение года", 2018, D(2018, 1, 1), D(2018, 12, 31)),
        ("В течение всего года", 2020, D(2020, 1, 1), D(2020, 12, 31)),
        ("II квартал", 2019, D(2019, 4, 1), D(2019, 6, 30)),
        ("IV квартал 2020 г.", None, D(2020, 10, 1), D(2020, 12, 31)),
        ("III - IV квартал 2020 г.", None, D(2020, 7, 1), D(2020, 12, 31)),
        ("1-й квартал 2021 года", None, D(2021, 1, 1), D(2021, 3, 31)),
        ("в I квартале", 2018, D(2018, 1, 1), D(2018, 3, 31)),
        ("второе полугодие", 2018, D(2018, 7, 1), D(2018, 12, 31)),
        ("1 полугодие 2019 г.", None, D(2019, 1, 1), D(2019, 6, 30)),
        ("в мае", 2018, D(2018, 5, 1), D(2018, 5, 31)),
        ("в сентябре—октябре", 2018, D(2018, 9, 1), D(2018, 10, 31)),
        ("ЯНВАРЬ—ДЕКАБРЬ 2019", None, D(2019, 1, 1), D(2019, 12, 31)),
        ("с января по март 2019 г.", None, D(2019, 1, 1), D(2019, 3, 31)),
        ("19–20 февраля", 2018, D(2018, 2, 19), D(2018, 2, 20)),
        ("Сентябрь – май 2019", None, D(2018, 9, 1), D(2019, 5, 31)),
        ("сентябрь - май", 2018, D(2018, 9, 1), D(2019, 5, 31)),
        ("Ноябрь 2019 - январь 2020", None, D(2019, 11, 1), D(2020, 1, 31)),
        ("дек. 2020 г.", None, D(2020, 12, 1), D(2020, 12, 31)),
        ("до 15 августа", 2022, D(2022, 8, 15), D(2022, 8, 15)),
        ("не позднее 05 августа 2023 г.", None, D(2023, 8, 5), D(2023, 8, 5)),
        ("15.08.2022", None, D(2022, 8, 15), D(2022, 8, 15)),
        ("2022-2024", None, D(2022, 1, 1), D(2024, 12, 31)),
    ],
)
def test_expected_dates(text: str, default_year: int | None, starts_on: D, due_on: D) -> None:
    period = parse_period(text, default_year)
    assert (period.starts_on, period.due_on) == (starts_on, due_on)
    assert period.text == text


def test_year_in_text_wins_over_default() -> None:
    assert parse_period("Октябрь 2024 г.", 1999).starts_on == D(2024, 10, 1)


def test_five_digit_year_uses_the_other_year_of_the_text() -> None:
    # Without a second year the default year decides; with neither it is ambiguous.
    assert parse_period("декабрь 20221 года", 2022).due_on == D(2022, 12, 31)
    assert parse_period("декабрь 20221 года", 2021).due_on == D(2021, 12, 31)
    with pytest.raises(PeriodParseError):
        parse_period("декабрь 20221 года")


def test_period_is_frozen() -> None:
    period = parse_period("Август", 2018)
    with pytest.raises(dataclasses.FrozenInstanceError):
        period.due_on = D(2019, 1, 1)  # type: ignore[misc]


@pytest.mark.parametrize(
    ("text", "default_year"),
    [
        ("", 2018),
        ("   ", 2018),
        ("Август", None),  # no year anywhere
        ("в течение года", None),
        ("как можно скорее", 2018),
        ("31 февраля", 2018),
        ("декабрь 2023 - январь 2022", None),  # ends before it starts
        ("13 квартал", 2018),
        ("3 полугодие", 2018),
        ("до августа", 2018),  # a deadline needs a day
        ("Май 1899", None),
        ("99999", None),
        ("15", 2018),
    ],
)
def test_errors(text: str, default_year: int | None) -> None:
    with pytest.raises(PeriodParseError) as info:
        parse_period(text, default_year)
    assert repr(text) in str(info.value)


def test_error_is_a_value_error() -> None:
    assert issubclass(PeriodParseError, ValueError)
    with pytest.raises(ValueError):
        parse_period("никогда", 2018)


def test_non_string_is_rejected() -> None:
    with pytest.raises(PeriodParseError):
        parse_period(None, 2018)  # type: ignore[arg-type]


# Every distinct deadline text of the three seeds with the dates read by hand from the source
# (the roadmap's first year for texts without a year). The set must equal the seeds' set, so
# a new or edited seed deadline fails here until someone writes down its dates.
def _y(year: int, m1: int, d1: int, m2: int, d2: int, year2: int | None = None) -> tuple[D, D]:
    return D(year, m1, d1), D(year2 or year, m2, d2)


SEED_DATES: dict[tuple[str, str], tuple[D, D]] = {
    ("region-2018", "19 февраля"): _y(2018, 2, 19, 2, 19),
    ("region-2018", "Февраль - август"): _y(2018, 2, 1, 8, 31),
    ("region-2018", "Май Август"): _y(2018, 5, 1, 8, 31),
    ("region-2018", "Март-октябрь 2017 г."): _y(2017, 3, 1, 10, 31),
    ("region-2018", "Август"): _y(2018, 8, 1, 8, 31),
    ("region-2018", "Декабрь"): _y(2018, 12, 1, 12, 31),
    ("region-2018", "Октябрь-декабрь"): _y(2018, 10, 1, 12, 31),
    ("region-2018", "Октябрь-ноябрь"): _y(2018, 10, 1, 11, 30),
    ("region-2018", "Ноябрь-декабрь"): _y(2018, 11, 1, 12, 31),
    ("region-2018", "Январь"): _y(2018, 1, 1, 1, 31),
    ("region-2018", "Март Август Октябрь"): _y(2018, 3, 1, 10, 31),
    ("region-2018", "Апрель"): _y(2018, 4, 1, 4, 30),
    ("region-2018", "Апрель Ноябрь"): _y(2018, 4, 1, 11, 30),
    ("region-2018", "Сентябрь"): _y(2018, 9, 1, 9, 30),
    ("region-2018", "Октябрь"): _y(2018, 10, 1, 10, 31),
    ("region-2018", "Январь- март Сентябрь - ноябрь"): _y(2018, 1, 1, 11, 30),
    ("region-2018", "Январь – апрель Сентябрь – ноябрь"): _y(2018, 1, 1, 11, 30),
    ("expert-community-2022", "Декабрь 2021 г."): _y(2021, 12, 1, 12, 31),
    ("expert-community-2022", "Декабрь 2021 – 2024 гг."): _y(2021, 12, 1, 12, 31, 2024),
    ("expert-community-2022", "Октябрь 2024 г."): _y(2024, 10, 1, 10, 31),
    ("expert-community-2022", "Ноябрь 2024 г."): _y(2024, 11, 1, 11, 30),
    ("expert-community-2022", "В течение 2022 – 2024 гг."): _y(2022, 1, 1, 12, 31, 2024),
    ("expert-community-2022", "Январь 2022 г. – декабрь 2023 г."): _y(2022, 1, 1, 12, 31, 2023),
    ("expert-community-2022", "в течение 2024 г."): _y(2024, 1, 1, 12, 31),
    ("pilot-2019", "Январь 2019 года-декабрь 2019 года"): _y(2019, 1, 1, 12, 31),
    ("pilot-2019", "Январь 2020 года - декабрь 2020 года"): _y(2020, 1, 1, 12, 31),
    ("pilot-2019", "Января 2021 года – декабрь 20221 года"): _y(2021, 1, 1, 12, 31),
}


def test_every_seed_deadline_has_hand_read_dates() -> None:
    assert set(SEED_DATES) == {(code, text) for code, text, *_ in SEED_CASES}


@pytest.mark.parametrize(
    ("code", "text"), list(SEED_DATES), ids=[f"{c}:{t}" for c, t in SEED_DATES]
)
def test_seed_deadline_dates(code: str, text: str) -> None:
    year = next(r.year_start for r in ROADMAPS if r.code == code)
    period = parse_period(text, default_year=year)
    assert (period.starts_on, period.due_on) == SEED_DATES[(code, text)]


# ------------------------------------------------------------------ spans, quarters, recurrences
# (issue 17 §5: periods as people write them)


def _dates(spans) -> list[tuple[D, D]]:
    return [(s.starts_on, s.due_on) for s in spans]


@pytest.mark.parametrize(
    ("text", "year", "spans"),
    [
        # side by side without a dash: separate spans; the envelope stays first start – last end
        (
            "Январь – апрель Сентябрь – ноябрь",
            2018,
            [_y(2018, 1, 1, 4, 30), _y(2018, 9, 1, 11, 30)],
        ),
        ("Январь- март Сентябрь - ноябрь", 2018, [_y(2018, 1, 1, 3, 31), _y(2018, 9, 1, 11, 30)]),
        ("Май Август", 2018, [_y(2018, 5, 1, 5, 31), _y(2018, 8, 1, 8, 31)]),
        (
            "Март Август Октябрь",
            2018,
            [_y(2018, 3, 1, 3, 31), _y(2018, 8, 1, 8, 31), _y(2018, 10, 1, 10, 31)],
        ),
        ("Апрель Ноябрь", 2018, [_y(2018, 4, 1, 4, 30), _y(2018, 11, 1, 11, 30)]),
        # joined by a dash, "по" or "до": one span
        ("Январь 2019 года-декабрь 2019 года", 2019, [_y(2019, 1, 1, 12, 31)]),
        ("Декабрь 2021 – 2024 гг.", 2022, [_y(2021, 12, 1, 12, 31, 2024)]),
        ("с января по март 2019 г.", None, [_y(2019, 1, 1, 3, 31)]),
        ("с сентября до мая", 2018, [_y(2018, 9, 1, 5, 31, 2019)]),
        ("19–20 февраля", 2018, [_y(2018, 2, 19, 2, 20)]),
        ("III - IV квартал 2020 г.", None, [_y(2020, 7, 1, 12, 31)]),
        ("Октябрь 2024 г.", 2022, [_y(2024, 10, 1, 10, 31)]),
    ],
)
def test_spans_are_kept(text: str, year: int | None, spans: list[tuple[D, D]]) -> None:
    period = parse_period(text, year)
    assert _dates(period.spans) == spans
    assert (period.starts_on, period.due_on) == (spans[0][0], spans[-1][1])
    assert period.recurrence is None
    # a one-off period's occurrences are its spans, whatever the roadmap's years
    assert _dates(period.occurrences(range(2000, 2003))) == spans
    assert all(s.year is None for s in period.occurrences([2024]))


def test_a_span_may_not_end_before_it_starts() -> None:
    with pytest.raises(PeriodParseError):
        parse_period("Май 2020 – март 2020 Август 2020")


@pytest.mark.parametrize(
    ("text", "default_year", "starts_on", "due_on"),
    [
        ("IV кв. 2022", None, D(2022, 10, 1), D(2022, 12, 31)),
        ("I кв. 2023 г.", None, D(2023, 1, 1), D(2023, 3, 31)),
        ("4 кв.", 2021, D(2021, 10, 1), D(2021, 12, 31)),
        ("III-IV кв. 2022", None, D(2022, 7, 1), D(2022, 12, 31)),
        ("I квартал 2023", None, D(2023, 1, 1), D(2023, 3, 31)),
        ("1 полугодие", 2022, D(2022, 1, 1), D(2022, 6, 30)),
    ],
)
def test_quarters_and_half_years(
    text: str, default_year: int | None, starts_on: D, due_on: D
) -> None:
    period = parse_period(text, default_year)
    assert (period.starts_on, period.due_on) == (starts_on, due_on)


YEARS = range(2022, 2025)  # seed 004's roadmap, 2022-2024


@pytest.mark.parametrize(
    ("text", "recurrence", "occurrences"),
    [
        # seed 004, items 4.2 and 5.5 of the order: «(ежегодно, до 15 августа)», «(… до 05 августа)»
        (
            "ежегодно, до 15 августа",
            "yearly",
            [(D(y, 8, 15), D(y, 8, 15), y) for y in YEARS],
        ),
        (
            "(ежегодно, до 05 августа)",
            "yearly",
            [(D(y, 8, 5), D(y, 8, 5), y) for y in YEARS],
        ),
        ("Ежегодно", "yearly", [(D(y, 1, 1), D(y, 12, 31), y) for y in YEARS]),
        ("ежегодно, IV кв.", "yearly", [(D(y, 10, 1), D(y, 12, 31), y) for y in YEARS]),
        ("каждый год в мае", "yearly", [(D(y, 5, 1), D(y, 5, 31), y) for y in YEARS]),
        ("постоянно", "ongoing", [(D(y, 1, 1), D(y, 12, 31), y) for y in YEARS]),
        ("На постоянной основе", "ongoing", [(D(y, 1, 1), D(y, 12, 31), y) for y in YEARS]),
        # a school year from 1 September to 31 May of the next calendar year
        (
            "в течение учебного года",
            "school_year",
            [(D(y, 9, 1), D(y + 1, 5, 31), y) for y in YEARS],
        ),
        (
            "Ежегодно, в течение всего учебного года",
            "school_year",
            [(D(y, 9, 1), D(y + 1, 5, 31), y) for y in YEARS],
        ),
        # several spans in every year
        (
            "ежегодно: январь – апрель, сентябрь – ноябрь",
            "yearly",
            [
                (a, b, y)
                for y in YEARS
                for a, b in ((D(y, 1, 1), D(y, 4, 30)), (D(y, 9, 1), D(y, 11, 30)))
            ],
        ),
    ],
)
def test_recurring_periods_have_one_occurrence_per_roadmap_year(
    text: str, recurrence: str, occurrences: list[tuple[D, D, int]]
) -> None:
    period = parse_period(text, default_year=2022)
    assert period.recurring and period.recurrence == recurrence
    got = [(o.starts_on, o.due_on, o.year) for o in period.occurrences(YEARS)]
    assert got == occurrences
    # the period itself is its first occurrence (the earliest deadline)
    first = [o for o in occurrences if o[2] == 2022]
    assert (period.starts_on, period.due_on) == (first[0][0], first[-1][1])
    # years are taken once each and in order, however they are given
    assert period.occurrences([2024, 2022, 2023, 2022]) == period.occurrences(YEARS)


def test_a_recurring_period_may_name_its_own_years() -> None:
    period = parse_period("Ежегодно в течение 2022 – 2024 гг.")
    assert period.text_years == (2022, 2023, 2024)
    got = [(o.starts_on, o.due_on) for o in period.occurrences(range(2018, 2019))]
    assert got == [(D(y, 1, 1), D(y, 12, 31)) for y in YEARS]


@pytest.mark.parametrize(
    ("text", "default_year"),
    [
        ("ежегодно", None),  # no roadmap year to start from
        ("ежегодно, до 15 августа 2023", 2022),  # a dated deadline happens once
        ("постоянно, до 15 августа", 2022),  # «постоянно» already covers the year
        ("в течение учебного года, декабрь", 2022),
        ("ежегодно, 2024 – 2022", None),
        ("ежегодно, иногда", 2022),
    ],
)
def test_recurring_errors(text: str, default_year: int | None) -> None:
    with pytest.raises(PeriodParseError) as info:
        parse_period(text, default_year)
    assert repr(text) in str(info.value)


def test_an_occurrence_that_does_not_exist_is_an_error() -> None:
    period = parse_period("ежегодно, до 29 февраля", 2024)
    assert period.due_on == D(2024, 2, 29)
    with pytest.raises(PeriodParseError):
        period.occurrences([2024, 2025])


def test_a_period_built_by_hand_has_one_span() -> None:
    period = Period(D(2024, 1, 1), D(2024, 3, 31), "I квартал 2024")
    assert _dates(period.spans) == [(D(2024, 1, 1), D(2024, 3, 31))]
    assert _dates(period.occurrences([2024, 2025])) == [(D(2024, 1, 1), D(2024, 3, 31))]


# Every seed deadline text with more than one span, read by hand; every other one has one.
SEED_SPANS: dict[tuple[str, str], int] = {
    ("region-2018", "Май Август"): 2,
    ("region-2018", "Март Август Октябрь"): 3,
    ("region-2018", "Апрель Ноябрь"): 2,
    ("region-2018", "Январь- март Сентябрь - ноябрь"): 2,
    ("region-2018", "Январь – апрель Сентябрь – ноябрь"): 2,
}


@pytest.mark.parametrize(
    ("code", "text"), list(SEED_DATES), ids=[f"{c}:{t}" for c, t in SEED_DATES]
)
def test_seed_deadline_spans(code: str, text: str) -> None:
    roadmap = next(r for r in ROADMAPS if r.code == code)
    period = parse_period(text, default_year=roadmap.year_start)
    occurrences = period.occurrences(range(roadmap.year_start, roadmap.year_end + 1))
    assert len(occurrences) == SEED_SPANS.get((code, text), 1)
    assert not period.recurring
