"""Region-wide inputs of the findings, the effect of decisions and the effectiveness criteria.

Internal to data_access: every function takes the caller's region scope
(`visibility.region_scope`) and returns ids, never names for a caller; the public modules
(data_access.findings, decision_effects, effectiveness) cut what they return to the caller.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import select

from dashboard.analytics import deficits, school_flags
from dashboard.models import (
    BiasReview,
    Indicator,
    Municipality,
    Procedure,
    Roadmap,
    RoadmapItem,
    School,
    SchoolResult,
)
from data_access import database, norms, pd_order_inputs, rankings
from data_access.school_profile import indicator_catalogue, region_context
from data_access.scope import Scope
from data_access.single_flight import cached_once
from data_access.visibility import region_filter, schools_in_region

VPR = "vpr"


def vpr_results(system: Scope) -> pd.DataFrame:
    """ВПР school results of the region with the subject (internal: ids, no names)."""

    def compute() -> pd.DataFrame:
        stmt = (
            select(
                SchoolResult.school_id,
                SchoolResult.procedure_id,
                Procedure.subject,
                Procedure.year,
                SchoolResult.participants,
                SchoolResult.mean_percent,
            )
            .join(Procedure, Procedure.id == SchoolResult.procedure_id)
            .join(School, School.id == SchoolResult.school_id)
            .where(schools_in_region(system), Procedure.kind == VPR)
        )
        columns = ["school_id", "procedure_id", "subject", "year", "participants", "mean_percent"]
        with database.read() as conn:
            return database.frame(conn, stmt, columns)

    return cached_once(system, "findings_vpr_results", compute)


def vpr_gaps(system: Scope) -> pd.DataFrame:
    """Per school and year: the mean ВПР gap to the region (school_flags.vpr_gaps)."""
    return school_flags.vpr_gaps(vpr_results(system))


def subject_gaps(system: Scope) -> pd.DataFrame:
    """Per school, subject and year: the gap over that subject's ВПР procedures."""
    results = vpr_results(system)
    parts = [
        school_flags.vpr_gaps(group).assign(subject=subject)
        for subject, group in results.groupby("subject")
    ]
    columns = ["school_id", "subject", "year", "gap", "participants"]
    return pd.concat(parts, ignore_index=True)[columns] if parts else pd.DataFrame(columns=columns)


def schools_of_region(system: Scope) -> pd.DataFrame:
    """school_id, school_code, school, municipality_id, municipality of the region."""

    def compute() -> pd.DataFrame:
        stmt = (
            select(
                School.id,
                School.school_code,
                School.name,
                School.municipality_id,
                Municipality.name,
            )
            .join(Municipality, Municipality.id == School.municipality_id)
            .where(region_filter(system))
        )
        columns = ["school_id", "school_code", "school", "municipality_id", "municipality"]
        with database.read() as conn:
            return pd.DataFrame(conn.execute(stmt).all(), columns=columns)

    return cached_once(system, "findings_schools", compute)


def indicator_names() -> dict[str, str]:
    """Indicator code → its name (the catalogue names no school): what a deficit's detail is
    called on the page."""
    with database.read() as conn:
        return dict(conn.execute(select(Indicator.code, Indicator.name)).all())


def municipality_names(system: Scope) -> dict[int, str]:
    with database.read() as conn:
        rows = conn.execute(select(Municipality.id, Municipality.name).where(region_filter(system)))
        return {int(i): name for i, name in rows}


def context(system: Scope) -> pd.DataFrame:
    """Conditions indicators of the region's general-education schools, every year: school_id,
    municipality_id, year, indicator_code, value, name, direction, norm (the catalogue's),
    region_norm (the region's own, NaN where none) and group."""

    def compute() -> pd.DataFrame:
        values = region_context(system)  # the profile's read of the same rows
        catalogue = indicator_catalogue(system)
        conditions = catalogue[catalogue["group"] == "conditions"].rename(
            columns={"code": "indicator_code"}
        )
        frame = values.merge(
            conditions[["indicator_code", "name", "direction", "norm", "group"]],
            on="indicator_code",
        )
        own = norms.region_norms(system)[["indicator_code", "norm"]]
        frame = frame.merge(
            own.rename(columns={"norm": "region_norm"}), on="indicator_code", how="left"
        )
        frame["region_norm"] = frame["region_norm"].astype("float64")
        return frame

    return cached_once(system, "findings_context", compute)


