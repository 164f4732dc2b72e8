"""Roadmap progress: displayed status (with computed «просрочено»), outcomes and shares.

Pure functions on DataFrames of roadmap items; ``today`` is always an argument so that tests
(and the «отчёт на дату» export) decide what day it is, never the clock.

An item frame has at least ``item_id, section, number, status, starts_on, due_on,
completed_on`` (dates as ``datetime64`` or ``date``; missing dates as NaT/None).

An item whose deadline recurs («ежегодно, до 15 августа») or has several spans («Январь –
апрель Сентябрь – ноябрь») is due several times: :func:`expand_occurrences` turns it into one
row per occurrence, each with its own dates, and every function below then works on those rows,
so each occurrence is due, late or overdue on its own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pandas as pd

from dashboard import rules
from dashboard.analytics.periods import PeriodParseError, parse_period

STATUSES = ("planned", "in_progress", "done", "cancelled")
CLOSED = frozenset({"done", "cancelled"})
# What the page colours by: the stored status, except that an open item past its deadline
# shows as "overdue" (computed, never stored: it changes with the date, not with a decision).
DISPLAY_STATUSES = ("planned", "in_progress", "done", "overdue", "cancelled")
# The finer split used by progress shares.
OUTCOMES = (
    "done_on_time",
    "done_late",
    "done_undated",
    "overdue",
    "in_progress",
    "planned",
    "cancelled",
)


def _day(value: object) -> dt.date | None:
    """A date from a date, datetime, Timestamp or string; None for missing values."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return pd.Timestamp(value).date()


def display_status(status: str, due_on: object, today: dt.date) -> str:
    """The stored status, or "overdue" when an open item's deadline is before today."""
    due = _day(due_on)
    if status not in CLOSED and due is not None and due < today:
        return "overdue"
    return status


def outcome(status: str, due_on: object, completed_on: object, today: dt.date) -> str:
    """One of OUTCOMES: done is split by whether it was completed by the deadline."""
    if status == "done":
        due, done = _day(due_on), _day(completed_on)
        if done is None or due is None:
            return "done_undated"
        return "done_on_time" if done <= due else "done_late"
    return display_status(status, due_on, today)


def with_outcomes(items: pd.DataFrame, today: dt.date) -> pd.DataFrame:
    """Copy of ``items`` with ``display_status`` and ``outcome`` columns as of ``today``."""
    out = items.copy()
    rows = list(zip(out["status"], out["due_on"], out["completed_on"], strict=True))
    out["display_status"] = [display_status(s, d, today) for s, d, _c in rows]
    out["outcome"] = [outcome(s, d, c, today) for s, d, c in rows]
    return out


def _occurrence_dates(text: object, years: list[int]) -> list[tuple[dt.date, dt.date, int | None]]:
    """The occurrences of a period text over the roadmap's years; [] when the text is missing,
    unreadable or a single one-off span (the item's stored dates then stand)."""
    if not isinstance(text, str) or not text.strip() or not years:
        return []
    try:
        period = parse_period(text, default_year=years[0])
        found = period.occurrences(years)
    except PeriodParseError:
        return []
    if not period.recurring and len(found) == 1:
        return []
    return [(o.starts_on, o.due_on, o.year) for o in found]


