"""The `/schools` slide: the map of the filtered list (coloured as the address asks) and the
list's first rows. A reader who sees aggregates only gets the page's refusal, not a list."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from callbacks import schools as page
from callbacks.schools_query import Selection
from callbacks.slides import register
from dashboard import strings
from dashboard.figures import schools as views
from dashboard.formatting import format_number, format_percent
from dashboard.slides import SlideTable, ViewSnapshot, figure_json
from data_access import schools as school_lists
from data_access.data_date import data_date
from data_access.scope import Scope

#: The list's columns a slide keeps (the grid's others do not fit a projector's width).
COLUMNS = ("school_code", "name", "municipality", "pupils", "vpr_mean", "adjusted_effect", "flags")


def filters(selection: Selection) -> str:
    """The list's filters and the map's colour in words."""
    parts = []
    if selection.municipalities:
        names = ", ".join(selection.municipalities)
        parts.append(strings.SLIDE_SCHOOLS_MUNICIPALITIES.format(names=names))
    if selection.kinds:
        names = ", ".join(strings.SCHOOL_KINDS.get(k, k) for k in selection.kinds)
        parts.append(strings.SLIDE_SCHOOLS_KINDS.format(names=names))
    if selection.localities:
        names = ", ".join(strings.LOCALITIES.get(k, k) for k in selection.localities)
        parts.append(strings.SLIDE_SCHOOLS_LOCALITIES.format(names=names))
    if not parts:
        parts.append(strings.SLIDE_SCHOOLS_ALL)
    colour = strings.SCHOOLS_MAP_COLOURS[selection.colour]
    parts.append(strings.SLIDE_SCHOOLS_COLOUR.format(colour=colour))
    return " · ".join(parts)


def summary(plotted: pd.DataFrame, colour: str) -> str:
    """How many schools the map shows, and the range of the colour's values."""
    label = strings.SCHOOLS_MAP_COLOURS[colour]
    values = plotted[label].dropna() if label in plotted else pd.Series(dtype="float64")
    if values.empty:
        return strings.SLIDE_SCHOOLS_SUMMARY_PLAIN.format(n=format_number(len(plotted)))
    shown = format_number if colour == "pupils" else format_percent
    return strings.SLIDE_SCHOOLS_SUMMARY.format(
        n=format_number(len(plotted)),
        colour=label,
        low=shown(values.min()),
        high=shown(values.max()),
    )


def slide_table(scope: Scope, selection: Selection) -> pd.DataFrame:
    """The grid's table (same rows, order and rounding) with the code as plain text."""
    table = page.grid_frame(scope, selection)
    headers = [strings.SCHOOLS_COLUMNS[c] for c in COLUMNS]
    listed = views.filtered(school_lists.school_list(scope), selection.filters())
    return table[headers].assign(**{views.CODE: listed["school_code"].astype(str).to_numpy()})


def render(scope: Scope, path: str, search: str) -> ViewSnapshot:
    selection = Selection.from_search(search)
    day = data_date(scope)
    words = filters(selection)
    listed = words.rsplit(" · ", 1)[0]  # the title names the list, not the map's colour
    base = ViewSnapshot(
        path=path,
        query=search,
        title=strings.SLIDE_RESULTS_TITLE.format(page=strings.SCHOOLS_TITLE, selection=listed),
        filters=words,
        source=strings.SLIDE_SCHOOLS_SOURCE,
        data_date=day.isoformat() if day else None,
    )
    if scope.aggregates_only:  # the page shows a viewer no list and no map
        return replace(base, title=strings.SCHOOLS_TITLE, message=strings.SCHOOLS_AGGREGATES_ONLY)
    figure, plotted = page.map_view(scope, selection)
    if plotted.empty:
        return replace(base, message=strings.SLIDE_RESULTS_NO_DATA)
    return replace(
        base,
        summary=summary(plotted, selection.colour),
        figures=[figure_json(figure)],
        tables=[SlideTable.from_frame(strings.SCHOOLS_TITLE, slide_table(scope, selection))],
    )


register("/schools", render)
