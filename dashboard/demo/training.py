"""Teachers' professional development in the demo (seed 002 «план-заказ на повышение
квалификации»): teachers per subject, schools' requests with their history, one
municipality's confirmed plan-order and the teachers who completed a programme.

The need is recomputed here with the app's own rule (dashboard.analytics.pd_order.skill_needs
and match_programmes), so a request or a completion is on a school the need page lists, and
the confirmed lines are pd_order.plan_order's. No effect of training is planted: the
completions are drawn among schools in need before and without looking at the next year, so
whatever «после обучения» shows is what the data say.

* Teachers: counted by load (the subject's weekly hours over the school's classes, a class per
  25 pupils of a grade, an 18-hour load), 1–6 a subject, for every general school open that
  year and every skill subject it teaches.
* Requests (the latest results year's plan-order): fifteen in every status; submitted by the
  schools' directors (the demo director for its school), decided by the demo municipality's
  user («district») in its municipality and the region user elsewhere. The still submitted
  ones came after the confirmation.
* Confirmation: the «district» municipality's lines (need matched to programmes, plus the
  requests counted then), as JSON in the layout of data_access.pd_order.plan.
* Completions: the year before the latest, teachers of most schools in need whose matching
  programme exists and whose subject has skill results the next year.
"""

from __future__ import annotations

import datetime as dt
import json

import numpy as np
import pandas as pd

from dashboard.analytics import pd_order
from dashboard.demo import skills as sk
from dashboard.demo.decision_history import DIRECTOR_LOGIN, MUNICIPALITY_LOGIN, REGION_LOGIN

# Weekly hours of a subject per class (primary grades, then grades 5–11) and the grades taught.
SUBJECT_HOURS = {
    sk.MATH: ((1, 11), 4.0, 5.0),
    sk.RUSSIAN: ((1, 11), 4.0, 4.5),
    sk.WORLD: ((1, 4), 2.0, 0.0),
    sk.HISTORY: ((5, 11), 0.0, 2.0),
    sk.BIOLOGY: ((5, 11), 0.0, 1.5),
}
CLASS_SIZE, TEACHER_LOAD, MOST_TEACHERS = 25, 18.0, 6
# Requests: (status, in the demo municipality) — fifteen, every status, most decided.
REQUEST_PLAN = (
    ("submitted", True),
    ("submitted", True),
    ("submitted", True),
    ("accepted", True),
    ("accepted", True),
    ("declined", True),
    ("withdrawn", True),
    ("submitted", False),
    ("accepted", False),
    ("accepted", False),
    ("accepted", False),
    ("declined", False),
    ("declined", False),
    ("withdrawn", False),
    ("withdrawn", False),
)
TOPICS = {
    sk.MATH: "Подготовка обучающихся к ВПР: разбор типичных ошибок по математике",
    sk.RUSSIAN: "Работа с обучающимися с затруднениями в обучении на уроках русского языка",
    sk.WORLD: "Формирование естественнонаучной грамотности в начальной школе",
    sk.HISTORY: "Функциональная грамотность на уроках истории",
    sk.BIOLOGY: "Проектная и исследовательская деятельность на уроках биологии",
}
REQUEST_COMMENTS = (
    "По итогам анализа результатов ВПР на методическом объединении",
    "Просим включить в план-заказ на следующий учебный год",
    None,
)
ACCEPT_COMMENT = "Включено в план-заказ муниципалитета"
DECLINE_COMMENTS = (
    "Педагоги школы прошли обучение по этой теме в прошлом году",
    "Тема будет закрыта муниципальным методическим объединением",
)
WITHDRAW_COMMENT = "Школа организует обучение в рамках сетевого взаимодействия"
# The «district» municipality confirms its part (month, day, hour, minute); the requests still
# submitted came after it.
CONFIRMED_ON = (11, 20, 9, 30)
COMPLETED_SHARE = 0.4  # of the schools in need with a programme, those whose teachers trained


