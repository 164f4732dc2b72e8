"""Statistics behind `/procedures`: intervals of means, quartiles from counts, and distance
from the diagonal when two procedures measured the same cohort. Pure numpy/pandas."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats


def mean_interval(
    n: pd.Series, total: pd.Series, total_sq: pd.Series, level: float = 0.95
) -> pd.DataFrame:
    """Mean and Student-t interval from per-group count, sum and sum of squares.

    SQL returns these three sums (GROUP BY), so pupils never leave the database. Groups of one
    pupil get a mean but no interval (the spread is unknown).
    """
    n = pd.to_numeric(n, errors="coerce").astype("float64")
    total = pd.to_numeric(total, errors="coerce").astype("float64")
    total_sq = pd.to_numeric(total_sq, errors="coerce").astype("float64")
    mean = total / n.where(n > 0)
    # Sample variance; clip tiny negative values from floating-point cancellation.
    var = ((total_sq - n * mean**2) / (n - 1).where(n > 1)).clip(lower=0)
    sem = np.sqrt(var / n)
    t = pd.Series(stats.t.ppf(0.5 + level / 2, (n - 1).where(n > 1)), index=n.index)
    half = t * sem
    return pd.DataFrame({"mean": mean, "low": mean - half, "high": mean + half}, index=n.index)


def quartiles_from_counts(values: pd.Series, counts: pd.Series) -> dict[str, float]:
    """Min, quartiles, max and mean of a distribution given as value → count.

    Quartiles use the lower-median convention on the expanded sample (numpy 'inverted_cdf'),
    so they are real scores that someone obtained.
    """
    frame = pd.DataFrame({"v": values.astype("float64"), "c": counts.astype("float64")})
    frame = frame[frame["c"] > 0].sort_values("v")
    total = frame["c"].sum()
    if total <= 0:
        return {k: float("nan") for k in ("min", "q1", "median", "q3", "max", "mean", "n")}
    cumulative = frame["c"].cumsum().to_numpy()
    scores = frame["v"].to_numpy()

    def quantile(p: float) -> float:
        return float(scores[np.searchsorted(cumulative, p * total, side="left")])

    return {
        "min": float(scores[0]),
        "q1": quantile(0.25),
        "median": quantile(0.5),
        "q3": quantile(0.75),
        "max": float(scores[-1]),
        "mean": float((frame["v"] * frame["c"]).sum() / total),
        "n": float(total),
    }


def diagonal_residuals(x: pd.Series, y: pd.Series) -> pd.DataFrame:
    """Distance of each point from the diagonal, standardised over the points.

    `difference` = y − x (percentage points). Procedures differ in difficulty, so the typical
    school sits on a line parallel to the diagonal, shifted by the mean difference; the
    standardised residual is (difference − mean) / standard deviation of the differences.
    With fewer than three points the spread is meaningless and residuals are NaN.
    """
    x = pd.to_numeric(x, errors="coerce").astype("float64")
    y = pd.to_numeric(y, errors="coerce").astype("float64")
    difference = y - x
    valid = difference.dropna()
    if len(valid) < 3 or valid.std(ddof=1) == 0:
        residual = pd.Series(np.nan, index=x.index)
        shift = float(valid.mean()) if len(valid) else float("nan")
        spread = float("nan")
    else:
        shift, spread = float(valid.mean()), float(valid.std(ddof=1))
        residual = (difference - shift) / spread
    return pd.DataFrame(
        {"difference": difference, "residual": residual, "shift": shift, "spread": spread},
        index=x.index,
    )


def far_from_diagonal(residual: pd.Series, threshold: float) -> pd.Series:
    """True where |standardised residual| exceeds the threshold (NaN is never far)."""
    return residual.abs().gt(threshold).fillna(False).astype(bool)


def spread_bands(bands: pd.DataFrame) -> pd.Series:
    """Pupils per score estimated from bands (score_from, score_to, pupils): each band's pupils
    spread evenly over its scores, summed over the rows. Built only from shown bands, so a
    region curve drawn from it reveals nothing the bands do not (exact region counts per score
    would let a reader subtract the other municipalities and recover a small one's scores)."""
    spread: dict[float, float] = {}
    for low, high, pupils in zip(
        bands["score_from"], bands["score_to"], bands["pupils"], strict=True
    ):
        scores = np.arange(float(low), float(high) + 1.0)
        for score in scores:
            spread[float(score)] = spread.get(float(score), 0.0) + float(pupils) / len(scores)
    return pd.Series(spread, dtype="float64").sort_index()
