"""Signs of biased ВПР results, per school × year, each a transparent test against the region.

Inputs are plain frames (no SQL, no Dash):

``pupils``  one row per school × procedure built from pupil rows: school_id, municipality_id,
            procedure_id, kind, subject, grade, year, max_score, n, n_journal, lowered,
            confirmed, raised, near_max, score_sum, score_sq, below_k / at_k (k = 3, 4, 5).
``results`` one row per school × procedure from school-level results: school_id,
            municipality_id, procedure_id, kind, subject, grade, year, participants,
            mean_percent.
``tasks``   (optional) one row per school × ВПР procedure × task: school_id, municipality_id,
            procedure_id, kind, year, task_number, n (participants), mean_percent.

Every sign returns rows with the same columns (SIGN_COLUMNS): the school's value, the
region's reference, a robust z (see objectivity_stats) and a one-sided p-value. ``detect``
collects them and marks a sign "triggered" when its own RAW p-value is at most
OBJECTIVITY_SIGN_ALPHA: the signs are NOT corrected for multiple comparisons. ``school_risk``
combines the score signs (OBJECTIVITY_SCORE_SIGNS) of a school-year and the year before into
one score and applies Benjamini–Hochberg once, to that score over all school-years screened
together; the flag is that q-value at most OBJECTIVITY_FDR, and the triggered signs are listed
as its reasons only. The municipality screen (municipality_gap, triggered at the stricter
OBJECTIVITY_MUNICIPALITY_ALPHA) flags every school-year of its municipality-year besides.
Thresholds live in dashboard.rules.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.stats import binom, norm

from dashboard import rules
from dashboard.analytics.cohorts import pair_procedures
from dashboard.analytics.objectivity_stats import bh_qvalues, chi_bar_z, robust_z, tail_p

KEY = ["school_id", "municipality_id", "year"]
SIGN_COLUMNS = [*KEY, "sign", "n", "value", "reference", "z", "p"]
# Sign code → (direction of the suspicious tail, what value and reference measure).
SIGNS = {
    "journal_lowered": "low",  # few ВПР marks below the journal mark: confirmation too high
    "journal_raised": "high",  # many ВПР marks above the journal mark
    "threshold_bunching": "high",  # pupils heaped at the score thresholds for 3, 4, 5
    "low_spread": "low",  # scores unusually alike
    "cohort_gap": "high",  # ВПР far above ОГЭ / the regional diagnostic of the same cohort
    "year_jump": "high",  # rise from last year far beyond the municipality's
    "near_max": "high",  # many maximal or near-maximal scores
    "journal_shift": "high",  # ВПР above the journal more often than in the school's first year
    "task_profile": "high",  # tasks solved far above their difficulty in the region
    "municipality_gap": "high",  # the municipality's ВПР far above its external results
}
THRESHOLD_MARKS = (3, 4, 5)


def _finish(
    frame: pd.DataFrame, sign: str, effect: pd.Series, sampling_var: pd.Series
) -> pd.DataFrame:
    z, _tau2 = robust_z(effect, sampling_var)
    out = frame.assign(sign=sign, z=z, p=tail_p(z, SIGNS[sign]))
    return out[SIGN_COLUMNS].reset_index(drop=True)


def _vpr(pupils: pd.DataFrame) -> pd.DataFrame:
    return pupils[pupils["kind"] == "vpr"]


def _share_sign(
    pupils: pd.DataFrame, count: str, total: str, sign: str, min_pupils: int
) -> pd.DataFrame:
    """Observed share of ``count`` in ``total`` against the region's share of each procedure.

    The expected count is Σ total_p · rate_p over the school's procedures of the year, the
    sampling variance Σ total_p · rate_p · (1 − rate_p) (independent pupils).
    """
    rows = _vpr(pupils)
    by_procedure = rows.groupby("procedure_id")
    rate = by_procedure[count].transform("sum") / by_procedure[total].transform("sum")
    rows = rows.assign(_expected=rows[total] * rate, _var=rows[total] * rate * (1 - rate))
    g = rows.groupby(KEY, as_index=False).agg(
        n=("n", "sum"),
        observed=(count, "sum"),
        total=(total, "sum"),
        expected=("_expected", "sum"),
        var=("_var", "sum"),
    )
    g = g[(g["n"] >= min_pupils) & (g["total"] > 0)]
    g = g.assign(value=g["observed"] / g["total"], reference=g["expected"] / g["total"])
    return _finish(g, sign, g["value"] - g["reference"], g["var"] / g["total"] ** 2)


def journal_lowered(
    pupils: pd.DataFrame, min_pupils: int = rules.OBJECTIVITY_MIN_PUPILS
) -> pd.DataFrame:
    """Share of pupils whose ВПР mark is below their journal mark (too few = suspicious)."""
    return _share_sign(pupils, "lowered", "n_journal", "journal_lowered", min_pupils)


def journal_raised(
    pupils: pd.DataFrame, min_pupils: int = rules.OBJECTIVITY_MIN_PUPILS
) -> pd.DataFrame:
    """Share of pupils whose ВПР mark is above their journal mark (too many = suspicious)."""
    return _share_sign(pupils, "raised", "n_journal", "journal_raised", min_pupils)


def journal_shift(
    pupils: pd.DataFrame, min_pupils: int = rules.OBJECTIVITY_MIN_PUPILS
) -> pd.DataFrame:
    """Net share of ВПР marks above the journal mark (raised − lowered), against the region
    per procedure, compared with the same school's first year on record.

    How generous a school's journal marks are is a trait of the school, so the net share
    differs between honest schools; its change within a school does not, unless the ВПР marks
    moved. value is this year's net share above the region's, reference the first year's
    (both as shares); the variance is the sum of the two years' multinomial variances.
    """
    rows = _vpr(pupils)
    rows = rows[rows["n_journal"] > 0]
    by_procedure = rows.groupby("procedure_id")
    total = by_procedure["n_journal"].transform("sum")
    up = by_procedure["raised"].transform("sum") / total
    down = by_procedure["lowered"].transform("sum") / total
    net = rows["raised"] - rows["lowered"] - rows["n_journal"] * (up - down)
    var = rows["n_journal"] * (up + down - (up - down) ** 2)
    rows = rows.assign(_net=net, _var=var)
    g = rows.groupby(KEY, as_index=False).agg(
        n=("n", "sum"), m=("n_journal", "sum"), net=("_net", "sum"), var=("_var", "sum")
    )
    g = g[g["n"] >= min_pupils]
    g = g.assign(share=g["net"] / g["m"], share_var=g["var"] / g["m"] ** 2)
    first = g.sort_values("year").drop_duplicates("school_id")[
        ["school_id", "year", "share", "share_var"]
    ]
    g = g.merge(first, on="school_id", suffixes=("", "_first"))
    g = g[g["year"] > g["year_first"]]
    g = g.assign(value=g["share"], reference=g["share_first"])
    return _finish(
        g, "journal_shift", g["share"] - g["share_first"], g["share_var"] + g["share_var_first"]
    )


def near_max(pupils: pd.DataFrame, min_pupils: int = rules.OBJECTIVITY_MIN_PUPILS) -> pd.DataFrame:
    """Share of maximal or near-maximal scores against the region's share per procedure."""
    return _share_sign(pupils, "near_max", "n", "near_max", min_pupils)


