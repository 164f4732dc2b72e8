"""Rankings data access on both backends: regional fit, redaction per scope, inputs checked
against SQL written independently in the test."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import text

from dashboard import rules
from dashboard.analytics import school_effects
from data_access import rankings
from data_access.visibility import region_scope


def _latest_vpr(engine) -> tuple[int, str, int]:
    with engine.connect() as conn:
        return tuple(
            conn.execute(
                text(
                    "SELECT p.year, p.subject, p.grade FROM procedure p WHERE p.kind = 'vpr' "
                    "ORDER BY p.year DESC, p.subject, p.grade LIMIT 1"
                )
            ).one()
        )


@pytest.fixture
def latest(demo_engine):
    return _latest_vpr(demo_engine)


def test_fit_is_regional_and_the_director_sees_only_its_own_name(demo_engine, scopes, latest):
    year = latest[0]
    region = rankings.school_rankings(
        scopes["region"], "vpr", rankings.ALL, 0, year, ["social_index"], "pupil"
    )
    director = rankings.school_rankings(
        scopes["school"], "vpr", rankings.ALL, 0, year, ["social_index"], "pupil"
    )
    assert region["n_groups"] == director["n_groups"] and math.isclose(
        region["tau2"], director["tau2"]
    )
    # The director misses only the schools whose result a procedure of the outcome hides from
    # them (a small school's cover: data_access.suppression), and the note counts them.
    missing = len(region["table"]) - len(director["table"])
    assert 0 <= missing and director["hidden_small"] == region["hidden_small"] + missing
    assert region["table"]["named"].all()
    named = director["table"][director["table"]["named"]]
    with demo_engine.connect() as conn:
        own_code = conn.execute(
            text("SELECT school_code FROM school WHERE id = :i"), {"i": scopes["school"].school_id}
        ).scalar_one()
    assert named["school_code"].tolist() == [own_code] and named["is_own"].all()
    anonymous = director["table"][~director["table"]["named"]]
    assert anonymous["school_code"].isna().all() and anonymous["name"].isna().all()
    assert "school_id" not in director["table"].columns
    # the director's own effect is the region's effect for that school
    own_region = region["table"].set_index("school_code").loc[own_code]
    assert math.isclose(float(named["effect"].iloc[0]), float(own_region["effect"]))


def test_viewer_gets_no_names(scopes, latest):
    view = rankings.school_rankings(
        scopes["viewer"], "vpr", rankings.ALL, 0, latest[0], [], "school"
    )
    assert not view["table"]["named"].any() and view["table"]["school_code"].isna().all()


def test_municipality_names_only_its_own(demo_engine, scopes, latest):
    view = rankings.school_rankings(
        scopes["municipality"], "vpr", rankings.ALL, 0, latest[0], ["social_index"], "school"
    )
    with demo_engine.connect() as conn:
        own = set(
            conn.execute(
                text("SELECT school_code FROM school WHERE municipality_id = :m"),
                {"m": scopes["municipality"].municipality_id},
            ).scalars()
        )
    assert set(view["table"].loc[view["table"]["named"], "school_code"]) <= own


def _school_rows_with_pupil_sd(engine, subject, grade, year) -> pd.DataFrame:
    """School means of one procedure with the SD of their pupils' percent, read from the pupil
    rows themselves (not the summaries the view reads)."""
    with engine.connect() as conn:
        rows = pd.DataFrame(
            conn.execute(
                text(
                    "SELECT s.school_code, r.participants, r.mean_percent FROM school_result r "
                    "JOIN school s ON s.id = r.school_id JOIN procedure p ON p.id = r.procedure_id "
                    "WHERE p.kind = 'vpr' AND p.subject = :s AND p.grade = :g AND p.year = :y "
                    "AND r.participants > 0 AND r.mean_percent IS NOT NULL"
                ),
                {"s": subject, "g": grade, "y": year},
            ).all(),
            columns=["school_code", "participants", "mean_percent"],
        )
        pupils = pd.DataFrame(
            conn.execute(
                text(
                    "SELECT s.school_code, u.primary_score * 100.0 / p.max_score "
                    "FROM pupil_result u JOIN school s ON s.id = u.school_id "
                    "JOIN procedure p ON p.id = u.procedure_id "
                    "WHERE p.kind = 'vpr' AND p.subject = :s AND p.grade = :g AND p.year = :y"
                ),
                {"s": subject, "g": grade, "y": year},
            ).all(),
            columns=["school_code", "y"],
        )
    sd = pupils.groupby("school_code")["y"].std(ddof=1).rename("sd")
    return rows.join(sd, on="school_code")


def test_school_level_single_procedure_reproduces_an_independent_fit(demo_engine, scopes, latest):
    """Outcome rows read with SQL in the test, fitted directly (Fay–Herriot, each school's
    sampling variance its pupils' variance / n): same effects."""
    year, subject, grade = latest
    view = rankings.school_rankings(scopes["region"], "vpr", subject, grade, year, [], "school")
    rows = _school_rows_with_pupil_sd(demo_engine, subject, grade, year)
    assert rows["sd"].notna().sum() > 10
    direct = school_effects.fit(
        rows,
        "mean_percent",
        [],
        group="school_code",
        weights="participants",
        sampling_sd="sd",
        n_sim=0,
    )
    assert view["known_sampling_variance"] and direct.known_sampling_variance
    table = view["table"].set_index("school_code")
    # the SDs come from sums there and from the pupil rows here: equal to rounding
    assert math.isclose(view["tau2"], direct.tau2, rel_tol=1e-6)
    assert math.isclose(view["sigma2"], direct.sigma2, rel_tol=1e-9)
    common = table.index.intersection(direct.effects.index)
    assert len(common) == len(table)
    assert np.allclose(table.loc[common, "effect"], direct.effects.loc[common, "effect"])
    assert np.allclose(table.loc[common, "se"], direct.effects.loc[common, "se"])
    assert np.allclose(
        table.loc[common, "result"], rows.set_index("school_code").loc[common, "mean_percent"]
    )
    assert (table["rank_low"] <= table["rank"]).all() and (
        table["rank"] <= table["rank_high"]
    ).all()


def test_pupil_level_reads_the_pupils(demo_engine, scopes, latest):
    year, subject, grade = latest
    view = rankings.school_rankings(scopes["region"], "vpr", subject, grade, year, [], "pupil")
    with demo_engine.connect() as conn:
        count = conn.execute(
            text(
                "SELECT COUNT(*) FROM pupil_result r JOIN procedure p ON p.id = r.procedure_id "
                "WHERE p.kind = 'vpr' AND p.subject = :s AND p.grade = :g AND p.year = :y"
            ),
            {"s": subject, "g": grade, "y": year},
        ).scalar_one()
    assert view["n_obs"] == count
    assert 0 < view["icc"] < 1


def _pupil_composites(engine, year: int) -> pd.DataFrame:
    """One row per pupil of the year's ВПР (school, grade, participant code): the mean over
    the pupil's subjects of their percent minus the procedure's mean over the region's pupils,
    read from the pupil rows here."""
    with engine.connect() as conn:
        rows = pd.DataFrame(
            conn.execute(
                text(
                    "SELECT s.school_code, p.grade, r.participant_code, r.procedure_id, "
                    "r.primary_score * 100.0 / p.max_score AS y FROM pupil_result r "
                    "JOIN procedure p ON p.id = r.procedure_id "
                    "JOIN school s ON s.id = r.school_id WHERE p.kind = 'vpr' AND p.year = :y"
                ),
                {"y": year},
            ).all(),
            columns=["school_code", "grade", "participant_code", "procedure_id", "y"],
        )
    rows["y"] = rows["y"] - rows.groupby("procedure_id")["y"].transform("mean")
    return rows.groupby(["school_code", "grade", "participant_code"], as_index=False)["y"].mean()


def test_pupil_level_composite_equals_a_fit_on_the_pupil_rows(demo_engine, scopes, latest):
    """The composite is one outcome per pupil (issue 17, §2): here the pupil rows are read, a
    pupil's subjects linked by school, grade and participant code and averaged, and the model
    fitted directly on those pupils: same model, same effects, n = distinct pupils."""
    year = latest[0]
    view = rankings.school_rankings(scopes["region"], "vpr", rankings.ALL, 0, year, [], "pupil")
    pupils = _pupil_composites(demo_engine, year)
    direct = school_effects.fit(pupils, "y", [], group="school_code", n_sim=0)
    assert view["n_obs"] == len(pupils)
    with demo_engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT COUNT(*) FROM pupil_result r JOIN procedure p ON p.id = r.procedure_id "
                "WHERE p.kind = 'vpr' AND p.year = :y"
            ),
            {"y": year},
        ).scalar_one()
    assert len(pupils) < 0.6 * rows  # the demo's pupils sit 2–3 subjects
    distinct = pupils.groupby("school_code").size()
    table = view["table"].set_index("school_code")
    assert (table["n"] == distinct.reindex(table.index)).all()
    assert math.isclose(view["tau2"], direct.tau2, rel_tol=1e-5)
    assert math.isclose(view["sigma2"], direct.sigma2, rel_tol=1e-7)
    common = table.index.intersection(direct.effects.index)
    assert len(common) == len(table) > 10
    assert np.allclose(
        table.loc[common, "effect"], direct.effects.loc[common, "effect"], rtol=1e-5, atol=1e-6
    )


