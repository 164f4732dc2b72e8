"""`/schools/<code>` «Проблемы, меры и решения»: the school's findings of the latest results year
with their reasons (worded as /decisions words them), the matrix's measures in force that
answer each, and the decisions about the school, each linking to its card on /decisions.

Filled last: the block waits for the weak skills block (the bottom of the blocks above it), so
its queries never hold up the first screen, and it shows the latest results year whatever the
year picker says, so a year change does not refill it. Rights come from data_access:
``list_decisions(school_code=…)`` refuses a school the caller does not see by name (viewers
always), and the findings, already cut to the caller's, are cut here to this school.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, State, dcc, html
from dash.exceptions import PreventUpdate

from callbacks import inputs
from callbacks.decisions import may_adopt, today
from callbacks.decisions_query import Selection as DecisionsSelection
from callbacks.registry import callback
from dashboard import strings
from dashboard.auth import current_scope
from dashboard.figures import decisions as views
from dashboard.formatting import format_date
from dashboard.ids import SchoolProfile as ids
from data_access import decision_matrix, decisions, findings
from data_access.scope import OutOfScope, Scope

DECISIONS_PAGE = "/decisions"


@dataclass(frozen=True)
class SchoolMeasures:
    """What the block shows, as data_access returned it for the caller and the school."""

    year: int | None
    findings: pd.DataFrame  # findings.findings rows of this school
    measures: list[pd.DataFrame]  # per finding: decision_matrix.measures_for(kind, detail)
    decisions: pd.DataFrame  # decisions.list_decisions(school_code=…)
    details: dict[str, str]  # names of the findings' details (indicator codes → names)


def school_measures(scope: Scope, school_code: str, day: dt.date) -> SchoolMeasures:
    """The school's findings of the latest results year, the measures for each and the school's
    decisions. OutOfScope for a school the caller may not see by name (asked first)."""
    taken = decisions.list_decisions(scope, school_code=school_code, today=day)
    years = findings.finding_years(scope)
    year = years[-1] if years else None
    found = findings.findings(scope, year, today=day)  # the latest year; empty without one
    own = found[found["school_code"] == school_code].reset_index(drop=True)
    by_key: dict[tuple, pd.DataFrame] = {}
    for kind, detail in zip(own["kind"], own["detail"], strict=True):
        if (kind, detail) not in by_key:
            by_key[(kind, detail)] = decision_matrix.measures_for(scope, kind, detail)
    measures = [by_key[key] for key in zip(own["kind"], own["detail"], strict=True)]
    choices = decision_matrix.detail_choices(scope)
    details = dict(zip(choices["value"], choices["label"], strict=True))
    return SchoolMeasures(year, own, measures, taken, details)


# ------------------------------------------------------------------ the block


def decision_href(decision_id: int) -> str:
    """The decision's card on /decisions (?tab=decisions&decision=ID)."""
    return DECISIONS_PAGE + DecisionsSelection(tab="decisions", decision=int(decision_id)).query()


def adopt_href(year: int | None) -> str:
    """/decisions at the findings of the year the block shows."""
    return DECISIONS_PAGE + DecisionsSelection(year=year).query()


def finding_title(kind: object, detail: object, details: dict[str, str]) -> str:
    """«Дефицит условий: Износ здания»: the kind, and what exactly when the finding says."""
    name = views.kind_name(kind)
    if isinstance(detail, str) and detail:
        return f"{name}: {details.get(detail, detail)}"
    return name


def status_text(row: dict) -> str:
    """The decision's status in words, «, просрочено» added when it is overdue."""
    status = strings.DECISION_STATUS_NAMES.get(row["status"], row["status"])
    return f"{status}, {strings.DECISION_OVERDUE}" if row.get("overdue") else status


def _decision_links(ids_: list[int]) -> list:
    links: list = []
    for n, number in enumerate(ids_):
        if n:
            links.append(", ")
        links.append(
            dcc.Link(
                strings.PROFILE_MEASURES_DECISION.format(id=int(number)),
                href=decision_href(number),
                className="profile-finding-decision",
            )
        )
    return links