def threshold_bunching(
    pupils: pd.DataFrame, min_pupils: int = rules.OBJECTIVITY_MIN_PUPILS
) -> pd.DataFrame:
    """Pupils at a mark threshold compared with their neighbours just below it.

    In the window of scores around each threshold (for 3, 4 and 5), the number at the
    threshold is, for an honest school, binomial given the window's total with the region's
    share for that procedure and threshold — the region's smooth shape stands in for a fit of
    the neighbours. Raising pupils to the threshold empties the scores below and heaps them on it.
    """
    rows = _vpr(pupils)
    parts = []
    for k in THRESHOLD_MARKS:
        window = rows[f"below_{k}"] + rows[f"at_{k}"]
        part = rows[[*KEY, "procedure_id", "n"]].assign(at=rows[f"at_{k}"], window=window, k=k)
        parts.append(part)
    long = pd.concat(parts, ignore_index=True)
    grouped = long.groupby(["procedure_id", "k"])
    share = grouped["at"].transform("sum") / grouped["window"].transform("sum").replace(0, np.nan)
    long = long.assign(_expected=long["window"] * share, _var=long["window"] * share * (1 - share))
    g = long.groupby(KEY, as_index=False).agg(
        observed=("at", "sum"),
        window=("window", "sum"),
        expected=("_expected", "sum"),
        var=("_var", "sum"),
    )
    n = rows.groupby(KEY)["n"].sum().rename("n").reset_index()
    g = g.merge(n, on=KEY)
    g = g[(g["n"] >= min_pupils) & (g["window"] > 0)]
    g = g.assign(value=g["observed"] / g["window"], reference=g["expected"] / g["window"])
    return _finish(
        g, "threshold_bunching", g["value"] - g["reference"], g["var"] / g["window"] ** 2
    )


