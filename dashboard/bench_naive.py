"""The naive reference of `oko bench`: what a typical dashboard does on every request.

Each function reads the raw rows the page's main chart or table is made of with
`pandas.read_sql` (pupil rows joined to school, municipality and procedure for the chosen
procedure(s); school-level rows where the scale holds no pupil rows; the expert and roadmap
tables for the pages built on them) and aggregates them in pandas to the grain the page shows,
with no summary table, no cache and no pushed-down aggregation. Model fitting and bias
detection, identical in both implementations, are not part of the reference: it measures the
data path only. Every function takes an open connection, the run's `NaiveContext` and the
callback's input values keyed by (component id, property).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Connection, select

from dashboard import ids
from dashboard.models import (
    ContextValue,
    Expert,
    ExpertEngagement,
    ExpertTraining,
    Municipality,
    Procedure,
    PupilResult,
    QualificationAttempt,
    Roadmap,
    RoadmapItem,
    RoadmapStatusChange,
    School,
    SchoolResult,
)

State = dict[tuple[str, str], object]
MARKS = (2, 3, 4, 5)


@dataclass(frozen=True)
class NaiveContext:
    region_id: int
    pupil_level: bool  # False on the `national` scale: school-level results only
    school_code: str


def _raw_results(conn: Connection, ctx: NaiveContext, *where) -> pd.DataFrame:
    """Raw result rows of the region (one per pupil, or one per school without pupil rows)."""
    place = (
        Municipality.code.label("municipality_code"),
        Municipality.name.label("municipality"),
        School.id.label("school_id"),
        School.school_code,
        School.name.label("school"),
        Procedure.id.label("procedure_id"),
        Procedure.kind,
        Procedure.subject,
        Procedure.grade,
        Procedure.year,
        Procedure.max_score,
    )
    if ctx.pupil_level:
        stmt = select(
            *place, PupilResult.primary_score, PupilResult.mark, PupilResult.journal_mark
        ).join_from(PupilResult, Procedure, Procedure.id == PupilResult.procedure_id)
        stmt = stmt.join(School, School.id == PupilResult.school_id)
    else:
        marks = [getattr(SchoolResult, f"marks_{m}") for m in MARKS]
        stmt = select(*place, SchoolResult.participants, SchoolResult.mean_percent, *marks)
        stmt = stmt.join_from(SchoolResult, Procedure, Procedure.id == SchoolResult.procedure_id)
        stmt = stmt.join(School, School.id == SchoolResult.school_id)
    stmt = stmt.join(Municipality, Municipality.id == School.municipality_id).where(
        Municipality.region_id == ctx.region_id, *where
    )
    return pd.read_sql(stmt, conn)


def _aggregate(frame: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Participants, mean percent, its spread and the mark counts per group, in pandas."""
    if "primary_score" in frame:
        marks = {f"marks_{m}": frame["mark"] == m for m in MARKS}
        frame = frame.assign(percent=frame["primary_score"] * 100.0 / frame["max_score"], **marks)
        return frame.groupby(by, dropna=False).agg(
            participants=("percent", "size"),
            mean_percent=("percent", "mean"),
            sd_percent=("percent", "std"),
            **{name: (name, "sum") for name in marks},
        )
    frame = frame.assign(weighted=frame["mean_percent"] * frame["participants"])
    sums = frame.groupby(by, dropna=False)[
        ["participants", "weighted", *[f"marks_{m}" for m in MARKS]]
    ].sum()
    return sums.assign(mean_percent=sums["weighted"] / sums["participants"])


def _procedure(state: State, page) -> tuple:
    grade = state.get((page.GRADE, "value"))
    return state.get((page.KIND, "value")), state.get((page.SUBJECT, "value")), grade


def overview(conn: Connection, ctx: NaiveContext, state: State) -> pd.DataFrame:
    kind, subject, grade = _procedure(state, ids.Overview)
    year = state.get((ids.Overview.YEAR, "value"))
    rows = _raw_results(
        conn,
        ctx,
        Procedure.kind == kind,
        Procedure.subject == subject,
        Procedure.grade == grade,
        Procedure.year == year,
    )
    return _aggregate(rows, ["municipality_code", "municipality"])


def schools(conn: Connection, ctx: NaiveContext, state: State) -> pd.DataFrame:
    """The list's result columns: each school's ВПР (all subjects) and ОГЭ mathematics mean of
    its latest year, from every ВПР and ОГЭ row of the region, plus its latest size."""
    rows = _raw_results(conn, ctx, Procedure.kind.in_(["vpr", "oge"]))
    rows = rows[(rows["kind"] == "vpr") | (rows["subject"] == "математика")]
    per_year = _aggregate(rows, ["school_id", "kind", "year"]).reset_index()
    latest = per_year[
        per_year["year"] == per_year.groupby(["school_id", "kind"])["year"].transform("max")
    ]
    table = latest.pivot_table(index="school_id", columns="kind", values="mean_percent")
    sizes = pd.read_sql(
        select(ContextValue.school_id, ContextValue.year, ContextValue.value).where(
            ContextValue.indicator_code == "pupils"
        ),
        conn,
    )
    size = sizes.sort_values("year").groupby("school_id")["value"].last().rename("pupils")
    return table.join(size, how="left")


def procedures(conn: Connection, ctx: NaiveContext, state: State) -> pd.DataFrame:
    kind, subject, grade = _procedure(state, ids.Procedures)
    years = state.get((ids.Procedures.YEARS, "value")) or []
    years = years if isinstance(years, list) else [years]
    rows = _raw_results(
        conn,
        ctx,
        Procedure.kind == kind,
        Procedure.subject == subject,
        Procedure.grade == grade,
        Procedure.year.in_(years),
    )
    return _aggregate(rows, ["school_code", "school", "year"])


