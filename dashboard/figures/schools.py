"""Views of `/schools`: the school list (data_access.schools.school_list) in → the table the
grid shows and the offline map (figure, table frame) out. Pure: no data access, no Dash."""

from __future__ import annotations

import math
import re

import pandas as pd
import plotly.graph_objects as go

from dashboard import strings
from dashboard.figures.template import (
    MUTED,
    base_figure,
    empty_figure,
    own_marker,
    safe_label,
)
from dashboard.formatting import NO_VALUE, THIN_SPACE

Result = tuple[go.Figure, pd.DataFrame]
#: Codes that become links to a profile; anything else is shown as (escaped) text.
SAFE_CODE = re.compile(r"^[0-9A-Za-z_-]{1,20}$")
_MARKDOWN_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
#: The grid renders this column as markdown (a link to the profile).
CODE = strings.SCHOOLS_COLUMNS["school_code"]
PERCENT_COLUMNS = ("vpr_mean", "oge_maths", "adjusted_effect")
#: The last, hidden column of the grid: «да» on the user's own school (row class oko-own-row).
OWN = strings.SCHOOLS_OWN_COLUMN


def own_codes(codes: frozenset[str] | set[str], shown: pd.Series) -> frozenset[str]:
    """The codes drawn as «own» among those shown: none when several schools are shown and
    every one is the user's own (a municipality user's list), since highlighting every row
    distinguishes nothing; a director's one school is always marked."""
    present = {str(c) for c in shown}
    mine = frozenset(c for c in codes if c in present)
    return frozenset() if len(mine) > 1 and mine == present else mine


def filtered(frame: pd.DataFrame, filters: dict[str, tuple[str, ...]]) -> pd.DataFrame:
    """Rows whose column holds one of the chosen values; an empty choice keeps every row."""
    for column, chosen in filters.items():
        if chosen:
            frame = frame[frame[column].isin(chosen)]
    return frame


def code_link(code: object) -> str:
    """Markdown for the code cell: a link to the profile, or the code as inert text."""
    code = str(code)
    if SAFE_CODE.match(code):
        return f"[{code}](/schools/{code})"
    return _MARKDOWN_PUNCTUATION.sub(r"\\\1", code)


def _flags(low: bool, adverse: bool, category: str | None) -> str:
    found = [
        text
        for flag, text in ((low, strings.FLAG_LOW_RESULTS), (adverse, strings.FLAG_ADVERSE))
        if flag
    ]
    if category == "resilient":
        found.append(strings.FLAG_RESILIENT)
    return "; ".join(found)


def school_table(
    frame: pd.DataFrame,
    effects: dict[str, tuple[float, str]] | None = None,
    own: frozenset[str] = frozenset(),
) -> pd.DataFrame:
    """The list as the grid shows it: Russian headers, numbers rounded to 0.1, the code as a
    markdown link; `effects` is school_code → (adjusted effect, category) from /rankings;
    the last column (hidden in the grid) marks the codes in `own`."""
    effects = effects or {}
    codes = [str(c) for c in frame["school_code"]]
    found = [effects.get(code) for code in codes]
    table = pd.DataFrame(
        {
            "school_code": [code_link(c) for c in codes],
            "name": frame["name"].astype(str).to_numpy(),
            "municipality": frame["municipality"].astype(str).to_numpy(),
            "kind": [strings.SCHOOL_KINDS.get(k, k) for k in frame["kind"]],
            "locality": [strings.LOCALITIES.get(k, k) for k in frame["locality"]],
            "pupils": pd.array(pd.to_numeric(frame["pupils"]).round(), dtype="Int64"),
            "vpr_mean": pd.to_numeric(frame["vpr_mean"]).astype("float64").round(1).to_numpy(),
            "oge_maths": pd.to_numeric(frame["oge_maths"]).astype("float64").round(1).to_numpy(),
            "adjusted_effect": [round(e[0], 1) if e else math.nan for e in found],
            "flags": [
                _flags(bool(low), bool(adverse), e[1] if e else None)
                for low, adverse, e in zip(
                    frame["low_results"], frame["adverse"], found, strict=True
                )
            ],
        }
    )
    table = table.rename(columns=strings.SCHOOLS_COLUMNS)
    table[OWN] = pd.array([code in own for code in codes], dtype="boolean").astype(bool)
    return table


def _values(part: pd.DataFrame, colour: str):
    """The colour values of the plotted schools, rounded to what the hover shows."""
    return part[colour].astype("float64").round(0 if colour == "pupils" else 1).to_numpy()