def low_spread(
    pupils: pd.DataFrame, min_pupils: int = rules.OBJECTIVITY_MIN_PUPILS
) -> pd.DataFrame:
    """Within-school spread of scores against the region's pooled within-school spread.

    value is the school's SD relative to the region's (1 = as usual), pooled over the year's
    procedures; the test is on log(variance ratio), whose sampling variance is 2 / (n − 1).
    """
    rows = _vpr(pupils)
    rows = rows[rows["n"] >= 2]
    ss = (rows["score_sq"] - rows["score_sum"] ** 2 / rows["n"]).clip(lower=0)
    rows = rows.assign(_ss=ss, _df=rows["n"] - 1)
    grouped = rows.groupby("procedure_id")
    region_var = grouped["_ss"].transform("sum") / grouped["_df"].transform("sum")
    rows = rows.assign(_expected=rows["_df"] * region_var)
    g = rows.groupby(KEY, as_index=False).agg(
        n=("n", "sum"), ss=("_ss", "sum"), df=("_df", "sum"), expected=("_expected", "sum")
    )
    g = g[(g["n"] >= min_pupils) & (g["expected"] > 0) & (g["ss"] > 0)]
    ratio = g["ss"] / g["expected"]
    g = g.assign(value=np.sqrt(ratio), reference=1.0)
    return _finish(g, "low_spread", np.log(ratio), 2.0 / g["df"])


def pupil_sd(pupils: pd.DataFrame) -> pd.Series:
    """Pupil SD of percent completed per procedure (pooled within schools), from aggregates."""
    rows = pupils[pupils["n"] >= 2]
    if rows.empty:
        return pd.Series(dtype=float)
    ss = (rows["score_sq"] - rows["score_sum"] ** 2 / rows["n"]).clip(lower=0)
    pooled = (
        ss.groupby(rows["procedure_id"]).sum() / (rows["n"] - 1).groupby(rows["procedure_id"]).sum()
    )
    max_score = rows.groupby("procedure_id")["max_score"].first()
    return 100 * np.sqrt(pooled) / max_score


def _gaps(results: pd.DataFrame, sd: pd.Series) -> pd.DataFrame:
    """School mean percent minus the region's (participant-weighted) per procedure, with its
    sampling variance (pupil SD² / participants)."""
    weighted = results["mean_percent"] * results["participants"]
    region = (
        weighted.groupby(results["procedure_id"]).sum()
        / results["participants"].groupby(results["procedure_id"]).sum()
    )
    pupil = results["procedure_id"].map(sd).fillna(rules.OBJECTIVITY_DEFAULT_PUPIL_SD)
    return results.assign(
        gap=results["mean_percent"] - results["procedure_id"].map(region),
        gap_var=pupil**2 / results["participants"],
    )


def cohort_gap(
    results: pd.DataFrame, sd: pd.Series, min_pupils: int = rules.OBJECTIVITY_MIN_PUPILS
) -> pd.DataFrame:
    """ВПР gap to the region minus the same cohort's gap on an externally marked procedure.

    Pairs come from cohorts.pair_procedures (ВПР 8 → ОГЭ next year, ВПР ↔ regional diagnostic).
    value is the mean difference in percentage points over the year's pairs (weighted by ВПР
    participants); reference is the region's median difference.
    """
    g = _cohort_schools(results, sd, min_pupils)
    if g.empty:
        return pd.DataFrame(columns=SIGN_COLUMNS)
    g = g.assign(reference=float(g["value"].median()))
    return _finish(g, "cohort_gap", g["value"], g["var"])


