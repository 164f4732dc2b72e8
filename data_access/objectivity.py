"""Objectivity monitoring (`/objectivity`): bias signs per school × procedure kind × year.

The detector runs on the whole region (the reference every school is compared with) and
is cached per scope; what leaves this module is cut to the caller's rights:

* admin, region: every flagged school by name;
* municipality: the schools of its own municipality by name, the rest as counts;
* school (director): only its own school's flags; the region as counts;
* viewer: counts only (per municipality and risk level), no school rows at all.

Review status changes are allowed to admin and region, and to a municipality for its own
schools; every change and every refusal is audited.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import func, select

from dashboard import rules
from dashboard.analytics import objectivity as detector
from dashboard.analytics import procedure_stats
from dashboard.models import (
    BiasReview,
    Municipality,
    Procedure,
    School,
    SchoolMarkAgreement,
    SchoolPupilSummary,
    SchoolResult,
    SchoolScoreCount,
    SkillResult,
)
from dashboard.models.reviews import BIAS_REVIEW_STATUSES
from data_access import audit, cache, database, derived, procedures
from data_access.home import own_school_ids
from data_access.scope import OutOfScope, Scope
from data_access.single_flight import cached_once
from data_access.suppression import complete_groups, is_small, suppress_small
from data_access.visibility import (
    assessed_procedures,
    region_scope,
    require_school,
    schools_in_region,
    schools_named,
)

VPR = "vpr"
# Kinds read for the cohort comparison: ВПР and the externally marked procedures.
COHORT_KINDS = ("vpr", "oge", "diagnostic")


# The pupil summary's counts the indicators need (see dashboard.analytics.objectivity).
SUMMARY_COUNTS = (
    "n",
    "n_journal",
    "lowered",
    "confirmed",
    "raised",
    "near_max",
    "score_sum",
    "score_sq",
    "below_3",
    "at_3",
    "below_4",
    "at_4",
    "below_5",
    "at_5",
)
PROCEDURE_COLUMNS = ["kind", "subject", "grade", "year", "max_score"]
KEY_COLUMNS = ["school_id", "municipality_id", "procedure_id", "kind", "subject", "grade", "year"]


def _read_per_school(scope: Scope, table, values: list, *where) -> pd.DataFrame:
    """Rows of a per school × procedure table for the region's general-education schools and
    COHORT_KINDS, with municipality_id and the procedure's kind, subject, grade, year and
    max_score attached in pandas: the tens of thousands of rows leave the database as ids and
    numbers only."""
    schools = select(School.id.label("school_id"), School.municipality_id).where(
        schools_in_region(scope), School.kind != "preschool"
    )
    procedures = select(
        Procedure.id.label("procedure_id"), *[getattr(Procedure, c) for c in PROCEDURE_COLUMNS]
    ).where(Procedure.kind.in_(COHORT_KINDS))
    stmt = (
        select(table.school_id, table.procedure_id, *values)
        .where(
            table.school_id.in_(schools.with_only_columns(School.id)),
            table.procedure_id.in_(procedures.with_only_columns(Procedure.id)),
            *where,
        )
        .order_by(table.procedure_id, table.school_id)
    )
    with database.read() as conn:
        frame = database.frame(conn, stmt, ["school_id", "procedure_id", *[v.key for v in values]])
        schools = database.frame(conn, schools, ["school_id", "municipality_id"])
        procedures = database.frame(conn, procedures, ["procedure_id", *PROCEDURE_COLUMNS])
    frame = frame.merge(schools, on="school_id").merge(procedures, on="procedure_id")
    # Procedures in (kind, subject, grade, year) order, as the joined read used to give them:
    # the detector's float sums then come out to the same last bit.
    order = ["kind", "subject", "grade", "year", "procedure_id", "school_id"]
    return frame.sort_values(order, kind="stable", ignore_index=True)


def _pupil_aggregates(scope: Scope) -> pd.DataFrame:
    """Per school × procedure (ВПР, ОГЭ, diagnostic): counts the indicators need
    (internal: ids, no names).

    Summed at import into school_pupil_summary, so a region of a million pupil rows leaves
    the database as ~20k rows of numbers.
    """

    def compute() -> pd.DataFrame:
        counts = [getattr(SchoolPupilSummary, name) for name in SUMMARY_COUNTS]
        frame = _read_per_school(scope, SchoolPupilSummary, counts)
        return frame[[*KEY_COLUMNS, "max_score", *SUMMARY_COUNTS]]

    return cached_once(region_scope(scope), "objectivity_pupil_aggregates", compute)


def _school_results(scope: Scope) -> pd.DataFrame:
    """School-level mean percent of ВПР, ОГЭ and the regional diagnostic (internal)."""

    def compute() -> pd.DataFrame:
        values = [SchoolResult.participants, SchoolResult.mean_percent]
        frame = _read_per_school(scope, SchoolResult, values, SchoolResult.participants > 0)
        return frame[[*KEY_COLUMNS, "participants", "mean_percent"]]

    return cached_once(region_scope(scope), "objectivity_school_results", compute)


def _task_results(scope: Scope) -> pd.DataFrame:
    """Per school × ВПР procedure × task: the school's percent of the task's points and the
    procedure's participants (internal; the imported «выполнение заданий» rows)."""

    def compute() -> pd.DataFrame:
        values = [SkillResult.task_number, SkillResult.mean_percent]
        vpr = select(Procedure.id).where(Procedure.kind == VPR)
        frame = _read_per_school(scope, SkillResult, values, SkillResult.procedure_id.in_(vpr))
        n = _school_results(scope)[["school_id", "procedure_id", "participants"]]
        frame = frame.merge(n, on=["school_id", "procedure_id"]).rename(
            columns={"participants": "n"}
        )
        return frame[[*KEY_COLUMNS, "task_number", "n", "mean_percent"]]

    return cached_once(region_scope(scope), "objectivity_task_results", compute)