def test_prior_attainment_is_last_years_cohort(demo_engine, scopes):
    """grade g−1, year y−1, same subject: centred school mean, checked for one school."""
    system = region_scope(scopes["region"])
    with demo_engine.connect() as conn:
        target = conn.execute(
            text(
                "SELECT p.id, p.subject, p.grade, p.year FROM procedure p "
                "WHERE p.kind = 'vpr' AND EXISTS "
                "(SELECT 1 FROM procedure q WHERE q.kind = 'vpr' AND q.subject = p.subject "
                " AND q.grade = p.grade - 1 AND q.year = p.year - 1) ORDER BY p.year DESC LIMIT 1"
            )
        ).one()
        prior = pd.DataFrame(
            conn.execute(
                text(
                    "SELECT r.school_id, r.participants, r.mean_percent FROM school_result r "
                    "JOIN procedure q ON q.id = r.procedure_id "
                    "WHERE q.kind = 'vpr' AND q.subject = :s "
                    "AND q.grade = :g AND q.year = :y AND r.participants > 0"
                ),
                {"s": target.subject, "g": target.grade - 1, "y": target.year - 1},
            ).all(),
            columns=["school_id", "participants", "mean_percent"],
        )
    regional = np.average(prior["mean_percent"], weights=prior["participants"])
    procedures = pd.DataFrame({"subject": [target.subject], "grade": [target.grade]})
    got = rankings._prior(system, "vpr", procedures, target.year)
    expected = prior.set_index("school_id")["mean_percent"] - regional
    assert np.allclose(got.sort_index().to_numpy(), expected.sort_index().to_numpy())


