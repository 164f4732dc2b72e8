"""Voluntary diagnostic works of the demo (issue 23): the catalogue, schools' registrations with
their history, the results of the works already held, and schools' feedback.

* Works: three held in the spring of the latest results year (mathematics 6 and 8, Russian
  7), each a procedure of kind ``voluntary`` whose code is the work's ``work_code``, and one
  more open for registration (fixed dates in 2027, no results).
* Registrations: REGISTER_SHARE of the schools teaching the grade (a fresh draw per work, so a
  school may join several), the demo director's school in the first work; a few withdrawn
  before the work (two events), the others registered (one event). Classes «6А, 6Б» from the
  pupils of the grade, a class per CLASS_SIZE pupils.
* Results only for the schools still registered: pupils simulated as in
  dashboard.demo.results (school effect of the year + cohort + subject + pupil + day noise;
  the same graded logistic response model), plus a weakness of some schools on one to three
  skills, so the school report shows weak skills. School and skill rows are the pupils'
  means, so they agree with the pupil rows; marks from the thresholds.
* Feedback from FEEDBACK_SHARE of the participants, after the results were loaded.

Skill codes and names are those of the same subject and grade in the demo's ВПР tasks, so they
match PD programmes. Everything is drawn from its own random stream; the other tables of the
demo only gain rows for the new procedures.
"""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd
from scipy.special import expit

from dashboard.demo import catalogue as cat
from dashboard.demo import instruments as ins_mod
from dashboard.demo import results
from dashboard.demo import skills as sk
from dashboard.demo.decision_history import DIRECTOR_LOGIN, REGION_LOGIN
from dashboard.demo.results import DAY_NOISE, PUPIL_SD
from dashboard.demo.world import FIRST_COHORT, World, school_effect
from dashboard.models.voluntary import VOLUNTARY_KIND

# (subject, grade, (month, day) held in the latest results year, form, organiser, objectivity):
# the last two index cat.VOLUNTARY_ORGANISERS and cat.VOLUNTARY_OBJECTIVITY.
WORKS = (
    (sk.MATH, 6, (3, 12), "paper", 0, 0),
    (sk.RUSSIAN, 7, (3, 19), "computer", 0, 1),
    (sk.MATH, 8, (5, 14), "paper", 1, 2),
)
# The work still open for registration: fixed dates, whatever the demo's years.
OPEN_WORK = (sk.MATH, 7, dt.date(2027, 4, 15), dt.date(2027, 3, 20), "computer", 0, 1)
OPEN_YEAR = 2027
DEADLINE_DAYS = 21  # the registration closes three weeks before the work
REGISTER_SHARE = 0.36  # of the schools teaching the grade, per work held
OPEN_REGISTER_SHARE = 0.12  # registered so far for the open work
WITHDRAWN_SHARE = 0.1  # of a work's registrations
FEEDBACK_SHARE = 0.7  # of the participants
WEAK_SCHOOL_SHARE = 0.5  # schools weaker on one to three skills of a work
WEAK_SHIFT = (0.7, 1.4)  # logits, uniform
CLASS_SIZE = 25
ATTENDANCE = 0.93
TASKS = (10, 15)  # tasks per work, uniform, inclusive-exclusive
LOAD_DELAY_DAYS = (8, 20)  # results loaded this many days after the work
# Open registrations so far were made between these dates (before the demo's "today").
OPEN_REGISTERED = (dt.date(2026, 10, 1), dt.date(2026, 11, 26))


def _director(w: World) -> int | None:
    """The demo director's school (dashboard.cli): the first school of the first municipality."""
    muni = w.municipalities.sort_values("code").iloc[0]
    own = w.schools[w.schools["municipality_id"] == muni["id"]].sort_values("school_code")
    return int(own["id"].iloc[0]) if len(own) else None


def _eligible(w: World, grade: int, year: int, pupil_level: bool) -> np.ndarray:
    """Positions of the general schools teaching ``grade`` in ``year``; at a pupil-level scale
    not the schools planted without pupil rows (``_pupil_level``): a voluntary work's pupil
    rows would close that data path."""
    s = w.schools
    return np.flatnonzero(
        (
            (s["kind"] != "preschool")
            & (s["_pupil_level"] | (not pupil_level))
            & (s["_grade_lo"] <= grade)
            & (s["_grade_hi"] >= grade)
            & (s["_opens"] <= year)
            & (s["_closes"] >= year)
        ).to_numpy()
    )


