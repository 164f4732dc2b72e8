"""School flags and deficits on hand-made frames, checked against numbers worked out by hand."""

from __future__ import annotations

import math

import pandas as pd

from dashboard.analytics import deficits, school_flags


def _results(rows):
    return pd.DataFrame(
        rows, columns=["school_id", "procedure_id", "year", "participants", "mean_percent"]
    )


def test_gap_is_to_the_participant_weighted_regional_mean():
    # procedure 1: (50*10 + 80*30) / 40 = 72.5 → gaps -22.5 and +7.5
    gaps = school_flags.vpr_gaps(_results([(1, 1, 2023, 10, 50.0), (2, 1, 2023, 30, 80.0)]))
    by_school = gaps.set_index("school_id")["gap"]
    assert math.isclose(by_school[1], -22.5) and math.isclose(by_school[2], 7.5)


def test_low_results_needs_two_consecutive_years():
    rows = []
    for year in (2021, 2022, 2024):
        for sid in range(1, 11):
            score = 10.0 if sid == 1 else 50.0 + sid
            rows.append((sid, year, year, 20, score))
    # school 2 is the lowest only in 2024: not consecutive; school 1 is lowest in 2021 and 2022
    rows = [(s, p, y, n, 5.0 if (s == 2 and y == 2024) else m) for s, p, y, n, m in rows]
    rows = [(s, p, y, n, 60.0 if (s == 1 and y == 2024) else m) for s, p, y, n, m in rows]
    gaps = school_flags.vpr_gaps(_results(rows))
    assert school_flags.low_results(gaps) == {1: [(2021, 2022)]}
    assert school_flags.low_result_years(gaps)[2] == [2024]


def test_too_few_participants_are_not_ranked():
    rows = [(1, 1, 2021, 5, 0.0), (1, 2, 2022, 5, 0.0)] + [
        (sid, p, y, 20, 50.0) for sid in range(2, 12) for p, y in ((1, 2021), (2, 2022))
    ]
    gaps = school_flags.vpr_gaps(_results(rows))
    assert 1 not in school_flags.low_result_years(gaps)


def test_consecutive_runs():
    assert school_flags.consecutive_runs([2020, 2021, 2023, 2024, 2025]) == [
        (2020, 2021),
        (2023, 2024),
        (2024, 2025),
    ]
    assert school_flags.consecutive_runs([2020, 2022]) == []


def test_social_index_respects_direction():
    # one indicator where higher is worse: the school with the highest value has the lowest index
    context = pd.DataFrame(
        {
            "school_id": [1, 2, 3],
            "year": 2024,
            "indicator_code": "low_income",
            "value": [10.0, 20.0, 30.0],
        }
    )
    index = school_flags.social_index(context, {"low_income": "higher_worse"})
    assert index.idxmin() == 3 and math.isclose(index[3], -1.0) and math.isclose(index[2], 0.0)
    flipped = school_flags.social_index(context, {"low_income": "higher_better"})
    assert flipped.idxmin() == 1


def test_adverse_takes_the_bottom_share_rounded_up():
    index = pd.Series([float(v) for v in range(20)], index=range(100, 120))
    assert list(school_flags.adverse_conditions(index, 0.15).index) == [100, 101, 102]
    assert school_flags.adverse_conditions(pd.Series(dtype="float64")).empty


def test_deficits_only_against_a_norm_else_below_the_region_median():
    frame = pd.DataFrame(
        {
            "value": [3.0, 40.0, 0.0, 30.0],
            "direction": ["higher_worse", "higher_worse", "higher_better", "higher_better"],
            "norm": [0.0, 50.0, 1.0, None],
            "region_median": [1.0, 45.0, 1.0, 35.0],
        }
    )
    out = deficits.conditions_deficits(frame)
    # without a norm a school below the median is not «in deficit» (half of them always are)
    assert out["is_deficit"].tolist() == [True, False, True, False]
    assert out["below_median"].tolist() == [False, False, False, True]
    assert out["shortfall"].tolist() == [3.0, 0.0, 1.0, 5.0]
    assert out["reference_kind"].tolist() == ["norm", "norm", "norm", "median"]


def test_position_is_oriented_in_region_sd():
    frame = pd.DataFrame(
        {
            "value": [12.0, 12.0],
            "municipality_median": [10.0, 10.0],
            "region_std": [4.0, 4.0],
            "direction": ["higher_better", "higher_worse"],
        }
    )
    assert deficits.position(frame).tolist() == [0.5, -0.5]
