"""Figures and views of `/procedures`: pure, no data access here.

The `*_figure` builders draw one chart from a prepared frame. The `*_view` functions below
are what callbacks call: frames from data_access (labels already safe to show for the
caller) in, a `View` out: the figure, the table behind it, the card's title and a caption.
The chart, its data grid and its CSV/XLSX download all come from one view call, so a
download is exactly the chart's data (every row: a long chart is cut to its top and bottom,
the table is not).

Charts for people (issue 16): no default chart has more than MAX_CATEGORIES rows (the
top and bottom by value, the user's own rows always kept, «показать все» brings the rest);
the title is the card's, not the figure's; notes are captions under the graph; the user's
own rows are drawn in OWN_COLOUR with a star; a row that may be opened carries its code
(`link`) in `customdata[0]` for the click callback, and an anonymous row carries "".
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard import rules, strings
from dashboard.analytics import procedure_stats
from dashboard.figures.categories import natural_key, top_and_bottom
from dashboard.figures.template import (
    MARK_COLOURS,
    MUTED,
    OWN_COLOUR,
    OWN_OUTLINE,
    OWN_SYMBOL,
    PALETTE,
    base_figure,
    empty_figure,
    safe_label,
)
from dashboard.formatting import format_number, format_percent


class View(NamedTuple):
    """What every view returns: the chart, the table behind it (Russian headers, raw
    numbers), the card's title and a caption under the graph (what was left out, notes)."""

    figure: go.Figure
    table: pd.DataFrame
    title: str = ""
    note: str = ""


ROW_PX = 18  # height per category row: the chart's height follows its rows
REGION_LINE = "#000000"  # the region comparison (dashed): not a category, not «own»
SKILL_CHARS = 28  # a skill's name on the heat map's axis is cut to this many characters


def _height(rows: int, minimum: int = 360) -> int:
    return max(minimum, 120 + ROW_PX * rows)


def _labels(values) -> list[str]:
    return [safe_label(v) for v in values]


def _own_flags(frame: pd.DataFrame) -> np.ndarray:
    if "own" not in frame.columns:
        return np.zeros(len(frame), dtype=bool)
    return frame["own"].fillna(False).astype(bool).to_numpy()


def _row_labels(frame: pd.DataFrame, column: str = "label") -> list[str]:
    """Row names safe for plotly; the user's own rows starred in OWN_COLOUR."""
    return [
        f'<span style="color:{OWN_COLOUR}"><b>★ {safe_label(v)}</b></span>'
        if own
        else safe_label(v)
        for v, own in zip(frame[column], _own_flags(frame), strict=True)
    ]


def _links(frame: pd.DataFrame) -> list[str]:
    """The code a click on each row opens ("" for a row that is not a link: anonymous)."""
    if "link" not in frame.columns:
        return [""] * len(frame)
    return ["" if pd.isna(v) or v is None else str(v) for v in frame["link"]]


def _shown(values, digits: int = 1) -> np.ndarray:
    """Numbers as the chart shows them: rounded to the hover's decimals, as float32 (plotly
    sends arrays as typed binary, so this halves their bytes; 7 digits are plenty)."""
    return np.round(np.asarray(values, dtype="float64"), digits).astype("float32")


def _rounded(values, digits: int = 1) -> list:
    """Numbers for a mixed customdata column (with codes): rounded Python floats or None."""
    return [None if pd.isna(v) else round(float(v), digits) for v in values]


def _own_marker(own: np.ndarray, colour: str, size: int = 8) -> dict:
    """Marker arrays: the user's own points as OWN_COLOUR stars with a dark outline."""
    return {
        "color": [OWN_COLOUR if o else colour for o in own],
        "symbol": [OWN_SYMBOL if o else "circle" for o in own],
        "size": [size + 6 if o else size for o in own],
        "line": {
            "color": [OWN_OUTLINE if o else "rgba(0,0,0,0)" for o in own],
            "width": [1.5 if o else 0 for o in own],
        },
    }


#: Width of a character of a row name at the template's 13 px font (Cyrillic capitals are
#: wider than this, lower case narrower), and the margin's limits.
CHAR_PX, MARGIN_PX = 7.4, (60, 420)


