"""The nine indicators of seed 004 (appendix 2) computed from dated facts, as pure functions.

Every indicator is computed for one calendar year «as of» a date: only facts dated on or before
``min(as_of, 31 December of the year)`` count, so the 15 August monitoring of a year is the
table as of 15 August. A share with an empty denominator is ``None`` («нет данных»), never a
division error. ``municipality`` None means the whole region the facts were read for.

The frames of :class:`KpiFacts` carry ids and dates only (no names): they are read by
``data_access.expert_kpis`` and already limited to the caller's region.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from dashboard import rules, seeds

REGION = 0  # municipality_id of the region-wide row in tables
PASS = seeds.QUALIFICATION_PASS_PERCENT
# Indicator 3.4 counts articles «в научно-методических изданиях регионального, федерального
# (международного) уровня»: a municipal edition is not one of them, nor one of unknown level.
# Source: seed 004, appendix 2, indicator 3.4 (the levels are named there).
COUNTED_LEVELS = ("regional", "federal", "international")
# Indicator 3.3 counts materials «по вопросам экспертной деятельности» only.
# Source: seed 004, appendix 2, indicator 3.3.
EXPERT_TOPIC = "expert_activity"

FACT_COLUMNS: dict[str, tuple[str, ...]] = {
    "procedures": ("id", "kind", "year", "held_on", "community_content"),
    "places": ("procedure_id", "municipality_id"),
    "experts": ("id", "municipality_id", "included_on", "excluded_on"),
    "directions": ("expert_id", "direction_code"),
    "attempts": ("expert_id", "assessed_on", "score_percent"),
    "engagements": ("expert_id", "procedure_id", "engaged_on"),
    "trainings": ("expert_id", "completed_on", "direction_code"),
    "materials": (
        "id",
        "municipality_id",
        "created_on",
        "discussed_on_platform",
        "approved_on",
        "topic",
    ),
    "authors": ("material_id", "expert_id"),
    "publications": ("id", "municipality_id", "published_on", "level"),
    "documents": ("id", "municipality_id", "signed_on", "repealed_on", "topic"),
}
DATE_COLUMNS = (
    "held_on",
    "included_on",
    "excluded_on",
    "assessed_on",
    "engaged_on",
    "completed_on",
    "created_on",
    "approved_on",
    "published_on",
    "signed_on",
    "repealed_on",
)


def _frame(name: str, frame: pd.DataFrame | None) -> pd.DataFrame:
    """Columns in a fixed order, dates as Timestamps (NaT for missing)."""
    columns = list(FACT_COLUMNS[name])
    frame = pd.DataFrame(columns=columns) if frame is None else frame.loc[:, columns].copy()
    for column in columns:
        if column in DATE_COLUMNS:
            frame[column] = pd.to_datetime(frame[column])
    return frame.reset_index(drop=True)


@dataclass(frozen=True)
class KpiFacts:
    """Dated facts of one region; any frame may be empty or omitted."""

    procedures: pd.DataFrame = field(default=None)
    places: pd.DataFrame = field(default=None)
    experts: pd.DataFrame = field(default=None)
    directions: pd.DataFrame = field(default=None)
    attempts: pd.DataFrame = field(default=None)
    engagements: pd.DataFrame = field(default=None)
    trainings: pd.DataFrame = field(default=None)
    materials: pd.DataFrame = field(default=None)
    authors: pd.DataFrame = field(default=None)
    publications: pd.DataFrame = field(default=None)
    documents: pd.DataFrame = field(default=None)

    def __post_init__(self) -> None:
        for name in FACT_COLUMNS:
            object.__setattr__(self, name, _frame(name, getattr(self, name)))


@dataclass(frozen=True)
class KpiValue:
    """One indicator for one year and place; value None means «нет данных»."""

    code: str
    numerator: float | None
    denominator: float | None
    value: float | None


# ------------------------------------------------------------------ small helpers


def period(year: int, as_of: dt.date) -> tuple[pd.Timestamp, pd.Timestamp]:
    """First day of the year and the reference date (the earlier of as_of and 31 December)."""
    return pd.Timestamp(year, 1, 1), pd.Timestamp(min(as_of, dt.date(year, 12, 31)))


def share(numerator: int, denominator: int) -> tuple[int, int, float | None]:
    """(numerator, denominator, percent), the percent None when nobody is in the denominator."""
    return (numerator, denominator, None if denominator == 0 else 100.0 * numerator / denominator)


def _in_registry(experts: pd.DataFrame, at: pd.Series | pd.Timestamp) -> pd.Series:
    """Included on or before `at` and not excluded by then."""
    return (
        experts["included_on"].notna()
        & (experts["included_on"] <= at)
        & (experts["excluded_on"].isna() | (experts["excluded_on"] > at))
    )


def _experts(facts: KpiFacts, municipality: int | None) -> pd.DataFrame:
    e = facts.experts
    return e if municipality is None else e[e["municipality_id"] == municipality]


def _by_place(frame: pd.DataFrame, municipality: int | None) -> pd.DataFrame:
    return frame if municipality is None else frame[frame["municipality_id"] == municipality]


def _procedures(
    facts: KpiFacts, year: int, ref: pd.Timestamp, municipality: int | None, kinds: tuple[str, ...]
) -> pd.DataFrame:
    """Procedures of the year held in the place by `ref` (an undated one counts from 31 Dec)."""
    p = facts.procedures
    held = p["held_on"].fillna(pd.Timestamp(year, 12, 31))
    places = facts.places if municipality is None else _by_place(facts.places, municipality)
    return p[
        (p["year"] == year)
        & p["kind"].isin(kinds)
        & (held <= ref)
        & p["id"].isin(places["procedure_id"])
    ]


def in_force(documents: pd.DataFrame, ref: pd.Timestamp, topics: tuple[str, ...]) -> pd.Series:
    """Documents on the topics in force on `ref`: adopted on or before it and not repealed by
    then (a repeal dated `ref` itself ends the document that day)."""
    d = documents
    return (
        d["topic"].isin(topics)
        & (d["signed_on"] <= ref)
        & (d["repealed_on"].isna() | (d["repealed_on"] > ref))
    )


def trained_ids(
    facts: KpiFacts, ref: pd.Timestamp, valid_years: int | None = rules.KPI_TRAINING_VALID_YEARS
) -> pd.Series:
    """Ids of experts with a course completed by `ref` in one of their own directions of
    expert activity. A course without a direction is not counted. `valid_years` None (the
    default) takes every course, as seed 004 states no validity window; a number keeps only
    the courses completed within that many years before `ref`."""
    t = facts.trainings
    t = t[t["completed_on"] <= ref]
    if valid_years is not None:
        t = t[t["completed_on"] > ref - pd.DateOffset(years=valid_years)]
    own = t.merge(facts.directions, on=["expert_id", "direction_code"])
    return own["expert_id"].drop_duplicates()


def expert_materials(materials: pd.DataFrame) -> pd.DataFrame:
    """Materials on questions of expert activity (indicator 3.3)."""
    return materials[materials["topic"] == EXPERT_TOPIC]


def counted_publications(publications: pd.DataFrame) -> pd.DataFrame:
    """Articles in editions of the levels indicator 3.4 names."""
    return publications[publications["level"].isin(COUNTED_LEVELS)]


def previous_period(year: int, ref: pd.Timestamp) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The same span one year earlier: 1 January to the reference day's date a year before
    (29 February becomes 28 February), so 3.4 compares equal periods."""
    return pd.Timestamp(year - 1, 1, 1), ref - pd.DateOffset(years=1)


