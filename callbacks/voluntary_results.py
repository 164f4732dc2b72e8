"""`/voluntary` participants, results and feedback: counts of who joined (every role) and the
registrations one by one (not viewers); a participating director's report against the other
participants, everyone else the participants' aggregate; the feedback form (a participating
director) and the organiser's summary of the answers.

Which results a caller gets is decided by data_access.voluntary: school_report answers the
director's own school only; every other role is given participants_summary, never a school."""

from __future__ import annotations

from collections import Counter

import pandas as pd
from dash import Input, Output, State, ctx, dcc, html
from dash.exceptions import PreventUpdate

from callbacks import inputs
from callbacks.query import to_query
from callbacks.registry import callback
from callbacks.voluntary import NAMED_ROLES, alert, code_of, refused_alert, tab_of
from dashboard import rules, strings
from dashboard.auth import current_scope
from dashboard.figures import template as figures
from dashboard.figures import voluntary as views
from dashboard.formatting import format_datetime, format_number, format_percent
from dashboard.ids import Voluntary as ids
from dashboard.models.voluntary import DIFFICULTIES, JOIN_AGAIN
from dashboard.web.components import refusal_alert
from dashboard.web.tables import data_grid, grid_columns, grid_rows, small_table, wrap
from data_access import voluntary, voluntary_changes
from data_access.scope import OutOfScope


@callback(
    Output(ids.COUNTS, "rowData"),
    Output(ids.COUNTS, "columnDefs"),
    Output(ids.COUNTS_TOTAL, "children"),
    Output(ids.REGISTRATIONS, "rowData"),
    Output(ids.REGISTRATIONS, "columnDefs"),
    Input(ids.WORK, "value"),
    Input(ids.CHANGED, "data"),
    Input(ids.TABS, "active_tab"),
    memo=True,
)
def voluntary_participants(work, _changed, tab):
    """Schools and pupils registered per municipality; the registrations by name for the
    roles that may see them."""
    code = code_of(work)
    if tab_of(tab) != "participants" or code is None:
        raise PreventUpdate
    scope = current_scope()
    counts = voluntary.registration_counts(scope, code)
    table = views.counts_table(counts)
    total = strings.VOLUNTARY_COUNTS_TOTAL.format(
        schools=format_number(counts["schools"].sum()), pupils=format_number(counts["pupils"].sum())
    )
    named_rows, named_columns = [], []
    if scope.role in NAMED_ROLES:
        frame = views.registrations_table(voluntary.registrations(scope, code))
        cols = strings.VOLUNTARY_REGISTRATION_COLUMNS
        named_columns = wrap(grid_columns(frame), frame, cols["school"], cols["classes"])
        named_rows = grid_rows(frame)
    return grid_rows(table), grid_columns(table), total, named_rows, named_columns


def _suppressed_note() -> html.P:
    text = strings.VOLUNTARY_SUPPRESSED.format(
        schools=rules.VOLUNTARY_MIN_SCHOOLS, pupils=rules.min_cell()
    )
    return html.P(text, className="voluntary-suppressed text-muted")


def _source(found: dict) -> str:
    return f"{found['work_code']}: {found['title']}"


def _report(found: dict, report: dict):
    """A participating school's results against the other participants."""
    school, others, skills = report["school"], report["others"], report["skills"]
    blocks = [
        html.P(
            strings.VOLUNTARY_SCHOOL_LINE.format(
                percent=format_percent(school["mean_percent"]),
                n=format_number(school["participants"]),
            ),
            className="fw-semibold voluntary-school-line",
        )
    ]
    if others["suppressed"]:
        blocks.append(_suppressed_note())
    else:
        blocks.append(
            html.P(
                strings.VOLUNTARY_OTHERS_LINE.format(
                    schools=format_number(others["schools"]),
                    n=format_number(others["participants"]),
                    percent=format_percent(others["mean_percent"]),
                )
            )
        )
    table = views.report_table(skills)
    cols = strings.VOLUNTARY_SKILL_COLUMNS
    blocks.append(
        data_grid(
            ids.SKILLS_GRID,
            table,
            page_size=25,
            class_name="voluntary-skills",
            digits={cols["school"]: 1, cols["others"]: 1, cols["difference"]: 1},
        )
    )
    if report["weak"]:
        plan = "/training" + to_query({"tab": "requests", "subject": found["subject"]})
        blocks += [
            html.P(
                strings.VOLUNTARY_WEAK_NOTE.format(skills=", ".join(report["weak"])),
                className="mt-2 voluntary-weak",
            ),
            dcc.Link(strings.VOLUNTARY_PLAN_LINK, href=plan, className="voluntary-plan-link"),
        ]
        programmes = report["programmes"]
        if len(programmes):
            frame = views.programmes_table(programmes)
            pcols = strings.VOLUNTARY_PROGRAMME_COLUMNS
            blocks += [
                html.H3(strings.VOLUNTARY_PROGRAMMES_TITLE, className="h6 mt-3"),
                data_grid(
                    ids.PROGRAMMES_GRID,
                    frame,
                    page_size=10,
                    class_name="voluntary-programmes",
                    columnDefs=wrap(grid_columns(frame), frame, pcols["title"], pcols["provider"]),
                ),
            ]
    else:
        blocks.append(html.P(strings.VOLUNTARY_NO_WEAK, className="mt-2"))
    rule = strings.VOLUNTARY_WEAK_RULE.format(margin=format_number(rules.WEAK_SKILL_MARGIN))
    blocks.append(html.P(rule, className="text-muted small voluntary-weak-rule"))
    labels = [
        views.skill_label(c, n) + (f" ({strings.VOLUNTARY_WEAK})" if w else "")
        for c, n, w in zip(skills["skill_code"], skills["skill_name"], skills["weak"], strict=True)
    ]
    bars = [(strings.VOLUNTARY_CHART_SCHOOL, list(table[cols["school"]]), True)]
    if not others["suppressed"]:
        bars.append((strings.VOLUNTARY_CHART_OTHERS, list(table[cols["others"]]), False))
    return html.Div(blocks), views.skills_chart(labels, bars, _source(found))


