"""The effect of a measure next cycle: schools with a decision against comparable schools
without it (matched on last year's value and the social index), difference-in-differences
with its interval. Pure numpy/pandas. Worded as association, not proof.

The design, step by step (each a choice a reader may question):

* **Outcome**: the change of the indicator from the finding year Y to Y+1 (:func:`changes`),
  for the school with the decision and for every school without it. Comparing changes rather
  than levels removes what is constant about a school (the first difference).
* **Comparable schools**: the ``rules.EFFECT_MATCHES`` nearest schools without the decision,
  by Euclidean distance on the indicator's value at Y (``baseline``) and the social index
  (``social``), each divided by its standard deviation over the treated and the pool, with
  replacement (:func:`match_controls`). Matching on the baseline matters most: a school picked
  for a low result regresses towards the mean next year whatever is done, and so do its
  matches.
* **Estimate**: the mean over treated schools of (own change − mean change of its matches).
* **Interval**: a t-interval of that mean (n − 1 degrees of freedom) from the spread of the
  per-school differences. It treats the matched controls' means as fixed, so it is somewhat
  narrow when few controls are shared by many treated schools; it is simple, shown with its
  n, and needs no model. Matched selection cannot rule out that the schools chosen for a
  measure differ in ways the data do not show: the result is an association, not proof.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np
import pandas as pd
from scipy.stats import t as student_t

from dashboard import rules

#: What can show a measure's effect (decision_matrix.indicator), each a per-school, per-year
#: number where higher is better:
#: vpr_gap — the school's mean ВПР gap to the region (percentage points);
#: subject_gap — the same in the finding's subject (Decision.finding_detail);
#: bias_flag — minus one if the objectivity detector flags the school that year, else 0;
#: conditions_shortfall — minus the shortfall of the finding's conditions indicator
#: (Decision.finding_detail) against its norm.
EFFECT_INDICATORS = ("vpr_gap", "subject_gap", "bias_flag", "conditions_shortfall")

COVARIATES = ("baseline", "social")
MATCH_COLUMNS = ["treated_id", "control_id", "distance"]
PER_SCHOOL_COLUMNS = ["school_id", "change", "control_change", "difference"]


def changes(values: pd.DataFrame, year: int) -> pd.DataFrame:
    """school_id, baseline (the value at `year`), change (value at `year`+1 − baseline) of
    every school with a value in both years. `values`: school_id, year, value."""
    frame = values.dropna(subset=["value"])
    wide = frame.pivot_table(index="school_id", columns="year", values="value", aggfunc="mean")
    if year not in wide or year + 1 not in wide:
        return pd.DataFrame(columns=["school_id", "baseline", "change"])
    both = wide[[year, year + 1]].dropna()
    return pd.DataFrame(
        {
            "school_id": both.index.astype(int),
            "baseline": both[year].to_numpy(float),
            "change": (both[year + 1] - both[year]).to_numpy(float),
        }
    )


def match_controls(
    treated: pd.DataFrame, pool: pd.DataFrame, k: int = rules.EFFECT_MATCHES
) -> pd.DataFrame:
    """The `k` nearest pool schools of each treated school (with replacement).

    Frames: school_id, baseline, social. Both covariates are divided by their standard
    deviation (ddof 1) over the treated and pool rows together (a zero or undefined SD counts
    as 1); rows with a missing covariate are not matched, and a pool row that is also treated
    is dropped. Ties of distance go to the lower school_id. Returns treated_id, control_id,
    distance (in standardised units), nearest first within each treated school.
    """
    cols = list(COVARIATES)
    t = treated.dropna(subset=cols)
    p = pool.dropna(subset=cols)
    p = p[~p["school_id"].isin(t["school_id"])]
    if t.empty or p.empty or k < 1:
        return pd.DataFrame(columns=MATCH_COLUMNS)
    sd = pd.concat([t[cols], p[cols]]).astype(float).std(ddof=1)
    sd = sd.where(sd > 0, 1.0).fillna(1.0).to_numpy()
    tz = t[cols].to_numpy(float) / sd
    pz = p[cols].to_numpy(float) / sd
    pool_ids = p["school_id"].to_numpy()
    rows = []
    for treated_id, point in zip(t["school_id"], tz, strict=True):
        distance = np.sqrt(((pz - point) ** 2).sum(axis=1))
        for j in np.lexsort((pool_ids, distance))[:k]:
            rows.append((int(treated_id), int(pool_ids[j]), float(distance[j])))
    return pd.DataFrame(rows, columns=MATCH_COLUMNS)


def did_effect(
    values: pd.DataFrame,
    treated_ids: Iterable[int],
    k: int = rules.EFFECT_MATCHES,
    level: float = rules.EFFECT_LEVEL,
) -> dict:
    """Matched difference-in-differences of the change of an indicator.

    `values`: school_id, baseline, social, change (value at Y+1 − value at Y); the schools in
    `treated_ids` had the decision, every other row is a possible control. Rows without a
    change are left out before matching. Returns estimate (mean per-school difference; None
    without a matched treated school), low and high (the `level` t-interval, see the module
    docstring; None when fewer than two treated schools), n_treated (matched treated schools),
    n_controls (distinct schools used as controls) and per_school (school_id, change,
    control_change, difference).
    """
    frame = values.dropna(subset=["change"]).drop_duplicates("school_id")
    ids = {int(i) for i in treated_ids}
    is_treated = frame["school_id"].astype(int).isin(ids)
    pairs = match_controls(frame[is_treated], frame[~is_treated], k)
    change = frame.set_index(frame["school_id"].astype(int))["change"].astype(float)
    control_change = pairs.assign(c=pairs["control_id"].map(change)).groupby("treated_id")["c"]
    control_mean = control_change.mean()
    per_school = pd.DataFrame(
        {
            "school_id": control_mean.index.astype(int),
            "change": change[control_mean.index].to_numpy(float),
            "control_change": control_mean.to_numpy(float),
        }
    )
    per_school["difference"] = per_school["change"] - per_school["control_change"]
    n = len(per_school)
    estimate = float(per_school["difference"].mean()) if n else None
    low = high = None
    if n >= 2:
        se = float(per_school["difference"].std(ddof=1)) / math.sqrt(n)
        half = float(student_t.ppf(0.5 + level / 2, n - 1)) * se
        low, high = estimate - half, estimate + half
    return {
        "estimate": estimate,
        "low": low,
        "high": high,
        "n_treated": n,
        "n_controls": int(pairs["control_id"].nunique()) if n else 0,
        "per_school": per_school[PER_SCHOOL_COLUMNS],
    }