def _cohort_schools(results: pd.DataFrame, sd: pd.Series, min_pupils: int) -> pd.DataFrame:
    """Per school-year: n, the participant-weighted mean ВПР-minus-external gap difference
    (value, p.p.) and its sampling variance (var)."""
    joined = _cohort_pairs(results, sd)
    if joined.empty:
        return pd.DataFrame(columns=[*KEY, "n", "value", "var"])
    g = joined.groupby(KEY, as_index=False).agg(
        n=("participants", "sum"), d=("_d", "sum"), v=("_v", "sum"), w=("_w", "sum")
    )
    g = g[g["n"] >= min_pupils]
    return g.assign(value=g["d"] / g["w"], var=g["v"] / g["w"] ** 2)[[*KEY, "n", "value", "var"]]


def year_jump(
    results: pd.DataFrame, sd: pd.Series, min_pupils: int = rules.OBJECTIVITY_MIN_PUPILS
) -> pd.DataFrame:
    """Change of the school's ВПР gap since last year minus its municipality's change.

    value is the school's change in percentage points, reference the municipality's change.
    """
    gaps = _gaps(results[results["kind"] == "vpr"].dropna(subset=["mean_percent"]), sd)
    gaps = gaps.assign(
        _wg=gaps["gap"] * gaps["participants"], _wv=gaps["gap_var"] * gaps["participants"] ** 2
    )
    school = gaps.groupby(KEY, as_index=False).agg(
        n=("participants", "sum"), wg=("_wg", "sum"), wv=("_wv", "sum")
    )
    school = school.assign(gap=school["wg"] / school["n"], var=school["wv"] / school["n"] ** 2)
    muni = gaps.groupby(["municipality_id", "year"]).agg(
        wg=("_wg", "sum"), n=("participants", "sum")
    )
    muni_gap = (muni["wg"] / muni["n"]).rename("muni_gap").reset_index()
    previous = school[["school_id", "year", "gap", "var", "n"]].assign(year=school["year"] + 1)
    joined = school.merge(previous, on=["school_id", "year"], suffixes=("", "_prev"))
    muni_prev = muni_gap.assign(year=muni_gap["year"] + 1).rename(columns={"muni_gap": "muni_prev"})
    joined = joined.merge(muni_gap, on=["municipality_id", "year"]).merge(
        muni_prev, on=["municipality_id", "year"]
    )
    joined = joined[(joined["n"] >= min_pupils) & (joined["n_prev"] >= min_pupils)]
    joined = joined.assign(
        value=joined["gap"] - joined["gap_prev"], reference=joined["muni_gap"] - joined["muni_prev"]
    )
    return _finish(
        joined,
        "year_jump",
        joined["value"] - joined["reference"],
        joined["var"] + joined["var_prev"],
    )


