"""Findings: what OKO already computes about a school or a municipality and a management
decision can answer (seed 002, «модель принятия управленческих решений»). Pure pandas.

Every function returns a frame with :data:`FINDING_COLUMNS`, one row per finding:

* ``level`` — "school", "municipality" or "region" (a roadmap without a municipality);
* ``school_id`` / ``municipality_id`` — nullable Int64 (<NA> where not known or not applicable;
  :func:`with_municipalities` fills the municipality of school findings);
* ``kind`` — one of models.FINDING_KINDS; ``detail`` — what exactly (an indicator code, a
  subject, a procedure kind, a roadmap item id) or None; ``year`` — the results year;
* ``value`` / ``reference`` — the number behind the finding and what it is compared with
  (float, NaN when none); ``extra`` — short text for the reason (years, skill codes) or None.

The rules reuse the profile's and /rankings' own (school_flags, school_categories, deficits,
roadmap_progress), so a finding never disagrees with the label a page shows; the thresholds
of the new rules live in :mod:`dashboard.rules`.
"""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd
from scipy.stats import norm

from dashboard import rules
from dashboard.analytics import deficits, roadmap_progress

FINDING_COLUMNS = [
    "level",
    "school_id",
    "municipality_id",
    "kind",
    "detail",
    "year",
    "value",
    "reference",
    "extra",
]
#: Kinds found per school (the rest, overdue_roadmap_item, per roadmap).
SCHOOL_KINDS = (
    "low_results",
    "adverse_conditions",
    "resilient",
    "bias_confirmed",
    "deficit",
    "weak_skill",
    "falling_trend",
)
#: Kinds that make a municipality finding when concentrated there (resilience is a practice to
#: spread, not a problem of the municipality).
MUNICIPALITY_KINDS = tuple(k for k in SCHOOL_KINDS if k != "resilient")


def _nullable_int(values: list) -> pd.arrays.IntegerArray:
    return pd.array(
        [None if v is None or (not isinstance(v, str) and pd.isna(v)) else int(v) for v in values],
        dtype="Int64",
    )


def _text(value: object) -> str | None:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return str(value)


def finding_frame(rows: list[dict]) -> pd.DataFrame:
    """A findings frame with the columns and dtypes of :data:`FINDING_COLUMNS`."""
    frame = pd.DataFrame(rows, columns=FINDING_COLUMNS)
    return pd.DataFrame(
        {
            "level": frame["level"].astype(object),
            "school_id": _nullable_int(list(frame["school_id"])),
            "municipality_id": _nullable_int(list(frame["municipality_id"])),
            "kind": frame["kind"].astype(object),
            "detail": pd.Series([_text(v) for v in frame["detail"]], dtype=object),
            "year": frame["year"].astype("int64"),
            "value": pd.to_numeric(frame["value"], errors="coerce").astype("float64"),
            "reference": pd.to_numeric(frame["reference"], errors="coerce").astype("float64"),
            "extra": pd.Series([_text(v) for v in frame["extra"]], dtype=object),
        }
    )


def _row(kind: str, year: int, school_id: object = None, **values: object) -> dict:
    """One school finding; missing fields are None/NaN."""
    return {
        "level": "school",
        "school_id": school_id,
        "municipality_id": values.get("municipality_id"),
        "kind": kind,
        "detail": values.get("detail"),
        "year": int(year),
        "value": values.get("value", math.nan),
        "reference": values.get("reference", math.nan),
        "extra": values.get("extra"),
    }


def with_municipalities(findings: pd.DataFrame, schools: pd.DataFrame) -> pd.DataFrame:
    """Fill ``municipality_id`` of school findings from `schools` (school_id, municipality_id)."""
    mapping = schools.drop_duplicates("school_id").set_index("school_id")["municipality_id"]
    out = findings.copy()
    known = out["school_id"].map(lambda sid: mapping.get(sid) if pd.notna(sid) else None)
    out["municipality_id"] = _nullable_int(
        [m if pd.notna(m) else k for m, k in zip(out["municipality_id"], known, strict=True)]
    )
    return out


# ------------------------------------------------------------------ school findings


