"""School profile and school list against SQL written independently in the test, both backends."""

from __future__ import annotations

import math
import statistics

import pandas as pd
import pytest
from sqlalchemy import text

from data_access import school_profile as profile
from data_access import schools
from data_access.scope import OutOfScope


def _codes(engine, sql: str, **params) -> list[str]:
    with engine.connect() as conn:
        return list(conn.execute(text(sql), params).scalars())


@pytest.fixture
def own_code(demo_engine, scopes) -> str:
    return _codes(
        demo_engine, "SELECT school_code FROM school WHERE id = :i", i=scopes["school"].school_id
    )[0]


@pytest.fixture
def foreign_code(foreign_school) -> str:
    return foreign_school["school_code"]


def test_flags_agree_with_the_planted_truth(demo_engine, scopes):
    """demo_truth (test-only) records the same rules; the UI never reads it."""
    flags = profile.region_flags(scopes["region"])
    with demo_engine.connect() as conn:
        truth = conn.execute(text("SELECT school_id, pattern FROM demo_truth")).all()
    low = {sid for sid, pattern in truth if pattern == "low_results"}
    adverse = {sid for sid, pattern in truth if pattern == "adverse_conditions"}
    assert set(flags["low_runs"]) == low
    assert set(flags["adverse"]) == adverse


def test_results_match_independent_sql(demo_engine, scopes):
    code = _codes(
        demo_engine,
        "SELECT s.school_code FROM school s JOIN school_result r ON r.school_id = s.id "
        "WHERE r.participants >= 10 ORDER BY s.school_code LIMIT 1",
    )[0]
    frame = profile.school_results(scopes["region"], code)
    row = frame.iloc[0]
    with demo_engine.connect() as conn:
        own = conn.execute(
            text(
                "SELECT r.participants, r.mean_percent FROM school_result r "
                "JOIN school s ON s.id = r.school_id "
                "WHERE s.school_code = :c AND r.procedure_id = :p"
            ),
            {"c": code, "p": int(row["procedure_id"])},
        ).one()
        muni = conn.execute(
            text(
                "SELECT SUM(r.mean_percent * r.participants) * 1.0 / SUM(r.participants) "
                "FROM school_result r JOIN school s ON s.id = r.school_id "
                "WHERE r.procedure_id = :p AND s.municipality_id = "
                "(SELECT municipality_id FROM school WHERE school_code = :c)"
            ),
            {"c": code, "p": int(row["procedure_id"])},
        ).scalar_one()
        count = conn.execute(
            text(
                "SELECT COUNT(*) FROM school_result r JOIN school s ON s.id = r.school_id "
                "JOIN procedure p ON p.id = r.procedure_id "
                "WHERE s.school_code = :c AND p.kind != 'voluntary'"
            ),
            {"c": code},
        ).scalar_one()
    assert len(frame) == count
    assert float(row["participants"]) == own.participants
    assert math.isclose(row["mean_percent"], own.mean_percent)
    assert math.isclose(row["municipality_mean"], muni, rel_tol=1e-9)


def test_context_medians_match_independent_computation(demo_engine, scopes):
    code = _codes(
        demo_engine,
        "SELECT school_code FROM school WHERE kind != 'preschool' ORDER BY school_code LIMIT 1",
    )[0]
    frame = profile.context_comparison(scopes["region"], code)
    year = int(frame["year"].max())
    with demo_engine.connect() as conn:
        values = list(
            conn.execute(
                text(
                    "SELECT v.value FROM context_value v JOIN school s ON s.id = v.school_id "
                    "WHERE v.indicator_code = 'pupils' AND v.year = :y AND s.kind != 'preschool'"
                ),
                {"y": year},
            ).scalars()
        )
        own = conn.execute(
            text(
                "SELECT v.value FROM context_value v JOIN school s ON s.id = v.school_id "
                "WHERE v.indicator_code = 'pupils' AND v.year = :y AND s.school_code = :c"
            ),
            {"y": year, "c": code},
        ).scalar()
    row = frame[(frame["indicator_code"] == "pupils") & (frame["year"] == year)].iloc[0]
    assert math.isclose(row["region_median"], statistics.median(values))
    assert row["value"] == own


def test_weak_skills_gap_matches_independent_sql(demo_engine, scopes):
    code = _codes(
        demo_engine,
        "SELECT s.school_code FROM school s JOIN skill_result k ON k.school_id = s.id "
        "GROUP BY s.school_code ORDER BY s.school_code LIMIT 1",
    )[0]
    year = _codes(
        demo_engine,
        "SELECT MAX(p.year) FROM skill_result k JOIN procedure p ON p.id = k.procedure_id "
        "JOIN school s ON s.id = k.school_id WHERE s.school_code = :c",
        c=code,
    )[0]
    frame = profile.weak_skills(scopes["region"], code, year)
    worst = frame.iloc[0]
    with demo_engine.connect() as conn:
        muni = conn.execute(
            text(
                "SELECT SUM(k.mean_percent * r.participants) * 1.0 / SUM(r.participants) "
                "FROM skill_result k "
                "JOIN school_result r ON r.procedure_id = k.procedure_id "
                "AND r.school_id = k.school_id "
                "JOIN school s ON s.id = k.school_id "
                "WHERE k.procedure_id = :p AND k.task_number = :t "
                "AND s.municipality_id = "
                "(SELECT municipality_id FROM school WHERE school_code = :c)"
            ),
            {"p": int(worst["procedure_id"]), "t": int(worst["task_number"]), "c": code},
        ).scalar_one()
    assert math.isclose(worst["municipality_percent"], muni)
    assert math.isclose(worst["gap"], worst["school_percent"] - muni)
    assert (frame["gap"].diff().dropna() >= 0).all()


