"""The slide of `/decisions/effectiveness`: the chosen criterion over the years and the
effect of the measures (both aggregates every signed-in role reads), with the criteria table
of the chosen year and place, opened as the page opens it
(callbacks.decisions_effectiveness.opening). The per-decision rows, which name schools, are
left out: a slide shows the aggregates only."""

from __future__ import annotations

import pandas as pd

from callbacks.decisions_effectiveness import _years, opening, place_name
from callbacks.decisions_effectiveness_query import Selection
from callbacks.slides import register
from dashboard import strings
from dashboard.figures import effectiveness as views
from dashboard.slides import SlideTable, ViewSnapshot, figure_json
from data_access import data_date, decision_effects, effectiveness
from data_access.home import home
from data_access.scope import Scope

PAGE = "/decisions/effectiveness"


def _summary(frame: pd.DataFrame, chosen: Selection, place: str) -> str:
    """One sentence on the trend chart: the chosen criterion's value in the chosen year."""
    rows = views.criteria_rows(frame, chosen.year, chosen.municipality)
    row = rows[rows["code"] == chosen.criterion].iloc[0]
    return strings.SLIDES_EFFECTIVENESS_SUMMARY.format(
        criterion=row["criterion"],
        value=views.value_text(row["value"], chosen.criterion),
        year=chosen.year,
        place=place,
    )


def _table(frame: pd.DataFrame, chosen: Selection) -> pd.DataFrame:
    """The criteria table as the page prints it, without the formulas (a paragraph each: the
    page shows them, a projector cannot)."""
    rows = views.criteria_rows(frame, chosen.year, chosen.municipality)
    texts, _classes = views.criteria_cells(rows)
    return texts.drop(columns=[strings.EFFECTIVENESS_COLUMNS["formula"]])


def render(scope: Scope, path: str, search: str) -> ViewSnapshot:
    frame = effectiveness.criteria(scope)
    chosen = opening(scope, frame, search)
    if chosen.year is None:
        return ViewSnapshot(
            path=path,
            query=search,
            title=strings.EFFECTIVENESS_TITLE,
            message=strings.SLIDES_EFFECTIVENESS_NO_DATA,
        )
    place = place_name(frame, chosen.municipality)
    criterion = strings.EFFECTIVENESS_CRITERIA[chosen.criterion]
    trend = views.trend_view(
        frame, chosen.criterion, chosen.municipality, home(scope).municipality_id
    )
    forest = views.forest_view(decision_effects.effects(scope)["by_measure"])
    years = _years(frame)
    day = data_date.data_date(scope)
    return ViewSnapshot(
        path=path,
        query=search,
        title=strings.SLIDES_MGMT_TITLE_YEAR.format(
            page=strings.EFFECTIVENESS_TITLE, part=place, year=chosen.year
        ),
        filters=" · ".join(
            (
                strings.SLIDES_MGMT_YEAR.format(year=chosen.year),
                place,
                strings.SLIDES_EFFECTIVENESS_CRITERION.format(criterion=criterion),
            )
        ),
        source=strings.SLIDES_EFFECTIVENESS_SOURCE.format(first=years[0], last=years[-1]),
        data_date=day.isoformat() if day else None,
        summary=_summary(frame, chosen, place),
        figures=[figure_json(trend), figure_json(forest)],
        tables=[SlideTable.from_frame(strings.EFFECTIVENESS_CRITERIA_TITLE, _table(frame, chosen))],
    )


register(PAGE, render)
