"""Categories of schools on /rankings, from a fitted school-effects model and the flags.

Pure pandas; thresholds and their reasons live in :mod:`dashboard.rules`.

* ``low_results`` (ШНОР) — the profile's rule (:func:`school_flags.low_results`): bottom
  ``LOW_RESULTS_SHARE`` of ВПР results in ``LOW_RESULTS_CONSECUTIVE_YEARS`` consecutive years.
  It is a status over years, so it does not depend on the outcome chosen on the page.
* ``adverse_conditions`` (ШНСУ) — bottom ``ADVERSE_CONDITIONS_SHARE`` of the social index
  (:mod:`dashboard.analytics.social_index`) among all schools that have one.
* ``effect_class`` — ``above`` / ``below`` when the interval of the adjusted effect lies wholly
  above / below zero, else ``average`` («не отличается от среднего»).
* ``resilient`` — disadvantaged (bottom ``RESILIENT_SOCIAL_SHARE`` of the social index, a
  wider cut than ШНСУ, reason in rules) and either the result's interval lies wholly above the
  ``RESILIENT_RAW_QUANTILE`` of the fitted schools' results (``result_low`` above
  ``result_reference``), or ``effect_class == "above"``. A result whose interval reaches the
  reference does not count: one year of a small school is mostly chance. The interval is
  ``result ± z·result_se`` (``RESILIENT_RESULT_LEVEL``), ``result_se`` as given by the caller
  (the sampling SE of the school's mean), else ``RESILIENT_DEFAULT_PUPIL_SD / √n`` from the
  ``n`` column; with neither, only the effect's interval can make a school resilient.
* ``category`` — one label per school for colours, first that applies: low_results,
  resilient, adverse_conditions, then the effect class. ШНОР comes first because it is the
  official status with programmes attached; the boolean columns keep every flag.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.stats import norm

from dashboard import rules
from dashboard.analytics import school_flags

CATEGORIES = ("low_results", "resilient", "adverse_conditions", "above", "average", "below")


def effect_class(ci_low: pd.Series, ci_high: pd.Series) -> pd.Series:
    """'above' if the interval is above zero, 'below' if below, otherwise 'average'."""
    out = pd.Series("average", index=ci_low.index, dtype=object)
    out[ci_low > 0] = "above"
    out[ci_high < 0] = "below"
    return out


def categorise(
    schools: pd.DataFrame,
    social: pd.Series,
    low_runs: dict[int, list[tuple[int, int]]],
    adverse_share: float = rules.ADVERSE_CONDITIONS_SHARE,
    raw_quantile: float = rules.RESILIENT_RAW_QUANTILE,
    disadvantaged_share: float = rules.RESILIENT_SOCIAL_SHARE,
    result_se: pd.Series | None = None,
    level: float = rules.RESILIENT_RESULT_LEVEL,
) -> pd.DataFrame:
    """Add flag columns and ``category`` to `schools` (index school_id; result, ci_low, ci_high;
    optional n, result_se).

    `social`: the social index of every school that has one (the adverse share is taken over
    all of them, not only over the fitted ones); `low_runs`: school_id → low-year windows;
    `result_se`: the sampling SE of each school's result (index school_id), which wins over a
    ``result_se`` column and over the ``n`` fallback (see the module docstring). Adds
    ``result_reference`` (the bar) and ``result_low`` (the lower end of the result's interval,
    NaN without one).
    """
    out = schools.copy()
    adverse_ids = set(school_flags.adverse_conditions(social.dropna(), adverse_share).index)
    out["adverse_conditions"] = out.index.isin(list(adverse_ids))
    disadvantaged = set(school_flags.adverse_conditions(social.dropna(), disadvantaged_share).index)
    out["low_results"] = out.index.isin([sid for sid, runs in low_runs.items() if runs])
    out["effect_class"] = effect_class(out["ci_low"], out["ci_high"])
    threshold = (
        out["result"].quantile(raw_quantile) if out["result"].notna().any() else float("inf")
    )
    se = _result_se(out, result_se)
    out["result_reference"] = threshold
    out["result_low"] = out["result"] - norm.ppf(0.5 + level / 2) * se
    good = (out["result_low"] > threshold) | (out["effect_class"] == "above")
    out["resilient"] = out.index.isin(list(disadvantaged)) & good
    category = out["effect_class"].copy()
    category[out["adverse_conditions"]] = "adverse_conditions"
    category[out["resilient"]] = "resilient"
    category[out["low_results"]] = "low_results"
    out["category"] = category
    return out


def _result_se(schools: pd.DataFrame, given: pd.Series | None) -> pd.Series:
    """The sampling SE of each school's result: given, else a column, else from n; NaN (no
    interval, so no resilience by result) when nothing says how precise the result is."""
    if given is not None:
        return pd.to_numeric(given.reindex(schools.index), errors="coerce").astype("float64")
    if "result_se" in schools:
        return pd.to_numeric(schools["result_se"], errors="coerce").astype("float64")
    if "n" in schools:
        n = pd.to_numeric(schools["n"], errors="coerce").astype("float64")
        return rules.RESILIENT_DEFAULT_PUPIL_SD / np.sqrt(n.where(n > 0))
    return pd.Series(np.nan, index=schools.index, dtype="float64")


def expected_line(
    result: pd.Series, social: pd.Series, weight: pd.Series
) -> tuple[float, float] | None:
    """(intercept, slope) of the participant-weighted least-squares line result ~ social index.

    The scatter's "expected result at this social index": what the region's schools with the
    same conditions reach on average. None with fewer than 3 schools or no spread of the index.
    """
    ok = result.notna() & social.notna() & weight.notna() & (weight > 0)
    x, y, w = social[ok].to_numpy(float), result[ok].to_numpy(float), weight[ok].to_numpy(float)
    if x.size < 3 or np.ptp(x) == 0:
        return None
    xm, ym = np.average(x, weights=w), np.average(y, weights=w)
    slope = float(np.sum(w * (x - xm) * (y - ym)) / np.sum(w * (x - xm) ** 2))
    return float(ym - slope * xm), slope
