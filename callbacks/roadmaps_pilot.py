"""The pilot programme view on `/roadmaps`: stages with their tasks as a checklist, and the
final products of section V of seed 002, each with the OKO page that serves it.

A product counts as implemented only when a page serving it is registered (every page OKO
registers is built; a product naming a page that is not there is reported as not implemented).

A task due several times (every year of the programme, or in several periods) is a line per
occurrence, named by its year or period and ticked on its own.
"""

from __future__ import annotations

import functools

import dash
import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, dcc, html
from dash.exceptions import PreventUpdate

from callbacks.registry import callback
from callbacks.roadmaps import item_href, roadmap_detail, row_occurrence, status_badge, today
from callbacks.roadmaps_query import Selection
from dashboard import seeds, strings
from dashboard.analytics import roadmap_progress
from dashboard.auth import current_scope
from dashboard.figures import roadmaps as views
from dashboard.formatting import NO_VALUE
from dashboard.ids import Roadmaps as ids
from dashboard.web.tables import small_table
from data_access import roadmaps

# Section V product → the OKO pages that serve it (empty: a document, not a function of OKO).
PRODUCT_PAGES: dict[str, tuple[str, ...]] = {
    "1": ("/", "/schools"),  # the variative model: overview + school profiles
    "1a": ("/decisions",),  # management decisions
    "1b": ("/training",),  # PD plan-order
    "1c": ("/rankings",),  # results with context taken into account
    "1d": ("/admin/imports", "/procedures"),  # collecting and processing procedure data
    "2": (),  # normative and methodological documents
    "3": ("/objectivity",),  # criteria and indicators of effectiveness (objectivity of results)
}


@functools.cache
def page_built(path: str) -> bool:
    """Whether a page serving `path` is registered (cached: the pages are fixed once imported)."""
    return any(
        page.get("path") == path and not page.get("path_template")
        for page in dash.page_registry.values()
    )


def _page_name(path: str) -> str:
    return strings.NAV.get(path, path)


def stage_block(stage: str, tasks: pd.DataFrame) -> dbc.Card:
    done = int((tasks["status"] == "done").sum())
    rows = []
    labels, occurrences = views.occurrence_labels(tasks), row_occurrence(tasks)
    for row, label, occurrence in zip(tasks.itertuples(), labels, occurrences, strict=True):
        tick = "☑" if row.status == "done" else "☐"
        rows.append(
            html.Li(
                [
                    html.Span(tick, className="me-2 fs-5", **{"aria-hidden": "true"}),
                    html.Div(
                        [
                            html.Div(
                                [
                                    dcc.Link(
                                        f"{views.numbered(row.number, label)}. {row.title}",
                                        href=item_href(row.item_id, occurrence),
                                    ),
                                    " ",
                                    status_badge(row.display_status),
                                ]
                            ),
                            html.Div(
                                [
                                    html.Span(strings.PILOT_TASK_RESULT, className="text-muted"),
                                    row.expected_result or "",
                                ],
                                className="small",
                            ),
                            html.Div(
                                [
                                    html.Span(strings.PILOT_TASK_MATERIALS, className="text-muted"),
                                    row.confirming_materials or "",
                                    " (",
                                    strings.PILOT_TASK_EVIDENCE.format(n=int(row.evidence)),
                                    ")",
                                ],
                                className="small",
                            ),
                        ]
                    ),
                ],
                className="d-flex mb-2 pilot-task",
                **{
                    "data-done": str(row.status == "done").lower(),
                    "data-item": str(int(row.item_id)),
                    "data-occurrence": str(int(getattr(row, "occurrence", 1))),
                },
            )
        )
    title = strings.PILOT_STAGE.format(stage=stage, done=done, total=len(tasks))
    return dbc.Card(
        dbc.CardBody(
            [
                html.H3(title, className="h6"),
                dbc.Progress(
                    value=round(done / len(tasks) * 100) if len(tasks) else 0,
                    className="mb-2",
                    style={"height": "6px"},
                ),
                html.Ul(rows, className="list-unstyled mb-0"),
            ]
        ),
        className="mb-2 pilot-stage",
    )


def products_block() -> dbc.Table:
    """Section V products, each with the OKO pages serving it and whether one is built."""
    rows = []
    for number, title in seeds.FINAL_PRODUCTS:
        pages = PRODUCT_PAGES.get(number, ())
        built = [p for p in pages if page_built(p)]
        if not pages:
            verdict, colour = strings.PILOT_PRODUCT_OUTSIDE, "secondary"
        elif built:
            verdict, colour = strings.PILOT_PRODUCT_BUILT, "success"
        else:
            verdict, colour = strings.PILOT_PRODUCT_NOT_BUILT, "warning"
        links = [dcc.Link(_page_name(p), href=p, className="me-2") for p in pages]
        badge = html.Span(
            dbc.Badge(verdict, color=colour, className="text-wrap"),
            className="pilot-product",
            **{"data-built": str(bool(built)).lower()},
        )
        rows.append((number, title, html.Span(links) if links else NO_VALUE, badge))
    cols = strings.PILOT_PRODUCT_COLUMNS
    frame = pd.DataFrame(rows, columns=[cols[k] for k in ("number", "title", "pages", "state")])
    return small_table(frame, class_name="pilot-products")


@callback(Output(ids.PILOT, "children"), Input(ids.ROADMAP, "value"))
def pilot_view(code):
    selection = Selection.parse(roadmap=code)
    if selection.roadmap is None:
        raise PreventUpdate
    scope = current_scope()
    detail = roadmap_detail(scope, selection.roadmap)
    if detail["kind"] != "pilot_programme":
        return None
    items = roadmap_progress.with_outcomes(roadmaps.roadmap_items(scope, detail["id"]), today())
    stages = [
        stage_block(stage, items[items["section"] == stage])
        for stage in pd.unique(items["section"])
    ]
    return dbc.Card(
        dbc.CardBody(
            [
                html.H2(strings.PILOT_TITLE, className="h5"),
                *stages,
                html.H2(strings.PILOT_PRODUCTS, className="h5 mt-3"),
                products_block(),
            ]
        ),
        className="mb-3 pilot-programme",
    )
