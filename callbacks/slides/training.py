"""The slide of `/training`: the effect of the programmes after training (the page's chart, an
aggregate every role reads) and the table of the address's tab, opened as the page opens it
(callbacks.training.opening): the need by school (roles that see schools by name; a viewer
gets the sums per municipality and subject), the plan-order's lines (data_access leaves the
schools out for a viewer), or the effect table."""

from __future__ import annotations

import pandas as pd

from callbacks.slides import register
from callbacks.training import (
    NAMED_ROLES,
    municipality_filter,
    named_needs,
    opening,
    subject_filter,
)
from callbacks.training_plan import plan_screen, short_reasons
from callbacks.training_query import Selection
from dashboard import strings
from dashboard.figures import training as views
from dashboard.formatting import format_number, format_signed
from dashboard.slides import SlideTable, ViewSnapshot, figure_json
from data_access import data_date, pd_order, procedures
from data_access.scope import Scope

PAGE = "/training"


def _filters(scope: Scope, chosen: Selection) -> str:
    """The selection in words, as the page's controls show it."""
    parts = [strings.TRAINING_TABS[chosen.tab], strings.SLIDES_MGMT_YEAR.format(year=chosen.year)]
    if chosen.municipality is not None:
        places = procedures.municipality_list(scope)
        names = dict(zip(places["id"].astype(int), places["name"], strict=True))
        if chosen.municipality in names:
            parts.append(str(names[chosen.municipality]))
    parts.append(chosen.subject or strings.TRAINING_ALL_SUBJECTS)
    return " · ".join(parts)


def _summary(effect: pd.DataFrame, plan: pd.DataFrame, year: int) -> str:
    """One sentence on the chart: how many programmes have an estimated effect and the
    largest; without estimates, the plan-order's totals."""
    measured = effect[effect["estimate"].notna()] if "estimate" in effect.columns else effect
    if measured.empty:
        totals = views.plan_totals(plan)
        return strings.SLIDES_TRAINING_NO_EFFECT.format(
            year=year,
            teachers=format_number(totals["teachers"]),
            hours=format_number(totals["hours"]),
        )
    best = measured.loc[measured["estimate"].astype("float64").idxmax()]
    label = views.programme_text(
        best.get("programme_code", best.get("measure_code")),
        best.get("title", best.get("programme", best.get("measure"))),
    )
    return strings.SLIDES_TRAINING_SUMMARY.format(
        n=len(measured), estimate=format_signed(best["estimate"], 1), programme=label
    )


def _table(scope: Scope, chosen: Selection, effect: pd.DataFrame) -> tuple[str, pd.DataFrame]:
    """(caption, the main table of the chosen tab as the page shows it to this role)."""
    if chosen.tab == "after":
        return strings.TRAINING_TABS["after"], views.effect_rows(effect)
    if chosen.tab == "plan":
        _plan, table = plan_screen(scope, chosen)
        cols = strings.PD_ORDER_COLUMNS
        table[cols["reasons"]] = [short_reasons(t) for t in table[cols["reasons"]]]
        return strings.TRAINING_TABS["plan"], table
    if chosen.tab == "need" and scope.role in NAMED_ROLES:
        needs = named_needs(scope, chosen.year)
        shown = subject_filter(municipality_filter(needs, chosen.municipality), chosen.subject)
        return strings.TRAINING_TABS["need"], views.needs_table(shown)
    # a viewer's need, the catalogue and the requests: the sums per municipality and subject
    plan = municipality_filter(pd_order.plan(scope, chosen.year), chosen.municipality)
    summary = views.plan_summary(plan)
    if chosen.subject:
        summary = summary[summary[strings.TRAINING_SUMMARY_COLUMNS["subject"]] == chosen.subject]
    return strings.TRAINING_SUMMARY_TITLE, summary


def render(scope: Scope, path: str, search: str) -> ViewSnapshot:
    _years, chosen = opening(scope, Selection.from_search(search))
    page = strings.NAV[PAGE]
    if chosen.year is None:
        return ViewSnapshot(
            path=path,
            query=search,
            title=strings.SLIDES_MGMT_TITLE.format(page=page, part=strings.TRAINING_TABS["need"]),
            message=strings.SLIDES_TRAINING_NO_DATA,
        )
    effect = views.effect_frame(pd_order.training_effect(scope))
    caption, table = _table(scope, chosen, effect)
    plan = municipality_filter(pd_order.plan(scope, chosen.year), chosen.municipality)
    day = data_date.data_date(scope)
    return ViewSnapshot(
        path=path,
        query=search,
        title=strings.SLIDES_MGMT_TITLE_YEAR.format(
            page=page, part=strings.TRAINING_TABS[chosen.tab], year=chosen.year
        ),
        filters=_filters(scope, chosen),
        source=strings.SLIDES_TRAINING_SOURCE.format(year=chosen.year),
        data_date=day.isoformat() if day else None,
        summary=_summary(effect, plan, chosen.year),
        figures=[figure_json(views.forest_view(effect))],
        tables=[SlideTable.from_frame(caption, table)],
    )


register(PAGE, render)
