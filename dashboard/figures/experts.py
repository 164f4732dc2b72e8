"""Views of the expert community page: pure functions from frames (already scoped by
data_access) to `(figure, table frame)`, and the tables the page and its reports share.

The KPI table, the per-municipality breakdown and both reports are built from the same
`indicator_rows`, so the numbers on screen and in the workbook cannot drift.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go

from dashboard import rules, seeds, strings
from dashboard.figures import template as figures
from dashboard.formatting import NO_VALUE, format_date, format_number

Result = tuple[go.Figure, pd.DataFrame]

GAP_COLOUR = "#D55E00"
CRITERIA = {c.code: c.title for c in seeds.KPI_CRITERIA}
CODES = [i.code for i in seeds.KPI_INDICATORS]  # the nine indicators in the seed's order
ROW_COLUMNS = (
    "code",
    "criterion",
    "measure",
    "unit",
    "formula",
    "numerator",
    "denominator",
    "value",
    "target",
    "status",
)
STATUS_CLASS = {"met": "table-success", "close": "table-warning", "not_met": "table-danger"}
# CSS classes of the KPI table's cells (tests and the print stylesheet find cells by them).
KPI_CELL_CLASS = {
    "code": "kpi-code",
    "criterion": "small",
    "measure": "small",
    "unit": "",
    "formula": "small text-muted",
    "numerator": "kpi-numerator",
    "denominator": "kpi-denominator",
    "value": "kpi-value fw-semibold",
    "target": "kpi-target",
    "status": "kpi-status",
}


# ------------------------------------------------------------------ the indicator table
def formula(code: str) -> str:
    return strings.EXPERTS_FORMULAS[code].format(n=rules.KPI_TRAINING_VALID_YEARS)


def indicator_rows(table: pd.DataFrame, year: int, municipality_id: int) -> pd.DataFrame:
    """The nine indicators of one year and place with their seed wording and formula."""
    chosen = table[(table["year"] == year) & (table["municipality_id"] == municipality_id)]
    chosen = chosen.set_index("code")
    rows = []
    for i in seeds.KPI_INDICATORS:
        r = chosen.loc[i.code] if i.code in chosen.index else None

        def get(column: str, r=r) -> float | None:
            return None if r is None or pd.isna(r[column]) else float(r[column])

        rows.append(
            {
                "code": i.code,
                "criterion": CRITERIA[i.criterion_code],
                "measure": i.measure,
                "unit": i.unit,
                "formula": formula(i.code),
                "numerator": get("numerator"),
                "denominator": get("denominator"),
                "value": get("value"),
                "target": get("target"),
                "status": "no_data" if r is None else r["status"],
            }
        )
    return pd.DataFrame(rows, columns=list(ROW_COLUMNS))


def target_text(target: float | None, unit: str) -> str:
    """A target as printed: «—» when none is set (NaN once a float column holds it)."""
    return NO_VALUE if target is None or pd.isna(target) else value_text(target, unit)


def value_text(value: float | None, unit: str) -> str:
    """What the page prints: one decimal for %, whole numbers for units, «нет данных»."""
    if value is None or pd.isna(value):
        return strings.NO_DATA
    return format_number(value, 1 if unit == "%" else 0)


def kpi_cells(rows: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The indicator table as printed (Russian headers) and the CSS class of each cell."""
    texts = pd.DataFrame(
        {
            "code": rows["code"],
            "criterion": rows["criterion"],
            "measure": rows["measure"],
            "unit": rows["unit"],
            "formula": rows["formula"],
            "numerator": [format_number(v) for v in rows["numerator"]],
            "denominator": [format_number(v) for v in rows["denominator"]],
            "value": [value_text(v, u) for v, u in zip(rows["value"], rows["unit"], strict=True)],
            "target": [
                target_text(v, u) for v, u in zip(rows["target"], rows["unit"], strict=True)
            ],
            "status": [strings.EXPERTS_STATUS[s] for s in rows["status"]],
        },
        columns=list(ROW_COLUMNS),
    )
    classes = pd.DataFrame({c: [KPI_CELL_CLASS[c]] * len(rows) for c in ROW_COLUMNS})
    classes["status"] = [f"kpi-status {STATUS_CLASS.get(s, '')}".strip() for s in rows["status"]]
    names = strings.EXPERTS_KPI_COLUMNS
    return (
        texts.rename(columns=names).reset_index(drop=True),
        classes.rename(columns=names).reset_index(drop=True),
    )


