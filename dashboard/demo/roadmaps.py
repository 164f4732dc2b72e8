"""The three seed roadmaps with every item verbatim, dated and with a plausible status history.

Statuses are as of :data:`AS_OF`: one item of the 2018 regional roadmap is cancelled, two
items of the expert roadmap whose deadline falls in 2024 are still in progress (so overdue),
every other item is done — about a fifth of them late (5–90 days after the deadline).

Each item is also linked to what it is meant to move (:data:`ITEM_LINKS`: seed 004 KPIs and
OKO pages), and each done pilot-programme task carries one confirming material as a link to a
reserved example.org address — plainly a demo, never a real document.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from dashboard import seeds
from dashboard.analytics.periods import parse_period

AS_OF = dt.date(2026, 11, 23)
CHANGED_BY = "demo"
LATE_SHARE = 0.2

COMMENT_PLANNED = "Мероприятие включено в дорожную карту"
COMMENTS_STARTED = (
    "Назначены ответственные исполнители, работа начата",
    "Начато выполнение мероприятия",
    "Подготовлен план-график, работа начата",
)
COMMENTS_DONE = (
    "Выполнено в установленный срок",
    "Выполнено, подтверждающие материалы размещены на сайте управления образования",
    "Выполнено, итоги рассмотрены на совещании",
)
COMMENT_LATE = (
    "Выполнено с нарушением срока на {days} дн.: сроки перенесены по объективным причинам"
)
COMMENT_CANCELLED = (
    "Мероприятие отменено: утратило актуальность в связи с изменением регионального плана работы"
)


# (roadmap code, item number) -> [(target_kind, target)]. KPI codes are those of seed 004
# appendix 2; pages are OKO paths that serve the item's expected result.
ITEM_LINKS: dict[tuple[str, str], tuple[tuple[str, str], ...]] = {
    ("expert-community-2022", "1.1"): (("kpi", "1.1"),),
    ("expert-community-2022", "1.2"): (("kpi", "1.2"), ("kpi", "2.2"), ("page", "/experts")),
    ("expert-community-2022", "1.3"): (("kpi", "2.1"),),
    ("expert-community-2022", "1.4"): (("kpi", "2.3"), ("page", "/experts")),
    ("expert-community-2022", "2.1"): (("kpi", "3.2"),),
    ("expert-community-2022", "2.2"): (("kpi", "3.4"),),
    ("expert-community-2022", "2.3"): (("kpi", "3.1"),),
    ("expert-community-2022", "2.4"): (("kpi", "3.3"),),
    ("region-2018", "7"): (("page", "/experts"),),
    ("pilot-2019", "1.3"): (("page", "/schools"),),
    ("pilot-2019", "1.5"): (("page", "/admin/imports"), ("page", "/procedures")),
    ("pilot-2019", "2.1"): (("page", "/rankings"), ("page", "/schools")),
    ("pilot-2019", "2.2"): (("page", "/procedures"),),
    ("pilot-2019", "2.3"): (("page", "/training"),),
    ("pilot-2019", "2.4"): (("page", "/decisions"),),
    ("pilot-2019", "2.6"): (("page", "/"),),
    ("pilot-2019", "3.1"): (("page", "/objectivity"),),
    ("pilot-2019", "3.2"): (("page", "/"),),
}
EVIDENCE_URL = "https://example.org/oko-demo/{code}/{number}"


def _first_material(text: str) -> str:
    """The first sentence of a task's confirming materials, as the title of its demo link."""
    head = text.split(". ")[0].strip().rstrip(".")
    return (head[:380] + "…") if len(head) > 380 else head


def _links_and_evidence(items: list[dict], codes: dict[int, str]) -> dict[str, pd.DataFrame]:
    """Item links for every item listed in ITEM_LINKS; a demo link for each done pilot task."""
    links, evidence = [], []
    for row in items:
        code = codes[row["roadmap_id"]]
        for kind, target in ITEM_LINKS.get((code, row["number"]), ()):
            links.append({"item_id": row["id"], "target_kind": kind, "target": target})
        if code == "pilot-2019" and row["status"] == "done" and row["confirming_materials"]:
            added = dt.datetime.combine(
                row["completed_on"] + dt.timedelta(days=1), dt.time(5, 0), tzinfo=dt.UTC
            )
            evidence.append(
                {
                    "id": len(evidence) + 1,
                    "item_id": row["id"],
                    "kind": "link",
                    "title": _first_material(row["confirming_materials"]),
                    "url": EVIDENCE_URL.format(code=code, number=row["number"]),
                    "added_by": CHANGED_BY,
                    "added_at": added,
                }
            )
    return {
        "roadmap_item_link": pd.DataFrame(links, columns=["item_id", "target_kind", "target"]),
        "roadmap_evidence": pd.DataFrame(evidence),
    }


