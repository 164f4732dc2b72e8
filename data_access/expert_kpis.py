"""Seed 004 KPI table: the dated facts it is computed from, targets, coverage and the funnel.

Facts are read for the caller's region only and carry ids and dates, never names, so every
role may see the resulting counts and shares (aggregates). Targets are set by `region` and
`admin` only and appended to kpi_target (the latest row per indicator, place and year counts).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import or_, select

from dashboard import rules, seeds
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
from data_access import cache, database, experts, suppression
from data_access.experts import EDIT_ROLES
from data_access.scope import OutOfScope, Scope
from data_access.single_flight import cached_once
from data_access.visibility import (
    assessed_procedure_ids,
    assessed_procedures,
    region_filter,
    region_scope,
    schools_in_region,
)

TARGET_ROLES = EDIT_ROLES  # who edits the registry also sets its targets
INDICATOR_UNITS = {i.code: i.unit for i in seeds.KPI_INDICATORS}


def _municipality_ids(scope: Scope):
    return select(Municipality.id).where(region_filter(scope))


def _frame(conn, stmt, columns) -> pd.DataFrame:
    return pd.DataFrame(conn.execute(stmt).all(), columns=list(columns))


def kpi_facts(scope: Scope) -> kpis.KpiFacts:
    """Every dated fact of the region the nine indicators need (ids and dates, no names).
    Voluntary works are no procedure of these facts (visibility.assessed_procedures); neither
    are engagements on them."""

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
                .where(
                    schools_in_region(scope),
                    SchoolResult.procedure_id.in_(assessed_procedure_ids()),
                )
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
                ).where(assessed_procedures()),
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
                ).where(
                    ExpertEngagement.expert_id.in_(region_experts),
                    or_(
                        ExpertEngagement.procedure_id.is_(None),
                        ExpertEngagement.procedure_id.in_(assessed_procedure_ids()),
                    ),
                ),
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

    `municipality_id` is kpis.REGION for the region-wide row; `place` names it. Rows of the
    expert indicators the small-number rule hides from this reader (`hidden_kpi_rows`) have
    no numbers and the status `suppressed`.
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
    hidden = hidden_kpi_rows(table, experts.named_municipalities(scope))
    if hidden.any():  # the small-number rule: see hidden_kpi_rows
        numbers = ["numerator", "denominator", "value"]
        table[numbers] = table[numbers].astype("float64")
        table.loc[hidden, numbers] = float("nan")
        table.loc[hidden, "status"] = "suppressed"
    return table


#: Indicators whose numerator and denominator both count experts (2.2 included of passed,
#: 2.3 engaged of the registry, 3.2 trained of the registry): the small-number rule applies.
PERSON_INDICATORS = ("2.2", "2.3", "3.2")


def hidden_kpi_rows(table: pd.DataFrame, named: set[int] | None) -> pd.Series:
    """Rows of the indicator table (code × year × place) whose numbers a reader naming the
    experts of `named` municipalities (None: all) may not see.

    For the expert indicators each row holds two groups of experts, those counted (the
    numerator) and the rest of the denominator, and their total; a row is hidden when either
    group holds 1 .. OKO_MIN_CELL - 1 experts (zero names nobody). The region's row is the
    sum of the municipalities', so per indicator and year a municipality's hidden row is
    completed by another (suppression.complete_groups, on each of the three counts) or the
    region's row is hidden too. Pure, so tests can check it on any table."""
    hidden = pd.Series(False, index=table.index)
    if named is None or table.empty:
        return hidden
    rows = table[table["code"].isin(PERSON_INDICATORS) & table["numerator"].notna()]
    if rows.empty:
        return hidden
    yes = pd.to_numeric(rows["numerator"]).astype("float64")
    total = pd.to_numeric(rows["denominator"]).astype("float64")
    sizes = {"yes": yes, "no": total - yes, "total": total}
    small = pd.Series(False, index=rows.index)
    for part in ("yes", "no"):
        small |= (sizes[part] > 0) & suppression.is_small(sizes[part])
    region = rows["municipality_id"] == kpis.REGION
    known = rows["municipality_id"].isin(named) | (total == 0)
    places = rows[~region]
    groups = pd.Series(list(zip(places["code"], places["year"], strict=True)), index=places.index)
    secret = small[~region] & ~known[~region]
    forced: set = set()
    while True:
        before = secret.copy()
        for part in ("yes", "no", "total"):
            secret, more = suppression.complete_groups(
                sizes[part][~region], groups, secret, known[~region]
            )
            forced |= more
        if secret.equals(before):
            break
    hidden.loc[secret[secret].index] = True
    for i in rows[region].index:
        key = (rows.at[i, "code"], rows.at[i, "year"])
        hidden.loc[i] = bool(small.loc[i]) or key in forced
    return hidden


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
    """Registry experts per direction (rows: the 13 codes) and municipality name (columns).

    Small-number rule for readers who do not see the municipality's experts by name: a
    count of 1 .. OKO_MIN_CELL - 1 is NA (shown «скрыто»), a zero stays (it names nobody);
    the region's count per direction is taken as published, so each direction's hidden cells
    are completed (suppression.complete_groups) and none is one subtraction away."""
    munis = municipalities(scope)

    def compute() -> pd.DataFrame:
        codes = [c for c, _, _ in seeds.EXPERTISE_DIRECTIONS]
        return kpis.coverage(kpi_facts(scope), as_of, codes, munis["id"].tolist())

    table = cache.cached(region_scope(scope), "expert_coverage", as_of.isoformat(), compute)
    table = table.astype("Int64").mask(_hidden_coverage(table, experts.named_municipalities(scope)))
    table.columns = munis["name"].tolist()
    return table