def _grade_size(w: World, idx: np.ndarray, grade: int, year: int) -> np.ndarray:
    cohort = min(max(year - grade - FIRST_COHORT, 0), w.cohort_size.shape[1] - 1)
    y = min(max(year - w.years[0], 0), len(w.years) - 1)
    return np.maximum(1, np.round(w.cohort_size[idx, cohort] * w.cohort_drift[idx, cohort, y]))


def _logins(w: World, director: int | None) -> dict[int, str]:
    """Per school id its director's login: the demo director for its school, the others as
    dashboard.demo.training names them."""
    ids, codes = w.schools["id"].tolist(), w.schools["school_code"].tolist()
    out = {int(i): f"director-{c}" for i, c in zip(ids, codes, strict=True)}
    if director is not None:
        out[director] = DIRECTOR_LOGIN
    return out


def _at(rng: np.random.Generator, day: dt.date) -> dt.datetime:
    """A moment in office hours (06:00–14:00 UTC) of ``day``."""
    minutes = int(rng.integers(6 * 60, 14 * 60))
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC) + dt.timedelta(minutes=minutes)


def _task_set(rng: np.random.Generator, skills: pd.DataFrame) -> ins_mod.TaskSet:
    """Tasks on distinct skills of ``skills`` (skill_code, skill_name), in codifier order."""
    n = min(int(rng.integers(*TASKS)), len(skills))
    picked = skills.iloc[np.sort(rng.choice(len(skills), n, replace=False))]
    points = rng.choice([1, 2, 3], size=n, p=[0.5, 0.3, 0.2])
    difficulty = rng.normal(-0.25, 0.7, n)
    steps = np.full((n, points.max()), np.inf)
    for t, m in enumerate(points):
        spread = ins_mod.STEP_SPREAD * (m - 1)
        offsets = np.linspace(-spread, spread, m) if m > 1 else np.zeros(1)
        steps[t, :m] = difficulty[t] + offsets / max(1, m / 3)
    return ins_mod.TaskSet(points, steps, tuple(picked["skill_code"]), tuple(picked["skill_name"]))


def _skills(tasks: pd.DataFrame, procedures: pd.DataFrame, subject: str, grade: int):
    """The ВПР skills of a subject and grade (codes as in procedure_task), else the subject's
    list for the grade."""
    vpr = procedures.loc[
        (procedures["kind"] == "vpr")
        & (procedures["subject"] == subject)
        & (procedures["grade"] == grade),
        "id",
    ]
    found = tasks[tasks["procedure_id"].isin(vpr)] if len(tasks) else tasks
    if len(found):
        return (
            found[["skill_code", "skill_name"]]
            .drop_duplicates("skill_code")
            .sort_values("skill_code")
            .reset_index(drop=True)
        )
    letter = sk.SKILL_LETTER[subject]
    picks = sk.skills_for_grade(subject, grade)
    return pd.DataFrame(
        {
            "skill_code": [f"{letter}{grade}.{k + 1:02d}" for k in picks],
            "skill_name": [sk.SKILLS[subject][k] for k in picks],
        }
    )


def _classes(grade: int, count: int) -> str:
    return ", ".join(f"{grade}{letter}" for letter in cat.VOLUNTARY_CLASS_LETTERS[:count])


