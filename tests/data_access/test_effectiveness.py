"""Effectiveness criteria on the demo: numerators and denominators equal counts made here with
SQL; targets are append-only, for region and admin only, and audited."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from sqlalchemy import delete, select, text

from dashboard.models import AuditEvent, EffectivenessTarget
from data_access import effectiveness
from data_access.scope import OutOfScope

TODAY = dt.date(2025, 6, 1)
TEST_YEAR = 2099  # a year no demo target uses: the rows written here are removed after


def _sql(engine, query: str) -> pd.DataFrame:
    with engine.connect() as conn:
        return pd.read_sql(text(query), conn)


@pytest.fixture
def table(scopes):
    return effectiveness.criteria(scopes["viewer"], today=TODAY)


def _region(table: pd.DataFrame, code: str) -> pd.DataFrame:
    rows = table[(table["criterion_code"] == code) & table["municipality_id"].isna()]
    return rows.set_index("year")


def test_coverage_counts_schools_with_results(demo_engine, table):
    general = _sql(demo_engine, "SELECT COUNT(*) AS n FROM school WHERE kind != 'preschool'")
    loaded = _sql(
        demo_engine,
        "SELECT p.year, COUNT(DISTINCT r.school_id) AS n FROM school_result r "
        "JOIN procedure p ON p.id = r.procedure_id JOIN school s ON s.id = r.school_id "
        "WHERE s.kind != 'preschool' AND p.kind != 'voluntary' GROUP BY p.year",
    ).set_index("year")["n"]
    rows = _region(table, "coverage")
    assert list(rows.index) == sorted(loaded.index)
    for year, n in loaded.items():
        assert rows.loc[year, "numerator"] == n
        assert rows.loc[year, "denominator"] == general["n"][0]


def test_timeliness_sums_days_from_procedure_to_import(demo_engine, table):
    procedures = _sql(
        demo_engine,
        "SELECT id, year, held_on, results_loaded_at FROM procedure WHERE results_loaded_at "
        "IS NOT NULL AND held_on IS NOT NULL AND kind != 'voluntary' "
        "AND id IN (SELECT procedure_id FROM school_result)",
    )
    assert len(procedures), "the demo stamps results_loaded_at"
    stamps = pd.to_datetime(procedures["results_loaded_at"], utc=True, format="mixed")
    loaded = stamps.dt.tz_localize(None).dt.normalize()  # the UTC day of the import
    procedures["days"] = (loaded - pd.to_datetime(procedures["held_on"])).dt.days
    rows = _region(table, "timeliness")
    for year, group in procedures.groupby("year"):
        assert rows.loc[year, "denominator"] == len(group)
        assert rows.loc[year, "numerator"] == group["days"].sum()


def test_decisions_on_time_counts_judged_decisions(demo_engine, table):
    decisions = _sql(demo_engine, "SELECT status, due_on, completed_on FROM decision")
    judged: dict[int, list[bool]] = {}
    for r in decisions.itertuples():
        due = None if pd.isna(r.due_on) else dt.date.fromisoformat(str(r.due_on)[:10])
        done = None if pd.isna(r.completed_on) else dt.date.fromisoformat(str(r.completed_on)[:10])
        if r.status == "cancelled" or due is None:
            continue
        if r.status == "done" and done is not None:
            judged.setdefault(due.year, []).append(done <= due)
        elif r.status != "done" and due < TODAY:
            judged.setdefault(due.year, []).append(False)
    rows = _region(table, "decisions_on_time")
    assert judged and sorted(judged) == list(rows.index)
    for year, hits in judged.items():
        assert (rows.loc[year, "numerator"], rows.loc[year, "denominator"]) == (
            sum(hits),
            len(hits),
        )


def test_every_role_reads_aggregates_of_its_places(scopes, table):
    assert set(table["criterion_code"]) >= {"coverage", "timeliness", "bias_share"}
    district = effectiveness.criteria(scopes["municipality"], today=TODAY)
    places = set(district["municipality_id"].dropna())
    assert places == {scopes["municipality"].municipality_id}
    director = effectiveness.criteria(scopes["school"], today=TODAY)
    assert set(director["municipality_id"].dropna()) <= {scopes["school"].municipality_id}


@pytest.fixture
def clean_targets(demo_engine):
    yield
    with demo_engine.begin() as conn:
        conn.execute(delete(EffectivenessTarget).where(EffectivenessTarget.year == TEST_YEAR))
        conn.execute(delete(AuditEvent).where(AuditEvent.action == "effectiveness.target"))


def test_targets_are_appended_audited_and_refused_to_others(demo_engine, scopes, clean_targets):
    region = scopes["region"]
    assert effectiveness.set_target(region, "coverage", None, TEST_YEAR, 90) == 90.0
    assert effectiveness.set_target(region, "coverage", None, TEST_YEAR, 95.5) == 95.5
    with demo_engine.connect() as conn:
        stored = conn.execute(
            select(EffectivenessTarget.target).where(EffectivenessTarget.year == TEST_YEAR)
        ).scalars()
        assert sorted(stored) == [90.0, 95.5]  # both rows kept: append-only
    current = effectiveness.targets(region)
    row = current[(current["year"] == TEST_YEAR) & (current["criterion_code"] == "coverage")]
    assert list(row["target"]) == [95.5]
    for role in ("municipality", "school", "viewer"):
        with pytest.raises(OutOfScope):
            effectiveness.set_target(scopes[role], "coverage", None, TEST_YEAR, 50)
    for bad in (("nonsense", 50), ("coverage", 150), ("coverage", True), ("timeliness", -1)):
        with pytest.raises(ValueError):
            effectiveness.set_target(region, bad[0], None, TEST_YEAR, bad[1])
    with pytest.raises(OutOfScope):
        effectiveness.set_target(region, "coverage", 999999, TEST_YEAR, 50)
    with demo_engine.connect() as conn:
        outcomes = conn.execute(
            select(AuditEvent.role, AuditEvent.outcome)
            .where(AuditEvent.action == "effectiveness.target")
            .order_by(AuditEvent.id)
        ).all()
    assert [o for _, o in outcomes].count("success") == 2
    assert {r for r, o in outcomes if o == "denied"} >= {"municipality", "school", "viewer"}