def _done(code: str, parts: tuple, ready: bool) -> KpiValue:
    numerator, denominator, value = parts
    if not ready:
        return KpiValue(code, None, None, None)
    return KpiValue(code, numerator, denominator, value)


# ------------------------------------------------------------------ the nine indicators


def documents_count(
    facts: KpiFacts,
    year: int,
    as_of: dt.date,
    municipality: int | None = None,
    topics: tuple[str, ...] = rules.KPI_DOCUMENT_TOPICS,
) -> KpiValue:
    """1.1 «Наличие полного и актуального комплекта нормативных документов, обеспечивающих
    функционирование регионального сетевого экспертного сообщества в сфере оценки качества
    образования в текущем году, единиц»: the documents of the register on the topic that are
    in force on the reference date, whatever the year they were adopted in («актуальный
    комплект»); a repealed one no longer counts. A municipality also counts the regional ones
    (no municipality)."""
    start, ref = period(year, as_of)
    d = facts.documents
    if municipality is not None:
        d = d[(d["municipality_id"] == municipality) | d["municipality_id"].isna()]
    n = int(in_force(d, ref, topics).sum())
    return _done("1.1", (n, None, float(n)), ref >= start)


def procedures_with_experts(
    facts: KpiFacts,
    year: int,
    as_of: dt.date,
    municipality: int | None = None,
    kinds: tuple[str, ...] = rules.KPI_PROCEDURE_KINDS,
) -> KpiValue:
    """1.2 «Доля ежегодных внутри региональных процедур оценки качества образования, проводимых
    с привлечением экспертов, включенных в реестр от общего количества ежегодных проводимых
    внутри региональных процедур оценки качества образования, (%)»: an engagement counts when
    the expert (of the municipality, for a municipal value) was in the registry on its date."""
    start, ref = period(year, as_of)
    procs = _procedures(facts, year, ref, municipality, kinds)
    e = facts.engagements.merge(_experts(facts, municipality), left_on="expert_id", right_on="id")
    e = e[(e["engaged_on"] <= ref) & _in_registry(e, e["engaged_on"])]
    n = int(procs["id"].isin(e["procedure_id"]).sum())
    return _done("1.2", share(n, len(procs)), ref >= start)


