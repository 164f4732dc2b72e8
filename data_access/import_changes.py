"""What an import would change: a read-only comparison of a checked file with the stored rows.

The import preview (/admin/imports) shows it before the administrator confirms: how many rows
are new, changed or unchanged, and for each changed row every column's value before and after.
Rows are matched on the kind's natural key, in the file's own terms (codes, not ids), and each
column is compared as the writer (data_access.import_writers) would store it. Admins only;
nothing is written.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from sqlalchemy import Connection, Select, literal, null, select

from dashboard.analytics.periods import PeriodParseError
from dashboard.ingest import Parsed
from dashboard.models import (
    ContextValue,
    Expert,
    ExpertDirection,
    ExpertEngagement,
    ExpertTraining,
    Material,
    MaterialAuthor,
    Municipality,
    PdCompletion,
    PdProgramme,
    Procedure,
    ProcedureTask,
    Publication,
    PupilResult,
    Region,
    RegionNorm,
    Roadmap,
    RoadmapItem,
    School,
    SchoolResult,
    SkillResult,
    SubjectTeachers,
)
from data_access import database
from data_access.bulk_upsert import IN_CHUNK
from data_access.import_refs import records
from data_access.import_writers import default_year, item_dates
from data_access.imports import require_admin
from data_access.scope import Scope

SHOWN_CHANGES = 50  # changed rows listed in the preview (all are counted)


@dataclass(frozen=True)
class Change:
    """One row of the file that changes a stored row: its line, its key in the file's terms
    ({column: value}) and (column, before, after) for every column that differs."""

    line: int
    key: dict
    columns: list[tuple[str, object, object]]


@dataclass
class Changes:
    kind: str
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    changes: list[Change] = field(default_factory=list)  # the first SHOWN_CHANGES


@dataclass(frozen=True)
class Spec:
    """How one kind's stored rows are read back in the file's terms."""

    key: tuple[str, ...]
    columns: tuple[str, ...]
    # the stored rows (key columns, then `columns`) whose first key value is in a chunk
    query: Callable[[list], Select]
    # a file record as the writer would store it (defaults, derived dates)
    prepare: Callable[[Connection, list[dict]], list[dict]] | None = None
    # columns whose empty cell keeps the stored value (the writer leaves them as they are)
    kept_when_empty: tuple[str, ...] = ()


def _stored(conn: Connection, spec: Spec, firsts: Iterable) -> dict[tuple, dict]:
    wanted = sorted({value for value in firsts if value is not None}, key=str)
    width = len(spec.key)
    found: dict[tuple, dict] = {}
    for start in range(0, len(wanted), IN_CHUNK):
        for row in conn.execute(spec.query(wanted[start : start + IN_CHUNK])):
            found[tuple(row[:width])] = dict(zip(spec.columns, row[width:], strict=True))
    return found


# ------------------------------------------------------------------ the stored rows, per kind


def _schools(codes: list) -> Select:
    return (
        select(
            School.school_code,
            School.name,
            Municipality.code,
            School.kind,
            School.locality,
            School.address,
            School.latitude,
            School.longitude,
        )
        .join(Municipality, Municipality.id == School.municipality_id)
        .where(School.school_code.in_(codes))
    )


def _context(codes: list) -> Select:
    return (
        select(
            School.school_code, ContextValue.year, ContextValue.indicator_code, ContextValue.value
        )
        .join(School, School.id == ContextValue.school_id)
        .where(School.school_code.in_(codes))
    )


PROCEDURE_COLUMNS = (
    "kind",
    "subject",
    "grade",
    "year",
    "held_on",
    "max_score",
    "threshold_3",
    "threshold_4",
    "threshold_5",
)


def _procedures(codes: list) -> Select:
    return select(Procedure.code, *(getattr(Procedure, c) for c in PROCEDURE_COLUMNS)).where(
        Procedure.code.in_(codes)
    )


MARKS = ("marks_2", "marks_3", "marks_4", "marks_5")


def _results(codes: list) -> Select:
    return (
        select(
            Procedure.code,
            School.school_code,
            SchoolResult.participants,
            SchoolResult.mean_score,
            *(getattr(SchoolResult, c) for c in MARKS),
        )
        .join(Procedure, Procedure.id == SchoolResult.procedure_id)
        .join(School, School.id == SchoolResult.school_id)
        .where(Procedure.code.in_(codes))
    )


def _pupil_results(codes: list) -> Select:
    return (
        select(
            Procedure.code,
            PupilResult.participant_code,
            School.school_code,
            PupilResult.primary_score,
            PupilResult.mark,
            PupilResult.journal_mark,
            PupilResult.task_points,
        )
        .join(Procedure, Procedure.id == PupilResult.procedure_id)
        .join(School, School.id == PupilResult.school_id)
        .where(Procedure.code.in_(codes))
    )


def _skill_results(codes: list) -> Select:
    return (
        select(
            Procedure.code,
            School.school_code,
            SkillResult.task_number,
            ProcedureTask.skill_code,
            ProcedureTask.skill_name,
            ProcedureTask.max_points,
            SkillResult.mean_percent,
        )
        .join(Procedure, Procedure.id == SkillResult.procedure_id)
        .join(School, School.id == SkillResult.school_id)
        .join(
            ProcedureTask,
            (ProcedureTask.procedure_id == SkillResult.procedure_id)
            & (ProcedureTask.task_number == SkillResult.task_number),
        )
        .where(Procedure.code.in_(codes))
    )


def _experts(codes: list) -> Select:
    expert_school = School.__table__.alias("expert_school")
    return (
        select(
            Expert.expert_code,
            Expert.full_name,
            Municipality.code,
            expert_school.c.school_code,
            Expert.position,
            literal(None).label("directions"),
            Expert.qualification_score,
            Expert.qualification_date,
            Expert.status,
            Expert.included_on,
        )
        .join(Municipality, Municipality.id == Expert.municipality_id)
        .outerjoin(expert_school, expert_school.c.id == Expert.school_id)
        .where(Expert.expert_code.in_(codes))
    )


def _joined_codes(codes: object) -> str | None:
    """A set of codes as the file writes it (`M01;R02`), sorted; None for none."""
    found = sorted({c for c in str(codes or "").split(";") if c})
    return ";".join(found) or None


def _with_directions(conn: Connection, stored: dict[tuple, dict]) -> None:
    """Fill each stored expert's `directions` (kept in their own table)."""
    codes = sorted(key[0] for key in stored)
    found: dict[str, list[str]] = {}
    for start in range(0, len(codes), IN_CHUNK):
        stmt = (
            select(Expert.expert_code, ExpertDirection.direction_code)
            .join(ExpertDirection, ExpertDirection.expert_id == Expert.id)
            .where(Expert.expert_code.in_(codes[start : start + IN_CHUNK]))
        )
        for code, direction in conn.execute(stmt):
            found.setdefault(code, []).append(direction)
    for key, row in stored.items():
        row["directions"] = _joined_codes(";".join(found.get(key[0], [])))