def _label_margin(fig: go.Figure, labels: list[str]) -> None:
    """A left margin wide enough for the row names, estimated from their length. Plotly's
    automargin would measure every label in the browser (a third of a second for 300 rows,
    again on each resize); a name longer than the widest margin is cut at the left edge."""
    import re

    def width(label: str) -> float:
        text = re.sub(r"<[^>]+>", "", label)
        text = re.sub(r"&[a-z]+;", "_", text)  # an entity is one character on screen
        # An own row's name is bold (and starred): a quarter wider.
        return CHAR_PX * len(text) * (1.25 if "<b>" in label else 1.0)

    longest = max((width(label) for label in labels), default=0)
    low, high = MARGIN_PX
    fig.update_layout(margin={"l": int(min(high, max(low, 20 + longest)))})
    fig.update_yaxes(automargin=False)


def _row_axis(fig: go.Figure, labels: list[str]) -> np.ndarray:
    """Rows drawn at positions 0…n-1 of a linear y axis whose tick labels are the row names:
    the names travel once, not once per trace (a stacked bar has four). Hover `%{y}` shows the
    tick label. Returns the positions; the first row is drawn at the top."""
    positions = np.arange(len(labels), dtype="uint16" if len(labels) < 2**16 else "int32")
    fig.update_yaxes(
        tickmode="array",
        tickvals=positions,
        ticktext=labels,
        range=[len(labels) - 0.5, -0.5],
        showgrid=False,
        # A linear axis measures every label to hide those past the div (seconds for 300
        # rows); the margin is sized for the labels, so none overflows.
        ticklabeloverflow="allow",
    )
    _label_margin(fig, labels)
    return positions


def _cut(frame: pd.DataFrame, value: str, show_all: bool) -> tuple[pd.DataFrame, int]:
    """At most MAX_CATEGORIES rows (top and bottom by `value`, own rows kept) unless all are
    asked for; the rows come highest first."""
    return top_and_bottom(frame, value, own="own" if "own" in frame else None, show_all=show_all)


def _left_out(shown: pd.DataFrame, hidden: int, template: str = strings.PROC_LEFT_OUT) -> str:
    """The caption saying how many rows the chart leaves out ("" when none)."""
    if not hidden:
        return ""
    from dashboard.figures.template import MAX_CATEGORIES

    own = strings.PROC_LEFT_OUT_OWN if _own_flags(shown).any() else ""
    return template.format(
        shown=len(shown),
        total=len(shown) + hidden,
        half=MAX_CATEGORIES // 2,
        own=own,
        hidden=hidden,
    )


def _caption(*parts: str) -> str:
    return " ".join(p for p in parts if p)


def _own_note(frame: pd.DataFrame, municipalities: bool = False) -> str:
    if not _own_flags(frame).any():
        return ""
    return strings.PROC_OWN_MUNICIPALITY_NOTE if municipalities else strings.PROC_OWN_NOTE


def _banded(dist: pd.DataFrame) -> pd.DataFrame:
    """Rows with their band: `score_from`/`score_to` default to the score itself (older rows)."""
    dist = dist.copy()
    if "score_from" not in dist:
        dist["score_from"] = dist["primary_score"]
    if "score_to" not in dist:
        dist["score_to"] = dist["primary_score"]
    return dist


def _shares(dist: pd.DataFrame) -> pd.Series:
    counts = procedure_stats.spread_bands(_banded(dist))
    return counts / counts.sum() * 100


def histogram_figure(dist: pd.DataFrame, region: pd.DataFrame | None = None) -> go.Figure:
    """Share of participants per primary score: one municipality's bands as bars (a band of
    several scores is one wide bar at its share per score), or the shown municipalities
    together; with `region` (every shown municipality's bands) the region's curve to compare."""
    dist = _banded(dist)
    one_place = "municipality_code" in dist and dist["municipality_code"].nunique() == 1
    if one_place:
        bands = dist.sort_values("score_from")
        width = (bands["score_to"] - bands["score_from"] + 1).astype("float64")
        band_share = bands["pupils"].astype("float64") / bands["pupils"].sum() * 100
        x = ((bands["score_from"] + bands["score_to"]) / 2).astype("float64").to_numpy()
        y = (band_share / width).to_numpy()
        custom = np.column_stack(
            [
                [
                    format_band(lo, hi)
                    for lo, hi in zip(bands["score_from"], bands["score_to"], strict=True)
                ],
                [format_number(v, 1) for v in band_share],
                [format_number(v) for v in bands["pupils"]],
            ]
        )
        hover = (
            strings.PROC_PRIMARY_SCORE
            + ": %{customdata[0]}<br>"
            + strings.PROC_SHARE_PUPILS
            + ": %{customdata[1]}<br>"
            + strings.PROC_PUPILS
            + ": %{customdata[2]}<extra></extra>"
        )
        bar_width = width.to_numpy() * 0.95
    else:
        share = _shares(dist)
        x, y = share.index.to_numpy(dtype="float64"), share.to_numpy()
        custom = None
        hover = (
            strings.PROC_PRIMARY_SCORE
            + ": %{x}<br>"
            + strings.PROC_SHARE_PUPILS
            + ": %{y:.1f}<extra></extra>"
        )
        bar_width = None
    fig = base_figure()
    fig.add_bar(
        x=x,
        y=_shown(y),
        width=bar_width,
        marker_color=PALETTE[0],
        customdata=custom,
        name=strings.PROC_SHARE_PUPILS,
        showlegend=False,
        hovertemplate=hover,
    )
    if region is not None and not region.empty:
        whole = _shares(region)
        fig.add_scatter(
            x=whole.index.astype("float64"),
            y=_shown(whole.to_numpy()),
            mode="lines",
            line={"color": REGION_LINE, "dash": "dash", "width": 1.5, "shape": "hvh"},
            name=strings.PROC_REGION,
            hovertemplate=strings.PROC_REGION + ": %{y:.1f} %<extra></extra>",
        )
    fig.update_layout(
        xaxis_title=strings.PROC_PRIMARY_SCORE,
        yaxis_title=strings.PROC_SHARE_PER_SCORE,
        bargap=0.05,
        height=400,
        margin={"t": 36},
    )
    return fig


