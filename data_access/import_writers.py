"""Writers behind data_access.imports.run_import: one per kind of file.

Internal: only run_import (which checks who imports) calls it; the norms writer keeps a region's
user to their own region (Refs.region_id). Each writer resolves codes to ids (unknown ones
become errors on their line), then upserts on the kind's natural key (data_access.bulk_upsert)
inside the caller's transaction. Each returns (inserted, updated, unchanged) or leaves errors
in parsed (then rolled back).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable

from sqlalchemy import Connection, delete, func, insert, select, update

from dashboard import strings
from dashboard.analytics.periods import PeriodParseError, parse_period
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
    RoadmapStatusChange,
    School,
    SchoolResult,
    SkillResult,
    SubjectTeachers,
    VoluntaryWork,
)
from dashboard.models.plans import RoadmapItemOccurrence
from dashboard.models.voluntary import VOLUNTARY_KIND
from data_access.bulk_upsert import IN_CHUNK, upsert
from data_access.import_refs import Counts, Refs, counts, records, stop_on_errors


def _region_id(conn: Connection) -> int:
    region = conn.execute(select(func.min(Region.id))).scalar()
    if region is None:
        region = conn.execute(
            insert(Region).values(code="region", name="Регион")
        ).inserted_primary_key[0]
    return region


def _schools(conn: Connection, parsed: Parsed, refs: Refs) -> Counts:
    municipalities = refs.municipalities()
    rows = []
    for _line, r in records(parsed):
        code = r["municipality_code"]
        if code not in municipalities:
            municipalities[code] = conn.execute(
                insert(Municipality).values(
                    code=code, name=r["municipality_name"], region_id=_region_id(conn)
                )
            ).inserted_primary_key[0]
        rows.append(
            {
                "school_code": r["school_code"],
                "name": r["name"],
                "municipality_id": municipalities[code],
                "kind": r["kind"],
                "locality": r["locality"],
                "address": r["address"],
                "latitude": r["latitude"],
                "longitude": r["longitude"],
            }
        )
    return counts(upsert(conn, School.__table__, ("school_code",), rows))


def _context(conn: Connection, parsed: Parsed, refs: Refs) -> Counts:
    schools, indicators = refs.schools(), refs.indicators()
    rows = []
    for line, r in records(parsed):
        school = refs.need(schools, r["school_code"], line, "school_code", "school")
        indicator = refs.need(indicators, r["indicator"], line, "indicator", "indicator")
        if school is not None and indicator is not None:
            rows.append(
                {
                    "school_id": school,
                    "year": r["year"],
                    "indicator_code": indicator,
                    "value": r["value"],
                }
            )
    refs.checked()
    return counts(
        upsert(conn, ContextValue.__table__, ("school_id", "year", "indicator_code"), rows)
    )


def _check_voluntary(conn: Connection, parsed: Parsed, refs: Refs) -> None:
    """A procedure of kind «добровольная диагностика» carries the results of a catalogue work:
    its code must be a work's code, its subject and grade the work's (an error on the line
    otherwise), so a school's report always finds its work."""
    wanted = {r["procedure_code"] for _line, r in records(parsed) if r["kind"] == VOLUNTARY_KIND}
    if not wanted:
        return
    works = {
        code: (subject, grade)
        for code, subject, grade in conn.execute(
            select(VoluntaryWork.work_code, VoluntaryWork.subject, VoluntaryWork.grade).where(
                VoluntaryWork.work_code.in_(sorted(wanted))
            )
        )
    }
    for line, r in records(parsed):
        if r["kind"] != VOLUNTARY_KIND:
            continue
        found = works.get(r["procedure_code"])
        if found is None:
            parsed.error(
                line,
                "procedure_code",
                strings.INGEST_VOLUNTARY_UNKNOWN_WORK.format(code=r["procedure_code"]),
            )
        elif (r["subject"], r["grade"]) != found:
            parsed.error(
                line,
                "subject",
                strings.INGEST_VOLUNTARY_OTHER_WORK.format(
                    code=r["procedure_code"], subject=found[0], grade=found[1]
                ),
            )
    refs.checked()


