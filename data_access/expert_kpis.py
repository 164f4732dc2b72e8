"""Seed 004 KPI table: the dated facts it is computed from, targets, coverage and the funnel.

Facts are read for the caller's region only and carry ids and dates, never names, so every
role may see the resulting counts and shares (aggregates). Targets are set by `region` and
`admin` only and appended to kpi_target (the latest row per indicator, place and year counts).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import or_, select

from dashboard import seeds
from dashboard.analytics import expert_kpi_places
from dashboard.analytics import expert_kpis as kpis
from dashboard.models import (
    Expert,
    ExpertDirection,
    ExpertEngagement,
    ExpertTraining,
    KpiTarget,
    Material,
    MaterialAuthor,
    Municipality,
    NormativeDocument,
    Procedure,
    Publication,
    QualificationAttempt,
    School,
    SchoolResult,
)
from data_access import cache, database
from data_access.experts import EDIT_ROLES
from data_access.scope import OutOfScope, Scope
from data_access.single_flight import cached_once
from data_access.visibility import region_filter, region_scope, schools_in_region

TARGET_ROLES = EDIT_ROLES  # who edits the registry also sets its targets
INDICATOR_UNITS = {i.code: i.unit for i in seeds.KPI_INDICATORS}


def _municipality_ids(scope: Scope):
    return select(Municipality.id).where(region_filter(scope))


def _frame(conn, stmt, columns) -> pd.DataFrame:
    return pd.DataFrame(conn.execute(stmt).all(), columns=list(columns))


def kpi_facts(scope: Scope) -> kpis.KpiFacts:
    """Every dated fact of the region the nine indicators need (ids and dates, no names)."""

    def compute() -> kpis.KpiFacts:
        munis = _municipality_ids(scope)
        in_region = Expert.municipality_id.in_(munis)
        region_experts = select(Expert.id).where(in_region)
        local = {"places": None}
        cols = kpis.FACT_COLUMNS
        with database.read() as conn:
            local["places"] = _frame(
                conn,
                select(SchoolResult.procedure_id, School.municipality_id)
                .join(School, School.id == SchoolResult.school_id)
                .where(schools_in_region(scope))
                .distinct(),
                cols["places"],
            )
            local["procedures"] = _frame(
                conn,
                select(
                    Procedure.id,
                    Procedure.kind,
                    Procedure.year,
                    Procedure.held_on,
                    Procedure.community_content,
                ),
                cols["procedures"],
            )
            local["experts"] = _frame(
                conn,
                select(
                    Expert.id, Expert.municipality_id, Expert.included_on, Expert.excluded_on
                ).where(in_region),
                cols["experts"],
            )
            local["directions"] = _frame(
                conn,
                select(ExpertDirection.expert_id, ExpertDirection.direction_code).where(
                    ExpertDirection.expert_id.in_(region_experts)
                ),
                cols["directions"],
            )
            local["attempts"] = _frame(
                conn,
                select(
                    QualificationAttempt.expert_id,
                    QualificationAttempt.assessed_on,
                    QualificationAttempt.score_percent,
                ).where(QualificationAttempt.expert_id.in_(region_experts)),
                cols["attempts"],
            )
            local["engagements"] = _frame(
                conn,
                select(
                    ExpertEngagement.expert_id,
                    ExpertEngagement.procedure_id,
                    ExpertEngagement.engaged_on,
                ).where(ExpertEngagement.expert_id.in_(region_experts)),
                cols["engagements"],
            )
            local["trainings"] = _frame(
                conn,
                select(
                    ExpertTraining.expert_id,
                    ExpertTraining.completed_on,
                    ExpertTraining.direction_code,
                ).where(ExpertTraining.expert_id.in_(region_experts)),
                cols["trainings"],
            )
            place = or_(Material.municipality_id.in_(munis), Material.municipality_id.is_(None))
            local["materials"] = _frame(
                conn,
                select(
                    Material.id,
                    Material.municipality_id,
                    Material.created_on,
                    Material.discussed_on_platform,
                    Material.approved_on,
                    Material.topic,
                ).where(place),
                cols["materials"],
            )
            local["authors"] = _frame(
                conn,
                select(MaterialAuthor.material_id, MaterialAuthor.expert_id).where(
                    MaterialAuthor.expert_id.in_(region_experts)
                ),
                cols["authors"],
            )
            local["publications"] = _frame(
                conn,
                select(
                    Publication.id,
                    Publication.municipality_id,
                    Publication.published_on,
                    Publication.level,
                ).where(
                    or_(
                        Publication.municipality_id.in_(munis),
                        Publication.municipality_id.is_(None),
                    )
                ),
                cols["publications"],
            )
            local["documents"] = _frame(
                conn,
                select(
                    NormativeDocument.id,
                    NormativeDocument.municipality_id,
                    NormativeDocument.signed_on,
                    NormativeDocument.repealed_on,
                    NormativeDocument.topic,
                ).where(
                    or_(
                        NormativeDocument.municipality_id.in_(munis),
                        NormativeDocument.municipality_id.is_(None),
                    )
                ),
                cols["documents"],
            )
        # Region-wide procedures are those held in the region's schools.
        local["procedures"] = local["procedures"][
            local["procedures"]["id"].isin(local["places"]["procedure_id"])
        ]
        return kpis.KpiFacts(**local)

    return cached_once(region_scope(scope), "expert_kpi_facts", compute)


def municipalities(scope: Scope) -> pd.DataFrame:
    """id, code, name of the caller's region's municipalities (aggregates are open to all)."""

    def compute() -> pd.DataFrame:
        with database.read() as conn:
            return _frame(
                conn,
                select(Municipality.id, Municipality.code, Municipality.name)
                .where(region_filter(scope))
                .order_by(Municipality.name),
                ("id", "code", "name"),
            )

    return cache.cached(region_scope(scope), "expert_municipalities", None, compute)


def kpi_years(scope: Scope) -> list[int]:
    """Years with any dated fact, so the year control offers only years with data."""
    facts = kpi_facts(scope)
    years: set[int] = set(int(y) for y in facts.procedures["year"])
    for name, column in (
        ("attempts", "assessed_on"),
        ("engagements", "engaged_on"),
        ("materials", "created_on"),
        ("publications", "published_on"),
        ("documents", "signed_on"),
        ("trainings", "completed_on"),
    ):
        years |= {int(d.year) for d in getattr(facts, name)[column].dropna()}
    return sorted(years)


def targets(scope: Scope) -> pd.DataFrame:
    """Latest target per (indicator, place, year); place kpis.REGION for region-wide targets."""

    def compute() -> pd.DataFrame:
        stmt = (
            select(
                KpiTarget.indicator_code,
                KpiTarget.municipality_id,
                KpiTarget.year,
                KpiTarget.target,
                KpiTarget.set_at,
                KpiTarget.id,
            )
            .where(
                or_(
                    KpiTarget.municipality_id.in_(_municipality_ids(scope)),
                    KpiTarget.municipality_id.is_(None),
                )
            )
            .order_by(KpiTarget.set_at, KpiTarget.id)
        )
        with database.read() as conn:
            frame = _frame(
                conn, stmt, ("code", "municipality_id", "year", "target", "set_at", "id")
            )
        frame["municipality_id"] = frame["municipality_id"].fillna(kpis.REGION).astype(int)
        latest = frame.drop_duplicates(["code", "municipality_id", "year"], keep="last")
        return latest[["code", "municipality_id", "year", "target"]].reset_index(drop=True)

    return cache.cached(region_scope(scope), "expert_kpi_targets", None, compute)


def kpi_table(scope: Scope, years, as_of: dt.date) -> pd.DataFrame:
    """Indicator × year × place with numerator, denominator, value, target and status.

    `municipality_id` is kpis.REGION for the region-wide row; `place` names it.
    """
    years = sorted({int(y) for y in years})
    munis = municipalities(scope)

    def compute() -> pd.DataFrame:
        facts, places = kpi_facts(scope), munis["id"].tolist()
        return expert_kpi_places.indicator_table(facts, years, as_of, places)

    table = cache.cached(
        region_scope(scope), "expert_kpi_table", [years, as_of.isoformat()], compute
    )
    table = table.merge(targets(scope), on=["code", "municipality_id", "year"], how="left")
    names = dict(zip(munis["id"], munis["name"], strict=True))
    table["place"] = [
        names.get(m, "") if m != kpis.REGION else "" for m in table["municipality_id"]
    ]
    table["status"] = [
        kpis.status(v, t) for v, t in zip(table["value"], table["target"], strict=True)
    ]
    return table


def set_target(
    scope: Scope, code: object, municipality_id: int | None, year: object, value: object
) -> float:
    """Append a target (region/admin only, municipality inside the region); returns it."""
    if scope.role not in TARGET_ROLES:
        raise OutOfScope("kpi_target", code)
    if code not in INDICATOR_UNITS or not isinstance(year, int) or not 2000 <= year <= 2100:
        raise ValueError("unknown indicator or year")
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError("target must be a number")
    low, high = (0.0, 100.0) if INDICATOR_UNITS[code] == "%" else (-1000.0, 1000.0)
    if not low <= float(value) <= high:
        raise ValueError("target out of range")
    with database.write() as conn:
        if municipality_id is not None:
            known = conn.execute(
                select(Municipality.id).where(
                    Municipality.id == municipality_id, region_filter(scope)
                )
            ).first()
            if known is None:
                raise OutOfScope("municipality", municipality_id)
        conn.execute(
            KpiTarget.__table__.insert().values(
                indicator_code=code,
                municipality_id=municipality_id,
                year=year,
                target=float(value),
                set_by=scope.login,
                set_at=dt.datetime.now(dt.UTC),
            )
        )
    cache.invalidate()
    return float(value)


def coverage(scope: Scope, as_of: dt.date) -> pd.DataFrame:
    """Registry experts per direction (rows: the 13 codes) and municipality name (columns)."""
    munis = municipalities(scope)

    def compute() -> pd.DataFrame:
        codes = [c for c, _, _ in seeds.EXPERTISE_DIRECTIONS]
        return kpis.coverage(kpi_facts(scope), as_of, codes, munis["id"].tolist())

    table = cache.cached(region_scope(scope), "expert_coverage", as_of.isoformat(), compute)
    table.columns = munis["name"].tolist()
    return table


def funnel(scope: Scope, year: int, as_of: dt.date, municipality_id: int | None) -> list[int]:
    """The five nested counts of the funnel for the region or one of its municipalities."""
    if municipality_id is not None and municipality_id not in set(municipalities(scope)["id"]):
        raise OutOfScope("municipality", municipality_id)
    return cache.cached(
        region_scope(scope),
        "expert_funnel",
        [year, as_of.isoformat(), municipality_id],
        lambda: kpis.funnel(kpi_facts(scope), year, as_of, municipality_id),
    )