def subject_teachers(rng: np.random.Generator, schools: pd.DataFrame, years) -> pd.DataFrame:
    """Rows of ``subject_teacher``: school_id, year, subject, teachers (see the docstring)."""
    general = schools[schools["kind"] != "preschool"]
    rows = []
    for subject, ((lo, hi), primary_hours, hours) in SUBJECT_HOURS.items():
        shift = rng.integers(-1, 2, len(general))  # a school's own staffing, fixed over years
        for year in years:
            grown = general["_size"].to_numpy() * (1 + 0.01 * (year - years[0]))
            classes = np.ceil(grown / CLASS_SIZE)
            first = np.maximum(general["_grade_lo"].to_numpy(), lo)
            last = np.minimum(general["_grade_hi"].to_numpy(), hi)
            primary = np.clip(np.minimum(last, 4) - first + 1, 0, None)
            upper = np.clip(last - np.maximum(first, 5) + 1, 0, None)
            load = classes * (primary * primary_hours + upper * hours) / TEACHER_LOAD
            count = np.clip(np.round(load) + shift, 1, MOST_TEACHERS).astype(int)
            open_ = (
                (general["_opens"] <= year) & (general["_closes"] >= year) & (primary + upper > 0)
            ).to_numpy()
            rows.append(
                pd.DataFrame(
                    {
                        "school_id": general["id"].to_numpy()[open_],
                        "year": year,
                        "subject": subject,
                        "teachers": count[open_],
                    }
                )
            )
    return pd.concat(rows, ignore_index=True)


def skill_frame(frames: dict[str, pd.DataFrame], year: int) -> pd.DataFrame:
    """The input of pd_order.skill_needs for ``year``'s ВПР: per school, subject, grade and skill
    the school's percent (its tasks of the skill averaged), the region's (weighted by the
    schools' participants), the participants of both and the school's municipality.
    ``frames``: schools, procedures, tasks, school_results, skill_results."""
    procedures = frames["procedures"]
    vpr = procedures.loc[
        (procedures["kind"] == "vpr") & (procedures["year"] == year), ["id", "subject", "grade"]
    ]
    rows = (
        frames["skill_results"]
        .merge(vpr, left_on="procedure_id", right_on="id")
        .merge(frames["tasks"][["procedure_id", "task_number", "skill_code", "skill_name"]])
        .merge(frames["school_results"][["procedure_id", "school_id", "participants"]])
    )
    rows = rows[rows["participants"] > 0]
    keys = ["subject", "grade", "skill_code", "skill_name"]
    own = rows.groupby(["school_id", *keys], as_index=False).agg(
        school_percent=("mean_percent", "mean"), participants=("participants", "first")
    )
    weighted = own.assign(w=own["school_percent"] * own["participants"]).groupby(keys)
    own = own.join(
        (weighted["w"].sum() / weighted["participants"].sum()).rename("region_percent"), on=keys
    )
    own = own.join(weighted["participants"].sum().rename("region_participants"), on=keys)
    places = frames["schools"][["id", "municipality_id"]].rename(columns={"id": "school_id"})
    return own.merge(places, on="school_id")


def needs_of(frames: dict[str, pd.DataFrame], programmes: pd.DataFrame, year: int) -> pd.DataFrame:
    """``year``'s needs by the app's rule, each with the programme answering it (or none)."""
    return pd_order.match_programmes(pd_order.skill_needs(skill_frame(frames, year)), programmes)


def _teachers_at(teachers: pd.DataFrame, year: int) -> dict[tuple[int, str], int]:
    at = teachers[teachers["year"] == year]
    return {(int(s), str(j)): int(n) for s, j, n in at[["school_id", "subject", "teachers"]].values}