def _detection(scope: Scope) -> dict:
    """Signs and combined risk of every school-year of the region, computed (seconds on a large
    region: read from the store of import-time results instead, see `region_risk`)."""

    def compute() -> dict:
        pupils = _pupil_aggregates(scope)
        results = _school_results(scope)
        if pupils.empty:
            empty = pd.DataFrame(columns=[*detector.SIGN_COLUMNS, "suspicion", "triggered"])
            return {"signs": empty, "risk": detector.school_risk(empty)}
        signs = detector.detect(pupils, results, tasks=_task_results(scope))
        return {"signs": signs, "risk": detector.school_risk(signs)}

    return cached_once(region_scope(scope), "objectivity_detection", compute)


def _stored_part(scope: Scope, part: str) -> pd.DataFrame:
    """One part of the detection, stored at import time on its own (the risk table is a tenth
    of the signs' size, and most views need only it), kept decoded per process and data
    version (data_access.cache.local): callers only read it (filters make copies; pandas'
    copy-on-write keeps the shared frame unchanged)."""
    system = region_scope(scope)
    name = f"objectivity_{part}"

    def read() -> pd.DataFrame:
        return derived.stored(name, {"scope": system.key}, lambda: _detection(system)[part])

    return cache.local(system, name, None, read)


def region_risk(scope: Scope) -> pd.DataFrame:
    """Combined risk of every school-year of the region (internal: ids only)."""
    return _stored_part(scope, "risk")


def region_signs(scope: Scope) -> pd.DataFrame:
    """Every sign of every school-year of the region (internal: ids only)."""
    return _stored_part(scope, "signs")


def region_detection(scope: Scope) -> dict:
    """Signs and combined risk of every school-year of the region (internal: ids only)."""
    return {"signs": region_signs(scope), "risk": region_risk(scope)}


def derived_results(system: Scope) -> list[tuple[str, dict, object]]:
    """The region's detection, to store at import time (see data_access.derived)."""
    return [
        ("objectivity_risk", {"scope": system.key}, region_risk(system)),
        ("objectivity_signs", {"scope": system.key}, region_signs(system)),
    ]


def _named_schools(scope: Scope) -> pd.DataFrame:
    """Schools the caller may see by name, with their municipality."""
    stmt = (
        select(
            School.id.label("school_id"),
            School.school_code,
            School.name.label("school_name"),
            Municipality.name.label("municipality"),
        )
        .join(Municipality, Municipality.id == School.municipality_id)
        .where(schools_named(scope))
    )
    with database.read() as conn:
        return database.frame(
            conn, stmt, ["school_id", "school_code", "school_name", "municipality"]
        )


def _latest_reviews(school_ids: list[int]) -> pd.DataFrame:
    columns = ["school_id", "year", "status", "comment", "reviewed_by", "reviewed_at"]
    if not school_ids:
        return pd.DataFrame(columns=columns)
    stmt = (
        select(
            BiasReview.id,
            BiasReview.school_id,
            BiasReview.year,
            BiasReview.to_status.label("status"),
            BiasReview.comment,
            BiasReview.reviewed_by,
            BiasReview.reviewed_at,
        )
        .where(BiasReview.procedure_kind == VPR, BiasReview.school_id.in_(school_ids))
        .order_by(BiasReview.id)
    )
    with database.read() as conn:
        frame = database.frame(conn, stmt, ["id", *columns])
    return frame.drop_duplicates(["school_id", "year"], keep="last")[columns]