def breakdown_cells(
    table: pd.DataFrame, year: int, places: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Municipalities × the nine indicators (value text) and each cell's status colour."""
    texts, classes = [], []
    for place_id, name in zip(places["id"], places["name"], strict=True):
        rows = indicator_rows(table, year, int(place_id))
        texts.append(
            [name, *(value_text(v, u) for v, u in zip(rows["value"], rows["unit"], strict=True))]
        )
        classes.append(["", *(STATUS_CLASS.get(s, "") for s in rows["status"])])
    columns = [strings.EXPERTS_MUNICIPALITY, *CODES]
    return pd.DataFrame(texts, columns=columns), pd.DataFrame(classes, columns=columns)


def facts_note(years: list[int], as_of: dt.date) -> str:
    """«Год …, учтены факты, датированные не позднее …» under the charts and the table."""
    return strings.EXPERTS_FACTS_NOTE.format(
        year=", ".join(map(str, years)), as_of=format_date(as_of)
    )


# ------------------------------------------------------------------ charts
def trend_view(
    table: pd.DataFrame, code: str, municipality_id: int, years: list[int], as_of: dt.date
) -> Result:
    """One indicator of one place by year (bars) with its target line, and those numbers."""
    if not years or table.empty:
        return figures.empty_figure(strings.NO_DATA), pd.DataFrame()
    rows = table[(table["code"] == code) & (table["municipality_id"] == municipality_id)]
    rows = rows.sort_values("year")
    frame = pd.DataFrame(
        {
            strings.EXPERTS_YEAR: rows["year"].astype(int),
            strings.EXPERTS_TREND_VALUE: rows["value"].astype("float64").round(2),
            strings.EXPERTS_TREND_TARGET: rows["target"].astype("float64"),
        }
    )
    if rows.empty or rows["value"].isna().all():
        return figures.empty_figure(strings.NO_DATA), frame.reset_index(drop=True)
    unit = next(i.unit for i in seeds.KPI_INDICATORS if i.code == code)
    fig = figures.base_figure(f"{code}. {strings.EXPERTS_TREND_TITLE}", facts_note(years, as_of))
    fig.add_bar(
        x=rows["year"],
        y=rows["value"],
        name=strings.EXPERTS_TREND_VALUE,
        marker_color=figures.PALETTE[0],
        text=[strings.NO_DATA if pd.isna(v) else format_number(v, 1) for v in rows["value"]],
        textposition="outside",
    )
    if rows["target"].notna().any():
        fig.add_scatter(
            x=rows["year"],
            y=rows["target"],
            name=strings.EXPERTS_TREND_TARGET,
            mode="lines+markers",
            line={"color": figures.HIGHLIGHT, "dash": "dash"},
        )
    fig.update_xaxes(dtick=1, tickformat="d")
    fig.update_yaxes(title_text=unit, rangemode="tozero")
    fig.update_layout(margin={"b": 80})
    return fig, frame.reset_index(drop=True)


def _direction_label(code: str) -> str:
    name = dict((c, n) for c, n, _ in seeds.EXPERTISE_DIRECTIONS).get(code, "")
    return f"{code} {name[:48]}…" if len(name) > 48 else f"{code} {name}"


def coverage_view(table: pd.DataFrame) -> Result:
    """Experts per direction (rows) and municipality (columns); zero cells are outlined gaps."""
    if table.empty or table.shape[1] == 0:
        return figures.empty_figure(strings.NO_DATA), pd.DataFrame()
    y = [_direction_label(code) for code in table.index]
    x = [figures.safe_label(c) for c in table.columns]
    fig = figures.base_figure(strings.EXPERTS_COVERAGE_TITLE, strings.EXPERTS_COVERAGE_NOTE)
    fig.add_heatmap(
        z=table.to_numpy(),
        x=x,
        y=y,
        colorscale="Blues",
        zmin=0,
        text=table.to_numpy(),
        texttemplate="%{text}",
        showscale=False,
        hovertemplate="%{y}<br>%{x}: %{z}<extra></extra>",
    )
    # One layout update for every gap: add_shape validates the whole layout on each call.
    rows, columns = (table.to_numpy() == 0).nonzero()
    gaps = [
        {
            "type": "rect",
            "x0": j - 0.5,
            "x1": j + 0.5,
            "y0": i - 0.5,
            "y1": i + 0.5,
            "line": {"color": GAP_COLOUR, "width": 2},
        }
        for i, j in zip(rows.tolist(), columns.tolist(), strict=True)
    ]
    fig.update_yaxes(autorange="reversed", tickfont={"size": 10})
    fig.update_layout(height=max(420, 32 * len(y) + 140), margin={"l": 320, "b": 90}, shapes=gaps)
    frame = table.copy()
    frame.index = [str(code) for code in table.index]
    frame = frame.rename_axis(strings.EXPERTS_FILTER_DIRECTION).reset_index()
    return fig, frame


def funnel_stages(year: int) -> list[str]:
    """Russian names of the five funnel stages (page chart and PDF summary)."""
    return [
        s.format(p=seeds.QUALIFICATION_PASS_PERCENT, year=year, n=rules.KPI_TRAINING_VALID_YEARS)
        for s in strings.EXPERTS_FUNNEL_STAGES
    ]


def funnel_view(counts: list[int], year: int) -> Result:
    """Candidates → passed → included → engaged → trained (nested counts), and the counts."""
    stages = funnel_stages(year)
    frame = pd.DataFrame(
        {
            strings.EXPERTS_FUNNEL_COLUMNS["stage"]: stages[: len(counts)],
            strings.EXPERTS_FUNNEL_COLUMNS["experts"]: list(counts),
        }
    )
    if not counts or counts[0] == 0:
        return figures.empty_figure(strings.NO_DATA), frame
    title = strings.EXPERTS_FUNNEL_TITLE.format(p=seeds.QUALIFICATION_PASS_PERCENT)
    fig = figures.base_figure(title)
    fig.add_funnel(
        y=stages, x=counts, textinfo="value+percent initial", marker={"color": figures.PALETTE[:5]}
    )
    fig.update_layout(margin={"l": 260})
    return fig, frame


# ------------------------------------------------------------------ the registry
def _text(value: object) -> str:
    return (
        NO_VALUE
        if value is None or value == "" or (isinstance(value, float) and pd.isna(value))
        else str(value)
    )


def _qualification(score: object, on: object) -> str:
    if score is None or pd.isna(score):
        return NO_VALUE
    return f"{format_number(score, 1)} % ({format_date(on)})"


def _status(status: str, on: object) -> str:
    label = strings.EXPERTS_STATUSES.get(status, status)
    return label if status == "candidate" else f"{label} {format_date(on)}"


def registry_names(rows: pd.DataFrame) -> pd.DataFrame:
    """The named registry as shown and downloaded: one row per expert, Russian headers."""
    frame = pd.DataFrame(
        {
            "expert_code": rows["expert_code"],
            "full_name": rows["full_name"],
            "municipality": rows["municipality"],
            "position": [_text(p) for p in rows["position"]],
            "directions": [", ".join(d) or NO_VALUE for d in rows["directions"]],
            "qualification": [
                _qualification(s, d)
                for s, d in zip(
                    rows["qualification_score"], rows["qualification_date"], strict=True
                )
            ],
            "status": [
                _status(s, d) for s, d in zip(rows["status"], rows["status_date"], strict=True)
            ],
            "trainings": rows["trainings"].astype(int),
            "engagements": [
                "; ".join(f"{y}: {n}" for y, n in e.items()) or NO_VALUE
                for e in rows["engagements"]
            ],
        },
        columns=list(strings.EXPERTS_REGISTRY_COLUMNS),
    )
    return frame.rename(columns=strings.EXPERTS_REGISTRY_COLUMNS).reset_index(drop=True)


def registry_counts(counts: pd.DataFrame) -> pd.DataFrame:
    """Experts per municipality and registry status (open to every role)."""
    columns = strings.EXPERTS_COUNT_COLUMNS
    frame = counts[list(columns)].copy()
    for column in columns:
        if column != "municipality":
            frame[column] = frame[column].astype(int)
    return frame.rename(columns=columns).reset_index(drop=True)


#: Experts the edit form's picker offers at a time: it is filled from what the user types.
PICK_LIMIT = 20


def expert_choices(offered: list[dict], search: str | None, chosen: str | None) -> list[dict]:
    """The picker's options: the first `PICK_LIMIT` experts whose label (code — name) holds
    every word typed, case-insensitively (the words the dropdown itself searches for), and the
    chosen expert, whose option must stay or the dropdown drops its value."""
    words = (search or "").lower().split()
    found = [o for o in offered if all(w in str(o["label"]).lower() for w in words)]
    shown = found[:PICK_LIMIT]
    if chosen is not None and all(o["value"] != chosen for o in shown):
        shown += [o for o in offered if o["value"] == chosen][:1]
    return shown
