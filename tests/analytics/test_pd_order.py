"""The plan-order's analytics on hand-made data; every expected number is worked out by hand in
the comments (SE of a percent p over n pupils = 100·√(p(1−p)/n); one-sided p of "no gap" =
Φ(gap/SE); Holm at family-wise 0.025, the one-sided half of 95 %)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from dashboard import rules
from dashboard.analytics import pd_order as po


def _skills() -> pd.DataFrame:
    rows = [
        # school, municipality, subject, grade, skill, school %, region %, participants
        (1, 10, "math", 5, "A", 40.0, 60.0, 25),
        (1, 10, "math", 5, "B", 45.0, 60.0, 25),
        (1, 10, "math", 5, "C", 50.0, 58.0, 400),
        (1, 10, "math", 5, "D", 30.0, 55.0, 25),
        (1, 10, "math", 6, "A", 40.0, 60.0, 25),
        (2, 10, "math", 5, "A", 45.0, 60.0, 10),
        (3, 20, "russian", 5, "R1", 35.0, 55.0, 30),
    ]
    frame = pd.DataFrame(
        rows,
        columns=[
            "school_id",
            "municipality_id",
            "subject",
            "grade",
            "skill_code",
            "school_percent",
            "region_percent",
            "participants",
        ],
    )
    return frame.assign(skill_name=frame["skill_code"].map(lambda c: f"skill {c}"))


def test_need_rule_margin_noise_and_holm():
    # School 1, math, grade 5 (one Holm family of four skills):
    #   A: gap −20, SE = 100·√(0.4·0.6/25) = 9.798, z = −2.041, p = 0.0206
    #   B: gap −15, SE = 100·√(0.45·0.55/25) = 9.950, z = −1.508, p = 0.0658
    #   C: gap −8, SE = 100·√(0.25/400) = 2.5, z = −3.2, p = 0.00069 (beyond chance but the
    #      gap is below the 10 p.p. margin: no need)
    #   D: gap −25, SE = 100·√(0.3·0.7/25) = 9.165, z = −2.728, p = 0.00319
    #   Holm: C 0.00069 ≤ 0.025/4 yes; D 0.00319 ≤ 0.025/3 = 0.0083 yes; A 0.0206 ≤ 0.025/2
    #   = 0.0125 no, so Holm stops: A and B are not needs (A alone would pass at 0.025).
    # School 1, math, grade 6 (a family of its own): A alone, p = 0.0206 ≤ 0.025: a need;
    #   interval −20 ± 1.96·9.798 = −20 ± 19.204 → [−39.204, −0.796].
    # School 2: gap −15 ≥ margin but SE = 100·√(0.45·0.55/10) = 15.732, z = −0.953,
    #   p = 0.170: within noise, no need.
    # School 3, russian R1: gap −20, SE = 100·√(0.35·0.65/30) = 8.708, z = −2.297, p = 0.0108
    #   ≤ 0.025: a need.
    got = po.skill_needs(_skills())
    assert list(got.columns) == po.NEED_COLUMNS
    keys = list(zip(got["school_id"], got["grade"], got["skill_code"], strict=True))
    assert keys == [(1, 5, "D"), (1, 6, "A"), (3, 5, "R1")]
    assert got["gap"].tolist() == pytest.approx([-25.0, -20.0, -20.0])
    assert got["municipality_id"].tolist() == [10, 10, 20]
    assert got["skill_name"].tolist() == ["skill D", "skill A", "skill R1"]
    grade6 = got.iloc[1]
    assert (grade6["low"], grade6["high"]) == pytest.approx((-39.204, -0.796), abs=1e-3)
    # D: −25 ± 1.96·9.165 = −25 ± 17.963
    assert (got.iloc[0]["low"], got.iloc[0]["high"]) == pytest.approx((-42.963, -7.037), abs=1e-3)


def test_need_rule_margin_is_a_parameter():
    # margin 5: C (gap −8, kept by Holm above) joins D in school 1's grade 5.
    got = po.skill_needs(_skills(), margin=5)
    assert got[got["grade"] == 5]["skill_code"].tolist() == ["D", "C", "R1"]
    assert po.PLAN_COLUMNS and rules.PD_NEED_MARGIN == rules.WEAK_SKILL_MARGIN


def test_skill_trend_is_the_least_squares_slope():
    history = pd.DataFrame(
        [
            (1, "math", "A", 2021, -5.0),
            (1, "math", "A", 2022, -8.0),
            (1, "math", "A", 2023, -14.0),
            (1, "math", "B", 2022, -3.0),
            (1, "math", "B", 2023, -9.0),
        ],
        columns=["school_id", "subject", "skill_code", "year", "gap"],
    )
    got = po.skill_trend(history)
    assert list(got.columns) == po.TREND_COLUMNS
    # A: years centred −1, 0, 1; gaps centred (mean −9) 4, 1, −5; slope = (−4 + 0 − 5) / 2
    # = −4.5 points a year. B: two years only (fewer than PD_TREND_MIN_YEARS = 3): NaN.
    assert got.iloc[0]["slope"] == pytest.approx(-4.5)
    assert got["years"].tolist() == [3, 2]
    assert math.isnan(got.iloc[1]["slope"])


def _programmes() -> pd.DataFrame:
    return pd.DataFrame(
        [
            (1, "M-02", "Math A and D", " Math", "A;D", 36),
            (2, "M-01", "Math D", "math", ["D"], 24),
            (3, "R-01", "Russian R1", "russian", "R1", 72),
            (4, "M-03", "Math A", "math", "A", 18),
        ],
        columns=["id", "programme_code", "title", "subject", "skill_codes", "hours"],
    )


def _needs() -> pd.DataFrame:
    rows = [
        (1, 10, "math", 5, "D", -25.0),
        (1, 10, "math", 6, "A", -20.0),
        (5, 10, "math", 5, "D", -12.0),
        (3, 20, "russian", 5, "R1", -20.0),
        (9, 20, "russian", 5, "R1", -15.0),
        (4, 10, "math", 5, "Z", -30.0),
        (6, 20, "math", 7, "Z", -11.0),
    ]
    frame = pd.DataFrame(
        rows, columns=["school_id", "municipality_id", "subject", "grade", "skill_code", "gap"]
    )
    return frame.assign(skill_name=frame["skill_code"].map(lambda c: f"skill {c}"))


def test_match_takes_the_programme_covering_most_of_the_schools_needs():
    got = po.match_programmes(_needs(), _programmes())
    # School 1 needs math {A, D}: for D, M-02 covers both (2) and M-01 only D (1) → M-02 (id 1);
    # for A, M-02 (2) beats M-03 (1) → id 1 again. School 5 needs only D: M-02 and M-01 both
    # cover 1 → tie, the lower code M-01 (id 2). R1 → R-01 (id 3). Z: no programme.
    # The subject « Math» of M-02 matches "math" (case and spaces ignored).
    assert got["programme_id"].tolist() == [1, 1, 2, 3, 3, pd.NA, pd.NA]
    assert got["programme_code"].tolist()[:4] == ["M-02", "M-02", "M-01", "R-01"]
    assert got["hours_per_teacher"].tolist()[:4] == [36, 36, 24, 72]


def test_a_skill_without_any_programme_is_a_gap():
    got = po.gaps(_needs(), _programmes())
    # Only Z has no programme; schools 4 and 6 need it → 2 schools.
    assert list(got.columns) == po.GAP_COLUMNS
    assert got.to_dict("records") == [
        {"subject": "math", "skill_code": "Z", "skill_name": "skill Z", "schools": 2}
    ]


def _teachers() -> pd.DataFrame:
    return pd.DataFrame(
        [(1, "math", 4), (5, "math", 3), (3, "russian", 5), (7, "math", 6)],
        columns=["school_id", "subject", "teachers"],
    )


def _requests() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "id": [101, 102, 103, 104, 105],
            "school_id": [1, 7, 5, 3, 8],
            "municipality_id": [10, 10, 10, 20, 20],
            "subject": ["math", "math", "math", "russian", "russian"],
            "skill_code": ["D", "A", None, "R1", "R1"],
            "teachers": [6, 2, 1, 2, 3],
            "programme_id": pd.array([1, None, None, 3, 3], dtype="Int64"),
            "status": ["submitted", "accepted", "submitted", "declined", "withdrawn"],
        }
    )


def test_plan_order_merges_needs_and_requests_per_municipality_and_programme():
    matched = po.match_programmes(_needs(), _programmes())
    got = po.plan_order(matched, _teachers(), _requests(), programmes=_programmes())
    assert list(got.columns) == po.PLAN_COLUMNS
    # Municipality 10:
    #   M-02 (id 1, 36 h): school 1 by two needs (D, A: 4 math teachers) and request 101 (6
    #     teachers) → counted once with max(4, 6) = 6; school 7 by request 102 (skill A, no
    #     programme given: M-02 and M-03 both cover A, tie → lower code M-02), 2 teachers
    #     requested. Schools 2, teachers 6 + 2 = 8, hours 8·36 = 288.
    #   M-01 (id 2, 24 h): school 5 by its need on D, 3 math teachers → 3, hours 72.
    #   no programme (math): request 103 (a topic only) of school 5, 1 teacher; no hours.
    #   School 4's need on Z has no programme: no line (it is a gap).
    # Municipality 20:
    #   R-01 (id 3, 72 h): school 3 (need, 5 teachers; request 104 declined does not count) and
    #     school 9 (need, no teachers reported → 0, unknown); request 105 withdrawn. Schools 2,
    #     teachers 5, hours 360.
    lines = got[["municipality_id", "programme_id", "schools", "teachers", "hours"]]
    assert lines.astype(object).where(lines.notna(), None).values.tolist() == [
        [10, 1, 2, 8, 288],
        [10, 2, 1, 3, 72],
        [10, None, 1, 1, None],
        [20, 3, 2, 5, 360],
    ]
    assert got["unknown_teachers"].tolist() == [0, 0, 0, 1]
    assert got["subject"].tolist() == ["math", "math", "math", "russian"]
    first = got.iloc[0]["reasons"]
    # needs first (school 1: D at −25 before A at −20), then requests by id
    assert [(r["kind"], r.get("skill_code"), r.get("request_id")) for r in first] == [
        ("need", "D", None),
        ("need", "A", None),
        ("request", "D", 101),
        ("request", "A", 102),
    ]
    assert first[0] == {
        "kind": "need",
        "school_id": 1,
        "subject": "math",
        "grade": 5,
        "skill_code": "D",
        "gap": -25.0,
    }
    assert got.iloc[2]["reasons"] == [
        {
            "kind": "request",
            "request_id": 103,
            "school_id": 5,
            "subject": "math",
            "skill_code": None,
        }
    ]


def test_plan_order_without_the_base_keeps_requests_without_a_programme_apart():
    # Without `programmes`, request 102 (skill A, no programme) is not matched: it joins request
    # 103 on municipality 10's line without a programme: schools 5 and 7, teachers 1 + 2 = 3.
    # M-02 keeps school 1 only (6 teachers, 216 h); hours come from the needs' programme hours.
    matched = po.match_programmes(_needs(), _programmes())
    got = po.plan_order(matched, _teachers(), _requests())
    m10 = got[got["municipality_id"] == 10]
    assert m10["schools"].tolist() == [1, 1, 2]
    assert m10["teachers"].tolist() == [6, 3, 3]
    assert m10["hours"].tolist()[:2] == [216, 72]
    assert pd.isna(m10["hours"].iloc[2])


def test_plan_order_of_nothing_is_empty():
    empty = po.plan_order(
        po.match_programmes(_needs().head(0), _programmes()),
        _teachers(),
        _requests().head(0),
    )
    assert empty.empty and list(empty.columns) == po.PLAN_COLUMNS
