"""`/schools` callbacks: filter options, the table of named schools and the offline map."""

from __future__ import annotations

import math
import re

import pandas as pd
import plotly.graph_objects as go
from dash import Input, Output, html

from callbacks import rankings as rankings_page
from callbacks.registry import callback
from dashboard import rules, strings
from dashboard.auth import current_scope
from dashboard.figures import template as figures
from dashboard.formatting import format_number, format_percent
from dashboard.ids import Schools as ids
from data_access import overview, rankings, schools

SAFE_CODE = re.compile(r"^[0-9A-Za-z_-]{1,20}$")
HIDDEN, SHOWN = {"display": "none"}, {}


def _choices(value: object) -> list[str]:
    """A multi-select value: a list of short strings, anything else is ignored."""
    if not isinstance(value, list):
        return []
    return [v for v in value if isinstance(v, str) and 0 < len(v) <= 200]


def _filtered(municipality, kind, locality) -> pd.DataFrame:
    frame = schools.school_list(current_scope())
    for column, chosen in (("municipality", municipality), ("kind", kind), ("locality", locality)):
        chosen = _choices(chosen)
        if chosen:
            frame = frame[frame[column].isin(chosen)]
    return frame


@callback(
    Output(ids.DENIED, "children"),
    Output(ids.BODY, "style"),
    Output(ids.MUNICIPALITY, "options"),
    Output(ids.KIND, "options"),
    Output(ids.LOCALITY, "options"),
    Input("url", "pathname"),
)
def load_schools(_pathname):
    scope = current_scope()
    if scope.aggregates_only:
        return html.Div(strings.SCHOOLS_AGGREGATES_ONLY, className="alert alert-secondary"), HIDDEN, [], [], []
    frame = schools.school_list(scope)
    municipalities = [{"label": m, "value": m} for m in sorted(frame["municipality"].unique())]
    kinds = [{"label": strings.SCHOOL_KINDS.get(k, k), "value": k} for k in sorted(frame["kind"].unique())]
    localities = [{"label": strings.LOCALITIES.get(k, k), "value": k} for k in sorted(frame["locality"].unique())]
    return None, SHOWN, municipalities, kinds, localities


def _flags(row, category: str | None = None) -> str:
    found = [text for flag, text in (("low_results", strings.FLAG_LOW_RESULTS), ("adverse", strings.FLAG_ADVERSE))
             if row[flag]]
    if category == "resilient":
        found.append(strings.FLAG_RESILIENT)
    return "; ".join(found)


def adjusted_effects(scope) -> dict[str, tuple[float, str]]:
    """school_code → (adjusted effect, category) of the /rankings default view: the latest
    year's ВПР over all subjects and grades, adjusted for the social index, pupil level. The
    same cached fit as the page, so both show the same number."""
    choices = overview.procedure_choices(scope)
    years = choices.loc[choices["kind"] == rankings_page.PREFERRED_KIND, "year"]
    if years.empty:
        return {}
    view = rankings.school_rankings(scope, rankings_page.PREFERRED_KIND, rankings.ALL, 0, int(years.max()),
                                    list(rules.RANKINGS_DEFAULT_COVARIATES), rules.RANKINGS_DEFAULT_LEVEL)
    if "empty" in view:
        return {}
    table = view["table"].dropna(subset=["school_code"])
    return {str(code): (float(effect), str(category)) for code, effect, category
            in zip(table["school_code"], table["effect"], table["category"], strict=True)}


def table_rows(frame: pd.DataFrame, effects: dict[str, tuple[float, str]] | None = None) -> list[dict]:
    """Rows for the DataTable; the code links to the profile (only plain codes become links)."""
    effects = effects or {}
    rows = []
    for _, row in frame.iterrows():
        code = str(row["school_code"])
        rows.append({
            "school_code": f"[{code}](/schools/{code})" if SAFE_CODE.match(code) else code,
            "name": str(row["name"]),
            "municipality": str(row["municipality"]),
            "kind": strings.SCHOOL_KINDS.get(row["kind"], row["kind"]),
            "locality": strings.LOCALITIES.get(row["locality"], row["locality"]),
            "pupils": None if pd.isna(row["pupils"]) else int(row["pupils"]),
            "vpr_mean": None if pd.isna(row["vpr_mean"]) else round(float(row["vpr_mean"]), 1),
            "oge_maths": None if pd.isna(row["oge_maths"]) else round(float(row["oge_maths"]), 1),
            "adjusted_effect": round(effects[code][0], 1) if code in effects else None,
            "flags": _flags(row, effects.get(code, (None, None))[1]),
        })
    return rows


@callback(
    Output(ids.TABLE, "data"),
    Output(ids.COUNT, "children"),
    Input(ids.MUNICIPALITY, "value"),
    Input(ids.KIND, "value"),
    Input(ids.LOCALITY, "value"),
)
def school_table(municipality, kind, locality):
    if current_scope().aggregates_only:
        return [], ""
    frame = _filtered(municipality, kind, locality)
    return table_rows(frame, adjusted_effects(current_scope())), strings.SCHOOLS_COUNT.format(n=len(frame))


@callback(
    Output(ids.MAP, "figure"),
    Input(ids.MUNICIPALITY, "value"),
    Input(ids.KIND, "value"),
    Input(ids.LOCALITY, "value"),
    Input(ids.MAP_COLOUR, "value"),
)
def school_map(municipality, kind, locality, colour):
    if current_scope().aggregates_only:
        return figures.empty_figure(strings.SCHOOLS_AGGREGATES_ONLY)
    colour = colour if colour in strings.SCHOOLS_MAP_COLOURS else "vpr_mean"
    frame = _filtered(municipality, kind, locality).dropna(subset=["latitude", "longitude"])
    if frame.empty:
        return figures.empty_figure(strings.NO_DATA)
    return map_figure(frame, colour)


def map_figure(frame: pd.DataFrame, colour: str) -> go.Figure:
    """Offline fallback map: plain lat/lon scatter with equal aspect, coloured by `colour`."""
    label = strings.SCHOOLS_MAP_COLOURS[colour]
    fig = figures.base_figure()
    known = frame[frame[colour].notna()]
    unknown = frame[frame[colour].isna()]
    fmt = format_percent if colour != "pupils" else format_number
    for part, marker in ((unknown, {"color": figures.MUTED, "size": 9}),
                         (known, {"color": known[colour].astype("float64"), "colorscale": "Viridis",
                                  "size": 11, "showscale": True, "colorbar": {"title": {"text": label}}})):
        if part.empty:
            continue
        text = [f"{figures.safe_label(n)}<br>{figures.safe_label(m)}<br>{label}: {fmt(v)}"
                for n, m, v in zip(part["name"], part["municipality"], part[colour], strict=True)]
        fig.add_scatter(x=part["longitude"], y=part["latitude"], mode="markers", marker=marker,
                        text=text, hovertemplate="%{text}<extra></extra>", showlegend=False)
    fig.update_xaxes(title_text=strings.LONGITUDE)
    # A degree of longitude is cos(latitude) of a degree of latitude: keep true proportions.
    ratio = 1 / max(0.1, math.cos(math.radians(float(frame["latitude"].mean()))))
    fig.update_yaxes(title_text=strings.LATITUDE, scaleanchor="x", scaleratio=ratio)
    return fig
