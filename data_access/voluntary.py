"""Reading /voluntary: the catalogue of voluntary diagnostic works, who joined, the results
returned to each participating school, and the schools' feedback.

Who sees what (docs/security.md):
- the catalogue and the counts of schools that joined: every signed-in role;
- registrations one by one: the school its own, a municipality its schools, region and admin
  the region's; viewers none;
- results: a participating school its own in full, against the other participants; everyone
  else only the participants' aggregate, hidden below rules.VOLUNTARY_MIN_SCHOOLS schools or
  rules.min_cell() pupils. No other page reads a voluntary procedure (visibility);
- feedback: the school its own answer; the organiser's summary to region and admin, and to a
  municipality from rules.VOLUNTARY_FEEDBACK_MIN answers on.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import ColumnElement, Select, func, select

from dashboard import rules
from dashboard.analytics import voluntary as analysis
from dashboard.models import (
    Municipality,
    PdProgramme,
    Procedure,
    ProcedureTask,
    School,
    SchoolResult,
    SkillResult,
    VoluntaryFeedback,
    VoluntaryRegistration,
    VoluntaryRegistrationEvent,
    VoluntaryWork,
)
from dashboard.models.voluntary import DIFFICULTIES, JOIN_AGAIN, VOLUNTARY_KIND
from data_access import audit, cache, database
from data_access.scope import OutOfScope, Scope, row_id
from data_access.training import skill_code_list
from data_access.visibility import region_filter, schools_in_region

READ_ROLES = frozenset({"admin", "region", "municipality", "school", "viewer"})
EDIT_ROLES = frozenset({"admin", "region"})
SUMMARY_ROLES = frozenset({"admin", "region", "municipality"})
WORK_COLUMNS = (
    "id",
    "work_code",
    "title",
    "subject",
    "grade",
    "skill_codes",
    "form",
    "held_on",
    "registration_deadline",
    "organiser",
    "objectivity_measures",
    "updated_by",
    "updated_at",
)
REGISTRATION_COLUMNS = (
    "id",
    "school_code",
    "school",
    "municipality",
    "classes",
    "pupils",
    "status",
    "registered_by",
    "registered_at",
)
HISTORY_COLUMNS = ("at", "by", "role", "from_status", "to_status", "comment")
COUNT_COLUMNS = ("municipality", "schools", "pupils")
PROGRAMME_COLUMNS = ("programme_code", "title", "provider", "hours", "skill_codes", "covers")


class VoluntaryRefused(ValueError):
    """A step that breaks a rule (a deadline, a duplicate, bad input); ``key`` names the
    reason (dashboard.strings.VOLUNTARY_REFUSALS)."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def today() -> dt.date:
    """The date the deadlines are checked against (the server's; tests move it)."""
    return dt.date.today()


def _require_reader(scope: Scope) -> None:
    if scope.role not in READ_ROLES:
        raise OutOfScope("voluntary", scope.login)


def may_edit_catalogue(scope: Scope) -> bool:
    return scope.role in EDIT_ROLES


# ------------------------------------------------------------------ the catalogue


def _registered_in_region(scope: Scope) -> ColumnElement[bool]:
    return (
        VoluntaryRegistration.status == "registered"
    ) & VoluntaryRegistration.municipality_id.in_(
        select(Municipality.id).where(region_filter(scope))
    )


def _result_counts(scope: Scope, *where) -> dict[str, int]:
    """Schools with results per work code, in the caller's region."""
    stmt = (
        select(Procedure.code, func.count(SchoolResult.school_id))
        .join(SchoolResult, SchoolResult.procedure_id == Procedure.id)
        .join(School, School.id == SchoolResult.school_id)
        .where(Procedure.kind == VOLUNTARY_KIND, schools_in_region(scope), *where)
        .group_by(Procedure.code)
    )
    with database.read() as conn:
        return {str(code): int(n) for code, n in conn.execute(stmt)}


def works(scope: Scope) -> pd.DataFrame:
    """The catalogue (WORK_COLUMNS), newest first, with ``registered_schools`` (schools of
    the caller's region registered now), ``result_schools`` (schools with results),
    ``registration_open`` and, for a director, ``own_status`` (None when not registered)."""
    return _catalogue(scope)


