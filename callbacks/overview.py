"""Overview callbacks: counts, the procedure pickers and the municipality charts."""

from __future__ import annotations

import dash_bootstrap_components as dbc
import pandas as pd
import plotly.graph_objects as go
from dash import Input, Output, html

from callbacks import inputs
from callbacks.registry import callback
from dashboard import rules, strings
from dashboard.auth import current_scope
from dashboard.figures import template as figures
from dashboard.formatting import format_number, format_percent
from dashboard.ids import Overview as ids
from data_access import overview

PREFERRED = {"kind": "vpr", "subject": "математика"}


def _options(values) -> list[dict]:
    return [{"label": str(v), "value": v} for v in values]


def _pick(values: list, preferred=None, last: bool = False):
    if not values:
        return None
    if preferred in values:
        return preferred
    return values[-1] if last else values[0]


@callback(
    Output(ids.COUNTS, "children"),
    Output(ids.LATEST, "children"),
    Output(ids.KIND, "options"),
    Output(ids.KIND, "value"),
    Input("url", "pathname"),
)
def load_overview(_pathname):
    scope = current_scope()
    counts = overview.overview_counts(scope)
    cards = dbc.Row(
        [
            dbc.Col(
                dbc.Card(
                    dbc.CardBody(
                        [
                            html.Div(format_number(counts[key]), className="h4 mb-0"),
                            html.Div(label, className="small text-muted"),
                        ]
                    )
                ),
                xs=6, md=True,
            )
            for key, label in strings.OVERVIEW_COUNTS.items()
        ],
        className="g-2",
    )
    latest = latest_table(overview.latest_procedures(scope))
    kinds = sorted(overview.procedure_choices(scope)["kind"].unique().tolist())
    options = [{"label": strings.PROCEDURE_KINDS.get(k, k), "value": k} for k in kinds]
    return cards, latest, options, _pick(kinds, PREFERRED["kind"])


def latest_table(frame: pd.DataFrame):
    if frame.empty:
        return html.P(strings.NO_DATA, className="text-muted")
    shown = pd.DataFrame(
        {
            strings.COLUMNS["kind"]: [strings.PROCEDURE_KINDS.get(k, k) for k in frame["kind"]],
            strings.COLUMNS["subject"]: frame["subject"],
            strings.COLUMNS["grade"]: frame["grade"],
            strings.COLUMNS["year"]: frame["year"],
            strings.COLUMNS["held_on"]: [d.strftime("%d.%m.%Y") if d else "" for d in frame["held_on"]],
            strings.COLUMNS["participants"]: [format_number(v) for v in frame["participants"]],
            strings.COLUMNS["mean_percent"]: [format_percent(v) for v in frame["mean_percent"]],
        }
    )
    return dbc.Table.from_dataframe(shown, striped=True, hover=True, size="sm", responsive=True)


@callback(Output(ids.SUBJECT, "options"), Output(ids.SUBJECT, "value"), Input(ids.KIND, "value"))
def choose_subject(kind):
    kind = inputs.text(kind)
    choices = overview.procedure_choices(current_scope())
    subjects = sorted(choices.loc[choices["kind"] == kind, "subject"].unique().tolist())
    return _options(subjects), _pick(subjects, PREFERRED["subject"])


@callback(
    Output(ids.GRADE, "options"),
    Output(ids.GRADE, "value"),
    Input(ids.KIND, "value"),
    Input(ids.SUBJECT, "value"),
)
def choose_grade(kind, subject):
    kind, subject = inputs.text(kind), inputs.text(subject)
    choices = overview.procedure_choices(current_scope())
    rows = choices[(choices["kind"] == kind) & (choices["subject"] == subject)]
    grades = sorted(int(g) for g in rows["grade"].unique())
    return _options(grades), _pick(grades)


