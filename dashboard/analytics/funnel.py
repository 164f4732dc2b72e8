"""Funnel-plot control limits with overdispersion (Spiegelhalter 2005), pure numpy.

A funnel plot draws each school's mean result against its number of participants with limits
``centre ± z·sd/√n`` around the regional mean: where an "in control" school of ``n`` pupils
falls by chance alone. Those limits assume that schools differ only by the sampling error of
their pupils. Real schools also differ in what they teach and whom they teach, so the spread
between school means is wider (overdispersion): on the demo region a third of the schools lay
outside the 99.8 % limits, where one in five hundred should. A limit that a third of schools
cross flags nobody in particular.

Spiegelhalter D. J. (2005) "Funnel plots for comparing institutional performance",
Statistics in Medicine 24:1185–1202, §6, and "Handling over-dispersion of performance
indicators", Quality and Safety in Health Care 14:347–351, give two adjustments, both from
``z_i = (y_i − centre) / s_i`` with ``s_i = sd / √n_i``, winsorised (the ``winsor`` share at
each end set to the nearest kept value) so that the outlying schools the plot should reveal do
not inflate the estimate that hides them:

* multiplicative: ``phi = mean(z_w²) / c``; limits ``centre ± z·√phi·s``. ``c`` is the
  mean square of a winsorised standard normal (0.68 at 10 %): Spiegelhalter uses
  ``mean(z_w²)`` as is, which under-estimates the spread by that factor, so that a region
  with real overdispersion (between-school SD 6 p.p., pupils' SD 20 p.p., 150 schools of
  5–120 pupils) still had 1.5 % of schools outside the 99.8 % limits; divided by ``c``,
  0.36 % (tests/analytics/test_funnel.py). The rescaling is OKO's choice.
* additive random effects (used here, as it matches the school-effects model of the page):
  ``tau2 = (I·phi − (I − 1)) / (Σ w_i − Σ w_i² / Σ w_i)``, ``w_i = 1 / s_i²`` (a
  DerSimonian–Laird-type moment estimate), 0 when ``I·phi ≤ I − 1`` (no overdispersion);
  limits ``centre ± z·√(s_i² + tau2)``.

When schools differ by chance only, ``phi`` is near 1 and ``tau2`` near or at 0, so the
limits fall back to (about) the plain ones. tests/analytics/test_funnel.py measures, by
repeated simulation, the share of schools outside the 99.8 % limits with and without it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.stats import norm

__all__ = ["Overdispersion", "limits", "outside_share", "overdispersion"]

#: Spiegelhalter's 10 % winsorisation at each end.
WINSOR_SHARE = 0.10


@dataclass(frozen=True)
class Overdispersion:
    """``phi`` (multiplicative factor, ≥ 0), ``tau2`` (additive between-school variance, ≥ 0,
    in the outcome's units squared), ``n_schools`` used, and ``overdispersed`` (``I·phi`` above
    the ``I − 1`` expected by chance)."""

    phi: float
    tau2: float
    n_schools: int
    overdispersed: bool


def _winsorised(z: np.ndarray, share: float) -> np.ndarray:
    if not 0 <= share < 0.5:
        raise ValueError(f"winsor share must be in [0, 0.5), got {share!r}")
    low, high = np.quantile(z, [share, 1.0 - share])
    return np.clip(z, low, high)


def _winsorised_normal_variance(share: float) -> float:
    """E[w(Z)²] for a standard normal Z winsorised at its `share` and 1 − `share` quantiles:
    (1 − 2·share) − 2·a·φ(a) + 2·share·a², a = Φ⁻¹(1 − share) (1 without winsorising)."""
    if share <= 0:
        return 1.0
    a = float(norm.ppf(1.0 - share))
    return (1.0 - 2.0 * share) - 2.0 * a * float(norm.pdf(a)) + 2.0 * share * a * a


def overdispersion(
    y: np.ndarray,
    n: np.ndarray,
    centre: float,
    sd: float,
    winsor: float = WINSOR_SHARE,
) -> Overdispersion:
    """Overdispersion of school means `y` (with `n` pupils each) around `centre`, when a single
    pupil's result has SD `sd`. Schools with a missing value or ``n < 1`` are left out; with
    fewer than 3 schools (or ``sd <= 0``) there is nothing to estimate: phi 1, tau2 0."""
    y = np.asarray(y, dtype=float)
    n = np.asarray(n, dtype=float)
    ok = np.isfinite(y) & np.isfinite(n) & (n >= 1)
    y, n = y[ok], n[ok]
    count = int(y.size)
    if count < 3 or not (np.isfinite(sd) and sd > 0) or not np.isfinite(centre):
        return Overdispersion(phi=1.0, tau2=0.0, n_schools=count, overdispersed=False)
    s2 = sd * sd / n
    z = _winsorised((y - centre) / np.sqrt(s2), winsor)
    phi = float(np.mean(z * z)) / _winsorised_normal_variance(winsor)
    w = 1.0 / s2
    denominator = float(w.sum() - (w * w).sum() / w.sum())
    excess = count * phi - (count - 1)
    tau2 = max(excess / denominator, 0.0) if denominator > 0 else 0.0
    return Overdispersion(phi=phi, tau2=float(tau2), n_schools=count, overdispersed=excess > 0)


def limits(
    n: np.ndarray, centre: float, sd: float, z: float, tau2: float = 0.0
) -> tuple[np.ndarray, np.ndarray]:
    """Lower and upper limits at `n` pupils: ``centre ± z·√(sd²/n + tau2)`` (``tau2 = 0``: the
    plain limits without overdispersion)."""
    n = np.asarray(n, dtype=float)
    half = z * np.sqrt(sd * sd / n + max(float(tau2), 0.0))
    return centre - half, centre + half


def outside_share(
    y: np.ndarray, n: np.ndarray, centre: float, sd: float, z: float, tau2: float = 0.0
) -> float:
    """Share of schools outside the limits at `z` (NaN without schools)."""
    y = np.asarray(y, dtype=float)
    n = np.asarray(n, dtype=float)
    ok = np.isfinite(y) & np.isfinite(n) & (n >= 1)
    if not ok.any():
        return float("nan")
    low, high = limits(n[ok], centre, sd, z, tau2)
    return float(np.mean((y[ok] < low) | (y[ok] > high)))
