"""Views of the overview `/`: frames from data_access.overview in → (figure, table frame) out.

Pure: no data access, no Dash. A chart and its table come from the same call, so a table (or
a download) is exactly the chart's data. Labels are escaped before plotly sees them.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard import strings
from dashboard.figures.categories import top_and_bottom
from dashboard.figures.template import (
    MARK_COLOURS,
    MUTED,
    OWN_COLOUR,
    OWN_OUTLINE,
    PALETTE,
    base_figure,
    empty_figure,
    safe_label,
)
from dashboard.formatting import format_date, format_number, format_percent

Result = tuple[go.Figure, pd.DataFrame]
MARKS = (2, 3, 4, 5)
#: customdata of every overview bar: what a click on it opens (callbacks/overview.py).
LINK_COLUMNS = ("municipality_code", "school_code")


def shown(frame: pd.DataFrame, show_all: bool = False) -> tuple[pd.DataFrame, int]:
    """The municipalities both charts draw: at most MAX_CATEGORIES (the best and the worst by
    mean percent, the own municipality and school always kept) unless `show_all`; and how
    many were left out."""
    if frame.empty:
        return frame, 0
    own = _own(frame)
    return top_and_bottom(frame.assign(own=own), "mean_percent", show_all=show_all)


def _own(frame: pd.DataFrame) -> pd.Series:
    """Rows drawn as «own»: the caller's municipality and school (not a category colour)."""
    column = "is_own" if "is_own" in frame else "is_own_school"
    return frame[column].fillna(False).astype(bool)


def _links(frame: pd.DataFrame) -> list[list[str]]:
    """Per row: (municipality code, school code), empty strings where unknown."""
    out = []
    for column in LINK_COLUMNS:
        values = frame[column] if column in frame else pd.Series([None] * len(frame))
        out.append(["" if pd.isna(v) else str(v) for v in values])
    return [list(pair) for pair in zip(*out, strict=True)]


def _ticks(fig: go.Figure, labels: list[str], own: list[bool]) -> None:
    """The own municipality's or school's axis label bold in the own colour (the bars keep
    plain labels, so hovers and clicks carry the name as typed)."""
    fig.update_yaxes(
        tickmode="array",
        tickvals=labels,
        ticktext=[
            f"<span style='color:{OWN_COLOUR}'><b>{label}</b></span>" if mine else label
            for label, mine in zip(labels, own, strict=True)
        ],
    )


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


def by_municipality(frame: pd.DataFrame, source: str, region: float | None = None) -> Result:
    """Mean percent per municipality (and the own school), lowest at the bottom; the own
    municipality and school in the «own» colour; `region` (the region's mean) as a line."""
    if frame.empty:
        return empty()
    frame = frame.sort_values("mean_percent", na_position="first", kind="stable")
    names = _names(frame)
    own = _own(frame).tolist()
    colours = [OWN_COLOUR if mine else PALETTE[0] for mine in own]
    text = [
        strings.SUPPRESSED if hidden else format_percent(value)
        for hidden, value in zip(frame["suppressed"], frame["mean_percent"], strict=True)
    ]
    participants = frame["participants"].astype("float64").fillna(0).to_numpy()
    fig = base_figure()
    labels = [safe_label(n) for n in names]
    fig.add_bar(
        x=frame["mean_percent"].fillna(0),
        y=labels,
        orientation="h",
        marker={
            "color": colours,
            "line": {"color": [OWN_OUTLINE if m else colours[0] for m in own], "width": 1.5},
        },
        text=text,
        textposition="auto",
        customdata=[[p, *link] for p, link in zip(participants, _links(frame), strict=True)],
        hovertemplate=_hover(
            strings.MEAN_PERCENT, source, strings.PARTICIPANTS + ": %{customdata[0]:,.0f}<br>"
        ),
        showlegend=False,
    )
    if region is not None:
        fig.add_vline(
            x=region,
            line={"color": MUTED, "dash": "dash", "width": 2},
            annotation={
                "text": strings.OVERVIEW_REGION_LINE.format(value=format_percent(region)),
                "font": {"size": 11, "color": "#5F6B7A"},
                "yanchor": "bottom",
            },
            annotation_position="top",
        )
    fig.update_layout(
        xaxis_title=strings.MEAN_PERCENT + ", %",
        margin={"t": 28},
    )
    fig.update_yaxes(automargin=True)
    _ticks(fig, labels, own)
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
    frame = frame.sort_values("municipality", kind="stable")
    names = _names(frame)
    labels = [safe_label(n) for n in names]
    links = _links(frame)
    counts = frame[[f"marks_{m}" for m in MARKS]].astype("float64")
    total = counts.sum(axis=1)
    shares = {m: counts[f"marks_{m}"] / total.where(total > 0) * 100 for m in MARKS}
    fig = base_figure()
    for mark in MARKS:
        label = strings.MARK.format(m=mark)
        fig.add_bar(
            x=shares[mark],
            y=labels,
            orientation="h",
            name=label,
            marker_color=MARK_COLOURS[mark],
            customdata=links,
            hovertemplate=_hover(label, source),
        )
    # The legend above the plot (the card holds the title), the axis title below it.
    fig.update_layout(
        barmode="stack",
        xaxis_title=strings.SHARE + ", %",
        xaxis_range=[0, 100],
        legend={"orientation": "h", "y": 1.0, "yanchor": "bottom", "x": 0, "traceorder": "normal"},
        margin={"t": 36},
    )
    fig.update_yaxes(automargin=True)
    _ticks(fig, labels, _own(frame).tolist())
    table = pd.DataFrame(
        {
            strings.OVERVIEW_UNIT: names,
            **{strings.MARK.format(m=m): shares[m].round(2).to_numpy() for m in MARKS},
        }
    )
    return fig, table


def latest_table(frame: pd.DataFrame, home: str | None = None) -> pd.DataFrame:
    """The latest procedures as the page shows them: Russian headers, formatted values; with
    `home` (the own municipality's name) its mean percent beside the region's."""
    if frame.empty:
        return pd.DataFrame()
    names = strings.COLUMNS
    table = pd.DataFrame(
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
    if home is None or "home_mean_percent" not in frame:
        return table
    table = table.rename(columns={names["mean_percent"]: strings.OVERVIEW_REGION_PERCENT})
    table.insert(
        len(table.columns) - 1,
        strings.OVERVIEW_HOME_PERCENT.format(name=home),
        [format_percent(v) for v in frame["home_mean_percent"]],
    )
    return table


def school_latest(results: pd.DataFrame) -> tuple[int | None, pd.DataFrame]:
    """A director's school first: its procedures of its latest year (from
    data_access.school_profile.school_results) beside municipality and region, formatted."""
    if results.empty:
        return None, pd.DataFrame()
    year = int(results["year"].max())
    rows = results[results["year"] == year].sort_values(["kind", "subject", "grade"])
    names = strings.OVERVIEW_SCHOOL_COLUMNS
    table = pd.DataFrame(
        {
            names["procedure"]: [
                strings.procedure_label(k, s, g)
                for k, s, g in zip(rows["kind"], rows["subject"], rows["grade"], strict=True)
            ],
            names["participants"]: [format_number(v) for v in rows["participants"]],
            **{
                names[c]: [format_percent(v) for v in rows[c]]
                for c in ("mean_percent", "municipality_mean", "region_mean")
            },
        }
    )
    return year, table
