"""The `/procedures` slide: the chart of the open tab and the score histogram, for the
selection the page opens on (procedure chain, unit, municipality, the user's home and the
cohort pair resolved as on first load), with the open chart's table."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from callbacks import pickers
from callbacks import procedures as page
from callbacks import procedures_charts as charts
from callbacks.procedures_query import Selection
from callbacks.slides import register
from dashboard import strings
from dashboard.formatting import format_number, format_percent
from dashboard.slides import SlideTable, ViewSnapshot, figure_json
from data_access import procedures
from data_access.data_date import data_date
from data_access.scope import Scope


def resolved(scope: Scope, search: str) -> tuple[Selection, dict[str, str]]:
    """The selection the page settles on for `search`, and municipality code → name."""
    pick = pickers.resolve_asked(
        procedures.procedure_catalogue(scope),
        search,
        year_name="years",
        multi_year=True,
    )
    _, unit, places, municipality, sort, tab, show_all = page.view_controls(scope, search)
    pair = page.pair_choice(scope, pick.subject, pick.grade, search)[1] if tab == "pair" else None
    selection = Selection(
        kind=pick.kind,
        subject=pick.subject,
        grade=pick.grade,
        years=list(pick.years),
        unit=unit,
        municipality=municipality,
        sort=sort,
        pair=pair,
        tab=tab,
        show_all=show_all,
    )
    return selection, {o["value"]: o["label"] for o in places}


def filters(selection: Selection, places: dict[str, str]) -> str:
    procedure = strings.procedure_label(selection.kind, selection.subject, selection.grade)
    place = places.get(selection.municipality or "", strings.SLIDE_PROC_REGION)
    return strings.SLIDE_PROC_FILTERS.format(
        procedure=procedure,
        years=years_text(selection.years),
        unit=strings.PROC_UNITS[selection.unit],
        place=place,
        chart=strings.PROC_TABS[selection.tab],
    )


def summary(chart: str, table: pd.DataFrame, unit: str) -> str:
    """What the open chart shows: how many schools or municipalities, and the range of their
    mean percent when the chart has it."""
    count = strings.SLIDE_PROC_COUNTS[unit].format(n=format_number(table.iloc[:, 0].nunique()))
    column = strings.PROC_COLUMNS["mean_percent"]
    values = pd.to_numeric(table[column], errors="coerce").dropna() if column in table else None
    if values is None or values.empty:
        return strings.SLIDE_PROC_SUMMARY_PLAIN.format(chart=chart, count=count)
    return strings.SLIDE_PROC_SUMMARY.format(
        chart=chart,
        count=count,
        low=format_percent(values.min()),
        high=format_percent(values.max()),
    )


def shown_table(table: pd.DataFrame) -> pd.DataFrame:
    """The chart's table as its grid shows it: a true flag reads «да», a false one nothing."""
    flags = [c for c in table.columns if pd.api.types.is_bool_dtype(table[c])]
    return table.assign(**{c: [strings.GRID_YES if v else "" for v in table[c]] for c in flags})


def years_text(years: list[int]) -> str:
    """«2024», «2023, 2024» or «2020–2024»: the chosen years, short enough for a title."""
    if len(years) > 2:
        return f"{years[0]}–{years[-1]}"
    return ", ".join(map(str, years))


def render(scope: Scope, path: str, search: str) -> ViewSnapshot:
    selection, places = resolved(scope, search)
    day = data_date(scope)
    base = ViewSnapshot(
        path=path,
        query=search,
        title=strings.PROC_TITLE,
        data_date=day.isoformat() if day else None,
    )
    if not selection.complete:
        return replace(base, message=strings.SLIDE_RESULTS_NO_DATA)
    procedure = strings.procedure_label(selection.kind, selection.subject, selection.grade)
    years = years_text(selection.years)
    base = replace(
        base,
        title=strings.SLIDE_RESULTS_TITLE.format(
            page=strings.PROC_TITLE, selection=f"{procedure}, {years}"
        ),
        filters=filters(selection, places),
        source=strings.SLIDE_RESULTS_SOURCE.format(procedure=procedure, years=years),
    )
    view = charts.build(selection.tab, selection, scope)
    if view.table.empty:
        return replace(base, message=strings.SLIDE_RESULTS_NO_DATA)
    histogram = charts.build("histogram", selection, scope)
    shown = [view.figure] + ([] if histogram.table.empty else [histogram.figure])
    return replace(
        base,
        summary=summary(view.title, view.table, selection.unit),
        figures=[figure_json(f) for f in shown],
        tables=[SlideTable.from_frame(view.title, shown_table(view.table))],
    )


register("/procedures", render)