def test_small_schools_are_hidden_but_fitted(scopes, latest, monkeypatch):
    monkeypatch.setenv("OKO_MIN_CELL", "40")
    year, subject, grade = latest
    view = rankings.school_rankings(scopes["region"], "vpr", subject, grade, year, [], "school")
    assert view["hidden_small"] > 0
    assert (view["table"]["n"] >= 40).all()
    assert len(view["table"]) + view["hidden_small"] == view["n_groups"]


def test_bad_inputs_are_refused(scopes, latest):
    with pytest.raises(ValueError):
        rankings.school_rankings(
            scopes["region"], "vpr", rankings.ALL, 0, latest[0], ["no_such"], "pupil"
        )
    with pytest.raises(ValueError):
        rankings.school_rankings(
            scopes["region"], "vpr", rankings.ALL, 0, latest[0], [], "district"
        )
    empty = rankings.school_rankings(scopes["region"], "vpr", rankings.ALL, 0, 1999, [], "school")
    assert empty["empty"] == "no_procedure"


# ------------------------------------------------------------------ no false rankings (issue 16)
def _latest_vpr_outcomes(engine) -> list[tuple[str, int, int]]:
    """(subject, grade, year) of every ВПР of the latest year that has a prior-year cohort."""
    with engine.connect() as conn:
        return [
            tuple(row)
            for row in conn.execute(
                text(
                    "SELECT p.subject, p.grade, p.year FROM procedure p WHERE p.kind = 'vpr' "
                    "AND p.year = (SELECT MAX(year) FROM procedure WHERE kind = 'vpr') AND EXISTS "
                    "(SELECT 1 FROM procedure q WHERE q.kind = 'vpr' AND q.subject = p.subject "
                    " AND q.grade = p.grade - 1 AND q.year = p.year - 1) "
                    "ORDER BY p.subject, p.grade"
                )
            ).all()
        ]