def low_results_findings(
    low_runs: dict[int, list[tuple[int, int]]], gaps: pd.DataFrame, year: int
) -> pd.DataFrame:
    """ШНОР at `year`: a low-results run (school_flags.low_results) ending at `year`.

    `gaps`: school_flags.vpr_gaps (school_id, year, gap, …); value = the school's gap at `year`,
    extra = the run's years ("2022–2023").
    """
    at = gaps[gaps["year"] == year].groupby("school_id")["gap"].mean()
    rows = [
        _row(
            "low_results",
            year,
            sid,
            value=at.get(sid, math.nan),
            extra=f"{first}–{last}",
        )
        for sid, runs in sorted(low_runs.items())
        for first, last in runs
        if last == year
    ]
    return finding_frame(rows)


def adverse_findings(social_index: pd.Series, adverse: pd.Series, year: int) -> pd.DataFrame:
    """ШНСУ: the schools of school_flags.adverse_conditions (`adverse`, index school_id).

    value = the school's social index, reference = the cut (the highest index still flagged).
    """
    if adverse.empty:
        return finding_frame([])
    cut = float(adverse.max())
    rows = [
        _row(
            "adverse_conditions",
            year,
            sid,
            value=social_index.get(sid, adverse[sid]),
            reference=cut,
        )
        for sid in adverse.sort_values().index
    ]
    return finding_frame(rows)


def resilient_findings(categories: pd.DataFrame, year: int) -> pd.DataFrame:
    """Resilient schools (school_categories.categorise, index or column school_id): a practice
    to spread. value = the school's result, reference = the bar it cleared (result_reference)."""
    frame = categories if "school_id" in categories else categories.rename_axis("school_id")
    frame = frame.reset_index() if "school_id" not in frame.columns else frame
    chosen = frame[frame["resilient"].fillna(False).astype(bool)]
    rows = [
        _row(
            "resilient",
            year,
            r["school_id"],
            value=r.get("result", math.nan),
            reference=r.get("result_reference", math.nan),
        )
        for r in chosen.to_dict("records")
    ]
    return finding_frame(rows)


def bias_findings(reviews: pd.DataFrame, year: int) -> pd.DataFrame:
    """Signs of bias confirmed by review: the latest BiasReview of (school, procedure kind,
    `year`) is "confirmed". `reviews`: school_id, procedure_kind, year, to_status, reviewed_at
    (and id, which breaks ties of reviewed_at). detail = the procedure kind."""
    if reviews.empty:
        return finding_frame([])
    order = ["reviewed_at", "id"] if "id" in reviews else ["reviewed_at"]
    latest = (
        reviews[reviews["year"] == year]
        .sort_values(order)
        .groupby(["school_id", "procedure_kind"], as_index=False)
        .last()
    )
    confirmed = latest[latest["to_status"] == "confirmed"].sort_values(
        ["school_id", "procedure_kind"]
    )
    rows = [
        _row("bias_confirmed", year, r["school_id"], detail=r["procedure_kind"])
        for r in confirmed.to_dict("records")
    ]
    return finding_frame(rows)


def deficit_findings(context: pd.DataFrame, year: int) -> pd.DataFrame:
    """A deficit of conditions: one finding per conditions indicator on the worse side of its
    norm (deficits.conditions_deficits: the region's norm, else the catalogue's).

    `context`: school_id, year, indicator_code, value, direction, norm, optional region_norm,
    region_median (computed here over the schools given when absent) and group (rows of other
    groups than "conditions" are ignored). The region's latest context year ≤ `year` is used,
    so a school that did not report that year has no finding rather than a stale one.
    detail = indicator code, value = the school's value, reference = the norm,
    extra = "region_norm" or "norm" (which norm).
    """
    frame = context[context["year"] <= year]
    if "group" in frame:
        frame = frame[frame["group"] == "conditions"]
    frame = frame[frame["value"].notna()]
    if frame.empty:
        return finding_frame([])
    latest = frame[frame["year"] == frame["year"].max()].copy()
    if "region_median" not in latest:
        latest["region_median"] = latest.groupby("indicator_code")["value"].transform("median")
    marked = deficits.conditions_deficits(latest)
    found = marked[marked["is_deficit"]].sort_values(["school_id", "indicator_code"])
    rows = [
        _row(
            "deficit",
            year,
            r["school_id"],
            municipality_id=r.get("municipality_id"),
            detail=r["indicator_code"],
            value=r["value"],
            reference=r["reference"],
            extra=r["reference_kind"],
        )
        for r in found.to_dict("records")
    ]
    return finding_frame(rows)


