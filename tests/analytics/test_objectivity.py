"""Each bias sign on small hand-made regions where the right answer is obvious.

A "region" here is 40 identical honest schools plus one school built to show (or not) the
pattern; the expected verdict is written down before the function runs.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.stats import norm

from dashboard.analytics import objectivity as ob
from dashboard.analytics.objectivity_stats import bh_qvalues, robust_z

RNG_SCHOOLS = 40


def _row(school: int, procedure: int = 1, year: int = 2023, **counts) -> dict:
    base = {
        "school_id": school,
        "municipality_id": 1,
        "procedure_id": procedure,
        "kind": "vpr",
        "subject": "математика",
        "grade": 5,
        "year": year,
        "max_score": 20.0,
        "n": 100,
        "n_journal": 100,
        "lowered": 25,
        "confirmed": 60,
        "raised": 15,
        "near_max": 3,
        "score_sum": 1000.0,
        "score_sq": 1000.0**2 / 100 + 99 * 16.0,
        "below_3": 10,
        "at_3": 10,
        "below_4": 10,
        "at_4": 10,
        "below_5": 6,
        "at_5": 6,
    }
    base.update(counts)
    return base


def _region(special: dict | None = None, jitter: bool = True) -> pd.DataFrame:
    """40 honest schools with small binomial-sized wobbles, plus school 99 if given."""
    rng = np.random.default_rng(1)
    rows = []
    for school in range(1, RNG_SCHOOLS + 1):
        wobble = int(rng.integers(-3, 4)) if jitter else 0
        rows.append(
            _row(
                school,
                lowered=25 + wobble,
                confirmed=60 - wobble,
                at_3=10 + wobble // 2,
                near_max=3 + wobble // 3,
            )
        )
    if special is not None:
        rows.append(_row(99, **special))
    return pd.DataFrame(rows)


def _sign(frame: pd.DataFrame, school: int = 99) -> pd.Series:
    return frame.set_index("school_id").loc[school]


def test_perfect_agreement_with_the_journal_is_suspicious():
    region = _region({"lowered": 0, "confirmed": 85, "raised": 15})
    result = ob.journal_lowered(region)
    special = _sign(result)
    assert special["value"] == 0.0
    assert special["reference"] == pytest.approx(
        region["lowered"].sum() / region["n_journal"].sum()
    )
    assert special["p"] < 1e-4
    honest = result[result["school_id"] != 99]
    assert (honest["p"] > 0.01).all()


def test_no_anomaly_no_sign():
    region = _region({"lowered": 25, "confirmed": 60})
    for function in (ob.journal_lowered, ob.journal_raised, ob.threshold_bunching, ob.near_max):
        special = _sign(function(region))
        assert special["p"] > 0.05, function.__name__


def test_spike_at_the_threshold():
    # 18 pupils at the thresholds for 3 and 4 and only 2 just below, where honest schools
    # have 10/10.
    region = _region({"below_3": 2, "at_3": 18, "below_4": 2, "at_4": 18})
    special = _sign(ob.threshold_bunching(region))
    assert special["value"] > special["reference"]
    assert special["p"] < 1e-3


def test_many_near_maximal_scores():
    region = _region({"near_max": 30})
    special = _sign(ob.near_max(region))
    assert special["value"] == pytest.approx(0.30)
    assert special["p"] < 1e-6


def test_low_spread_when_every_pupil_scores_alike():
    # Honest schools: SD 4 points; the special school: SD 1 point over 100 pupils.
    region = _region({"score_sq": 1000.0**2 / 100 + 99 * 1.0})
    special = _sign(ob.low_spread(region))
    assert special["value"] == pytest.approx(0.25, rel=0.02)
    assert special["p"] < 1e-6


def test_too_few_pupils_are_not_tested():
    region = _region({"n": 10, "n_journal": 10, "lowered": 0, "confirmed": 10, "raised": 0})
    assert 99 not in set(ob.journal_lowered(region)["school_id"])


def _results(special_vpr: float, special_oge: float) -> pd.DataFrame:
    """ВПР 8 (2022) and ОГЭ (2023) of 40 schools at 50 %, school 99 as given."""
    rows = []
    for school in [*range(1, RNG_SCHOOLS + 1), 99]:
        wobble = (school % 5) - 2
        vpr = special_vpr if school == 99 else 50 + wobble
        oge = special_oge if school == 99 else 50 + wobble
        rows.append(
            {
                "school_id": school,
                "municipality_id": 1,
                "procedure_id": 1,
                "kind": "vpr",
                "subject": "математика",
                "grade": 8,
                "year": 2022,
                "participants": 60,
                "mean_percent": vpr,
            }
        )
        rows.append(
            {
                "school_id": school,
                "municipality_id": 1,
                "procedure_id": 2,
                "kind": "oge",
                "subject": "математика",
                "grade": 9,
                "year": 2023,
                "participants": 60,
                "mean_percent": oge,
            }
        )
    return pd.DataFrame(rows)


def test_vpr_far_above_the_same_cohorts_oge():
    result = ob.cohort_gap(_results(80.0, 50.0), pd.Series({1: 20.0, 2: 20.0}))
    special = _sign(result)
    assert special["value"] > 25
    assert special["p"] < 1e-4
    honest = ob.cohort_gap(_results(52.0, 52.0), pd.Series({1: 20.0, 2: 20.0}))
    assert _sign(honest)["p"] > 0.05


def test_jump_far_beyond_the_municipality():
    last = _results(50.0, 50.0).query("kind == 'vpr'")
    this = last.assign(year=2023, procedure_id=3)
    this.loc[this["school_id"] == 99, "mean_percent"] = 75.0
    result = ob.year_jump(pd.concat([last, this]), pd.Series({1: 20.0, 3: 20.0}))
    special = _sign(result)
    assert special["value"] == pytest.approx(
        75.0 - 50.0 - (this["mean_percent"].mean() - 50.0 - (last["mean_percent"].mean() - 50.0)),
        abs=1.0,
    )
    assert special["p"] < 1e-4


def test_robust_z_is_not_widened_by_one_outlier():
    effect = pd.Series([-0.1] * 10 + [0.0] * 20 + [0.1] * 10 + [5.0])
    z, tau2 = robust_z(effect, pd.Series(0.0025, index=effect.index))
    # Median 0; absolute deviations: 20 zeros, 20 × 0.1 and 4.9, so the MAD is 0.1 →
    # SD 0.148; τ² is its square minus the sampling variance.
    assert tau2 == pytest.approx((1.4826 * 0.1) ** 2 - 0.0025, rel=1e-6)
    assert z.iloc[-1] == pytest.approx(5.0 / np.sqrt((1.4826 * 0.1) ** 2))  # 33.7, not diluted


def test_bh_matches_the_textbook_procedure():
    p = pd.Series([0.001, 0.008, 0.039, 0.041, 0.042, 0.06, 0.074, 0.205, 0.212, 0.216])
    q = bh_qvalues(p)
    m = len(p)
    expected = [min(min(p.iloc[j] * m / (j + 1) for j in range(i, m)), 1.0) for i in range(m)]
    assert q.tolist() == pytest.approx(expected)
    assert (q <= 0.05).sum() == 2  # Benjamini & Hochberg's rule rejects the two smallest here


def test_school_risk_flags_only_the_school_with_consistent_signs():
    region = _region(
        {"lowered": 0, "confirmed": 85, "below_3": 2, "at_3": 18, "below_4": 3, "at_4": 17}
    )
    other_year = region.assign(year=2022, procedure_id=2)
    signs = ob.detect(pd.concat([other_year, region]), _results(0, 0).iloc[0:0])
    risk = ob.school_risk(signs)
    flagged = risk[risk["flagged"]]
    assert set(flagged["school_id"]) == {99}
    row = flagged[flagged["year"] == 2023].iloc[0]
    assert {"journal_lowered", "threshold_bunching"} <= set(row["triggered"])
    assert row["risk"] == "high"
    assert row["p"] == pytest.approx(norm.sf(row["z"]))
