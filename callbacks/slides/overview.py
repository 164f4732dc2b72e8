"""The `/` slide: both municipality charts of the procedure the overview opens on for the
address (the reader's own municipality or school first, as on the page), and the chart's
table of mean percents."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from callbacks import overview as page
from callbacks.slides import register
from dashboard import strings
from dashboard.formatting import format_percent
from dashboard.slides import SlideTable, ViewSnapshot, figure_json
from data_access.data_date import data_date
from data_access.home import home
from data_access.scope import Scope


def percent_range(values: pd.Series) -> tuple[str, str] | None:
    """(lowest, highest) of the shown percents, formatted; None when every value is hidden."""
    known = pd.to_numeric(values, errors="coerce").dropna()
    if known.empty:
        return None
    return format_percent(known.min()), format_percent(known.max())


def render(scope: Scope, path: str, search: str) -> ViewSnapshot:
    selection = page.start_selection(scope, search)
    title, _ = page.title_of(home(scope), scope)
    day = data_date(scope)
    base = ViewSnapshot(
        path=path, query=search, title=title, data_date=day.isoformat() if day else None
    )
    if not selection.complete:
        return replace(base, message=strings.SLIDE_RESULTS_NO_DATA)
    procedure = strings.procedure_label(selection.kind, selection.subject, selection.grade)
    base = replace(
        base,
        title=strings.SLIDE_RESULTS_TITLE.format(
            page=title, selection=f"{procedure}, {selection.year}"
        ),
        filters=strings.SLIDE_OVERVIEW_FILTERS.format(procedure=procedure, year=selection.year),
        source=strings.SLIDE_RESULTS_SOURCE.format(procedure=procedure, years=selection.year),
    )
    views = page.chart_views(scope, selection)
    (by_municipality, table), (marks, _) = views.by_municipality, views.marks
    if table.empty:
        return replace(base, message=strings.SLIDE_RESULTS_NO_DATA)
    found = percent_range(table[strings.MEAN_PERCENT])
    low, high = found or (strings.SUPPRESSED, strings.SUPPRESSED)
    summary = strings.SLIDE_OVERVIEW_SUMMARY.format(
        n=len(table), low=low, high=high, region=format_percent(views.region["mean_percent"])
    )
    # The chart draws the lowest at the bottom: the table reads top-down the same way.
    rows = table.iloc[::-1].reset_index(drop=True)
    rows[strings.PARTICIPANTS] = pd.array(rows[strings.PARTICIPANTS].round(), dtype="Int64")
    return replace(
        base,
        summary=summary,
        figures=[figure_json(by_municipality), figure_json(marks)],
        tables=[SlideTable.from_frame(strings.OVERVIEW_BY_MUNICIPALITY, rows)],
    )


register("/", render)
