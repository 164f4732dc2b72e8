"""Views of /objectivity: frames from data_access.objectivity → (figure, table frame).

Pure: the frames arrive scoped and anonymised. Each table frame carries the Russian headers
the page shows, so the grid on screen and its CSV/XLSX download are one and the same frame.
"""

from __future__ import annotations

import json
import math

import pandas as pd
import plotly.graph_objects as go

from dashboard import rules, strings
from dashboard.figures.template import (
    MUTED,
    OWN_COLOUR,
    PALETTE,
    base_figure,
    empty_figure,
    note_below,
)
from dashboard.formatting import format_date, format_number

Result = tuple[go.Figure, pd.DataFrame]
#: Decimals of the numeric grid columns (by their Russian header).
FLAG_DIGITS = {strings.OBJ_TABLE_COLUMNS["z"]: 2, strings.OBJ_TABLE_COLUMNS["q"]: 3}
SHARE_DIGITS = {
    strings.OBJ_DISTRIBUTION_COLUMNS["school_share"]: 1,
    strings.OBJ_DISTRIBUTION_COLUMNS["region_share"]: 1,
}
#: The flags grid shows the table and three columns more: the drill-down link, the profile
#: link and a hidden «own» mark its row class reads (the download is the table alone).
GRID_OWN_FIELD = f"c{len(strings.OBJ_TABLE_COLUMNS) + 2}"
OWN_ROW_RULES = {
    "oko-own-row": f"params.data && params.data.{GRID_OWN_FIELD} === "
    + json.dumps(strings.GRID_YES, ensure_ascii=False)
}
# Signs measured as shares: shown as percents with one decimal, the others as ratios.
PERCENT_SIGNS = (
    "journal_lowered",
    "journal_raised",
    "journal_shift",
    "threshold_bunching",
    "near_max",
)
STAMP = "%d.%m.%Y %H:%M"


def _headed(frame: pd.DataFrame, columns: dict[str, str]) -> pd.DataFrame:
    """The chosen columns in order, under their Russian headers."""
    return frame[list(columns)].rename(columns=columns).reset_index(drop=True)


def _source(year: object) -> str:
    rule = strings.SUPPRESSION_RULE.format(n=rules.min_cell())
    return strings.OBJ_SOURCE.format(year=year, rule=rule)


def _figure(note: str) -> go.Figure:
    """A chart with no title of its own (the heading above it names it), the legend above
    the plot and the source note under the axis title, never over it."""
    fig = base_figure("", "")
    fig.update_layout(margin={"t": 40, "b": 100})
    note_below(fig, note, below=58)
    return fig


def counts_table(frame: pd.DataFrame) -> pd.DataFrame:
    """Tested and flagged school-years per municipality; suppressed cells say so."""
    shown = frame.assign(
        **{
            c: frame[c].map(lambda v: strings.SUPPRESSED if pd.isna(v) else int(v))
            for c in ("tested", "flagged", "high")
        }
    )
    return _headed(shown, strings.OBJ_COUNTS_COLUMNS)


def _sign_names(signs) -> str:
    return "; ".join(strings.OBJ_SIGNS[sign] for sign in signs)


def flags_table(frame: pd.DataFrame) -> pd.DataFrame:
    """The flagged school-years as shown and downloaded: Russian risk, status and reasons."""
    shown = frame.assign(
        # a year is a label, not a quantity: «2024», never «2 024»
        year=pd.to_numeric(frame["year"]).astype("int64").astype(str),
        risk=frame["risk"].map(strings.OBJ_RISK),
        status=frame["status"].map(strings.OBJ_STATUS),
        triggered=frame["triggered"].map(_sign_names),
        z=pd.to_numeric(frame["z"]).astype("float64").round(2),
        q=pd.to_numeric(frame["q"]).astype("float64").round(3),
        reviewed_at=frame["reviewed_at"].map(lambda v: format_date(v, STAMP, missing="")),
        reviewed_by=frame["reviewed_by"].fillna(""),
        comment=frame["comment"].fillna(""),
    )
    return _headed(shown, strings.OBJ_TABLE_COLUMNS)