def task_profile(
    tasks: pd.DataFrame, min_pupils: int = rules.OBJECTIVITY_MIN_PUPILS
) -> pd.DataFrame:
    """Tasks the school solves far above what their difficulty in the region predicts.

    For each school × procedure the expected solve rate of a task is the region's rate moved
    by the school's own level on the logit scale (the median over its tasks of the logit
    difference, so a few odd tasks do not move it). A task's z is the binomial mid-p of the
    pupils who solved it (percent × n) given that expectation, as a normal quantile, then
    standardised against all the region's task z (median and MAD: teaching that favours a
    topic everywhere widens it). The school-year's statistic sums the squared positive
    z over its tasks, standardised by its null moments (each term has mean 1/2 and variance
    5/4 for a normal z): generous marking of a few tasks in every paper, or a class copying
    one pupil, accumulates over the year's tasks. value is the percent of the task with the
    largest z, reference what was expected for it.
    """
    rows = tasks[(tasks["kind"] == "vpr") & (tasks["n"] >= rules.OBJECTIVITY_TASK_MIN_N)]
    rows = rows.dropna(subset=["mean_percent"])
    if rows.empty:
        return pd.DataFrame(columns=SIGN_COLUMNS)
    eps = rules.OBJECTIVITY_TASK_RATE_CLIP
    p = (rows["mean_percent"] / 100).clip(eps, 1 - eps)
    n = rows["n"].astype(float)
    cell = [rows["procedure_id"], rows["task_number"]]
    region = ((p * n).groupby(cell).transform("sum") / n.groupby(cell).transform("sum")).clip(
        eps, 1 - eps
    )
    shift = (_logit(p) - _logit(region)).groupby([rows["school_id"], rows["procedure_id"]])
    expected = _expit(_logit(region) + shift.transform("median"))
    # each task's tail as a binomial mid-p (pupils solving it, of n): exact for small classes,
    # where a normal approximation makes a 5-of-5 task look far stranger than it is
    solved = (rows["mean_percent"] / 100 * n).round()
    mid_p = binom.sf(solved, n, expected) + 0.5 * binom.pmf(solved, n, expected)
    z, _ = robust_z(pd.Series(norm.isf(mid_p), index=rows.index), pd.Series(0.0, index=rows.index))
    rows = rows.assign(
        _z=z,
        _term=z.clip(lower=0) ** 2,
        _pct=rows["mean_percent"],
        _exp=100 * expected,
    ).dropna(subset=["_z"])
    top = rows.sort_values("_z", ascending=False).drop_duplicates(KEY).set_index(KEY)
    pupils = rows.groupby([*KEY, "procedure_id"])["n"].max().groupby(level=KEY).sum()
    g = rows.groupby(KEY).agg(k=("_term", "size"), total=("_term", "sum"))
    g = g.assign(
        n=pupils,
        value=top["_pct"],
        reference=top["_exp"],
        _effect=(g["total"] - 0.5 * g["k"]) / np.sqrt(1.25 * g["k"]),
    ).reset_index()
    g = g[g["n"] >= min_pupils]
    return _finish(g, "task_profile", g["_effect"], pd.Series(0.0, index=g.index))


def _logit(p: pd.Series) -> pd.Series:
    return np.log(p / (1 - p))


def _expit(x: pd.Series) -> pd.Series:
    return 1 / (1 + np.exp(-x))


def _cohort_pairs(results: pd.DataFrame, sd: pd.Series) -> pd.DataFrame:
    """Per school and ВПР procedure with an externally marked pair: the ВПР gap to the region,
    the pair's gap, their variances and the ВПР participants (empty without pairs)."""
    results = results.dropna(subset=["mean_percent"])
    procedures = (
        results[["procedure_id", "kind", "subject", "grade", "year"]]
        .drop_duplicates("procedure_id")
        .rename(columns={"procedure_id": "id"})
    )
    pairs = pair_procedures(procedures)
    if pairs.empty:
        return pd.DataFrame()
    gaps = _gaps(results, sd)
    a = gaps.merge(
        pairs[["procedure_a", "procedure_b"]], left_on="procedure_id", right_on="procedure_a"
    )
    b = gaps[["school_id", "procedure_id", "gap", "gap_var", "participants"]]
    joined = a.merge(
        b,
        left_on=["school_id", "procedure_b"],
        right_on=["school_id", "procedure_id"],
        suffixes=("", "_b"),
    )
    joined = joined[(joined["participants"] >= 5) & (joined["participants_b"] >= 5)]
    w = joined["participants"].astype(float)
    return joined.assign(
        _d=w * (joined["gap"] - joined["gap_b"]),
        _v=w**2 * (joined["gap_var"] + joined["gap_var_b"]),
        _w=w,
    )


