"""The `/objectivity` slide: the counts of flags per municipality (every role) and, for a
reader who may see schools, the drill-down's charts (ВПР × journal marks, score distribution)
of the school the page would open: the address's, else the first flagged one."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from callbacks import objectivity as page
from callbacks.objectivity_query import Selection
from callbacks.pickers import keep
from callbacks.slides import register
from dashboard import strings
from dashboard.figures import objectivity as views
from dashboard.formatting import format_number
from dashboard.slides import SlideTable, ViewSnapshot, figure_json
from data_access import objectivity as data
from data_access.data_date import data_date
from data_access.scope import Scope


def _total(counts: pd.DataFrame, column: str) -> int:
    """The shown (not suppressed) school-years of a column."""
    return int(pd.to_numeric(counts[column], errors="coerce").fillna(0).sum())


def _chosen_school(scope: Scope, asked: Selection, year: int) -> tuple[str | None, str]:
    """The school of the drill-down and its label («код — название»), as the page picks it:
    the address's (OutOfScope when the reader may not see it), else the first flagged school
    of the list (of the asked municipality), else the director's own school."""
    flags = data.flag_table(scope, year)
    if asked.municipality:
        flags = flags[flags["municipality"] == asked.municipality].reset_index(drop=True)
    schools = page._school_options(flags, [], scope)
    if asked.school is not None:
        if asked.school not in schools:
            data.visible_school(scope, asked.school)  # refuses a school out of scope
            schools[asked.school] = asked.school
        return asked.school, schools[asked.school]
    code = next(iter(schools), None)
    return code, schools.get(code, "")


def render(scope: Scope, path: str, search: str) -> ViewSnapshot:
    asked = Selection.from_search(search)
    years = data.available_years(scope)
    year = keep(years, asked.year, years[-1] if years else None)
    day = data_date(scope)
    base = ViewSnapshot(
        path=path,
        query=search,
        title=strings.OBJ_TITLE,
        data_date=day.isoformat() if day else None,
    )
    if year is None:
        return replace(base, message=strings.SLIDE_NO_DATA)
    counts = data.flag_counts(scope, year)
    filters = [strings.SLIDE_OBJ_FILTERS_YEAR.format(year=year)]
    base = replace(
        base,
        title=strings.SLIDE_OBJ_TITLE.format(year=year),
        source=strings.SLIDE_OBJ_SOURCE.format(year=year),
        summary=strings.SLIDE_OBJ_SUMMARY.format(
            year=year,
            flagged=format_number(_total(counts, "flagged")),
            tested=format_number(_total(counts, "tested")),
        ),
        tables=[SlideTable.from_frame(strings.OBJ_COUNTS, views.counts_table(counts))],
    )
    if scope.aggregates_only:  # the page shows such a reader the counts only
        return replace(base, filters=filters[0])
    if asked.municipality:
        filters.append(
            strings.SLIDE_OBJ_FILTERS_MUNICIPALITY.format(municipality=asked.municipality)
        )
    school, label = _chosen_school(scope, asked, year)
    if school is None:
        return replace(base, filters=" · ".join(filters))
    filters.append(strings.SLIDE_OBJ_FILTERS_SCHOOL.format(school=label))
    procedures = data.school_procedures(scope, school, year)
    values = [int(p) for p in procedures["procedure_id"]]
    procedure = keep(values, asked.procedure, values[0] if values else None)
    agreement = data.agreement_matrix(scope, school, year)
    figure, _ = views.agreement(agreement, year)
    figures = [figure_json(figure)]
    if procedure is not None:
        chosen = Selection(year=year, school=school, procedure=procedure)
        distribution, _ = page._distribution(chosen, scope)
        figures.append(figure_json(distribution))
    summary = base.summary
    if not agreement.empty:
        summary = strings.SLIDE_OBJ_SUMMARY_SCHOOL.format(
            school=label, agreement=views.agreement_summary(agreement)
        )
    return replace(
        base,
        title=strings.SLIDE_OBJ_SCHOOL_TITLE.format(year=year, school=label),
        filters=" · ".join(filters),
        summary=summary,
        figures=figures,
    )


register("/objectivity", render)