def _reason(sign: str, value: float, reference: float) -> str:
    scale, digits = (100, 1) if sign in PERCENT_SIGNS else (1, 2)
    return strings.OBJ_REASONS[sign].format(
        value=format_number(scale * value, digits),
        reference=format_number(scale * reference, digits),
    )


#: Strength of a sign by its own RAW p-value, strongest first (dashboard.rules).
STRENGTHS = (
    ("strong", rules.OBJECTIVITY_STRENGTH_STRONG_P),
    ("notable", rules.OBJECTIVITY_STRENGTH_NOTABLE_P),
    ("weak", rules.OBJECTIVITY_STRENGTH_WEAK_P),
)


def sign_strength(p: object) -> str:
    """«strong» / «notable» / «weak» / «none» from one sign's uncorrected one-sided p (a
    description of the sign, not a verdict: only the combined score decides a flag)."""
    try:
        value = float(p)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return "none"
    if math.isnan(value):
        return "none"
    return next((name for name, limit in STRENGTHS if value <= limit), "none")


def signs_table(signs: pd.DataFrame) -> pd.DataFrame:
    """Every sign of one school-year: what it measured, its z and p, and its strength by p."""
    shown = signs.assign(
        reason=[
            _reason(*row)
            for row in zip(signs["sign"], signs["value"], signs["reference"], strict=True)
        ],
        sign=signs["sign"].map(strings.OBJ_SIGNS),
        z=signs["z"].map(lambda v: format_number(v, 2)),
        p=signs["p"].map(lambda v: format_number(v, 4)),
        strength=signs["p"].map(lambda v: strings.OBJ_STRENGTH[sign_strength(v)]),
    )
    return _headed(shown, strings.OBJ_SIGNS_COLUMNS)


def _threshold(value: float) -> str:
    """A p threshold with as many decimals as it needs: 0,001, 0,01, 0,05."""
    digits = max(0, -math.floor(math.log10(value))) if value > 0 else 0
    return format_number(value, digits)


def score_note(risk: dict, year: int) -> str:
    """The combined score of the school-year in one sentence, with the signs that enter it."""
    return strings.OBJ_SCORE_NOTE.format(
        year=year,
        z=format_number(risk["z"], 2),
        q=format_number(risk["q"], 3),
        risk=strings.OBJ_RISK[risk["risk"]],
        signs=", ".join(f"«{strings.OBJ_SIGNS[s]}»" for s in rules.OBJECTIVITY_SCORE_SIGNS),
    )


def strength_note() -> str:
    """How a sign's strength is read, and that only the combined flag is corrected."""
    limits = {name: _threshold(limit) for name, limit in STRENGTHS}
    return strings.OBJ_STRENGTH_NOTE.format(
        **limits,
        fdr=round(rules.OBJECTIVITY_FDR * 100),
        municipal=_threshold(rules.OBJECTIVITY_MUNICIPALITY_ALPHA),
    )


def _percent_table(frame: pd.DataFrame, columns: dict[str, str]) -> pd.DataFrame:
    """The chosen columns with the school's and the region's shares as percents."""
    out = frame[list(columns)].copy()
    for share in ("school_share", "region_share"):
        out[share] = (100 * out[share].astype("float64")).round(1)
    return _headed(out, columns)