def visible_school(scope: Scope, school_code: object) -> int:
    """Id of a school the caller may see by name; OutOfScope (same for unknown codes) otherwise."""
    with database.read() as conn:
        return require_school(scope, conn, school_code)


def is_own_school(scope: Scope, school_code: object) -> bool:
    """Whether a school the caller may see by name is one of its own (drawn in the own
    colour); OutOfScope for a school it may not see."""
    return visible_school(scope, school_code) in own_school_ids(scope)


def available_years(scope: Scope) -> list[int]:
    """Years with a tested school-year (no school data: years only)."""
    risk = region_risk(scope)
    return sorted({int(y) for y in risk["year"]})


def flag_table(scope: Scope, year: int | None = None) -> pd.DataFrame:
    """Flagged school-years the caller may see by name, with reasons and review status, and
    `is_own` (the director's school, a municipality's schools).

    A viewer gets no rows (counts only, see flag_counts); a director at most his own school.
    """
    columns = [
        "school_code",
        "school_name",
        "municipality",
        "year",
        "risk",
        "z",
        "q",
        "triggered",
        "status",
        "reviewed_by",
        "reviewed_at",
        "comment",
    ]
    if scope.aggregates_only:
        return pd.DataFrame(columns=[*columns, "is_own"])

    def compute() -> pd.DataFrame:
        risk = region_risk(scope)
        risk = risk.loc[risk["flagged"].astype(bool)]  # also when no school-year was tested
        if year is not None:
            risk = risk[risk["year"] == year]
        named = _named_schools(scope)
        frame = risk.merge(named, on="school_id")
        reviews = _latest_reviews([int(s) for s in frame["school_id"].unique()])
        frame = frame.merge(reviews, on=["school_id", "year"], how="left")
        frame["status"] = frame["status"].fillna("new")
        # the user's own schools (data_access.home): the page highlights their rows
        frame["is_own"] = frame["school_id"].isin(list(own_school_ids(scope)))
        ordered = frame.sort_values(["year", "z"], ascending=[False, False])
        return ordered[[*columns, "is_own"]].reset_index(drop=True)

    # Cached per scope until the data or a review changes (set_review invalidates).
    return cache.cached(scope, "objectivity_flag_table", year, compute)


def flag_counts(scope: Scope, year: int | None = None) -> pd.DataFrame:
    """Per municipality: tested and flagged school-years (aggregates, every role may see them).

    Municipalities with fewer tested school-years than OKO_MIN_CELL are suppressed.
    """
    risk = region_risk(scope)
    if year is not None:
        risk = risk[risk["year"] == year]
    with database.read() as conn:
        names = dict(conn.execute(select(Municipality.id, Municipality.name)).all())
    g = risk.groupby("municipality_id").agg(
        tested=("flagged", "size"),
        flagged=("flagged", "sum"),
        high=("risk", lambda r: int((r == "high").sum())),
    )
    g = g.reset_index()
    g["municipality"] = g["municipality_id"].map(names)
    g = suppress_small(g, "tested", ("flagged", "high"))
    return g[["municipality", "tested", "flagged", "high", "suppressed"]].sort_values(
        "municipality"
    )


def school_signs(scope: Scope, school_code: object, year: int) -> pd.DataFrame:
    """Every sign of one school-year with its value, region reference, z and whether listed."""
    school_id = visible_school(scope, school_code)
    signs = region_signs(scope)
    rows = signs[(signs["school_id"] == school_id) & (signs["year"] == year)]
    return rows[["sign", "n", "value", "reference", "z", "p", "triggered"]].reset_index(drop=True)


def school_risk(scope: Scope, school_code: object, year: int) -> dict | None:
    """The combined score of one school-year, or None when it was not tested."""
    school_id = visible_school(scope, school_code)
    risk = region_risk(scope)
    rows = risk[(risk["school_id"] == school_id) & (risk["year"] == year)]
    return None if rows.empty else rows.iloc[0].to_dict()


def school_procedures(scope: Scope, school_code: object, year: int) -> pd.DataFrame:
    """ВПР procedures the school wrote in the year with pupil-level rows (drill-down choice)."""
    school_id = visible_school(scope, school_code)
    pupils = _pupil_aggregates(scope)
    if pupils.empty:
        return pd.DataFrame(columns=["procedure_id", "subject", "grade", "n"])
    rows = pupils[
        (pupils["school_id"] == school_id) & (pupils["year"] == year) & (pupils["kind"] == VPR)
    ]
    return rows[["procedure_id", "subject", "grade", "n"]].sort_values(["grade", "subject"])