def test_a_collapsed_model_is_reported_and_ranks_nobody(demo_engine, scopes, monkeypatch):
    """Every school's mean set to the region's mean (± 0.5 p.p., far inside its sampling
    error): REML puts tau2 at 0 and the answer is
    `collapsed` with its variances, never a table of ranks (the same fit without the collapse
    check: every effect 0, so ranks would be noise)."""
    covariates = ["social_index", "prior"]
    subject, grade, year = _latest_vpr_outcomes(demo_engine)[0]
    system = region_scope(scopes["region"])
    real_model = rankings._model

    def no_differences(frame, covariates, level):
        level_mean = np.average(frame["y"], weights=frame["participants"])
        jitter = 0.5 * np.random.default_rng(0).standard_normal(len(frame))
        return real_model(frame.assign(y=level_mean + jitter), covariates, level)

    monkeypatch.setattr(rankings, "_model", no_differences)
    args = rankings._arguments(scopes["region"], "vpr", subject, grade, year, covariates, "school")
    view = rankings._fit(system, args)
    assert set(view) == {"empty", "tau2", "sigma2", "n_groups"}  # no table, no ranks
    assert view["empty"] == "collapsed" and view["n_groups"] > 2
    assert view["tau2"] <= rules.RANKINGS_COLLAPSED_TAU2_RATIO * view["sigma2"]
    monkeypatch.setattr(rules, "RANKINGS_COLLAPSED_TAU2_RATIO", -1.0)
    full = rankings._fit(system, args)
    assert math.isclose(full["tau2"], view["tau2"], abs_tol=1e-12)
    assert np.allclose(full["effects"]["effect"], 0.0, atol=1e-6)


def test_the_school_level_model_no_longer_collapses_on_the_demo(demo_engine, scopes):
    """Issue 17: with the within-school variance estimated from the means, the school-level
    model adjusted for last year's cohort put tau2 at 0 on real differences (demo: ВПР
    математика 8 on the region). With each mean's sampling variance known (its pupils' SD²/n,
    Fay–Herriot) only tau2 is estimated, and no latest-year ВПР collapses."""
    outcomes = _latest_vpr_outcomes(demo_engine)
    assert outcomes
    for subject, grade, year in outcomes:
        view = rankings.school_rankings(
            scopes["region"], "vpr", subject, grade, year, ["social_index", "prior"], "school"
        )
        assert "empty" not in view, (subject, grade, view)
        assert view["known_sampling_variance"]
        assert view["tau2"] > rules.RANKINGS_COLLAPSED_TAU2_RATIO * view["sigma2"]


def test_the_collapse_tolerance_is_relative_to_sigma2(scopes, latest, monkeypatch):
    """tau2 just under the ratio × sigma2 collapses; just over it, the schools are ranked."""
    year, subject, grade = latest
    system = region_scope(scopes["region"])
    args = rankings._arguments(scopes["region"], "vpr", subject, grade, year, [], "school")
    real_model = rankings._model
    ratio = rules.RANKINGS_COLLAPSED_TAU2_RATIO

    def scaled(factor: float):
        def model(frame, covariates, level):
            fitted = real_model(frame, covariates, level)
            return dataclasses.replace(fitted, tau2=factor * ratio * fitted.sigma2)

        return model

    monkeypatch.setattr(rankings, "_model", scaled(0.5))
    assert rankings._fit(system, args)["empty"] == "collapsed"
    monkeypatch.setattr(rankings, "_model", scaled(2.0))
    ranked = rankings._fit(system, args)
    assert "empty" not in ranked and ranked["effects"]["rank"].notna().all()