def _finding_item(row: dict, measures: pd.DataFrame, details: dict[str, str]) -> html.Li:
    """One finding: what, why (the /decisions reason), the measures answering it, its decisions."""
    title = finding_title(row["kind"], row.get("detail"), details)
    parts: list = [
        html.Div(
            [html.Strong(title), f": {views.finding_reason(row)}."], className="profile-finding"
        )
    ]
    if measures.empty:
        parts.append(html.P(strings.PROFILE_MEASURES_NONE, className="small text-muted mb-1"))
    else:
        parts.append(html.Div(f"{strings.PROFILE_MEASURES_FOR}:", className="small text-muted"))
        parts.append(
            html.Ul(
                [
                    html.Li(views.measure_option(m), className="profile-measure")
                    for m in measures.to_dict("records")
                ],
                className="mb-1",
            )
        )
    taken = [int(i) for i in row.get("decision_ids") or []]
    if taken:
        parts.append(
            html.Div(
                [f"{strings.PROFILE_MEASURES_TAKEN}: ", *_decision_links(taken)],
                className="small",
            )
        )
    return html.Li(parts, className="mb-2", **{"data-kind": str(row["kind"])})


def _decisions_table(frame: pd.DataFrame, details: dict[str, str]) -> html.Div:
    """The school's decisions: number (a link to the card), finding, measure, status, due date."""
    if frame.empty:
        return html.P(strings.PROFILE_DECISIONS_NONE, className="text-muted mb-2")
    cols = strings.PROFILE_DECISIONS_COLUMNS
    head = html.Thead(html.Tr([html.Th(cols[c]) for c in cols]))
    rows = []
    for row in frame.to_dict("records"):
        year = row.get("finding_year")
        finding = finding_title(row["finding"], row.get("finding_detail"), details)
        if year is not None and not pd.isna(year):
            finding = f"{finding} ({int(year)})"
        overdue = bool(row.get("overdue"))
        rows.append(
            html.Tr(
                [
                    html.Td(
                        dcc.Link(
                            strings.PROFILE_MEASURES_DECISION.format(id=int(row["id"])),
                            href=decision_href(row["id"]),
                        ),
                        className="text-nowrap",
                    ),
                    html.Td(finding),
                    html.Td(row["measure"]),
                    html.Td(
                        status_text(row),
                        className="text-danger fw-semibold decision-overdue" if overdue else "",
                        **{"data-status": row["status"]},
                    ),
                    html.Td(format_date(row.get("due_on")), className="text-nowrap"),
                ],
                **{"data-decision": str(int(row["id"]))},
            )
        )
    return html.Div(
        dbc.Table([head, html.Tbody(rows)], size="sm", className="profile-decisions mb-2"),
        className="table-responsive",
    )


def measures_view(shown: SchoolMeasures, role: str) -> html.Div:
    """The block: the findings with their measures, the decisions, and (for the roles that
    adopt decisions) the way to /decisions to adopt one."""
    if shown.year is None:
        found = html.P(strings.NO_DATA, className="text-muted no-data")
    elif shown.findings.empty:
        found = html.P(
            strings.PROFILE_MEASURES_NO_FINDINGS.format(year=shown.year), className="text-muted"
        )
    else:
        found = html.Ul(
            [
                _finding_item(row, measures, shown.details)
                for row, measures in zip(
                    shown.findings.to_dict("records"), shown.measures, strict=True
                )
            ],
            className="profile-findings ps-3",
        )
    parts: list = []
    if shown.year is not None:
        parts.append(
            html.P(
                strings.PROFILE_MEASURES_NOTE.format(year=shown.year),
                className="small text-muted mb-2",
            )
        )
    parts += [
        found,
        html.H3(strings.PROFILE_DECISIONS, className="h6 mt-3"),
        _decisions_table(shown.decisions, shown.details),
    ]
    if may_adopt(role):
        parts.append(
            html.P(
                dcc.Link(
                    f"{strings.PROFILE_MEASURES_ADOPT} →",
                    href=adopt_href(shown.year),
                    className="profile-adopt",
                ),
                className="mb-0 no-print",
            )
        )
    return html.Div(parts)


@callback(
    Output(ids.MEASURES, "children"),
    Input(ids.SCHOOL, "data"),
    Input(ids.SKILLS, "children"),
    State(ids.BODY, "hidden"),
    State(ids.MEASURES, "children"),
    memo=True,
)
def measures_block(school_code, _skills, hidden, shown):
    """Filled once per page view, after the weak skills block (the page's last above it): a
    refused page (body hidden) never gets here, and a later year change leaves it as it is."""
    if hidden is True or shown is not None:
        raise PreventUpdate
    code = inputs.text(school_code, 20)
    if code is None:
        raise OutOfScope("school", school_code)
    scope = current_scope()
    return measures_view(school_measures(scope, code, today()), scope.role)
