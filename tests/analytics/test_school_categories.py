"""School categories on hand-made frames: each rule checked on a case worked out by hand."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from dashboard.analytics import school_categories


def _schools(rows):
    frame = pd.DataFrame(rows, columns=["school_id", "result", "ci_low", "ci_high"])
    return frame.set_index("school_id")


def test_effect_class_by_interval():
    low = pd.Series([0.1, -0.5, -2.0, 0.0])
    high = pd.Series([1.0, 0.5, -0.1, 1.0])
    assert school_categories.effect_class(low, high).tolist() == [
        "above",
        "average",
        "below",
        "average",
    ]


def test_categories_and_their_priority():
    # social index of 12 schools: 1..12 → ШНСУ (15 %) = ceil(1.8) = 2 schools: 1, 2;
    # "disadvantaged" for resilience (1/3) = 4 schools: 1..4
    social = pd.Series(np.arange(1.0, 13.0), index=range(1, 13))
    schools = _schools(
        [
            (1, 70.0, -1.0, 1.0),  # adverse, result's interval above the median 50 → resilient
            (2, 30.0, -1.0, 1.0),  # adverse, below median, effect average → adverse only
            (3, 40.0, 0.5, 2.0),  # not ШНСУ but in the lower third, effect above zero → resilient
            (4, 40.0, -1.0, 1.0),  # lower third, nothing good → average
            (5, 50.0, -3.0, -1.0),  # low results two years and below → low_results
            (6, 60.0, 1.0, 3.0),  # above
            (7, 55.0, -1.0, 1.0),
        ]
    )
    se = pd.Series(2.0, index=schools.index)  # every result known to ±3.9 points
    out = school_categories.categorise(
        schools, social, {5: [(2022, 2023)], 9: [(2020, 2021)]}, result_se=se
    )
    assert out["category"].to_dict() == {
        1: "resilient",
        2: "adverse_conditions",
        3: "resilient",
        4: "average",
        5: "low_results",
        6: "above",
        7: "average",
    }
    assert out.loc[1, "adverse_conditions"] and out.loc[1, "resilient"]
    assert not out.loc[3, "adverse_conditions"] and out.loc[3, "resilient"]
    assert out.loc[5, "effect_class"] == "below"


def test_low_results_wins_over_resilient():
    social = pd.Series(np.arange(1.0, 11.0), index=range(1, 11))
    schools = _schools([(1, 90.0, 1.0, 2.0), (2, 10.0, -1.0, 1.0), (3, 20.0, -1.0, 1.0)])
    out = school_categories.categorise(schools, social, {1: [(2023, 2024)]})
    assert out.loc[1, "resilient"] and out.loc[1, "low_results"]
    assert out.loc[1, "category"] == "low_results"


def test_expected_line_is_weighted_least_squares():
    # y = 2 + 3x exactly for three schools, a fourth off the line with weight 0 is ignored
    x = pd.Series([0.0, 1.0, 2.0, 5.0])
    y = pd.Series([2.0, 5.0, 8.0, 100.0])
    w = pd.Series([1.0, 4.0, 2.0, 0.0])
    intercept, slope = school_categories.expected_line(y, x, w)
    assert math.isclose(intercept, 2.0, abs_tol=1e-12) and math.isclose(slope, 3.0)
    # weighted against an independent formula: numpy polyfit with sqrt-weights
    y2 = pd.Series([2.0, 6.0, 7.0, 9.0])
    w2 = pd.Series([1.0, 2.0, 3.0, 4.0])
    slope2, intercept2 = np.polyfit(x, y2, 1, w=np.sqrt(w2))
    got = school_categories.expected_line(y2, x, w2)
    assert np.allclose(got, (intercept2, slope2))
    assert school_categories.expected_line(y2[:2], x[:2], w2[:2]) is None


# ------------------------------------------------------------------ resilience needs an interval
# (issue 17 §6): a single year's raw result whose interval reaches the median is not resilience.


def _resilience_case(**columns):
    """Schools 1..4 in the lower third of the social index (of 12), effects indistinguishable
    from zero; the median of the four results is 50, so only the result route can apply."""
    social = pd.Series(np.arange(1.0, 13.0), index=range(1, 13))
    schools = _schools(
        [(1, 60.0, -1.0, 1.0), (2, 60.0, -1.0, 1.0), (3, 40.0, -1.0, 1.0), (4, 40.0, -1.0, 1.0)]
    )
    for name, values in columns.items():
        schools[name] = values
    return schools, social


def test_a_result_whose_interval_covers_the_median_is_not_resilience():
    schools, social = _resilience_case()
    # school 1: 60 ± 1.96·4 = [52.2, 67.8] clears 50; school 2: 60 ± 1.96·6 = [48.2, 71.8] does not
    se = pd.Series({1: 4.0, 2: 6.0, 3: 1.0, 4: 1.0})
    out = school_categories.categorise(schools, social, {}, result_se=se)
    assert out["resilient"].to_dict() == {1: True, 2: False, 3: False, 4: False}
    assert out.loc[1, "result_reference"] == 50.0
    assert out.loc[1, "result_low"] == pytest.approx(60.0 - 1.959964 * 4.0, abs=1e-5)
    # a 90 % interval is narrower: school 2 (60 − 1.645·6 = 50.13) then clears the median
    wide = school_categories.categorise(schools, social, {}, result_se=se, level=0.90)
    assert wide.loc[2, "resilient"]


def test_the_interval_comes_from_a_column_or_from_the_number_of_pupils():
    # a result_se column is read like the argument
    schools, social = _resilience_case(result_se=[4.0, 6.0, 1.0, 1.0])
    out = school_categories.categorise(schools, social, {})
    assert out["resilient"].tolist() == [True, False, False, False]
    # from n: SE = 20 / √n → 9 pupils: ±13.1, so 60 does not clear 50; 100 pupils: ±3.9, it does
    schools, social = _resilience_case(n=[100, 9, 100, 100])
    out = school_categories.categorise(schools, social, {})
    assert out["resilient"].tolist() == [True, False, False, False]


def test_without_any_interval_only_the_effect_makes_a_school_resilient():
    schools, social = _resilience_case()
    schools.loc[3, ["ci_low", "ci_high"]] = [0.5, 2.0]  # effect wholly above zero
    out = school_categories.categorise(schools, social, {})
    assert out["resilient"].to_dict() == {1: False, 2: False, 3: True, 4: False}
    assert out["result_low"].isna().all()