def objectivity(conn: Connection, ctx: NaiveContext, state: State) -> pd.DataFrame:
    """Per school × ВПР procedure of the year and the year before (the jump sign needs it):
    count, mean and spread, and the journal agreement counts the detector starts from."""
    year = int(state.get((ids.Objectivity.YEAR, "value")) or 0)
    rows = _raw_results(conn, ctx, Procedure.kind == "vpr", Procedure.year.in_([year - 1, year]))
    out = _aggregate(rows, ["school_id", "procedure_id", "year"])
    if "journal_mark" in rows:
        journal = rows.dropna(subset=["journal_mark", "mark"])
        diff = journal["mark"] - journal["journal_mark"]
        agreement = (
            journal.assign(lowered=diff < 0, confirmed=diff == 0, raised=diff > 0)
            .groupby(["school_id", "procedure_id", "year"])[["lowered", "confirmed", "raised"]]
            .sum()
        )
        out = out.join(agreement, how="left")
    return out


def rankings(conn: Connection, ctx: NaiveContext, state: State) -> pd.DataFrame:
    """Every pupil of the outcome (subject and grade, or all of them) and the schools' context
    values of the year: the frame the model is fitted to."""
    kind, subject, grade = _procedure(state, ids.Rankings)
    year = state.get((ids.Rankings.YEAR, "value"))
    where = [Procedure.kind == kind, Procedure.year == year]
    if subject not in (None, "__all__"):
        where.append(Procedure.subject == subject)
    if grade not in (None, 0):
        where.append(Procedure.grade == grade)
    rows = _raw_results(conn, ctx, *where)
    per_school = _aggregate(rows, ["school_id"])
    context = pd.read_sql(
        select(ContextValue.school_id, ContextValue.indicator_code, ContextValue.value).where(
            ContextValue.year == year
        ),
        conn,
    )
    wide = context.pivot_table(index="school_id", columns="indicator_code", values="value")
    return per_school.join(wide, how="left")


def experts(conn: Connection, ctx: NaiveContext, state: State) -> pd.DataFrame:
    """Experts, their engagements, trainings and qualification attempts per municipality ×
    year, counted in pandas."""
    in_region = select(Municipality.id).where(Municipality.region_id == ctx.region_id)
    people = pd.read_sql(
        select(Expert.id.label("expert_id"), Expert.municipality_id, Expert.status).where(
            Expert.municipality_id.in_(in_region)
        ),
        conn,
    )
    counts = []
    for name, table, day in (
        ("engaged", ExpertEngagement, ExpertEngagement.engaged_on),
        ("trained", ExpertTraining, ExpertTraining.completed_on),
        ("assessed", QualificationAttempt, QualificationAttempt.assessed_on),
    ):
        facts = pd.read_sql(select(table.expert_id, day.label("day")), conn)
        facts = facts.merge(people, on="expert_id")
        facts["year"] = pd.to_datetime(facts["day"]).dt.year
        counts.append(
            facts.groupby(["municipality_id", "year"])["expert_id"].nunique().rename(name)
        )
    return pd.concat(counts, axis=1)


def roadmaps(conn: Connection, ctx: NaiveContext, state: State) -> pd.DataFrame:
    """The chosen roadmap's items and status history; status counts per section."""
    code = state.get((ids.Roadmaps.ROADMAP, "value"))
    items = pd.read_sql(
        select(
            RoadmapItem.id.label("item_id"),
            RoadmapItem.section,
            RoadmapItem.status,
            RoadmapItem.due_on,
            RoadmapItem.completed_on,
        )
        .join(Roadmap, Roadmap.id == RoadmapItem.roadmap_id)
        .where(Roadmap.code == code),
        conn,
    )
    history = pd.read_sql(
        select(RoadmapStatusChange.item_id, RoadmapStatusChange.to_status).where(
            RoadmapStatusChange.item_id.in_(items["item_id"].tolist())
        ),
        conn,
    )
    changes = history.groupby("item_id").size().rename("changes")
    items = items.join(changes, on="item_id")
    return items.groupby(["section", "status"]).agg(
        items=("item_id", "size"), changes=("changes", "sum")
    )


def school_profile(conn: Connection, ctx: NaiveContext, state: State) -> pd.DataFrame:
    """The chosen procedure over the years for the school, its municipality and the region,
    from every row of that procedure in the region."""
    kind, subject, grade = _procedure(state, ids.SchoolProfile)
    rows = _raw_results(
        conn, ctx, Procedure.kind == kind, Procedure.subject == subject, Procedure.grade == grade
    )
    own = rows[rows["school_code"] == ctx.school_code]
    municipality = own["municipality_code"].iloc[0] if not own.empty else None
    return pd.concat(
        {
            "school": _aggregate(own, ["year"]),
            "municipality": _aggregate(rows[rows["municipality_code"] == municipality], ["year"]),
            "region": _aggregate(rows, ["year"]),
        }
    )


NAIVE: dict[str, Callable[[Connection, NaiveContext, State], pd.DataFrame]] = {
    "/": overview,
    "/schools": schools,
    "/procedures": procedures,
    "/objectivity": objectivity,
    "/rankings": rankings,
    "/experts": experts,
    "/roadmaps": roadmaps,
    "/schools/<code>": school_profile,
}
