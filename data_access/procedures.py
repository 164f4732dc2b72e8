"""Aggregations for `/procedures`: one procedure (kind, subject, grade) across schools,
municipalities and years.

Every public function takes the scope first. Schools appear by name only when the caller may
see them by name (visibility.schools_named); the rest get labels such as «школа 17» that are
numbered per answer, and no code or id. Viewers get municipality aggregates only. Which school
and municipality results are hidden (fewer than OKO_MIN_CELL pupils, and the complementary
cells that stop a hidden one being recovered from its municipality's total) is decided once, by
data_access.suppression.hidden_results, for pages and downloads alike. Pupil rows are summed in
SQL (count, sum, sum of squares, score histogram) and never leave; score histograms come in
bands of at least OKO_MIN_CELL pupils.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import pandas as pd
from sqlalchemy import func, select

from dashboard import rules, strings
from dashboard.analytics import procedure_stats
from dashboard.models import (
    Municipality,
    Procedure,
    School,
    SchoolPupilSummary,
    SchoolResult,
    SchoolScoreCount,
)
from data_access import cache, database
from data_access.home import own_school_ids
from data_access.scope import Scope
from data_access.suppression import hidden_results, merge_into_bands, suppress_cells
from data_access.visibility import assessed_procedures, region_filter, schools_in_region

MARKS = ["marks_2", "marks_3", "marks_4", "marks_5"]
SCHOOL_COLUMNS = [
    "key",
    "label",
    "named",
    "own",
    "school_code",
    "municipality_code",
    "municipality",
    "year",
    "participants",
    "mean_percent",
    "ci_low",
    "ci_high",
    *MARKS,
    "suppressed",
]
MUNICIPALITY_COLUMNS = [
    "municipality_code",
    "municipality",
    "year",
    "schools",
    "participants",
    "mean_percent",
    "ci_low",
    "ci_high",
    *MARKS,
    "suppressed",
]
ANONYMOUS_LABEL = strings.PROC_ANONYMOUS_LABEL


def _years(years: Sequence[int]) -> list[int]:
    return sorted({int(y) for y in years})[:20]


def procedure_catalogue(scope: Scope) -> pd.DataFrame:
    """Procedures with results in the caller's region; `has_pupils` when pupil rows exist.
    Voluntary works are not among them (visibility.assessed_procedures), so every choice of
    /procedures (kind, subject, grade, year, a cohort pair's codes) naming one finds nothing."""

    def compute() -> pd.DataFrame:
        in_region = (
            select(SchoolResult.procedure_id)
            .join(School, School.id == SchoolResult.school_id)
            .where(schools_in_region(scope))
        )
        stmt = (
            select(
                Procedure.id,
                Procedure.code,
                Procedure.kind,
                Procedure.subject,
                Procedure.grade,
                Procedure.year,
                Procedure.max_score,
            )
            .where(Procedure.id.in_(in_region), assessed_procedures())
            .order_by(Procedure.kind, Procedure.subject, Procedure.grade, Procedure.year)
        )
        with database.read() as conn:
            frame = database.frame(
                conn, stmt, ["id", "code", "kind", "subject", "grade", "year", "max_score"]
            )
            # EXISTS per procedure walks the (procedure_id, …) index instead of all pupil rows.
            with_pupils = set(
                conn.execute(
                    select(Procedure.id).where(
                        Procedure.id.in_(frame["id"].tolist()),
                        select(SchoolPupilSummary.school_id)
                        .where(SchoolPupilSummary.procedure_id == Procedure.id)
                        .exists(),
                    )
                ).scalars()
            )
        frame["has_pupils"] = frame["id"].isin(with_pupils)
        return frame

    return cache.cached(scope, "procedure_catalogue", None, compute)


def chosen_procedures(
    scope: Scope, kind: str, subject: str, grade: int, years: Sequence[int]
) -> pd.DataFrame:
    """Catalogue rows of one procedure in the given years (empty for unknown choices)."""
    catalogue = procedure_catalogue(scope)
    return catalogue[
        (catalogue["kind"] == kind)
        & (catalogue["subject"] == subject)
        & (catalogue["grade"] == int(grade))
        & catalogue["year"].isin(_years(years))
    ]


def municipality_list(scope: Scope) -> pd.DataFrame:
    """Municipalities of the caller's region (names are public aggregates)."""

    def compute() -> pd.DataFrame:
        stmt = (
            select(Municipality.id, Municipality.code, Municipality.name)
            .where(region_filter(scope))
            .order_by(Municipality.name)
        )
        with database.read() as conn:
            return database.frame(conn, stmt, ["id", "code", "name"])

    return cache.cached(scope, "procedure_municipalities", None, compute)


def municipality_id_of(scope: Scope, code: str | None) -> int | None:
    """Id of a municipality of the caller's region; -1 (matches nothing) for unknown codes."""
    if not code:
        return None
    found = municipality_list(scope)
    found = found[found["code"] == code]
    return int(found["id"].iloc[0]) if len(found) else -1  # unknown: matches nothing


def school_named(scope: Scope, code: object) -> bool:
    """Whether `code` is a school of the caller's region that the caller sees by name (so a
    click on it may open its profile). Unknown, foreign and anonymous codes all answer False
    alike, so the answer says nothing about schools the caller may not see."""
    if not isinstance(code, str) or not code or len(code) > 40:
        return False
    kind, value = scope.named_school_filter()
    if kind == "none":
        return False
    where = [schools_in_region(scope), School.school_code == code]
    if kind == "municipality":
        where.append(School.municipality_id == value)
    elif kind == "school":
        where.append(School.id == value)
    with database.read() as conn:
        return conn.execute(select(School.id).where(*where).limit(1)).first() is not None


def _pupil_sums(conn, scope: Scope, procedure_ids: list[int], by) -> pd.DataFrame:
    """Count, sum and sum of squares of primary scores per group, from the pupil summaries
    (sums of per-school sums: exact, and no pupil row is read)."""
    summary = SchoolPupilSummary
    stmt = (
        select(
            summary.procedure_id,
            *by,
            func.sum(summary.n).label("n"),
            func.sum(summary.score_sum).label("s"),
            func.sum(summary.score_sq).label("ss"),
        )
        .join(School, School.id == summary.school_id)
        .where(schools_in_region(scope), summary.procedure_id.in_(procedure_ids))
        .group_by(summary.procedure_id, *by)
    )
    return database.frame(conn, stmt)


def _with_interval(
    frame: pd.DataFrame, sums: pd.DataFrame, on: list[str], max_scores: dict[int, float]
) -> pd.DataFrame:
    """Add ci_low / ci_high (percent) from pupil sums; NaN where no pupils are stored."""
    if sums.empty:
        return frame.assign(ci_low=float("nan"), ci_high=float("nan"))
    scale = 100.0 / sums["procedure_id"].map(max_scores).astype("float64")
    ci = procedure_stats.mean_interval(
        sums["n"], sums["s"] * scale, sums["ss"] * scale**2, rules.PROCEDURE_CI_LEVEL
    )
    sums = sums.assign(ci_low=ci["low"], ci_high=ci["high"])
    return frame.merge(sums[[*on, "ci_low", "ci_high"]], on=on, how="left")


def label_schools(scope: Scope, frame: pd.DataFrame) -> pd.DataFrame:
    """Name the schools the caller may see by name; number the others «школа N».

    Anonymous numbers follow a hash of (scope, school id), so they say nothing about codes and
    stay the same across the years of one answer. Ids, names and codes of others are dropped.
    """
    kind, value = scope.named_school_filter()
    if kind == "all":
        named = pd.Series(True, index=frame.index)
    elif kind == "municipality":
        named = frame["municipality_id"] == value
    elif kind == "school":
        named = frame["school_id"] == value
    else:
        named = pd.Series(False, index=frame.index)
    # «Own» schools (drawn in the colour no category uses): the director's school, or every
    # school of a municipality user's municipality (data_access.home).
    frame = frame.assign(
        named=named.astype(bool),
        own=frame["school_id"].isin(own_school_ids(scope)).astype(bool),
    )
    anonymous = sorted(
        set(frame.loc[~frame["named"], "school_id"]),
        key=lambda sid: hashlib.sha256(f"{scope.key}:{sid}".encode()).hexdigest(),
    )
    numbers = {sid: i + 1 for i, sid in enumerate(anonymous)}
    # Names repeat across municipalities («Гимназия № 10»), so a named label carries the code.
    frame["label"] = [
        f"{name} ({code})" if is_named else ANONYMOUS_LABEL.format(n=numbers[sid])
        for sid, name, code, is_named in zip(
            frame["school_id"], frame["name"], frame["school_code"], frame["named"], strict=True
        )
    ]
    frame["school_code"] = frame["school_code"].where(frame["named"], None)
    frame["key"] = [
        code if is_named else label
        for code, label, is_named in zip(
            frame["school_code"], frame["label"], frame["named"], strict=True
        )
    ]
    return frame.drop(columns=["school_id", "name", "municipality_id"])


def school_means(
    scope: Scope,
    kind: str,
    subject: str,
    grade: int,
    years: Sequence[int],
    municipality_code: str | None = None,
) -> pd.DataFrame:
    """Per school and year: participants, mean percent with its 95 % interval, mark counts."""
    chosen = chosen_procedures(scope, kind, subject, grade, years)
    if scope.aggregates_only or chosen.empty:
        return pd.DataFrame(columns=SCHOOL_COLUMNS)
    muni = municipality_id_of(scope, municipality_code)
    args = {"ids": chosen["id"].tolist(), "muni": muni}

    def compute() -> pd.DataFrame:
        ids = args["ids"]
        where = [schools_in_region(scope), SchoolResult.procedure_id.in_(ids)]
        if muni is not None:
            where.append(School.municipality_id == muni)
        stmt = (
            select(
                SchoolResult.procedure_id,
                School.id.label("school_id"),
                School.school_code,
                School.name,
                School.municipality_id,
                Municipality.code.label("municipality_code"),
                Municipality.name.label("municipality"),
                Procedure.year,
                SchoolResult.participants,
                SchoolResult.mean_percent,
                *[getattr(SchoolResult, m) for m in MARKS],
            )
            .join(School, School.id == SchoolResult.school_id)
            .join(Municipality, Municipality.id == School.municipality_id)
            .join(Procedure, Procedure.id == SchoolResult.procedure_id)
            .where(*where)
        )
        with database.read() as conn:
            frame = database.frame(conn, stmt)
            if frame.empty:
                return pd.DataFrame(columns=SCHOOL_COLUMNS)
            sums = _pupil_sums(conn, scope, ids, [SchoolPupilSummary.school_id])
        frame = _with_interval(
            frame,
            sums,
            ["procedure_id", "school_id"],
            dict(zip(chosen["id"], chosen["max_score"], strict=True)),
        )
        hidden = hidden_results(scope, ids).school_mask(frame)
        frame = suppress_cells(frame, hidden, value_columns=("ci_low", "ci_high"))
        return (
            label_schools(scope, frame)[SCHOOL_COLUMNS]
            .sort_values(["year", "label"])
            .reset_index(drop=True)
        )

    return cache.cached(scope, "procedure_school_means", args, compute)


def municipality_means(
    scope: Scope, kind: str, subject: str, grade: int, years: Sequence[int]
) -> pd.DataFrame:
    """Per municipality and year: participant-weighted mean percent, pooled-pupil interval,
    marks."""
    chosen = chosen_procedures(scope, kind, subject, grade, years)
    if chosen.empty:
        return pd.DataFrame(columns=MUNICIPALITY_COLUMNS)
    args = chosen["id"].tolist()

    def compute() -> pd.DataFrame:
        total = func.sum(SchoolResult.participants)
        stmt = (
            select(
                SchoolResult.procedure_id,
                Municipality.id.label("municipality_id"),
                Municipality.code.label("municipality_code"),
                Municipality.name.label("municipality"),
                Procedure.year,
                func.count(School.id).label("schools"),
                total.label("participants"),
                (
                    func.sum(SchoolResult.mean_percent * SchoolResult.participants)
                    / func.nullif(total, 0)
                ).label("mean_percent"),
                *[func.sum(getattr(SchoolResult, m)).label(m) for m in MARKS],
            )
            .join(School, School.id == SchoolResult.school_id)
            .join(Municipality, Municipality.id == School.municipality_id)
            .join(Procedure, Procedure.id == SchoolResult.procedure_id)
            .where(schools_in_region(scope), SchoolResult.procedure_id.in_(args))
            .group_by(
                SchoolResult.procedure_id,
                Municipality.id,
                Municipality.code,
                Municipality.name,
                Procedure.year,
            )
        )
        with database.read() as conn:
            frame = database.frame(conn, stmt)
            if frame.empty:
                return pd.DataFrame(columns=MUNICIPALITY_COLUMNS)
            sums = _pupil_sums(conn, scope, args, [School.municipality_id])
        frame = _with_interval(
            frame,
            sums,
            ["procedure_id", "municipality_id"],
            dict(zip(chosen["id"], chosen["max_score"], strict=True)),
        )
        hidden = hidden_results(scope, args).municipality_mask(frame)
        frame = suppress_cells(frame, hidden, value_columns=("ci_low", "ci_high"))
        return (
            frame[MUNICIPALITY_COLUMNS].sort_values(["year", "municipality"]).reset_index(drop=True)
        )

    return cache.cached(scope, "procedure_municipality_means", args, compute)


DISTRIBUTION_COLUMNS = [
    "municipality_code",
    "municipality",
    "score_from",
    "score_to",
    "primary_score",
    "pupils",
    "max_score",
]


def score_distribution(
    scope: Scope, kind: str, subject: str, grade: int, year: int
) -> pd.DataFrame:
    """Pupils per band of primary scores and municipality (counts only).

    Each municipality's scores 0..max are cut into adjacent bands of at least OKO_MIN_CELL
    pupils (`score_from`..`score_to`; `primary_score` is the band's middle), so no shown cell
    counts fewer pupils than the rule, not even the one pupil at the maximum. Municipalities
    whose results are hidden (data_access.suppression) are left out. Empty when the procedure
    has no pupil rows.
    """
    chosen = chosen_procedures(scope, kind, subject, grade, [year])
    if chosen.empty or not bool(chosen["has_pupils"].iloc[0]):
        return pd.DataFrame(columns=DISTRIBUTION_COLUMNS)
    procedure_id, max_score = int(chosen["id"].iloc[0]), float(chosen["max_score"].iloc[0])

    def compute() -> pd.DataFrame:
        counts = SchoolScoreCount
        stmt = (
            select(
                School.municipality_id,
                Municipality.code.label("municipality_code"),
                Municipality.name.label("municipality"),
                counts.primary_score,
                func.sum(counts.pupils).label("pupils"),
            )
            .join(School, School.id == counts.school_id)
            .join(Municipality, Municipality.id == School.municipality_id)
            .where(schools_in_region(scope), counts.procedure_id == procedure_id)
            .group_by(
                School.municipality_id, Municipality.code, Municipality.name, counts.primary_score
            )
        )
        with database.read() as conn:
            frame = database.frame(
                conn,
                stmt,
                ["municipality_id", "municipality_code", "municipality", "primary_score", "pupils"],
            )
        return banded_distribution(scope, procedure_id, max_score, frame)

    return cache.cached(scope, "procedure_score_distribution", procedure_id, compute)


def banded_distribution(
    scope: Scope, procedure_id: int, max_score: float, counts: pd.DataFrame
) -> pd.DataFrame:
    """Pupils per score and municipality (municipality_id, municipality_code, municipality,
    primary_score, pupils) → DISTRIBUTION_COLUMNS bands, hidden municipalities left out."""
    hidden = hidden_results(scope, [procedure_id])
    counts = counts.assign(procedure_id=procedure_id)
    counts = counts[~hidden.municipality_mask(counts)]
    rows = []
    scale = [float(v) for v in range(int(max_score) + 1)]
    for (code, name), group in counts.groupby(["municipality_code", "municipality"]):
        per_score = group.groupby("primary_score")["pupils"].sum()
        per_score = per_score.reindex(sorted({*scale, *per_score.index}), fill_value=0)
        for low, high, pupils in merge_into_bands(per_score):
            rows.append((code, name, low, high, (low + high) / 2, pupils, max_score))
    out = pd.DataFrame(rows, columns=DISTRIBUTION_COLUMNS)
    return out.sort_values(["municipality", "score_from"]).reset_index(drop=True)
