"""`/procedures` aggregations against SQL and pandas written independently in the test, on
SQLite and PostgreSQL; and who sees which school by name."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from scipy import stats
from sqlalchemy import text

from dashboard import rules
from data_access import procedures, procedures_detail

MATHS = "математика"


def _rows(engine, sql: str, **params) -> pd.DataFrame:
    with engine.connect() as conn:
        result = conn.execute(text(sql), params)
        return pd.DataFrame(result.mappings().all(), columns=list(result.keys()))


@pytest.fixture
def vpr(demo_engine, scopes) -> dict:
    """The ВПР mathematics procedure with the most pupils: kind, subject, grade, year, id."""
    row = _rows(
        demo_engine,
        "SELECT p.id, p.grade, p.year, p.max_score FROM procedure p "
        "JOIN pupil_result r ON r.procedure_id = p.id WHERE p.kind = 'vpr' AND p.subject = :s "
        "GROUP BY p.id, p.grade, p.year, p.max_score ORDER BY COUNT(*) DESC, p.id LIMIT 1",
        s=MATHS,
    ).iloc[0]
    return {
        "id": int(row["id"]),
        "grade": int(row["grade"]),
        "year": int(row["year"]),
        "max_score": float(row["max_score"]),
    }


def test_catalogue_knows_which_procedures_have_pupils(demo_engine, scopes):
    catalogue = procedures.procedure_catalogue(scopes["region"])
    with_pupils = set(
        _rows(
            demo_engine,
            "SELECT DISTINCT r.procedure_id FROM pupil_result r "
            "JOIN procedure p ON p.id = r.procedure_id WHERE p.kind != 'voluntary'",
        )["procedure_id"]
    )
    assert set(catalogue.loc[catalogue["has_pupils"], "id"]) == with_pupils
    assert (
        len(catalogue)
        == _rows(
            demo_engine,
            "SELECT COUNT(DISTINCT r.procedure_id) AS n FROM school_result r "
            "JOIN procedure p ON p.id = r.procedure_id WHERE p.kind != 'voluntary'",
        )["n"][0]
    )


def test_school_means_match_sql_and_a_t_interval_from_raw_scores(demo_engine, scopes, vpr):
    frame = procedures.school_means(scopes["region"], "vpr", MATHS, vpr["grade"], [vpr["year"]])
    expected = _rows(
        demo_engine,
        "SELECT s.school_code, r.participants, r.mean_percent, r.marks_2, r.marks_5 "
        "FROM school_result r JOIN school s ON s.id = r.school_id WHERE r.procedure_id = :p",
        p=vpr["id"],
    ).set_index("school_code")
    assert set(frame["school_code"]) == set(expected.index)
    big = frame[~frame["suppressed"]].sort_values("participants").iloc[-1]
    want = expected.loc[big["school_code"]]
    assert float(big["participants"]) == want["participants"]
    assert math.isclose(big["mean_percent"], want["mean_percent"])
    assert big["marks_2"] == want["marks_2"] and big["marks_5"] == want["marks_5"]
    scores = _rows(
        demo_engine,
        "SELECT r.primary_score FROM pupil_result r JOIN school s ON s.id = r.school_id "
        "WHERE r.procedure_id = :p AND s.school_code = :c",
        p=vpr["id"],
        c=big["school_code"],
    )
    percent = scores["primary_score"].astype(float) * 100 / vpr["max_score"]
    low, high = stats.t.interval(
        0.95, len(percent) - 1, loc=percent.mean(), scale=stats.sem(percent)
    )
    assert math.isclose(big["ci_low"], low, rel_tol=1e-9) and math.isclose(
        big["ci_high"], high, rel_tol=1e-9
    )


def test_small_schools_are_suppressed(demo_engine, scopes, vpr, monkeypatch):
    monkeypatch.setenv("OKO_MIN_CELL", "10000")  # every school is now "small"
    frame = procedures.school_means(scopes["region"], "vpr", MATHS, vpr["grade"], [vpr["year"]])
    assert len(frame) and frame["suppressed"].all()
    assert frame[["mean_percent", "ci_low", "ci_high", "marks_2", "marks_5"]].isna().all().all()
    assert procedures_detail.task_completion(
        scopes["region"], "vpr", MATHS, vpr["grade"], vpr["year"]
    ).empty
    assert procedures.score_distribution(
        scopes["region"], "vpr", MATHS, vpr["grade"], vpr["year"]
    ).empty


def test_municipality_means_are_participant_weighted(demo_engine, scopes, vpr):
    frame = procedures.municipality_means(
        scopes["viewer"], "vpr", MATHS, vpr["grade"], [vpr["year"]]
    )
    raw = _rows(
        demo_engine,
        "SELECT m.code, r.participants, r.mean_percent, r.marks_4 FROM school_result r "
        "JOIN school s ON s.id = r.school_id JOIN municipality m ON m.id = s.municipality_id "
        "WHERE r.procedure_id = :p",
        p=vpr["id"],
    )
    for code, group in raw.groupby("code"):
        row = frame[frame["municipality_code"] == code].iloc[0]
        weighted = (group["participants"] * group["mean_percent"]).sum() / group[
            "participants"
        ].sum()
        assert math.isclose(row["mean_percent"], weighted, rel_tol=1e-9)
        assert row["marks_4"] == group["marks_4"].sum()
        assert row["schools"] == len(group)


def test_score_distribution_counts_pupils_per_band(demo_engine, scopes, vpr):
    """Bands cover 0..max without gaps, none holds fewer than OKO_MIN_CELL pupils, and each
    counts exactly the municipality's pupils whose score falls in it."""
    frame = procedures.score_distribution(scopes["school"], "vpr", MATHS, vpr["grade"], vpr["year"])
    raw = _rows(
        demo_engine,
        "SELECT m.code, p.primary_score FROM pupil_result p JOIN school s ON s.id = p.school_id "
        "JOIN municipality m ON m.id = s.municipality_id WHERE p.procedure_id = :p",
        p=vpr["id"],
    )
    assert set(frame.columns) == {
        "municipality_code",
        "municipality",
        "score_from",
        "score_to",
        "primary_score",
        "pupils",
        "max_score",
    }
    assert len(frame) and (frame["pupils"] >= rules.min_cell()).all()
    scale = range(int(vpr["max_score"]) + 1)
    for code, bands in frame.groupby("municipality_code"):
        bands = bands.sort_values("score_from")
        assert bands["score_from"].iloc[0] == 0 and bands["score_to"].iloc[-1] == vpr["max_score"]
        assert (bands["score_from"].iloc[1:].to_numpy() == bands["score_to"].iloc[:-1] + 1).all()
        scores = raw.loc[raw["code"] == code, "primary_score"]
        # A municipality's bands are single scores exactly when every score 0..max was
        # obtained by at least OKO_MIN_CELL of its pupils.
        every_score_large = all((scores == v).sum() >= rules.min_cell() for v in scale)
        assert every_score_large == (bands["score_to"] == bands["score_from"]).all()
        triples = zip(bands["score_from"], bands["score_to"], bands["pupils"], strict=True)
        for low, high, pupils in triples:
            assert pupils == int(((scores >= low) & (scores <= high)).sum())