def expand_occurrences(
    items: pd.DataFrame,
    years: Iterable[int] | Mapping[int, Iterable[int]],
    records: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One row per occurrence of each item, with ``occurrence`` (1, 2, … within the item) and
    ``occurrence_year`` (the roadmap year of a recurring occurrence, else None).

    ``years``: the roadmap's years, or roadmap_id → years when ``items`` (then with a
    ``roadmap_id`` column) spans several roadmaps. An item whose ``period_text`` recurs or has
    several spans gets the dates of each occurrence from the text; any other item is one
    occurrence with its stored dates, exactly as before.

    ``records`` (optional: item_id, occurrence, status, completed_on) hold what was recorded for
    one occurrence on its own. An occurrence without a record takes the item's status and
    completion date: that is all a single stored status can say, so nothing is invented, and
    an open item past the deadline of an occurrence shows that occurrence as overdue.
    """
    by_roadmap = isinstance(years, Mapping)
    shared = [] if by_roadmap else sorted({int(y) for y in years})
    rows = []
    for row in items.to_dict("records"):
        span = (
            sorted({int(y) for y in years.get(row.get("roadmap_id"), ())}) if by_roadmap else shared
        )
        found = _occurrence_dates(row.get("period_text"), span)
        if not found:
            rows.append({**row, "occurrence": 1, "occurrence_year": None})
            continue
        for number, (starts_on, due_on, year) in enumerate(found, start=1):
            rows.append(
                {
                    **row,
                    "starts_on": starts_on,
                    "due_on": due_on,
                    "occurrence": number,
                    "occurrence_year": year,
                }
            )
    out = pd.DataFrame(rows, columns=[*items.columns, "occurrence", "occurrence_year"])
    if records is not None and not records.empty:
        known = {(int(r["item_id"]), int(r["occurrence"])): r for r in records.to_dict("records")}
        keys = list(zip(out["item_id"].astype(int), out["occurrence"].astype(int), strict=True))
        out["status"] = [
            known[k]["status"] if k in known else s
            for k, s in zip(keys, out["status"], strict=True)
        ]
        out["completed_on"] = [
            known[k].get("completed_on") if k in known else c
            for k, c in zip(keys, out["completed_on"], strict=True)
        ]
    for column in ("starts_on", "due_on", "completed_on"):
        if column in items and pd.api.types.is_datetime64_any_dtype(items[column]):
            out[column] = pd.to_datetime(out[column])
    return out


def _shares(frame: pd.DataFrame) -> dict:
    counts = {name: int((frame["outcome"] == name).sum()) for name in OUTCOMES}
    counted = len(frame) - (counts["cancelled"] if rules.ROADMAP_SHARES_EXCLUDE_CANCELLED else 0)
    row: dict = {"items": len(frame), "counted": counted, **counts}
    for name in ("done_on_time", "done_late", "done_undated", "overdue"):
        row[f"share_{name}"] = counts[name] / counted if counted else None
    done = counts["done_on_time"] + counts["done_late"] + counts["done_undated"]
    row["share_done"] = done / counted if counted else None
    return row


def progress(items: pd.DataFrame, today: dt.date) -> pd.DataFrame:
    """Counts and shares per section (in source order), with an overall last row.

    Shares are of the items that count (all but the cancelled, see rules), so a cancelled
    event neither helps nor hurts the roadmap.
    """
    frame = with_outcomes(items, today) if "outcome" not in items else items
    rows = []
    for section in pd.unique(frame["section"]):
        rows.append({"section": section, **_shares(frame[frame["section"] == section])})
    rows.append({"section": None, **_shares(frame)})
    return pd.DataFrame(rows)


def due_soon(items: pd.DataFrame, today: dt.date, days: int | None = None) -> pd.DataFrame:
    """Open items whose deadline falls in [today, today + days], soonest first."""
    days = rules.ROADMAP_DUE_SOON_DAYS if days is None else days
    horizon = today + dt.timedelta(days=days)
    due = [_day(d) for d in items["due_on"]]
    mask = [
        s not in CLOSED and d is not None and today <= d <= horizon
        for s, d in zip(items["status"], due, strict=True)
    ]
    return items[mask].sort_values(["due_on", "number"])


def overdue(items: pd.DataFrame, today: dt.date) -> pd.DataFrame:
    """Open items past their deadline, the longest overdue first."""
    mask = [
        display_status(s, d, today) == "overdue"
        for s, d in zip(items["status"], items["due_on"], strict=True)
    ]
    return items[mask].sort_values(["due_on", "number"])


def filter_items(
    items: pd.DataFrame,
    today: dt.date,
    executor: str | None = None,
    statuses: list[str] | None = None,
    period: tuple[dt.date | None, dt.date | None] = (None, None),
) -> pd.DataFrame:
    """Items matching the table filters: executor text, displayed statuses, and a period the
    item's own [start, due] overlaps."""
    frame = with_outcomes(items, today) if "display_status" not in items else items
    mask = pd.Series(True, index=frame.index)
    if executor:
        mask &= frame["executors"].fillna("") == executor
    if statuses:
        mask &= frame["display_status"].isin(statuses)
    start, end = period
    if start is not None:
        mask &= pd.Series(
            [(_day(d) or dt.date.max) >= start for d in frame["due_on"]], index=frame.index
        )
    if end is not None:
        mask &= pd.Series(
            [(_day(s) or dt.date.min) <= end for s in frame["starts_on"]], index=frame.index
        )
    return frame[mask]


