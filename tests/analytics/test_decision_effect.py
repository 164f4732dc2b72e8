"""The effect estimate on hand-made data: matching, the difference-in-differences and its
t-interval, each number worked out in a comment. t(0.975, 2 df) = 4.3027 (any t table)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from dashboard.analytics import decision_effect as de

T_975_2DF = 4.302653


def test_changes_pair_a_year_with_the_next():
    values = pd.DataFrame(
        [
            (1, 2022, -5.0),
            (1, 2023, -2.0),  # change +3
            (2, 2022, 4.0),
            (2, 2023, 1.5),  # change −2.5
            (3, 2022, 0.0),  # no 2023 value: left out
            (4, 2023, 7.0),  # no 2022 value: left out
        ],
        columns=["school_id", "year", "value"],
    )
    got = de.changes(values, 2022).set_index("school_id")
    assert got.index.tolist() == [1, 2]
    assert got["baseline"].tolist() == [-5.0, 4.0]
    assert got["change"].tolist() == [3.0, -2.5]
    assert de.changes(values, 2023).empty


def test_matching_standardises_both_covariates():
    # Rows (baseline, social): T=1 (0, 0); pool 2 (4, 0), 3 (0, 1), 4 (8, 1), 5 (NaN, 0).
    # Row 5 has a missing covariate and is not matched. Over rows 1–4:
    # baseline mean 3, squared deviations 9 + 1 + 9 + 25 = 44, variance 44/3;
    # social mean 0.5, squared deviations 4 × 0.25 = 1, variance 1/3.
    # Squared standardised distances from T: to 2, 16/(44/3) = 12/11 (d = 1.0445);
    # to 3, 1/(1/3) = 3 (d = 1.7321); to 4, 64/(44/3) + 3 = 81/11 (d = 2.7136).
    # Raw distances would order 3 (1.0) before 2 (4.0); standardised, 2 comes first.
    treated = pd.DataFrame({"school_id": [1], "baseline": [0.0], "social": [0.0]})
    pool = pd.DataFrame(
        {"school_id": [2, 3, 4, 5], "baseline": [4.0, 0.0, 8.0, None], "social": [0, 1, 1, 0]}
    )
    got = de.match_controls(treated, pool, k=3)
    assert got["treated_id"].tolist() == [1, 1, 1]
    assert got["control_id"].tolist() == [2, 3, 4]
    assert got["distance"].tolist() == pytest.approx(
        [math.sqrt(12 / 11), math.sqrt(3), 9 / math.sqrt(11)]
    )
    assert de.match_controls(treated, pool, k=1)["control_id"].tolist() == [2]


def test_matching_is_with_replacement_and_breaks_ties_by_id():
    # Both treated schools sit at (0, 0); pool 7 and 6 both at (1, 0) and 8 far away.
    # Each treated takes the nearest: the tie 6/7 goes to the lower id, 6, and both take it.
    treated = pd.DataFrame({"school_id": [1, 2], "baseline": [0.0, 0.0], "social": [0.0, 0.0]})
    pool = pd.DataFrame(
        {"school_id": [7, 6, 8, 1], "baseline": [1.0, 1.0, 9.0, 0.0], "social": [0.0] * 4}
    )
    got = de.match_controls(treated, pool, k=1)
    assert got["control_id"].tolist() == [6, 6]  # and pool row 1 (treated) is never a control
    assert de.match_controls(treated.iloc[:0], pool).empty


def _clusters(changes: dict[int, float], k_per_cluster: int) -> pd.DataFrame:
    """Treated schools 1, 2, 3 at (baseline, social) = (0, 0), (10, 1), (20, 2); their controls
    a hair away (0.1 in one covariate), so each treated school's nearest are its own cluster's.
    Across clusters the distance is ≈ 1.7 standardised units, within ≈ 0.1."""
    rows = [(1, 0.0, 0.0), (2, 10.0, 1.0), (3, 20.0, 2.0)]
    offsets = [(0.0, 0.1), (0.1, 0.0)][:k_per_cluster]
    control = 4
    for _sid, b, s in list(rows):
        for db, ds in offsets:
            rows.append((control, b + db, s + ds))
            control += 1
    frame = pd.DataFrame(rows, columns=["school_id", "baseline", "social"])
    frame["change"] = frame["school_id"].map(changes)
    return frame


def test_zero_effect_has_an_interval_covering_zero():
    # k = 1: treated 1 ↔ control 4, 2 ↔ 5, 3 ↔ 6.
    # Changes: treated 1: +3, 2: −1, 3: +1; controls 4, 5, 6: +1 each.
    # Differences: +2, −2, 0 → estimate 0; SD = √((4 + 4 + 0)/2) = 2; SE = 2/√3 = 1.1547;
    # half-width = 4.3027 × 1.1547 = 4.968 → interval [−4.968, +4.968], which covers 0.
    values = _clusters({1: 3.0, 2: -1.0, 3: 1.0, 4: 1.0, 5: 1.0, 6: 1.0}, k_per_cluster=1)
    got = de.did_effect(values, [1, 2, 3], k=1)
    assert got["per_school"]["school_id"].tolist() == [1, 2, 3]
    assert got["per_school"]["control_change"].tolist() == [1.0, 1.0, 1.0]
    assert got["per_school"]["difference"].tolist() == [2.0, -2.0, 0.0]
    assert got["estimate"] == pytest.approx(0.0)
    half = T_975_2DF * 2 / math.sqrt(3)
    assert got["low"] == pytest.approx(-half, abs=1e-4)
    assert got["high"] == pytest.approx(half, abs=1e-4)
    assert got["low"] < 0 < got["high"]
    assert (got["n_treated"], got["n_controls"]) == (3, 3)


def test_known_positive_effect():
    # k = 2: treated 1 ↔ controls 4, 5; 2 ↔ 6, 7; 3 ↔ 8, 9.
    # Treated 1: +6 against (1 + 3)/2 = 2 → 4; treated 2: +5 against (−2 + 0)/2 = −1 → 6;
    # treated 3: +7 against (2 + 2)/2 = 2 → 5. Estimate (4 + 6 + 5)/3 = 5;
    # SD = √((1 + 1 + 0)/2) = 1; SE = 1/√3 = 0.57735; half = 4.3027 × 0.57735 = 2.4841;
    # interval [2.516, 7.484], wholly above 0.
    changes = {1: 6.0, 2: 5.0, 3: 7.0, 4: 1.0, 5: 3.0, 6: -2.0, 7: 0.0, 8: 2.0, 9: 2.0}
    got = de.did_effect(_clusters(changes, k_per_cluster=2), [1, 2, 3], k=2)
    assert got["per_school"]["difference"].tolist() == [4.0, 6.0, 5.0]
    assert got["estimate"] == pytest.approx(5.0)
    assert got["low"] == pytest.approx(5 - T_975_2DF / math.sqrt(3), abs=1e-4)
    assert got["high"] == pytest.approx(5 + T_975_2DF / math.sqrt(3), abs=1e-4)
    assert got["low"] == pytest.approx(2.516, abs=1e-3) and got["low"] > 0
    assert (got["n_treated"], got["n_controls"]) == (3, 6)


def test_matching_on_the_baseline_removes_regression_to_the_mean():
    # Untreated schools with baselines −20 … 20 change by −0.5 × baseline (low ones recover by
    # themselves). Treated schools sit at half-way baselines and change by −0.5 × baseline + 3.
    # The 4 nearest of baseline b are b ± 0.5 and b ± 1.5, whose mean baseline is b, so their
    # mean change is −0.5·b and every difference is exactly 3. A naive comparison with all
    # untreated schools (mean change 0) would credit the low schools' own recovery instead.
    pool = pd.DataFrame({"school_id": range(100, 141), "baseline": range(-20, 21)})
    pool["baseline"] = pool["baseline"].astype(float)
    pool["change"] = -0.5 * pool["baseline"]
    treated = pd.DataFrame({"school_id": [1, 2, 3, 4], "baseline": [-15.5, -10.5, -5.5, 0.5]})
    treated["change"] = -0.5 * treated["baseline"] + 3
    values = pd.concat([treated, pool], ignore_index=True).assign(social=0.0)
    got = de.did_effect(values, [1, 2, 3, 4])
    assert got["per_school"]["difference"].tolist() == pytest.approx([3.0] * 4)
    assert got["estimate"] == pytest.approx(3.0)
    assert got["low"] == pytest.approx(3.0) and got["high"] == pytest.approx(3.0)
    # Naive: treated changes 10.75, 8.25, 5.75, 2.75 (mean 6.875) against the pool's 0.
    assert treated["change"].mean() - pool["change"].mean() == pytest.approx(6.875)


def test_one_treated_school_has_no_interval_and_unmatched_ones_are_left_out():
    values = _clusters({1: 3.0, 2: -1.0, 3: 1.0, 4: 1.0, 5: 1.0, 6: 1.0}, k_per_cluster=1)
    values.loc[values["school_id"] == 2, "social"] = None  # a missing covariate: not matched
    values.loc[values["school_id"] == 3, "change"] = None  # no next-year value
    got = de.did_effect(values, [1, 2, 3], k=1)
    assert got["n_treated"] == 1 and got["estimate"] == pytest.approx(2.0)  # 3 − 1
    assert got["low"] is None and got["high"] is None
    none = de.did_effect(values, [99])
    assert none["estimate"] is None and none["n_treated"] == 0 and none["n_controls"] == 0
    assert list(none["per_school"].columns) == de.PER_SCHOOL_COLUMNS


def test_indicators_are_the_contracts():
    assert de.EFFECT_INDICATORS == ("vpr_gap", "subject_gap", "bias_flag", "conditions_shortfall")