def _catalogue(scope: Scope, work_code: str | None = None) -> pd.DataFrame:
    """works(), or only its row of ``work_code`` (every query then reads that work only)."""
    _require_reader(scope)
    chosen = [] if work_code is None else [VoluntaryWork.work_code == work_code]
    of_chosen = (
        []
        if work_code is None
        else [VoluntaryRegistration.work_id.in_(select(VoluntaryWork.id).where(*chosen))]
    )
    stmt = (
        select(*(getattr(VoluntaryWork, c) for c in WORK_COLUMNS))
        .where(*chosen)
        .order_by(VoluntaryWork.held_on.desc(), VoluntaryWork.work_code)
    )
    counts = (
        select(VoluntaryRegistration.work_id, func.count())
        .where(_registered_in_region(scope), *of_chosen)
        .group_by(VoluntaryRegistration.work_id)
    )
    own: dict[int, str] = {}
    with database.read() as conn:
        frame = database.frame(conn, stmt, list(WORK_COLUMNS))
        registered = {int(w): int(n) for w, n in conn.execute(counts)}
        if scope.role == "school" and scope.school_id is not None:
            own = {
                int(w): str(s)
                for w, s in conn.execute(
                    select(VoluntaryRegistration.work_id, VoluntaryRegistration.status).where(
                        VoluntaryRegistration.school_id == scope.school_id, *of_chosen
                    )
                )
            }
    results = _result_counts(scope, *([] if work_code is None else [Procedure.code == work_code]))
    frame["id"] = frame["id"].astype("int64")
    frame["grade"] = frame["grade"].astype("int64")
    frame["registered_schools"] = [registered.get(int(i), 0) for i in frame["id"]]
    frame["result_schools"] = [results.get(str(c), 0) for c in frame["work_code"]]
    day = today()
    frame["registration_open"] = [_date(d) >= day for d in frame["registration_deadline"]]
    frame["own_status"] = [own.get(int(i)) for i in frame["id"]]
    return frame


