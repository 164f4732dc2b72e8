"""Roadmap views: frames in (already scoped by data_access) → (figure, table frame) or a table
frame out. The Gantt timeline, the KPI count trend, and the tables of `/roadmaps`, the item
card and the status report, so the screen and the report read the same columns.

The timeline is one horizontal bar trace over a date axis (what px.timeline draws), kept as a
single trace so the items stay in source order; the legend comes from empty marker traces.

The frames are occurrences (data_access.roadmaps.roadmap_items): an item due every year or in
several periods has one row per occurrence, each with its own dates and status; on the
timeline its occurrences are bars on the item's one row, in the tables they are rows of their
own named by :func:`occurrence_labels` («2023», «2023/24», «период 1 из 2»).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go

from dashboard import strings
from dashboard.figures import template as figures
from dashboard.formatting import NO_VALUE, format_date, format_number

Result = tuple[go.Figure, pd.DataFrame]

STATUS_COLOURS = {
    "planned": figures.MUTED,
    "in_progress": figures.PALETTE[0],
    "done": figures.PALETTE[2],
    "overdue": figures.PALETTE[5],
    "cancelled": figures.PALETTE[3],
}
LABEL_LENGTH = 40
ROW_HEIGHT = 26
# How far outside the items' span "today" may be and still be drawn (else the bars squash).
TODAY_MARGIN = dt.timedelta(days=120)
STAMP = "%d.%m.%Y %H:%M"
SHARES = ("done_on_time", "done_late", "done_undated", "overdue")


def short(text: object, limit: int = LABEL_LENGTH) -> str:
    text = " ".join(str(text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def section_labels(sections: pd.Series, kind: str) -> dict[str, str]:
    """Short axis names: stage names of a pilot programme, «Раздел N» of a roadmap."""
    order = list(pd.unique(sections))
    if kind == "pilot_programme":
        return {s: short(s, 24) for s in order}
    return {s: strings.ROADMAP_SECTION_N.format(k=k) for k, s in enumerate(order, start=1)}


def _day(value: object) -> dt.date:
    return pd.Timestamp(value).date()


def _text(value: object) -> str:
    """A text cell: missing values (None, NaN) become the empty string."""
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def occurrence_label(year: object, due_on: object, number: object, count: object) -> str:
    """How an occurrence is named: its year («2023»), a school year when it ends in a later
    calendar year («2023/24»), its span of a multi-span text («период 1 из 2»), or '' for
    an item due once."""
    if year is not None and not pd.isna(year):
        start = int(year)
        due = None if due_on is None or pd.isna(due_on) else _day(due_on)
        if due is not None and due.year > start:
            return strings.ROADMAP_SCHOOL_YEAR.format(start=start, end=(start + 1) % 100)
        return str(start)
    total = 1 if count is None or pd.isna(count) else int(count)
    if total > 1:
        return strings.ROADMAP_OCCURRENCE_SPAN.format(n=int(number), total=total)
    return ""


def occurrence_labels(items: pd.DataFrame) -> list[str]:
    """:func:`occurrence_label` of every row ('' throughout for a frame without occurrences)."""
    if "occurrence" not in items:
        return [""] * len(items)
    years = items["occurrence_year"] if "occurrence_year" in items else [None] * len(items)
    counts = items["occurrence_count"] if "occurrence_count" in items else [None] * len(items)
    return [
        occurrence_label(y, d, n, c)
        for y, d, n, c in zip(years, items["due_on"], items["occurrence"], counts, strict=True)
    ]


def numbered(number: object, label: str) -> str:
    """«1.2» or, for one occurrence of it, «1.2 (2023)»."""
    if not label:
        return str(number)
    return strings.ROADMAP_NUMBER_OCCURRENCE.format(number=number, occurrence=label)


def item_count(items: pd.DataFrame) -> int:
    """How many items the rows are occurrences of."""
    return int(items["item_id"].nunique()) if "item_id" in items else len(items)


def _timeline_frame(dated: pd.DataFrame) -> pd.DataFrame:
    cols = strings.ROADMAP_ITEM_COLUMNS
    return pd.DataFrame(
        {
            cols["number"]: dated["number"].to_numpy(),
            cols["occurrence"]: occurrence_labels(dated),
            strings.ITEM_FIELDS["section"]: dated["section"].to_numpy(),
            cols["title"]: dated["title"].to_numpy(),
            cols["period_text"]: [_text(p) for p in dated["period_text"]],
            cols["starts_on"]: [format_date(v) for v in dated["starts_on"]],
            cols["due_on"]: [format_date(v) for v in dated["due_on"]],
            cols["status"]: [strings.ROADMAP_STATUS_NAMES[s] for s in dated["display_status"]],
        }
    )


def gantt(items: pd.DataFrame, kind: str, today: dt.date) -> Result:
    """Bars from start to due (inclusive) per occurrence, on its item's row, grouped by
    section, today's line; the frame lists the drawn occurrences (undated ones are not
    drawn)."""
    dated = items.dropna(subset=["starts_on", "due_on"])
    if dated.empty:
        return figures.empty_figure(strings.NO_DATA), _timeline_frame(dated)
    sections = section_labels(dated["section"], kind)
    starts = [_day(v) for v in dated["starts_on"]]
    ends = [_day(v) + dt.timedelta(days=1) for v in dated["due_on"]]
    labels = [
        figures.safe_label(f"{n}. {short(t)}")
        for n, t in zip(dated["number"], dated["title"], strict=True)
    ]
    status = list(dated["display_status"])
    hover = [
        [
            figures.safe_label(short(t, 120) + (f" ({o})" if o else "")),
            figures.safe_label(_text(p)),
            format_date(s),
            format_date(e - dt.timedelta(days=1)),
            strings.ROADMAP_STATUS_NAMES[st],
            figures.safe_label(sec),
        ]
        for t, o, p, s, e, st, sec in zip(
            dated["title"],
            occurrence_labels(dated),
            dated["period_text"],
            starts,
            ends,
            status,
            dated["section"],
            strict=True,
        )
    ]
    # No figure title: the card around the chart holds it (one title per chart).
    fig = figures.base_figure()
    fig.add_bar(
        y=[[sections[s] for s in dated["section"]], labels],
        x=[(e - s).days * 86_400_000 for s, e in zip(starts, ends, strict=True)],
        base=[s.isoformat() for s in starts],
        orientation="h",
        showlegend=False,
        name="",
        marker={"color": [STATUS_COLOURS[s] for s in status]},
        customdata=hover,
        hovertemplate=strings.ROADMAP_GANTT_HOVER,
    )
    for name in ("planned", "in_progress", "done", "overdue", "cancelled"):
        fig.add_scatter(
            x=[None],
            y=[None],
            mode="markers",
            name=strings.ROADMAP_STATUS_NAMES[name],
            marker={"color": STATUS_COLOURS[name], "symbol": "square", "size": 12},
        )
    first, last = min(starts), max(ends)
    if first - TODAY_MARGIN <= today <= last + TODAY_MARGIN:
        fig.add_shape(
            type="line",
            x0=today.isoformat(),
            x1=today.isoformat(),
            y0=0,
            y1=1,
            yref="paper",
            line={"color": figures.PALETTE[7], "dash": "dash", "width": 1.5},
        )
        # Inside the plot, under its top edge: above it the legend has the space.
        fig.add_annotation(
            x=today.isoformat(),
            y=1,
            yref="paper",
            text=strings.ROADMAP_TODAY,
            showarrow=False,
            yanchor="top",
            xanchor="left",
            xshift=3,
            bgcolor="rgba(255,255,255,0.8)",
            font={"size": 11},
        )
    note = strings.ROADMAP_GANTT_NOTE.format(date=format_date(today), n=item_count(dated))
    if len(dated) > item_count(dated):
        note += strings.ROADMAP_GANTT_OCCURRENCES.format(k=len(dated))
    figures.note_below(fig, note)
    fig.update_layout(
        height=max(320, 130 + ROW_HEIGHT * len(set(labels))),
        barmode="overlay",
        bargap=0.25,
        margin={"l": 16, "r": 24, "t": 40, "b": 64},  # the labels take what they need
        legend={"yref": "container", "y": 1, "yanchor": "top", "x": 0},
    )
    fig.update_xaxes(type="date", tickformat="%m.%Y")
    fig.update_yaxes(autorange="reversed", tickfont={"size": 11}, automargin=True)
    return fig, _timeline_frame(dated)


def kpi_trend(counts: pd.DataFrame) -> Result:
    """Yearly counts behind a KPI as bars (integers, so no interpolation between years). No
    title inside: the item card names the KPI above the chart."""
    cols = strings.ROADMAP_KPI_COLUMNS
    values = [strings.SUPPRESSED if pd.isna(v) else int(v) for v in counts["value"]]
    frame = pd.DataFrame({cols["year"]: counts["year"].to_numpy(), cols["value"]: values})
    if counts.empty:
        return figures.empty_figure(strings.NO_DATA), frame
    fig = figures.base_figure()
    fig.add_bar(
        x=counts["year"],
        y=counts["value"],
        marker_color=figures.PALETTE[0],
        hovertemplate="%{x}: %{y}<extra></extra>",
        showlegend=False,
    )
    fig.update_layout(height=240, margin={"l": 40, "r": 16, "t": 16, "b": 32})
    fig.update_xaxes(dtick=1, tickformat="d")
    return fig, frame


def progress_table(shares: pd.DataFrame, always_undated: bool = False) -> pd.DataFrame:
    """Counts and shares (percent, 0.1) per section with the overall row last. The «done,
    date unknown» column shows only when some item is such, unless `always_undated`."""
    cols = strings.ROADMAP_PROGRESS_COLUMNS
    keys = [
        k for k in SHARES if k != "done_undated" or always_undated or shares["done_undated"].sum()
    ]
    return pd.DataFrame(
        {
            cols["section"]: [
                strings.ROADMAP_OVERALL if pd.isna(s) else s for s in shares["section"]
            ],
            cols["items"]: shares["items"].to_numpy(),
            **{
                cols[f"share_{k}"]: [
                    None if pd.isna(v) else round(float(v) * 100, 1) for v in shares[f"share_{k}"]
                ]
                for k in keys
            },
            cols["cancelled"]: shares["cancelled"].to_numpy(),
        }
    )


def items_table(items: pd.DataFrame) -> pd.DataFrame:
    """The `/roadmaps` item list: one row per occurrence with its year (or period) next to
    the item number, its own dates and displayed status."""
    cols = strings.ROADMAP_ITEM_COLUMNS
    return pd.DataFrame(
        {
            cols["number"]: items["number"].to_numpy(),
            cols["occurrence"]: occurrence_labels(items),
            cols["title"]: items["title"].to_numpy(),
            cols["executors"]: [_text(e) or NO_VALUE for e in items["executors"]],
            cols["period_text"]: [_text(p) or NO_VALUE for p in items["period_text"]],
            cols["dates"]: [
                f"{format_date(s)} — {format_date(d)}"
                for s, d in zip(items["starts_on"], items["due_on"], strict=True)
            ],
            cols["status"]: [
                strings.ROADMAP_STATUS_NAMES.get(s, s) for s in items["display_status"]
            ],
            cols["progress"]: pd.array(items["progress"], dtype="Int64"),
        }
    )


def occurrences_table(rows: pd.DataFrame) -> pd.DataFrame:
    """The occurrences of one item on its card: year or period, dates, displayed status,
    progress and completion date."""
    cols = strings.ITEM_OCCURRENCE_COLUMNS
    return pd.DataFrame(
        {
            cols["occurrence"]: occurrence_labels(rows),
            cols["dates"]: [
                f"{format_date(s)} — {format_date(d)}"
                for s, d in zip(rows["starts_on"], rows["due_on"], strict=True)
            ],
            cols["status"]: [
                strings.ROADMAP_STATUS_NAMES.get(s, s) for s in rows["display_status"]
            ],
            cols["progress"]: pd.array(rows["progress"], dtype="Int64"),
            cols["completed_on"]: [format_date(c) for c in rows["completed_on"]],
        }
    )


def due_lines(
    items: pd.DataFrame, today: dt.date, overdue: bool
) -> list[tuple[int, int | None, str]]:
    """(item id, occurrence or None for an item due once, line) for the «overdue» or «due
    soon» list, in the order given; an occurrence's line names its year or period."""
    template = strings.ROADMAP_OVERDUE_LINE if overdue else strings.ROADMAP_DUE_LINE
    labels = occurrence_labels(items)
    occurrences = items["occurrence"] if "occurrence" in items else [None] * len(items)
    return [
        (
            int(i),
            int(o) if label else None,
            template.format(
                number=numbered(n, label),
                title=short(t, 90),
                due=format_date(d),
                days=(today - _day(d)).days,
            ),
        )
        for i, o, label, n, t, d in zip(
            items["item_id"],
            occurrences,
            labels,
            items["number"],
            items["title"],
            items["due_on"],
            strict=True,
        )
    ]


