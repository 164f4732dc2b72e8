"""Context-adjusted rankings (`/rankings`): the regional school-effects model, redacted per scope.

Decision — fit on every school, reveal only what the scope may see. A school effect is
defined against the region: the fixed effects, the variance components and every shrunken
effect depend on all schools of the region, so fitting on the caller's own schools would give
a different (and for a director meaningless, one-school) model. The fit therefore runs on an
internal system-level read of the caller's region (`visibility.region_scope`: same region, role
"region"; it never leaves this module) and is cached under that scope, so every user of the
region shares one fit. The answer then passes through `_redact`: names and codes only for the
schools in `schools_named(scope)` (admin/region: all; municipality: its own; director: its own,
highlighted; viewer: none), other schools stay as anonymous points without ids; schools with
fewer than OKO_MIN_CELL participants are left out of the answer (they still inform the fit).

Outcome: one procedure (percent of the maximal score) or a composite over every subject and/or
grade of a kind and year: one outcome per pupil, the mean over the subjects the pupil took of
their percent minus the procedure's regional pupil mean (centred, not standardised, so it stays
in percentage points and procedures of different difficulty pool). A pupil's rows are linked by
(school, year, grade, participant code) in one grouped query (_pupil_composites), so a school's
n is its distinct pupils and one pupil's subjects are not taken as independent pupils; schools
with school means only cannot be linked (_composite_schools says what they get). There are no
pupil-level covariates in the data model, so covariates are school-level.
School level fits the school means with each mean's sampling variance taken as known (its
pupils' SD² / n from the pupil summaries, else a regional SD: Fay–Herriot, see
dashboard.analytics.school_effects), so only the between-school variance is estimated. The
effects' SE is the comparative one (it includes the uncertainty of the fixed part), and the
funnel's limits allow for the schools' overdispersion (dashboard.analytics.funnel).
"""

from __future__ import annotations

import logging

import numpy as np
import pandas as pd
from sqlalchemy import case, func, select

from dashboard import rules
from dashboard.analytics import funnel, school_categories, school_effects
from dashboard.models import (
    ContextValue,
    Municipality,
    Procedure,
    PupilResult,
    School,
    SchoolPupilSummary,
    SchoolResult,
)
from data_access import cache, database, derived, fit_budget
from data_access.home import own_school_ids
from data_access.school_profile import indicator_catalogue, region_flags
from data_access.scope import Scope
from data_access.single_flight import cached_once
from data_access.suppression import hidden_results
from data_access.visibility import (
    assessed_procedures,
    region_scope,
    require_school,
    schools_in_region,
    schools_named,
)

ALL = "__all__"
LEVELS = ("pupil", "school")
SPECIAL_COVARIATES = ("social_index", "prior", "rural")
COVARIATE_GROUPS = ("social_conditions", "conditions")

log = logging.getLogger(__name__)


def covariate_options(scope: Scope) -> list[tuple[str, str | None]]:
    """(code, catalogue name) of the covariates offered: special ones (no name), then indicators."""
    catalogue = indicator_catalogue(scope)
    chosen = catalogue[catalogue["group"].isin(COVARIATE_GROUPS)].sort_values(["group", "code"])
    return [(c, None) for c in SPECIAL_COVARIATES] + list(
        zip(chosen["code"], chosen["name"], strict=True)
    )


def _procedures(system: Scope, kind: str, subject: str, grade: int, year: int) -> pd.DataFrame:
    """The outcome's procedures with results in the region; none for a voluntary work's kind
    (visibility.assessed_procedures): its self-selected schools are never ranked."""
    stmt = select(
        Procedure.id, Procedure.subject, Procedure.grade, Procedure.max_score, Procedure.held_on
    ).where(Procedure.kind == kind, Procedure.year == year, assessed_procedures())
    if subject != ALL:
        stmt = stmt.where(Procedure.subject == subject)
    if grade != 0:
        stmt = stmt.where(Procedure.grade == grade)
    stmt = stmt.where(
        Procedure.id.in_(
            select(SchoolResult.procedure_id)
            .join(School, School.id == SchoolResult.school_id)
            .where(schools_in_region(system))
        )
    )
    with database.read() as conn:
        return database.frame(conn, stmt, ["id", "subject", "grade", "max_score", "held_on"])


