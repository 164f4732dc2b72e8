"""Views of /decisions/effectiveness: pure functions from frames (already scoped by
data_access) to tables and figures.

The criteria table, the trend chart and the tests read the same `criteria_rows`, so what the
page prints is the value, target and status data_access.effectiveness computed, never a second
computation.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard import rules, strings
from dashboard.analytics.effectiveness import CRITERIA
from dashboard.figures import template as figures
from dashboard.formatting import NO_VALUE, format_number, format_signed

#: The place control's value for the whole region (data_access writes None there).
REGION = 0
#: The criteria in the order of analytics.effectiveness.CRITERIA (the order the page shows).
CODES = tuple(CRITERIA)
ROW_COLUMNS = (
    "code",
    "criterion",
    "formula",
    "unit",
    "numerator",
    "denominator",
    "value",
    "target",
    "status",
)
STATUS_CLASS = {"met": "table-success", "close": "table-warning", "not_met": "table-danger"}
# CSS classes of the criteria table's cells (tests find cells by them).
CELL_CLASS = {
    "criterion": "criterion-title",
    "formula": "criterion-formula small text-muted",
    "unit": "",
    "numerator": "criterion-numerator",
    "denominator": "criterion-denominator",
    "value": "criterion-value fw-semibold",
    "target": "criterion-target",
    "status": "criterion-status",
}
# How many decimals a criterion's value is printed with, by its unit.
DIGITS = {"%": 1, "days": 0}
# The forest plot shows at most this many measures (the most schools first).
MAX_MEASURES = figures.MAX_CATEGORIES
MEASURE_LABEL = 60  # characters of a measure's title on the forest plot's axis


def unit(code: str) -> str:
    return CRITERIA[code]["unit"]


def direction(code: str) -> str:
    return CRITERIA[code]["direction"]


def formula(code: str) -> str:
    """How the criterion is counted, in words, and which way is better."""
    better = strings.EFFECTIVENESS_DIRECTIONS[direction(code)]
    text = strings.EFFECTIVENESS_FORMULAS[code].format(
        k=rules.EFFECT_MATCHES, within=rules.LOW_RESULTS_EXIT_YEARS
    )
    return f"{text} ({better})"


def place_id(value: object) -> int:
    """A frame's municipality_id as the place control writes it (REGION for None / NaN)."""
    return REGION if value is None or pd.isna(value) else int(value)


def value_text(value: object, code: str) -> str:
    """A criterion's value or target as printed: «нет данных» when there is none."""
    if value is None or pd.isna(value):
        return strings.NO_DATA
    return f"{format_number(value, DIGITS[unit(code)])}{strings.EFFECTIVENESS_UNITS[unit(code)]}"


def count_text(value: object) -> str:
    return NO_VALUE if value is None or pd.isna(value) else format_number(value, 0)


def _float(value: object) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def status_key(value: object, target: object, status: object) -> str:
    """The status as data_access judged it, or why there is none."""
    if value is None or pd.isna(value):
        return "no_data"
    if target is None or pd.isna(target):
        return "no_target"
    return status if isinstance(status, str) and status in STATUS_CLASS else "no_target"


# ------------------------------------------------------------------ the criteria table
def criteria_rows(frame: pd.DataFrame, year: int | None, municipality: int) -> pd.DataFrame:
    """One row per criterion for one year and place (REGION or a municipality id), with its
    title and formula; a criterion without a row there reads «нет данных»."""
    rows = []
    chosen = frame
    if not frame.empty:
        places = frame["municipality_id"].map(place_id)
        chosen = frame[(frame["year"] == year) & (places == municipality)]
    by_code = {r["criterion_code"]: r for r in chosen.to_dict("records")}
    for code in CODES:
        r = by_code.get(code, {})
        value, target = _float(r.get("value")), _float(r.get("target"))
        rows.append(
            {
                "code": code,
                "criterion": strings.EFFECTIVENESS_CRITERIA[code],
                "formula": formula(code),
                "unit": unit(code),
                "numerator": _float(r.get("numerator")),
                "denominator": _float(r.get("denominator")),
                "value": value,
                "target": target,
                "status": status_key(value, target, r.get("status")),
            }
        )
    return pd.DataFrame(rows, columns=list(ROW_COLUMNS))