def test_oge_adjusted_for_a_missing_prior_year_says_so(demo_engine, scopes):
    """ОГЭ (grade 9) has no grade-8 ОГЭ a year earlier: a reason, not «need at least 2 groups»."""
    with demo_engine.connect() as conn:
        subject, grade, year = conn.execute(
            text(
                "SELECT subject, grade, year FROM procedure WHERE kind = 'oge' "
                "ORDER BY year DESC, subject LIMIT 1"
            )
        ).one()
    for level in rankings.LEVELS:
        view = rankings.school_rankings(
            scopes["region"], "oge", subject, grade, year, ["social_index", "prior"], level
        )
        assert view == {"empty": "no_prior"}


@pytest.mark.parametrize(
    ("failure", "reason"),
    [
        (
            school_effects.ModelError("few_groups", "need at least 2 groups in 'school_id'"),
            "few_schools",
        ),
        (school_effects.ModelError("few_observations", "too few observations (2)"), "few_schools"),
        (school_effects.ModelError("collinear", "covariates are collinear"), "collinear"),
        (np.linalg.LinAlgError("Singular matrix"), "no_fit"),
        (ValueError("need at least 2 groups in 'school_id'"), "no_fit"),
    ],
)
def test_a_model_failure_is_a_reason_code_and_the_python_text_is_only_logged(
    scopes, latest, monkeypatch, caplog, failure, reason
):
    year, subject, grade = latest
    system = region_scope(scopes["region"])
    args = rankings._arguments(scopes["region"], "vpr", subject, grade, year, [], "school")

    def fails(frame, covariates, level):
        raise failure

    monkeypatch.setattr(rankings, "_model", fails)
    with caplog.at_level("WARNING", logger="data_access.rankings"):
        assert rankings._fit(system, args) == {"empty": reason}
    assert str(failure) in caplog.text


# ------------------------------------------------------------------ own schools (issue 16)
def test_own_rows_are_the_directors_school_or_the_municipalitys_schools(
    demo_engine, scopes, latest
):
    """`is_own` follows data_access.home.own_school_ids; `own` says which kind they are."""
    year = latest[0]
    views = {
        role: rankings.school_rankings(
            scopes[role], "vpr", rankings.ALL, 0, year, ["social_index"], "school"
        )
        for role in ("region", "municipality", "school", "viewer")
    }
    with demo_engine.connect() as conn:
        municipality = set(
            conn.execute(
                text("SELECT school_code FROM school WHERE municipality_id = :m"),
                {"m": scopes["municipality"].municipality_id},
            ).scalars()
        )
    district = views["municipality"]["table"]
    assert district["is_own"].any()
    assert set(district.loc[district["is_own"], "school_code"]) == (
        set(district["school_code"].dropna()) & municipality
    )
    assert views["municipality"]["own"] == "municipality"
    assert views["school"]["table"]["is_own"].sum() == 1 and views["school"]["own"] == "school"
    for role in ("region", "viewer"):
        assert not views[role]["table"]["is_own"].any() and views[role]["own"] is None


def test_only_a_school_named_to_the_user_has_a_profile_to_open(demo_engine, scopes):
    from data_access.scope import OutOfScope

    with demo_engine.connect() as conn:
        own, foreign = (
            conn.execute(
                text("SELECT school_code FROM school WHERE id = :i"),
                {"i": scopes["school"].school_id},
            ).scalar_one(),
            conn.execute(
                text("SELECT school_code FROM school WHERE id != :i ORDER BY id LIMIT 1"),
                {"i": scopes["school"].school_id},
            ).scalar_one(),
        )
    assert rankings.named_school_code(scopes["school"], own) == own
    assert rankings.named_school_code(scopes["region"], foreign) == foreign
    for forged in (foreign, "NOPE", None, 7, ["x"]):
        with pytest.raises(OutOfScope):
            rankings.named_school_code(scopes["school"], forged)
    with pytest.raises(OutOfScope):
        rankings.named_school_code(scopes["viewer"], own)


