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
  wider cut than ШНСУ, reason in rules) and (result above the ``RESILIENT_RAW_QUANTILE`` of
  the fitted schools' results, or ``effect_class == "above"``).
* ``category`` — one label per school for colours, first that applies: low_results,
  resilient, adverse_conditions, then the effect class. ШНОР comes first because it is the
  official status with programmes attached; the boolean columns keep every flag.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

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
) -> pd.DataFrame:
    """Add flag columns and ``category`` to `schools` (index school_id; result, ci_low, ci_high).

    `social`: the social index of every school that has one (the adverse share is taken over
    all of them, not only over the fitted ones); `low_runs`: school_id → low-year windows.
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
    good = (out["result"] > threshold) | (out["effect_class"] == "above")
    out["resilient"] = out.index.isin(list(disadvantaged)) & good
    category = out["effect_class"].copy()
    category[out["adverse_conditions"]] = "adverse_conditions"
    category[out["resilient"]] = "resilient"
    category[out["low_results"]] = "low_results"
    out["category"] = category
    return out


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