def criteria_cells(rows: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The criteria rows as printed (Russian headers) and each cell's CSS class."""
    texts = pd.DataFrame(
        {
            "criterion": rows["criterion"],
            "formula": rows["formula"],
            "unit": [strings.EFFECTIVENESS_UNIT_NAMES[u] for u in rows["unit"]],
            "numerator": [count_text(v) for v in rows["numerator"]],
            "denominator": [count_text(v) for v in rows["denominator"]],
            "value": [value_text(v, c) for v, c in zip(rows["value"], rows["code"], strict=True)],
            "target": [
                NO_VALUE if t is None or pd.isna(t) else value_text(t, c)
                for t, c in zip(rows["target"], rows["code"], strict=True)
            ],
            "status": [strings.EFFECTIVENESS_STATUS[s] for s in rows["status"]],
        }
    )
    classes = pd.DataFrame({c: [CELL_CLASS[c]] * len(rows) for c in texts.columns})
    classes["status"] = [
        f"{CELL_CLASS['status']} {STATUS_CLASS.get(s, '')}".strip() for s in rows["status"]
    ]
    return texts.rename(columns=strings.EFFECTIVENESS_COLUMNS), classes


def places(frame: pd.DataFrame) -> list[tuple[int, str]]:
    """(id, name) of the municipalities in the criteria frame, by name."""
    if frame.empty:
        return []
    named = frame[frame["municipality_id"].notna()][["municipality_id", "municipality"]]
    named = named.drop_duplicates("municipality_id").sort_values("municipality")
    return [
        (int(i), str(n))
        for i, n in zip(named["municipality_id"], named["municipality"], strict=True)
    ]


# ------------------------------------------------------------------ the trend chart
def trend_view(
    frame: pd.DataFrame, code: str, chosen: int = REGION, own: int | None = None
) -> go.Figure:
    """One criterion over the years: every municipality a thin grey line, the region a bold
    line, the chosen municipality (the user's own in OWN_COLOUR) marked, and the target of
    the chosen place as a dashed line. No title: the card holds it."""
    rows = frame[frame["criterion_code"] == code] if not frame.empty else frame
    if rows.empty or rows["value"].isna().all():
        return figures.empty_figure(strings.NO_DATA)
    rows = rows.assign(place=rows["municipality_id"].map(place_id)).sort_values("year")
    fig = figures.base_figure()
    hover = "%{fullData.name}<br>%{x}: %{y:.1f}<extra></extra>"
    others = rows[(rows["place"] != REGION) & ~rows["place"].isin([chosen, own])]
    if not others.empty:  # one legend entry stands for every grey line
        fig.add_scatter(
            x=[None],
            y=[None],
            name=strings.EFFECTIVENESS_TREND_MUNICIPALITIES,
            legendgroup="municipalities",
            mode="lines",
            line={"color": figures.MUTED, "width": 1},
        )
    for (_place, name), line in others.groupby(["place", "municipality"], sort=True):
        fig.add_scatter(
            x=line["year"],
            y=line["value"],
            name=figures.safe_label(name),
            legendgroup="municipalities",
            showlegend=False,
            mode="lines",
            line={"color": figures.MUTED, "width": 1},
            hovertemplate=hover,
        )
    region = rows[rows["place"] == REGION]
    fig.add_scatter(
        x=region["year"],
        y=region["value"],
        name=strings.EFFECTIVENESS_TREND_REGION,
        mode="lines+markers",
        line={"color": figures.PALETTE[0], "width": 3},
        hovertemplate=hover,
    )
    for place in dict.fromkeys(p for p in (own, chosen) if p not in (None, REGION)):
        line = rows[rows["place"] == place]
        if line.empty:
            continue
        is_own = place == own
        fig.add_scatter(
            x=line["year"],
            y=line["value"],
            name=(
                strings.EFFECTIVENESS_TREND_OWN
                if is_own
                else figures.safe_label(line["municipality"].iloc[0])
            ),
            mode="lines+markers",
            line={"color": figures.OWN_COLOUR if is_own else figures.PALETTE[1], "width": 2.5},
            marker=figures.own_marker(11) if is_own else {"size": 8},
            hovertemplate=hover,
        )
    target = rows[(rows["place"] == chosen) & rows["target"].notna()]
    if not target.empty:
        fig.add_scatter(
            x=target["year"],
            y=target["target"],
            name=strings.EFFECTIVENESS_TREND_TARGET,
            mode="lines+markers",
            line={"color": figures.PALETTE[5], "dash": "dash"},
            marker={"symbol": "line-ew-open", "size": 12},
            hovertemplate=hover,
        )
    fig.update_xaxes(dtick=1, tickformat="d")
    fig.update_yaxes(
        title_text=strings.EFFECTIVENESS_UNIT_NAMES[unit(code)],
        rangemode="tozero",
        range=[0, 100] if unit(code) == "%" else None,
    )
    fig.update_layout(
        margin={"t": 40, "b": 50},
        showlegend=True,
        legend={"yref": "container", "y": 1, "yanchor": "top", "x": 0},
    )
    return fig


# ------------------------------------------------------------------ effects of measures
def _measure_label(title: object, year: object) -> str:
    text = " ".join(str(title or "").split())
    short = f"{text[: MEASURE_LABEL - 1]}…" if len(text) > MEASURE_LABEL else text
    return figures.safe_label(strings.EFFECTIVENESS_MEASURE_YEAR.format(measure=short, year=year))


def _interval_text(low: object, high: object) -> str:
    if low is None or high is None or pd.isna(low) or pd.isna(high):
        return strings.EFFECTIVENESS_NO_INTERVAL
    return strings.EFFECTIVENESS_INTERVAL.format(
        low=format_signed(low, 1), high=format_signed(high, 1)
    )


def shown_measures(by_measure: pd.DataFrame) -> pd.DataFrame:
    """The measures the forest plot draws: those with an estimate, most schools first."""
    if by_measure.empty:
        return by_measure
    measured = by_measure[by_measure["estimate"].notna()]
    return measured.sort_values(
        ["n_treated", "measure_code", "finding_year"], ascending=[False, True, True]
    ).head(MAX_MEASURES)


def forest_view(by_measure: pd.DataFrame) -> go.Figure:
    """The effect of each measure (difference in differences) with its interval; the zero
    line is «no effect». A measure on fewer than two schools has a point but no interval."""
    shown = shown_measures(by_measure)
    if shown.empty:
        return figures.empty_figure(strings.EFFECTIVENESS_NO_EFFECTS)
    shown = shown.iloc[::-1]  # the first measure at the top
    labels = [
        _measure_label(m, y) for m, y in zip(shown["measure"], shown["finding_year"], strict=True)
    ]
    estimate = shown["estimate"].astype("float64")
    low = pd.to_numeric(shown["low"], errors="coerce").astype("float64")
    high = pd.to_numeric(shown["high"], errors="coerce").astype("float64")
    hover = [
        strings.EFFECTIVENESS_FOREST_HOVER.format(
            measure=figures.safe_label(m),
            estimate=format_signed(e, 1),
            interval=_interval_text(lo, hi),
            treated=int(t),
            controls=int(c),
        )
        for m, e, lo, hi, t, c in zip(
            shown["measure"],
            estimate,
            low,
            high,
            shown["n_treated"],
            shown["n_controls"],
            strict=True,
        )
    ]
    return figures.forest(labels, estimate, low, high, hover, strings.EFFECTIVENESS_FOREST_X)


def effect_rows(by_measure: pd.DataFrame) -> pd.DataFrame:
    """The effect by measure as printed (Russian headers), every measure with its counts."""
    columns = strings.EFFECTIVENESS_EFFECT_COLUMNS
    if by_measure.empty:
        return pd.DataFrame(columns=list(columns.values()))
    table = by_measure.sort_values(["finding_year", "measure_code"])
    return pd.DataFrame(
        {
            columns["measure"]: table["measure"].astype(str),
            columns["finding"]: [
                strings.EFFECTIVENESS_FINDING_KINDS.get(k, str(k)) for k in table["finding_kind"]
            ],
            columns["indicator"]: [
                strings.EFFECTIVENESS_INDICATORS.get(i, str(i)) for i in table["indicator"]
            ],
            columns["finding_year"]: [str(int(y)) for y in table["finding_year"]],
            columns["n_treated"]: [count_text(n) for n in table["n_treated"]],
            columns["n_controls"]: [count_text(n) for n in table["n_controls"]],
            columns["estimate"]: [
                NO_VALUE if pd.isna(e) else format_signed(e, 1) for e in table["estimate"]
            ],
            columns["interval"]: [
                _interval_text(lo, hi) for lo, hi in zip(table["low"], table["high"], strict=True)
            ],
        }
    )


def decision_rows(per_decision: pd.DataFrame) -> pd.DataFrame:
    """Each decision's school change against its comparable schools, as printed."""
    columns = strings.EFFECTIVENESS_DECISION_COLUMNS
    if per_decision.empty:
        return pd.DataFrame(columns=list(columns.values()))
    table = per_decision.sort_values(["finding_year", "school", "decision_id"])
    return pd.DataFrame(
        {
            columns["decision_id"]: [str(int(i)) for i in table["decision_id"]],
            columns["school"]: table["school"].astype(str),
            columns["indicator"]: [
                strings.EFFECTIVENESS_INDICATORS.get(i, str(i)) for i in table["indicator"]
            ],
            columns["finding_year"]: [str(int(y)) for y in table["finding_year"]],
            columns["change"]: [format_signed(v, 1) for v in table["change"]],
            columns["control_change"]: [format_signed(v, 1) for v in table["control_change"]],
            columns["difference"]: [format_signed(v, 1) for v in table["difference"]],
        }
    )