def _procedures(conn: Connection, parsed: Parsed, refs: Refs) -> Counts:
    _check_voluntary(conn, parsed, refs)
    rows = [
        {
            "code": r["procedure_code"],
            **{
                k: r[k]
                for k in (
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
            },
        }
        for _line, r in records(parsed)
    ]
    return counts(upsert(conn, Procedure.__table__, ("code",), rows))


def _procedure_and_school(refs: Refs, line: int, r: dict):
    procedure = refs.need(
        refs.procedures(), r["procedure_code"], line, "procedure_code", "procedure"
    )
    school = refs.need(refs.schools(), r["school_code"], line, "school_code", "school")
    return procedure, school


def _results_loaded(conn: Connection, procedure_ids: set[int]) -> None:
    """Stamp when results first arrived for these procedures (the effectiveness criterion
    «timeliness»: days from the procedure to the import); a later import keeps the first."""
    now = dt.datetime.now(dt.UTC)
    ids = sorted(procedure_ids)
    for start in range(0, len(ids), IN_CHUNK):
        conn.execute(
            update(Procedure)
            .where(
                Procedure.id.in_(ids[start : start + IN_CHUNK]),
                Procedure.results_loaded_at.is_(None),
            )
            .values(results_loaded_at=now)
        )


def _results(conn: Connection, parsed: Parsed, refs: Refs) -> Counts:
    rows = []
    for line, r in records(parsed):
        procedure, school = _procedure_and_school(refs, line, r)
        if procedure is None or school is None:
            continue
        procedure_id, max_score = procedure
        mean = r["mean_score"]
        if mean is not None and mean > max_score:
            parsed.error(
                line, "mean_score", strings.INGEST_MEAN_OVER_MAX.format(max_score=max_score)
            )
            continue
        rows.append(
            {
                "procedure_id": procedure_id,
                "school_id": school,
                "participants": r["participants"],
                "mean_score": mean,
                "mean_percent": None if mean is None else round(100 * mean / max_score, 4),
                **{f"marks_{m}": r[f"marks_{m}"] for m in (2, 3, 4, 5)},
            }
        )
    refs.checked()
    _results_loaded(conn, {row["procedure_id"] for row in rows})
    return counts(upsert(conn, SchoolResult.__table__, ("procedure_id", "school_id"), rows))


def _pupil_results(conn: Connection, parsed: Parsed, refs: Refs) -> Counts:
    # The one kind that reaches millions of rows: tuples by position, not a dict per row.
    procedures, schools = refs.procedures(), refs.schools()
    rows = []
    for line, (procedure_code, school_code, participant, score, mark, journal, points) in zip(
        parsed.lines, parsed.rows, strict=True
    ):
        procedure, school = procedures.get(procedure_code), schools.get(school_code)
        if procedure is None or school is None:
            _procedure_and_school(
                refs, line, {"procedure_code": procedure_code, "school_code": school_code}
            )
            continue
        procedure_id, max_score = procedure
        if score > max_score:
            parsed.error(
                line, "primary_score", strings.INGEST_SCORE_OVER_MAX.format(max_score=max_score)
            )
            continue
        rows.append(
            {
                "procedure_id": procedure_id,
                "participant_code": participant,
                "school_id": school,
                "primary_score": score,
                "mark": mark,
                "journal_mark": journal,
                "task_points": points,
            }
        )
    refs.checked()
    _results_loaded(conn, {row["procedure_id"] for row in rows})
    return counts(upsert(conn, PupilResult.__table__, ("procedure_id", "participant_code"), rows))


def _skill_results(conn: Connection, parsed: Parsed, refs: Refs) -> Counts:
    tasks: dict[tuple, dict] = {}
    rows = []
    for line, r in records(parsed):
        procedure, school = _procedure_and_school(refs, line, r)
        if procedure is None or school is None:
            continue
        task = {
            "procedure_id": procedure[0],
            "task_number": r["task"],
            "max_points": r["max_points"],
            "skill_code": r["skill_code"],
            "skill_name": r["skill_name"],
        }
        earlier = tasks.setdefault((procedure[0], r["task"]), task)
        if earlier != task:
            parsed.error(line, "skill_code", strings.INGEST_TASK_MISMATCH)
            continue
        rows.append(
            {
                "procedure_id": procedure[0],
                "school_id": school,
                "task_number": r["task"],
                "mean_percent": r["mean_percent"],
            }
        )
    refs.checked()
    _results_loaded(conn, {row["procedure_id"] for row in rows})
    _new_tasks, renamed, _same = upsert(
        conn, ProcedureTask.__table__, ("procedure_id", "task_number"), list(tasks.values())
    )
    new, changed, _unchanged = upsert(
        conn, SkillResult.__table__, ("procedure_id", "school_id", "task_number"), rows
    )
    # A row whose task was described anew (skill, name, maximum) changes what it shows too, as
    # the import preview (data_access.import_changes) counts it.
    written, renamed = {*new, *changed}, set(renamed)
    retold = sum(
        1
        for row in rows
        if (row["procedure_id"], row["task_number"]) in renamed
        and (row["procedure_id"], row["school_id"], row["task_number"]) not in written
    )
    return len(new), len(changed) + retold, len(rows) - len(new) - len(changed) - retold


def _experts(conn: Connection, parsed: Parsed, refs: Refs) -> Counts:
    municipalities, schools = refs.municipalities(), refs.schools()
    directions = refs.directions()
    rows, wanted = [], {}
    for line, r in records(parsed):
        municipality = refs.need(
            municipalities, r["municipality_code"], line, "municipality_code", "municipality"
        )
        school = refs.need(schools, r["school_code"], line, "school_code", "school")
        codes = [c for c in (r["directions"] or "").split(";") if c]
        for code in codes:
            refs.need(directions, code, line, "directions", "direction")
        if municipality is None or (r["school_code"] and school is None):
            continue
        wanted[r["expert_code"]] = set(codes)
        rows.append(
            {
                "expert_code": r["expert_code"],
                "full_name": r["full_name"],
                "municipality_id": municipality,
                "school_id": school,
                "position": r["position"],
                "qualification_score": r["qualification_score"],
                "qualification_date": r["qualification_date"],
                "status": r["status"],
                "included_on": r["included_on"],
            }
        )
    refs.checked()
    new, changed, _unchanged = upsert(conn, Expert.__table__, ("expert_code",), rows)
    ids = (
        dict(
            conn.execute(
                select(Expert.expert_code, Expert.id).where(Expert.expert_code.in_(list(wanted)))
            ).all()
        )
        if wanted
        else {}
    )
    current: dict[int, set] = {}
    for start in range(0, len(ids), IN_CHUNK):
        chunk = list(ids.values())[start : start + IN_CHUNK]
        for expert_id, code in conn.execute(
            select(ExpertDirection.expert_id, ExpertDirection.direction_code).where(
                ExpertDirection.expert_id.in_(chunk)
            )
        ):
            current.setdefault(expert_id, set()).add(code)
    touched = {key[0] for key in (*new, *changed)}
    for expert_code, codes in wanted.items():
        expert_id = ids[expert_code]
        if current.get(expert_id, set()) == codes:
            continue
        touched.add(expert_code)
        conn.execute(
            ExpertDirection.__table__.delete().where(ExpertDirection.expert_id == expert_id)
        )
        if codes:
            conn.execute(
                insert(ExpertDirection),
                [{"expert_id": expert_id, "direction_code": c} for c in sorted(codes)],
            )
    updated = len(touched) - len(new)
    return len(new), updated, len(rows) - len(new) - updated


def _keyed(conn: Connection, stmt) -> dict[tuple, tuple]:
    """(expert_id, title, date) -> (row id, the column the file may change) of each row."""
    return {(e, t, d): (i, v) for e, t, d, i, v in conn.execute(stmt)}


def _activities(conn: Connection, parsed: Parsed, refs: Refs) -> Counts:
    """Engagements, trainings, materials and publications: a row exists or is added. On an
    existing row the file changes only what it names: an engagement's procedure, a training's
    direction, a material's topic, a publication's level (an empty cell keeps the stored one).
    The natural key is (expert, activity, title, date)."""
    experts = {
        code: (expert_id, municipality_id)
        for code, expert_id, municipality_id in conn.execute(
            select(Expert.expert_code, Expert.id, Expert.municipality_id)
        )
    }
    directions = refs.directions()
    wanted = []
    for line, r in records(parsed):
        expert = refs.need(experts, r["expert_code"], line, "expert_code", "expert")
        procedure = refs.need(
            refs.procedures(), r["procedure_code"], line, "procedure_code", "procedure"
        )
        written = (r.get("direction_code") or "").strip().upper()  # «r03» is R03
        direction = (written or None) if r["activity"] == "training" else None
        known = refs.need(directions, direction, line, "direction_code", "direction")
        if (
            expert is not None
            and (r["procedure_code"] is None or procedure is not None)
            and (direction is None or known is not None)
        ):
            wanted.append((r, expert, procedure[0] if procedure else None))
    refs.checked()
    ids = sorted({expert[0] for _r, expert, _p in wanted}) or [0]
    engaged = {
        (e, t, d): (i, p)
        for i, e, t, d, p in conn.execute(
            select(
                ExpertEngagement.id,
                ExpertEngagement.expert_id,
                ExpertEngagement.role,
                ExpertEngagement.engaged_on,
                ExpertEngagement.procedure_id,
            ).where(ExpertEngagement.expert_id.in_(ids))
        )
    }
    trained = _keyed(
        conn,
        select(
            ExpertTraining.expert_id,
            ExpertTraining.title,
            ExpertTraining.completed_on,
            ExpertTraining.id,
            ExpertTraining.direction_code,
        ).where(ExpertTraining.expert_id.in_(ids)),
    )
    published = _keyed(
        conn,
        select(
            Publication.expert_id,
            Publication.title,
            Publication.published_on,
            Publication.id,
            Publication.level,
        ).where(Publication.expert_id.in_(ids)),
    )
    authored = _keyed(
        conn,
        select(
            MaterialAuthor.expert_id,
            Material.title,
            Material.created_on,
            Material.id,
            Material.topic,
        )
        .join(Material, Material.id == MaterialAuthor.material_id)
        .where(MaterialAuthor.expert_id.in_(ids)),
    )
    # activity -> (stored rows, table, the column the file may change, the file's column)
    detail = {
        "training": (trained, ExpertTraining.__table__, "direction_code", "direction_code"),
        "publication": (published, Publication.__table__, "level", "level"),
        "material": (authored, Material.__table__, "topic", "topic"),
    }
    inserted = updated = 0
    for r, (expert_id, municipality_id), procedure_id in wanted:
        key = (expert_id, r["title"], r["date"])
        activity = r["activity"]
        if activity == "engagement":
            if key in engaged:
                row_id, before = engaged[key]
                if before != procedure_id:
                    conn.execute(
                        ExpertEngagement.__table__.update()
                        .where(ExpertEngagement.id == row_id)
                        .values(procedure_id=procedure_id)
                    )
                    updated += 1
                continue
            conn.execute(
                insert(ExpertEngagement).values(
                    expert_id=expert_id,
                    procedure_id=procedure_id,
                    role=r["title"],
                    engaged_on=r["date"],
                )
            )
            engaged[key] = (None, procedure_id)
            inserted += 1
            continue
        stored, table, column, source = detail[activity]
        value = r.get(source)
        if source == "direction_code" and value is not None:
            value = value.strip().upper()
        if key in stored:
            row_id, before = stored[key]
            if value is not None and value != before:
                conn.execute(table.update().where(table.c.id == row_id).values({column: value}))
                stored[key] = (row_id, value)
                updated += 1
            continue
        if activity == "training":
            row_id = conn.execute(
                insert(ExpertTraining).values(
                    expert_id=expert_id,
                    title=r["title"],
                    completed_on=r["date"],
                    direction_code=value,
                )
            ).inserted_primary_key[0]
        elif activity == "publication":
            row_id = conn.execute(
                insert(Publication).values(
                    expert_id=expert_id,
                    municipality_id=municipality_id,
                    title=r["title"],
                    published_on=r["date"],
                    level=value,
                )
            ).inserted_primary_key[0]
        else:
            natural_key = f"{r['expert_code']}|{r['title']}|{r['date']}"
            digest = hashlib.sha256(natural_key.encode()).hexdigest()
            row_id = conn.execute(
                insert(Material).values(
                    code=f"IMP-{digest[:12]}",
                    title=r["title"],
                    municipality_id=municipality_id,
                    created_on=r["date"],
                    discussed_on_platform=False,
                    topic=value,
                )
            ).inserted_primary_key[0]
            conn.execute(insert(MaterialAuthor).values(material_id=row_id, expert_id=expert_id))
        stored[key] = (row_id, value)
        inserted += 1
    return inserted, updated, len(wanted) - inserted - updated


def default_year(roadmap_year: int | None, r: dict) -> int:
    """The year lent to a year-less period text: the roadmap's first year, else the row's
    dates, else a year in the roadmap's title («… на 2025 год»), else the current year."""
    dates = [d.year for d in (r["starts_on"], r["due_on"]) if d]
    titled = [int(y) for y in re.findall(r"(?<!\d)(20\d\d)(?!\d)", r["roadmap_title"] or "")]
    return roadmap_year or (dates or titled or [dt.date.today().year])[0]


def item_dates(r: dict, default_year: int) -> tuple[dt.date | None, dt.date | None]:
    """starts_on / due_on of a row: the dates given, else the range of its period text (years
    written in the text win over the default). A recurring text («ежегодно, до 15 августа»)
    gives its first occurrence (in the roadmap's first year); the pages read every occurrence
    from the text (data_access.roadmaps.roadmap_items)."""
    starts_on, due_on = r["starts_on"], r["due_on"]
    if r["period_text"] and (starts_on is None or due_on is None):
        # the default applies only to a period text without a year
        period = parse_period(r["period_text"], default_year=default_year)
        starts_on, due_on = starts_on or period.starts_on, due_on or period.due_on
    return starts_on, due_on


def _roadmap_items(conn: Connection, parsed: Parsed, refs: Refs) -> Counts:
    """Upsert items; a new or changed status is written to the item's history as the importer's."""
    roadmaps = {
        code: [rid, year]
        for code, rid, year in conn.execute(
            select(Roadmap.code, Roadmap.id, Roadmap.year_start)
        ).all()
    }
    rows, lines = [], {}
    for line, r in records(parsed):
        code = r["roadmap_code"]
        known = roadmaps.get(code)
        default = default_year(known[1] if known else None, r)
        try:
            starts_on, due_on = item_dates(r, default)
        except PeriodParseError:
            message = strings.INGEST_PERIOD_NOT_PARSED.format(text=r["period_text"], year=default)
            parsed.error(line, "period_text", message)
            continue
        if starts_on and due_on and starts_on > due_on:
            parsed.error(line, "due_on", strings.INGEST_DUE_BEFORE_START)
            continue
        if known is None:
            years = [d.year for d in (starts_on, due_on) if d] or [default]
            rid = conn.execute(
                insert(Roadmap).values(
                    code=code,
                    title=r["roadmap_title"],
                    kind="roadmap",
                    year_start=min(years),
                    year_end=max(years),
                    source="import",
                )
            ).inserted_primary_key[0]
            known = roadmaps[code] = [rid, min(years)]
        rows.append(
            {
                "roadmap_id": known[0],
                "number": r["number"],
                "section": r["section"],
                "title": r["title"],
                "participants": r["participants"],
                "executors": r["executors"],
                "period_text": r["period_text"],
                "starts_on": starts_on,
                "due_on": due_on,
                "expected_result": r["expected_result"],
                "status": r["status"] or "planned",
                "progress": r["progress"] or 0,
                "completed_on": r["completed_on"],
            }
        )
        lines[(known[0], r["number"])] = line
    stop_on_errors(parsed)
    item = RoadmapItem.__table__
    ids = sorted({row["roadmap_id"] for row in rows})  # only the roadmaps this file touches
    before = {
        (rid, number): (iid, status)
        for iid, rid, number, status in conn.execute(
            select(item.c.id, item.c.roadmap_id, item.c.number, item.c.status).where(
                item.c.roadmap_id.in_(ids)
            )
        )
    }
    written = counts(upsert(conn, item, ("roadmap_id", "number"), rows))
    after = {
        (rid, number): iid
        for iid, rid, number in conn.execute(
            select(item.c.id, item.c.roadmap_id, item.c.number).where(item.c.roadmap_id.in_(ids))
        )
    }
    now = dt.datetime.now(dt.UTC)
    changes = [
        {
            "item_id": after[key],
            "changed_at": now,
            "changed_by": refs.login[:80],
            "from_status": before[key][1] if key in before else None,
            "to_status": row["status"],
            "comment": strings.INGEST_STATUS_COMMENT.format(
                file=parsed.file_name[:200], line=lines[key]
            ),
        }
        for row in rows
        for key in [(row["roadmap_id"], row["number"])]
        if key not in before or before[key][1] != row["status"]
    ]
    if changes:
        conn.execute(insert(RoadmapStatusChange), changes)
        # An imported status is the whole item's: every occurrence takes it, so what was
        # recorded for single occurrences is dropped (as analytics.status_as_of replays it).
        moved = sorted({c["item_id"] for c in changes if c["from_status"] is not None})
        for start in range(0, len(moved), IN_CHUNK):
            conn.execute(
                delete(RoadmapItemOccurrence).where(
                    RoadmapItemOccurrence.item_id.in_(moved[start : start + IN_CHUNK])
                )
            )
    return written


#: Columns of a programme whose empty cell keeps the stored value (an older file without
#: them does not erase what the catalogue's editor set).
PROGRAMME_KEPT = ("format", "starts_on", "ends_on")


def _pd_programmes(conn: Connection, parsed: Parsed, refs: Refs) -> Counts:
    """The programme base; a new or changed programme records the importer as its last
    editor (pd_programme.updated_by, updated_at), as an edit on /training does."""
    table = PdProgramme.__table__
    rows = {}
    for line, r in records(parsed):
        if r["starts_on"] and r["ends_on"] and r["ends_on"] < r["starts_on"]:
            parsed.error(line, "ends_on", strings.INGEST_ENDS_BEFORE_START)
        rows[r["programme_code"]] = dict(r)
    stop_on_errors(parsed)
    codes = sorted(rows)
    for start in range(0, len(codes), IN_CHUNK):
        stmt = select(table.c.programme_code, *(table.c[c] for c in PROGRAMME_KEPT)).where(
            table.c.programme_code.in_(codes[start : start + IN_CHUNK])
        )
        for code, *stored in conn.execute(stmt):
            for column, value in zip(PROGRAMME_KEPT, stored, strict=True):
                if rows[code][column] is None:
                    rows[code][column] = value
    new, changed, unchanged = upsert(conn, table, ("programme_code",), list(rows.values()))
    touched = [code for (code,) in (*new, *changed)]
    for start in range(0, len(touched), IN_CHUNK):
        conn.execute(
            update(table)
            .where(table.c.programme_code.in_(touched[start : start + IN_CHUNK]))
            .values(updated_by=refs.login[:80], updated_at=dt.datetime.now(dt.UTC))
        )
    return len(new), len(changed), unchanged


def _subject_teachers(conn: Connection, parsed: Parsed, refs: Refs) -> Counts:
    """Teachers per subject, school and year (the plan-order's teachers concerned)."""
    schools = refs.schools()
    rows = []
    for line, r in records(parsed):
        school = refs.need(schools, r["school_code"], line, "school_code", "school")
        if school is not None:
            rows.append(
                {
                    "school_id": school,
                    "year": r["year"],
                    "subject": r["subject"],
                    "teachers": r["teachers"],
                }
            )
    refs.checked()
    key = ("school_id", "year", "subject")
    return counts(upsert(conn, SubjectTeachers.__table__, key, rows))


def _pd_completions(conn: Connection, parsed: Parsed, refs: Refs) -> Counts:
    """Teachers of a school who completed a programme of the base in a year."""
    schools, programmes = refs.schools(), refs.programmes()
    rows = []
    for line, r in records(parsed):
        school = refs.need(schools, r["school_code"], line, "school_code", "school")
        programme = refs.need(programmes, r["programme_code"], line, "programme_code", "programme")
        if school is not None and programme is not None:
            rows.append(
                {
                    "school_id": school,
                    "programme_id": programme,
                    "year": r["year"],
                    "teachers": r["teachers"],
                }
            )
    refs.checked()
    key = ("school_id", "programme_id", "year")
    return counts(upsert(conn, PdCompletion.__table__, key, rows))


def _norm_region(parsed: Parsed, refs: Refs, line: int, code: str | None) -> int | None:
    """The region a norm row is for: the importer's own (a region's user may name no other),
    else the row's `region_code`, else the database's only region; None after an error."""
    regions = refs.regions()
    if refs.region_id is not None:
        if code is not None and regions.get(code) != refs.region_id:
            parsed.error(line, "region_code", strings.INGEST_NORM_FOREIGN_REGION.format(code=code))
            return None
        return refs.region_id
    if code is not None:
        return refs.need(regions, code, line, "region_code", "region")
    if len(regions) != 1:
        parsed.error(line, "region_code", strings.INGEST_NORM_REGION_NEEDED)
        return None
    return next(iter(regions.values()))


def _indicator_norms(conn: Connection, parsed: Parsed, refs: Refs) -> Counts:
    """A region's norms for conditions indicators. A new or changed norm (value or source) is
    stamped with the importer's login and the time: who set the norm, and when."""
    groups = refs.indicator_groups()
    wanted: dict[tuple[int, str], dict] = {}
    for line, r in records(parsed):
        code = r["indicator"]
        group = refs.need(groups, code, line, "indicator", "indicator")
        if group is not None and group != "conditions":
            parsed.error(line, "indicator", strings.INGEST_NORM_NOT_CONDITIONS.format(code=code))
        region = _norm_region(parsed, refs, line, r["region_code"])
        if group == "conditions" and region is not None:
            wanted[region, code] = {"norm": r["norm"], "source": r["source"]}
    refs.checked()
    regions = sorted({region for region, _code in wanted})
    stored = {
        (row.region_id, row.indicator_code): {"norm": row.norm, "source": row.source}
        for row in conn.execute(
            select(
                RegionNorm.region_id, RegionNorm.indicator_code, RegionNorm.norm, RegionNorm.source
            ).where(RegionNorm.region_id.in_(regions))
        )
    }
    stamp = {"set_by": refs.login[:80], "set_at": dt.datetime.now(dt.UTC)}
    inserted = updated = 0
    for (region, code), values in wanted.items():
        before = stored.get((region, code))
        if before is None:
            conn.execute(
                insert(RegionNorm).values(region_id=region, indicator_code=code, **values, **stamp)
            )
            inserted += 1
        elif before != values:
            conn.execute(
                update(RegionNorm)
                .where(RegionNorm.region_id == region, RegionNorm.indicator_code == code)
                .values(**values, **stamp)
            )
            updated += 1
    return inserted, updated, len(wanted) - inserted - updated


WRITERS: dict[str, Callable[[Connection, Parsed, Refs], Counts]] = {
    "schools": _schools,
    "context": _context,
    "procedures": _procedures,
    "results": _results,
    "pupil-results": _pupil_results,
    "skill-results": _skill_results,
    "experts": _experts,
    "expert-activities": _activities,
    "roadmap-items": _roadmap_items,
    "pd-programmes": _pd_programmes,
    "subject-teachers": _subject_teachers,
    "pd-completions": _pd_completions,
    "indicator-norms": _indicator_norms,
}
SUPPORTED_KINDS = tuple(WRITERS)