def test_task_and_skill_completion_match_skill_results(demo_engine, scopes, vpr):
    tasks = procedures_detail.task_completion(
        scopes["region"], "vpr", MATHS, vpr["grade"], vpr["year"]
    )
    raw = _rows(
        demo_engine,
        "SELECT s.school_code, k.task_number, k.mean_percent, r.participants, t.skill_code, "
        "t.max_points FROM skill_result k JOIN school s ON s.id = k.school_id "
        "JOIN school_result r ON r.school_id = k.school_id AND r.procedure_id = k.procedure_id "
        "JOIN procedure_task t ON t.procedure_id = k.procedure_id "
        "AND t.task_number = k.task_number "
        "WHERE k.procedure_id = :p",
        p=vpr["id"],
    )
    shown = raw[raw["participants"] >= rules.min_cell()]
    assert len(tasks) == len(shown)
    one = tasks.iloc[0]
    want = shown[
        (shown["school_code"] == one["school_code"]) & (shown["task_number"] == one["task_number"])
    ]
    assert math.isclose(one["percent"], want["mean_percent"].iloc[0])
    skills = procedures_detail.skill_completion(
        scopes["region"], "vpr", MATHS, vpr["grade"], vpr["year"]
    )
    weight = raw["participants"] * raw["max_points"]
    expected = (
        raw.assign(w=weight, wp=weight * raw["mean_percent"])
        .groupby("skill_code")[["w", "wp"]]
        .sum()
    )
    for row in skills.itertuples():
        assert math.isclose(
            row.percent, expected.loc[row.skill_code, "wp"] / expected.loc[row.skill_code, "w"]
        )