def _moment(rng: np.random.Generator, day: dt.date, hours: tuple[int, int]) -> dt.datetime:
    """An instant of ``day`` between ``hours`` (Yekaterinburg time, stored in UTC).

    Starts are logged in the morning and completions in the afternoon, so a one-day item
    still changes status in the right order.
    """
    minutes = int(rng.integers(hours[0] * 60, hours[1] * 60))
    local = dt.datetime.combine(day, dt.time(minutes // 60, minutes % 60))
    return (local - dt.timedelta(hours=5)).replace(tzinfo=dt.UTC)


def _exceptions(rng, items: list[tuple]) -> dict[int, str]:
    """Item index → "cancelled" / "in_progress" for the few items not done."""
    out: dict[int, str] = {}
    regional = [i for i, (code, item, period) in enumerate(items) if code == "region-2018"]
    if regional:
        out[int(rng.choice(regional))] = "cancelled"
    late_ones = [
        i
        for i, (code, item, period) in enumerate(items)
        if code == "expert-community-2022" and period.due_on.year == 2024
    ]
    for i in rng.choice(late_ones, size=min(2, len(late_ones)), replace=False):
        out[int(i)] = "in_progress"
    return out


def roadmap_frames(
    rng: np.random.Generator, municipality_ids: dict[str, int | None]
) -> dict[str, pd.DataFrame]:
    """Frames of ``roadmap``, ``roadmap_item``, ``roadmap_status_change``, ``roadmap_item_link``
    and ``roadmap_evidence``.

    ``municipality_ids`` maps a seed roadmap code to the municipality it belongs to.
    """
    roadmaps, parsed = [], []
    for rid, roadmap in enumerate(seeds.ROADMAPS, start=1):
        roadmaps.append(
            {
                "id": rid,
                "code": roadmap.code,
                "title": roadmap.title,
                "kind": roadmap.kind,
                "year_start": roadmap.year_start,
                "year_end": roadmap.year_end,
                "municipality_id": municipality_ids.get(roadmap.code),
                "source": roadmap.source,
            }
        )
        for item in roadmap.items:
            period = parse_period(item.period_text, default_year=roadmap.year_start)
            parsed.append((roadmap.code, item, period, rid, roadmap.year_start))
    exceptions = _exceptions(rng, [p[:3] for p in parsed])
    first_start = {}
    for code, _item, period, _rid, year_start in parsed:
        created = min(dt.date(year_start - 1, 12, 20), period.starts_on - dt.timedelta(days=7))
        first_start[code] = min(first_start.get(code, created), created)

    items, changes = [], []

    def change(item_id, day, old, new, comment):
        hours = (9, 12) if new in ("planned", "in_progress") else (13, 18)
        changes.append(
            {
                "id": len(changes) + 1,
                "item_id": item_id,
                "changed_at": _moment(rng, day, hours),
                "changed_by": CHANGED_BY,
                "from_status": old,
                "to_status": new,
                "comment": comment,
            }
        )

    for k, (code, item, period, rid, _year) in enumerate(parsed):
        item_id = k + 1
        status = exceptions.get(k, "done")
        completed_on, progress = None, 0
        change(item_id, first_start[code], None, "planned", COMMENT_PLANNED)
        started = period.starts_on + dt.timedelta(days=int(rng.integers(0, 10)))
        started = min(started, period.due_on)
        if status == "cancelled":
            progress = int(rng.integers(0, 4)) * 10
            change(item_id, started, "planned", "in_progress", str(rng.choice(COMMENTS_STARTED)))
            change(
                item_id,
                min(period.due_on, started + dt.timedelta(days=20)),
                "in_progress",
                "cancelled",
                COMMENT_CANCELLED,
            )
        elif status == "in_progress":
            progress = int(rng.integers(8, 18)) * 5
            change(item_id, started, "planned", "in_progress", str(rng.choice(COMMENTS_STARTED)))
        else:
            progress = 100
            if rng.random() < LATE_SHARE:
                days = int(rng.integers(5, 91))
                completed_on = period.due_on + dt.timedelta(days=days)
                comment = COMMENT_LATE.format(days=days)
            else:
                span = (period.due_on - started).days
                completed_on = period.due_on - dt.timedelta(
                    days=int(rng.integers(0, min(20, span) + 1))
                )
                comment = str(rng.choice(COMMENTS_DONE))
            change(item_id, started, "planned", "in_progress", str(rng.choice(COMMENTS_STARTED)))
            change(item_id, completed_on, "in_progress", "done", comment)
        items.append(
            {
                "id": item_id,
                "roadmap_id": rid,
                "number": item.number,
                "section": item.section,
                "title": item.title,
                "participants": item.participants,
                "executors": item.executors,
                "period_text": item.period_text,
                "starts_on": period.starts_on,
                "due_on": period.due_on,
                "expected_result": item.expected_result,
                "confirming_materials": item.confirming_materials,
                "status": status,
                "progress": progress,
                "completed_on": completed_on,
            }
        )
    codes = {r["id"]: r["code"] for r in roadmaps}
    return {
        "roadmap": pd.DataFrame(roadmaps),
        "roadmap_item": pd.DataFrame(items),
        "roadmap_status_change": pd.DataFrame(changes),
        **_links_and_evidence(items, codes),
    }