def municipality_gap(
    results: pd.DataFrame, sd: pd.Series, min_pupils: int = rules.OBJECTIVITY_MIN_PUPILS
) -> pd.DataFrame:
    """A municipality's typical school: ВПР gap to the region minus the same cohorts' gap on
    externally marked procedures, against the other municipalities (one row per
    municipality × year).

    The schools' values are those of cohort_gap; the municipality's value is their median, so
    a few inflating schools do not move it but a municipality whose schools all inflate does
    (and shows nothing against its own schools in year_jump). The median's sampling variance
    is taken as π/2 × the mean variance of a school's value (its own sampling variance plus the
    region's between-school variance) over the number of schools; z is against the region's
    municipality-years (median and MAD on top of that). As in school_risk, the evidence of the
    year before counts too: the reported z is Stouffer's of this year's and last year's z
    (this year's alone when last year was not screened), so one odd year flags nothing.
    """
    columns = ["municipality_id", "year", "n", "value", "reference", "z", "p"]
    schools = _cohort_schools(results, sd, min_pupils)
    if schools.empty:
        return pd.DataFrame(columns=columns)
    tau2 = robust_z(schools["value"], schools["var"])[1]
    schools = schools.assign(_var=schools["var"] + tau2)
    g = schools.groupby(["municipality_id", "year"], as_index=False).agg(
        n=("n", "sum"), value=("value", "median"), k=("value", "size"), v=("_var", "mean")
    )
    g = g[g["k"] >= rules.OBJECTIVITY_MUNICIPALITY_MIN_SCHOOLS]
    if g.empty:
        return pd.DataFrame(columns=columns)
    g = g.assign(reference=float(g["value"].median()))
    z, _ = robust_z(g["value"], np.pi / 2 * g["v"] / g["k"])
    g = g.assign(_z=z)
    previous = g[["municipality_id", "year", "_z"]].assign(year=g["year"] + 1)
    g = g.merge(previous, on=["municipality_id", "year"], how="left", suffixes=("", "_prev"))
    both = g["_z_prev"].notna()
    z = pd.Series(np.where(both, (g["_z"] + g["_z_prev"]) / np.sqrt(2), g["_z"]), index=g.index)
    g = g.assign(z=z, p=tail_p(z, "high"))
    return g[columns].reset_index(drop=True)


def _municipality_rows(municipal: pd.DataFrame, school_years: pd.DataFrame) -> pd.DataFrame:
    """The municipality's screen as a sign of each of its tested school-years."""
    if municipal.empty or school_years.empty:
        return pd.DataFrame(columns=SIGN_COLUMNS)
    rows = (
        school_years[KEY]
        .drop_duplicates()
        .merge(municipal, on=["municipality_id", "year"], suffixes=("_school", ""))
    )
    return rows.assign(sign="municipality_gap")[SIGN_COLUMNS].reset_index(drop=True)


def detect(
    pupils: pd.DataFrame,
    results: pd.DataFrame,
    min_pupils: int = rules.OBJECTIVITY_MIN_PUPILS,
    alpha: float = rules.OBJECTIVITY_SIGN_ALPHA,
    tasks: pd.DataFrame | None = None,
    municipality_alpha: float = rules.OBJECTIVITY_MUNICIPALITY_ALPHA,
) -> pd.DataFrame:
    """Every sign for every testable school-year, oriented z and whether it is triggered.

    The municipality screen (municipality_gap) is listed for each school-year of the
    municipality and triggered at ``municipality_alpha``; school_risk flags every school of a
    municipality-year it triggers.
    """
    sd = pupil_sd(pupils)
    parts = [
        journal_lowered(pupils, min_pupils),
        journal_raised(pupils, min_pupils),
        journal_shift(pupils, min_pupils),
        threshold_bunching(pupils, min_pupils),
        low_spread(pupils, min_pupils),
        near_max(pupils, min_pupils),
        cohort_gap(results, sd, min_pupils),
        year_jump(results, sd, min_pupils),
    ]
    if tasks is not None:
        parts.append(task_profile(tasks, min_pupils))
    school_years = pd.concat([p[KEY] for p in parts if not p.empty], ignore_index=True)
    parts.append(_municipality_rows(municipality_gap(results, sd, min_pupils), school_years))
    signs = pd.concat([p for p in parts if not p.empty], ignore_index=True)
    if signs.empty:
        return pd.DataFrame(columns=[*SIGN_COLUMNS, "suspicion", "triggered"])
    direction = signs["sign"].map(SIGNS)
    signs["suspicion"] = np.where(direction == "high", signs["z"], -signs["z"])
    level = np.where(signs["sign"] == "municipality_gap", municipality_alpha, alpha)
    signs["triggered"] = signs["p"] <= level
    for column in ("school_id", "municipality_id", "year", "n"):
        signs[column] = signs[column].astype(int)
    return signs


