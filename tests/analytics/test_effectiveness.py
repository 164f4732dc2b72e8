"""Each effectiveness criterion on hand-made data; expected shares are counted in comments.
Municipality 10 and 20; a region row has municipality_id <NA>."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from dashboard.analytics import effectiveness as ef

D = dt.date


def rows(frame: pd.DataFrame) -> dict[tuple, tuple]:
    """(municipality or None, year) → (numerator, denominator, value rounded to 2 places)."""
    assert list(frame.columns) == ef.COLUMNS
    assert str(frame["municipality_id"].dtype) == "Int64"
    return {
        (None if pd.isna(m) else int(m), int(y)): (float(n), int(d), round(float(v), 2))
        for m, y, n, d, v in frame.itertuples(index=False)
    }


def test_criteria_have_a_direction_and_a_unit():
    assert set(ef.CRITERIA) == {
        "coverage",
        "timeliness",
        "findings_with_decision",
        "decisions_on_time",
        "flagged_improved",
        "bias_share",
        "low_results_exit",
    }
    for spec in ef.CRITERIA.values():
        assert spec["direction"] in ("higher_better", "lower_better")
        assert spec["unit"] in ("%", "days")


def test_coverage_is_the_share_of_schools_with_results():
    schools = pd.DataFrame({"school_id": [1, 2, 3], "municipality_id": [10, 10, 20]})
    loaded = pd.DataFrame({"school_id": [1, 3, 1, 1, 99], "year": [2023, 2023, 2024, 2024, 2024]})
    # 2023: schools 1 and 3 of 3 → 66.67 %; m10 1 of 2 = 50 %; m20 1 of 1 = 100 %.
    # 2024: school 1 only (twice, and 99 is not a listed school) → 1/3; m10 1/2; m20 0/1.
    assert rows(ef.coverage(schools, loaded)) == {
        (None, 2023): (2, 3, 66.67),
        (10, 2023): (1, 2, 50.0),
        (20, 2023): (1, 1, 100.0),
        (None, 2024): (1, 3, 33.33),
        (10, 2024): (1, 2, 50.0),
        (20, 2024): (0, 1, 0.0),
    }


def test_timeliness_is_the_mean_days_from_procedure_to_import():
    procedures = pd.DataFrame(
        {
            "procedure_id": [1, 2, 3],
            "year": [2023, 2023, 2023],
            "held_on": [D(2023, 4, 10), D(2023, 4, 20), D(2023, 4, 25)],
            "loaded_at": [
                pd.Timestamp("2023-05-10 09:00", tz="UTC"),  # 30 days
                pd.Timestamp("2023-05-30 15:30", tz="UTC"),  # 40 days
                None,  # not loaded yet: left out
            ],
        }
    )
    participation = pd.DataFrame(
        {"procedure_id": [1, 2, 2, 2], "municipality_id": [10, 10, 20, 20]}
    )
    # Region: (30 + 40)/2 = 35; m10 took part in both → 35; m20 in procedure 2 only → 40.
    assert rows(ef.timeliness(procedures, participation)) == {
        (None, 2023): (70, 2, 35.0),
        (10, 2023): (70, 2, 35.0),
        (20, 2023): (40, 1, 40.0),
    }
    assert rows(ef.timeliness(procedures)) == {(None, 2023): (70, 2, 35.0)}


def test_findings_with_decision():
    findings = pd.DataFrame(
        {
            "municipality_id": pd.array([10, 10, 10, 20, None], dtype="Int64"),
            "year": [2023] * 5,
            "decided": [True, False, False, True, False],
        }
    )
    # Region: 2 decided of 5 (the region-level finding counts here only) = 40 %;
    # m10 1 of 3 = 33.33 %; m20 1 of 1.
    assert rows(ef.findings_with_decision(findings)) == {
        (None, 2023): (2, 5, 40.0),
        (10, 2023): (1, 3, 33.33),
        (20, 2023): (1, 1, 100.0),
    }


def test_decisions_on_time_judges_only_what_can_be_judged():
    decisions = pd.DataFrame(
        [
            (10, "done", D(2024, 3, 1), D(2024, 2, 20)),  # on time
            (10, "done", D(2024, 3, 1), D(2024, 3, 5)),  # late
            (10, "in_progress", D(2024, 5, 1), None),  # overdue on 1 June
            (20, "adopted", D(2024, 9, 1), None),  # not due yet: not judged
            (20, "cancelled", D(2024, 1, 1), None),  # cancelled: not judged
            (20, "done", D(2023, 12, 1), D(2023, 12, 1)),  # on time, on the deadline day
            (20, "done", None, D(2024, 1, 1)),  # no deadline: not judged
        ],
        columns=["municipality_id", "status", "due_on", "completed_on"],
    )
    # By the deadline's year: 2023 one on time of one; 2024 one on time of three (m10).
    assert rows(ef.decisions_on_time(decisions, D(2024, 6, 1))) == {
        (None, 2023): (1, 1, 100.0),
        (20, 2023): (1, 1, 100.0),
        (None, 2024): (1, 3, 33.33),
        (10, 2024): (1, 3, 33.33),
    }


def test_flagged_improved_against_matched_unflagged_schools():
    # k = 1. Flagged 1 (m10) at (0, 0) changes +5, its match 4 at (0, 0.1) +2 → improved;
    # flagged 2 (m10) at (10, 1) −1 vs 5 at (10, 1.1) +1 → not; flagged 3 (m20) at (20, 2)
    # 0 vs 6 at (20, 2.1) −3 → improved. Region 2 of 3; m10 1 of 2; m20 1 of 1.
    values = pd.DataFrame(
        {
            "school_id": [1, 2, 3, 4, 5, 6],
            "municipality_id": [10, 10, 20, 10, 20, 20],
            "year": [2023] * 6,
            "baseline": [0.0, 10.0, 20.0, 0.0, 10.0, 20.0],
            "social": [0.0, 1.0, 2.0, 0.1, 1.1, 2.1],
            "change": [5.0, -1.0, 0.0, 2.0, 1.0, -3.0],
        }
    )
    flagged = pd.DataFrame({"school_id": [1, 2, 3, 4], "year": [2023, 2023, 2023, 2022]})
    assert rows(ef.flagged_improved(values, flagged, k=1)) == {
        (None, 2023): (2, 3, 66.67),
        (10, 2023): (1, 2, 50.0),
        (20, 2023): (1, 1, 100.0),
    }


def test_bias_share_counts_a_school_year_once():
    screened = pd.DataFrame(
        [
            (1, 10, 2023, True),
            (2, 10, 2023, False),
            (3, 20, 2023, False),
            (3, 20, 2023, True),  # another procedure kind of the same school-year: flagged
            (4, 20, 2023, False),
            (1, 10, 2024, False),
        ],
        columns=["school_id", "municipality_id", "year", "flagged"],
    )
    # 2023: schools 1 and 3 of 4 → 50 %; m10 1 of 2; m20 1 of 2. 2024: 0 of 1.
    assert rows(ef.bias_share(screened)) == {
        (None, 2023): (2, 4, 50.0),
        (10, 2023): (1, 2, 50.0),
        (20, 2023): (1, 2, 50.0),
        (None, 2024): (0, 1, 0.0),
        (10, 2024): (0, 1, 0.0),
    }


def test_low_results_exit_within_two_years():
    # 30 schools, 2020–2024, 20 pupils each: the bottom ceil(10 % × 30) = 3 are low each year.
    low = {
        2020: {1, 2, 6},
        2021: {1, 2, 6},
        2022: {1, 3, 7},  # school 6 has 5 pupils in 2022: not ranked (29 → still 3 low)
        2023: {1, 3, 6},
        2024: {4, 5, 8},
    }
    data = []
    for year, ids in low.items():
        for sid in range(1, 31):
            pupils = 5 if (sid, year) == (6, 2022) else 20
            gap = -20 - sid / 10 if sid in ids else float(sid)
            data.append({"school_id": sid, "year": year, "gap": gap, "participants": pupils})
    gaps = pd.DataFrame(data)
    schools = pd.DataFrame({"school_id": range(1, 31), "municipality_id": [10] * 15 + [20] * 15})
    schools.loc[schools["school_id"] == 2, "municipality_id"] = 20
    # Cohort 2021 (ШНОР = low 2020 and 2021): 1, 2, 6.
    #   1: low 2022 and 2023 → stayed; 2: ranked and not low in 2022 → left;
    #   6: not ranked in 2022 and low in 2023 → unknown, not counted. 1 of 2 = 50 %;
    #   m10 (school 1) 0 of 1; m20 (school 2) 1 of 1.
    # Cohort 2022 (low 2021 and 2022): 1 only (3 and 7 were not low in 2021);
    #   low 2023, not low 2024 → left: 1 of 1.
    # Cohorts 2023 and 2024 need results of 2025 and 2026: not judged yet.
    assert rows(ef.low_results_exit(gaps, schools)) == {
        (None, 2021): (1, 2, 50.0),
        (10, 2021): (0, 1, 0.0),
        (20, 2021): (1, 1, 100.0),
        (None, 2022): (1, 1, 100.0),
        (10, 2022): (1, 1, 100.0),
    }
    # Within one year: cohort 2021 → 1 stays (low 2022), 2 leaves, 6 unknown;
    # 2022 → 1 stays (low 2023); 2023 → 1 and 3 (6 was not ranked in 2022, so no run) both
    # leave in 2024: 2 of 2, both in m10.
    assert rows(ef.low_results_exit(gaps, schools, within=1)) == {
        (None, 2021): (1, 2, 50.0),
        (10, 2021): (0, 1, 0.0),
        (20, 2021): (1, 1, 100.0),
        (None, 2022): (0, 1, 0.0),
        (10, 2022): (0, 1, 0.0),
        (None, 2023): (2, 2, 100.0),
        (10, 2023): (2, 2, 100.0),
    }


@pytest.mark.parametrize(
    ("value", "target", "direction", "expected"),
    [
        (85.0, 80.0, "higher_better", "met"),
        (80.0, 80.0, "higher_better", "met"),
        (72.0, 80.0, "higher_better", "close"),  # 80 − 10 % × 80 = 72
        (71.9, 80.0, "higher_better", "not_met"),
        (25.0, 30.0, "lower_better", "met"),
        (32.0, 30.0, "lower_better", "close"),  # within 30 + 3
        (33.5, 30.0, "lower_better", "not_met"),
        (None, 30.0, "lower_better", None),
        (float("nan"), 30.0, "higher_better", None),
        (50.0, None, "higher_better", None),
    ],
)
def test_target_status(value, target, direction, expected):
    assert ef.target_status(value, target, direction) == expected


def test_empty_inputs_give_empty_frames():
    empty = pd.DataFrame(columns=["municipality_id", "status", "due_on", "completed_on"])
    assert ef.decisions_on_time(empty, D(2024, 1, 1)).empty
    assert list(ef.bias_share(pd.DataFrame(columns=["school_id"])).columns) == ef.COLUMNS