def agreement(frame: pd.DataFrame, year: int) -> Result:
    """ВПР mark × journal mark heatmap (school's shares) and its counts with the region's."""
    table = _percent_table(frame, strings.OBJ_AGREEMENT_COLUMNS)
    if frame.empty:
        return empty_figure(strings.OBJ_NO_AGREEMENT.format(n=rules.min_cell())), table
    pivot = frame.pivot_table(
        index="mark", columns="journal_mark", values="school_share", fill_value=0
    )
    fig = _figure(_source(year))
    fig.add_trace(
        go.Heatmap(
            z=100 * pivot.to_numpy(),
            x=[str(int(c)) for c in pivot.columns],
            y=[str(int(i)) for i in pivot.index],
            colorscale="Blues",
            text=[[format_number(100 * v, 1) for v in row] for row in pivot.to_numpy()],
            texttemplate="%{text}",
            hovertemplate=strings.OBJ_AGREEMENT_HOVER,
        )
    )
    # marks are categories: ticks 2, 3, 4, 5 only, never 1,5 … 5,5
    fig.update_xaxes(title=strings.OBJ_AGREEMENT_AXIS_X, type="category", showgrid=False)
    fig.update_yaxes(title=strings.OBJ_AGREEMENT_AXIS_Y, type="category", showgrid=False)
    return fig, table


def agreement_summary(frame: pd.DataFrame) -> str:
    """Shares lowered / confirmed / raised against the journal, the school's and the region's."""
    if frame.empty:
        return ""

    def shares(column: str) -> dict[str, str]:
        total = frame[column].sum() or 1
        parts = {
            "lowered": frame["mark"] < frame["journal_mark"],
            "confirmed": frame["mark"] == frame["journal_mark"],
            "raised": frame["mark"] > frame["journal_mark"],
        }
        return {
            key: format_number(100 * frame.loc[rows, column].sum() / total, 1)
            for key, rows in parts.items()
        }

    own, region = shares("school"), shares("region")
    return strings.OBJ_AGREEMENT_SUMMARY.format(**own, **{f"r_{k}": v for k, v in region.items()})


def distribution(result: dict, own: bool = False) -> Result:
    """Primary scores of the school against the region, with the mark thresholds; the user's
    own school in the own colour."""
    frame, proc = result["frame"], result["procedure"]
    table = _percent_table(frame, strings.OBJ_DISTRIBUTION_COLUMNS)
    if frame.empty:
        return empty_figure(strings.OBJ_NO_DISTRIBUTION.format(n=rules.min_cell())), table
    fig = _figure(_source(proc["year"]))
    colour = OWN_COLOUR if own else PALETTE[0]
    fig.add_trace(
        go.Bar(
            x=frame["score"],
            y=100 * frame["school_share"],
            marker={"color": colour},
            name=strings.OBJ_SCHOOL_TRACE.format(n=result["n_school"]),
        )
    )
    fig.add_trace(
        go.Scatter(
            x=frame["score"],
            y=100 * frame["region_share"],
            mode="lines+markers",
            name=strings.OBJ_REGION_TRACE.format(n=result["n_region"]),
            line={"color": MUTED},
        )
    )
    for mark in (3, 4, 5):
        threshold = proc.get(f"threshold_{mark}")
        if threshold is not None:
            fig.add_vline(x=threshold - 0.5, line_dash="dash", line_color=PALETTE[5])
            fig.add_annotation(  # inside the plot's top: never over the legend above it
                x=threshold - 0.5,
                y=1,
                xref="x",
                yref="paper",
                yanchor="top",
                xanchor="left",
                showarrow=False,
                text=strings.OBJ_THRESHOLD.format(m=mark),
                font={"size": 11, "color": PALETTE[5]},
                bgcolor="rgba(255,255,255,0.8)",
            )
    fig.update_xaxes(title=strings.OBJ_DISTRIBUTION_AXIS)
    fig.update_yaxes(title=strings.OBJ_SHARE_AXIS)
    return fig, table


def history_table(history: pd.DataFrame) -> pd.DataFrame:
    """Status changes of one flag, oldest first, statuses in Russian."""
    shown = history.assign(
        from_status=history["from_status"].map(strings.OBJ_STATUS),
        to_status=history["to_status"].map(strings.OBJ_STATUS),
        comment=history["comment"].fillna(""),
        reviewed_at=history["reviewed_at"].map(lambda v: format_date(v, STAMP, missing="")),
    )
    return _headed(shown, strings.OBJ_REVIEW_HISTORY_COLUMNS)