# ------------------------------------------------------------------ intervals (issue 17)
def test_resilience_by_result_uses_the_measured_se_of_the_schools_result(
    demo_engine, scopes, latest
):
    """The lower end of a school's result interval is result − 1.96·√(var/n), with its pupils'
    own variance read here from the pupil rows (not the assumed 20 p.p. of rules)."""
    year, subject, grade = latest
    view = rankings.school_rankings(scopes["region"], "vpr", subject, grade, year, [], "pupil")
    with demo_engine.connect() as conn:
        pupils = pd.DataFrame(
            conn.execute(
                text(
                    "SELECT s.school_code, u.primary_score * 100.0 / p.max_score "
                    "FROM pupil_result u JOIN school s ON s.id = u.school_id "
                    "JOIN procedure p ON p.id = u.procedure_id "
                    "WHERE p.kind = 'vpr' AND p.subject = :s AND p.grade = :g AND p.year = :y"
                ),
                {"s": subject, "g": grade, "y": year},
            ).all(),
            columns=["school_code", "y"],
        )
    by_school = pupils.groupby("school_code")["y"]
    se = by_school.std(ddof=1) / np.sqrt(by_school.count())
    table = view["table"].set_index("school_code")
    expected = table["result"] - 1.959963984540054 * se.reindex(table.index)
    assert np.allclose(table["result_low"], expected)
    assume = table["result"] - 1.959963984540054 * rules.RESILIENT_DEFAULT_PUPIL_SD / np.sqrt(
        table["n"]
    )
    assert not np.allclose(table["result_low"], assume)
    resilient = table[table["resilient"] & (table["effect_class"] != "above")]
    assert (resilient["result_low"] > resilient["result_reference"]).all()


def test_school_level_composite_is_one_row_per_school_with_its_pupils_composite_sd(
    demo_engine, scopes, latest
):
    """School level, composite: one row per school whose mean and SD are those of its pupils'
    composites (not one row per subject taken as independent pupils)."""
    year = latest[0]
    view = rankings.school_rankings(scopes["region"], "vpr", rankings.ALL, 0, year, [], "school")
    pupils = _pupil_composites(demo_engine, year)
    by_school = pupils.groupby("school_code")["y"]
    frame = pd.DataFrame(
        {"y": by_school.mean(), "n": by_school.size(), "sd": by_school.std(ddof=1)}
    ).reset_index()
    direct = school_effects.fit(
        frame, "y", [], group="school_code", weights="n", sampling_sd="sd", n_sim=0
    )
    assert view["n_obs"] == view["n_groups"] == direct.n_obs
    assert math.isclose(view["tau2"], direct.tau2, rel_tol=1e-5)
    table = view["table"].set_index("school_code")
    assert np.allclose(table["result"], by_school.mean().reindex(table.index))
    assert np.allclose(
        table["effect"], direct.effects["effect"].reindex(table.index), rtol=1e-5, atol=1e-6
    )


def test_composite_without_pupil_rows_counts_each_grades_largest_subject(
    demo_engine, scopes, latest, monkeypatch
):
    """School means only: a pupil's subjects cannot be linked, so a school's pupils are the
    largest participant count of each grade, summed over grades."""
    year = latest[0]
    system = region_scope(scopes["region"])
    real = rankings._pupil_composites
    monkeypatch.setattr(rankings, "_pupil_composites", lambda s, p, r: real(s, p, r).iloc[0:0])
    args = rankings._arguments(scopes["region"], "vpr", rankings.ALL, 0, year, [], "school")
    effects = rankings._fit(system, args)["effects"]
    with demo_engine.connect() as conn:
        means = pd.DataFrame(
            conn.execute(
                text(
                    "SELECT r.school_id, p.grade, r.participants FROM school_result r "
                    "JOIN procedure p ON p.id = r.procedure_id "
                    "WHERE p.kind = 'vpr' AND p.year = :y AND r.participants > 0"
                ),
                {"y": year},
            ).all(),
            columns=["school_id", "grade", "participants"],
        )
    pupils = means.groupby(["school_id", "grade"])["participants"].max().groupby(level=0).sum()
    assert (effects["n"] == pupils.reindex(effects.index)).all()
    assert (effects["n"] < means.groupby("school_id")["participants"].sum()[effects.index]).any()