def scored_conditions(system: Scope) -> pd.DataFrame:
    """`context` scored against its references each year (analytics.deficits: reference,
    reference_kind, shortfall, is_deficit), the region's median taken over that year."""
    frame = context(system)
    if frame.empty:
        return deficits.conditions_deficits(frame.assign(region_median=frame["value"]))
    medians = frame.groupby(["indicator_code", "year"])["value"].transform("median")
    return deficits.conditions_deficits(frame.assign(region_median=medians))


def conditions_frame(system: Scope, year: int) -> pd.DataFrame:
    """The scored conditions of the region's latest context year ≤ `year` (the year the
    deficit findings use: analytics.findings.deficit_findings)."""
    frame = scored_conditions(system)
    frame = frame[(frame["year"] <= year) & frame["value"].notna()]
    return frame[frame["year"] == frame["year"].max()] if not frame.empty else frame


def skills(system: Scope, year: int) -> pd.DataFrame:
    """Per school, subject and skill of the year's ВПР: the school's and the region's percent
    and pupils (data_access.pd_order_inputs.skill_rows, which /training's needs read too, so a
    weak skill on /decisions and a need on /training rest on the same numbers)."""
    return skills_of(pd_order_inputs.skill_rows(system), year)


def skills_of(rows: pd.DataFrame, year: int) -> pd.DataFrame:
    """The `skills` columns of one year of pd_order_inputs.skill_rows."""
    return rows[rows["year"] == int(year)][
        [
            "school_id",
            "subject",
            "skill_code",
            "school_percent",
            "region_percent",
            "participants",
            "region_participants",
        ]
    ].reset_index(drop=True)


def reviews(system: Scope) -> pd.DataFrame:
    """Every bias review of the region's schools (analytics.findings.bias_findings takes the
    latest per school, kind and year)."""
    stmt = (
        select(
            BiasReview.id,
            BiasReview.school_id,
            BiasReview.procedure_kind,
            BiasReview.year,
            BiasReview.to_status,
            BiasReview.reviewed_at,
        )
        .join(School, School.id == BiasReview.school_id)
        .where(schools_in_region(system))
    )
    columns = ["id", "school_id", "procedure_kind", "year", "to_status", "reviewed_at"]
    with database.read() as conn:
        return database.frame(conn, stmt, columns)


def roadmap_items(system: Scope) -> pd.DataFrame:
    """Items of the region's roadmaps (regional ones have no municipality)."""
    in_region = select(Municipality.id).where(region_filter(system))
    stmt = (
        select(
            RoadmapItem.id,
            RoadmapItem.number,
            RoadmapItem.title,
            Roadmap.municipality_id,
            RoadmapItem.status,
            RoadmapItem.due_on,
        )
        .join(Roadmap, Roadmap.id == RoadmapItem.roadmap_id)
        .where(Roadmap.municipality_id.is_(None) | Roadmap.municipality_id.in_(in_region))
    )
    columns = ["id", "number", "title", "municipality_id", "status", "due_on"]
    with database.read() as conn:
        return pd.DataFrame(conn.execute(stmt).all(), columns=columns)


def categories(system: Scope, year: int) -> pd.DataFrame:
    """The rankings' default fit for `year` (categories per school_id), empty when none."""
    args = rankings.default_arguments(system)
    if args is None:
        return pd.DataFrame(columns=["resilient"])
    fitted = rankings.region_fit(system, {**args, "year": int(year)})
    return fitted.get("effects", pd.DataFrame(columns=["resilient"]))
