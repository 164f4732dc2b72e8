"""The school profile as a one-page A4 PDF, drawn by plotly and rendered by kaleido.

kaleido (dashboard.reports.kaleido_browser, also used for chart images) prints a plotly figure
to PDF through Debian's chromium, so the page is one figure: header text, the context bars,
the results trend and marks, and the weakest skills as a table. The charts are the page's own
views (dashboard.figures.profile), so the PDF shows exactly what the screen shows.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboard import strings
from dashboard.analytics import deficits
from dashboard.figures import profile as views
from dashboard.figures import template as figures
from dashboard.formatting import format_date, format_number
from dashboard.reports import kaleido_browser

A4_WIDTH, A4_HEIGHT = 794, 1123  # A4 at 96 dpi
# One page has room for a short list: three skills per subject, ten at most.
PDF_SKILLS_PER_SUBJECT, PDF_SKILLS_ROWS = 3, 10


def _short(name: object, limit: int = 55) -> str:
    name = str(name)
    return figures.safe_label(name if len(name) <= limit else name[: limit - 1] + "…")


def flags_line(flags: dict) -> str:
    """The flags data_access found (school_flag_state), in one line."""
    found = [
        text
        for on, text in (
            (bool(flags["low_runs"]), strings.FLAG_LOW_RESULTS),
            (bool(flags["adverse"]), strings.FLAG_ADVERSE),
        )
        if on
    ]
    return f"{strings.PROFILE_FLAGS}: {'; '.join(found) if found else strings.PROFILE_NO_FLAGS}"


def data_date(results: pd.DataFrame, year: object) -> str:
    """«Данные на …»: the latest date a procedure of the school was held, and `year`."""
    held = results["held_on"].dropna() if "held_on" in results else pd.Series(dtype=object)
    date = format_date(max(held)) if len(held) else strings.NO_DATA
    return strings.PROFILE_DATA_DATE.format(
        date=date, year=strings.NO_DATA if year is None else year
    )


def last_year(results: pd.DataFrame, *years: object) -> int | None:
    """The last school year in the data: the latest year of the school's results or of the
    other years given (the context's), not the year chosen for the page."""
    found = [int(y) for y in results["year"].dropna()] if "year" in results else []
    found += [int(y) for y in years if y is not None and not pd.isna(y)]
    return max(found) if found else None


def header_lines(
    header: dict,
    flags: dict,
    results: pd.DataFrame,
    year: int,
    procedure: str,
    min_cell: int,
    latest: int | None = None,
) -> list[str]:
    """The text under the school's name: facts, flags, data date (with the last year in the
    data, `latest`, else found from `results`), the chosen filters, suppression."""
    return [
        " · ".join(
            [
                header["municipality"],
                strings.SCHOOL_KINDS.get(header["kind"], header["kind"]),
                strings.LOCALITIES.get(header["locality"], header["locality"]),
                f"{strings.PROFILE_FIELDS['pupils']}: {format_number(header['pupils'])}",
            ]
        ),
        flags_line(flags),
        data_date(results, latest if latest is not None else last_year(results, year)),
        strings.PROFILE_FILTERS.format(year=year, procedure=procedure),
        strings.SUPPRESSION_RULE.format(n=min_cell),
    ]


def conditions_line(context: pd.DataFrame, year: int) -> str | None:
    """The year's conditions in one line: deficits (against a norm only) and indicators without
    a norm below the regional median, which are not called deficits. None without conditions."""
    needed = {"group", "value", "direction", "norm", "region_median"}
    if context.empty or not needed <= set(context.columns):
        return None
    conditions = context[context["group"] == "conditions"]
    if conditions.empty:
        return None
    scored = deficits.conditions_deficits(conditions)
    return strings.PROFILE_PDF_CONDITIONS.format(
        year=year,
        deficits=format_number(int(scored["is_deficit"].sum())),
        below=format_number(int(scored["below_median"].sum())),
    )


def _legend_under(fig: go.Figure, row: int, col: int) -> dict:
    """A horizontal legend under the plot at (row, col), as wide as that plot."""
    axis = fig.get_subplot(row, col)
    return {
        "orientation": "h",
        "x": axis.xaxis.domain[0],
        "xref": "paper",
        "y": axis.yaxis.domain[0] - 0.03,
        "yanchor": "top",
        "font": {"size": 9},
        "itemwidth": 30,
        "tracegroupgap": 0,
    }


def profile_figure(
    header: dict,
    lines: list[str],
    context: views.Result,
    trend: go.Figure,
    marks: go.Figure,
    skills: pd.DataFrame,
) -> go.Figure:
    """Compose the page from the views' figures (an empty view leaves «нет данных»)."""
    context, context_table = context
    fig = make_subplots(
        rows=3,
        cols=2,
        row_heights=[0.36, 0.28, 0.36],
        vertical_spacing=0.07,
        horizontal_spacing=0.12,
        specs=[[{"colspan": 2}, None], [{}, {}], [{"type": "table", "colspan": 2}, None]],
        subplot_titles=[
            strings.PROFILE_CONTEXT,
            strings.PROFILE_RESULTS_TREND,
            strings.PROFILE_RESULTS_MARKS,
            strings.PROFILE_SKILLS,
        ],
    )
    # Each chart of the second row keeps its own legend under it (one shared legend ran the
    # trend's lines and the marks into one line).
    legends = {(1, 1): "legend", (2, 1): "legend", (2, 2): "legend2"}
    for row, col, view in ((1, 1, context), (2, 1, trend), (2, 2, marks)):
        if not view.data:
            axis = fig.get_subplot(row, col)
            fig.add_annotation(
                text=strings.NO_DATA,
                showarrow=False,
                xref="paper",
                yref="paper",
                x=sum(axis.xaxis.domain) / 2,
                y=sum(axis.yaxis.domain) / 2,
            )
        for trace in view.data:
            fig.add_trace(trace.update(legend=legends[row, col]), row=row, col=col)
    # The marks' legend is titled «Отметка» and lists «5» «4» «3» «2»: it fits under its chart.
    mark_word, _, _ = strings.MARK.partition("{m}")
    for trace in marks.data:
        if trace.name and trace.name.startswith(mark_word):
            fig.update_traces(
                name=trace.name.replace(mark_word.rstrip("«").rstrip() + " ", "", 1),
                selector={"legend": "legend2", "name": trace.name},
            )
    if not context_table.empty:  # the bars' names in the view's order, shortened for print
        names = context_table[strings.PROFILE_CONTEXT_COLUMNS["name"]]
        fig.update_traces(y=[_short(n) for n in names], row=1, col=1)
    if skills.empty:
        cells = [[strings.NO_DATA], [""], [""], [""]]
    else:
        cells = [
            [figures.safe_label(s) for s in skills["subject"]],
            [
                figures.safe_label(f"{c} {n}")
                for c, n in zip(skills["skill_code"], skills["skill_name"], strict=True)
            ],
            [format_number(v, 1) for v in skills["school_percent"]],
            [format_number(v, 1) for v in skills["gap"]],
        ]
    fig.add_table(
        header={
            "values": [
                strings.LABEL_SUBJECT,
                strings.PROFILE_SKILLS_COLUMNS["skill"],
                strings.PROFILE_SKILLS_COLUMNS["school_percent"],
                strings.PROFILE_SKILLS_COLUMNS["gap"],
            ],
            "font": {"size": 10},
        },
        cells={"values": cells, "font": {"size": 9}, "align": "left"},
        columnwidth=[0.18, 0.58, 0.12, 0.12],
        row=3,
        col=1,
    )
    text = [
        f"<b>{figures.safe_label(header['name'])}</b>",
        *[figures.safe_label(line) for line in lines],
    ]
    fig.add_annotation(
        text="<br>".join(text),
        xref="paper",
        yref="paper",
        x=0,
        y=1.0,
        yshift=135,
        xanchor="left",
        yanchor="top",
        align="left",
        showarrow=False,
        font={"size": 11},
    )
    fig.update_layout(
        template=figures.TEMPLATE,
        barmode="stack",
        width=A4_WIDTH,
        height=A4_HEIGHT,
        margin={"l": 40, "r": 30, "t": 165, "b": 30},  # seven lines of text above the plots
        font={"size": 10},
        legend=_legend_under(fig, 2, 1),
        legend2={
            **_legend_under(fig, 2, 2),
            "title": {"text": mark_word.rstrip("«").rstrip() + ":", "side": "left"},
        },
    )
    # Long indicator names sit left of a narrowed first plot instead of widening every margin.
    fig.update_xaxes(domain=[0.45, 1.0], row=1, col=1)
    fig.update_yaxes(automargin=False, row=1, col=1, tickfont={"size": 9})
    fig.update_xaxes(dtick=1, tickformat="d", row=2)
    fig.update_annotations(
        font_size=12, selector={"yref": "paper", "showarrow": False, "xanchor": "center"}
    )
    return fig


def profile_report(
    header: dict,
    flags: dict,
    context: pd.DataFrame,
    results: pd.DataFrame,
    skills: pd.DataFrame,
    *,
    year: int,
    kind: str | None,
    subject: str | None,
    grade: int | None,
    min_cell: int,
    latest: int | None = None,
) -> bytes:
    """The profile as A4 PDF bytes, from frames read once by the caller.

    `context`: the year's indicators with `position`; `results`: all the school's procedures
    (the chosen one is picked here, all of them date the data); `skills`: weak_skills of `year`;
    `latest`: the last year in the data as the page names it (its year picker's last year),
    else the latest of the results and `year`.
    """
    procedure = (
        strings.procedure_label(kind, subject, grade) if kind and subject else strings.NO_DATA
    )
    rows = views.procedure_rows(results, kind, subject, grade)
    weakest = views.weakest_skills(skills, PDF_SKILLS_PER_SUBJECT)
    weakest = weakest.sort_values("gap", kind="stable").head(PDF_SKILLS_ROWS)
    lines = header_lines(header, flags, results, year, procedure, min_cell, latest)
    conditions = conditions_line(context, year)
    fig = profile_figure(
        header,
        lines if conditions is None else [*lines[:2], conditions, *lines[2:]],
        views.context_view(context, year),
        views.results_trend_view(rows, procedure)[0],
        views.marks_view(rows, procedure)[0],
        weakest,
    )
    return to_pdf(fig)


def a4_page(fig: go.Figure, heading: str, lines: int) -> go.Figure:
    """Lay `fig` out as one A4 page with `heading` (plotly HTML of `lines` lines) above it:
    the table reports' (roadmaps, decisions) common page."""
    top = 30 + 20 * lines
    fig.add_annotation(
        text=heading,
        xref="paper",
        yref="paper",
        x=0,
        y=1,
        yshift=top - 20,
        xanchor="left",
        yanchor="top",
        align="left",
        showarrow=False,
        font={"size": 10},
    )
    fig.update_layout(
        template=figures.TEMPLATE,
        width=A4_WIDTH,
        height=A4_HEIGHT,
        margin={"l": 30, "r": 30, "t": top, "b": 20},
    )
    return fig


def to_pdf(fig: go.Figure) -> bytes:
    """`fig` as one A4 PDF page, printed by the process's warm kaleido browser."""
    return kaleido_browser.render_one(fig, "pdf", A4_WIDTH, A4_HEIGHT)
