"""`/decisions` compensation tab: a school's deficits of conditions → the matrix's measures →
the decisions taken on them (data_access.findings.compensation_plan), adopting the measures
still without a decision at once, and the plan as XLSX/PDF (the very table on the page)."""

from __future__ import annotations

import pandas as pd
from dash import Input, Output, State, ctx, html
from dash.exceptions import PreventUpdate

from callbacks import inputs
from callbacks.decisions import may_adopt, today
from callbacks.decisions_adopt import alert, refusal_text
from callbacks.decisions_query import Selection
from callbacks.downloads import sent
from callbacks.registry import callback
from dashboard import strings
from dashboard.auth import current_scope
from dashboard.figures import decisions as views
from dashboard.formatting import format_date
from dashboard.ids import Decisions as ids
from dashboard.reports import decisions as plan_report
from dashboard.reports import exports
from dashboard.web.components import refusal_alert
from dashboard.web.tables import data_grid, grid_columns, grid_rows, wrap
from data_access import decision_changes, decisions, findings
from data_access.scope import OutOfScope, Scope


def deficit_findings(scope: Scope) -> pd.DataFrame:
    """The school deficit findings of the latest results year the caller sees by name."""
    frame = findings.findings(scope, today=today())
    return frame[(frame["kind"] == "deficit") & (frame["level"] == "school")]


@callback(
    Output(ids.PLAN_SCHOOL, "options"),
    Output(ids.PLAN_SCHOOL, "value"),
    Input(ids.TABS, "active_tab"),
    State(ids.LOCATION, "search"),
    State(ids.PLAN_SCHOOL, "value"),
)
def plan_schools(tab, search, chosen):
    """Schools with a deficit of conditions (a director: the own school), the address's or the
    current choice kept, else the first."""
    if tab != "compensation":
        raise PreventUpdate
    scope = current_scope()
    if scope.role not in decisions.ADOPT_ROLES | {"school"}:
        return [], None
    deficits = deficit_findings(scope).drop_duplicates("school_code").sort_values("school")
    options = [
        {"label": name, "value": code}
        for code, name in zip(deficits["school_code"], deficits["school"], strict=True)
    ]
    codes = [o["value"] for o in options]
    wanted = [Selection.parse(school=chosen).school, Selection.from_search(search).school]
    value = next((c for c in wanted if c in codes), codes[0] if codes else None)
    return options, value


def _screen(plan: pd.DataFrame) -> pd.DataFrame:
    cols = strings.COMPENSATION_REPORT_COLUMNS
    shown = plan.copy()
    shown[cols["due_on"]] = [None if pd.isna(d) else format_date(d) for d in shown[cols["due_on"]]]
    return shown


@callback(
    Output(ids.PLAN, "children"),
    Input(ids.PLAN_SCHOOL, "value"),
    Input(ids.CHANGED, "data"),
)
def compensation_view(school, _changed):
    code = Selection.parse(school=school).school
    if code is None:
        return html.P(strings.COMPENSATION_NONE, className="text-muted")
    plan = findings.compensation_plan(current_scope(), code)  # OutOfScope: audited 204
    if plan.empty:
        return html.P(strings.COMPENSATION_NONE, className="text-muted")
    table = _screen(plan_report.compensation_frame(plan))
    grid = data_grid(ids.PLAN_GRID, class_name="decisions-compensation", page_size=50)
    grid.rowData = grid_rows(table)
    grid.columnDefs = wrap(
        grid_columns(table),
        table,
        strings.COMPENSATION_REPORT_COLUMNS["measure"],
        strings.COMPENSATION_REPORT_COLUMNS["indicator"],
    )
    return grid


@callback(
    Output(ids.PLAN_FEEDBACK, "children"),
    Output(ids.CHANGED, "data", allow_duplicate=True),
    Input(ids.PLAN_ADOPT, "n_clicks"),
    State(ids.PLAN_SCHOOL, "value"),
    State(ids.CHANGED, "data"),
    prevent_initial_call=True,
)
def compensation_adopt(n_clicks, school, changed):
    """Adopt every matrix measure of the school's plan that has no decision yet."""
    if not inputs.clicked(n_clicks) or ctx.triggered_id != ids.PLAN_ADOPT:
        raise PreventUpdate
    scope, code = current_scope(), Selection.parse(school=school).school
    if code is None or not may_adopt(scope.role):
        return refusal_alert(), inputs.bump(changed)
    try:
        plan = findings.compensation_plan(scope, code)
        found = deficit_findings(scope)
        found = found[found["school_code"] == code].set_index("detail")
        adopted = 0
        for row in plan.to_dict("records"):
            missing = row["decision_id"] is None or pd.isna(row["decision_id"])
            if (
                not missing
                or pd.isna(row["measure_id"])
                or row["indicator_code"] not in found.index
            ):
                continue
            finding = found.loc[row["indicator_code"]]
            decision_changes.adopt(
                scope,
                finding="deficit",
                finding_year=int(finding["year"]),
                school_code=code,
                finding_detail=row["indicator_code"],
                finding_reason=views.finding_reason({**finding.to_dict(), "kind": "deficit"}),
                measure_id=int(row["measure_id"]),
            )
            adopted += 1
    except OutOfScope:  # audited by data_access
        return refusal_alert(), inputs.bump(changed)
    except decisions.DecisionRefused as refused:
        return alert(refusal_text(refused), "warning"), inputs.bump(changed)
    if not adopted:
        return alert(strings.COMPENSATION_NOTHING, "secondary"), inputs.bump(changed)
    return alert(strings.COMPENSATION_ADOPTED.format(n=adopted), "success"), inputs.bump(changed)


@callback(
    Output(ids.PLAN_DOWNLOAD, "data"),
    Input(ids.PLAN_XLSX, "n_clicks"),
    Input(ids.PLAN_PDF, "n_clicks"),
    State(ids.PLAN_SCHOOL, "value"),
    prevent_initial_call=True,
)
def compensation_export(xlsx_clicks, pdf_clicks, school):
    """The school's compensation plan as the page shows it, XLSX or PDF."""
    pressed = ctx.triggered_id
    clicks = xlsx_clicks if pressed == ids.PLAN_XLSX else pdf_clicks
    code = Selection.parse(school=school).school
    if pressed not in (ids.PLAN_XLSX, ids.PLAN_PDF) or not inputs.clicked(clicks) or not code:
        raise PreventUpdate
    scope = current_scope()
    plan = plan_report.compensation_frame(findings.compensation_plan(scope, code))
    names = deficit_findings(scope)
    named = names.loc[names["school_code"] == code, "school"]
    title = named.iloc[0] if not named.empty else code
    day = today()
    stem = exports.safe_filename(f"compensation_{code}_{day.isoformat()}")
    if pressed == ids.PLAN_XLSX:
        data, name = plan_report.compensation_xlsx(title, plan, day), f"{stem}.xlsx"
    else:
        data, name = plan_report.compensation_pdf(title, plan, day), f"{stem}.pdf"
    return sent(data, name, "decisions.compensation", rows=len(plan), asked=f"school={code}")