def _summary(found: dict, summary: dict):
    """The aggregate over every participant (no school)."""
    if not summary["has_results"]:
        message = strings.VOLUNTARY_NO_RESULTS
        return html.P(message, className="text-muted"), figures.empty_figure(message)
    if summary["suppressed"]:
        return _suppressed_note(), figures.empty_figure(strings.SUPPRESSED)
    line = strings.VOLUNTARY_SUMMARY_LINE.format(
        schools=format_number(summary["schools"]),
        n=format_number(summary["participants"]),
        percent=format_percent(summary["mean_percent"]),
    )
    skills = summary["skills"]
    table = views.summary_table(skills)
    percent = strings.VOLUNTARY_SKILL_COLUMNS["percent"]
    grid = data_grid(ids.SKILLS_GRID, table, class_name="voluntary-skills", digits={percent: 1})
    labels = [
        views.skill_label(c, n)
        for c, n in zip(skills["skill_code"], skills["skill_name"], strict=True)
    ]
    bars = [(strings.VOLUNTARY_CHART_PARTICIPANTS, list(table[percent]), False)]
    chart = views.skills_chart(labels, bars, _source(found))
    return html.Div([html.P(line, className="fw-semibold voluntary-summary-line"), grid]), chart


@callback(
    Output(ids.RESULTS, "children"),
    Output(ids.CHART, "figure"),
    Input(ids.WORK, "value"),
    Input(ids.CHANGED, "data"),
    Input(ids.TABS, "active_tab"),
    memo=True,
)
def voluntary_results(work, _changed, tab):
    """A participating director: the own school against the other participants; anyone
    else (and a director whose school has no results): the participants' aggregate."""
    code = code_of(work)
    if tab_of(tab) != "results" or code is None:
        raise PreventUpdate
    scope = current_scope()
    found = voluntary.work(scope, code)
    if scope.role == "school" and found["has_results"]:
        try:
            return _report(found, voluntary.school_report(scope, code))
        except voluntary.VoluntaryRefused:
            pass  # the results went away meanwhile: the aggregate below
    return _summary(found, voluntary.participants_summary(scope, code))


def _counts(names: dict, counts: dict, keys) -> pd.DataFrame:
    cols = strings.VOLUNTARY_SUMMARY_COLUMNS
    return pd.DataFrame(
        {cols["answer"]: [names[k] for k in keys], cols["schools"]: [counts[k] for k in keys]}
    )