def _school_means(system: Scope, procedure_ids: list[int]) -> pd.DataFrame:
    stmt = (
        select(
            SchoolResult.school_id,
            SchoolResult.procedure_id,
            SchoolResult.participants,
            SchoolResult.mean_percent,
        )
        .join(School, School.id == SchoolResult.school_id)
        .where(
            schools_in_region(system),
            SchoolResult.procedure_id.in_(procedure_ids),
            SchoolResult.participants > 0,
            SchoolResult.mean_percent.is_not(None),
        )
    )
    with database.read() as conn:
        return database.frame(
            conn, stmt, ["school_id", "procedure_id", "participants", "mean_percent"]
        )


def _pupil_rows(system: Scope, procedures: pd.DataFrame) -> pd.DataFrame:
    """Per school and procedure: pupils `n`, sum `y_sum` and sum of squares `y_sq` of the
    outcome in percent of the maximum, from the pupil summaries (no pupil row is read)."""
    summary = SchoolPupilSummary
    stmt = (
        select(
            summary.school_id, summary.procedure_id, summary.n, summary.score_sum, summary.score_sq
        )
        .join(School, School.id == summary.school_id)
        .where(schools_in_region(system), summary.procedure_id.in_(procedures["id"].tolist()))
    )
    with database.read() as conn:
        rows = pd.DataFrame(
            conn.execute(stmt).all(), columns=["school_id", "procedure_id", "n", "s", "ss"]
        )
    scale = 100.0 / rows["procedure_id"].map(
        dict(zip(procedures["id"], procedures["max_score"], strict=True))
    ).astype("float64")
    return pd.DataFrame(
        {
            "school_id": rows["school_id"],
            "procedure_id": rows["procedure_id"],
            "n": rows["n"].astype("float64"),
            "y_sum": rows["s"] * scale,
            "y_sq": rows["ss"] * scale**2,
        }
    )


def _pupil_sds(rows: pd.DataFrame) -> pd.DataFrame:
    """Per school and procedure (`rows` from _pupil_rows): the pupils' SD of the outcome (`sd`,
    percent of the maximum; NaN below 2 pupils), the known sampling variance behind the
    school-level model."""
    sd = school_effects.pupil_sd_from_sums(rows["n"], rows["y_sum"], rows["y_sq"])
    return rows[["school_id", "procedure_id"]].assign(sd=sd)


def _pupil_sums(rows: pd.DataFrame) -> pd.DataFrame:
    """Per school (`rows` from _pupil_rows of one procedure): pupils, sum and sum of squares of
    the outcome (percent of the maximum).

    These are sufficient for the pupil-level model with school-level covariates
    (school_effects.fit_school_sums), so no pupil row is read."""
    per_school = rows[["school_id", "n", "y_sum", "y_sq"]].dropna()
    return per_school.groupby("school_id").sum()


def _pupil_composites(system: Scope, procedures: pd.DataFrame, rows: pd.DataFrame) -> pd.DataFrame:
    """Per school: distinct pupils `n`, sum `y_sum` and sum of squares `y_sq` of each pupil's
    composite, from the pupil rows in one grouped query.

    A pupil is one participant code in one school and campaign (year, grade): their rows of the
    composite's procedures are linked by (school, year, grade, participant code). Each row's
    percent of the maximum is centred on its procedure's regional pupil mean (from `rows`, the
    pupil summaries; not divided by an SD, so the composite stays in percentage points), and
    the pupil's composite is the mean over the subjects they took. Schools without pupil rows
    are absent."""
    counts = rows.groupby("procedure_id")["n"].sum()
    region_mean = (rows.groupby("procedure_id")["y_sum"].sum() / counts).dropna()
    if region_mean.empty:
        return pd.DataFrame(columns=["n", "y_sum", "y_sq"], index=pd.Index([], name="school_id"))
    known = procedures.set_index("id").loc[region_mean.index]
    procedure = PupilResult.procedure_id

    def per_procedure(values: pd.Series):  # a CASE on the procedure: no join to sort through
        return case({int(p): v for p, v in values.items()}, value=procedure)

    # the procedures are of one kind and year, so (school, grade, code) is the pupil
    pupil = (
        select(
            PupilResult.school_id,
            func.avg(
                PupilResult.primary_score * per_procedure(100.0 / known["max_score"])
                - per_procedure(region_mean)
            ).label("y"),
        )
        .where(
            procedure.in_([int(p) for p in known.index]),
            PupilResult.school_id.in_(select(School.id).where(schools_in_region(system))),
        )
        .group_by(
            PupilResult.school_id,
            per_procedure(known["grade"].astype("int64")),
            PupilResult.participant_code,
        )
        .subquery()
    )
    stmt = select(
        pupil.c.school_id, func.count(), func.sum(pupil.c.y), func.sum(pupil.c.y * pupil.c.y)
    ).group_by(pupil.c.school_id)
    with database.read() as conn:
        out = pd.DataFrame(conn.execute(stmt).all(), columns=["school_id", "n", "y_sum", "y_sq"])
    return out.astype({"n": "float64", "y_sum": "float64", "y_sq": "float64"}).set_index(
        "school_id"
    )