def test_school_level_without_pupil_summaries_takes_the_regional_pupil_sd(
    scopes, latest, monkeypatch
):
    """Only school means in the database: the sampling variance is the assumed regional pupil
    SD² / n (rules.RANKINGS_REGIONAL_PUPIL_SD), not estimated from the means."""
    year, subject, grade = latest
    system = region_scope(scopes["region"])
    real_rows = rankings._pupil_rows
    monkeypatch.setattr(rankings, "_pupil_rows", lambda s, p: real_rows(s, p).iloc[0:0])
    args = rankings._arguments(scopes["region"], "vpr", subject, grade, year, [], "school")
    fitted = rankings._fit(system, args)
    assert fitted["known_sampling_variance"]
    assert math.isclose(fitted["sigma2"], rules.RANKINGS_REGIONAL_PUPIL_SD**2)
    effects = fitted["effects"]
    expected_low = effects["result"] - 1.959963984540054 * rules.RANKINGS_REGIONAL_PUPIL_SD / (
        np.sqrt(effects["n"])
    )
    assert np.allclose(effects["result_low"], expected_low)


def test_funnel_limits_allow_for_the_schools_real_spread(scopes, latest):
    """On the demo, plain limits ±z·σ/√n leave a large share of schools outside the 99.8 %
    limits; with the overdispersion estimated over the fit (dashboard.analytics.funnel) few."""
    from dashboard.analytics import funnel

    view = rankings.school_rankings(
        scopes["region"], "vpr", rankings.ALL, 0, latest[0], ["social_index"], "pupil"
    )
    table, sd, z = view["table"], math.sqrt(view["sigma2"]), rules.FUNNEL_Z[1]
    plain = funnel.outside_share(table["result"], table["n"], view["centre"], sd, z)
    adjusted = funnel.outside_share(
        table["result"], table["n"], view["centre"], sd, z, view["funnel_tau2"]
    )
    print(f"demo: outside 99.8 % plain {plain:.1%}, adjusted {adjusted:.1%}")
    assert view["funnel_tau2"] > 0 and view["funnel_phi"] > 1
    assert plain > 0.15
    assert adjusted < 0.03


def test_the_stored_fit_is_keyed_by_its_version(scopes):
    """A fit stored by an older version (other shape, other meaning) is never read back."""
    system = region_scope(scopes["region"])
    args = rankings.default_arguments(system)
    assert rankings._store_args(system, args)["version"] == rankings.STORE_VERSION >= 2
    (name, stored_args, _), *_ = rankings.derived_results(system)
    assert name == "rankings_fit" and stored_args == rankings._store_args(system, args)


def test_pupils_of_a_school_without_a_published_result_stay_out_of_the_fit(
    demo_engine, scopes, latest, monkeypatch
):
    """Seen under load (issue 22): a pupil file imported for schools that have no school-level
    row of the procedure made the pupil-level fit crash on their missing participants. Such a
    school is not ranked and its pupils stay out of the fit."""
    year, subject, grade = latest
    system = region_scope(scopes["region"])
    real_means = rankings._school_means
    left_out: list[int] = []

    def without_one_school(scope, procedure_ids):
        means = real_means(scope, procedure_ids)
        left_out.append(int(means["school_id"].iloc[0]))
        return means[means["school_id"] != left_out[0]]

    monkeypatch.setattr(rankings, "_school_means", without_one_school)
    args = rankings._arguments(scopes["region"], "vpr", subject, grade, year, [], "pupil")
    view = rankings._fit(system, args)
    effects = view["effects"]
    assert left_out and left_out[0] not in set(effects.index)
    assert (effects["n"] > 0).all()
    with demo_engine.connect() as conn:
        pupils = conn.execute(
            text(
                "SELECT COUNT(*) FROM pupil_result r JOIN procedure p ON p.id = r.procedure_id "
                "WHERE p.kind = 'vpr' AND p.subject = :s AND p.grade = :g AND p.year = :y "
                "AND r.school_id <> :school"
            ),
            {"s": subject, "g": grade, "y": year, "school": left_out[0]},
        ).scalar_one()
    assert view["n_obs"] == pupils
