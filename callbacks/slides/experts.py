"""The `/experts` slide: the chosen indicator's trend and the registry funnel of the year and
place the page would open (the address's, else the latest year and the reader's own
municipality or the region), with the indicator table. Aggregates only, as on the page."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from callbacks import experts as page
from callbacks.experts_query import Selection
from callbacks.query import from_query
from callbacks.slides import register
from dashboard import strings
from dashboard.analytics.expert_kpis import REGION
from dashboard.figures import experts as views
from dashboard.formatting import format_date
from dashboard.slides import SlideTable, ViewSnapshot, figure_json
from data_access import expert_kpis
from data_access.data_date import data_date
from data_access.home import home
from data_access.scope import Scope


def resolved(scope: Scope, search: str) -> tuple[Selection, dict[int, str]]:
    """The selection the page's controls settle on for `search`, and the place names."""
    query = from_query(search)
    asked = Selection.from_search(search)
    years = expert_kpis.kpi_years(scope)
    munis = expert_kpis.municipalities(scope)
    names = {REGION: strings.EXPERTS_ALL}
    names.update({int(i): n for i, n in zip(munis["id"], munis["name"], strict=True)})
    mine = home(scope).municipality_id
    own = mine if mine in names else REGION
    place = asked.municipality if "municipality" in query and asked.municipality in names else own
    year = asked.year if asked.year in years else (years[-1] if years else None)
    return replace(asked, as_of=asked.day, year=year, municipality=place), names


def _summary(rows: pd.DataFrame, selection: Selection) -> str:
    """The chosen indicator's value and target in one sentence (the trend's last bar)."""
    row = rows[rows["code"] == selection.indicator].iloc[0]
    unit, target = row["unit"], row["target"]
    return strings.SLIDE_EXPERTS_SUMMARY.format(
        code=row["code"],
        year=selection.year,
        value=views.value_text(row["value"], unit),
        unit=unit,
        target=strings.SLIDE_EXPERTS_NO_TARGET
        if target is None or pd.isna(target)
        else f"{views.target_text(target, unit)} {unit}",
    )


def render(scope: Scope, path: str, search: str) -> ViewSnapshot:
    selection, names = resolved(scope, search)
    day = data_date(scope)
    base = ViewSnapshot(
        path=path,
        query=search,
        title=strings.EXPERTS_TITLE,
        data_date=day.isoformat() if day else None,
    )
    if selection.year is None:
        return replace(base, message=strings.SLIDE_NO_DATA)
    place, year, as_of = names[selection.municipality], selection.year, selection.day
    table = expert_kpis.kpi_table(scope, [year], as_of)
    rows = views.indicator_rows(table, year, selection.municipality)
    texts, _ = views.kpi_cells(rows)
    formula = strings.EXPERTS_KPI_COLUMNS["formula"]
    funnel, _ = views.funnel_view(expert_kpis.funnel(scope, year, as_of, selection.place), year)
    code = selection.indicator
    return replace(
        base,
        title=strings.SLIDE_EXPERTS_TITLE.format(place=place, year=year),
        filters=strings.SLIDE_EXPERTS_FILTERS.format(
            year=year, place=place, code=code, day=format_date(as_of)
        ),
        source=strings.SLIDE_EXPERTS_SOURCE.format(day=format_date(as_of)),
        summary=_summary(rows, selection),
        figures=[figure_json(page.trend_figure(scope, selection)), figure_json(funnel)],
        # the formulas stay on the page: a projector shows the numbers
        tables=[SlideTable.from_frame(strings.EXPERTS_KPI_TITLE, texts.drop(columns=formula))],
    )


register("/experts", render)