def _hover(label: str, colour: str, known: bool, link: str = "") -> str:
    """The hover line of the colour value, written once per trace: the value itself comes
    from `customdata[0]` (the school code, what a click opens, is `customdata[1]`)."""
    tail = f"<br>{link}" if link else ""
    if not known:
        return f"%{{text}}<br>{label}: {NO_VALUE}{tail}<extra></extra>"
    value = (
        "%{customdata[0]:,.0f}" if colour == "pupils" else f"%{{customdata[0]:.1f}}{THIN_SPACE}%"
    )
    return f"%{{text}}<br>{label}: {value}{tail}<extra></extra>"


def _customdata(part: pd.DataFrame, colour: str, known: bool) -> list[list]:
    """Per point: (colour value or None, school code)."""
    values = _values(part, colour) if known else [None] * len(part)
    codes = part["school_code"].astype(str)
    return [
        [None if v is None else float(v), code if SAFE_CODE.match(code) else ""]
        for v, code in zip(values, codes, strict=True)
    ]


def school_map(frame: pd.DataFrame, colour: str, own: frozenset[str] = frozenset()) -> Result:
    """Offline fallback map: plain lat/lon scatter with true proportions, coloured by `colour`
    (grey where the school has no value), the user's own schools (`own` codes) as stars in
    the «own» colour on top; the table is the plotted schools. Coordinates are rounded to
    0.0001° (about 10 m): the map shows nothing finer. Every point carries its school code:
    a click opens the profile (callbacks/schools.py)."""
    label = strings.SCHOOLS_MAP_COLOURS[colour]
    frame = frame.dropna(subset=["latitude", "longitude"])
    if frame.empty:
        return empty_figure(strings.NO_DATA), pd.DataFrame()
    fig = base_figure()
    link = strings.SCHOOLS_MAP_CLICK
    known, unknown = frame[frame[colour].notna()], frame[frame[colour].isna()]
    for part, marker in (
        (unknown, {"color": MUTED, "size": 9}),
        (
            known,
            {
                "color": _values(known, colour),
                "colorscale": "Viridis",
                "size": 11,
                "showscale": True,
                "colorbar": {"title": {"text": label}},
            },
        ),
    ):
        if part.empty:
            continue
        is_known = part is known
        fig.add_scatter(
            x=part["longitude"].astype("float64").round(4).to_numpy(),
            y=part["latitude"].astype("float64").round(4).to_numpy(),
            mode="markers",
            marker=marker,
            text=[
                f"{safe_label(n)}<br>{safe_label(m)}"
                for n, m in zip(part["name"], part["municipality"], strict=True)
            ],
            customdata=_customdata(part, colour, is_known),
            hovertemplate=_hover(label, colour, is_known, link),
            showlegend=False,
        )
    mine = frame[frame["school_code"].astype(str).isin(own)]
    if not mine.empty:
        fig.add_scatter(
            x=mine["longitude"].astype("float64").round(4).to_numpy(),
            y=mine["latitude"].astype("float64").round(4).to_numpy(),
            mode="markers",
            name=strings.SCHOOLS_OWN_LEGEND,
            marker=own_marker(18),
            text=[
                f"{safe_label(n)}<br>{safe_label(m)}"
                for n, m in zip(mine["name"], mine["municipality"], strict=True)
            ],
            customdata=_customdata(mine, colour, False),
            hovertemplate=f"%{{text}}<br>{strings.SCHOOLS_OWN_LEGEND}<br>{link}<extra></extra>",
            showlegend=True,
        )
    fig.update_xaxes(title_text=strings.LONGITUDE)
    # A degree of longitude is cos(latitude) of a degree of latitude: keep true proportions.
    ratio = 1 / max(0.1, math.cos(math.radians(float(frame["latitude"].mean()))))
    fig.update_yaxes(title_text=strings.LATITUDE, scaleanchor="x", scaleratio=ratio)
    names = strings.SCHOOLS_COLUMNS
    table = pd.DataFrame(
        {
            names["school_code"]: frame["school_code"].astype(str).to_numpy(),
            names["name"]: frame["name"].astype(str).to_numpy(),
            names["municipality"]: frame["municipality"].astype(str).to_numpy(),
            strings.LATITUDE: frame["latitude"].astype("float64").to_numpy(),
            strings.LONGITUDE: frame["longitude"].astype("float64").to_numpy(),
            label: frame[colour].astype("float64").to_numpy(),
        }
    )
    return fig, table
