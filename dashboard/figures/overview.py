"""Views of the overview `/`: frames from data_access.overview in → (figure, table frame) out.

Pure: no data access, no Dash. A chart and its table come from the same call, so a table (or
a download) is exactly the chart's data. Labels are escaped before plotly sees them.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard import strings
from dashboard.figures.template import (
    HIGHLIGHT,
    MARK_COLOURS,
    PALETTE,
    base_figure,
    empty_figure,
    safe_label,
)
from dashboard.formatting import format_date, format_number, format_percent

Result = tuple[go.Figure, pd.DataFrame]
MARKS = (2, 3, 4, 5)


def empty(message: str = strings.NO_DATA) -> Result:
    return empty_figure(message), pd.DataFrame()


def _names(frame: pd.DataFrame) -> list[str]:
    """Row names as the user reads them: the own school (for a director) is marked."""
    return [
        f"{strings.OWN_SCHOOL}: {name}" if own else str(name)
        for name, own in zip(frame["municipality"], frame["is_own_school"], strict=True)
    ]


def _hover(label: str, source: str, extra: str = "") -> str:
    return "%{y}<br>" + label + ": %{x:.1f} %<br>" + extra + source + "<extra></extra>"


def by_municipality(frame: pd.DataFrame, source: str) -> Result:
    """Mean percent per municipality (and the own school), lowest at the bottom."""
    if frame.empty:
        return empty()
    frame = frame.sort_values("mean_percent", na_position="first")
    names = _names(frame)
    colours = [HIGHLIGHT if own else PALETTE[0] for own in frame["is_own_school"]]
    text = [
        strings.SUPPRESSED if hidden else format_percent(value)
        for hidden, value in zip(frame["suppressed"], frame["mean_percent"], strict=True)
    ]
    fig = base_figure(strings.OVERVIEW_BY_MUNICIPALITY)
    fig.add_bar(
        x=frame["mean_percent"].fillna(0),
        y=[safe_label(n) for n in names],
        orientation="h",
        marker_color=colours,
        text=text,
        textposition="auto",
        customdata=frame[["participants"]].astype("float64").fillna(0).to_numpy(),
        hovertemplate=_hover(
            strings.MEAN_PERCENT, source, strings.PARTICIPANTS + ": %{customdata[0]:,.0f}<br>"
        ),
    )
    fig.update_layout(xaxis_title=strings.MEAN_PERCENT)
    fig.update_yaxes(automargin=True)
    table = pd.DataFrame(
        {
            strings.OVERVIEW_UNIT: names,
            strings.PARTICIPANTS: frame["participants"].to_numpy(),
            strings.MEAN_PERCENT: frame["mean_percent"].astype("float64").round(2).to_numpy(),
        }
    )
    return fig, table


def marks(frame: pd.DataFrame, source: str) -> Result:
    """Stacked shares of marks 2–5 per municipality (alphabetical, top to bottom)."""
    if frame.empty:
        return empty()
    frame = frame.sort_values("municipality")
    names = _names(frame)
    labels = [safe_label(n) for n in names]
    counts = frame[[f"marks_{m}" for m in MARKS]].astype("float64")
    total = counts.sum(axis=1)
    shares = {m: counts[f"marks_{m}"] / total.where(total > 0) * 100 for m in MARKS}
    fig = base_figure(strings.OVERVIEW_MARKS)
    for mark in MARKS:
        label = strings.MARK.format(m=mark)
        fig.add_bar(
            x=shares[mark],
            y=labels,
            orientation="h",
            name=label,
            marker_color=MARK_COLOURS[mark],
            hovertemplate=_hover(label, source),
        )
    fig.update_layout(
        barmode="stack",
        xaxis_title=strings.SHARE + ", %",
        xaxis_range=[0, 100],
        legend={"orientation": "h", "y": -0.2, "yanchor": "top", "x": 0, "traceorder": "normal"},
        margin={"b": 90},
    )
    fig.update_yaxes(automargin=True)
    table = pd.DataFrame(
        {
            strings.OVERVIEW_UNIT: names,
            **{strings.MARK.format(m=m): shares[m].round(2).to_numpy() for m in MARKS},
        }
    )
    return fig, table


def latest_table(frame: pd.DataFrame) -> pd.DataFrame:
    """The latest procedures as the page shows them: Russian headers, formatted values."""
    if frame.empty:
        return pd.DataFrame()
    names = strings.COLUMNS
    return pd.DataFrame(
        {
            names["kind"]: [strings.PROCEDURE_KINDS.get(k, k) for k in frame["kind"]],
            names["subject"]: frame["subject"].astype(str).to_numpy(),
            names["grade"]: [str(g) for g in frame["grade"]],
            names["year"]: [str(y) for y in frame["year"]],  # a year is not a number: no thin space
            names["held_on"]: [format_date(d) for d in frame["held_on"]],
            names["participants"]: [format_number(v) for v in frame["participants"]],
            names["mean_percent"]: [format_percent(v) for v in frame["mean_percent"]],
        }
    )