def _date(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def work(scope: Scope, work_code: object) -> dict:
    """One work of the catalogue by its code (OutOfScope when unknown), with what the caller
    may do now: ``may_edit``, ``may_register``, ``may_withdraw``, ``may_answer`` and, for a
    director, ``registration`` (their school's, or None) and ``has_results``."""
    if not isinstance(work_code, str) or not 0 < len(work_code) <= 60:
        raise OutOfScope("voluntary_work", work_code)
    row = _catalogue(scope, work_code)
    if row.empty:
        raise OutOfScope("voluntary_work", work_code)
    out = row.iloc[0].to_dict()
    day = today()
    registration = _own_registration(scope, int(out["id"]))
    registered = registration is not None and registration["status"] == "registered"
    has_results = _own_results(scope, str(out["work_code"])) is not None
    out.update(
        {
            "skills": skill_code_list(out["skill_codes"]),
            "may_edit": may_edit_catalogue(scope),
            "registration": registration,
            "has_results": has_results,
            "may_register": scope.role == "school"
            and scope.school_id is not None
            and not registered
            and day <= _date(out["registration_deadline"]),
            "may_withdraw": registered and day < _date(out["held_on"]),
            "may_answer": registered and has_results,
        }
    )
    return out


def _own_registration(scope: Scope, work_id: int) -> dict | None:
    if scope.role != "school" or scope.school_id is None:
        return None
    stmt = select(
        VoluntaryRegistration.id,
        VoluntaryRegistration.classes,
        VoluntaryRegistration.pupils,
        VoluntaryRegistration.status,
        VoluntaryRegistration.registered_at,
    ).where(
        VoluntaryRegistration.work_id == work_id,
        VoluntaryRegistration.school_id == scope.school_id,
    )
    with database.read() as conn:
        row = conn.execute(stmt).mappings().first()
    return dict(row) if row is not None else None


# ------------------------------------------------------------------ who joined


def visible_registrations(scope: Scope) -> ColumnElement[bool]:
    """Registrations the caller may see one by one; OutOfScope for viewers."""
    if scope.role in {"admin", "region"}:
        return VoluntaryRegistration.municipality_id.in_(
            select(Municipality.id).where(region_filter(scope))
        )
    if scope.role == "municipality" and scope.municipality_id is not None:
        return VoluntaryRegistration.municipality_id == scope.municipality_id
    if scope.role == "school" and scope.school_id is not None:
        return VoluntaryRegistration.school_id == scope.school_id
    raise OutOfScope("voluntary_registrations", scope.login)


def _registrations_select() -> Select:
    joined = {
        "school_code": School.school_code,
        "school": School.name,
        "municipality": Municipality.name,
    }
    return (
        select(
            *(
                joined[c].label(c) if c in joined else getattr(VoluntaryRegistration, c)
                for c in REGISTRATION_COLUMNS
            )
        )
        .join(School, School.id == VoluntaryRegistration.school_id)
        .join(Municipality, Municipality.id == VoluntaryRegistration.municipality_id)
    )


def registrations(scope: Scope, work_code: object) -> pd.DataFrame:
    """The registrations of a work the caller may see (REGISTRATION_COLUMNS), by
    municipality and school; withdrawn ones too (their status says so)."""
    found = work(scope, work_code)
    stmt = (
        _registrations_select()
        .where(VoluntaryRegistration.work_id == found["id"], visible_registrations(scope))
        .order_by(Municipality.name, School.name)
    )
    with database.read() as conn:
        frame = database.frame(conn, stmt, list(REGISTRATION_COLUMNS))
    for column in ("id", "pupils"):
        frame[column] = frame[column].astype("int64")
    frame["registered_at"] = pd.to_datetime(frame["registered_at"], utc=True)
    return frame


def registration_counts(scope: Scope, work_code: object) -> pd.DataFrame:
    """Schools and pupils registered now per municipality of the caller's region
    (COUNT_COLUMNS): numbers of who joined, for every role."""
    found = work(scope, work_code)
    stmt = (
        select(
            Municipality.name,
            func.count(VoluntaryRegistration.id),
            func.sum(VoluntaryRegistration.pupils),
        )
        .join(Municipality, Municipality.id == VoluntaryRegistration.municipality_id)
        .where(VoluntaryRegistration.work_id == found["id"], _registered_in_region(scope))
        .group_by(Municipality.name)
        .order_by(Municipality.name)
    )
    with database.read() as conn:
        frame = database.frame(conn, stmt, None)
    frame.columns = list(COUNT_COLUMNS)
    for column in ("schools", "pupils"):
        frame[column] = frame[column].astype("int64")
    return frame


def registration_history(scope: Scope, work_code: object, registration_id: object) -> pd.DataFrame:
    """Every step of one registration the caller may see (HISTORY_COLUMNS), oldest first."""
    found = work(scope, work_code)
    rid = row_id(registration_id, "voluntary_registration")
    with database.read() as conn:
        visible = conn.execute(
            select(VoluntaryRegistration.id).where(
                VoluntaryRegistration.id == rid,
                VoluntaryRegistration.work_id == found["id"],
                visible_registrations(scope),
            )
        ).scalar_one_or_none()
    if visible is None:
        raise OutOfScope("voluntary_registration", registration_id)
    stmt = (
        select(*(getattr(VoluntaryRegistrationEvent, c) for c in HISTORY_COLUMNS))
        .where(VoluntaryRegistrationEvent.registration_id == rid)
        .order_by(VoluntaryRegistrationEvent.at, VoluntaryRegistrationEvent.id)
    )
    return audit.history_frame(stmt, HISTORY_COLUMNS)


# ------------------------------------------------------------------ results


def _procedure(work_code: str) -> dict | None:
    stmt = select(Procedure.id, Procedure.code, Procedure.max_score).where(
        Procedure.code == work_code, Procedure.kind == VOLUNTARY_KIND
    )
    with database.read() as conn:
        row = conn.execute(stmt).mappings().first()
    return dict(row) if row is not None else None


def _tasks(procedure_id: int) -> pd.DataFrame:
    stmt = (
        select(
            ProcedureTask.task_number,
            ProcedureTask.skill_code,
            ProcedureTask.skill_name,
            ProcedureTask.max_points,
        )
        .where(ProcedureTask.procedure_id == procedure_id)
        .order_by(ProcedureTask.task_number)
    )
    with database.read() as conn:
        return database.frame(conn, stmt, ["task_number", "skill_code", "skill_name", "max_points"])


def _participants(scope: Scope, procedure_id: int) -> pd.DataFrame:
    """school_id, participants, mean_percent of every participating school of the region."""
    stmt = (
        select(SchoolResult.school_id, SchoolResult.participants, SchoolResult.mean_percent)
        .join(School, School.id == SchoolResult.school_id)
        .where(SchoolResult.procedure_id == procedure_id, schools_in_region(scope))
        .order_by(SchoolResult.school_id)
    )
    with database.read() as conn:
        frame = database.frame(conn, stmt, ["school_id", "participants", "mean_percent"])
    frame["participants"] = frame["participants"].fillna(0).astype("int64")
    return frame


def _skills(scope: Scope, procedure_id: int) -> pd.DataFrame:
    stmt = (
        select(SkillResult.school_id, SkillResult.task_number, SkillResult.mean_percent)
        .join(School, School.id == SkillResult.school_id)
        .where(SkillResult.procedure_id == procedure_id, schools_in_region(scope))
    )
    with database.read() as conn:
        return database.frame(conn, stmt, ["school_id", "task_number", "mean_percent"])


def _shown(schools: int, pupils: int) -> bool:
    """An aggregate over participants is shown from this many schools and pupils on."""
    return schools >= rules.VOLUNTARY_MIN_SCHOOLS and pupils >= rules.min_cell()


def _aggregate(results: pd.DataFrame) -> dict:
    pupils = int(results["participants"].sum())
    shown = _shown(len(results), pupils)
    return {
        "schools": int(len(results)),
        "participants": pupils,
        "mean_percent": analysis.weighted_mean(results["mean_percent"], results["participants"])
        if shown
        else None,
        "suppressed": not shown,
    }


def participants_summary(scope: Scope, work_code: object) -> dict:
    """The aggregate over every participating school of the caller's region, for every
    role: schools, pupils, mean percent and the percent per skill (``skills``: skill_code,
    skill_name, tasks, percent), all None/empty when hidden (``suppressed``); ``has_results``
    False before the results are imported."""
    found = work(scope, work_code)

    def compute() -> dict:
        procedure = _procedure(str(found["work_code"]))
        empty = pd.DataFrame(columns=["skill_code", "skill_name", "tasks", "percent"])
        if procedure is None:
            return {"has_results": False, **_aggregate(_no_results()), "skills": empty}
        results = _participants(scope, int(procedure["id"]))
        summary = _aggregate(results)
        if scope.role == "school" and scope.school_id in set(results["school_id"]):
            # a participant knows its own numbers: the aggregate is shown to it only when the
            # other participants' would be, or subtracting its own would reveal theirs
            others = results[results["school_id"] != scope.school_id]
            if _aggregate(others)["suppressed"]:
                summary = {**summary, "mean_percent": None, "suppressed": True}
        skills = empty
        if not summary["suppressed"]:
            per_task = analysis.task_percents(_skills(scope, int(procedure["id"])), results)
            skills = analysis.skill_percents(_tasks(int(procedure["id"])), per_task)
        return {"has_results": not results.empty, **summary, "skills": skills}

    return cache.cached(scope, "voluntary_summary", _cache_args(found), compute)


def _no_results() -> pd.DataFrame:
    return pd.DataFrame({"school_id": [], "participants": [], "mean_percent": []})


def _own_results(scope: Scope, work_code: str) -> dict | None:
    """The director's school's row of the work's results, or None (not a participant)."""
    if scope.role != "school" or scope.school_id is None:
        return None
    stmt = (
        select(SchoolResult.participants, SchoolResult.mean_percent)
        .join(Procedure, Procedure.id == SchoolResult.procedure_id)
        .where(
            Procedure.code == work_code,
            Procedure.kind == VOLUNTARY_KIND,
            SchoolResult.school_id == scope.school_id,
        )
    )
    with database.read() as conn:
        row = conn.execute(stmt).mappings().first()
    return dict(row) if row is not None else None


def school_report(scope: Scope, work_code: object) -> dict:
    """A participating school's results against the other participants of its region.

    Only the school's own director reads it (OutOfScope for every other role: they see
    participants_summary); a school without results gets VoluntaryRefused("no_results").
    ``school``: participants, mean_percent; ``others``: schools, participants, mean_percent,
    suppressed (hidden below rules.VOLUNTARY_MIN_SCHOOLS schools or min_cell pupils, which
    also keeps the all-participants aggregate from revealing one other school);
    ``skills``: analytics.voluntary.SKILL_COLUMNS; ``weak``: the weak skill codes;
    ``programmes``: PD programmes covering a weak skill (PROGRAMME_COLUMNS)."""
    if scope.role != "school" or scope.school_id is None:
        raise OutOfScope("voluntary_report", work_code)
    found = work(scope, work_code)

    def compute() -> dict:
        procedure = _procedure(str(found["work_code"]))
        if procedure is None:
            raise VoluntaryRefused("no_results")
        results = _participants(scope, int(procedure["id"]))
        own = results[results["school_id"] == scope.school_id]
        if own.empty:
            raise VoluntaryRefused("no_results")
        others = results[results["school_id"] != scope.school_id]
        summary = _aggregate(others)
        skills = _skills(scope, int(procedure["id"]))
        shown_others = others if not summary["suppressed"] else others.iloc[0:0]
        compared = analysis.compare(
            _tasks(int(procedure["id"])),
            skills[skills["school_id"] == scope.school_id],
            skills[skills["school_id"].isin(shown_others["school_id"])],
            int(own["participants"].iloc[0]),
            shown_others,
        )
        weak = [str(c) for c in compared.loc[compared["weak"], "skill_code"]]
        return {
            "school": {
                "participants": int(own["participants"].iloc[0]),
                "mean_percent": _float(own["mean_percent"].iloc[0]),
            },
            "others": summary,
            "skills": compared,
            "weak": weak,
            "programmes": _programmes_for(str(found["subject"]), weak),
        }

    return cache.cached(scope, "voluntary_report", _cache_args(found), compute)


def _cache_args(found: dict) -> list:
    """The work and the thresholds in force: a changed threshold misses."""
    return [str(found["work_code"]), rules.VOLUNTARY_MIN_SCHOOLS, rules.min_cell()]


def _float(value: object) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def _programmes_for(subject: str, weak: list[str]) -> pd.DataFrame:
    """PD programmes of the subject that cover at least one weak skill (``covers``: which)."""
    if not weak:
        return pd.DataFrame(columns=list(PROGRAMME_COLUMNS))
    stmt = (
        select(
            PdProgramme.programme_code,
            PdProgramme.title,
            PdProgramme.provider,
            PdProgramme.hours,
            PdProgramme.skill_codes,
        )
        .where(PdProgramme.subject == subject)
        .order_by(PdProgramme.title, PdProgramme.programme_code)
    )
    with database.read() as conn:
        frame = database.frame(conn, stmt, list(PROGRAMME_COLUMNS[:-1]))
    frame["covers"] = [
        ", ".join(c for c in weak if c in skill_code_list(codes)) for codes in frame["skill_codes"]
    ]
    return frame[frame["covers"] != ""].reset_index(drop=True)[list(PROGRAMME_COLUMNS)]


# ------------------------------------------------------------------ feedback


def own_feedback(scope: Scope, work_code: object) -> dict | None:
    """The director's school's answer for the work, or None."""
    found = work(scope, work_code)
    if scope.role != "school" or scope.school_id is None:
        return None
    stmt = select(
        VoluntaryFeedback.usefulness,
        VoluntaryFeedback.difficulty,
        VoluntaryFeedback.join_again,
        VoluntaryFeedback.comment,
        VoluntaryFeedback.answered_at,
    ).where(
        VoluntaryFeedback.work_id == found["id"],
        VoluntaryFeedback.school_id == scope.school_id,
    )
    with database.read() as conn:
        row = conn.execute(stmt).mappings().first()
    return dict(row) if row is not None else None


def feedback_summary(scope: Scope, work_code: object) -> dict:
    """The schools' answers on a work (the «справка об отношении коллективов ОО»): how many
    answered of the participants, usefulness (mean and counts 1–5), difficulty and
    would-join-again counts, and the comments without the schools' names.

    Region and admin (the organiser) always; a municipality when at least
    rules.VOLUNTARY_FEEDBACK_MIN schools answered (``suppressed`` otherwise); others
    OutOfScope. Answers of the caller's region only."""
    if scope.role not in SUMMARY_ROLES:
        raise OutOfScope("voluntary_feedback", work_code)
    found = work(scope, work_code)
    stmt = (
        select(
            VoluntaryFeedback.usefulness,
            VoluntaryFeedback.difficulty,
            VoluntaryFeedback.join_again,
            VoluntaryFeedback.comment,
        )
        .join(School, School.id == VoluntaryFeedback.school_id)
        .where(VoluntaryFeedback.work_id == found["id"], schools_in_region(scope))
        .order_by(VoluntaryFeedback.answered_at, VoluntaryFeedback.id)
    )
    with database.read() as conn:
        frame = database.frame(conn, stmt, ["usefulness", "difficulty", "join_again", "comment"])
    answers = len(frame)
    suppressed = scope.role == "municipality" and answers < rules.VOLUNTARY_FEEDBACK_MIN
    out = {
        "answers": answers,
        "participants": int(found["result_schools"]),
        "suppressed": suppressed,
        "usefulness_mean": None,
        "usefulness": {k: 0 for k in range(1, 6)},
        "difficulty": {k: 0 for k in DIFFICULTIES},
        "join_again": {k: 0 for k in JOIN_AGAIN},
        "comments": [],
    }
    if suppressed or not answers:
        return out
    out["usefulness_mean"] = float(frame["usefulness"].astype(float).mean())
    for column, keys in (
        ("usefulness", range(1, 6)),
        ("difficulty", DIFFICULTIES),
        ("join_again", JOIN_AGAIN),
    ):
        counts = frame[column].value_counts()
        out[column] = {k: int(counts.get(k, 0)) for k in keys}
    out["comments"] = sorted(str(c) for c in frame["comment"] if isinstance(c, str) and c.strip())
    return out