def test_school_with_missing_years_and_without_pupil_data(demo_engine, scopes):
    missing = _codes(
        demo_engine,
        "SELECT s.school_code FROM school s JOIN context_value v ON v.school_id = s.id "
        "WHERE s.kind != 'preschool' GROUP BY s.school_code "
        "HAVING COUNT(DISTINCT v.year) < (SELECT COUNT(DISTINCT year) FROM context_value)",
    )
    assert missing, "the district demo has a school opened late"
    frame = profile.context_comparison(scopes["region"], missing[0])
    assert frame["value"].isna().any() and frame["value"].notna().any()
    no_pupils = _codes(
        demo_engine,
        "SELECT school_code FROM school s WHERE NOT EXISTS "
        "(SELECT 1 FROM pupil_result p WHERE p.school_id = s.id)",
    )
    assert no_pupils
    year = int(frame["year"].max())
    assert profile.weak_skills(scopes["region"], no_pupils[0], year).empty


def test_director_sees_own_school_and_is_refused_another(scopes, own_code, foreign_code):
    director = scopes["school"]
    assert profile.school_header(director, own_code)["school_code"] == own_code
    for call in (
        profile.school_header,
        profile.context_comparison,
        profile.school_results,
        profile.school_flag_state,
    ):
        with pytest.raises(OutOfScope):
            call(director, foreign_code)
    with pytest.raises(OutOfScope):
        profile.weak_skills(director, foreign_code, 2024)
    with pytest.raises(OutOfScope):
        profile.school_header(director, ["x"])
    with pytest.raises(OutOfScope):
        profile.school_header(scopes["viewer"], own_code)


def test_school_list_is_limited_to_named_schools(demo_engine, scopes, own_code):
    assert schools.school_list(scopes["viewer"]).empty
    assert schools.school_list(scopes["school"])["school_code"].tolist() == [own_code]
    region = schools.school_list(scopes["region"])
    total = _codes(demo_engine, "SELECT COUNT(*) FROM school")[0]
    assert len(region) == total
    row = region[region["school_code"] == own_code].iloc[0]
    with demo_engine.connect() as conn:
        expected = conn.execute(
            text(
                "SELECT SUM(r.mean_percent * r.participants) * 1.0 / SUM(r.participants) "
                "FROM school_result r "
                "JOIN procedure p ON p.id = r.procedure_id JOIN school s ON s.id = r.school_id "
                "WHERE p.kind = 'vpr' AND s.school_code = :c AND r.participants > 0 AND p.year = "
                "(SELECT MAX(p2.year) FROM school_result r2 "
                "JOIN procedure p2 ON p2.id = r2.procedure_id "
                " WHERE r2.school_id = s.id AND p2.kind = 'vpr' AND r2.participants > 0)"
            ),
            {"c": own_code},
        ).scalar_one()
    assert math.isclose(row["vpr_mean"], expected)


def _comparison_from_every_row(scope, code: str) -> pd.DataFrame:
    """The comparison as computed before the medians were stored: from every context row of
    the region (the reference for the stored medians)."""
    from data_access import norms
    from data_access import school_profile as sp
    from data_access.suppression import suppress_small

    header = sp.school_header(scope, code)
    region = sp.region_context(scope)
    by = ["indicator_code", "year"]
    reg = region.groupby(by)["value"].agg(
        region_median="median", region_std="std", region_schools="count"
    )
    own_muni = region[region["municipality_id"] == header["municipality_id"]]
    muni = own_muni.groupby(by)["value"].agg(
        municipality_median="median", municipality_schools="count"
    )
    own = region[region["school_id"] == header["id"]].set_index(by)["value"]
    frame = reg.join(muni).join(own).reset_index()
    frame = suppress_small(frame, "municipality_schools", ("municipality_median",))
    frame = frame.rename(columns={"suppressed": "municipality_suppressed"})
    frame = suppress_small(frame, "region_schools", ("region_median", "region_std"))
    frame = frame.rename(columns={"suppressed": "region_suppressed"})
    catalogue = sp.indicator_catalogue(scope).rename(columns={"code": "indicator_code"})
    frame = frame.merge(catalogue, on="indicator_code", how="left")
    own_norms = norms.region_norms(scope)[["indicator_code", "norm", "source"]]
    frame = frame.merge(
        own_norms.rename(columns={"norm": "region_norm", "source": "region_norm_source"}),
        on="indicator_code",
        how="left",
    ).astype({"region_norm": "float64", "region_norm_source": object})
    source = frame["region_norm_source"]
    frame["region_norm_source"] = source.where(source.notna(), None)  # no norm: None, not NaN
    return frame.sort_values(["group", "indicator_code", "year"])


def test_stored_context_medians_give_the_comparison_of_every_row(demo_engine, scopes):
    from sqlalchemy import select

    from dashboard.models import School
    from data_access import cache, derived
    from data_access import school_profile as sp

    cache.set_cache(None)
    region = scopes["region"]
    with demo_engine.connect() as conn:
        codes = list(
            conn.execute(
                select(School.school_code).where(School.kind != "preschool").limit(12)
            ).scalars()
        )
    for code in codes:
        expected = _comparison_from_every_row(region, code)
        stored = sp.context_comparison(region, code)
        pd.testing.assert_frame_equal(stored, expected, check_exact=False, rtol=1e-12)
        with derived.recomputing():
            pd.testing.assert_frame_equal(sp.context_comparison(region, code), stored)
