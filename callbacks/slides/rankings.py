"""The `/rankings` slide: the open tab's chart and the ranking table of the fitted view the page
would show this reader for the address's selection (defaults resolved as on first load)."""

from __future__ import annotations

from dataclasses import replace

from dash.exceptions import PreventUpdate

from callbacks import pickers
from callbacks import rankings as page
from callbacks.rankings_query import Selection
from callbacks.slides import register
from dashboard import strings
from dashboard.figures import rankings as views
from dashboard.formatting import format_number
from dashboard.slides import SlideTable, ViewSnapshot, figure_json
from data_access import overview, rankings
from data_access.data_date import data_date
from data_access.scope import Scope


def resolved(scope: Scope, search: str) -> tuple[Selection, dict[str, str]]:
    """The selection the page settles on for `search`: the procedure chain resolved against
    what the reader may see, covariates kept only when offered; and the offered labels."""
    asked = Selection.from_search(search)
    labels = page._covariate_labels(scope)
    pick = pickers.resolve(
        overview.procedure_choices(scope),
        asked.kind,
        asked.subject,
        asked.grade,
        asked.year,
        all_subjects=True,
        all_grades=True,
    )
    municipality = scope.role == "municipality"
    return (
        replace(
            asked,
            kind=pick.kind,
            subject=pick.subject,
            grade=pick.grade,
            year=pick.year,
            covariates=tuple(c for c in asked.covariates if c in labels),
            schools=(asked.schools or "own") if municipality else "all",
        ),
        labels,
    )


def _table(scope: Scope, view: dict, table_scope: str) -> SlideTable:
    """The grid's table; a reader who sees aggregates only gets the municipalities, as the
    page's download gives them."""
    if scope.aggregates_only:
        frame, _ = page.municipality_frame(rankings.municipality_summary(scope, **view["args"]))
        return SlideTable.from_frame(strings.SLIDE_RANK_MUNICIPALITIES, frame)
    return SlideTable.from_frame(strings.RANK_TABLE, page.download_frame(view, table_scope))


def _summary(view: dict) -> str:
    table = view["table"]
    return strings.SLIDE_RANK_SUMMARY.format(
        n=format_number(len(table)),
        above=format_number(int((table["ci_low"] > 0).sum())),
        below=format_number(int((table["ci_high"] < 0).sum())),
    )


def render(scope: Scope, path: str, search: str) -> ViewSnapshot:
    selection, labels = resolved(scope, search)
    day = data_date(scope)
    base = ViewSnapshot(
        path=path,
        query=search,
        title=strings.RANK_TITLE,
        data_date=day.isoformat() if day else None,
    )
    if not selection.complete:
        return replace(base, message=strings.SLIDE_NO_DATA)
    try:
        view = page._fitted(selection, labels, scope)
    except PreventUpdate:
        return replace(base, message=strings.SLIDE_NO_DATA)
    args = {
        "kind": selection.kind,
        "subject": selection.subject,
        "grade": selection.grade,
        "year": selection.year,
    }
    outcome = views.outcome_label(args)
    covariates = ", ".join(labels[c] for c in selection.covariates)
    filters = strings.SLIDE_RANK_FILTERS.format(
        outcome=outcome,
        year=selection.year,
        level=strings.RANK_LEVELS[selection.level],
        covariates=covariates or strings.SLIDE_RANK_NO_COVARIATES,
        chart=strings.RANK_TABS[selection.tab],
    )
    if selection.schools == "own" and scope.role == "municipality":
        filters = f"{filters} · {strings.SLIDE_RANK_OWN_SCHOOLS}"
    base = replace(
        base,
        title=strings.SLIDE_RANK_TITLE.format(outcome=outcome, year=selection.year),
        filters=filters,
        source=strings.SLIDE_RANK_SOURCE.format(
            procedure=strings.PROCEDURE_KINDS.get(selection.kind, selection.kind),
            year=selection.year,
        ),
    )
    if "empty" in view:
        message = views.empty_message(view, labels, selection.level)
        return replace(base, message=message)
    figure = views.chart(view, selection.tab, False)
    return replace(
        base,
        summary=_summary(view),
        figures=[figure_json(figure)],
        tables=[_table(scope, view, selection.schools or "all")],
    )


register("/rankings", render)