def format_band(low: object, high: object) -> str:
    """«12» for a one-score band, «12–15» for a wider one."""
    low, high = int(float(low)), int(float(high))
    return str(low) if low == high else f"{low}–{high}"


def box_figure(quartiles: pd.DataFrame) -> go.Figure:
    """Box per municipality drawn from quartiles computed from score counts; the user's own
    municipality in OWN_COLOUR. Rows in the given order, the first on top."""
    frame = quartiles.iloc[::-1]  # a category axis draws its first category at the bottom
    own = _own_flags(frame)
    labels = _row_labels(frame, "municipality")
    fig = base_figure()
    for is_own, colour in ((False, PALETTE[0]), (True, OWN_COLOUR)):
        part = frame[own == is_own]
        if part.empty:
            continue
        fig.add_trace(
            go.Box(
                y=[lab for lab, o in zip(labels, own, strict=True) if o == is_own],
                q1=part["q1"],
                median=part["median"],
                q3=part["q3"],
                lowerfence=part["min"],
                upperfence=part["max"],
                mean=part["mean"],
                orientation="h",
                marker_color=colour,
                line={"color": OWN_OUTLINE if is_own else colour},
                fillcolor=colour if is_own else None,
                boxpoints=False,
                name=strings.PROC_PRIMARY_SCORE,
            )
        )
    fig.update_layout(
        xaxis_title=strings.PROC_PRIMARY_SCORE,
        showlegend=False,
        height=_height(len(frame), 400),
        margin={"t": 24},
    )
    # A few municipalities: plotly measures their names (automargin) at no real cost.
    fig.update_yaxes(type="category", categoryorder="array", categoryarray=labels, automargin=True)
    return fig


def marks_figure(frame: pd.DataFrame) -> go.Figure:
    """Stacked 2/3/4/5 shares per row, in the given order (top row first); own rows starred.
    Each bar carries its row's code (customdata) for a click."""
    fig = base_figure()
    rows = _row_axis(fig, _row_labels(frame))
    links = _links(frame)
    for mark in (2, 3, 4, 5):
        name = strings.MARK.format(m=mark)
        fig.add_bar(
            x=_shown(frame[f"share_{mark}"]),
            y=rows,
            orientation="h",
            name=name,
            marker_color=MARK_COLOURS[mark],
            customdata=links,
            hovertemplate="%{y}<br>" + name + ": %{x:.1f} %<extra></extra>",
        )
    hidden = rows[frame["suppressed"].fillna(False).to_numpy(dtype=bool)]
    if len(hidden):
        fig.add_scatter(
            x=[1] * len(hidden),
            y=hidden,
            mode="text",
            text=[strings.SUPPRESSED] * len(hidden),
            textposition="middle right",
            showlegend=False,
            hoverinfo="skip",
        )
    # No figure title (the card has it): the template's legend sits above the plot area.
    fig.update_layout(
        barmode="stack",
        xaxis_title=strings.SHARE + ", %",
        xaxis_range=[0, 100],
        height=_height(len(frame)),
        legend={"traceorder": "normal"},
    )
    return fig