def feedback_summary_block(summary: dict) -> html.Div:
    """The «справка»: how many answered, mean usefulness, the distributions, the comments."""
    blocks = [
        html.H2(strings.VOLUNTARY_SUMMARY_TITLE, className="h5"),
        html.P(
            strings.VOLUNTARY_SUMMARY_ANSWERS.format(
                answers=format_number(summary["answers"]),
                participants=format_number(summary["participants"]),
            ),
            className="voluntary-answers",
        ),
    ]
    if summary["suppressed"]:
        text = strings.VOLUNTARY_SUMMARY_SUPPRESSED.format(n=rules.VOLUNTARY_FEEDBACK_MIN)
        return html.Div([*blocks, html.P(text, className="voluntary-suppressed text-muted")])
    if summary["usefulness_mean"] is not None:
        mean = format_number(summary["usefulness_mean"], 1)
        blocks.append(html.P(strings.VOLUNTARY_SUMMARY_MEAN.format(mean=mean)))
    useful = {k: strings.VOLUNTARY_SUMMARY_USEFULNESS.format(n=k) for k in range(1, 6)}
    tables = [
        (strings.VOLUNTARY_USEFULNESS, _counts(useful, summary["usefulness"], range(1, 6))),
        (
            strings.VOLUNTARY_DIFFICULTY,
            _counts(strings.VOLUNTARY_DIFFICULTIES, summary["difficulty"], DIFFICULTIES),
        ),
        (
            strings.VOLUNTARY_JOIN_AGAIN,
            _counts(strings.VOLUNTARY_JOIN_AGAIN_NAMES, summary["join_again"], JOIN_AGAIN),
        ),
    ]
    for title, frame in tables:
        blocks += [html.H3(title, className="h6 mt-3"), small_table(frame)]
    comments = summary["comments"]
    blocks.append(html.H3(strings.VOLUNTARY_COMMENTS_TITLE, className="h6 mt-3"))
    blocks.append(
        html.Ul(
            [
                html.Li(c if n == 1 else strings.VOLUNTARY_COMMENT_REPEATED.format(text=c, n=n))
                for c, n in Counter(comments).most_common()
            ],
            className="voluntary-comments",
        )
        if comments
        else html.P(strings.VOLUNTARY_NO_COMMENTS, className="text-muted small")
    )
    return html.Div(blocks, className="voluntary-feedback-summary")


@callback(
    Output(ids.FEEDBACK_BOX, "hidden"),
    Output(ids.FEEDBACK_NOTE, "children"),
    Output(ids.USEFULNESS, "value"),
    Output(ids.DIFFICULTY, "value"),
    Output(ids.JOIN_AGAIN, "value"),
    Output(ids.FEEDBACK_COMMENT, "value"),
    Output(ids.SUMMARY, "children"),
    Input(ids.WORK, "value"),
    Input(ids.CHANGED, "data"),
    Input(ids.TABS, "active_tab"),
)
def voluntary_feedback(work, _changed, tab):
    """A participating director's form, filled with the school's last answer; the summary of
    the answers for the organiser (and a municipality, from enough answers)."""
    code = code_of(work)
    if tab_of(tab) != "feedback" or code is None:
        raise PreventUpdate
    scope = current_scope()
    found = voluntary.work(scope, code)
    closed = (True, "", None, None, None, "")
    if scope.role == "school":
        if not found["may_answer"]:
            note = html.P(strings.VOLUNTARY_FEEDBACK_CLOSED, className="text-muted")
            return (*closed, note)
        own = voluntary.own_feedback(scope, code) or {}
        note = (
            strings.VOLUNTARY_FEEDBACK_ANSWERED.format(at=format_datetime(own["answered_at"]))
            if own
            else ""
        )
        return (
            False,
            note,
            own.get("usefulness"),
            own.get("difficulty"),
            own.get("join_again"),
            own.get("comment") or "",
            None,
        )
    if scope.role in voluntary.SUMMARY_ROLES:
        return (*closed, feedback_summary_block(voluntary.feedback_summary(scope, code)))
    return (*closed, html.P(strings.VOLUNTARY_FEEDBACK_HIDDEN, className="text-muted"))


@callback(
    Output(ids.FEEDBACK_RESULT, "children"),
    Output(ids.CHANGED, "data", allow_duplicate=True),
    Input(ids.FEEDBACK_SEND, "n_clicks"),
    State(ids.WORK, "value"),
    State(ids.USEFULNESS, "value"),
    State(ids.DIFFICULTY, "value"),
    State(ids.JOIN_AGAIN, "value"),
    State(ids.FEEDBACK_COMMENT, "value"),
    State(ids.CHANGED, "data"),
    prevent_initial_call=True,
)
def voluntary_feedback_send(n_clicks, work, usefulness, difficulty, join_again, comment, changed):
    """The own school's answer (data_access checks it took part and has results)."""
    if not inputs.clicked(n_clicks) or ctx.triggered_id != ids.FEEDBACK_SEND:
        raise PreventUpdate
    code = code_of(work)
    if code is None:
        return alert(strings.VOLUNTARY_PICK, "warning"), inputs.bump(changed)
    try:
        voluntary_changes.answer_feedback(
            current_scope(),
            code,
            usefulness=usefulness if isinstance(usefulness, int | str) else None,
            difficulty=difficulty if isinstance(difficulty, str) else None,
            join_again=join_again if isinstance(join_again, str) else None,
            comment=inputs.typed(comment, 2000) or None,
        )
    except OutOfScope:  # audited by data_access
        return refusal_alert(), inputs.bump(changed)
    except voluntary.VoluntaryRefused as refused:
        return refused_alert(refused), inputs.bump(changed)
    return alert(strings.VOLUNTARY_FEEDBACK_SAVED, "success"), inputs.bump(changed)
