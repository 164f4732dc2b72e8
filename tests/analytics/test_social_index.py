"""The social index against numbers worked out by hand and against demo_truth's own rule."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from dashboard.analytics import school_flags, social_index
from dashboard.demo import catalogue as cat
from dashboard.demo import truth


def _context(rows):
    return pd.DataFrame(rows, columns=["school_id", "year", "indicator_code", "value"])


def test_orientation_and_standardisation_by_hand():
    # income (higher_worse) 10, 20, 30 → z 1, 0, -1 after the sign flip (sd = 10);
    # education (higher_better) 40, 40, 70 → mean 50, sd √300 → z -0.577, -0.577, 1.155
    context = _context(
        [
            (1, 2024, "income", 10.0),
            (2, 2024, "income", 20.0),
            (3, 2024, "income", 30.0),
            (1, 2024, "edu", 40.0),
            (2, 2024, "edu", 40.0),
            (3, 2024, "edu", 70.0),
        ]
    )
    index = social_index.social_index(context, {"income": "higher_worse", "edu": "higher_better"})
    sd = math.sqrt(300.0)
    assert math.isclose(index[1], (1.0 + (40 - 50) / sd) / 2)
    assert math.isclose(index[2], (0.0 + (40 - 50) / sd) / 2)
    assert math.isclose(index[3], (-1.0 + (70 - 50) / sd) / 2)


def test_standardised_within_year():
    # the whole region drifts by +100 in 2024: ranks within the year are unchanged
    rows = [(s, 2023, "edu", v) for s, v in ((1, 1.0), (2, 2.0), (3, 3.0))]
    rows += [(s, 2024, "edu", v + 100) for s, v in ((1, 1.0), (2, 2.0), (3, 3.0))]
    index = social_index.social_index(_context(rows), {"edu": "higher_better"})
    assert np.allclose(index.sort_index().to_numpy(), [-1.0, 0.0, 1.0])
    only = social_index.social_index(_context(rows), {"edu": "higher_better"}, year=2023)
    assert np.allclose(only.sort_index().to_numpy(), [-1.0, 0.0, 1.0])


def test_weights_shift_the_index_towards_the_heavier_indicator():
    context = _context(
        [(1, 2024, "a", 0.0), (2, 2024, "a", 1.0), (1, 2024, "b", 1.0), (2, 2024, "b", 0.0)]
    )
    directions = {"a": "higher_better", "b": "higher_better"}
    z = 1 / math.sqrt(2)  # two values 0, 1: sd = 1/√2, z = ±0.707
    weighted = social_index.social_index(context, directions, weights={"a": 3.0, "b": 1.0})
    assert math.isclose(weighted[2], (3 * z - z) / 4)
    equal = social_index.social_index(context, directions)
    assert math.isclose(equal[2], 0.0, abs_tol=1e-12)


def test_the_profile_flag_uses_the_same_index():
    rng = np.random.default_rng(3)
    rows = [
        (s, y, code, float(rng.normal()))
        for s in range(20)
        for y in (2023, 2024)
        for code in ("a", "b")
    ]
    directions = {"a": "higher_better", "b": "higher_worse"}
    context = _context(rows)
    pd.testing.assert_series_equal(
        school_flags.social_index(context, directions),
        social_index.social_index(context, directions),
    )


def test_bottom_share_matches_demo_truth_rule():
    """The ШНСУ list from this index equals the list demo_truth writes with its own code."""
    rng = np.random.default_rng(11)
    schools = pd.DataFrame({"id": range(1, 41), "kind": ["school"] * 38 + ["preschool"] * 2})
    rows = [
        (s, y, code, float(rng.uniform(0, 50)))
        for s in schools["id"]
        for y in (2023, 2024)
        for code in cat.SOCIAL_CODES
    ]
    context = _context(rows)
    expected = truth.adverse_conditions(context, schools)
    directions = {i.code: i.direction for i in cat.INDICATORS if i.group == "social_conditions"}
    general = context[context["school_id"].isin(schools.loc[schools["kind"] != "preschool", "id"])]
    index = social_index.social_index(general, directions)
    ours = school_flags.adverse_conditions(index)
    assert sorted(ours.index) == sorted(expected.index)
    assert np.allclose(ours.sort_index().to_numpy(), expected.sort_index().to_numpy())
