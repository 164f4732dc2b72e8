"""Overview aggregations against SQL written independently in the test, on each backend."""

from __future__ import annotations

import math

import pytest
from sqlalchemy import text

from dashboard import rules
from data_access import overview

INDEPENDENT = text(
    """
    SELECT m.code AS municipality_code,
           SUM(r.participants) AS participants,
           SUM(r.mean_percent * r.participants) * 1.0 / SUM(r.participants) AS mean_percent,
           SUM(r.marks_5) AS marks_5
    FROM school_result r
    JOIN school s ON s.id = r.school_id
    JOIN municipality m ON m.id = s.municipality_id
    JOIN procedure p ON p.id = r.procedure_id
    WHERE p.kind = :kind AND p.subject = :subject AND p.grade = :grade AND p.year = :year
    GROUP BY m.code
    """
)


def _a_procedure(engine):
    with engine.connect() as conn:
        return (
            conn.execute(
                text(
                    "SELECT kind, subject, grade, year FROM procedure WHERE kind = 'vpr' "
                    "ORDER BY year DESC, subject, grade LIMIT 1"
                )
            )
            .mappings()
            .one()
        )


def test_counts_match_the_tables(demo_engine, scopes):
    counts = overview.overview_counts(scopes["region"])
    with demo_engine.connect() as conn:
        schools = conn.execute(text("SELECT COUNT(*) FROM school")).scalar_one()
        participants = conn.execute(
            text(
                "SELECT SUM(r.participants) FROM school_result r "
                "JOIN procedure p ON p.id = r.procedure_id WHERE p.kind != 'voluntary'"
            )
        ).scalar_one()
    assert counts["schools"] == schools
    assert counts["participants"] == participants
    assert counts["municipalities"] >= 1 and counts["years"] == 5


def test_results_by_municipality_match_independent_sql(demo_engine, scopes):
    proc = _a_procedure(demo_engine)
    frame = overview.results_by_municipality(scopes["region"], **proc)
    with demo_engine.connect() as conn:
        expected = {
            r["municipality_code"]: r for r in conn.execute(INDEPENDENT, dict(proc)).mappings()
        }
    assert set(frame["municipality_code"]) == set(expected)
    for row in frame.itertuples():
        want = expected[row.municipality_code]
        if want["participants"] < rules.min_cell():
            assert row.suppressed and math.isnan(row.mean_percent)
        else:
            assert row.participants == want["participants"]
            assert row.mean_percent == pytest.approx(float(want["mean_percent"]), rel=1e-9)
            assert row.marks_5 == want["marks_5"]


def test_director_sees_own_school_row_and_no_other_school(demo_engine, scopes):
    proc = _a_procedure(demo_engine)
    director = scopes["school"]
    frame = overview.results_by_municipality(director, **proc)
    own = frame[frame["is_own_school"]]
    with demo_engine.connect() as conn:
        name = conn.execute(
            text("SELECT name FROM school WHERE id = :id"), {"id": director.school_id}
        ).scalar_one()
        others = set(
            conn.execute(
                text("SELECT name FROM school WHERE id != :id"), {"id": director.school_id}
            ).scalars()
        )
    assert len(own) <= 1
    if len(own):
        assert own.iloc[0]["municipality"] == name
    assert not (set(frame["municipality"]) & others)


def test_small_groups_are_suppressed(monkeypatch, demo_engine, scopes):
    monkeypatch.setattr(rules, "min_cell", lambda: 10**9)
    proc = _a_procedure(demo_engine)
    frame = overview.results_by_municipality(scopes["admin"], **proc)
    assert frame["suppressed"].all()
    assert frame["mean_percent"].isna().all()


def test_latest_procedures_are_newest_first(demo_engine, scopes):
    frame = overview.latest_procedures(scopes["viewer"], limit=5)
    assert len(frame) == 5
    dates = [d for d in frame["held_on"] if d is not None]
    assert dates == sorted(dates, reverse=True)


def test_scope_without_region_sees_nothing(demo_engine):
    from data_access.scope import Scope

    lost = Scope(login="x", role="region", region_id=None)
    assert overview.overview_counts(lost)["schools"] == 0


def test_home_counts_are_the_own_municipalitys(demo_engine, scopes):
    district = scopes["municipality"]
    counts = overview.home_counts(district)
    with demo_engine.connect() as conn:
        schools = conn.execute(
            text("SELECT COUNT(*) FROM school WHERE municipality_id = :m"),
            {"m": district.municipality_id},
        ).scalar_one()
        participants = conn.execute(
            text(
                "SELECT SUM(r.participants) FROM school_result r "
                "JOIN school s ON s.id = r.school_id JOIN procedure p ON p.id = r.procedure_id "
                "WHERE s.municipality_id = :m AND p.kind != 'voluntary'"
            ),
            {"m": district.municipality_id},
        ).scalar_one()
    assert counts["schools"] == schools and counts["participants"] == participants
    assert counts["municipalities"] == 1
    assert overview.home_counts(scopes["school"])["schools"] >= 1  # the director's municipality
    for role in ("region", "admin", "viewer"):
        assert overview.home_counts(scopes[role]) is None


def test_own_municipality_and_school_are_marked(demo_engine, scopes):
    proc = _a_procedure(demo_engine)
    district = overview.results_by_municipality(scopes["municipality"], **proc)
    with demo_engine.connect() as conn:
        code = conn.execute(
            text("SELECT code FROM municipality WHERE id = :m"),
            {"m": scopes["municipality"].municipality_id},
        ).scalar_one()
    assert set(district.loc[district["is_own"], "municipality_code"]) == {code}
    region = overview.results_by_municipality(scopes["region"], **proc)
    assert not region["is_own"].any()
    director = overview.results_by_municipality(scopes["school"], **proc)
    own_school = director[director["is_own_school"]]
    assert own_school["is_own"].all() and own_school["school_code"].notna().all()


def test_latest_procedures_give_the_own_municipality_beside_the_region(demo_engine, scopes):
    district = overview.latest_procedures(scopes["municipality"], limit=3)
    assert {"home_participants", "home_mean_percent"} <= set(district.columns)
    # the district demo has one municipality: its numbers are the region's
    assert district["home_participants"].tolist() == district["participants"].tolist()
    assert "home_mean_percent" not in overview.latest_procedures(scopes["region"], limit=3)


def test_region_result_matches_independent_sql(demo_engine, scopes):
    proc = _a_procedure(demo_engine)
    found = overview.region_result(scopes["municipality"], **proc)
    with demo_engine.connect() as conn:
        want = conn.execute(
            text(
                "SELECT SUM(r.participants), SUM(r.mean_percent * r.participants) * 1.0 / "
                "SUM(r.participants) FROM school_result r "
                "JOIN procedure p ON p.id = r.procedure_id "
                "WHERE p.kind = :kind AND p.subject = :subject AND p.grade = :grade "
                "AND p.year = :year"
            ),
            dict(proc),
        ).one()
    assert found["participants"] == want[0]
    assert found["mean_percent"] == pytest.approx(float(want[1]), rel=1e-9)