def means_figure(frame: pd.DataFrame, region_mean: float | None = None) -> go.Figure:
    """Sorted dot plot of mean percent with interval whiskers (highest on top); own rows as
    OWN_COLOUR stars; `region_mean` as a dashed line. customdata: code, interval, count."""
    frame = frame.dropna(subset=["mean_percent"]).sort_values("mean_percent")
    labels = _row_labels(frame)
    plus = _shown((frame["ci_high"] - frame["mean_percent"]).fillna(0))
    minus = _shown((frame["mean_percent"] - frame["ci_low"]).fillna(0))
    custom = list(
        zip(
            _links(frame),
            _rounded(frame["ci_low"]),
            _rounded(frame["ci_high"]),
            _rounded(frame["participants"], 0),
            strict=True,
        )
    )
    fig = base_figure()
    fig.add_scatter(
        x=_shown(frame["mean_percent"]),
        y=labels,
        mode="markers",
        marker=_own_marker(_own_flags(frame), PALETTE[0]),
        error_x={
            "type": "data",
            "array": plus,
            "arrayminus": minus,
            "color": MUTED,
            "thickness": 1.2,
        },
        customdata=[list(c) for c in custom],
        hovertemplate="%{y}<br>" + strings.MEAN_PERCENT + ": %{x:.1f} %<br>"
        "95 %: %{customdata[1]:.1f}–%{customdata[2]:.1f}<br>"
        + strings.PARTICIPANTS
        + ": %{customdata[3]:,.0f}<extra></extra>",
        showlegend=False,
    )
    if region_mean is not None and np.isfinite(region_mean):
        fig.add_vline(x=float(region_mean), line={"color": REGION_LINE, "dash": "dash", "width": 1})
    fig.update_layout(
        xaxis_title=strings.MEAN_PERCENT + ", %", height=_height(len(frame)), margin={"t": 24}
    )
    fig.update_yaxes(type="category")
    _label_margin(fig, labels)
    return fig


def slope_figure(frame: pd.DataFrame, year_a: int, year_b: int) -> go.Figure:
    """One line per school or municipality from year a to year b; colour says up or down, the
    user's own rows in OWN_COLOUR.

    Each row's name travels once: the lines carry no names, and a marker at each line's end
    (year b) names the row and gives both years' values in its hover (customdata: the row's
    code for a click, and the value of year a)."""
    fig = base_figure()
    x_a, x_b = str(year_a), str(year_b)
    own = _own_flags(frame)
    directions = (
        ((frame["change"] >= 0).to_numpy() & ~own, PALETTE[2], strings.PROC_UP, "circle"),
        ((frame["change"] < 0).to_numpy() & ~own, PALETTE[5], strings.PROC_DOWN, "circle"),
        (own, OWN_COLOUR, strings.PROC_OWN_LEGEND, OWN_SYMBOL),
    )
    for chosen, colour, name, symbol in directions:
        part = frame[chosen]
        if symbol == OWN_SYMBOL and part.empty:
            continue
        xs, ys = [], []
        for row in part.itertuples(index=False):
            xs += [x_a, x_b, None]
            ys += [round(float(row.a), 1), round(float(row.b), 1), None]  # as the hover shows
        size = 12 if symbol == OWN_SYMBOL else 5
        line = {"color": OWN_OUTLINE, "width": 1} if symbol == OWN_SYMBOL else None
        marker = {"size": size, "color": colour, "symbol": symbol}
        if line:
            marker["line"] = line
        group = {"legendgroup": name, "marker": marker}
        fig.add_scatter(
            x=xs,
            y=ys,
            mode="lines+markers",
            name=f"{name} ({len(part)})",
            line={"color": colour, "width": 2.5 if symbol == OWN_SYMBOL else 1.2},
            connectgaps=False,
            hoverinfo="skip",
            **group,
        )
        fig.add_scatter(
            x=[x_b] * len(part),
            y=_shown(part["b"]),
            mode="markers",
            text=_labels(part["label"]),
            customdata=[
                [link, a] for a, link in zip(_rounded(part["a"]), _links(part), strict=True)
            ],
            showlegend=False,
            hovertemplate="%{text}<br>"
            + x_a
            + ": %{customdata[1]:.1f} %<br>"
            + x_b
            + ": %{y:.1f} %<extra></extra>",
            **group,
        )
    fig.update_layout(yaxis_title=strings.MEAN_PERCENT + ", %", height=520)
    fig.update_xaxes(type="category")
    return fig


