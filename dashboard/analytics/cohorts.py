"""Which procedures measured the same cohort of pupils, so their results can be compared.

A school's ВПР in grade 8 mathematics and its ОГЭ in mathematics a year later are written by
(mostly) the same pupils; so are a ВПР and the regional diagnostic of the same grade and year.
Objectivity monitoring and the cross-procedure view of `/procedures` both start here.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard import strings


@dataclass(frozen=True)
class CohortLink:
    """Procedure ``kind_a`` in ``grade_a`` is followed ``lag`` years later by ``kind_b``."""

    kind_a: str
    grade_a: int
    kind_b: str
    grade_b: int
    lag: int
    label: str  # Russian, for legends and reasons


# The external check comes second: ОГЭ and the regional diagnostic are marked outside the
# school, so they are the reference a school's own ВПР marking is compared with.
COHORT_LINKS: tuple[CohortLink, ...] = (
    CohortLink("vpr", 8, "oge", 9, 1, strings.PROC_COHORT_OGE.format(grade=8)),
    CohortLink("vpr", 7, "diagnostic", 7, 0, strings.PROC_COHORT_DIAGNOSTIC.format(grade=7)),
    CohortLink("vpr", 8, "diagnostic", 8, 0, strings.PROC_COHORT_DIAGNOSTIC.format(grade=8)),
    CohortLink("vpr", 6, "diagnostic", 6, 0, strings.PROC_COHORT_DIAGNOSTIC.format(grade=6)),
)

PAIR_COLUMNS = [
    "procedure_a",
    "procedure_b",
    "subject",
    "year_a",
    "year_b",
    "kind_a",
    "kind_b",
    "grade_a",
    "grade_b",
    "label",
]


def pair_procedures(
    procedures: pd.DataFrame, links: tuple[CohortLink, ...] = COHORT_LINKS
) -> pd.DataFrame:
    """Pairs of procedure ids that measured the same cohort in the same subject.

    ``procedures`` has columns id, kind, subject, grade, year (one row per procedure).
    """
    out = []
    for link in links:
        a = procedures[(procedures["kind"] == link.kind_a) & (procedures["grade"] == link.grade_a)]
        b = procedures[(procedures["kind"] == link.kind_b) & (procedures["grade"] == link.grade_b)]
        if a.empty or b.empty:
            continue
        a = a.assign(_year_b=a["year"] + link.lag)
        merged = a.merge(
            b, left_on=["subject", "_year_b"], right_on=["subject", "year"], suffixes=("_a", "_b")
        )
        for row in merged.itertuples(index=False):
            out.append(
                {
                    "procedure_a": int(row.id_a),
                    "procedure_b": int(row.id_b),
                    "subject": row.subject,
                    "year_a": int(row.year_a),
                    "year_b": int(row.year_b),
                    "kind_a": link.kind_a,
                    "kind_b": link.kind_b,
                    "grade_a": link.grade_a,
                    "grade_b": link.grade_b,
                    "label": link.label,
                }
            )
    return pd.DataFrame(out, columns=PAIR_COLUMNS)


def difference_se(sd_a: pd.Series, n_a: pd.Series, sd_b: pd.Series, n_b: pd.Series) -> pd.Series:
    """Sampling standard error of a school's difference of means y − x (percentage points).

    The two procedures are treated as independent samples of the school's pupils,
    se = sqrt(sd_a²/n_a + sd_b²/n_b); pupils are not linked across procedures, so the
    correlation between a pupil's two results is not used and the SE is, if anything, too
    large (a school is flagged less easily). A school without pupil-level scores (sd missing)
    borrows the median SD of the other schools in the same procedure.
    """
    parts = []
    for sd, n in ((sd_a, n_a), (sd_b, n_b)):
        sd = pd.to_numeric(sd, errors="coerce").astype("float64")
        sd = sd.where(sd > 0)
        sd = sd.fillna(sd.median())
        n = pd.to_numeric(n, errors="coerce").astype("float64")
        parts.append(sd**2 / n.where(n > 0))
    return np.sqrt(parts[0] + parts[1])


def pair_residuals(x: pd.Series, y: pd.Series, se: pd.Series) -> pd.DataFrame:
    """Distance of each school from the diagonal, standardised by its own uncertainty.

    d = y − x. A school's d departs from the common shift both because schools truly differ
    (between-school variance τ²) and because its few pupils are a sample (sampling SE se_i).
    τ² is the DerSimonian–Laird moment estimator; the shift is the mean of d weighted by
    1 / (τ² + se_i²); the residual is (d_i − shift) / sqrt(τ² + se_i²). Dividing by the spread
    of d across schools instead would flag small schools for noise and never a large one.
    Columns: difference, residual, shift, tau (sqrt τ², the between-school SD), se, and spread
    = sqrt(τ² + median se²), the total SD of a typical school (the chart's band).
    With fewer than three usable schools the residuals are NaN.
    """
    x = pd.to_numeric(x, errors="coerce").astype("float64")
    y = pd.to_numeric(y, errors="coerce").astype("float64")
    se = pd.to_numeric(se, errors="coerce").astype("float64").reindex(x.index)
    difference = y - x
    ok = difference.notna() & se.notna() & (se > 0)
    residual = pd.Series(np.nan, index=x.index)
    shift = float(difference.dropna().mean()) if difference.notna().any() else float("nan")
    tau2 = spread = float("nan")
    if ok.sum() >= 3:
        d, v = difference[ok].to_numpy(), se[ok].to_numpy() ** 2
        w = 1.0 / v
        fixed = float(np.sum(w * d) / np.sum(w))
        q = float(np.sum(w * (d - fixed) ** 2))
        c = float(np.sum(w) - np.sum(w**2) / np.sum(w))
        tau2 = max(0.0, (q - (len(d) - 1)) / c) if c > 0 else 0.0
        total = tau2 + se**2
        shift = float(np.sum(d / (tau2 + v)) / np.sum(1.0 / (tau2 + v)))
        residual = ((difference - shift) / np.sqrt(total)).where(ok)
        spread = float(np.sqrt(tau2 + np.median(v)))
    return pd.DataFrame(
        {
            "difference": difference,
            "residual": residual,
            "shift": shift,
            "tau": np.sqrt(tau2),
            "se": se,
            "spread": spread,
        },
        index=x.index,
    )
