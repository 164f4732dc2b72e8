"""The analytic rank intervals against the simulation they replace at scale.

The designs and seeds here were not used while writing `rank_intervals`: equal precision,
heavy-tailed school sizes, two clusters of schools. The reference is the simulation with
4,000 draws; the bar is the Monte Carlo error of the 1,000-draw simulation OKO used before
(mean |difference| about 0.6 % of the number of schools, 99th percentile about 3 %).
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy.special import ndtr

from dashboard.analytics import rank_intervals as ri
from dashboard.analytics import school_effects


def _design(name: str, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    if name == "equal_precision":
        J = 800
        return rng.normal(0.0, 0.25, J), np.full(J, 0.12)
    if name == "heavy_tailed_sizes":
        J = 1500
        n = np.clip(rng.lognormal(3.0, 1.0, J).round(), 5, 2000)
        tau2, sigma2 = 0.09, 0.64
        shrink = tau2 / (tau2 + sigma2 / n)
        return shrink * rng.normal(0.0, 0.3, J), np.sqrt(shrink * sigma2 / n)
    if name == "two_clusters":
        J = 1000
        effect = np.where(rng.random(J) < 0.3, -0.4, 0.15) + rng.normal(0.0, 0.08, J)
        return effect, rng.uniform(0.05, 0.2, J)
    raise AssertionError(name)


@pytest.mark.parametrize(
    "design,seed", [("equal_precision", 101), ("heavy_tailed_sizes", 202), ("two_clusters", 303)]
)
def test_matches_the_simulation_within_its_own_monte_carlo_error(design, seed):
    effect, se = _design(design, seed)
    J = effect.size
    sim_low, sim_high = school_effects._rank_intervals(effect, se, 4000, seed)
    low, high = ri.rank_intervals(effect, se)
    diff = np.abs(np.r_[low - sim_low, high - sim_high]) / J
    assert diff.mean() <= 0.006, diff.mean()
    assert np.quantile(diff, 0.99) <= 0.03, np.quantile(diff, 0.99)
    assert np.all(low >= 1) and np.all(high <= J) and np.all(low <= high)


def test_grid_sums_equal_the_direct_sums():
    rng = np.random.default_rng(404)
    effect, se = rng.normal(0.0, 0.3, 300), rng.uniform(0.03, 0.3, 300)
    grid, step = ri._grid(effect, se, 8192)
    mean_sum, var_sum, slope_sum = ri._sums_on_grid(effect, se, grid, step, 64)
    for k in range(0, 8192, 409):
        p = ndtr((effect - grid[k]) / se)
        density = np.exp(-0.5 * ((effect - grid[k]) / se) ** 2) / (se * np.sqrt(2 * np.pi))
        assert mean_sum[k] == pytest.approx(p.sum(), abs=0.02 + 1e-3 * p.sum())
        assert var_sum[k] == pytest.approx((p * (1 - p)).sum(), abs=0.02 + 2e-3 * p.sum())
        assert slope_sum[k] == pytest.approx(density.sum(), rel=0.01, abs=0.05)


def test_a_lone_precise_leader_is_ranked_first_for_sure():
    effect = np.r_[5.0, np.zeros(99)]
    se = np.r_[0.01, np.full(99, 0.1)]
    low, high = ri.rank_intervals(effect, se)
    assert (low[0], high[0]) == (1, 1)
    assert low[1:].min() >= 2


def test_fit_switches_to_the_approximation_only_for_many_schools():
    small = school_effects.simulate(200, 10, seed=5)
    result = school_effects.fit(small, "y", ["x1"], seed=1, n_sim=500)
    again = school_effects.fit(small, "y", ["x1"], seed=1, n_sim=500, rank_method="simulation")
    assert result.effects["rank_low"].equals(again.effects["rank_low"])
    large = school_effects.simulate(6000, 5, seed=6)
    fitted = school_effects.fit(large, "y", ["x1"], seed=1, n_sim=1000).effects
    assert fitted["rank_low"].notna().all()
    inside = (fitted["rank_low"] <= fitted["rank"]) & (fitted["rank"] <= fitted["rank_high"])
    assert inside.mean() > 0.99