def _complete_table(table: pd.DataFrame, along: str, named: set[int]) -> tuple[pd.DataFrame, set]:
    """Small counts of a table of expert counts (axes named, one of them "municipality")
    hidden, the cells sharing `along` completed as one published total; cells of the
    municipalities in `named` and zeros are known to the reader. Returns the hidden mask (the
    table's shape) and the `along` values whose total must be hidden too."""
    long = table.stack()
    groups = pd.Series(long.index.get_level_values(along), index=long.index)
    places = long.index.get_level_values("municipality")
    known = pd.Series([int(m) in named for m in places], index=long.index) | (long == 0)
    hidden, forced = suppression.complete_groups(
        long, groups, suppression.is_small(long) & ~known, known
    )
    frame = hidden.unstack().reindex(index=table.index, columns=table.columns)
    return frame.astype(bool), set(forced)


def _hidden_coverage(table: pd.DataFrame, named: set[int] | None) -> pd.DataFrame:
    """Cells of the direction × municipality id table hidden from a reader naming `named`."""
    if named is None or table.empty:
        return pd.DataFrame(False, index=table.index, columns=table.columns)
    named_table = table.rename_axis(index="direction", columns="municipality")
    hidden, _ = _complete_table(named_table, "direction", named)
    return hidden.set_axis(table.index, axis=0).set_axis(table.columns, axis=1)


FUNNEL_STAGES = 5


def _funnels(scope: Scope, year: int, as_of: dt.date) -> pd.DataFrame:
    """The funnel of every municipality (rows: ids) × stage (columns 0..4)."""
    munis = municipalities(scope)["id"].tolist()

    def compute() -> pd.DataFrame:
        facts = kpi_facts(scope)
        return pd.DataFrame(
            [kpis.funnel(facts, year, as_of, int(m)) for m in munis],
            index=[int(m) for m in munis],
            columns=range(FUNNEL_STAGES),
            dtype="int64",
        )

    return cache.cached(region_scope(scope), "expert_funnels", [year, as_of.isoformat()], compute)


def _hidden_funnel(funnels: pd.DataFrame, named: set[int] | None) -> tuple[pd.DataFrame, set]:
    """Stages hidden per municipality, and stages whose region count is hidden, for a reader
    naming `named`: counts of 1 .. OKO_MIN_CELL - 1 (zeros shown), and, as the region's
    funnel is the sum of its municipalities', each stage's hidden cells completed."""
    if named is None:
        return pd.DataFrame(False, index=funnels.index, columns=funnels.columns), set()
    region = funnels.sum()
    region_small = {int(s) for s, n in region.items() if 0 < n < rules.min_cell()}
    if funnels.empty:
        return pd.DataFrame(False, index=funnels.index, columns=funnels.columns), region_small
    named_table = funnels.rename_axis(index="municipality", columns="stage")
    hidden, forced = _complete_table(named_table, "stage", named)
    hidden = hidden.set_axis(funnels.index, axis=0).set_axis(funnels.columns, axis=1)
    return hidden, region_small | {int(s) for s in forced}


def funnel(
    scope: Scope, year: int, as_of: dt.date, municipality_id: int | None
) -> list[int | None]:
    """The five nested counts of the funnel for the region or one of its municipalities.

    Small-number rule for readers who do not see that municipality's experts by name: a
    stage of 1 .. OKO_MIN_CELL - 1 experts is None (shown «скрыто»), a zero stays; the
    region's stage is the sum of the municipalities', so a stage hidden in one municipality
    is completed in another (or the region's stage hidden) and cannot be had by subtraction.
    """
    if municipality_id is not None and municipality_id not in set(municipalities(scope)["id"]):
        raise OutOfScope("municipality", municipality_id)
    counts = cache.cached(
        region_scope(scope),
        "expert_funnel",
        [year, as_of.isoformat(), municipality_id],
        lambda: kpis.funnel(kpi_facts(scope), year, as_of, municipality_id),
    )
    named = experts.named_municipalities(scope)
    if named is None or (municipality_id is not None and municipality_id in named):
        return list(counts)
    hidden, region_hidden = _hidden_funnel(_funnels(scope, year, as_of), named)
    if municipality_id is None:
        return [None if i in region_hidden else n for i, n in enumerate(counts)]
    row = hidden.loc[int(municipality_id)]
    return [None if bool(row[i]) else n for i, n in enumerate(counts)]