def _composite_schools(means: pd.DataFrame, pupils: pd.DataFrame) -> pd.DataFrame:
    """One composite row per school: `result` (points above the regional means), `participants`
    (distinct pupils) and `sd` (the SD of the pupils' composites; NaN without pupil rows).

    Schools with pupil rows (`pupils` from _pupil_composites) take their pupils' composites.
    Schools with school means only cannot link a pupil's subjects: their result is the
    participant-weighted mean of their procedures' gaps (`means` from _centre), their pupils
    the largest participant count of each grade summed over grades (a grade's subjects are
    taken by the same pupils), and their SD is left for the fit to fill from the region."""
    w = means["participants"]
    school = means["school_id"]
    gap = (means["gap"] * w).groupby(school).sum() / w.groupby(school).sum()
    distinct = means.groupby(["school_id", "grade"])["participants"].max().groupby(level=0).sum()
    out = pd.DataFrame({"result": gap, "participants": distinct.astype("float64")})
    out["sd"] = np.nan
    linked = pupils.index.intersection(out.index)
    p = pupils.loc[linked]
    out.loc[linked, "result"] = p["y_sum"] / p["n"]
    out.loc[linked, "participants"] = p["n"]
    out.loc[linked, "sd"] = school_effects.pupil_sd_from_sums(p["n"], p["y_sum"], p["y_sq"])
    return out


def _result_se(per_school: pd.DataFrame, pupils: pd.DataFrame, regional_sd: float) -> pd.Series:
    """The sampling SE of each school's result (the interval resilience by result needs):
    √(var / n) with the pupils' own variance (y_sq − y_sum²/n)/(n − 1) where the school has
    pupil summaries, else `regional_sd` / √participants."""
    n = pupils["n"].reindex(per_school.index)
    with np.errstate(divide="ignore", invalid="ignore"):
        var = (pupils["y_sq"] - pupils["y_sum"] ** 2 / pupils["n"]) / (pupils["n"] - 1.0)
    own = np.sqrt(var.reindex(per_school.index).clip(lower=0.0) / n).where(n >= 2)
    fallback = regional_sd / np.sqrt(per_school["participants"].astype("float64"))
    return own.fillna(fallback).rename("result_se")


def _regional_sd(pupils: pd.DataFrame) -> float:
    """The pupil SD pooled over the schools' own (within-school) variances, else the assumed
    rules.RANKINGS_REGIONAL_PUPIL_SD when the region has no pupil summaries."""
    ok = pupils["n"] >= 2
    if not ok.any():
        return float(rules.RANKINGS_REGIONAL_PUPIL_SD)
    p = pupils[ok]
    within = (p["y_sq"] - p["y_sum"] ** 2 / p["n"]).clip(lower=0.0).sum()
    return float(np.sqrt(within / (p["n"] - 1.0).sum()))


def _context(system: Scope, codes: list[str], year: int) -> pd.DataFrame:
    """Indicator values per school: the outcome year's value, else the school's mean over years."""
    if not codes:
        return pd.DataFrame()
    stmt = (
        select(
            ContextValue.school_id,
            ContextValue.year,
            ContextValue.indicator_code,
            ContextValue.value,
        )
        .join(School, School.id == ContextValue.school_id)
        .where(schools_in_region(system), ContextValue.indicator_code.in_(codes))
    )
    with database.read() as conn:
        c = database.frame(conn, stmt, ["school_id", "year", "indicator_code", "value"])
    mean = c.pivot_table(
        index="school_id", columns="indicator_code", values="value", aggfunc="mean"
    )
    same = c[c["year"] == year].pivot_table(
        index="school_id", columns="indicator_code", values="value"
    )
    return same.combine_first(mean).reindex(columns=codes)