@callback(
    Output(ids.YEAR, "options"),
    Output(ids.YEAR, "value"),
    Input(ids.KIND, "value"),
    Input(ids.SUBJECT, "value"),
    Input(ids.GRADE, "value"),
)
def choose_year(kind, subject, grade):
    kind, subject, grade = inputs.text(kind), inputs.text(subject), inputs.integer(grade, 0, 12)
    choices = overview.procedure_choices(current_scope())
    rows = choices[
        (choices["kind"] == kind) & (choices["subject"] == subject) & (choices["grade"] == grade)
    ]
    years = sorted(int(y) for y in rows["year"].unique())
    return _options(years), _pick(years, last=True)


@callback(
    Output(ids.BY_MUNICIPALITY, "figure"),
    Output(ids.MARKS, "figure"),
    Output(ids.NOTE, "children"),
    Input(ids.KIND, "value"),
    Input(ids.SUBJECT, "value"),
    Input(ids.GRADE, "value"),
    Input(ids.YEAR, "value"),
)
def municipality_charts(kind, subject, grade, year):
    kind, subject = inputs.text(kind), inputs.text(subject)
    grade, year = inputs.integer(grade, 0, 12), inputs.integer(year, 1990, 2100)
    if None in (kind, subject, grade, year):
        empty = figures.empty_figure(strings.NO_DATA)
        return empty, empty, ""
    frame = overview.results_by_municipality(current_scope(), kind, subject, grade, year)
    source = strings.DATA_SOURCE.format(procedure=strings.procedure_label(kind, subject, grade), year=year)
    note = f"{source} {strings.SUPPRESSION_RULE.format(n=rules.min_cell())}"
    if frame.empty:
        empty = figures.empty_figure(strings.NO_DATA)
        return empty, empty, note
    return mean_percent_figure(frame, source), marks_figure(frame, source), note


def _labels(frame: pd.DataFrame) -> list[str]:
    return [
        figures.safe_label(f"{strings.OWN_SCHOOL}: {name}" if own else name)
        for name, own in zip(frame["municipality"], frame["is_own_school"], strict=True)
    ]


def mean_percent_figure(frame: pd.DataFrame, source: str) -> go.Figure:
    frame = frame.sort_values("mean_percent", na_position="first")
    labels = _labels(frame)
    colours = [figures.HIGHLIGHT if own else figures.PALETTE[0] for own in frame["is_own_school"]]
    text = [strings.SUPPRESSED if s else format_percent(v) for s, v in zip(frame["suppressed"], frame["mean_percent"], strict=True)]
    fig = figures.base_figure(strings.OVERVIEW_BY_MUNICIPALITY)
    fig.add_bar(
        x=frame["mean_percent"].fillna(0), y=labels, orientation="h", marker_color=colours,
        text=text, textposition="auto",
        customdata=frame[["participants"]].astype("float64").fillna(0).to_numpy(),
        hovertemplate="%{y}<br>" + strings.MEAN_PERCENT + ": %{x:.1f} %<br>"
        + strings.PARTICIPANTS + ": %{customdata[0]:,.0f}<br>" + source + "<extra></extra>",
    )
    fig.update_layout(xaxis_title=strings.MEAN_PERCENT)
    fig.update_yaxes(automargin=True)
    return fig


def marks_figure(frame: pd.DataFrame, source: str) -> go.Figure:
    frame = frame.sort_values("municipality")
    labels = _labels(frame)
    total = frame[["marks_2", "marks_3", "marks_4", "marks_5"]].sum(axis=1)
    fig = figures.base_figure(strings.OVERVIEW_MARKS)
    for mark in (2, 3, 4, 5):
        share = (frame[f"marks_{mark}"] / total.where(total > 0)) * 100
        fig.add_bar(
            x=share, y=labels, orientation="h", name=strings.MARK.format(m=mark),
            marker_color=figures.MARK_COLOURS[mark],
            hovertemplate="%{y}<br>" + strings.MARK.format(m=mark) + ": %{x:.1f} %<br>" + source + "<extra></extra>",
        )
    fig.update_layout(barmode="stack", xaxis_title=strings.SHARE + ", %", xaxis_range=[0, 100],
                      legend={"orientation": "h", "y": -0.2, "yanchor": "top", "x": 0,
                              "traceorder": "normal"},
                      margin={"b": 90})
    fig.update_yaxes(automargin=True)
    return fig