def _registrations(
    rng: np.random.Generator,
    w: World,
    work: dict,
    idx: np.ndarray,
    logins: dict[int, str],
    times: tuple[dt.date, dt.date],
    withdraw_share: float,
    first_id: int,
) -> tuple[list[dict], list[dict]]:
    """Registrations of the schools at positions ``idx`` and their events (ids from
    ``first_id``; event ids are set by the caller)."""
    ids = w.schools["id"].to_numpy()[idx]
    munis = w.schools["municipality_id"].to_numpy()[idx]
    size = _grade_size(w, idx, work["grade"], work["_year"])
    classes = np.ceil(size / CLASS_SIZE).astype(int)
    some = (classes > 1) & (rng.random(idx.size) < 0.3)  # only some of the parallel classes
    taken = np.where(some, [int(rng.integers(1, c)) if c > 1 else 1 for c in classes], classes)
    pupils = np.maximum(1, np.round(size * taken / classes)).astype(int)
    candidates = [k for k in range(idx.size) if logins[int(ids[k])] != DIRECTOR_LOGIN]
    n_out = min(len(candidates), math.floor(withdraw_share * idx.size + 0.5))
    out = set(rng.choice(candidates, n_out, replace=False).tolist()) if n_out else set()
    span = (times[1] - times[0]).days
    regs, events = [], []
    for k in range(idx.size):
        school_id = int(ids[k])
        by = logins[school_id]
        registered_at = _at(rng, times[0] + dt.timedelta(days=int(rng.integers(0, span + 1))))
        status = "withdrawn" if k in out else "registered"
        reg_id = first_id + k
        regs.append(
            {
                "id": reg_id,
                "work_id": work["id"],
                "school_id": school_id,
                "municipality_id": int(munis[k]),
                "classes": _classes(work["grade"], int(taken[k])),
                "pupils": int(pupils[k]),
                "status": status,
                "registered_by": by,
                "registered_at": registered_at,
            }
        )
        events.append(
            {
                "registration_id": reg_id,
                "at": registered_at,
                "by": by,
                "role": "school",
                "from_status": None,
                "to_status": "registered",
                "comment": None,
            }
        )
        if status == "withdrawn":  # before the work starts
            room = max(1, (work["held_on"] - registered_at.date()).days - 2)
            events.append(
                {
                    "registration_id": reg_id,
                    "at": registered_at + dt.timedelta(days=int(rng.integers(1, room + 1))),
                    "by": by,
                    "role": "school",
                    "from_status": "registered",
                    "to_status": "withdrawn",
                    "comment": cat.VOLUNTARY_WITHDRAW_COMMENTS[
                        int(rng.integers(len(cat.VOLUNTARY_WITHDRAW_COMMENTS)))
                    ],
                }
            )
    return regs, events


def _results(
    rng: np.random.Generator,
    w: World,
    proc: dict,
    tasks: ins_mod.TaskSet,
    idx: np.ndarray,
    pupils: np.ndarray,
    first_pupil: int | None,
) -> dict[str, pd.DataFrame]:
    """School and skill rows of one work for the schools at positions ``idx``, and its pupil
    rows with ids from ``first_pupil`` (none when None)."""
    year, grade, subject = proc["year"], proc["grade"], proc["subject"]
    counts = np.maximum(1, rng.binomial(pupils, ATTENDANCE))
    local = np.repeat(np.arange(idx.size), counts)
    cohort = min(max(year - grade - FIRST_COHORT, 0), w.cohort_effect.shape[1] - 1)
    mean = (
        school_effect(w.schools, year)[idx]
        + w.cohort_effect[idx, cohort]
        + w.subject_effect[subject][idx]
    )
    theta = mean[local] + rng.normal(0, math.hypot(PUPIL_SD, DAY_NOISE), local.size)
    n_tasks = tasks.max_points.size
    # a weak school's one to three weak skills: the first tasks of a random order
    weak_count = np.where(rng.random(idx.size) < WEAK_SCHOOL_SHARE, rng.integers(1, 4, idx.size), 0)
    rank = np.argsort(np.argsort(rng.random((idx.size, n_tasks)), axis=1), axis=1)
    weak = np.where(rank < weak_count[:, None], rng.uniform(*WEAK_SHIFT, (idx.size, n_tasks)), 0.0)
    u = rng.random((local.size, n_tasks))
    points = np.zeros((local.size, n_tasks), dtype=np.int8)
    for t in range(n_tasks):  # graded logistic steps, as dashboard.demo.instruments
        shifted = theta - weak[local, t]
        p = expit(ins_mod.DISCRIMINATION * (shifted[:, None] - tasks.steps[t][None, :]))
        points[:, t] = (u[:, t, None] < p).sum(axis=1)
    score = points.sum(axis=1)
    cuts = (proc["threshold_3"], proc["threshold_4"], proc["threshold_5"])
    mark = ins_mod.marks_of(score, cuts)
    school_ids = w.schools["id"].to_numpy()[idx]
    school = results.aggregate(proc["id"], proc["max_score"], school_ids, local, score, mark)
    n = school["participants"].to_numpy()
    sums = np.stack(
        [np.bincount(local, weights=points[:, t], minlength=idx.size) for t in range(n_tasks)],
        axis=1,
    )
    skill = pd.DataFrame(
        {
            "procedure_id": proc["id"],
            "school_id": np.repeat(school_ids, n_tasks),
            "task_number": np.tile(np.arange(1, n_tasks + 1), idx.size),
            "mean_percent": np.round(
                (100 * sums / (n[:, None] * tasks.max_points[None, :])).ravel(), 2
            ),
        }
    )
    out = {"school_result": school, "skill_result": skill}
    key = (int(rng.integers(1, 2**31)) * 2 + 1, int(rng.integers(0, 2**32)))
    if first_pupil is None:
        return out
    codes = results.participant_codes(key, np.arange(local.size))
    pupil = pd.DataFrame(
        {
            "id": np.arange(first_pupil, first_pupil + local.size),
            "procedure_id": proc["id"],
            "school_id": school_ids[local],
            "participant_code": codes,
            "primary_score": score.astype(float),
            "mark": mark,
            "journal_mark": None,  # the organiser collects no journal marks
            "task_points": results.points_text(points),
        }
    )
    return {**out, "pupil_result": pupil}