def procedures_with_content(
    facts: KpiFacts,
    year: int,
    as_of: dt.date,
    municipality: int | None = None,
    kinds: tuple[str, ...] = rules.KPI_PROCEDURE_KINDS,
) -> KpiValue:
    """2.1 «Доля ежегодных проводимых внутри региональных процедур оценки качества образования с
    использованием ресурса информационного контента регионального сетевого экспертного
    сообщества от общего количества ежегодных проводимых внутри региональных процедур оценки
    качества образования, (%)»."""
    start, ref = period(year, as_of)
    procs = _procedures(facts, year, ref, municipality, kinds)
    n = int(procs["community_content"].fillna(False).astype(bool).sum())
    return _done("2.1", share(n, len(procs)), ref >= start)


def included_of_passed(
    facts: KpiFacts,
    year: int,
    as_of: dt.date,
    municipality: int | None = None,
    pass_mark: float = PASS,
) -> KpiValue:
    """2.2 «Доля специалистов …, включенных в реестр, от общего числа педагогов и руководителей,
    успешно (более 60% выполнения) прошедших оценочную процедуру …, (%)»: those with an attempt
    strictly above 60 % by the reference date, and of them those in the registry on that date."""
    start, ref = period(year, as_of)
    e = _experts(facts, municipality)
    a = facts.attempts
    passed_ids = a.loc[(a["score_percent"] > pass_mark) & (a["assessed_on"] <= ref), "expert_id"]
    passed = e[e["id"].isin(passed_ids)]
    n = int(_in_registry(passed, ref).sum())
    return _done("2.2", share(n, len(passed)), ref >= start)


def _registry_at(facts: KpiFacts, ref: pd.Timestamp, municipality: int | None) -> pd.DataFrame:
    e = _experts(facts, municipality)
    return e[_in_registry(e, ref)]