def _requests(
    rng: np.random.Generator,
    schools: pd.DataFrame,
    needs: pd.DataFrame,
    staff: dict[tuple[int, str], int],
    own_muni: int,
    director_school: int | None,
    year: int,
) -> list[dict]:
    """The request plans of REQUEST_PLAN: a school, what it asks for and its end status."""
    muni_of = schools.set_index("id")["municipality_id"].to_dict()
    # a school's skill request is on its weakest skill that a programme covers
    covered = (
        needs.dropna(subset=["programme_id"]).sort_values(["gap", "skill_code"])
    ).drop_duplicates("school_id")
    open_ = (schools["kind"] != "preschool") & (schools["_opens"] <= year)
    general = schools.loc[open_ & (schools["_closes"] >= year), "id"].astype(int).tolist()
    plans, used = [], set()
    for k, (status, own) in enumerate(REQUEST_PLAN):
        topic_only = k % 3 == 2
        if k == 0 and director_school is not None:
            pool = [director_school]
        else:
            on_side = [s for s in general if (muni_of[s] == own_muni) == own and s not in used]
            pool = [] if topic_only else [s for s in covered["school_id"] if s in on_side]
            pool = pool or on_side or [s for s in general if s not in used] or general
        school_id = int(rng.choice(pool))
        used.add(school_id)
        need = covered[covered["school_id"] == school_id]
        if len(need) and not topic_only:
            subject, skill, topic = need["subject"].iloc[0], need["skill_code"].iloc[0], None
        else:
            taught = [j for j in TOPICS if (school_id, j) in staff] or [sk.MATH]
            subject = taught[int(rng.integers(len(taught)))]
            skill, topic = None, TOPICS[subject]
        most = staff.get((school_id, subject), 1)
        created = dt.datetime(year, 9, 5, 6, tzinfo=dt.UTC) + dt.timedelta(
            days=int(rng.integers(0, 40)), minutes=int(rng.integers(0, 540))
        )
        if status == "submitted":  # after the confirmation (CONFIRMED_ON)
            created = created.replace(month=11, day=25) + dt.timedelta(days=int(rng.integers(10)))
        plans.append(
            {
                "id": k + 1,
                "school_id": school_id,
                "municipality_id": int(muni_of[school_id]),
                "year": year,
                "subject": subject,
                "skill_code": skill,
                "topic": topic,
                "teachers": int(rng.integers(1, most + 1)),
                "comment": REQUEST_COMMENTS[int(rng.integers(len(REQUEST_COMMENTS)))],
                "status": status,
                "created_by": DIRECTOR_LOGIN
                if school_id == director_school
                else f"director-{schools.set_index('id').at[school_id, 'school_code']}",
                "created_at": created,
            }
        )
    return plans


def _events(rng: np.random.Generator, requests: list[dict], own_muni: int) -> pd.DataFrame:
    """Each request's history: submission, then the decision or the withdrawal."""
    events = []
    for r in requests:
        events.append(
            (r["id"], r["created_at"], r["created_by"], "school", None, "submitted", None)
        )
        at = r["created_at"] + dt.timedelta(
            days=int(rng.integers(3, 25)), minutes=int(rng.integers(0, 400))
        )
        if r["status"] == "withdrawn":
            events.append(
                (r["id"], at, r["created_by"], "school", "submitted", "withdrawn", WITHDRAW_COMMENT)
            )
        elif r["status"] in ("accepted", "declined"):
            by, role = (
                (MUNICIPALITY_LOGIN, "municipality")
                if r["municipality_id"] == own_muni
                else (REGION_LOGIN, "region")
            )
            comment = (
                ACCEPT_COMMENT
                if r["status"] == "accepted"
                else DECLINE_COMMENTS[int(rng.integers(len(DECLINE_COMMENTS)))]
            )
            events.append((r["id"], at, by, role, "submitted", r["status"], comment))
    columns = ["request_id", "at", "by", "role", "from_status", "to_status", "comment"]
    frame = pd.DataFrame(events, columns=columns)
    frame.insert(0, "id", np.arange(1, len(frame) + 1))
    return frame