def _feedback(
    rng: np.random.Generator,
    work: dict,
    school: pd.DataFrame,
    loaded_at: dt.datetime,
    logins: dict[int, str],
) -> pd.DataFrame:
    """Answers of FEEDBACK_SHARE of the participants: the weaker the school's result, the more
    it finds the work hard; the more useful, the readier to join again."""
    n = math.floor(FEEDBACK_SHARE * len(school) + 0.5)
    chosen = school.iloc[np.sort(rng.choice(len(school), n, replace=False))]
    usefulness = rng.choice(np.arange(1, 6), size=n, p=[0.03, 0.07, 0.2, 0.4, 0.3])
    percent = chosen["mean_percent"].to_numpy()
    hard = np.where(percent < 45, 0.7, np.where(percent < 65, 0.35, 0.1))
    u = rng.random(n)
    difficulty = np.where(u < hard, "hard", np.where(u < 0.85, "fit", "easy"))
    yes = np.array([0.0, 0.05, 0.15, 0.45, 0.75, 0.9])[usefulness]
    u = rng.random(n)
    join = np.where(u < yes, "yes", np.where(u < yes + 0.7 * (1 - yes), "unsure", "no"))
    comments = np.array([*cat.VOLUNTARY_FEEDBACK_COMMENTS, None], dtype=object)
    said = rng.random(n) < 0.5
    comment = np.where(said, rng.integers(0, comments.size - 1, n), comments.size - 1)
    delay = pd.to_timedelta(rng.integers(1, 31, n), unit="D") + pd.to_timedelta(
        rng.integers(0, 480, n), unit="min"
    )
    school_ids = chosen["school_id"].astype(int).tolist()
    return pd.DataFrame(
        {
            "work_id": work["id"],
            "school_id": school_ids,
            "usefulness": usefulness,
            "difficulty": difficulty,
            "join_again": join,
            "comment": comments[comment],
            "answered_by": [logins[s] for s in school_ids],
            "answered_at": pd.Timestamp(loaded_at) + delay,
        }
    )


def _work(
    work_id: int,
    spec: sk.ProcedureSpec,
    held_on: dt.date,
    deadline: dt.date,
    form: str,
    organiser: int,
    objectivity: int,
    tasks: ins_mod.TaskSet,
) -> dict:
    return {
        "id": work_id,
        "work_code": spec.code,
        "title": cat.VOLUNTARY_TITLES[work_id - 1],
        "subject": spec.subject,
        "grade": spec.grade,
        "skill_codes": ";".join(dict.fromkeys(tasks.skill_codes)),
        "form": form,
        "held_on": held_on,
        "registration_deadline": deadline,
        "organiser": cat.VOLUNTARY_ORGANISERS[organiser],
        "objectivity_measures": cat.VOLUNTARY_OBJECTIVITY[objectivity],
        "updated_by": REGION_LOGIN,
        "updated_at": _at_fixed(deadline - dt.timedelta(days=60 + 7 * work_id)),
        "_year": spec.year,
    }


def _at_fixed(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, 7, 30, tzinfo=dt.UTC)


