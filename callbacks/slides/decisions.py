"""The slide of `/decisions`: the decisions-by-status chart (an aggregate every role reads)
and the table of the address's tab, opened as the page opens it (callbacks.decisions.opening).

Roles that see decisions one by one get the named findings, the decisions list or the matrix;
a viewer gets the counts per municipality the page shows it instead (no school is named)."""

from __future__ import annotations

import pandas as pd

from callbacks.decisions import NAMED_ROLES, _shown, opening, today
from callbacks.decisions_list import screen_table, shown_decisions
from callbacks.decisions_matrix import _labels
from callbacks.decisions_query import Selection
from callbacks.slides import register
from dashboard import strings
from dashboard.figures import decisions as views
from dashboard.reports import decisions as plan_report
from dashboard.slides import SlideTable, ViewSnapshot, figure_json
from data_access import data_date, decision_matrix, decisions, findings, procedures
from data_access.scope import Scope

PAGE = "/decisions"


def _filters(scope: Scope, chosen: Selection) -> str:
    """The selection in words, as the page's controls show it."""
    parts = [strings.DECISIONS_TABS[chosen.tab], strings.SLIDES_MGMT_YEAR.format(year=chosen.year)]
    if chosen.kind:
        parts.append(strings.SLIDES_DECISIONS_KIND.format(kind=views.kind_name(chosen.kind)))
    if chosen.level:
        level = strings.FINDING_LEVEL_NAMES[chosen.level]
        parts.append(strings.SLIDES_DECISIONS_LEVEL.format(level=level))
    if chosen.undecided:
        parts.append(strings.SLIDES_DECISIONS_UNDECIDED)
    if chosen.municipality is not None:
        places = procedures.municipality_list(scope)
        names = dict(zip(places["id"].astype(int), places["name"], strict=True))
        name = names.get(chosen.municipality)
        if name:
            parts.append(strings.SLIDES_DECISIONS_MUNICIPALITY.format(name=name))
    if chosen.statuses:
        statuses = ", ".join(strings.DECISION_STATUS_NAMES[s] for s in chosen.statuses)
        parts.append(strings.SLIDES_DECISIONS_STATUSES.format(statuses=statuses))
    if chosen.overdue:
        parts.append(strings.SLIDES_DECISIONS_OVERDUE)
    return " · ".join(parts)


def _summary(counts: pd.DataFrame) -> str:
    """One sentence on the chart: how many decisions, the commonest status."""
    if counts.empty:
        return strings.SLIDES_DECISIONS_EMPTY
    by_status = counts.groupby("status")["count"].sum().sort_values(ascending=False)
    status = str(by_status.index[0])
    return strings.SLIDES_DECISIONS_SUMMARY.format(
        n=int(counts["count"].sum()),
        status=strings.DECISION_STATUS_NAMES.get(status, status),
        top=int(by_status.iloc[0]),
    )


def _table(scope: Scope, chosen: Selection, counts: pd.DataFrame) -> pd.DataFrame:
    """The main table of the chosen tab, as the page shows it to this role."""
    named = scope.role in NAMED_ROLES
    if chosen.tab == "findings":
        if not named:
            shown = findings.finding_counts(scope, chosen.year)
            if chosen.kind:
                shown = shown[shown["kind"] == chosen.kind]
            return views.finding_counts_table(shown)
        frame = findings.findings(scope, chosen.year, today=today())
        table = views.findings_table(_shown(frame, chosen))
        return table.drop(columns=[strings.FINDINGS_COLUMNS["link"]])  # a link is no slide text
    if chosen.tab == "matrix":
        return views.matrix_table(decision_matrix.current_matrix(scope), _labels(scope))
    if chosen.tab == "decisions" and named:
        return screen_table(plan_report.plan_frame(shown_decisions(scope, chosen)))
    return views.decision_counts_table(counts)  # a viewer's decisions; the compensation tab


def render(scope: Scope, path: str, search: str) -> ViewSnapshot:
    years, chosen = opening(scope, Selection.from_search(search))
    page = strings.NAV[PAGE]
    part = strings.DECISIONS_TABS[chosen.tab]
    if chosen.year is None:
        return ViewSnapshot(
            path=path,
            query=search,
            title=strings.SLIDES_MGMT_TITLE.format(page=page, part=part),
            message=strings.SLIDES_DECISIONS_NO_DATA,
        )
    counts = decisions.decision_counts(scope)
    table = _table(scope, chosen, counts)
    day = data_date.data_date(scope)
    return ViewSnapshot(
        path=path,
        query=search,
        title=strings.SLIDES_MGMT_TITLE_YEAR.format(page=page, part=part, year=chosen.year),
        filters=_filters(scope, chosen),
        source=strings.SLIDES_DECISIONS_SOURCE.format(year=chosen.year),
        data_date=day.isoformat() if day else None,
        summary=_summary(counts),
        figures=[figure_json(views.status_chart(counts, today()))],
        tables=[SlideTable.from_frame(part, table)],
    )


register(PAGE, render)