def _prior(system: Scope, kind: str, procedures: pd.DataFrame, year: int) -> pd.Series:
    """Prior attainment of the same cohort: grade − 1, year − 1, same kind and subject.

    Per school, the participant-weighted mean of (school mean − regional mean) over the prior
    procedures matching the outcome's ones; centring lets a composite pool several of them.
    """
    stmt = select(Procedure.id, Procedure.subject, Procedure.grade).where(
        Procedure.kind == kind, Procedure.year == year - 1, assessed_procedures()
    )
    with database.read() as conn:
        earlier = database.frame(conn, stmt, ["id", "subject", "grade"])
    wanted = procedures.assign(grade=procedures["grade"] - 1)[["subject", "grade"]]
    ids = earlier.merge(wanted, on=["subject", "grade"])["id"].tolist()
    means = _school_means(system, ids)
    if means.empty:
        return pd.Series(dtype="float64", name="prior")
    centred = _centre(means)
    w = centred["participants"]
    return (
        (centred["gap"] * w).groupby(centred["school_id"]).sum()
        / w.groupby(centred["school_id"]).sum()
    ).rename("prior")


def _centre(means: pd.DataFrame) -> pd.DataFrame:
    """Add `gap`: school mean minus the procedure's participant-weighted regional mean."""
    w = means["participants"]
    region = (means["mean_percent"] * w).groupby(means["procedure_id"]).sum() / w.groupby(
        means["procedure_id"]
    ).sum()
    return means.assign(gap=means["mean_percent"] - means["procedure_id"].map(region))


def _school_covariates(
    system: Scope,
    covariates: list[str],
    kind: str,
    procedures: pd.DataFrame,
    year: int,
    flags: dict,
) -> pd.DataFrame:
    """One row per school of the region with the chosen covariates (NaN where unknown)."""
    with database.read() as conn:
        schools = pd.DataFrame(
            conn.execute(
                select(School.id.label("school_id"), School.locality).where(
                    schools_in_region(system), School.kind != "preschool"
                )
            )
            .mappings()
            .all(),
            columns=["school_id", "locality"],
        ).set_index("school_id")
    out = pd.DataFrame(index=schools.index)
    out["social_index"] = pd.Series(flags["social_index"], dtype="float64")
    if "rural" in covariates:
        out["rural"] = (schools["locality"] == "rural").astype(float)
    if "prior" in covariates:
        out["prior"] = _prior(system, kind, procedures, year)
    codes = [c for c in covariates if c not in SPECIAL_COVARIATES]
    if codes:
        out = out.join(_context(system, codes, year))
    return out