def voluntary_frames(
    rng: np.random.Generator,
    w: World,
    procedures: pd.DataFrame,
    tasks: pd.DataFrame,
    pupil_level: bool,
    first_pupil: int,
) -> dict[str, pd.DataFrame]:
    """Frames of procedure, procedure_task, school_result, pupil_result, skill_result and the
    voluntary_* tables, in loading order. Procedure ids follow ``procedures``'; pupil ids start
    at ``first_pupil``; pupil and skill rows only when ``pupil_level``."""
    year = int(procedures["year"].max())
    director = _director(w)
    logins = _logins(w, director)
    next_proc = int(procedures["id"].max()) + 1
    works, procs, task_rows, regs, events, feedback = [], [], [], [], [], []
    results: dict[str, list[pd.DataFrame]] = {
        name: [] for name in ("school_result", "pupil_result", "skill_result")
    }
    for k, (subject, grade, (month, day), form, organiser, objectivity) in enumerate(WORKS):
        spec = sk.ProcedureSpec(VOLUNTARY_KIND, subject, grade, year, (month, day), pupil_level)
        held_on = dt.date(year, month, day)
        deadline = held_on - dt.timedelta(days=DEADLINE_DAYS)
        task_set = _task_set(rng, _skills(tasks, procedures, subject, grade))
        work = _work(k + 1, spec, held_on, deadline, form, organiser, objectivity, task_set)
        works.append(work)
        pool = _eligible(w, grade, year, pupil_level)
        chosen = rng.choice(pool, math.floor(REGISTER_SHARE * pool.size + 0.5), replace=False)
        at_director = np.flatnonzero(w.schools["id"].to_numpy() == director)
        if k == 0 and at_director.size and at_director[0] in pool and at_director[0] not in chosen:
            chosen[0] = at_director[0]
        chosen = np.sort(chosen)
        times = (deadline - dt.timedelta(days=35), deadline)
        reg, ev = _registrations(
            rng, w, work, chosen, logins, times, WITHDRAWN_SHARE, len(regs) + 1
        )
        regs += reg
        events += ev
        max_score = int(task_set.max_points.sum())
        cuts = ins_mod.thresholds(spec, max_score)
        loaded_at = _at(rng, held_on + dt.timedelta(days=int(rng.integers(*LOAD_DELAY_DAYS))))
        proc = {
            "id": next_proc + k,
            "code": spec.code,
            "kind": VOLUNTARY_KIND,
            "subject": subject,
            "grade": grade,
            "year": year,
            "held_on": held_on,
            "max_score": float(max_score),
            "threshold_3": cuts[0],
            "threshold_4": cuts[1],
            "threshold_5": cuts[2],
            "community_content": False,
            "results_loaded_at": loaded_at,
        }
        procs.append(proc)
        for t, (m, code, name) in enumerate(
            zip(task_set.max_points, task_set.skill_codes, task_set.skill_names, strict=True),
            start=1,
        ):
            task_rows.append(
                {
                    "procedure_id": proc["id"],
                    "task_number": t,
                    "max_points": float(m),
                    "skill_code": code,
                    "skill_name": name,
                }
            )
        stays = np.array([r["status"] == "registered" for r in reg], dtype=bool)
        out = _results(
            rng,
            w,
            proc,
            task_set,
            chosen[stays],
            np.array([r["pupils"] for r in reg], dtype=int)[stays],
            first_pupil if pupil_level else None,
        )
        first_pupil += len(out.get("pupil_result", ()))
        for name, frame in out.items():
            results[name].append(frame)
        feedback.append(_feedback(rng, work, out["school_result"], loaded_at, logins))

    subject, grade, held_on, deadline, form, organiser, objectivity = OPEN_WORK
    spec = sk.ProcedureSpec(VOLUNTARY_KIND, subject, grade, OPEN_YEAR, (4, 15), pupil_level)
    task_set = _task_set(rng, _skills(tasks, procedures, subject, grade))
    work = _work(len(WORKS) + 1, spec, held_on, deadline, form, organiser, objectivity, task_set)
    works.append(work)
    pool = _eligible(w, grade, year, pupil_level)
    pool = pool[w.schools["id"].to_numpy()[pool] != director]  # the director may still sign up
    chosen = np.sort(rng.choice(pool, math.floor(OPEN_REGISTER_SHARE * pool.size + 0.5), False))
    reg, ev = _registrations(rng, w, work, chosen, logins, OPEN_REGISTERED, 0.0, len(regs) + 1)
    regs += reg
    events += ev

    event_frame = pd.DataFrame(events).sort_values(["at", "registration_id"], kind="stable")
    event_frame.insert(0, "id", np.arange(1, len(event_frame) + 1))
    feedback_frame = pd.concat(feedback, ignore_index=True)
    feedback_frame.insert(0, "id", np.arange(1, len(feedback_frame) + 1))
    frames = {
        "procedure": pd.DataFrame(procs),
        "procedure_task": pd.DataFrame(task_rows),
        "school_result": pd.concat(results["school_result"], ignore_index=True),
    }
    if pupil_level:
        frames["pupil_result"] = pd.concat(results["pupil_result"], ignore_index=True)
        frames["skill_result"] = pd.concat(results["skill_result"], ignore_index=True)
    frames["voluntary_work"] = pd.DataFrame(works)
    frames["voluntary_registration"] = pd.DataFrame(regs)
    frames["voluntary_registration_event"] = event_frame.reset_index(drop=True)
    frames["voluntary_feedback"] = feedback_frame
    return frames