def evidence_table(evidence: pd.DataFrame) -> pd.DataFrame:
    """Confirming materials of an item: title, kind, size, hash prefix, who and when (the
    region's local time)."""
    cols = strings.ITEM_EVIDENCE_COLUMNS
    sizes = [
        strings.ITEM_EVIDENCE_SIZE.format(kb=format_number(b / 1024, 0))
        if k == "file" and not pd.isna(b) and b
        else NO_VALUE
        for k, b in zip(evidence["kind"], evidence["size_bytes"], strict=True)
    ]
    return pd.DataFrame(
        {
            cols["title"]: evidence["title"].to_numpy(),
            cols["kind"]: [strings.ITEM_EVIDENCE_KINDS.get(k, k) for k in evidence["kind"]],
            cols["size"]: sizes,
            cols["sha256"]: [(_text(h) or NO_VALUE)[:16] for h in evidence["sha256"]],
            cols["added_by"]: evidence["added_by"].to_numpy(),
            cols["added_at"]: [format_date(t, STAMP) for t in evidence["added_at"]],
        }
    )


def history_table(
    history: pd.DataFrame, missing: str = NO_VALUE, occurrences: dict | None = None
) -> pd.DataFrame:
    """Status changes oldest first: when (the region's local time), [which occurrence,] who,
    from → to, comment. ``occurrences`` ((item id, occurrence) → label, for the items due more
    than once) adds the occurrence column; a change of the whole of such an item reads «все
    сроки», of an item due once ''."""
    cols, names = strings.ITEM_HISTORY_COLUMNS, strings.ROADMAP_STATUS_NAMES
    which = {}
    if occurrences is not None:
        several = {i for i, _o in occurrences}  # items due more than once
        which[cols["occurrence"]] = [
            (strings.ITEM_HISTORY_WHOLE if int(i) in several else "")
            if o is None or pd.isna(o)
            else occurrences.get((int(i), int(o)), str(int(o)))
            for i, o in zip(history["item_id"], history["occurrence"], strict=True)
        ]
    return pd.DataFrame(
        {
            cols["changed_at"]: [format_date(t, STAMP) for t in history["changed_at"]],
            **which,
            cols["changed_by"]: history["changed_by"].to_numpy(),
            cols["from_status"]: [
                names.get(s, missing) if isinstance(s, str) else missing
                for s in history["from_status"]
            ],
            cols["to_status"]: [names.get(s, s) for s in history["to_status"]],
            cols["comment"]: [_text(c) for c in history["comment"]],
        }
    )