def _fit(system: Scope, args: dict) -> dict:
    """The regional fit (ids only, cached under the system scope)."""
    kind, subject, grade, year = args["kind"], args["subject"], args["grade"], args["year"]
    covariates, level = args["covariates"], args["level"]
    composite = subject == ALL or grade == 0
    procedures = _procedures(system, kind, subject, grade, year)
    if procedures.empty:
        return {"empty": "no_procedure"}
    ids = procedures["id"].tolist()
    means = _centre(_school_means(system, ids))
    if means.empty:
        return {"empty": "no_results"}
    flags = region_flags(system)
    school_x = _school_covariates(system, covariates, kind, procedures, year, flags)
    rows = _pupil_rows(system, procedures)  # read once: sums for both levels, SDs for schools
    if composite:
        # one outcome per pupil (the mean of their centred subjects), so a school's n is its
        # distinct pupils and the subjects of one pupil are not taken as independent
        pupils = _pupil_composites(system, procedures, rows)
        grades = dict(zip(procedures["id"], procedures["grade"], strict=True))
        per_school = _composite_schools(
            means.assign(grade=means["procedure_id"].map(grades)), pupils
        )
    else:
        pupils = _pupil_sums(rows)
        w = means["participants"]
        per_school = pd.DataFrame(
            {
                "result": (means["mean_percent"] * w).groupby(means["school_id"]).sum()
                / w.groupby(means["school_id"]).sum(),
                "participants": w.groupby(means["school_id"]).sum(),
            }
        )
    # Only schools with a published result are ranked: pupil rows of a school without one
    # (a pupil file imported without its school table) stay out of the fit.
    pupils = pupils[pupils.index.isin(per_school.index)]
    if level == "pupil":
        if pupils.empty:
            return {"empty": "no_pupils"}
        frame = pupils.join(school_x[covariates]).reset_index()
    elif composite:
        # one row per school, weight = distinct pupils, `sd` = the SD of the pupils' composites
        # where the school has pupil rows, so the row's sampling variance sd²/n is known
        # (Fay–Herriot, see school_effects); other schools take the region's
        frame = (
            per_school.rename(columns={"result": "y"})
            .join(school_x[covariates])
            .rename_axis("school_id")
            .reset_index()
        )
    else:
        # one row per school, weight = participants; `sd` = the pupils' SD where pupil
        # summaries exist, so the row's sampling variance sd²/n is known (Fay–Herriot)
        frame = (
            means.assign(y=means["mean_percent"])
            .merge(_pupil_sds(rows), on=["school_id", "procedure_id"], how="left")
            .join(school_x[covariates], on="school_id")
        )
    missing = _covariate_without_data(frame, covariates)
    if missing == "prior":  # no such procedure a year earlier in the grade below
        return {"empty": "no_prior"}
    if missing is not None:
        return {"empty": "no_covariate", "covariate": missing}
    try:
        fitted = _model(frame, covariates, level)
    except ValueError as failed:  # ModelError (few schools, collinear), LinAlgError
        # the Python text stays in the server log; the answer carries a reason users can read
        log.warning("rankings fit failed for %s: %s", args, failed)
        reason = getattr(failed, "reason", None)
        return {"empty": FIT_FAILURES.get(reason, "no_fit")}
    if fitted.tau2 <= rules.RANKINGS_COLLAPSED_TAU2_RATIO * fitted.sigma2:
        return {
            "empty": "collapsed",
            "tau2": fitted.tau2,
            "sigma2": fitted.sigma2,
            "n_groups": fitted.n_groups,
        }
    effects = fitted.effects.join(per_school[["result", "participants"]]).join(
        school_x["social_index"]
    )
    # pupils (a composite's distinct pupils), also at school level
    effects["n"] = effects.pop("participants").astype("int64")
    if level == "pupil":  # the pupils' own mean, consistent with the fit
        effects["result"] = (pupils["y_sum"] / pupils["n"]).reindex(effects.index)
    effects["raw_rank"] = effects["result"].rank(ascending=False, method="min")
    result_se = _result_se(per_school, pupils, _regional_sd(pupils))
    effects = school_categories.categorise(
        effects,
        pd.Series(flags["social_index"], dtype="float64"),
        flags["low_runs"],
        result_se=result_se,
    )
    line = school_categories.expected_line(effects["result"], effects["social_index"], effects["n"])
    centre = float(np.average(per_school["result"], weights=per_school["participants"]))
    spread = funnel.overdispersion(
        effects["result"].to_numpy(), effects["n"].to_numpy(), centre, float(np.sqrt(fitted.sigma2))
    )
    held = procedures["held_on"].dropna()
    return {
        "effects": effects,
        "fixed": pd.DataFrame({"estimate": fitted.fixed, "se": fitted.fixed_se}),
        "tau2": fitted.tau2,
        "sigma2": fitted.sigma2,
        "icc": fitted.tau2 / (fitted.tau2 + fitted.sigma2)
        if fitted.tau2 + fitted.sigma2 > 0
        else 0.0,
        "n_obs": fitted.n_obs,
        "n_groups": fitted.n_groups,
        "known_sampling_variance": fitted.known_sampling_variance,
        "centre": centre,
        # the funnel's overdispersion, over every fitted school (small ones too)
        "funnel_tau2": spread.tau2,
        "funnel_phi": spread.phi,
        "line": line,
        "procedures": len(ids),
        "held_on": max(held).isoformat() if len(held) else None,
    }


#: Why the model could not be fitted (school_effects.ModelError.reason) → the `empty` reason
#: the page explains; any other failure is "no_fit".
FIT_FAILURES = {
    "few_groups": "few_schools",
    "few_observations": "few_schools",
    "collinear": "collinear",
    "no_sampling_sd": "no_fit",  # not reached: _model passes a regional SD when none is known
}


def _covariate_without_data(frame: pd.DataFrame, covariates: list[str]) -> str | None:
    """The first covariate no school of the outcome has a value of (e.g. the prior year's
    result of a procedure not held a year earlier in the grade below), else None."""
    for code in covariates:
        if not frame[code].notna().any():
            return code
    return None


