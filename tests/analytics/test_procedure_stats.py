"""Procedure statistics against textbook computations done independently in the test."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from dashboard import rules
from dashboard.analytics import procedure_stats


def test_mean_interval_matches_student_t_on_raw_samples():
    rng = np.random.default_rng(3)
    samples = [rng.normal(60, 15, size=n) for n in (2, 7, 31, 250)]
    frame = pd.DataFrame(
        {
            "n": [len(s) for s in samples],
            "s": [s.sum() for s in samples],
            "ss": [(s**2).sum() for s in samples],
        }
    )
    got = procedure_stats.mean_interval(frame["n"], frame["s"], frame["ss"], 0.95)
    for i, sample in enumerate(samples):
        low, high = stats.t.interval(
            0.95, len(sample) - 1, loc=sample.mean(), scale=stats.sem(sample)
        )
        assert math.isclose(got["mean"][i], sample.mean(), rel_tol=1e-12)
        assert math.isclose(got["low"][i], low, rel_tol=1e-9)
        assert math.isclose(got["high"][i], high, rel_tol=1e-9)


def test_one_pupil_has_a_mean_but_no_interval_and_zero_pupils_nothing():
    got = procedure_stats.mean_interval(
        pd.Series([1, 0]), pd.Series([40.0, 0.0]), pd.Series([1600.0, 0.0])
    )
    assert got["mean"][0] == 40.0
    assert math.isnan(got["low"][0]) and math.isnan(got["high"][0])
    assert math.isnan(got["mean"][1])


def test_identical_scores_give_a_zero_width_interval():
    got = procedure_stats.mean_interval(pd.Series([4]), pd.Series([200.0]), pd.Series([10000.0]))
    assert got["low"][0] == got["high"][0] == 50.0


def test_quartiles_from_counts_equal_percentiles_of_the_expanded_sample():
    values = pd.Series([0, 1, 2, 3, 5, 8, 13])
    counts = pd.Series([1, 4, 0, 9, 3, 2, 6])
    got = procedure_stats.quartiles_from_counts(values, counts)
    expanded = np.repeat(values.to_numpy(), counts.to_numpy())
    for key, p in (("q1", 25), ("median", 50), ("q3", 75)):
        assert got[key] == np.percentile(expanded, p, method="inverted_cdf")
    assert got["min"] == 0 and got["max"] == 13 and got["n"] == len(expanded)
    assert math.isclose(got["mean"], expanded.mean())


def test_diagonal_residuals_are_standardised_differences():
    x = pd.Series([50.0, 60.0, 70.0, 40.0, 55.0])
    y = pd.Series([45.0, 58.0, 40.0, 38.0, 50.0])
    got = procedure_stats.diagonal_residuals(x, y)
    d = [yi - xi for xi, yi in zip(x, y, strict=True)]
    mean = sum(d) / len(d)
    sd = math.sqrt(sum((v - mean) ** 2 for v in d) / (len(d) - 1))
    for i, v in enumerate(d):
        assert math.isclose(got["residual"][i], (v - mean) / sd)
    assert math.isclose(got["shift"][0], mean) and math.isclose(got["spread"][0], sd)


def test_far_rule_names_only_points_beyond_the_threshold():
    # 20 points on the typical line and one 30 points below it.
    x = pd.Series(np.linspace(30, 80, 21))
    y = x - 5 + np.where(np.arange(21) % 2 == 0, 1.0, -1.0)
    y[10] = x[10] - 35
    got = procedure_stats.diagonal_residuals(x, y)
    far = procedure_stats.far_from_diagonal(got["residual"], rules.PROCEDURE_FAR_RESIDUAL)
    assert far.tolist() == [i == 10 for i in range(21)]


@pytest.mark.parametrize("n", [0, 1, 2])
def test_too_few_points_are_never_far(n):
    got = procedure_stats.diagonal_residuals(
        pd.Series([10.0, 90.0][:n]), pd.Series([90.0, 10.0][:n])
    )
    assert not procedure_stats.far_from_diagonal(got["residual"], 2.0).any()