def weak_skill_findings(
    skills: pd.DataFrame,
    year: int,
    margin: float = rules.WEAK_SKILL_MARGIN,
    level: float = rules.WEAK_SKILL_LEVEL,
) -> pd.DataFrame:
    """Weak skills in a subject: one finding per (school, subject) with at least one skill
    whose percent is ≥ `margin` points below the region's and whose difference is below zero
    beyond chance: one-sided at (1 − `level`)/2, Holm-adjusted over the skills of that subject
    at that school (with one skill, the difference's `level` interval lies below zero).

    `skills`: school_id, subject, skill_code, school_percent, region_percent, participants (the
    school's), optional region_participants (then the region's binomial SE is added) and year
    (rows of other years are ignored). SE of a percent p: 100·√(p(1−p)/n), p as a share.
    value = the mean gap (school − region) of the weak skills, extra = their codes, weakest
    first, comma-joined.
    """
    frame = skills if "year" not in skills else skills[skills["year"] == year]
    frame = frame.dropna(subset=["school_percent", "region_percent", "participants"])
    frame = frame[frame["participants"] > 0]
    if frame.empty:
        return finding_frame([])
    gap = frame["school_percent"].astype(float) - frame["region_percent"].astype(float)
    variance = percent_variance(frame["school_percent"], frame["participants"])
    if "region_participants" in frame:
        n = frame["region_participants"].where(frame["region_participants"] > 0)
        variance = variance + percent_variance(frame["region_percent"], n).fillna(0.0)
    # one-sided p of "no gap" per skill, then Holm within the school's subject: a subject has
    # twenty-odd skills, and at 95 % each, one of them would look weak by chance most years
    p = pd.Series(norm.cdf(gap / np.sqrt(variance)), index=frame.index).fillna(1.0)
    significant = holm(p, frame[["school_id", "subject"]], (1 - level) / 2)
    weak = (gap <= -margin) & significant
    chosen = frame.assign(gap=gap)[weak].sort_values(["school_id", "subject", "gap", "skill_code"])
    rows = []
    for (sid, subject), group in chosen.groupby(["school_id", "subject"], sort=True):
        codes = list(dict.fromkeys(str(c) for c in group["skill_code"]))
        rows.append(
            _row(
                "weak_skill",
                year,
                sid,
                municipality_id=group["municipality_id"].iloc[0]
                if "municipality_id" in group
                else None,
                detail=subject,
                value=float(group["gap"].mean()),
                extra=", ".join(codes),
            )
        )
    return finding_frame(rows)


def holm(p: pd.Series, groups: pd.DataFrame, alpha: float) -> pd.Series:
    """Holm's step-down rejections at family-wise `alpha` within each group (rows of `groups`
    with equal values): the i-th smallest of m p-values (i from 0) is rejected while it and
    every smaller one are ≤ alpha / (m − i)."""
    keys = list(groups.columns)
    order = groups.assign(_p=p).sort_values([*keys, "_p"], kind="stable")
    by = [order[k] for k in keys]
    rank = order.groupby(by).cumcount()
    size = order.groupby(by)["_p"].transform("size")
    passes = (order["_p"] <= alpha / (size - rank)).astype(int)
    return passes.groupby(by).cummin().astype(bool).reindex(p.index)


def percent_variance(percent: pd.Series, n: pd.Series) -> pd.Series:
    """Binomial variance of a percent (in p.p.²) from its share p and count n."""
    p = (percent.astype(float) / 100).clip(0, 1)
    return 100.0**2 * p * (1 - p) / n.astype(float)


def falling_trend_findings(
    gaps: pd.DataFrame,
    year: int,
    steps: int = rules.FALLING_TREND_YEARS,
    min_drop: float = rules.FALLING_TREND_MIN_DROP,
    min_participants: int = rules.LOW_RESULTS_MIN_PARTICIPANTS,
) -> pd.DataFrame:
    """A falling trend: the ВПР gap fell in each of the last `steps` years ending at `year`,
    by at least `min_drop` points in all.

    `gaps`: school_flags.vpr_gaps (school_id, year, gap, optional participants; a year with
    fewer than `min_participants` counts as missing, as in the ШНОР ranking). Every year of
    the span must be present. value = the total change (negative), reference = the gap at the
    first year, extra = the span ("2020–2023").
    """
    span = list(range(year - steps, year + 1))
    frame = gaps[gaps["year"].isin(span)]
    if "participants" in frame:
        frame = frame[frame["participants"] >= min_participants]
    if frame.empty:
        return finding_frame([])
    wide = frame.pivot_table(index="school_id", columns="year", values="gap", aggfunc="mean")
    wide = wide.reindex(columns=span).dropna()
    falling = (wide.diff(axis=1).iloc[:, 1:] < 0).all(axis=1)
    total = wide[year] - wide[span[0]]
    chosen = wide[falling & (total <= -min_drop)]
    rows = [
        _row(
            "falling_trend",
            year,
            sid,
            value=total[sid],
            reference=chosen.loc[sid, span[0]],
            extra=f"{span[0]}–{year}",
        )
        for sid in sorted(chosen.index)
    ]
    return finding_frame(rows)


