"""Random-intercept ("school effects") linear model, fitted exactly and fast.

Model, for pupil ``i`` in school ``j``::

    y_ij = x_ij' beta + u_j + e_ij,   u_j ~ N(0, tau2),   e_ij ~ N(0, sigma2 / w_ij)

``w_ij`` are optional precision weights (``weights=`` column, all 1 when
``weights=None``).  The same algebra covers pupil-level rows with weights.

School means only (Fay–Herriot, known sampling variance)
--------------------------------------------------------

When results exist only as school means (one row per school, or per school and
procedure), ``sigma2`` cannot be told apart from ``tau2`` by the means alone: with
``e_j ~ N(0, sigma2 / n_j)`` both are estimated from the spread of the means and
only the spread of the ``n_j`` separates them.  That fit often puts ``sigma2`` at
~0 (all spread between schools, reliability 1, intervals of the raw means with no
sampling error): in the simulation of tests/analytics/test_coverage_school_level.py
(150 schools of 5–120 pupils) in 60 of 200 fits, labelling up to 89 % of schools
above/below average, and its 95 % intervals covered 76 % of the true effects
(94 % with known sampling variance).  Pass the pupil-level
SD instead (``fit(..., weights="n", sampling_sd="sd")`` and/or ``pupil_sd=``):
each row's sampling variance is then *known*, ``v_i = sd_i**2 / n_i`` (the
Fay–Herriot area-level model), and only ``tau2`` is estimated::

    ybar_i = x_i' beta + u_j + e_i,   u_j ~ N(0, tau2),   e_i ~ N(0, v_i) (v_i known)

``sd_i`` is the row's own pupil SD where the data has it (from the pupils'
count, sum and sum of squares), else a regional pupil SD: ``pupil_sd`` when
given, otherwise the SD pooled over the rows that have one
(``sqrt(sum (n_i - 1) sd_i**2 / sum (n_i - 1))``); an own SD is moderated towards
that regional one (``SD_PRIOR_DOF``), since a small school's SD is itself noisy.
Algebraically this is the model above with ``w_i = 1 / v_i`` and ``sigma2`` fixed
at 1, so ``lambda = tau2`` and the REML criterion is::

    (N-p) log 2 pi + sum_j log(1 + tau2 m_j) - sum log w + log|A| + RSS

(ML: ``N log 2 pi`` and no ``log|A|``), minimised over ``tau2`` the same way
(boundary ``tau2 = 0`` included).  The result's ``sigma2`` is then
the pupil-level variance used (the participant-weighted mean of ``sd_i**2``), so
``tau2 / (tau2 + sigma2)`` stays the intraclass correlation.  Rows of one school
(several procedures) are taken as independent given ``u_j``: right for different
pupils (grades), wrong for subjects the same pupils sat, whose errors correlate
(simulated, 3 subjects, within-pupil correlation 0.66: 84 % coverage of the
composite effect with the subject rows taken as pupils; 94 % with one outcome
per pupil, the mean of their subjects, at either level: one row per school
whose ``sd`` is the SD of the pupils' own composites, or ``fit_school_sums``
on the sums of the composites; tests/analytics/test_coverage_composite.py).

Method (REML or ML, exact, no iterative GLS):

* Write ``lambda = tau2 / sigma2`` and ``V_j = sigma2 (W_j^-1 + lambda 11')``.
  Woodbury gives ``V_j^-1 = (W_j - c_j W_j 1 1' W_j) / sigma2`` with
  ``c_j = lambda / (1 + lambda m_j)`` and ``m_j = sum_i w_ij`` (= n_j unweighted).
* Only global sums ``X'WX, X'Wy, y'Wy`` and per-school sums ``m_j``,
  ``s_j = X_j'W_j 1``, ``t_j = y_j'W_j 1`` are needed::

      A(lambda) = X'WX - sum_j c_j s_j s_j'          (= sigma2 X'V^-1 X)
      b(lambda) = X'Wy - sum_j c_j s_j t_j
      beta      = A^-1 b                             (GLS)
      RSS       = y'Wy - sum_j c_j t_j^2 - b'beta    (= sigma2 r'V^-1 r)
      log|V|    = N log sigma2 + sum_j log(1 + lambda m_j) - sum log w

* sigma2 is profiled out: ML ``RSS / N``; REML ``RSS / (N - p)``.  Then::

      ML   deviance = N (log(2 pi RSS/N) + 1) + sum_j log(1 + lambda m_j) - sum log w
      REML criterion = (N-p)(log(2 pi RSS/(N-p)) + 1) + sum_j log(1 + lambda m_j)
                       + log|A| - sum log w

  (identical to lme4's ``deviance`` / ``REMLcrit``).  This one-dimensional
  profile is minimised over ``log lambda`` (coarse grid, then bounded
  ``scipy.optimize.minimize_scalar``) and compared with the boundary
  ``lambda = 0``.

School effects (variance parameters treated as known, standard EBLUP):

* ``raw_j = t_j/m_j - s_j'beta/m_j`` (weighted mean residual of school j)
* ``effect_j = reliability_j * raw_j``, ``reliability_j = lambda m_j / (1 + lambda m_j)``
* ``se_j^2 = Var(u_j - effect_j) = sigma2 (c_j + c_j^2 s_j' A^-1 s_j)`` — the
  diagonal of the random-effects block of the inverse of Henderson's mixed model
  equations: the *comparative* (conditional) variance of the effect, which
  includes the uncertainty of the fixed part ``beta`` (the second term; in
  Fay–Herriot terms ``g1 + g2`` of Prasad & Rao, without ``g3`` for the
  estimated ``tau2``).  With known sampling variances ``sigma2 = 1`` here and
  ``c_j = tau2 / (1 + tau2 m_j)``, ``m_j = sum_i 1 / v_i``; for one row per
  school ``c_j = tau2 v_j / (tau2 + v_j)``.
* 95 % interval ``effect +- 1.96 se``: it covers the school's true effect
  ``u_j`` in 95 % of schools (tests/analytics/test_coverage_school_level.py
  measures it by repeated simulation); ``rank`` 1 = largest effect;
  ``rank_low``/``rank_high`` are the 2.5 % / 97.5 % quantiles of ranks over
  ``n_sim`` independent draws ``N(effect_j, se_j^2)`` from
  ``numpy.random.default_rng(seed)`` (``n_sim=0`` skips them: NaN). With
  ``rank_method="auto"`` that simulation is used up to ``SIMULATION_MAX_CELLS``
  school × draw cells (5,000 schools at 1,000 draws); beyond, the analytic
  approximation of ``rank_intervals`` (validated against the simulation, and
  within its Monte Carlo error) keeps national-scale fits fast.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.optimize import minimize_scalar

from dashboard.analytics.rank_intervals import rank_intervals

__all__ = [
    "ModelError",
    "SchoolEffectsResult",
    "benchmark",
    "fit",
    "fit_school_sums",
    "pupil_sd_from_sums",
]

_LOG_LAMBDA_BOUNDS = (-23.0, 23.0)  # lambda in ~[1e-10, 1e10]
_Z95 = 1.959963984540054
SIMULATION_MAX_CELLS = 5_000_000
#: Fay–Herriot with pupil SDs: a school's own variance s_i^2 is moderated towards the regional
#: s0^2 as (d0 s0^2 + (n_i - 1) s_i^2) / (d0 + n_i - 1) (Smyth 2004's moderated variance, d0
#: fixed here). A choice, not a standard: with s_i^2 as is, a school of 5 pupils has a variance
#: estimate off by ±70 % and the intervals of schools under 15 pupils covered 92.5 % in
#: simulation (150 schools, n 5..120, equal or unequal pupil SDs 12..24); d0 = 10 gives
#: 94.9 % there and changes a school of 100 pupils' variance by under a tenth of the gap.
SD_PRIOR_DOF = 10.0


class ModelError(ValueError):
    """The model cannot be fitted on this data; ``reason`` says why, for callers to explain:
    ``"few_groups"`` (fewer than 2 groups with complete rows), ``"few_observations"``,
    ``"collinear"`` (covariates collinear with the intercept or each other) or ``"bad_input"``
    (missing columns, bad weights, duplicate groups: a caller's bug)."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True)
class SchoolEffectsResult:
    fixed: pd.Series
    fixed_se: pd.Series
    tau2: float
    sigma2: float
    deviance: float
    effects: pd.DataFrame
    reml: bool
    n_obs: int
    n_groups: int
    #: True when the rows' sampling variances were known (school means with pupil SDs,
    #: Fay–Herriot); then only ``tau2`` was estimated and ``sigma2`` is the pupil variance used.
    known_sampling_variance: bool = False

    @property
    def lam(self) -> float:
        return self.tau2 / self.sigma2 if self.sigma2 > 0 else 0.0


class _Profile:
    """Profiled deviance as a function of lambda, from sufficient statistics."""

    def __init__(self, XtX, Xty, yty, m, s, t, sum_log_w, n_obs, reml, known=False):
        self.XtX, self.Xty, self.yty = XtX, Xty, yty
        self.m, self.s, self.t = m, s, t
        self.S = np.einsum("ja,jb->jab", s, s)  # per-school s_j s_j'
        self.st = s * t[:, None]
        self.tt = t * t
        self.sum_log_w = sum_log_w
        self.n, self.p = n_obs, XtX.shape[0]
        self.reml = reml
        self.known = known  # sigma2 fixed at 1 (known sampling variances): lambda = tau2

    def parts(self, lam: float):
        c = lam / (1.0 + lam * self.m)
        A = self.XtX - np.tensordot(c, self.S, axes=1)
        b = self.Xty - c @ self.st
        beta = np.linalg.solve(A, b)
        rss = self.yty - c @ self.tt - b @ beta
        return c, A, beta, rss

    def deviance(self, lam: float) -> float:
        _, A, _, rss = self.parts(lam)
        if not rss > 0:
            return np.inf
        logdet_v = np.log1p(lam * self.m).sum() - self.sum_log_w
        if self.known:
            dev = logdet_v + rss
            if self.reml:
                sign, logdet_a = np.linalg.slogdet(A)
                if sign <= 0:
                    return np.inf
                return float((self.n - self.p) * np.log(2 * np.pi) + dev + logdet_a)
            return float(self.n * np.log(2 * np.pi) + dev)
        if self.reml:
            dof = self.n - self.p
            sign, logdet_a = np.linalg.slogdet(A)
            if sign <= 0:
                return np.inf
            return float(dof * (np.log(2 * np.pi * rss / dof) + 1.0) + logdet_v + logdet_a)
        return float(self.n * (np.log(2 * np.pi * rss / self.n) + 1.0) + logdet_v)

    def optimise(self) -> float:
        lo, hi = _LOG_LAMBDA_BOUNDS
        grid = np.linspace(lo, hi, 47)
        devs = np.array([self.deviance(np.exp(g)) for g in grid])
        i = int(np.argmin(devs))
        a, b = grid[max(i - 1, 0)], grid[min(i + 1, len(grid) - 1)]
        opt = minimize_scalar(
            lambda g: self.deviance(np.exp(g)),
            bounds=(a, b),
            method="bounded",
            options={"xatol": 1e-9},
        )
        best_lam, best_dev = float(np.exp(opt.x)), float(opt.fun)
        if devs[i] < best_dev:
            best_lam, best_dev = float(np.exp(grid[i])), float(devs[i])
        if self.deviance(0.0) <= best_dev:  # boundary tau2 = 0
            best_lam = 0.0
        return best_lam


def _rank_desc(values: np.ndarray, kind: str = "stable") -> np.ndarray:
    """Ranks along the last axis, 1 = largest (ties by position when ``kind="stable"``)."""
    order = np.argsort(-values, axis=-1, kind=kind)
    ranks = np.empty(values.shape, dtype=np.int32)
    np.put_along_axis(
        ranks, order, np.broadcast_to(np.arange(1, values.shape[-1] + 1), values.shape), axis=-1
    )
    return ranks


def _rank_intervals(effect, se, n_sim, seed, chunk_cells=4_000_000):
    """2.5 % / 97.5 % quantiles (numpy methods "lower" / "higher") of simulated ranks."""
    J = effect.shape[0]
    rng = np.random.default_rng(seed)
    dtype = np.uint16 if J < np.iinfo(np.uint16).max else np.int32
    ranks = np.empty((J, n_sim), dtype=dtype)  # school-major for fast partitioning
    eff32, se32 = effect.astype(np.float32), se.astype(np.float32)
    step = max(1, chunk_cells // J)
    for start in range(0, n_sim, step):
        k = min(step, n_sim - start)
        draws = rng.standard_normal((k, J), dtype=np.float32)
        draws *= se32
        draws += eff32
        ranks[:, start : start + k] = _rank_desc(draws, kind="quicksort").T  # no ties a.s.
    i_low = int(np.floor(0.025 * (n_sim - 1)))
    i_high = int(np.ceil(0.975 * (n_sim - 1)))
    ranks.partition([i_low, i_high], axis=1)
    return ranks[:, i_low].astype(float), ranks[:, i_high].astype(float)


def fit(
    frame: pd.DataFrame,
    outcome: str,
    covariates: list[str] | tuple[str, ...] = (),
    group: str = "school",
    reml: bool = True,
    weights: str | None = None,
    seed: int = 0,
    n_sim: int = 2000,
    rank_method: str = "auto",
    sampling_sd: str | None = None,
    pupil_sd: float | None = None,
    sd_prior_dof: float = SD_PRIOR_DOF,
) -> SchoolEffectsResult:
    """Fit the random-intercept model; see the module docstring for formulas.

    Rows with a missing outcome, covariate, group or weight are dropped.
    Raises ``ModelError`` (a ``ValueError``; its ``reason`` names the case) with fewer than 2
    groups, non-positive weights, collinear covariates or too few observations.

    School means (rows are school means, ``weights`` = pupils per row): pass ``sampling_sd``
    (a column with the pupil-level SD of the row's outcome; NaN where unknown) and/or
    ``pupil_sd`` (the regional pupil SD for rows without their own) to fit the Fay–Herriot
    model with known sampling variance ``sd_i**2 / n_i`` instead of estimating the within-school
    variance from the means (see the module docstring). Rows without a usable SD (missing,
    ``<= 0`` or a single pupil) take ``pupil_sd``, else the SD pooled over the rows that have
    one; with neither, ``ModelError("no_sampling_sd")``. A row's own SD is moderated towards
    that regional SD with ``sd_prior_dof`` pupils' worth of weight (``0``: used as is).

    The effects' ``se`` is the comparative standard error ``sqrt(Var(u_j - effect_j))``: it
    includes the uncertainty of the fixed part (intercept and covariates), so
    ``effect ± 1.96 se`` (``ci_low``, ``ci_high``) is a 95 % interval for the school's true
    effect; it treats the estimated ``tau2`` (and ``sigma2``) as known.
    """
    covariates = list(covariates)
    known = sampling_sd is not None or pupil_sd is not None
    if known and weights is None:
        raise ModelError("bad_input", "known sampling variances need weights= (pupils per row)")
    cols = [outcome, *covariates, group] + ([weights] if weights is not None else [])
    missing = [c for c in cols + ([sampling_sd] if sampling_sd else []) if c not in frame.columns]
    if missing:
        raise ModelError("bad_input", f"columns not in frame: {missing}")
    data = frame[cols + ([sampling_sd] if sampling_sd else [])].dropna(subset=cols)

    codes, labels = pd.factorize(data[group], sort=True)
    J = len(labels)
    if J < 2:
        raise ModelError(
            "few_groups",
            f"need at least 2 groups in {group!r} after dropping missing rows, got {J}",
        )
    y = data[outcome].to_numpy(dtype=float)
    N = y.shape[0]
    X = np.empty((N, len(covariates) + 1))
    X[:, 0] = 1.0
    for k, c in enumerate(covariates):
        X[:, k + 1] = data[c].to_numpy(dtype=float)
    p = X.shape[1]
    if weights is None:
        w = None
        sum_log_w = 0.0
    else:
        w = data[weights].to_numpy(dtype=float)
        if not np.all(np.isfinite(w)) or np.any(w <= 0):
            raise ModelError("bad_input", f"weights column {weights!r} must be finite and > 0")
        sum_log_w = float(np.log(w).sum())
    pupil_var = None
    if known:  # Fay–Herriot: w_i = 1 / v_i = n_i / sd_i^2, sigma2 fixed at 1
        sd = data[sampling_sd].to_numpy(dtype=float) if sampling_sd else np.full(N, np.nan)
        sd2 = _pupil_variances(w, sd, pupil_sd, float(sd_prior_dof))
        pupil_var = float(np.sum(w * sd2) / np.sum(w))
        w = w / sd2
        sum_log_w = float(np.log(w).sum())
    if N <= p + (1 if reml else 0):
        raise ModelError("few_observations", f"too few observations ({N}) for {p} fixed effects")

    # global weighted cross-products
    Xw = X if w is None else X * w[:, None]
    XtX = Xw.T @ X
    Xty = Xw.T @ y
    yty = float(y @ y) if w is None else float((w * y) @ y)
    if np.linalg.matrix_rank(XtX) < p:
        raise ModelError("collinear", "covariates are collinear (with the intercept or each other)")

    # per-school sums via bincount
    n_j = np.bincount(codes, minlength=J).astype(float)
    m = n_j if w is None else np.bincount(codes, weights=w, minlength=J)
    s = np.empty((J, p))
    s[:, 0] = m
    for k in range(1, p):
        s[:, k] = np.bincount(codes, weights=Xw[:, k], minlength=J)
    t = np.bincount(codes, weights=y if w is None else w * y, minlength=J)

    return _fit_sums(
        _Sums(XtX, Xty, yty, m, s, t, n_j, sum_log_w, N),
        pd.Index(labels, name=group),
        covariates,
        reml,
        seed,
        n_sim,
        rank_method,
        pupil_var=pupil_var,
    )


def _pupil_variances(
    n: np.ndarray, sd: np.ndarray, pupil_sd: float | None, prior_dof: float
) -> np.ndarray:
    """Each row's pupil variance: the regional one ``s0**2`` (``pupil_sd``, else pooled over the
    rows with their own SD) where the row has no usable SD, else its own SD moderated towards
    it: ``(prior_dof * s0**2 + (n - 1) sd**2) / (prior_dof + n - 1)``."""
    own = np.isfinite(sd) & (sd > 0) & (n >= 2)
    if pupil_sd is not None:
        if not (np.isfinite(pupil_sd) and pupil_sd > 0):
            raise ModelError("bad_input", f"pupil_sd must be finite and > 0, got {pupil_sd!r}")
        regional = float(pupil_sd) ** 2
    elif own.any():
        dof = n[own] - 1.0
        regional = float(np.sum(dof * sd[own] ** 2) / np.sum(dof))
    else:
        raise ModelError(
            "no_sampling_sd",
            "no row has a pupil-level SD and no regional pupil_sd was given",
        )
    if not (np.isfinite(prior_dof) and prior_dof >= 0):
        raise ModelError("bad_input", f"sd_prior_dof must be finite and >= 0, got {prior_dof!r}")
    dof = np.where(own, n - 1.0, 0.0)
    moderated = prior_dof * regional + dof * np.where(own, sd, 0.0) ** 2
    return np.divide(moderated, prior_dof + dof, out=np.full(n.shape, regional), where=own)


def pupil_sd_from_sums(n, y_sum, y_sq):
    """Pupil-level SD (``ddof=1``) from a row's pupils' count, sum and sum of squares: the
    ``sampling_sd`` column for ``fit`` on school means. NaN where ``n < 2`` or data is missing;
    rounding below zero is clipped to 0 (``fit`` then uses the regional SD for that row)."""
    n = np.asarray(n, dtype=float)
    y_sum = np.asarray(y_sum, dtype=float)
    y_sq = np.asarray(y_sq, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        var = (y_sq - y_sum * y_sum / n) / (n - 1.0)
    return np.where(n >= 2, np.sqrt(np.maximum(var, 0.0)), np.nan)


@dataclass(frozen=True)
class _Sums:
    """Everything the model needs: global cross-products and per-group sums."""

    XtX: np.ndarray
    Xty: np.ndarray
    yty: float
    m: np.ndarray
    s: np.ndarray
    t: np.ndarray
    n_j: np.ndarray
    sum_log_w: float
    N: int


def fit_school_sums(
    frame: pd.DataFrame,
    covariates: list[str] | tuple[str, ...] = (),
    group: str = "school",
    n: str = "n",
    y_sum: str = "y_sum",
    y_sq: str = "y_sq",
    reml: bool = True,
    seed: int = 0,
    n_sim: int = 2000,
    rank_method: str = "auto",
) -> SchoolEffectsResult:
    """The pupil-level fit from one row per school: its pupils' count, sum and sum of squares.

    Exact when every covariate is constant within a school (a school-level covariate): then
    ``X'X = sum_j n_j x_j x_j'``, ``X'y = sum_j x_j t_j``, ``y'y = sum of y_sq`` and the
    per-school sums are ``m_j = n_j``, ``s_j = n_j x_j``, ``t_j = y_sum_j`` — the same
    numbers ``fit`` computes from the pupil rows, so the results agree to rounding.
    """
    covariates = list(covariates)
    cols = [group, n, y_sum, y_sq, *covariates]
    missing = [c for c in cols if c not in frame.columns]
    if missing:
        raise ModelError("bad_input", f"columns not in frame: {missing}")
    data = frame[cols].dropna()
    data = data[data[n] > 0]
    if data[group].duplicated().any():
        raise ModelError("bad_input", f"one row per {group!r} expected")
    data = data.sort_values(group)
    J = len(data)
    if J < 2:
        raise ModelError(
            "few_groups",
            f"need at least 2 groups in {group!r} after dropping missing rows, got {J}",
        )
    n_j = data[n].to_numpy(dtype=float)
    x = np.empty((J, len(covariates) + 1))
    x[:, 0] = 1.0
    for k, c in enumerate(covariates):
        x[:, k + 1] = data[c].to_numpy(dtype=float)
    p = x.shape[1]
    N = int(n_j.sum())
    if N <= p + (1 if reml else 0):
        raise ModelError("few_observations", f"too few observations ({N}) for {p} fixed effects")
    t = data[y_sum].to_numpy(dtype=float)
    XtX = (x * n_j[:, None]).T @ x
    if np.linalg.matrix_rank(XtX) < p:
        raise ModelError("collinear", "covariates are collinear (with the intercept or each other)")
    sums = _Sums(XtX, x.T @ t, float(data[y_sq].sum()), n_j, x * n_j[:, None], t, n_j, 0.0, N)
    labels = pd.Index(data[group].to_numpy(), name=group)
    return _fit_sums(sums, labels, covariates, reml, seed, n_sim, rank_method)


def _fit_sums(
    sums: _Sums,
    labels: pd.Index,
    covariates: list[str],
    reml: bool,
    seed: int,
    n_sim: int,
    rank_method: str,
    pupil_var: float | None = None,
) -> SchoolEffectsResult:
    """``pupil_var`` set: the rows' sampling variances are known (weights are ``1 / v_i``),
    so sigma2 = 1 in the algebra and the result reports ``pupil_var`` as ``sigma2``."""
    XtX, Xty, yty, m, s, t = sums.XtX, sums.Xty, sums.yty, sums.m, sums.s, sums.t
    n_j, sum_log_w, N = sums.n_j, sums.sum_log_w, sums.N
    p, J = XtX.shape[0], len(labels)
    known = pupil_var is not None
    prof = _Profile(XtX, Xty, yty, m, s, t, sum_log_w, N, reml, known=known)
    lam = prof.optimise()
    c, A, beta, rss = prof.parts(lam)
    sigma2 = 1.0 if known else float(rss / (N - p if reml else N))
    tau2 = lam * sigma2
    deviance = prof.deviance(lam)

    A_inv = np.linalg.inv(A)
    names = ["Intercept", *covariates]
    fixed = pd.Series(beta, index=names, name="estimate")
    fixed_se = pd.Series(np.sqrt(sigma2 * np.diag(A_inv)), index=names, name="se")

    raw = (t - s @ beta) / m
    reliability = lam * m / (1.0 + lam * m)
    effect = reliability * raw
    quad = np.einsum("ja,ab,jb->j", s, A_inv, s)
    se = np.sqrt(np.maximum(sigma2 * (c + c * c * quad), 0.0))
    rank = _rank_desc(effect)
    simulate_ranks = rank_method == "simulation" or (
        rank_method == "auto" and J * int(n_sim) <= SIMULATION_MAX_CELLS
    )
    if n_sim > 0 and simulate_ranks:
        rank_low, rank_high = _rank_intervals(effect, se, int(n_sim), seed)
    elif n_sim > 0:
        rank_low, rank_high = rank_intervals(effect, se)
    else:
        rank_low = rank_high = np.full(J, np.nan)
    effects = pd.DataFrame(
        {
            "n": n_j.astype(np.int64),
            "raw": raw,
            "effect": effect,
            "se": se,
            "ci_low": effect - _Z95 * se,
            "ci_high": effect + _Z95 * se,
            "reliability": reliability,
            "rank": rank,
            "rank_low": rank_low,
            "rank_high": rank_high,
        },
        index=labels,
    )
    return SchoolEffectsResult(
        fixed=fixed,
        fixed_se=fixed_se,
        tau2=float(tau2),
        sigma2=float(pupil_var) if known else sigma2,
        deviance=float(deviance),
        effects=effects,
        reml=reml,
        n_obs=N,
        n_groups=J,
        known_sampling_variance=known,
    )


def simulate(
    n_schools: int,
    pupils_per_school: int,
    seed: int = 0,
    n_cov: int = 3,
    tau: float = 0.3,
    sigma: float = 0.8,
) -> pd.DataFrame:
    """Balanced simulated data set (used by ``benchmark`` and tests)."""
    rng = np.random.default_rng(seed)
    N = n_schools * pupils_per_school
    school = np.repeat(np.arange(n_schools), pupils_per_school)
    X = rng.standard_normal((N, n_cov))
    beta = np.linspace(0.5, -0.5, n_cov) if n_cov > 1 else np.array([0.5])
    u = tau * rng.standard_normal(n_schools)
    y = 0.1 + X @ beta + u[school] + sigma * rng.standard_normal(N)
    frame = pd.DataFrame(X, columns=[f"x{k + 1}" for k in range(n_cov)])
    frame["y"] = y
    frame["school"] = school
    return frame


def benchmark(n_schools: int, pupils_per_school: int, seed: int = 0, n_sim: int = 0) -> float:
    """Seconds for one REML ``fit`` on simulated data with 3 covariates.

    Data generation is not timed.  ``n_sim=0`` (default) times the model and
    the effects without the rank-interval simulation.
    """
    frame = simulate(n_schools, pupils_per_school, seed=seed, n_cov=3)
    start = time.perf_counter()
    fit(frame, "y", ["x1", "x2", "x3"], group="school", reml=True, seed=seed, n_sim=n_sim)
    return time.perf_counter() - start