def _prepare_experts(_conn: Connection, rows: list[dict]) -> list[dict]:
    return [{**r, "directions": _joined_codes(r["directions"])} for r in rows]


def _activities(codes: list) -> Select:
    """Every activity of the experts, in the file's key: (expert, activity, title, date)."""
    by_expert = Expert.expert_code.in_(codes)
    engaged = (
        select(
            Expert.expert_code,
            literal("engagement"),
            ExpertEngagement.role,
            ExpertEngagement.engaged_on,
            Procedure.code,
            null(),
            null(),
            null(),
        )
        .join(Expert, Expert.id == ExpertEngagement.expert_id)
        .outerjoin(Procedure, Procedure.id == ExpertEngagement.procedure_id)
        .where(by_expert)
    )
    trained = (
        select(
            Expert.expert_code,
            literal("training"),
            ExpertTraining.title,
            ExpertTraining.completed_on,
            null(),
            ExpertTraining.direction_code,
            null(),
            null(),
        )
        .join(Expert, Expert.id == ExpertTraining.expert_id)
        .where(by_expert)
    )
    published = (
        select(
            Expert.expert_code,
            literal("publication"),
            Publication.title,
            Publication.published_on,
            null(),
            null(),
            null(),
            Publication.level,
        )
        .join(Expert, Expert.id == Publication.expert_id)
        .where(by_expert)
    )
    authored = (
        select(
            Expert.expert_code,
            literal("material"),
            Material.title,
            Material.created_on,
            null(),
            null(),
            Material.topic,
            null(),
        )
        .join(MaterialAuthor, MaterialAuthor.material_id == Material.id)
        .join(Expert, Expert.id == MaterialAuthor.expert_id)
        .where(by_expert)
    )
    return engaged.union_all(trained, published, authored)