def _model(frame: pd.DataFrame, covariates: list[str], level: str):
    """The school-effects fit: from the pupils' sums, or on school means weighted by pupils
    with their known sampling variance sd²/n (Fay–Herriot: each row's own pupil SD, moderated
    towards the regional one; with no pupil SD anywhere in the region, the assumed
    rules.RANKINGS_REGIONAL_PUPIL_SD)."""
    if level == "pupil":
        return school_effects.fit_school_sums(
            frame, covariates, group="school_id", seed=0, n_sim=rules.RANKINGS_N_SIM
        )
    return school_effects.fit(
        frame,
        "y",
        covariates,
        group="school_id",
        reml=True,
        weights="participants",
        sampling_sd="sd",
        pupil_sd=None if frame["sd"].notna().any() else rules.RANKINGS_REGIONAL_PUPIL_SD,
        seed=0,
        n_sim=rules.RANKINGS_N_SIM,
    )


def _stored_fit(system: Scope, args: dict) -> dict:
    """The fit stored at import time for these arguments, else computed now (charged to the
    budget of uncached fits of the user who asked: data_access.fit_budget)."""

    def compute() -> dict:
        fit_budget.charge_payer()
        return _fit(system, args)

    return derived.stored("rankings_fit", _store_args(system, args), compute)


#: Part of the stored fit's key: raise it when the stored fit's shape or meaning changes, so a
#: result stored by an older version (before the next import or `oko refresh`) is not read.
#: 2: school level with known sampling variance, resilience by the result's measured interval.
#: 3: a composite is one outcome per pupil (subjects of a pupil linked by participant code).
STORE_VERSION = 3


def _store_args(system: Scope, args: dict) -> dict:
    return {"scope": system.key, "version": STORE_VERSION, **args}


def region_fit(system: Scope, args: dict) -> dict:
    """The region's fit for these arguments: cached, else stored, else computed (once)."""
    return cached_once(system, "rankings_fit", lambda: _stored_fit(system, args), args)


def default_arguments(scope: Scope) -> dict | None:
    """The selection /rankings opens with (and /schools shows beside each school): the latest
    year of the default procedure kind over all subjects and grades, the default covariates and
    level; None when the region has no such results."""
    system = region_scope(scope)
    kind = rules.DEFAULT_PROCEDURE_KIND
    stmt = select(func.max(Procedure.year)).where(
        Procedure.kind == kind,
        assessed_procedures(),
        Procedure.id.in_(
            select(SchoolResult.procedure_id)
            .join(School, School.id == SchoolResult.school_id)
            .where(schools_in_region(system))
        ),
    )
    with database.read() as conn:
        year = conn.execute(stmt).scalar_one_or_none()
    if year is None:
        return None
    covariates = list(rules.RANKINGS_DEFAULT_COVARIATES)
    level = rules.RANKINGS_DEFAULT_LEVEL
    try:
        return _arguments(scope, kind, ALL, 0, int(year), covariates, level)
    except ValueError:  # the default covariates are not offered (no context data)
        return None


def derived_results(system: Scope) -> list[tuple[str, dict, dict]]:
    """The default view's fit, to store at import time (see data_access.derived)."""
    args = default_arguments(system)
    if args is None:
        return []
    return [("rankings_fit", _store_args(system, args), region_fit(system, args))]


def _named(scope: Scope) -> pd.DataFrame:
    with database.read() as conn:
        return pd.DataFrame(
            conn.execute(
                select(School.id.label("school_id"), School.school_code, School.name).where(
                    schools_named(scope)
                )
            )
            .mappings()
            .all(),
            columns=["school_id", "school_code", "name"],
        ).set_index("school_id")


def _left_out(effects: pd.DataFrame, covered: frozenset[int], named_ids: set[int]) -> np.ndarray:
    """Schools no reader's table shows: fewer than OKO_MIN_CELL participants, or anonymous
    with a result hidden in one of the outcome's procedures (`covered`)."""
    anonymous_hidden = effects.index.isin(list(covered)) & ~effects.index.isin(list(named_ids))
    return np.asarray((effects["n"] < rules.min_cell()) | anonymous_hidden)