def engaged_share(
    facts: KpiFacts,
    year: int,
    as_of: dt.date,
    municipality: int | None = None,
    kinds: tuple[str, ...] = rules.KPI_PROCEDURE_KINDS,
) -> KpiValue:
    """2.3 «Доля специалистов …, включенных в реестр, привлекаемых в течение года в качестве
    экспертов внутри региональных процедур оценки качества образования, от общего количества
    специалистов …, включенных в реестр (%)»: registry on the reference date; engaged means an
    engagement on a procedure of those kinds dated in the year by that date."""
    start, ref = period(year, as_of)
    registry = _registry_at(facts, ref, municipality)
    g = facts.engagements.merge(
        facts.procedures[["id", "kind"]], left_on="procedure_id", right_on="id", suffixes=("", "_p")
    )
    g = g[g["kind"].isin(kinds) & (g["engaged_on"] >= start) & (g["engaged_on"] <= ref)]
    n = int(registry["id"].isin(g["expert_id"]).sum())
    return _done("2.3", share(n, len(registry)), ref >= start)


def approved_after_discussion(
    facts: KpiFacts, year: int, as_of: dt.date, municipality: int | None = None
) -> KpiValue:
    """3.1 «Доля ежегодного инструментария …, методических материалов и проектов документов,
    утвержденных по результатам обсуждения на экспертной площадке, от общего количества
    утвержденного ежегодного инструментария …, (%)»: materials approved in the year."""
    start, ref = period(year, as_of)
    m = _by_place(facts.materials, municipality)
    approved = m[(m["approved_on"] >= start) & (m["approved_on"] <= ref)]
    n = int(approved["discussed_on_platform"].fillna(False).astype(bool).sum())
    return _done("3.1", share(n, len(approved)), ref >= start)


def trained_share(
    facts: KpiFacts,
    year: int,
    as_of: dt.date,
    municipality: int | None = None,
    valid_years: int | None = rules.KPI_TRAINING_VALID_YEARS,
) -> KpiValue:
    """3.2 «Доля специалистов …, включенных в реестр, прошедших повышение квалификации по
    программам повышения квалификации и профессиональной переподготовки по направлению
    экспертной деятельности …, от общего количества специалистов …, включенных в реестр, (%)»:
    registry experts with a course in one of their own directions completed by the reference
    date (see `trained_ids`; no validity window unless `valid_years` is given)."""
    start, ref = period(year, as_of)
    registry = _registry_at(facts, ref, municipality)
    n = int(registry["id"].isin(trained_ids(facts, ref, valid_years)).sum())
    return _done("3.2", share(n, len(registry)), ref >= start)


def materials_with_experts(
    facts: KpiFacts, year: int, as_of: dt.date, municipality: int | None = None
) -> KpiValue:
    """3.3 «Доля ежегодных методических материалов … по вопросам экспертной деятельности,
    разработанных с привлечением специалистов …, включенных в реестр, от общего количества таких
    ежегодных методических материалов, (%)»: materials on questions of expert activity created
    in the year; an author must be in the registry on the day the material was created."""
    start, ref = period(year, as_of)
    m = expert_materials(_by_place(facts.materials, municipality))
    made = m[(m["created_on"] >= start) & (m["created_on"] <= ref)]
    a = facts.authors.merge(made[["id", "created_on"]], left_on="material_id", right_on="id")
    a = a.merge(facts.experts, left_on="expert_id", right_on="id", suffixes=("", "_e"))
    with_registry = a[_in_registry(a, a["created_on"])]["material_id"]
    n = int(made["id"].isin(with_registry).sum())
    return _done("3.3", share(n, len(made)), ref >= start)


def publications_change(
    facts: KpiFacts, year: int, as_of: dt.date, municipality: int | None = None
) -> KpiValue:
    """3.4 «Динамика количества ссылок на платформе ВИМП о количестве статей в
    научно-методических изданиях регионального, федерального (международного) уровня,
    обобщающих опыт реализации Концепции …, единиц»: articles in editions of those levels from
    1 January to the reference date minus those of the same span of the previous year."""
    start, ref = period(year, as_of)
    p = counted_publications(_by_place(facts.publications, municipality))["published_on"]
    before_start, before_ref = previous_period(year, ref)
    now = int(((p >= start) & (p <= ref)).sum())
    before = int(((p >= before_start) & (p <= before_ref)).sum())
    return _done("3.4", (now, before, float(now - before)), ref >= start)


