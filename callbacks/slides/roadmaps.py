"""The `/roadmaps` slide: the timeline and the progress table of the roadmap the page would
open (the address's, else the reader's default: `callbacks.roadmaps.roadmap_order`), with
statuses as of today, as on the page."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from callbacks import roadmaps as page
from callbacks.roadmaps_query import Selection
from callbacks.slides import register
from dashboard import strings
from dashboard.analytics import roadmap_progress
from dashboard.figures import roadmaps as views
from dashboard.formatting import format_date, format_number
from dashboard.slides import SlideTable, ViewSnapshot, figure_json
from data_access import roadmaps
from data_access.data_date import data_date
from data_access.home import home
from data_access.scope import Scope


def chosen_code(scope: Scope, search: str) -> str | None:
    """The address's roadmap (refused later by `roadmap_detail` when unreadable), else the
    first one the page's picker lists."""
    asked = Selection.from_search(search).roadmap
    if asked is not None:
        return asked
    frame = page.roadmap_order(
        roadmaps.list_roadmaps(scope), home(scope).municipality_id, page.today().year
    )
    return None if frame.empty else str(frame.iloc[0]["code"])


def _percent(value: object) -> str:
    return format_number(0.0 if value is None or pd.isna(value) else 100 * float(value), 1)


def render(scope: Scope, path: str, search: str) -> ViewSnapshot:
    day, today = data_date(scope), page.today()
    base = ViewSnapshot(
        path=path,
        query=search,
        title=strings.ROADMAPS_TITLE,
        data_date=day.isoformat() if day else None,
    )
    code = chosen_code(scope, search)
    if code is None:
        return replace(base, message=strings.SLIDE_ROADMAP_NONE)
    detail = page.roadmap_detail(scope, code)  # OutOfScope: a roadmap the reader may not read
    items = page._items(scope, detail["id"], today)
    figure, _ = views.gantt(items, detail["kind"], today)
    shares = roadmap_progress.progress(items, today)
    overall = shares.iloc[-1]
    years = (
        str(detail["year_start"])
        if detail["year_start"] == detail["year_end"]
        else f"{detail['year_start']}–{detail['year_end']}"
    )
    return replace(
        base,
        title=strings.SLIDE_ROADMAP_TITLE.format(title=views.short(detail["title"], 110)),
        filters=strings.SLIDE_ROADMAP_FILTERS.format(
            kind=strings.ROADMAP_KINDS.get(detail["kind"], "").capitalize(),
            years=years,
            day=format_date(today),
        ),
        source=strings.SLIDE_ROADMAP_SOURCE.format(source=detail["source"] or strings.NO_DATA),
        summary=strings.SLIDE_ROADMAP_SUMMARY.format(
            done=_percent(overall["share_done"]),
            items=format_number(int(overall["items"])),
            overdue=_percent(overall["share_overdue"]),
            day=format_date(today),
        ),
        figures=[figure_json(figure)],
        tables=[SlideTable.from_frame(strings.ROADMAP_PROGRESS, views.progress_table(shares))],
    )


register("/roadmaps", render)