def _redact(
    scope: Scope, effects: pd.DataFrame, covered: frozenset[int] = frozenset()
) -> tuple[pd.DataFrame, int]:
    """Names for the schools in scope; anonymous rows keep no id; small schools dropped, and
    anonymous schools whose result is hidden in one of the outcome's procedures (`covered`:
    data_access.suppression), since their effect would give that result back."""
    names = _named(scope)
    small = _left_out(effects, covered, set(names.index))
    shown = effects[~small].sort_values(["effect", "rank"], ascending=[False, True])
    named = names.reindex(shown.index)
    own = own_school_ids(scope)
    shown = shown.assign(
        school_code=named["school_code"].to_numpy(),
        name=named["name"].to_numpy(),
        # the director's school, or a municipality's schools (always named for their user)
        is_own=shown.index.isin(list(own)) & named["name"].notna().to_numpy(),
    )
    shown["named"] = shown["name"].notna()
    return shown.reset_index(drop=True), int(small.sum())


def _covered(scope: Scope, system: Scope, args: dict) -> frozenset[int]:
    """Schools whose result one of the outcome's procedures hides from this reader
    (data_access.suppression): left out of what the reader gets of the rankings."""
    ids = _procedures(system, args["kind"], args["subject"], args["grade"], args["year"])
    return frozenset(school for _, school in hidden_results(scope, ids["id"].tolist()).schools)


def school_rankings(
    scope: Scope,
    kind: object,
    subject: object,
    grade: object,
    year: object,
    covariates: object,
    level: object,
) -> dict:
    """Adjusted effects of the region's schools as this scope may see them, plus the model.

    Keys: `table` (one row per shown school: name/school_code only when named, is_own (the
    director's school or the municipality's schools: data_access.home.own_school_ids), n,
    result, social_index, effect, se, ci_low, ci_high, rank, rank_low, rank_high, raw_rank,
    flags, result_low, result_reference, category), `fixed`, `tau2`, `sigma2`, `icc`, `n_obs`,
    `n_groups`, `centre`, `funnel_tau2`, `funnel_phi` (the funnel's overdispersion over every
    fitted school: dashboard.analytics.funnel), `line`, `hidden_small`, `held_on`,
    `known_sampling_variance` (True at school level: the means' sampling variances were taken
    as known, Fay–Herriot), `own` ("school" for a director, "municipality" for a
    municipality user, else None: what «own» rows are); or `empty` with the reason and no
    ranks: no_procedure, no_results, no_pupils; no_prior (no prior-year results to adjust
    for); no_covariate (with `covariate`: no school of the outcome has a value of it);
    few_schools, collinear, no_fit (the model cannot be fitted); collapsed (with `tau2`,
    `sigma2`, `n_groups`: the between-school variance is estimated as zero, see
    rules.RANKINGS_COLLAPSED_TAU2_RATIO, so every adjusted effect is 0 and a rank means nothing).
    """
    args = _arguments(scope, kind, subject, grade, year, covariates, level)
    system = region_scope(scope)

    def compute() -> dict:
        # The region's fit is read only when this scope's view is not cached yet.
        fitted = region_fit(system, args)
        if "empty" in fitted:
            return dict(fitted)
        table, hidden = _redact(scope, fitted["effects"], _covered(scope, system, args))
        out = {k: v for k, v in fitted.items() if k != "effects"}
        own = scope.role if scope.role in {"school", "municipality"} else None
        return {**out, "table": table, "hidden_small": hidden, "args": args, "own": own}

    with fit_budget.paid_by(scope):  # a new fit for this view is charged to this user
        return cache.cached(scope, "rankings_view", args, compute)


#: municipality_summary's columns: the municipality's name (None for the pooled row), schools
#: and pupils counted, the mean of the schools' effects, then schools per category.
SUMMARY_COLUMNS = ("municipality", "schools", "pupils", "mean_effect")


def pooled_places(places: pd.Series, least: int) -> pd.Series:
    """Each school's municipality, None for those pooled: every municipality with fewer than
    `least` schools, then, while the pool holds fewer than `least` schools and others remain,
    the smallest remaining municipality (ties by name), so that no group of fewer than `least`
    schools can be had from the shown rows and the total."""
    sizes = places.value_counts()
    sizes = sizes.loc[sorted(sizes.index, key=lambda m: (sizes[m], m))]
    pooled = [m for m, size in sizes.items() if size < least]
    rest = [m for m in sizes.index if m not in set(pooled)]
    while pooled and sizes[pooled].sum() < least and rest:
        pooled.append(rest.pop(0))
    return places.where(~places.isin(pooled), None).astype("object")