def school_risk(
    signs: pd.DataFrame,
    fdr: float = rules.OBJECTIVITY_FDR,
    high: int = rules.OBJECTIVITY_HIGH_RISK_SIGNS,
    min_signs: int = rules.OBJECTIVITY_MIN_SIGNS,
    score_signs: tuple[str, ...] = rules.OBJECTIVITY_SCORE_SIGNS,
) -> pd.DataFrame:
    """Per school-year: the combined suspicion, its BH q-value, flag, risk and triggered signs.

    The score pools the oriented z of the score signs of this year and the year before: the
    sum of their squared positive parts, read as a one-sided chi-bar-square (objectivity_stats.
    chi_bar_z) and given as a normal z. Each inflation mechanism lights up a few signs only
    (generous marking the task profile, uplift the journal and the external results), and this
    sum keeps one strong sign strong, where a plain sum of z over all signs (Stouffer's, used
    before issue 17 §3) would dilute it among the quiet ones; bias that persists still
    accumulates over the two years. The signs are not independent, so the score is
    standardised again against the region (median and MAD) before its normal tail is read:
    the region's bulk is its own null distribution. Signs outside ``score_signs`` are
    reported as reasons but do not move the score.

    A school-year is also flagged (``municipality_flagged``) when its municipality's screen
    (municipality_gap) is triggered that year: whole-municipality inflation cancels out of
    every comparison within the municipality.
    """
    columns = [
        *KEY,
        "signs_tested",
        "score",
        "z",
        "p",
        "q",
        "flagged",
        "municipality_flagged",
        "triggered_count",
        "triggered",
        "risk",
    ]
    usable = signs.dropna(subset=["suspicion"])
    if usable.empty:
        return pd.DataFrame(columns=columns)
    order = {code: i for i, code in enumerate(SIGNS)}
    scored = usable[usable["sign"].isin(score_signs)]
    both = pd.concat([scored, scored.assign(year=scored["year"] + 1)], ignore_index=True)
    current = scored[[*KEY]].drop_duplicates()
    both = both.merge(current, on=KEY)  # a previous year counts only beside a current one
    both = both.assign(_excess=both["suspicion"].clip(lower=0) ** 2)
    g = (
        both.groupby(KEY)
        .agg(
            signs_tested=("sign", "size"),
            excess=("_excess", "sum"),
        )
        .reset_index()
    )
    g = g[g["signs_tested"] >= min_signs]
    if g.empty:
        return pd.DataFrame(columns=columns)
    g["score"] = chi_bar_z(g["excess"], g["signs_tested"])
    z, _ = robust_z(g["score"], pd.Series(0.0, index=g.index))
    g["z"] = z
    g["p"] = tail_p(z, "high")
    g["q"] = bh_qvalues(g["p"])
    g["flagged"] = g["q"] <= fdr
    municipal = usable[(usable["sign"] == "municipality_gap") & usable["triggered"]]
    g["municipality_flagged"] = pd.MultiIndex.from_frame(g[KEY]).isin(
        pd.MultiIndex.from_frame(municipal[KEY])
    )
    g["flagged"] = g["flagged"] | g["municipality_flagged"]
    listed = (
        usable[usable["triggered"]]
        .groupby(KEY)["sign"]
        .agg(lambda s: sorted(s, key=order.get))
        .rename("triggered")
    )
    g = g.merge(listed, left_on=KEY, right_index=True, how="left")
    g["triggered"] = g["triggered"].map(lambda v: v if isinstance(v, list) else [])
    g["triggered_count"] = g["triggered"].map(len)
    g["risk"] = np.where(
        ~g["flagged"], "none", np.where(g["triggered_count"] >= high, "high", "elevated")
    )
    return g.sort_values("z", ascending=False).reset_index(drop=True)[columns]
