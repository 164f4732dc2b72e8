"""The nine seed 004 indicators on a small hand-built region; every expected number is counted
by hand in the comments next to it (as of 15 August 2023, the roadmap's analysis date)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from dashboard.analytics import expert_kpi_places as places_table
from dashboard.analytics import expert_kpis as k

D = dt.date
AS_OF = D(2023, 8, 15)
YEAR = 2023


def frame(columns: str, *rows) -> pd.DataFrame:
    return pd.DataFrame(list(rows), columns=columns.split())


@pytest.fixture(scope="module")
def facts() -> k.KpiFacts:
    return k.KpiFacts(
        # 1 in registry since 2022; 2 included 1 Feb, excluded 1 Jun 2023; 3 candidate;
        # 4 included after the date (1 Sep); 5 in registry since 2021.
        experts=frame(
            "id municipality_id included_on excluded_on",
            (1, 1, D(2022, 3, 1), None),
            (2, 1, D(2023, 2, 1), D(2023, 6, 1)),
            (3, 1, None, None),
            (4, 2, D(2023, 9, 1), None),
            (5, 2, D(2021, 5, 1), None),
        ),
        directions=frame(
            "expert_id direction_code", (1, "R01"), (1, "M01"), (5, "R01"), (2, "R03")
        ),
        # 3 scored exactly 60: «более 60%» is not met.
        attempts=frame(
            "expert_id assessed_on score_percent",
            (1, D(2022, 2, 1), 75.0),
            (2, D(2023, 1, 10), 61.0),
            (3, D(2023, 3, 1), 60.0),
            (4, D(2023, 8, 1), 80.0),
            (5, D(2021, 4, 1), 90.0),
        ),
        procedures=frame(
            "id kind year held_on community_content",
            (1, "vpr", 2023, D(2023, 4, 10), False),
            (2, "riko", 2023, D(2023, 3, 14), True),
            (3, "diagnostic", 2023, D(2023, 11, 21), True),  # after the date
            (4, "intl", 2023, D(2023, 5, 1), False),  # not an intra-regional kind
            (5, "oge", 2023, None, False),  # undated: counts from 31 December
            (6, "vpr", 2022, D(2022, 4, 10), False),
        ),  # another year
        places=frame(
            "procedure_id municipality_id",
            (1, 1),
            (1, 2),
            (2, 1),
            (3, 1),
            (3, 2),
            (4, 1),
            (5, 2),
            (6, 1),
        ),
        engagements=frame(
            "expert_id procedure_id engaged_on",
            (1, 1, D(2023, 4, 10)),  # in registry: procedure 1 counts
            (3, 2, D(2023, 3, 14)),  # a candidate: no
            (2, 2, D(2023, 7, 1)),  # already excluded: no
            (5, 4, D(2023, 5, 1)),  # intl: outside the indicator
            (5, 1, D(2022, 12, 20)),
        ),  # task development before the year
        trainings=frame(
            "expert_id completed_on direction_code",
            (1, D(2020, 8, 10), "M01"),  # 1's own direction, years ago: counts (no window)
            (1, D(2023, 9, 1), "R01"),  # after the date
            (5, D(2023, 8, 15), "R03"),  # on the date, but 5 works only in R01: no
            (5, D(2023, 3, 1), None),  # direction unknown: no
            (2, D(2023, 1, 1), "R03"),
        ),  # excluded by the date
        materials=frame(
            "id municipality_id created_on discussed_on_platform approved_on topic",
            (1, 1, D(2023, 1, 10), True, D(2023, 2, 1), "expert_activity"),
            (2, 1, D(2023, 2, 1), False, D(2023, 3, 1), "expert_activity"),
            (3, 2, D(2023, 3, 1), True, D(2023, 9, 1), "expert_activity"),
            (4, None, D(2022, 12, 1), True, D(2023, 1, 15), "expert_activity"),
            (5, 2, D(2023, 5, 1), False, None, "expert_activity"),
            (6, 1, D(2023, 4, 1), False, None, None),  # topic unknown
            (7, 1, D(2023, 6, 1), False, None, "other"),  # not on expert activity
        ),
        authors=frame("material_id expert_id", (1, 1), (2, 2), (3, 4), (5, 3), (6, 1), (7, 1)),
        publications=frame(
            "id municipality_id published_on level",
            (1, 1, D(2022, 3, 1), "regional"),
            (2, 1, D(2022, 6, 1), "federal"),
            (3, None, D(2022, 9, 1), "international"),  # after 15 August 2022
            (4, 1, D(2023, 2, 1), "regional"),
            (5, None, D(2023, 5, 1), "federal"),
            (6, 1, D(2023, 10, 1), "regional"),  # after the date
            (7, 1, D(2023, 3, 1), "municipal"),  # a level seed 004 does not name
            (8, 2, D(2023, 4, 1), None),  # level unknown
        ),
        documents=frame(
            "id municipality_id signed_on repealed_on topic",
            (1, 1, D(2023, 1, 27), None, "expert_community"),
            (2, None, D(2023, 3, 1), None, "expert_community"),
            (3, 1, D(2023, 2, 1), None, "assessment"),
            (4, 2, D(2023, 9, 1), None, "expert_community"),  # adopted after the date
            (5, 2, D(2022, 5, 1), None, "expert_community"),  # of 2022, still in force
            (6, 1, D(2021, 12, 1), D(2023, 6, 30), "expert_community"),  # repealed before
            (7, 2, D(2022, 2, 1), D(2023, 8, 15), "expert_community"),  # repealed that day
            (8, 1, D(2022, 1, 27), D(2023, 12, 31), "expert_community"),  # repealed later
        ),
    )


def check(value: k.KpiValue, numerator, denominator, expected) -> None:
    assert (value.numerator, value.denominator) == (numerator, denominator)
    if expected is None:
        assert value.value is None
    else:
        assert value.value == pytest.approx(expected)


def test_1_1_documents_on_the_community_in_force_on_the_date(facts):
    # Region: 1, 2, 5 (of 2022, still in force) and 8 (repealed only later); not 3 (another
    # topic), 4 (adopted after the date), 6 (repealed in June), 7 (repealed on the date).
    check(k.documents_count(facts, YEAR, AS_OF), 4, None, 4)
    # Municipality 1: its own 1 and 8 plus the regional 2; municipality 2: 5 plus 2.
    check(k.documents_count(facts, YEAR, AS_OF, 1), 3, None, 3)
    check(k.documents_count(facts, YEAR, AS_OF, 2), 2, None, 2)


def test_1_2_procedures_with_registry_experts(facts):
    # Procedures of 2023 held by the date, intra-regional: 1 and 2. Procedure 1 had expert 1
    # (in the registry); procedure 2 only a candidate and an excluded expert -> 1 / 2.
    check(k.procedures_with_experts(facts, YEAR, AS_OF), 1, 2, 50.0)
    check(k.procedures_with_experts(facts, YEAR, AS_OF, 1), 1, 2, 50.0)
    # Municipality 2 held procedure 1 (5 is undated); its expert 5 worked on it in Dec 2022.
    check(k.procedures_with_experts(facts, YEAR, AS_OF, 2), 1, 1, 100.0)


def test_2_1_procedures_with_community_content(facts):
    # Of procedures 1 and 2 only 2 used the community's content.
    check(k.procedures_with_content(facts, YEAR, AS_OF), 1, 2, 50.0)
    check(k.procedures_with_content(facts, YEAR, AS_OF, 2), 0, 1, 0.0)


def test_2_2_included_of_those_passed_above_60(facts):
    # Passed (> 60 %) by the date: 1, 2, 4, 5 (3 has exactly 60). In the registry on the date:
    # 1 and 5 (2 excluded, 4 included later) -> 2 / 4.
    check(k.included_of_passed(facts, YEAR, AS_OF), 2, 4, 50.0)
    # Municipality 1: passed 1 and 2, registry 1 -> 1 / 2; a year earlier only 1 had passed.
    check(k.included_of_passed(facts, YEAR, AS_OF, 1), 1, 2, 50.0)
    check(k.included_of_passed(facts, 2022, AS_OF, 1), 1, 1, 100.0)


def test_2_3_registry_experts_engaged_during_the_year(facts):
    # Registry on the date: 1 and 5. Engaged in 2023 on an intra-regional procedure: 1 only
    # (5 worked in 2023 only on an international study) -> 1 / 2.
    check(k.engaged_share(facts, YEAR, AS_OF), 1, 2, 50.0)
    check(k.engaged_share(facts, YEAR, AS_OF, 2), 0, 1, 0.0)


def test_3_1_approved_after_discussion_on_the_platform(facts):
    # Approved in 2023 by the date: 1, 2, 4 (3 approved after it); discussed: 1 and 4 -> 2 / 3.
    check(k.approved_after_discussion(facts, YEAR, AS_OF), 2, 3, 200 / 3)
    check(k.approved_after_discussion(facts, YEAR, AS_OF, 1), 1, 2, 50.0)
    # Municipality 2 approved nothing by the date: empty denominator -> «нет данных».
    check(k.approved_after_discussion(facts, YEAR, AS_OF, 2), 0, 0, None)


def test_3_2_registry_experts_trained_in_their_own_direction(facts):
    # Registry 1 and 5: 1 took an M01 course (its own direction) in 2020 and no window applies;
    # 5's courses are outside its direction or without one -> 1 / 2.
    check(k.trained_share(facts, YEAR, AS_OF), 1, 2, 50.0)
    check(k.trained_share(facts, YEAR, AS_OF, 1), 1, 1, 100.0)
    check(k.trained_share(facts, YEAR, AS_OF, 2), 0, 1, 0.0)
    # A window, when a caller asks for one, drops 1's course of August 2020.
    check(k.trained_share(facts, YEAR, AS_OF, valid_years=3), 0, 2, 0.0)


def test_3_3_materials_written_with_registry_experts(facts):
    # Created in 2023 by the date on expert activity: 1, 2, 3, 5 (6 has no topic, 7 is on
    # another one). With an author in the registry that day: 1 (expert 1) and 2 (expert 2,
    # included that very day); 3's author came later, 5's is a candidate -> 2 / 4.
    check(k.materials_with_experts(facts, YEAR, AS_OF), 2, 4, 50.0)
    check(k.materials_with_experts(facts, YEAR, AS_OF, 1), 2, 2, 100.0)
    check(k.materials_with_experts(facts, YEAR, AS_OF, 2), 0, 2, 0.0)


def test_3_4_change_in_publications_over_equal_periods(facts):
    # 1 Jan – 15 Aug 2023, regional or higher: 4 and 5 (6 later, 7 municipal, 8 unknown) = 2;
    # 1 Jan – 15 Aug 2022: 1 and 2 (3 came in September) = 2 -> change 0.
    check(k.publications_change(facts, YEAR, AS_OF), 2, 2, 0)
    check(k.publications_change(facts, YEAR, AS_OF, 1), 1, 2, -1)
    check(k.publications_change(facts, YEAR, AS_OF, 2), 0, 0, 0)


def test_empty_denominators_say_no_data_instead_of_dividing():
    empty = k.KpiFacts()
    for code, compute in k.INDICATORS.items():
        value = compute(empty, YEAR, AS_OF)
        if code in {"1.1", "3.4"}:  # counts: zero documents / publications is a fact
            assert value.value == 0
        else:
            assert value.value is None and value.denominator == 0, code


def test_a_date_before_the_year_gives_no_data(facts):
    for code, compute in k.INDICATORS.items():
        assert compute(facts, 2024, AS_OF).value is None, code


def test_status_against_target_uses_the_close_share():
    assert k.status(100.0, 100.0) == "met"
    assert k.status(90.0, 100.0) == "close"  # 10 % short of the target
    assert k.status(89.9, 100.0) == "not_met"
    assert k.status(None, 100.0) == "no_data"
    assert k.status(50.0, None) == "no_target"


def test_funnel_is_nested(facts):
    # Candidates with an attempt by the date: all 5; passed: 1, 2, 4, 5; registry: 1, 5;
    # engaged in 2023 (intra-regional): 1; trained in its own direction: 1 (as in 3.2).
    assert k.funnel(facts, YEAR, AS_OF) == [5, 4, 2, 1, 1]


def test_coverage_marks_directions_without_experts(facts):
    table = k.coverage(facts, AS_OF, ["R01", "M01", "R03"], [1, 2])
    # Registry on the date: 1 (R01, M01, municipality 1) and 5 (R01, municipality 2);
    # expert 2 (R03) is excluded, so R03 is a gap everywhere.
    assert table.loc["R01"].tolist() == [1, 1]
    assert table.loc["M01"].tolist() == [1, 0]
    assert table.loc["R03"].tolist() == [0, 0]


def test_table_has_every_indicator_for_every_place(facts):
    table = k.indicator_table(facts, [YEAR], AS_OF, [1, 2])
    assert len(table) == 9 * 3
    region = table[table["municipality_id"] == k.REGION].set_index("code")
    assert region.loc["2.2", "value"] == pytest.approx(50.0)


@pytest.mark.parametrize("as_of", [AS_OF, D(2023, 1, 1), D(2022, 12, 31), D(2024, 3, 1)], ids=str)
def test_table_for_all_places_at_once_equals_one_call_per_place(facts, as_of):
    # The page's table is computed per year for every place at once; each cell must be what
    # the indicator function gives for that year and place (empty places included).
    years, places = [2021, 2022, 2023, 2024], [1, 2, 3]
    fast = places_table.indicator_table(facts, years, as_of, places)
    slow = k.indicator_table(facts, years, as_of, places)
    pd.testing.assert_frame_equal(fast, slow, check_exact=True)


def test_table_for_all_places_of_empty_facts():
    fast = places_table.indicator_table(k.KpiFacts(), [YEAR], AS_OF, [1])
    pd.testing.assert_frame_equal(fast, k.indicator_table(k.KpiFacts(), [YEAR], AS_OF, [1]))


def test_3_4_previous_period_is_the_same_span_a_year_earlier():
    # 29 February has no twin: the previous span ends on 28 February.
    start, ref = k.period(2024, D(2024, 2, 29))
    assert k.previous_period(2024, ref) == (pd.Timestamp(2023, 1, 1), pd.Timestamp(2023, 2, 28))
    publications = frame(
        "id municipality_id published_on level",
        (1, 1, D(2023, 2, 28), "regional"),  # inside the earlier span
        (2, 1, D(2023, 3, 1), "federal"),  # after it
        (3, 1, D(2024, 2, 29), "international"),
    )
    value = k.publications_change(k.KpiFacts(publications=publications), 2024, D(2024, 2, 29))
    check(value, 1, 1, 0)


def test_1_1_a_document_counts_every_year_it_is_in_force(facts):
    # Document 5 (municipality 2, adopted May 2022, never repealed) counts in 2022 and 2023;
    # document 7 (adopted February 2022) counts in 2022 but was repealed on 15 August 2023.
    check(k.documents_count(facts, 2022, D(2022, 12, 31), 2), 2, None, 2)
    check(k.documents_count(facts, 2023, D(2023, 8, 14), 2), 3, None, 3)
    check(k.documents_count(facts, 2023, AS_OF, 2), 2, None, 2)