def municipality_summary(
    scope: Scope,
    kind: object,
    subject: object,
    grade: object,
    year: object,
    covariates: object,
    level: object,
) -> pd.DataFrame:
    """The rankings per municipality, for a reader who sees aggregates only (a viewer), as
    /procedures gives such a reader municipality rows instead of schools: per municipality of
    the region, the schools a viewer's table shows (`_left_out` applied), their pupils, the
    mean of their effects (each school counts once: the ranking is of schools) and how many
    fall in each category (SUMMARY_COLUMNS, then the category keys in the model's order).

    Municipalities with fewer than rules.RANKINGS_MUNICIPALITY_MIN_SCHOOLS such schools are
    pooled into one row (municipality None); while that pool is smaller than the rule and
    other rows remain, the smallest of them joins it, so that subtracting the shown rows from
    the per-school table's totals never gives a group of fewer schools. Empty when no model."""
    categories = list(school_categories.CATEGORIES)
    columns = [*SUMMARY_COLUMNS, *categories]
    args = _arguments(scope, kind, subject, grade, year, covariates, level)
    system = region_scope(scope)
    with fit_budget.paid_by(scope):  # a new fit for this download is charged to this user
        fitted = region_fit(system, args)
    if "empty" in fitted:
        return pd.DataFrame(columns=columns)
    effects = fitted["effects"]
    shown = effects[~_left_out(effects, _covered(scope, system, args), set())]
    stmt = (
        select(School.id, Municipality.name)
        .join(Municipality, Municipality.id == School.municipality_id)
        .where(School.id.in_([int(i) for i in shown.index]))
    )
    with database.read() as conn:
        places = dict(conn.execute(stmt).all())
    schools = pd.DataFrame(
        {
            "municipality": [places.get(int(i)) for i in shown.index],
            "n": shown["n"].to_numpy(),
            "effect": shown["effect"].to_numpy(),
            "category": shown["category"].to_numpy(),
        }
    )
    schools["municipality"] = pooled_places(
        schools["municipality"], rules.RANKINGS_MUNICIPALITY_MIN_SCHOOLS
    )
    rows = []
    for place, group in schools.groupby("municipality", dropna=False, sort=False):
        counts = group["category"].value_counts()
        rows.append(
            {
                "municipality": None if pd.isna(place) else place,
                "schools": len(group),
                "pupils": int(group["n"].sum()),
                "mean_effect": float(group["effect"].mean()),
                **{c: int(counts.get(c, 0)) for c in categories},
            }
        )
    frame = pd.DataFrame(rows, columns=columns)
    order = frame["municipality"].isna().to_numpy(), frame["municipality"].fillna("").to_numpy()
    return frame.iloc[np.lexsort((order[1], order[0]))].reset_index(drop=True)


def _arguments(scope: Scope, kind, subject, grade, year, covariates, level) -> dict:
    """Validate every input (public endpoint): unknown values raise ValueError."""
    if not isinstance(kind, str) or not isinstance(subject, str) or len(subject) > 100:
        raise ValueError("kind and subject must be strings")
    if isinstance(grade, bool) or isinstance(year, bool):
        raise ValueError("grade and year must be integers")
    grade, year = int(grade), int(year)
    if level not in LEVELS:
        raise ValueError(f"level must be one of {LEVELS}")
    if not isinstance(covariates, list | tuple) or not all(isinstance(c, str) for c in covariates):
        raise ValueError("covariates must be a list of codes")
    offered = [code for code, _ in covariate_options(scope)]
    unknown = set(covariates) - set(offered)
    if unknown:
        raise ValueError(f"unknown covariates: {sorted(unknown)}")
    ordered = [code for code in offered if code in set(covariates)]
    return {
        "kind": kind,
        "subject": subject,
        "grade": grade,
        "year": year,
        "covariates": ordered,
        "level": level,
    }


def named_school_code(scope: Scope, school_code: object) -> str:
    """`school_code` when the caller may see that school by name (a click on its point or row
    opens its profile); OutOfScope otherwise, the same for unknown codes."""
    with database.read() as conn:
        require_school(scope, conn, school_code)
    return str(school_code)