#: The one column each activity's row may change besides its key (import_writers._activities).
ACTIVITY_DETAIL = {
    "engagement": "procedure_code",
    "training": "direction_code",
    "material": "topic",
    "publication": "level",
}


def _prepare_activities(_conn: Connection, rows: list[dict]) -> list[dict]:
    """Each activity keeps only its own detail (the writer ignores the others): an engagement's
    procedure, a training's direction (upper case, as stored), a material's topic, a
    publication's level."""
    prepared = []
    for r in rows:
        own = ACTIVITY_DETAIL.get(r["activity"])
        row = {**r}
        for column in ACTIVITY_DETAIL.values():
            value = r.get(column) if column == own else None
            if column == "direction_code" and isinstance(value, str):
                value = value.strip().upper() or None
            row[column] = value
        prepared.append(row)
    return prepared


ITEM_COLUMNS = (
    "section",
    "title",
    "participants",
    "executors",
    "period_text",
    "starts_on",
    "due_on",
    "expected_result",
    "status",
    "progress",
    "completed_on",
)


def _roadmap_items(codes: list) -> Select:
    return (
        select(Roadmap.code, RoadmapItem.number, *(getattr(RoadmapItem, c) for c in ITEM_COLUMNS))
        .join(Roadmap, Roadmap.id == RoadmapItem.roadmap_id)
        .where(Roadmap.code.in_(codes))
    )


def _prepare_items(conn: Connection, rows: list[dict]) -> list[dict]:
    """Defaults and dates as the writer stores them (status planned, progress 0, the dates of
    the period text when the row gives none)."""
    years = dict(conn.execute(select(Roadmap.code, Roadmap.year_start)).all())
    prepared = []
    for r in rows:
        try:
            starts_on, due_on = item_dates(r, default_year(years.get(r["roadmap_code"]), r))
        except PeriodParseError:  # the check itself reports it; compare the dates as given
            starts_on, due_on = r["starts_on"], r["due_on"]
        prepared.append(
            {
                **r,
                "starts_on": starts_on,
                "due_on": due_on,
                "status": r["status"] or "planned",
                "progress": r["progress"] or 0,
            }
        )
    return prepared


PROGRAMME_COLUMNS = (
    "title",
    "provider",
    "subject",
    "skill_codes",
    "hours",
    "format",
    "starts_on",
    "ends_on",
)


def _programmes(codes: list) -> Select:
    return select(
        PdProgramme.programme_code, *(getattr(PdProgramme, c) for c in PROGRAMME_COLUMNS)
    ).where(PdProgramme.programme_code.in_(codes))


def _subject_teachers(codes: list) -> Select:
    return (
        select(
            School.school_code,
            SubjectTeachers.year,
            SubjectTeachers.subject,
            SubjectTeachers.teachers,
        )
        .join(School, School.id == SubjectTeachers.school_id)
        .where(School.school_code.in_(codes))
    )


def _completions(codes: list) -> Select:
    return (
        select(
            School.school_code, PdProgramme.programme_code, PdCompletion.year, PdCompletion.teachers
        )
        .join(School, School.id == PdCompletion.school_id)
        .join(PdProgramme, PdProgramme.id == PdCompletion.programme_id)
        .where(School.school_code.in_(codes))
    )


