"""Cohort pairing: ВПР 8 → ОГЭ a year later, ВПР and diagnostic in the same year."""

import numpy as np
import pandas as pd
import pytest

from dashboard import rules
from dashboard.analytics import procedure_stats
from dashboard.analytics.cohorts import difference_se, pair_procedures, pair_residuals


def test_pairs_follow_the_cohort_not_the_calendar():
    procedures = pd.DataFrame(
        [
            (1, "vpr", "математика", 8, 2022),
            (2, "oge", "математика", 9, 2023),  # same cohort, one year later
            (3, "oge", "математика", 9, 2022),  # a different cohort
            (4, "oge", "русский язык", 9, 2023),  # other subject
            (5, "vpr", "математика", 7, 2023),
            (6, "diagnostic", "математика", 7, 2023),
            (7, "diagnostic", "математика", 7, 2024),
        ],
        columns=["id", "kind", "subject", "grade", "year"],
    )
    pairs = pair_procedures(procedures)
    assert sorted(zip(pairs["procedure_a"], pairs["procedure_b"], strict=True)) == [(1, 2), (5, 6)]
    assert set(pairs["subject"]) == {"математика"}


def test_no_pairs_without_the_second_procedure():
    procedures = pd.DataFrame(
        [(1, "vpr", "математика", 8, 2024)], columns=["id", "kind", "subject", "grade", "year"]
    )
    assert pair_procedures(procedures).empty


def _simulated_schools(seed: int, count: int = 3000, tau: float = 3.0, sd: float = 18.0):
    """Schools of 5–200 pupils with no true departure: d = shift + u + sampling noise."""
    rng = np.random.default_rng(seed)
    sizes = rng.integers(5, 201, size=count)
    rows = []
    for n in sizes:
        u = rng.normal(0.0, tau)
        level = rng.normal(60.0, 8.0)
        a = rng.normal(level, sd, size=n)
        b = rng.normal(level - 5.0 + u, sd, size=n)
        rows.append((n, a.mean(), a.std(ddof=1), b.mean(), b.std(ddof=1)))
    return pd.DataFrame(rows, columns=["n", "x", "sd_a", "y", "sd_b"])


def _flagged_share_by_size_third(frame: pd.DataFrame, far: pd.Series) -> list[float]:
    thirds = pd.qcut(frame["n"].rank(method="first"), 3, labels=False)
    return [float(far[thirds == k].mean()) for k in range(3)]


def test_far_from_diagonal_flags_schools_of_every_size_alike():
    frame = _simulated_schools(seed=7)
    se = difference_se(frame["sd_a"], frame["n"], frame["sd_b"], frame["n"])
    got = pair_residuals(frame["x"], frame["y"], se)
    far = procedure_stats.far_from_diagonal(got["residual"], rules.PROCEDURE_FAR_RESIDUAL)
    nominal = 2 * (1 - 0.97725)  # P(|z| > 2) ≈ 4.55 %
    shares = _flagged_share_by_size_third(frame, far)
    for share in shares:
        assert abs(share - nominal) < 0.02, shares
    assert 2.0 < got["tau"].iloc[0] < 4.0  # τ recovered near the true 3 points


def test_spread_across_schools_flags_small_ones_only():
    """Why: the old standardisation (by the spread of d) overflags small schools."""
    frame = _simulated_schools(seed=7)
    old = procedure_stats.diagonal_residuals(frame["x"], frame["y"])
    far = procedure_stats.far_from_diagonal(old["residual"], rules.PROCEDURE_FAR_RESIDUAL)
    small, _, large = _flagged_share_by_size_third(frame, far)
    assert small > 0.08 and large < 0.02


def test_a_planted_departure_in_a_large_school_is_flagged():
    frame = _simulated_schools(seed=11, count=300)
    big = int(frame["n"].idxmax())
    frame.loc[big, "y"] -= 15.0  # a school-marked result inflated by 15 points
    se = difference_se(frame["sd_a"], frame["n"], frame["sd_b"], frame["n"])
    got = pair_residuals(frame["x"], frame["y"], se)
    far = procedure_stats.far_from_diagonal(got["residual"], rules.PROCEDURE_FAR_RESIDUAL)
    assert far.iloc[big]
    old = procedure_stats.diagonal_residuals(frame["x"], frame["y"])
    assert abs(got["residual"].iloc[big]) > abs(old["residual"].iloc[big])


def test_missing_sd_borrows_the_median_and_few_schools_give_no_residual():
    se = difference_se(
        pd.Series([10.0, np.nan]), pd.Series([25, 25]), pd.Series([10.0, 20.0]), pd.Series([25, 4])
    )
    assert se.tolist() == pytest.approx([np.sqrt(4 + 4), np.sqrt(4 + 100)])
    got = pair_residuals(pd.Series([50.0, 60.0]), pd.Series([55.0, 58.0]), se)
    assert got["residual"].isna().all()