INDICATORS = {
    "1.1": documents_count,
    "1.2": procedures_with_experts,
    "2.1": procedures_with_content,
    "2.2": included_of_passed,
    "2.3": engaged_share,
    "3.1": approved_after_discussion,
    "3.2": trained_share,
    "3.3": materials_with_experts,
    "3.4": publications_change,
}


# ------------------------------------------------------------------ tables, status, charts


def indicator_table(facts: KpiFacts, years, as_of: dt.date, municipalities) -> pd.DataFrame:
    """Every indicator × year × place (REGION and each municipality id): the page's table."""
    rows = []
    for year in years:
        for place in [REGION, *municipalities]:
            for code, compute in INDICATORS.items():
                v = compute(facts, int(year), as_of, None if place == REGION else int(place))
                rows.append(
                    {
                        "code": code,
                        "year": int(year),
                        "municipality_id": int(place),
                        "numerator": v.numerator,
                        "denominator": v.denominator,
                        "value": v.value,
                    }
                )
    return pd.DataFrame(
        rows, columns=["code", "year", "municipality_id", "numerator", "denominator", "value"]
    )


def status(
    value: float | None, target: float | None, close_share: float = rules.KPI_CLOSE_SHARE
) -> str:
    """met / close / not_met against the target; no_data or no_target when one is missing."""
    if value is None or pd.isna(value):
        return "no_data"
    if target is None or pd.isna(target):
        return "no_target"
    if value >= target:
        return "met"
    return "close" if target - value <= close_share * abs(target) else "not_met"


def coverage(facts: KpiFacts, as_of: dt.date, direction_codes, municipalities) -> pd.DataFrame:
    """Registry experts on the date per direction (rows) and municipality (columns), 0 = gap."""
    registry = facts.experts[_in_registry(facts.experts, pd.Timestamp(as_of))]
    d = facts.directions.merge(registry, left_on="expert_id", right_on="id")
    table = pd.crosstab(d["direction_code"], d["municipality_id"]) if len(d) else pd.DataFrame()
    return (
        table.reindex(index=list(direction_codes), columns=list(municipalities), fill_value=0)
        .fillna(0)
        .astype(int)
    )


def funnel(
    facts: KpiFacts,
    year: int,
    as_of: dt.date,
    municipality: int | None = None,
    pass_mark: float = PASS,
    valid_years: int | None = rules.KPI_TRAINING_VALID_YEARS,
    kinds: tuple[str, ...] = rules.KPI_PROCEDURE_KINDS,
) -> list[int]:
    """Nested counts: candidates → passed (> 60 %) → in the registry → engaged in the year (as
    in 2.3) → of those, trained in their own direction (as in 3.2); each stage a subset of the
    one before."""
    start, ref = period(year, as_of)
    e = _experts(facts, municipality)
    a = facts.attempts[facts.attempts["assessed_on"] <= ref]
    candidates = e[e["id"].isin(a["expert_id"]) | (e["included_on"] <= ref)]
    passed = candidates[candidates["id"].isin(a.loc[a["score_percent"] > pass_mark, "expert_id"])]
    included = passed[_in_registry(passed, ref)]
    g = facts.engagements.merge(
        facts.procedures[["id", "kind"]], left_on="procedure_id", right_on="id", suffixes=("", "_p")
    )
    g = g[g["kind"].isin(kinds)]
    engaged = included[
        included["id"].isin(
            g.loc[(g["engaged_on"] >= start) & (g["engaged_on"] <= ref), "expert_id"]
        )
    ]
    trained = engaged[engaged["id"].isin(trained_ids(facts, ref, valid_years))]
    return [len(candidates), len(passed), len(included), len(engaged), len(trained)]