def _norms(codes: list) -> Select:
    return (
        select(Region.code, RegionNorm.indicator_code, RegionNorm.norm, RegionNorm.source)
        .join(Region, Region.id == RegionNorm.region_id)
        .where(Region.code.in_(codes))
    )


def _prepare_norms(conn: Connection, rows: list[dict]) -> list[dict]:
    """A row without a region is for the database's only region (the writer's rule)."""
    regions = list(conn.execute(select(Region.code)).scalars())
    only = regions[0] if len(regions) == 1 else None
    return [{**r, "region_code": r["region_code"] or only} for r in rows]


SPECS: dict[str, Spec] = {
    "schools": Spec(
        ("school_code",),
        ("name", "municipality_code", "kind", "locality", "address", "latitude", "longitude"),
        _schools,
    ),
    "context": Spec(("school_code", "year", "indicator"), ("value",), _context),
    "procedures": Spec(("procedure_code",), PROCEDURE_COLUMNS, _procedures),
    "results": Spec(
        ("procedure_code", "school_code"), ("participants", "mean_score", *MARKS), _results
    ),
    "pupil-results": Spec(
        ("procedure_code", "participant_code"),
        ("school_code", "primary_score", "mark", "journal_mark", "task_points"),
        _pupil_results,
    ),
    "skill-results": Spec(
        ("procedure_code", "school_code", "task"),
        ("skill_code", "skill_name", "max_points", "mean_percent"),
        _skill_results,
    ),
    "experts": Spec(
        ("expert_code",),
        (
            "full_name",
            "municipality_code",
            "school_code",
            "position",
            "directions",
            "qualification_score",
            "qualification_date",
            "status",
            "included_on",
        ),
        _experts,
        _prepare_experts,
    ),
    "expert-activities": Spec(
        ("expert_code", "activity", "title", "date"),
        ("procedure_code", "direction_code", "topic", "level"),
        _activities,
        _prepare_activities,
        kept_when_empty=("direction_code", "topic", "level"),
    ),
    "roadmap-items": Spec(("roadmap_code", "number"), ITEM_COLUMNS, _roadmap_items, _prepare_items),
    "pd-programmes": Spec(
        ("programme_code",),
        PROGRAMME_COLUMNS,
        _programmes,
        kept_when_empty=("format", "starts_on", "ends_on"),
    ),
    "subject-teachers": Spec(("school_code", "year", "subject"), ("teachers",), _subject_teachers),
    "pd-completions": Spec(("school_code", "programme_code", "year"), ("teachers",), _completions),
    "indicator-norms": Spec(
        ("region_code", "indicator"), ("norm", "source"), _norms, _prepare_norms
    ),
}


def compare(scope: Scope, parsed: Parsed, shown: int = SHOWN_CHANGES) -> Changes:
    """How `parsed` (a checked file) would change the stored rows: counts of new, changed and
    unchanged rows, and the first `shown` changed rows column by column. Admin only; reads."""
    require_admin(scope)
    spec = SPECS[parsed.kind]
    result = Changes(kind=parsed.kind)
    lines, rows = zip(*records(parsed), strict=True) if parsed.rows else ((), ())
    with database.read() as conn:
        rows = spec.prepare(conn, list(rows)) if spec.prepare else list(rows)
        stored = _stored(conn, spec, (r[spec.key[0]] for r in rows))
        if parsed.kind == "experts":
            _with_directions(conn, stored)
    for line, row in zip(lines, rows, strict=True):
        before = stored.get(tuple(row[c] for c in spec.key))
        if before is None:
            result.inserted += 1
            continue
        differing = [
            (c, before[c], row[c])
            for c in spec.columns
            if before[c] != row[c] and not (row[c] is None and c in spec.kept_when_empty)
        ]
        if not differing:
            result.unchanged += 1
            continue
        result.updated += 1
        if len(result.changes) < shown:
            result.changes.append(Change(line, {c: row[c] for c in spec.key}, differing))
    return result