def status_as_of(items: pd.DataFrame, history: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    """The items as they stood at the end of ``as_of`` (UTC), replayed from the history.

    An item with no change by then is "planned"; a completion date after ``as_of`` is not
    known yet and is dropped. When ``items`` are occurrences (expand_occurrences) and the
    history has an ``occurrence`` column, a change naming an occurrence moves that one only,
    and a change without one (null) moves every occurrence of the item.
    """
    out = items.copy()
    per_occurrence = "occurrence" in out and "occurrence" in history
    last: dict[int, str] = {}
    own: dict[tuple[int, int], str] = {}
    if not history.empty:
        stamps = pd.to_datetime(history["changed_at"], utc=True)
        cutoff = pd.Timestamp(as_of + dt.timedelta(days=1), tz="UTC")
        known = history[stamps < cutoff].assign(_at=stamps[stamps < cutoff])
        for row in known.sort_values(["_at", "id"]).to_dict("records"):
            item = int(row["item_id"])
            if per_occurrence and not pd.isna(row["occurrence"]):
                own[(item, int(row["occurrence"]))] = str(row["to_status"])
                continue
            last[item] = str(row["to_status"])
            for key in [k for k in own if k[0] == item]:  # the whole item moved later
                del own[key]
    if per_occurrence:
        out["status"] = [
            own.get((int(i), int(o)), last.get(int(i), "planned"))
            for i, o in zip(out["item_id"], out["occurrence"], strict=True)
        ]
    else:
        out["status"] = [last.get(int(i), "planned") for i in out["item_id"]]
    out["completed_on"] = [
        c if s == "done" and _day(c) is not None and _day(c) <= as_of else None
        for s, c in zip(out["status"], out["completed_on"], strict=True)
    ]
    return with_outcomes(out, as_of)


# ------------------------------------------------------------------ checking a status change


class ChangeRefused(ValueError):
    """A status change that breaks a rule; ``key`` names the reason in strings."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


@dataclass(frozen=True)
class Change:
    """A checked change, ready to be written."""

    status: str
    progress: int
    completed_on: dt.date | None
    comment: str | None


def check_change(
    current_status: str,
    current_progress: int,
    new_status: object,
    progress: object,
    completed_on: object,
    comment: object,
    today: dt.date,
) -> Change:
    """Validate a requested change against the rules; raises ChangeRefused."""
    if new_status not in STATUSES:
        raise ChangeRefused("bad_status")
    comment_text = comment.strip()[: rules.ROADMAP_COMMENT_MAX] if isinstance(comment, str) else ""
    if progress is None or progress == "":
        level = 100 if new_status == "done" else current_progress
    elif (
        isinstance(progress, bool)
        or not isinstance(progress, int | float)
        or not 0 <= progress <= 100
    ):
        raise ChangeRefused("bad_progress")
    else:
        level = int(progress)
    done_on: dt.date | None = None
    if new_status == "done":
        level = 100
        try:
            done_on = _day(completed_on) if completed_on not in (None, "") else today
        except (ValueError, TypeError):
            raise ChangeRefused("bad_date") from None
        if done_on is None:
            done_on = today
        if done_on > today:
            raise ChangeRefused("future_completion")
    if new_status == "cancelled" and rules.ROADMAP_CANCEL_NEEDS_COMMENT and not comment_text:
        raise ChangeRefused("cancel_needs_comment")
    if new_status == current_status and level == current_progress and new_status != "done":
        raise ChangeRefused("nothing_changed")
    return Change(
        status=str(new_status), progress=level, completed_on=done_on, comment=comment_text or None
    )


# ------------------------------------------------------------------ counts beside a KPI link


def yearly_counts(dates: pd.Series) -> pd.DataFrame:
    """(year, value): how many dates fall in each calendar year, every year between filled."""
    days = [d for d in (_day(v) for v in dates) if d is not None]
    if not days:
        return pd.DataFrame(columns=["year", "value"])
    years = [d.year for d in days]
    span = range(min(years), max(years) + 1)
    return pd.DataFrame({"year": list(span), "value": [years.count(y) for y in span]})


def registry_size_by_year(included: pd.Series, excluded: pd.Series) -> pd.DataFrame:
    """(year, value): experts in the registry on 31 December — included by then and not yet
    excluded."""
    spans = [(_day(i), _day(e)) for i, e in zip(included, excluded, strict=True)]
    spans = [(i, e) for i, e in spans if i is not None]
    if not spans:
        return pd.DataFrame(columns=["year", "value"])
    first = min(i.year for i, _e in spans)
    last = max([i.year for i, _e in spans] + [e.year for _i, e in spans if e is not None])
    rows = []
    for year in range(first, last + 1):
        end = dt.date(year, 12, 31)
        rows.append(
            {"year": year, "value": sum(1 for i, e in spans if i <= end and (e is None or e > end))}
        )
    return pd.DataFrame(rows)
