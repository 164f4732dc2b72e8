"""Statistics shared by the bias signs: a robust random-effects z and the BH correction.

Kept apart from the signs themselves so that each can be checked against a textbook
computation in the tests.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.stats import binom, chi2, norm

# MAD × 1.4826 estimates the standard deviation of a normal distribution.
MAD_TO_SD = 1.4826


def robust_z(effect: pd.Series, sampling_var: pd.Series) -> tuple[pd.Series, float]:
    """z of each effect against the region's typical school, and the between-school variance.

    An honest school differs from the region by sampling noise (``sampling_var``) plus the
    spread of honest schools (τ²). τ² is the robust variance of the effects (MAD) minus the
    typical sampling variance; the centre is the median. Both ignore a minority of outliers,
    which is what a biased school is.
    """
    effect, sampling_var = effect.astype(float), sampling_var.astype(float)
    ok = effect.notna() & sampling_var.notna() & np.isfinite(effect) & np.isfinite(sampling_var)
    if not ok.any():
        return pd.Series(np.nan, index=effect.index), float("nan")
    values = effect[ok].to_numpy(dtype=float)
    centre = float(np.median(values))
    spread = MAD_TO_SD * float(np.median(np.abs(values - centre)))
    tau2 = max(0.0, spread**2 - float(np.median(sampling_var[ok])))
    denominator = np.sqrt(sampling_var.astype(float) + tau2)
    z = (effect.astype(float) - centre) / denominator.replace(0, np.nan)
    return z.where(ok), tau2


def tail_p(z: pd.Series, direction: str) -> pd.Series:
    """One-sided normal p-value: 'high' for an excess, 'low' for a deficit."""
    values = z.astype(float)
    p = norm.sf(values) if direction == "high" else norm.cdf(values)
    return pd.Series(p, index=z.index).where(z.notna())


def bh_qvalues(p: pd.Series) -> pd.Series:
    """Benjamini–Hochberg adjusted p-values (q-values); NaN stays NaN and is not counted."""
    ok = p.dropna().astype(float)
    m = len(ok)
    if m == 0:
        return pd.Series(np.nan, index=p.index)
    order = np.argsort(ok.to_numpy(), kind="stable")
    ranked = ok.to_numpy()[order] * m / np.arange(1, m + 1)
    adjusted = np.minimum.accumulate(ranked[::-1])[::-1]
    q = np.empty(m)
    q[order] = np.minimum(adjusted, 1.0)
    return pd.Series(q, index=ok.index).reindex(p.index)


def chi_bar_z(excess: pd.Series, k: pd.Series) -> pd.Series:
    """z of Σ max(zᵢ, 0)² over k independent standard normal zᵢ (the one-sided chi-bar-square).

    The number of positive zᵢ is Binomial(k, ½) and, given j of them, the sum is χ²ⱼ, so
    P(T ≥ t) = Σⱼ C(k, j) 2⁻ᵏ P(χ²ⱼ ≥ t) (j = 0 contributes only at t ≤ 0); the p-value is
    returned as the normal quantile z = Φ⁻¹(1 − p), clipped to ±8.
    """
    t = excess.astype(float).to_numpy()
    kk = k.astype(int).to_numpy()
    p = np.empty(t.size)
    for ki in np.unique(kk):  # one vectorised sum per number of signs
        rows = kk == ki
        j = np.arange(1, ki + 1)
        tail = (binom.pmf(j, ki, 0.5)[None, :] * chi2.sf(t[rows, None], j[None, :])).sum(axis=1)
        p[rows] = tail + np.where(t[rows] <= 0, binom.pmf(0, ki, 0.5), 0.0)
    z = norm.isf(np.clip(p, 1e-15, 1.0))
    return pd.Series(np.clip(z, -8, 8), index=excess.index)