def test_cohort_pair_places_each_school_at_its_two_results(demo_engine, scopes):
    pairs = procedures_detail.cohort_pairs(scopes["region"], MATHS)
    assert len(pairs), "the demo has ВПР 8 → ОГЭ pairs"
    pair = pairs.iloc[0]
    frame = procedures_detail.pair_results(scopes["region"], pair["code_a"], pair["code_b"])
    raw = _rows(
        demo_engine,
        "SELECT s.school_code, a.mean_percent AS x, b.mean_percent AS y FROM school_result a "
        "JOIN school_result b ON a.school_id = b.school_id JOIN school s ON s.id = a.school_id "
        "WHERE a.procedure_id = :a AND b.procedure_id = :b AND a.participants >= :m "
        "AND b.participants >= :m",
        a=int(pair["procedure_a"]),
        b=int(pair["procedure_b"]),
        m=rules.min_cell(),
    )
    assert len(frame) == len(raw) > 0
    merged = frame.merge(raw, on="school_code", suffixes=("", "_sql"))
    assert (merged["x"] - merged["x_sql"]).abs().max() < 1e-9
    assert (merged["y"] - merged["y_sql"]).abs().max() < 1e-9
    # Two procedures that are not the same cohort are refused (empty), whatever the codes.
    assert procedures_detail.pair_results(scopes["region"], pair["code_b"], pair["code_a"]).empty
    assert procedures_detail.pair_results(scopes["region"], "x", "y").empty


def test_director_sees_only_own_school_by_name(demo_engine, scopes, vpr, foreign_school):
    director = scopes["school"]
    own = _rows(
        demo_engine, "SELECT school_code, name FROM school WHERE id = :i", i=director.school_id
    ).iloc[0]
    names = set(
        _rows(demo_engine, "SELECT name FROM school WHERE id != :i", i=director.school_id)["name"]
    )
    codes = set(
        _rows(demo_engine, "SELECT school_code FROM school WHERE id != :i", i=director.school_id)[
            "school_code"
        ]
    )
    pair = procedures_detail.cohort_pairs(director, MATHS).iloc[0]
    frames = [
        procedures.school_means(director, "vpr", MATHS, vpr["grade"], [vpr["year"]]),
        procedures_detail.task_completion(director, "vpr", MATHS, vpr["grade"], vpr["year"]),
        procedures_detail.pair_results(director, pair["code_a"], pair["code_b"]),
    ]
    for frame in frames:
        assert len(frame) > 1
        text_of_frame = frame.astype(str).to_csv()
        assert not any(name in text_of_frame for name in names if name != own["name"])
        assert not set(frame["school_code"].dropna()) - {own["school_code"]}
        assert not any(f";{code};" in text_of_frame.replace(",", ";") for code in codes)
        assert frame["label"].str.startswith("школа ").sum() == (~frame["named"]).sum()
    means = frames[0]
    assert means.loc[means["own"], "school_code"].tolist() == [own["school_code"]]


def test_anonymous_numbers_stay_the_same_across_years(scopes, vpr, demo_engine):
    years = sorted(
        _rows(demo_engine, "SELECT DISTINCT year FROM procedure WHERE kind = 'vpr'")["year"]
    )
    frame = procedures.school_means(scopes["school"], "vpr", MATHS, vpr["grade"], years[-2:])
    labels = frame[~frame["named"]].groupby("label")["year"].nunique()
    assert (labels <= 2).all() and (labels == 2).sum() > 0


def test_viewer_gets_aggregates_only(scopes, vpr):
    viewer = scopes["viewer"]
    assert procedures.school_means(viewer, "vpr", MATHS, vpr["grade"], [vpr["year"]]).empty
    assert procedures_detail.task_completion(viewer, "vpr", MATHS, vpr["grade"], vpr["year"]).empty
    pair = procedures_detail.cohort_pairs(viewer, MATHS).iloc[0]
    frame = procedures_detail.pair_results(viewer, pair["code_a"], pair["code_b"], "schools")
    assert len(frame) and frame["school_code"].isna().all()  # municipalities, whatever was asked
    assert len(procedures.municipality_means(viewer, "vpr", MATHS, vpr["grade"], [vpr["year"]]))
