"""The history of a demo decision: adoption, status changes and comments, with their dates.

Who acts: the demo municipality's user («district») on its own municipality, the region user
elsewhere and on region-level measures; the demo director comments on the decision about the
director's school. Dates follow the measure's duration: done on time or a few weeks late,
cancelled with a reason, still in progress past the due date (overdue).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

# Demo logins (dashboard.cli.DEMO_USERS): the district user holds the first municipality.
REGION_LOGIN, MUNICIPALITY_LOGIN, DIRECTOR_LOGIN = "region", "district", "director"

ADOPT_COMMENTS = (
    "Рассмотрено на совещании руководителей ОО",
    "По итогам анализа результатов ВПР",
    None,
)
PROGRESS_COMMENTS = (
    "Составлен план-график, назначены ответственные",
    "Проведены первые совместные мероприятия, отчёт направлен в управление образования",
    "Идёт выполнение, промежуточный отчёт принят",
)
DONE_COMMENT = "Мероприятия проведены в полном объёме, отчёт принят"
CANCEL_COMMENTS = (
    "Мера заменена муниципальной программой поддержки",
    "Школа включена в региональный проект, мера дублирует его",
)
DIRECTOR_COMMENT = "Со стороны школы назначен ответственный заместитель, план работ согласован"


def story(plan: dict, version: pd.Series, created: dt.datetime, rng) -> tuple[dict, list]:
    """The decision row and its events (adoption, status changes, comments) for one plan."""
    by, role = (MUNICIPALITY_LOGIN, "municipality") if plan["own"] else (REGION_LOGIN, "region")
    if version["level"] == "region":
        by, role = REGION_LOGIN, "region"
    due = created.date() + dt.timedelta(days=int(version["duration_days"]))
    if plan["long_due"]:
        due = dt.date(plan["finding_year"] + 3, 6, 30)
    comment = ADOPT_COMMENTS[int(rng.integers(len(ADOPT_COMMENTS)))]
    events = [(created, None, "adopted", comment, by, role)]
    at, outcome, completed = created, plan["outcome"], None

    def step(days_lo: int, days_hi: int) -> dt.datetime:
        return at + dt.timedelta(
            days=int(rng.integers(days_lo, days_hi)), minutes=int(rng.integers(0, 300))
        )

    if outcome in ("in_progress", "done", "done_late", "cancelled"):
        at = step(7, 30)
        events.append((at, "adopted", "in_progress", None, by, role))
        at = step(20, 60)
        events.append((at, None, None, PROGRESS_COMMENTS[int(rng.integers(3))], by, role))
    if plan["director"]:
        at = step(3, 20)
        events.append((at, None, None, DIRECTOR_COMMENT, DIRECTOR_LOGIN, "school"))
    if outcome in ("done", "done_late"):
        end = dt.datetime.combine(due, dt.time(8), tzinfo=dt.UTC)
        shift = int(rng.integers(10, 40)) if outcome == "done_late" else -int(rng.integers(0, 30))
        at = max(end + dt.timedelta(days=shift), at + dt.timedelta(days=1))
        completed = at.date()
        events.append((at, "in_progress", "done", DONE_COMMENT, by, role))
    elif outcome == "cancelled":
        at = step(20, 60)
        reason = CANCEL_COMMENTS[int(rng.integers(len(CANCEL_COMMENTS)))]
        events.append((at, "in_progress", "cancelled", reason, by, role))
    status = "done" if outcome == "done_late" else outcome
    row = {
        "municipality_id": plan["municipality_id"],
        "school_id": plan["school_id"],
        "finding": plan["finding"],
        "finding_detail": plan["finding_detail"],
        "finding_year": plan["finding_year"],
        "finding_reason": plan["finding_reason"],
        "measure_id": int(version["id"]),
        "measure": version["title"],
        "indicator": version["indicator"],
        "responsible": version["responsible_role"],
        "status": status,
        "due_on": due,
        "completed_on": completed,
        "comment": comment,
        "created_at": created,
        "created_by": by,
    }
    return row, events