def _region_scores(scope: Scope, procedure: dict) -> pd.DataFrame:
    """The region's pupils per primary score of one procedure as this reader may see them:
    spread from the municipalities' bands of /procedures (data_access.procedures), so the
    drill-down's region curve reveals nothing those bands do not. Fractional counts."""
    bands = procedures.score_distribution(
        scope, procedure["kind"], procedure["subject"], procedure["grade"], procedure["year"]
    )
    if bands.empty:
        return pd.DataFrame(columns=["score", "region"])
    spread = procedure_stats.spread_bands(bands)
    return pd.DataFrame({"score": spread.index.to_numpy(), "region": spread.to_numpy()})


def _region_agreement(scope: Scope, year: int) -> pd.DataFrame:
    """Pupils of the region per ВПР mark × journal mark of one year (internal: no school;
    cached per region and year)."""

    def compute() -> pd.DataFrame:
        agreement = SchoolMarkAgreement
        stmt = (
            select(
                agreement.mark, agreement.journal_mark, func.sum(agreement.pupils).label("region")
            )
            .join(Procedure, Procedure.id == agreement.procedure_id)
            .where(
                Procedure.kind == VPR,
                Procedure.year == year,
                agreement.school_id.in_(select(School.id).where(schools_in_region(scope))),
            )
            .group_by(agreement.mark, agreement.journal_mark)
        )
        with database.read() as conn:
            return database.frame(conn, stmt, ["mark", "journal_mark", "region"])

    return cached_once(region_scope(scope), "objectivity_region_agreement", compute, year)


def _beside_region(region: pd.DataFrame, keys: list[str], own: list) -> pd.DataFrame:
    """The region's counts with the school's `own` rows ((*keys, pupils)) beside them as
    `school`, 0 where the school has none. The school is one of the region's, so its keys are
    among the region's."""
    if region.empty:
        return pd.DataFrame(columns=[*region.columns, "school"])
    pupils = {tuple(row[:-1]): row[-1] for row in own}
    at = zip(*(region[key] for key in keys), strict=True)
    return region.assign(school=[pupils.get(key, 0) for key in at])


def score_distribution(scope: Scope, school_code: object, procedure_id: int) -> dict:
    """Share of the school's and the region's pupils at each primary score, with thresholds.

    The school's own counts are exact (its pupils, for readers entitled to the school: heaping
    at a threshold is what the drill-down is for); the region's are spread from the shown
    municipality bands (`_region_scores`), so no region count below OKO_MIN_CELL is shown.
    A voluntary work's id is refused as an unknown one (OutOfScope)."""
    with database.read() as conn:
        school_id = require_school(scope, conn, school_code)
        procedure = (
            conn.execute(
                select(
                    Procedure.id,
                    Procedure.kind,
                    Procedure.subject,
                    Procedure.grade,
                    Procedure.year,
                    Procedure.max_score,
                    Procedure.threshold_3,
                    Procedure.threshold_4,
                    Procedure.threshold_5,
                ).where(Procedure.id == procedure_id, assessed_procedures())
            )
            .mappings()
            .one_or_none()
        )
        if procedure is None:
            raise OutOfScope("procedure", procedure_id)
        counts = SchoolScoreCount
        own = conn.execute(
            select(counts.primary_score, counts.pupils).where(
                counts.procedure_id == procedure["id"], counts.school_id == school_id
            )
        ).all()
    region = _region_scores(scope, dict(procedure))
    frame = _beside_region(region, ["score"], own)
    n_school, n_region = int(frame["school"].sum()), int(round(frame["region"].sum()))
    if n_school < rules.min_cell():
        frame = frame.iloc[0:0]
    frame = frame.assign(
        school_share=frame["school"] / max(n_school, 1),
        region_share=frame["region"] / max(n_region, 1),
    )
    return {
        "procedure": dict(procedure),
        "frame": frame,
        "n_school": n_school,
        "n_region": n_region,
    }


