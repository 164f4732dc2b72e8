"""Funnel limits with overdispersion (dashboard.analytics.funnel): measured by repeated
simulation of a region whose schools really differ (issue 17)."""

from __future__ import annotations

import numpy as np
import pytest

from dashboard import rules
from dashboard.analytics import funnel

Z998 = rules.FUNNEL_Z[1]


def _region(rng, tau: float, sd: float = 20.0, schools: int = 150):
    """School means of `schools` schools of 5–120 pupils with between-school SD `tau`."""
    n = rng.integers(5, 121, schools).astype(float)
    y = 60.0 + tau * rng.standard_normal(schools) + sd / np.sqrt(n) * rng.standard_normal(schools)
    return y, n


def _shares(tau: float, reps: int = 200, sd: float = 20.0) -> tuple[float, float, float]:
    """Mean share outside the 99.8 % limits without and with the adjustment, mean tau2."""
    rng = np.random.default_rng(20050)
    plain, adjusted, tau2 = [], [], []
    for _ in range(reps):
        y, n = _region(rng, tau, sd)
        centre = float(np.average(y, weights=n))
        od = funnel.overdispersion(y, n, centre, sd)
        plain.append(funnel.outside_share(y, n, centre, sd, Z998))
        adjusted.append(funnel.outside_share(y, n, centre, sd, Z998, od.tau2))
        tau2.append(od.tau2)
    return float(np.mean(plain)), float(np.mean(adjusted)), float(np.mean(tau2))


def test_overdispersed_schools_fall_outside_plain_limits_but_not_adjusted_ones():
    """Between-school SD 6 p.p., pupils' SD 20 p.p., 200 simulated regions (measured: 21.4 %
    of schools outside the plain 99.8 % limits, 0.36 % outside the adjusted ones; mean tau2
    32.4 for a true 36)."""
    plain, adjusted, tau2 = _shares(tau=6.0)
    print(f"overdispersed: outside plain {plain:.2%}, adjusted {adjusted:.3%}, tau2 {tau2:.1f}")
    assert plain > 0.10
    assert adjusted < 0.006
    assert tau2 == pytest.approx(36.0, rel=0.15)


def test_without_overdispersion_the_limits_stay_the_plain_ones():
    plain, adjusted, tau2 = _shares(tau=0.0)
    print(f"no overdispersion: outside plain {plain:.3%}, adjusted {adjusted:.3%}, tau2 {tau2:.2f}")
    assert plain < 0.006 and adjusted <= plain
    assert tau2 < 1.0


def test_winsorising_keeps_a_few_outliers_from_hiding_themselves():
    """Three extreme schools among honest ones: the winsorised estimate stays small, so they
    stay outside the limits; without winsorising they inflate tau2 several times."""
    rng = np.random.default_rng(3)
    y, n = _region(rng, tau=0.0)
    y[:3] += 40.0
    centre = float(np.average(y, weights=n))
    kept = funnel.overdispersion(y, n, centre, 20.0)
    raw = funnel.overdispersion(y, n, centre, 20.0, winsor=0.0)
    assert raw.tau2 > 5 * max(kept.tau2, 1.0)
    low, high = funnel.limits(n[:3], centre, 20.0, Z998, kept.tau2)
    assert (y[:3] > high).all()


def test_limits_and_degenerate_input():
    low, high = funnel.limits(np.array([25.0, 100.0]), 50.0, 20.0, 2.0, tau2=0.0)
    assert np.allclose(high - 50.0, [8.0, 4.0]) and np.allclose(50.0 - low, [8.0, 4.0])
    _, wide = funnel.limits(np.array([100.0]), 50.0, 20.0, 2.0, tau2=21.0)
    assert np.isclose(wide[0] - 50.0, 2.0 * 5.0)
    nothing = funnel.overdispersion(np.array([1.0, 2.0]), np.array([10.0, 10.0]), 1.5, 20.0)
    assert nothing.tau2 == 0.0 and nothing.phi == 1.0 and not nothing.overdispersed
    with pytest.raises(ValueError):
        funnel.overdispersion(np.arange(10.0), np.full(10, 20.0), 5.0, 1.0, winsor=0.5)