def _plain(value: object) -> object:
    """JSON-ready: pandas' missing values as None, numpy numbers as Python's."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return value.item() if isinstance(value, np.generic) else value


def confirmed_lines(
    needs: pd.DataFrame,
    teachers: pd.DataFrame,
    requests: pd.DataFrame,
    programmes: pd.DataFrame,
    municipality: tuple[int, str],
) -> list[dict]:
    """One municipality's plan-order lines as confirmed (pd_order.plan_order with the names of
    data_access.pd_order.plan: municipality, programme_code, title, provider)."""
    muni_id, muni_name = municipality
    plan = pd_order.plan_order(
        needs[needs["municipality_id"] == muni_id],
        teachers,
        requests[requests["municipality_id"] == muni_id],
        programmes=programmes,
    )
    catalogue = programmes.set_index("id")
    lines = []
    for line in plan.to_dict("records"):
        pid = _plain(line["programme_id"])
        known = pid is not None and pid in catalogue.index
        names = {
            c: (catalogue.at[pid, c] if known else None)
            for c in ("programme_code", "title", "provider")
        }
        lines.append(_plain({**line, "municipality": muni_name, **names}))
    return lines


def _completions(
    rng: np.random.Generator,
    needs: pd.DataFrame,
    frames: dict[str, pd.DataFrame],
    staff: dict[tuple[int, str], int],
    year: int,
) -> pd.DataFrame:
    """Teachers of most schools in need at ``year`` who completed the matching programme, among
    schools with skill results in that subject the next year (so an effect can be measured)."""
    columns = ["school_id", "programme_id", "year", "teachers"]
    procedures = frames["procedures"]
    later = procedures.loc[
        (procedures["kind"] == "vpr") & (procedures["year"] == year + 1), ["id", "subject"]
    ]
    written = frames["skill_results"].merge(later, left_on="procedure_id", right_on="id")
    followed = set(zip(written["school_id"].astype(int), written["subject"], strict=True))
    # per school and subject the programme answering most of its needs (ties: the lower id)
    counted = (
        needs.dropna(subset=["programme_id"])
        .groupby(["school_id", "subject", "programme_id"], as_index=False)["skill_code"]
        .count()
    )
    pairs = counted.sort_values(
        ["school_id", "subject", "skill_code", "programme_id"], ascending=[True, True, False, True]
    ).drop_duplicates(["school_id", "subject"])
    pairs = pairs[
        [(int(s), j) in followed for s, j in zip(pairs["school_id"], pairs["subject"], strict=True)]
    ]
    if pairs.empty:
        return pd.DataFrame(columns=columns)
    chosen = np.sort(
        rng.choice(len(pairs), max(1, round(COMPLETED_SHARE * len(pairs))), replace=False)
    )
    rows = []
    for p in pairs.iloc[chosen].itertuples():
        most = staff.get((int(p.school_id), p.subject), 1)
        rows.append((int(p.school_id), int(p.programme_id), year, int(rng.integers(1, most + 1))))
    return pd.DataFrame(rows, columns=columns)


def training_frames(
    rng: np.random.Generator,
    frames: dict[str, pd.DataFrame],
    programmes: pd.DataFrame,
    years: tuple[int, ...],
) -> dict[str, pd.DataFrame]:
    """Frames of subject_teacher, pd_request, pd_request_event, pd_order_confirmation and
    pd_completion. ``frames``: schools (the world's, with its private columns), municipalities,
    procedures, tasks, school_results, skill_results."""
    schools, munis = frames["schools"], frames["municipalities"]
    teachers = subject_teachers(rng, schools, list(years))
    out: dict[str, pd.DataFrame] = {"subject_teacher": teachers}
    vpr_years = sorted(int(y) for y in frames["procedures"].query("kind == 'vpr'")["year"].unique())
    if not vpr_years:
        return out
    last = vpr_years[-1]
    muni = munis.sort_values("code").iloc[0]  # the «district» user's (dashboard.cli)
    own_schools = schools[schools["municipality_id"] == muni["id"]].sort_values("school_code")
    director = int(own_schools["id"].iloc[0]) if len(own_schools) else None
    needs = needs_of(frames, programmes, last)
    staff = _teachers_at(teachers, last)
    requests = pd.DataFrame(_requests(rng, schools, needs, staff, int(muni["id"]), director, last))
    out["pd_request"] = requests
    out["pd_request_event"] = _events(rng, requests.to_dict("records"), int(muni["id"]))
    confirmed_at = dt.datetime(last, *CONFIRMED_ON, tzinfo=dt.UTC)
    lines = confirmed_lines(  # as the requests stood then: every earlier one decided
        needs,
        teachers[teachers["year"] == last],
        requests[requests["created_at"] < confirmed_at],
        programmes,
        (int(muni["id"]), str(muni["name"])),
    )
    out["pd_order_confirmation"] = pd.DataFrame(
        [
            {
                "id": 1,
                "municipality_id": int(muni["id"]),
                "year": last,
                "confirmed_by": MUNICIPALITY_LOGIN,
                "confirmed_at": confirmed_at,
                "lines": json.dumps(lines, ensure_ascii=False),
            }
        ]
    )
    if len(vpr_years) > 1:
        year = vpr_years[-2]
        earlier = needs_of(frames, programmes, year)
        out["pd_completion"] = _completions(
            rng, earlier, frames, _teachers_at(teachers, year), year
        )
    return out
