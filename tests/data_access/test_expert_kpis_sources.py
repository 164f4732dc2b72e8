"""Seed 004 indicators 1.1, 3.2, 3.3 and 3.4 on the demo, against SQL written in the test.

The demo has rows on both sides of each rule (issue 17): orders that lost force, courses outside
the expert's direction, materials on other subjects, articles in municipal editions. Each test
checks first that such rows exist, so the rule is exercised, then the page's number.
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import text

from data_access import expert_kpis

AS_OF = dt.date(2024, 8, 15)
YEAR = 2024


def _sql(engine, sql: str, **params):
    with engine.connect() as conn:
        return conn.execute(text(sql), params).all()


def _region_row(scopes, code: str):
    table = expert_kpis.kpi_table(scopes["viewer"], [YEAR], AS_OF)
    return table[(table["code"] == code) & (table["municipality_id"] == 0)].iloc[0]


def test_1_1_counts_orders_in_force_not_orders_signed_in_the_year(demo_engine, scopes):
    lost_force = _sql(
        demo_engine,
        "SELECT COUNT(*) FROM normative_document WHERE topic = 'expert_community' "
        "AND repealed_on <= :d",
        d=AS_OF,
    )[0][0]
    older = _sql(
        demo_engine,
        "SELECT COUNT(*) FROM normative_document WHERE topic = 'expert_community' "
        "AND signed_on < :y AND (repealed_on IS NULL OR repealed_on > :d)",
        y=dt.date(YEAR, 1, 1),
        d=AS_OF,
    )[0][0]
    assert lost_force > 0 and older > 0  # the demo exercises both sides of the rule
    in_force = _sql(
        demo_engine,
        "SELECT COUNT(*) FROM normative_document WHERE topic = 'expert_community' "
        "AND signed_on <= :d AND (repealed_on IS NULL OR repealed_on > :d)",
        d=AS_OF,
    )[0][0]
    row = _region_row(scopes, "1.1")
    assert row["value"] == in_force


def test_3_2_counts_courses_in_the_experts_own_direction(demo_engine, scopes):
    outside = _sql(
        demo_engine,
        "SELECT COUNT(*) FROM expert_training t WHERE t.direction_code IS NULL OR NOT EXISTS "
        "(SELECT 1 FROM expert_direction d WHERE d.expert_id = t.expert_id "
        "AND d.direction_code = t.direction_code)",
    )[0][0]
    assert outside > 0
    total = _sql(
        demo_engine,
        "SELECT COUNT(*) FROM expert e WHERE e.included_on <= :d "
        "AND (e.excluded_on IS NULL OR e.excluded_on > :d)",
        d=AS_OF,
    )[0][0]
    trained = _sql(
        demo_engine,
        "SELECT COUNT(DISTINCT e.id) FROM expert e JOIN expert_training t ON t.expert_id = e.id "
        "JOIN expert_direction d ON d.expert_id = e.id AND d.direction_code = t.direction_code "
        "WHERE e.included_on <= :d AND (e.excluded_on IS NULL OR e.excluded_on > :d) "
        "AND t.completed_on <= :d",
        d=AS_OF,
    )[0][0]
    row = _region_row(scopes, "3.2")
    assert (row["numerator"], row["denominator"]) == (trained, total)
    assert 0 < trained < total


def test_3_3_counts_only_materials_on_expert_activity(demo_engine, scopes):
    other = _sql(demo_engine, "SELECT COUNT(*) FROM material WHERE topic <> 'expert_activity'")
    assert other[0][0] > 0
    end = dt.date(2024, 12, 31)
    table = expert_kpis.kpi_table(scopes["viewer"], [2022, 2023, 2024], end)
    for year in (2022, 2023, 2024):
        on_topic = _sql(
            demo_engine,
            "SELECT COUNT(*) FROM material WHERE created_on >= :s AND created_on <= :e "
            "AND topic = 'expert_activity'",
            s=dt.date(year, 1, 1),
            e=dt.date(year, 12, 31),
        )[0][0]
        row = table[(table["code"] == "3.3") & (table["municipality_id"] == 0)]
        assert row[row["year"] == year].iloc[0]["denominator"] == on_topic


@pytest.mark.parametrize(
    "as_of", [dt.date(2024, 8, 15), dt.date(2023, 8, 15), dt.date(2023, 3, 31)], ids=str
)
def test_3_4_compares_equal_periods_of_the_named_levels(demo_engine, scopes, as_of):
    municipal = _sql(demo_engine, "SELECT COUNT(*) FROM publication WHERE level = 'municipal'")
    assert municipal[0][0] > 0

    def count(start: dt.date, end: dt.date) -> int:
        return _sql(
            demo_engine,
            "SELECT COUNT(*) FROM publication WHERE published_on >= :s AND published_on <= :e "
            "AND level IN ('regional', 'federal', 'international')",
            s=start,
            e=end,
        )[0][0]

    year = as_of.year
    now = count(dt.date(year, 1, 1), as_of)
    before = count(dt.date(year - 1, 1, 1), as_of.replace(year=year - 1))
    table = expert_kpis.kpi_table(scopes["viewer"], [year], as_of)
    row = table[(table["code"] == "3.4") & (table["municipality_id"] == 0)].iloc[0]
    assert (row["numerator"], row["denominator"], row["value"]) == (now, before, now - before)
