"""The `/schools/<school_code>` slide: the profile's results block (mean percent by year beside
the municipality and the region, and the marks by year) for the procedure the page opens on.

The school is checked by data_access as on the page: a school outside the reader's scope (a
director's neighbour, any school for a viewer) is refused, and the refusal becomes a slide
that says so (callbacks.slides.render)."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from callbacks import school_profile as page
from callbacks.school_profile_query import Selection
from callbacks.slides import register
from dashboard import strings
from dashboard.formatting import format_percent
from dashboard.slides import SlideTable, ViewSnapshot, figure_json
from data_access import school_profile as profile
from data_access.data_date import data_date
from data_access.scope import Scope


def summary(rows: pd.DataFrame, procedure: str) -> str:
    """The latest year's mean percent of the school, its municipality and the region."""
    last = rows.sort_values("year").iloc[-1]
    return strings.SLIDE_PROFILE_SUMMARY.format(
        procedure=procedure,
        year=int(last["year"]),
        school=format_percent(last["mean_percent"]),
        municipality=format_percent(last["municipality_mean"]),
        region=format_percent(last["region_mean"]),
    )


def render(scope: Scope, path: str, search: str) -> ViewSnapshot:
    code = path.rstrip("/").rsplit("/", 1)[-1]
    header = profile.school_header(scope, code)  # OutOfScope outside the reader's schools
    selection = page.resolve(scope, Selection.restore(code, search)).selection
    day = data_date(scope)
    base = ViewSnapshot(
        path=path,
        query=search,
        title=strings.SLIDE_RESULTS_TITLE.format(
            page=strings.PROFILE_TITLE, selection=header["name"]
        ),
        data_date=day.isoformat() if day else None,
    )
    if not selection.has_procedure:
        return replace(base, message=strings.SLIDE_RESULTS_NO_DATA)
    procedure = strings.procedure_label(selection.kind, selection.subject, selection.grade)
    rows, (trend, table), (marks, _) = page.results_views(scope, selection)
    if rows.empty:
        return replace(base, message=strings.SLIDE_RESULTS_NO_DATA)
    years = ", ".join(str(int(y)) for y in rows["year"])
    return replace(
        base,
        title=strings.SLIDE_RESULTS_TITLE.format(
            page=strings.PROFILE_TITLE, selection=f"{header['name']}, {procedure}"
        ),
        filters=strings.SLIDE_PROFILE_FILTERS.format(procedure=procedure, years=years),
        source=strings.SLIDE_RESULTS_SOURCE.format(procedure=procedure, years=years),
        summary=summary(rows, procedure),
        figures=[figure_json(trend), figure_json(marks)],
        tables=[SlideTable.from_frame(strings.PROFILE_RESULTS_TREND, table)],
    )


register("/schools/<school_code>", render)