def agreement_matrix(scope: Scope, school_code: object, year: int) -> pd.DataFrame:
    """ВПР mark × journal mark counts of the school-year, with the region's shares beside;
    region cells under OKO_MIN_CELL (and their complement) are hidden (NaN)."""
    with database.read() as conn:
        school_id = require_school(scope, conn, school_code)
        agreement = SchoolMarkAgreement
        own = conn.execute(
            select(agreement.mark, agreement.journal_mark, func.sum(agreement.pupils))
            .join(Procedure, Procedure.id == agreement.procedure_id)
            .where(Procedure.kind == VPR, Procedure.year == year, agreement.school_id == school_id)
            .group_by(agreement.mark, agreement.journal_mark)
        ).all()
    frame = _beside_region(_region_agreement(scope, year), ["mark", "journal_mark"], own)
    if frame["school"].sum() < rules.min_cell():
        frame = frame.iloc[0:0]
    region_total = max(int(frame["region"].sum()), 1)
    # Region cells under the rule are hidden, with a second cell if one alone could be told
    # from the total (the shares give the total away).
    hidden, _ = complete_groups(
        frame["region"],
        pd.Series(0, index=frame.index),
        (frame["region"] > 0) & is_small(frame["region"]),
    )
    frame = frame.assign(
        school_share=frame["school"] / max(int(frame["school"].sum()), 1),
        region=frame["region"].astype("float64").mask(hidden),
        region_share=(frame["region"] / region_total).astype("float64").mask(hidden),
    )
    return frame.sort_values(["journal_mark", "mark"]).reset_index(drop=True)


# ------------------------------------------------------------------ review workflow

# Allowed status changes: a flag is taken under review, then confirmed or dismissed; a closed
# review may be reopened.
TRANSITIONS = {
    "new": ("under_review",),
    "under_review": ("confirmed", "dismissed"),
    "confirmed": ("under_review",),
    "dismissed": ("under_review",),
}
COMMENT_REQUIRED = ("confirmed", "dismissed")


class ReviewRefused(ValueError):
    """A status change that the workflow does not allow (not a rights problem)."""


def may_review(scope: Scope) -> bool:
    return scope.role in {"admin", "region", "municipality"}


def _require_reviewer(scope: Scope, conn, school_code: object) -> int:
    """Admin and region review every school of the region; a municipality its own schools."""
    if not may_review(scope):
        raise OutOfScope("bias_review", school_code)
    return require_school(scope, conn, school_code)


def review_history(scope: Scope, school_code: object, year: int) -> pd.DataFrame:
    """Every status change of the flag (school × ВПР × year), oldest first."""
    with database.read() as conn:
        school_id = require_school(scope, conn, school_code)
        stmt = (
            select(
                BiasReview.from_status,
                BiasReview.to_status,
                BiasReview.comment,
                BiasReview.reviewed_by,
                BiasReview.reviewed_at,
            )
            .where(
                BiasReview.school_id == school_id,
                BiasReview.procedure_kind == VPR,
                BiasReview.year == year,
            )
            .order_by(BiasReview.id)
        )
        return database.frame(
            conn, stmt, ["from_status", "to_status", "comment", "reviewed_by", "reviewed_at"]
        )


def set_review(
    scope: Scope,
    school_code: object,
    year: int,
    to_status: str,
    comment: str | None,
    ip: str | None = None,
) -> str:
    """Append a status change; refusals (rights or workflow) are audited and raised."""
    asked = f"{school_code}/{VPR}/{year}"
    try:
        with database.write() as conn:
            school_id = _require_reviewer(scope, conn, school_code)
            current = (
                conn.execute(
                    select(BiasReview.to_status)
                    .where(
                        BiasReview.school_id == school_id,
                        BiasReview.procedure_kind == VPR,
                        BiasReview.year == year,
                    )
                    .order_by(BiasReview.id.desc())
                    .limit(1)
                ).scalar_one_or_none()
                or "new"
            )
            if to_status not in BIAS_REVIEW_STATUSES or to_status not in TRANSITIONS[current]:
                raise ReviewRefused(f"{current} → {to_status}")
            comment = (comment or "").strip()[:2000] or None
            if to_status in COMMENT_REQUIRED and not comment:
                raise ReviewRefused("comment required")
            conn.execute(
                BiasReview.__table__.insert().values(
                    school_id=school_id,
                    procedure_kind=VPR,
                    year=year,
                    from_status=current,
                    to_status=to_status,
                    comment=comment,
                    reviewed_by=scope.login,
                    reviewed_at=dt.datetime.now(dt.UTC),
                )
            )
    except OutOfScope:
        audit.record("objectivity_review", "denied", scope=scope, asked=asked, ip=ip)
        raise
    except ReviewRefused as refused:
        audit.record(
            "objectivity_review", "refused", scope=scope, asked=asked, ip=ip, detail=str(refused)
        )
        raise
    cache.invalidate()  # the pages' cached views show the new status
    audit.record(
        "objectivity_review",
        "success",
        scope=scope,
        asked=asked,
        ip=ip,
        detail=f"{current} → {to_status}",
    )
    return to_status