def _short(name: object, limit: int = SKILL_CHARS) -> str:
    text = " ".join(str(name).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def heatmap_figure(
    matrix: pd.DataFrame,
    x_title: str,
    *,
    column_names: list[str] | None = None,
    column_hover: list[str] | None = None,
    own: np.ndarray | None = None,
    links: list[str] | None = None,
) -> go.Figure:
    """Rows × columns of percent completed (e.g. schools × tasks, municipalities × skills).

    Each column's x is its hover text (`column_hover`, e.g. a skill's full name and code;
    else its name) and its tick label `column_names` (e.g. the skill's shortened name), so
    the long text travels once per column. Rows in the given order, the first on top; own
    rows starred; each cell carries its row's code (`links`, "" for none) for a click."""
    rows = _row_labels(
        pd.DataFrame({"label": matrix.index, "own": own if own is not None else False})
    )
    columns = _labels(matrix.columns)
    hover = _labels(column_hover) if column_hover is not None else columns
    names = _labels(column_names) if column_names is not None else columns
    links = links if links is not None else [""] * len(rows)
    fig = base_figure()
    fig.add_heatmap(
        z=_shown(matrix.to_numpy(dtype="float64")),
        x=hover,
        y=rows,
        colorscale="Blues",
        zmin=0,
        zmax=100,
        colorbar={"title": {"text": "%"}},
        customdata=[[link] * len(hover) for link in links],
        hovertemplate="%{y}<br>%{x}: %{z:.1f} %<extra></extra>",
        xgap=1,
        ygap=1,
    )
    fig.update_layout(xaxis_title=x_title, height=_height(len(matrix)) + 60, margin={"t": 24})
    long_names = max((len(n) for n in names), default=0) > 3
    fig.update_xaxes(
        type="category",
        tickmode="array",
        tickvals=hover,
        ticktext=names,
        tickangle=-45 if long_names else 0,
        automargin=True,
    )
    fig.update_yaxes(type="category", autorange="reversed")
    _label_margin(fig, rows)
    return fig


def pair_figure(frame: pd.DataFrame, label_a: str, label_b: str, threshold: float) -> go.Figure:
    """Scatter of two procedures, the diagonal, the typical shift ± threshold·sd, far points
    named; the user's own points as OWN_COLOUR stars. customdata: code, residual."""
    fig = base_figure()
    values = pd.concat([frame["x"], frame["y"]]).astype("float64")
    low, high = (float(values.min()) - 3, float(values.max()) + 3) if len(values) else (0.0, 100.0)
    fig.add_scatter(
        x=[low, high],
        y=[low, high],
        mode="lines",
        name=strings.PROC_DIAGONAL,
        line={"color": "#000000", "width": 1},
        hoverinfo="skip",
    )
    shift, spread = (
        (float(frame["shift"].iloc[0]), float(frame["spread"].iloc[0]))
        if len(frame)
        else (np.nan, np.nan)
    )
    shown_t = format_number(threshold, 1)
    if np.isfinite(shift) and np.isfinite(spread):
        for k, show in ((threshold, True), (-threshold, False)):
            band = [low + shift + k * spread, high + shift + k * spread]
            fig.add_scatter(
                x=[low, high],
                y=band,
                mode="lines",
                name=strings.PROC_TYPICAL.format(t=shown_t),
                showlegend=show,
                legendgroup="band",
                line={"color": MUTED, "dash": "dash", "width": 1},
                hoverinfo="skip",
            )
    groups = ((False, PALETTE[0], None), (True, PALETTE[5], strings.PROC_FAR.format(t=shown_t)))
    for far, colour, name in groups:
        part = frame[frame["far"] == far]
        labels = _labels(part["label"])
        fig.add_scatter(
            x=_shown(part["x"]),
            y=_shown(part["y"]),
            mode="markers+text" if far else "markers",
            text=labels if far else None,
            hovertext=labels,
            textposition="top center",
            marker=_own_marker(_own_flags(part), colour, 8 if far else 6),
            name=name or strings.PROC_UNITS["schools"],
            showlegend=bool(name),
            customdata=[
                [link, r]
                for r, link in zip(_rounded(part["residual"], 2), _links(part), strict=True)
            ],
            hovertemplate="%{hovertext}<br>"
            + label_a
            + ": %{x:.1f} %<br>"
            + label_b
            + ": %{y:.1f} %<br>"
            + strings.PROC_COLUMNS["residual"]
            + ": %{customdata[1]:.2f}<extra></extra>",
        )
    # The legend under the plot, below the x axis title (enough bottom margin for both).
    fig.update_layout(
        xaxis_title=label_a + ", %",
        yaxis_title=label_b + ", %",
        height=620,
        legend={"orientation": "h", "yanchor": "top", "y": -0.14, "x": 0},
        margin={"b": 130, "t": 24},
    )
    fig.update_xaxes(range=[low, high])
    fig.update_yaxes(range=[low, high])  # same range on both axes, so the diagonal is 45°
    return fig


# ------------------------------------------------------------------ views: frames → View


def no_chart(message: str = strings.NO_DATA, title: str = "") -> View:
    """A chart that says why it is empty, and no table (the download is refused)."""
    return View(empty_figure(message), pd.DataFrame(), title)


def data_table(frame: pd.DataFrame, columns: list[str], **names: str) -> pd.DataFrame:
    """The chosen columns under Russian headers (`names` override PROC_COLUMNS), floats to 0.01."""
    out = frame[columns].copy()
    for column in out.columns:
        if pd.api.types.is_float_dtype(out[column]):
            out[column] = out[column].astype("float64").round(2)
    return out.rename(columns={c: names.get(c, strings.PROC_COLUMNS.get(c, c)) for c in columns})


def histogram_view(dist: pd.DataFrame, year: int, municipality: str | None = None) -> View:
    """Pupils per band of primary scores (`score_distribution` rows), of one municipality when
    given, then with the region's distribution to compare; without one, the region's
    distribution per score as estimated from the municipalities' bands."""
    title = strings.PROC_HISTOGRAM.format(year=year)
    region = dist
    if municipality:
        dist = dist[dist["municipality_code"] == municipality]
    if dist.empty:
        return no_chart(strings.PROC_NO_PUPILS, title)
    dist = _banded(dist)
    compare = region if municipality and len(region) > len(dist) else None
    fig = histogram_figure(dist, compare)
    notes = [strings.PROC_BANDS_NOTE.format(n=rules.min_cell())]
    if compare is not None:
        notes.append(strings.PROC_REGION_SHARE)
    if municipality:
        counts = dist.sort_values("score_from").assign(
            band=lambda f: [
                format_band(lo, hi) for lo, hi in zip(f["score_from"], f["score_to"], strict=True)
            ],
            share=lambda f: f["pupils"] / f["pupils"].sum() * 100,
        )
        table = data_table(
            counts,
            ["band", "pupils", "share"],
            band=strings.PROC_PRIMARY_SCORE,
            share=strings.PROC_SHARE_PUPILS,
        )
    else:
        shares = _shares(dist).rename("share").rename_axis("primary_score").reset_index()
        table = data_table(shares, ["primary_score", "share"], share=strings.PROC_SHARE_PUPILS)
    return View(fig, table, title, " ".join(notes))


def box_view(quartiles: pd.DataFrame, year: int, show_all: bool = False) -> View:
    """Quartiles per municipality (min, q1, median, q3, max, mean, n) as boxes, highest
    median on top (at most MAX_CATEGORIES unless all are asked for)."""
    title = strings.PROC_BOX.format(year=year)
    if quartiles.empty:
        return no_chart(strings.PROC_NO_PUPILS, title)
    shown, hidden = _cut(quartiles, "median", show_all)
    fig = box_figure(shown)
    columns = ["municipality", "n", "min", "q1", "median", "q3", "max", "mean"]
    note = _caption(_left_out(shown, hidden), _own_note(shown, municipalities=True))
    table = data_table(
        quartiles.sort_values("median", ascending=False), columns, n=strings.PROC_PUPILS
    )
    return View(fig, table, title, note)


def _with_shares(frame: pd.DataFrame) -> pd.DataFrame:
    marks = frame[[f"marks_{m}" for m in (2, 3, 4, 5)]].astype("float64")
    total = marks.sum(axis=1).where(lambda t: t > 0)
    return frame.assign(**{f"share_{m}": marks[f"marks_{m}"] / total * 100 for m in (2, 3, 4, 5)})


def _named(frame: pd.DataFrame) -> pd.Series:
    """Rows shown by name (the others are «школа N» and are ordered by value, not by label)."""
    if "named" in frame.columns:
        return frame["named"].fillna(False).astype(bool)
    return pd.Series(True, index=frame.index)


def _order(frame: pd.DataFrame, sort: str) -> pd.DataFrame:
    """Rows in the marks chart's order: by name (named rows in natural order, then the
    anonymous ones by mean percent, highest first), by the share of «2» (most first) or of
    «4» and «5» (most first); suppressed rows last whatever the order."""
    frame = frame.assign(
        _high=frame["share_4"] + frame["share_5"],
        _named=_named(frame),
        _suppressed=frame["suppressed"].fillna(False).astype(bool),
    )
    if sort in ("low", "high"):
        value = "share_2" if sort == "low" else "_high"
        return frame.sort_values(
            ["_suppressed", value, "label"], ascending=[True, False, True], kind="stable"
        )
    rank = {label: i for i, label in enumerate(sorted(frame["label"], key=natural_key))}
    frame = frame.assign(
        _rank=frame["label"].map(rank).where(frame["_named"]),
        _mean=-frame["mean_percent"].astype("float64"),
    )
    return frame.sort_values(
        ["_suppressed", "_named", "_rank", "_mean"],
        ascending=[True, False, True, True],
        na_position="last",
        kind="stable",
    )


def marks_view(
    results: pd.DataFrame, year: int, sort: str = "name", show_all: bool = False
) -> View:
    """Mark shares per school or municipality; `sort` is name, low (share of 2) or high (4 and 5).
    Suppressed rows go last whatever the order. A long list is cut to the top and bottom by the
    sorted value (by mean percent for the name order)."""
    title = strings.PROC_MARKS.format(year=year)
    if results.empty:
        return no_chart(title=title)
    frame = _order(_with_shares(results), sort)
    value = {"low": "share_2", "high": "_high"}.get(sort, "mean_percent")
    shown, hidden = _cut(frame, value, show_all)
    shown = frame.loc[frame.index.isin(shown.index)]  # back in the chart's order
    fig = marks_figure(shown)
    columns = [
        "label",
        "municipality",
        "participants",
        "marks_2",
        "marks_3",
        "marks_4",
        "marks_5",
        "share_2",
        "share_3",
        "share_4",
        "share_5",
        "suppressed",
    ]
    note = _caption(_left_out(shown, hidden), _own_note(shown))
    return View(fig, data_table(frame, columns), title, note)


def means_view(
    results: pd.DataFrame, year: int, show_all: bool = False, region_mean: float | None = None
) -> View:
    """Mean percent with its interval per school or municipality, the region's mean as a
    line; the table highest first (every row, the chart at most MAX_CATEGORIES)."""
    title = strings.PROC_MEANS.format(year=year)
    if results.empty:
        return no_chart(title=title)
    valued = results.dropna(subset=["mean_percent"])
    shown, hidden = _cut(valued, "mean_percent", show_all)
    fig = means_figure(shown, region_mean)
    frame = results.sort_values("mean_percent", ascending=False, kind="stable")
    columns = [
        "label",
        "municipality",
        "participants",
        "mean_percent",
        "ci_low",
        "ci_high",
        "suppressed",
    ]
    region = (
        strings.PROC_REGION_MEAN.format(value=format_percent(region_mean))
        if region_mean is not None and np.isfinite(region_mean)
        else ""
    )
    note = _caption(_left_out(shown, hidden), region, _own_note(shown))
    return View(fig, data_table(frame, columns), title, note)


def slope_view(results: pd.DataFrame, years: list[int], show_all: bool = False) -> View:
    """Mean percent in the first and the last chosen year, for rows present in both; a long
    list is cut to the biggest rises and falls (own rows kept)."""
    if len(years) < 2:
        return no_chart(strings.PROC_NO_SLOPE)
    a, b = years[0], years[-1]
    title = strings.PROC_SLOPE.format(a=a, b=b)
    frame = results.dropna(subset=["mean_percent"])
    frame = frame.assign(
        link=[v or "" for v in _links(frame)],
        own=_own_flags(frame),
    )
    wide = frame.pivot_table(
        index=["key", "label", "municipality", "link", "own"],
        columns="year",
        values="mean_percent",
    )
    if a not in wide or b not in wide:
        return no_chart(title=title)
    wide = wide[[a, b]].dropna().reset_index().rename(columns={a: "a", b: "b"})
    if wide.empty:
        return no_chart(title=title)
    wide["change"] = wide["b"] - wide["a"]
    shown, hidden = _cut(wide, "change", show_all)
    fig = slope_figure(shown, a, b)
    wide = wide.sort_values("change", kind="stable")
    columns = ["label", "municipality", "a", "b", "change"]
    note = _caption(_left_out(shown, hidden, strings.PROC_LEFT_OUT_SLOPE), _own_note(shown))
    return View(fig, data_table(wide, columns, a=f"{a}, %", b=f"{b}, %"), title, note)


def _row_order(matrix: pd.DataFrame, rows: pd.DataFrame, show_all: bool) -> tuple:
    """Heat map rows by their mean over the columns, highest first, cut to the top and
    bottom (own rows kept); returns (matrix, own flags, links, shown rows, hidden count)."""
    info = rows.drop_duplicates("label").set_index("label")
    own = info["own"].fillna(False).astype(bool) if "own" in info else pd.Series(dtype=bool)
    link = info["link"] if "link" in info else pd.Series(dtype=object)
    summary = pd.DataFrame(
        {
            "label": matrix.index,
            "mean": matrix.mean(axis=1).to_numpy(),
            "own": [bool(own.get(r, False)) for r in matrix.index],
            "link": [link.get(r) for r in matrix.index],
        }
    )
    shown, hidden = _cut(summary, "mean", show_all)
    return (
        matrix.loc[shown["label"]],
        shown["own"].to_numpy(dtype=bool),
        _links(shown),
        shown,
        hidden,
    )


def task_heatmap_view(tasks: pd.DataFrame, year: int, show_all: bool = False) -> View:
    """Schools × tasks, percent completed (`task_completion` rows); the skill of each task in
    its hover; schools by their mean over the tasks, highest first."""
    title = strings.PROC_HEATMAP_TASKS.format(year=year)
    if tasks.empty:
        return no_chart(strings.PROC_NO_PUPILS, title)
    matrix = tasks.pivot_table(index="label", columns="task_number", values="percent")
    skills = tasks.drop_duplicates("task_number").set_index("task_number")
    hover = [
        strings.PROC_TASK_HOVER.format(
            task=t, skill=_short(skills.at[t, "skill_name"], 80), code=skills.at[t, "skill_code"]
        )
        for t in matrix.columns
    ]
    matrix.columns = [str(c) for c in matrix.columns]
    matrix, own, links, shown, hidden = _row_order(matrix, tasks, show_all)
    fig = heatmap_figure(matrix, strings.PROC_TASK, column_hover=hover, own=own, links=links)
    columns = ["label", "municipality", "task_number", "skill_code", "skill_name", "percent"]
    ordered = tasks.assign(_key=tasks["label"].map(natural_key)).sort_values(
        ["_key", "task_number"], kind="stable"
    )
    note = _caption(_left_out(shown, hidden), _own_note(shown))
    return View(fig, data_table(ordered, columns), title, note)


def skill_heatmap_view(skills: pd.DataFrame, year: int, show_all: bool = False) -> View:
    """Municipalities × skills, percent completed (`skill_completion` rows): the columns are
    named by the skill (shortened), its code and full name in the hover."""
    title = strings.PROC_HEATMAP_SKILLS.format(year=year)
    if skills.empty:
        return no_chart(strings.PROC_NO_PUPILS, title)
    matrix = skills.pivot_table(
        index="municipality", columns="skill_code", values="percent", dropna=False
    )
    names = skills.drop_duplicates("skill_code").set_index("skill_code")["skill_name"]
    codes = list(matrix.columns)
    column_names = [_short(names.get(c, c)) for c in codes]
    hover = [f"{' '.join(str(names.get(c, c)).split())} ({c})" for c in codes]
    rows = skills.rename(columns={"municipality": "label"})
    matrix, own, links, shown, hidden = _row_order(matrix, rows, show_all)
    fig = heatmap_figure(
        matrix,
        strings.PROC_SKILL,
        column_names=column_names,
        column_hover=hover,
        own=own,
        links=links,
    )
    columns = ["municipality", "skill_code", "skill_name", "participants", "percent"]
    note = _caption(_left_out(shown, hidden), _own_note(shown, municipalities=True))
    return View(fig, data_table(skills, columns), title, note)


def pair_view(pairs: pd.DataFrame, name_a: str, name_b: str, threshold: float) -> View:
    """The same cohort in two procedures: `pair_results` rows with `residual`, `se`, `far`,
    `shift` and `spread` added (dashboard.analytics.cohorts.pair_residuals); the table
    farthest first."""
    title = strings.PROC_PAIR.format(a=name_a, b=name_b)
    if pairs.empty:
        return no_chart(title=title)
    fig = pair_figure(pairs, name_a, name_b, threshold)
    note = _caption(
        strings.PROC_FAR_NOTE_SHORT.format(t=format_number(threshold, 1)), _own_note(pairs)
    )
    frame = pairs.sort_values("residual", key=lambda r: -r.abs())
    pupils = strings.PROC_PUPILS.lower()
    columns = [
        "label",
        "municipality",
        "participants_a",
        "x",
        "participants_b",
        "y",
        "difference",
        "se",
        "residual",
        "far",
    ]
    table = data_table(
        frame,
        columns,
        participants_a=f"{name_a}: {pupils}",
        x=f"{name_a}, %",
        participants_b=f"{name_b}: {pupils}",
        y=f"{name_b}, %",
    )
    return View(fig, table, title, note)