# ------------------------------------------------------------------ roadmap findings


def overdue_findings(
    items: pd.DataFrame, today: dt.date, *, year: int | None = None
) -> pd.DataFrame:
    """Overdue roadmap items (roadmap_progress.overdue as of `today`): a finding of the
    roadmap's municipality, or of the region for a roadmap without one.

    `items`: id, number, title, municipality_id, status, due_on (occurrences of one item may
    repeat: the longest overdue one is kept). detail = the item id as text, value = days
    overdue, extra = "number title". year = `year`, else the deadline's year, which stays the
    same while the item stays overdue (so a decision about it keeps matching its finding).
    """
    if items.empty:
        return finding_frame([])
    late = roadmap_progress.overdue(items, today).drop_duplicates("id", keep="first")
    rows = []
    for r in late.to_dict("records"):
        due = pd.Timestamp(r["due_on"]).date()
        municipality = r.get("municipality_id")
        has_municipality = municipality is not None and not pd.isna(municipality)
        rows.append(
            {
                "level": "municipality" if has_municipality else "region",
                "school_id": None,
                "municipality_id": municipality if has_municipality else None,
                "kind": "overdue_roadmap_item",
                "detail": str(int(r["id"])),
                "year": int(year) if year is not None else due.year,
                "value": float((today - due).days),
                "reference": math.nan,
                "extra": " ".join(str(p) for p in (r.get("number"), r.get("title")) if p),
            }
        )
    return finding_frame(rows)


# ------------------------------------------------------------------ municipality findings


def municipality_findings(
    school_findings: pd.DataFrame,
    schools: pd.DataFrame,
    ratio: float = rules.MUNICIPALITY_FINDING_RATIO,
    min_schools: int = rules.MUNICIPALITY_FINDING_MIN_SCHOOLS,
) -> pd.DataFrame:
    """A kind concentrated in a municipality: its share of schools with the kind is at least
    `ratio` × the region's share and at least `min_schools` of its schools have it.

    `schools`: school_id, municipality_id of every school of the region (the denominators);
    school findings of schools not listed there are ignored. A school counts once per kind and
    year whatever the detail. value = the municipality's share (0–1), reference = the region's
    share, extra = the number of its schools with the kind. Resilience is not a problem, so it
    makes no municipality finding.
    """
    listed = schools.dropna(subset=["school_id", "municipality_id"]).drop_duplicates("school_id")
    mapping = listed.set_index("school_id")["municipality_id"].astype(int)
    sizes = mapping.value_counts()
    chosen = school_findings[
        (school_findings["level"] == "school")
        & school_findings["kind"].isin(MUNICIPALITY_KINDS)
        & school_findings["school_id"].isin(mapping.index)
    ]
    rows = []
    for (kind, year), group in chosen.groupby(["kind", "year"], sort=True):
        ids = pd.Index(group["school_id"].astype(int).unique())
        region_share = len(ids) / len(mapping)
        counts = mapping[ids].value_counts().sort_index()
        for municipality, count in counts.items():
            share = count / sizes[municipality]
            # The tolerance keeps a share exactly at the bar (0.6 vs 1.5 × 0.4) from failing on
            # the last bit of a float.
            if count >= min_schools and share >= ratio * region_share - 1e-12:
                rows.append(
                    {
                        "level": "municipality",
                        "school_id": None,
                        "municipality_id": municipality,
                        "kind": kind,
                        "detail": None,
                        "year": year,
                        "value": share,
                        "reference": region_share,
                        "extra": str(int(count)),
                    }
                )
    return finding_frame(rows)
