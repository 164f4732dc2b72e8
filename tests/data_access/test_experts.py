"""Expert registry and seed 004 KPI table against SQL written in the test, on both backends."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from cachelib import SimpleCache
from sqlalchemy import text

from dashboard import rules
from dashboard.analytics import expert_kpis as kpis
from data_access import cache, expert_kpis, experts
from data_access.scope import OutOfScope

AS_OF = dt.date(2024, 8, 15)
CODE = "TEST-EXP-0001"


def _sql(engine, sql: str, **params):
    with engine.connect() as conn:
        return conn.execute(text(sql), params).all()


@pytest.fixture
def cleanup(demo_engine):
    yield
    with demo_engine.begin() as conn:
        for sql in (
            "DELETE FROM expert_direction WHERE expert_id IN "
            "(SELECT id FROM expert WHERE expert_code LIKE 'TEST-%')",
            "DELETE FROM qualification_attempt WHERE expert_id IN "
            "(SELECT id FROM expert WHERE expert_code LIKE 'TEST-%')",
        ):
            conn.execute(text(sql))
        conn.execute(text("DELETE FROM expert WHERE expert_code LIKE 'TEST-%'"))
        conn.execute(text("DELETE FROM kpi_target WHERE set_by IN ('region', 'admin')"))


def test_names_follow_the_role(demo_engine, scopes):
    everyone = {name for (name,) in _sql(demo_engine, "SELECT full_name FROM expert")}
    region = experts.registry(scopes["region"])
    assert set(region["rows"]["full_name"]) == everyone
    own = scopes["municipality"].municipality_id
    local = {
        n
        for (n,) in _sql(
            demo_engine, "SELECT full_name FROM expert WHERE municipality_id = :m", m=own
        )
    }
    assert set(experts.registry(scopes["municipality"])["rows"]["full_name"]) == local
    for role in ("school", "viewer"):
        view = experts.registry(scopes[role])
        assert view["rows"].empty and not view["names_visible"]
        assert int(view["counts"]["total"].sum()) == len(everyone)
        assert not any(name in view["counts"].to_string() for name in everyone)


def test_counts_and_filters_match_sql(demo_engine, scopes):
    by_status = dict(_sql(demo_engine, "SELECT status, COUNT(*) FROM expert GROUP BY status"))
    counts = experts.registry(scopes["region"])["counts"]  # exact: region sees every name
    for status, n in by_status.items():
        assert int(counts[status].sum()) == n
    # a director's counts are the same where shown; counts of 1 .. 4 are hidden (NA)
    truth = {
        (m, status): n
        for m, status, n in _sql(
            demo_engine,
            "SELECT m.name, e.status, COUNT(*) FROM expert e JOIN municipality m "
            "ON m.id = e.municipality_id GROUP BY m.name, e.status",
        )
    }
    seen = experts.registry(scopes["school"])["counts"]
    for row in seen.itertuples(index=False):
        for status in by_status:
            n, value = truth.get((row.municipality, status), 0), getattr(row, status)
            assert (pd.isna(value) and n > 0) or value == n
            assert not 0 < n < rules.min_cell() or pd.isna(value)
    in_r03 = {
        c
        for (c,) in _sql(
            demo_engine,
            "SELECT e.expert_code FROM expert e JOIN expert_direction d "
            "ON d.expert_id = e.id WHERE d.direction_code = 'R03' "
            "AND e.status = 'included'",
        )
    }
    rows = experts.registry(scopes["region"], direction="R03", status="included")["rows"]
    assert set(rows["expert_code"]) == in_r03


def test_indicator_2_2_equals_an_independent_count(demo_engine, scopes):
    passed = _sql(
        demo_engine,
        "SELECT DISTINCT e.id, e.included_on, e.excluded_on FROM expert e "
        "JOIN qualification_attempt a ON a.expert_id = e.id "
        "WHERE a.score_percent > 60 AND a.assessed_on <= :d",
        d=AS_OF,
    )

    def in_registry(inc, exc) -> bool:
        inc = dt.date.fromisoformat(str(inc)) if inc is not None else None
        exc = dt.date.fromisoformat(str(exc)) if exc is not None else None
        return inc is not None and inc <= AS_OF and (exc is None or exc > AS_OF)

    included = sum(in_registry(inc, exc) for _, inc, exc in passed)
    table = expert_kpis.kpi_table(scopes["school"], [2024], AS_OF)
    row = table[(table["code"] == "2.2") & (table["municipality_id"] == 0)].iloc[0]
    assert (row["numerator"], row["denominator"]) == (included, len(passed))
    assert row["value"] == pytest.approx(100 * included / len(passed))


def test_indicator_1_2_equals_an_independent_count(demo_engine, scopes):
    total = _sql(
        demo_engine,
        "SELECT COUNT(*) FROM procedure WHERE year = 2023 AND kind != 'intl' "
        "AND id IN (SELECT procedure_id FROM school_result)",
    )[0][0]
    engaged = _sql(
        demo_engine,
        "SELECT COUNT(DISTINCT p.id) FROM procedure p "
        "JOIN expert_engagement g ON g.procedure_id = p.id "
        "JOIN expert e ON e.id = g.expert_id WHERE p.year = 2023 "
        "AND p.kind != 'intl' AND e.included_on <= g.engaged_on "
        "AND (e.excluded_on IS NULL OR e.excluded_on > g.engaged_on) "
        "AND p.id IN (SELECT procedure_id FROM school_result)",
    )[0][0]
    table = expert_kpis.kpi_table(scopes["viewer"], [2023], AS_OF)
    row = table[(table["code"] == "1.2") & (table["municipality_id"] == 0)].iloc[0]
    assert (row["numerator"], row["denominator"]) == (engaged, total)


def test_page_table_equals_one_indicator_call_per_year_and_place(scopes):
    # The page computes every place at once; each cell must be what the seed's indicator
    # function gives for that year and place on the demo's facts.
    scope, years = scopes["region"], [2020, 2021, 2022, 2023, 2024]
    places = expert_kpis.municipalities(scope)["id"].tolist()
    facts = expert_kpis.kpi_facts(scope)
    table = expert_kpis.kpi_table(scope, years, AS_OF)
    one_by_one = kpis.indicator_table(facts, years, AS_OF, places)
    pd.testing.assert_frame_equal(table[one_by_one.columns], one_by_one, check_exact=True)


def test_as_of_date_drops_later_facts(scopes):
    early = expert_kpis.kpi_table(scopes["region"], [2024], dt.date(2024, 2, 1))
    late = expert_kpis.kpi_table(scopes["region"], [2024], dt.date(2024, 12, 31))

    def denominator(table):
        return table[(table["code"] == "1.2") & (table["municipality_id"] == 0)].iloc[0][
            "denominator"
        ]

    assert denominator(early) < denominator(late)


def test_targets_only_region_and_admin_and_latest_counts(scopes, cleanup):
    for role in ("school", "viewer", "municipality"):
        with pytest.raises(OutOfScope):
            expert_kpis.set_target(scopes[role], "1.2", None, 2024, 50.0)
    with pytest.raises(ValueError):
        expert_kpis.set_target(scopes["region"], "1.2", None, 2024, 150.0)
    expert_kpis.set_target(scopes["region"], "1.2", None, 2024, 10.0)
    expert_kpis.set_target(scopes["admin"], "1.2", None, 2024, 99.0)
    row = expert_kpis.kpi_table(scopes["viewer"], [2024], AS_OF)
    row = row[(row["code"] == "1.2") & (row["municipality_id"] == 0)].iloc[0]
    assert row["target"] == 99.0
    assert row["status"] == (
        "met" if row["value"] >= 99 else "close" if row["value"] >= 89.1 else "not_met"
    )


def _form(**overrides) -> experts.ExpertForm:
    base = {
        "code": CODE,
        "name": "Тестова Анна Петровна",
        "municipality_id": None,
        "position": "учитель",
        "directions": ("R03", "M01"),
        "score": 72.5,
        "score_date": dt.date(2024, 3, 1),
        "status": "included",
        "status_date": dt.date(2024, 3, 20),
    }
    return experts.ExpertForm(**{**base, **overrides})


def test_add_edit_exclude_with_validation(demo_engine, scopes, cleanup):
    region = scopes["region"]
    muni = scopes["municipality"].municipality_id
    cache.set_cache(SimpleCache())
    try:
        before = len(experts.registry(region)["rows"])  # cached now
        for bad, key in (
            ({"score": 60.0}, "pass"),
            ({"directions": ()}, "directions"),
            ({"code": "x"}, "code"),
            ({"score_date": None}, "score_needed"),
            ({"status_date": dt.date(2999, 1, 1)}, "future"),
        ):
            with pytest.raises(experts.ExpertError) as error:
                experts.save_expert(region, _form(municipality_id=muni, **bad))
            assert error.value.key == key
        with pytest.raises(OutOfScope):
            experts.save_expert(scopes["municipality"], _form(municipality_id=muni))
        experts.save_expert(region, _form(municipality_id=muni))
        rows = experts.registry(region)["rows"]
        assert len(rows) == before + 1  # the cache was invalidated
        assert _sql(
            demo_engine,
            "SELECT score_percent FROM qualification_attempt a JOIN expert e "
            "ON e.id = a.expert_id WHERE e.expert_code = :c",
            c=CODE,
        ) == [(72.5,)]
        with pytest.raises(OutOfScope):
            experts.exclude_expert(scopes["school"], CODE, dt.date(2024, 6, 1))
        with pytest.raises(experts.ExpertError):
            experts.exclude_expert(region, CODE, dt.date(2024, 1, 1))  # before inclusion
        experts.exclude_expert(region, CODE, dt.date(2024, 6, 1))
        row = experts.registry(region, status="excluded")["rows"].set_index("expert_code").loc[CODE]
        assert row["status_date"] == dt.date(2024, 6, 1)
    finally:
        cache.set_cache(None)
