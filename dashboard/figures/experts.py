"""Views of the expert community page: pure functions from frames (already scoped by
data_access) to `(figure, table frame)`, and the tables the page and its reports share.

The KPI table, the per-municipality breakdown and both reports are built from the same
`indicator_rows`, so the numbers on screen and in the workbook cannot drift.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go

from dashboard import seeds, strings
from dashboard.analytics.expert_kpis import REGION as REGION_ID
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
    "code": "kpi-code oko-code",  # an indicator number (1.2), not a decimal (page_tour)
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
    """How the indicator is counted, followed by OKO's reading where the seed leaves one."""
    text = strings.EXPERTS_FORMULAS[code]
    reading = strings.EXPERTS_INTERPRETATIONS.get(code)
    return (
        text
        if reading is None
        else f"{text}. {strings.EXPERTS_INTERPRETATION.format(text=reading)}"
    )


def interpreted_codes() -> list[str]:
    """Indicators whose rule is OKO's reading (in the order of seed 004)."""
    return [i.code for i in seeds.KPI_INDICATORS if i.code in strings.EXPERTS_INTERPRETATIONS]


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
                "measure": i.measure.replace(
                    strings.EXPERTS_SEED_PLACE, strings.EXPERTS_CHOSEN_PLACE
                ),
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


def _counts_text(rows: pd.DataFrame, column: str, text) -> list[str]:
    """A column of the indicator rows as printed by `text(value, unit)`; «скрыто» where the
    small-number rule hid the row (status `suppressed`, set by data_access.expert_kpis)."""
    return [
        strings.SUPPRESSED if s == "suppressed" else text(v, u)
        for v, u, s in zip(rows[column], rows["unit"], rows["status"], strict=True)
    ]


def _count_text(value: float | None, _unit: str) -> str:
    return format_number(value)


def kpi_cells(rows: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The indicator table as printed (Russian headers) and the CSS class of each cell."""
    texts = pd.DataFrame(
        {
            "code": rows["code"],
            "criterion": rows["criterion"],
            "measure": rows["measure"],
            "unit": rows["unit"],
            "formula": rows["formula"],
            "numerator": _counts_text(rows, "numerator", _count_text),
            "denominator": _counts_text(rows, "denominator", _count_text),
            "value": _counts_text(rows, "value", value_text),
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


def own_first(places: pd.DataFrame, own: int | None) -> pd.DataFrame:
    """Municipalities (`id`, `name`) with the user's own one first, the others in order."""
    if own is None or places.empty:
        return places
    is_own = places["id"].astype("int64") == own
    return pd.concat([places[is_own], places[~is_own]])


#: CSS class of the own municipality's name cell (assets/oko.css); its other cells keep
#: their status colour and turn bold.
OWN_CELL = "oko-own-cell"


def breakdown_cells(
    table: pd.DataFrame, year: int, places: pd.DataFrame, own: int | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Municipalities × the nine indicators (value text) and each cell's status colour; the
    user's own municipality (`own`) marked."""
    texts, classes = [], []
    for place_id, name in zip(places["id"], places["name"], strict=True):
        rows = indicator_rows(table, year, int(place_id))
        texts.append([name, *_counts_text(rows, "value", value_text)])
        mine = own is not None and int(place_id) == own
        statuses = [STATUS_CLASS.get(s, "") for s in rows["status"]]
        if mine:
            statuses = [f"{c} fw-semibold".strip() for c in statuses]
        classes.append([OWN_CELL if mine else "", *statuses])
    columns = [strings.EXPERTS_MUNICIPALITY, *CODES]
    return pd.DataFrame(texts, columns=columns), pd.DataFrame(classes, columns=columns)


def facts_note(years: list[int], as_of: dt.date) -> str:
    """«Год …, учтены факты, датированные не позднее …» under the charts and the table."""
    return strings.EXPERTS_FACTS_NOTE.format(
        year=", ".join(map(str, years)), as_of=format_date(as_of)
    )


# ------------------------------------------------------------------ charts


def trend_view(
    table: pd.DataFrame,
    code: str,
    municipality_id: int,
    years: list[int],
    as_of: dt.date,
    own: int | None = None,
) -> Result:
    """One indicator of one place by year (bars) with its target line and, for a
    municipality, the region's value as the comparison; and those numbers. The user's own
    municipality is drawn in OWN_COLOUR. No figure title: the card holds it."""
    if not years or table.empty:
        return figures.empty_figure(strings.NO_DATA), pd.DataFrame()
    rows = table[(table["code"] == code) & (table["municipality_id"] == municipality_id)]
    rows = rows.sort_values("year")
    region = table[(table["code"] == code) & (table["municipality_id"] == REGION_ID)]
    region = region.set_index("year")["value"].astype("float64")
    compare = municipality_id != REGION_ID
    frame = pd.DataFrame(
        {
            strings.EXPERTS_YEAR: rows["year"].astype(int),
            strings.EXPERTS_TREND_VALUE: rows["value"].astype("float64").round(2),
            strings.EXPERTS_TREND_TARGET: rows["target"].astype("float64"),
        }
    )
    if compare:
        frame[strings.EXPERTS_TREND_REGION] = [region.get(y, float("nan")) for y in rows["year"]]
    if rows.empty or rows["value"].isna().all():
        return figures.empty_figure(strings.NO_DATA), frame.reset_index(drop=True)
    unit = next(i.unit for i in seeds.KPI_INDICATORS if i.code == code)
    fig = figures.base_figure()
    is_own = own is not None and municipality_id == own
    fig.add_bar(
        x=rows["year"],
        y=rows["value"],
        name=strings.EXPERTS_TREND_OWN if is_own else strings.EXPERTS_TREND_VALUE,
        marker={
            "color": figures.OWN_COLOUR if is_own else figures.PALETTE[0],
            "line": {"color": figures.OWN_OUTLINE if is_own else figures.PALETTE[0], "width": 1},
        },
        text=[
            strings.SUPPRESSED
            if s == "suppressed"
            else strings.NO_DATA
            if pd.isna(v)
            else format_number(v, 1)
            for v, s in zip(rows["value"], rows.get("status", [""] * len(rows)), strict=True)
        ],
        textposition="outside",
        cliponaxis=False,
    )
    if compare and region.notna().any():
        shown = region.reindex(rows["year"].to_numpy())
        fig.add_scatter(
            x=shown.index,
            y=shown.to_numpy(),
            name=strings.EXPERTS_TREND_REGION,
            mode="lines+markers",
            line={"color": figures.PALETTE[7], "width": 2},
            marker={"symbol": "diamond", "size": 8},
        )
    if rows["target"].notna().any():
        fig.add_scatter(
            x=rows["year"],
            y=rows["target"],
            name=strings.EXPERTS_TREND_TARGET,
            mode="lines+markers",
            line={"color": figures.PALETTE[5], "dash": "dash"},
        )
    fig.update_xaxes(dtick=1, tickformat="d")
    fig.update_yaxes(title_text=unit, rangemode="tozero")
    figures.note_below(fig, facts_note(years, as_of))
    # The legend sits above the plot, in the top margin: never over a title or an axis title.
    fig.update_layout(
        margin={"t": 40, "b": 70},
        showlegend=True,
        legend={"yref": "container", "y": 1, "yanchor": "top", "x": 0},
    )
    return fig, frame.reset_index(drop=True)


def _direction_label(code: str) -> str:
    name = dict((c, n) for c, n, _ in seeds.EXPERTISE_DIRECTIONS).get(code, "")
    return f"{code} {name[:38]}…" if len(name) > 38 else f"{code} {name}"


def _place_label(name: object, is_own: bool) -> str:
    """A municipality's tick label (escaped); the user's own one in OWN_COLOUR and bold."""
    text = figures.safe_label(name)
    return f'<b><span style="color:{figures.OWN_COLOUR}">{text}</span></b>' if is_own else text


def coverage_columns(table: pd.DataFrame, own_name: str | None) -> tuple[pd.DataFrame, int]:
    """At most MAX_CATEGORIES municipalities (columns): the own one first, then those with
    the most experts; and how many were left out."""
    if table.shape[1] <= figures.MAX_CATEGORIES:
        columns = list(table.columns)
    else:
        totals = table.sum(axis=0).sort_values(ascending=False, kind="stable")
        columns = list(totals.index[: figures.MAX_CATEGORIES])
    if own_name in table.columns:
        columns = [own_name, *(c for c in columns if c != own_name)][: figures.MAX_CATEGORIES]
    return table[columns], table.shape[1] - len(columns)


def coverage_view(table: pd.DataFrame, own_name: str | None = None) -> Result:
    """Experts per direction (rows) and municipality (columns; the user's own first and
    marked); zero cells are outlined gaps. No title or note inside: the card holds them."""
    if table.empty or table.shape[1] == 0:
        return figures.empty_figure(strings.NO_DATA), pd.DataFrame()
    frame = table.copy()
    frame.index = [str(code) for code in table.index]
    frame = frame.rename_axis(strings.EXPERTS_FILTER_DIRECTION).reset_index()
    table, _hidden = coverage_columns(table, own_name)
    y = [_direction_label(code) for code in table.index]
    x = [_place_label(c, c == own_name) for c in table.columns]
    # A count hidden by the small-number rule (NA) is an empty cell reading «скрыто».
    values = table.astype("Float64").to_numpy(dtype="float64", na_value=float("nan"))
    text = [[strings.SUPPRESSED if pd.isna(v) else str(int(v)) for v in row] for row in values]
    fig = figures.base_figure()
    fig.add_heatmap(
        z=values,
        x=x,
        y=y,
        colorscale="Blues",
        zmin=0,
        text=text,
        texttemplate="%{text}",
        showscale=False,
        hovertemplate="%{y}<br>%{x}: %{text}<extra></extra>",
    )
    # One layout update for every gap: add_shape validates the whole layout on each call.
    rows, columns = (values == 0).nonzero()
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
    fig.update_yaxes(autorange="reversed", tickfont={"size": 10}, automargin=True)
    fig.update_xaxes(tickangle=-45, tickfont={"size": 10}, automargin=True)
    fig.update_layout(
        height=max(420, 30 * len(y) + 200),
        margin={"l": 16, "t": 16, "b": 16, "r": 16},
        shapes=gaps,
    )
    return fig, frame


def funnel_stages(year: int) -> list[str]:
    """Russian names of the five funnel stages (page chart and PDF summary)."""
    return [
        s.format(p=seeds.QUALIFICATION_PASS_PERCENT, year=year)
        for s in strings.EXPERTS_FUNNEL_STAGES
    ]


def _stage_text(count: int | None, first: int | None) -> str:
    """«12 (40 %)» of a stage, the share of the first stage; «скрыто» for a hidden one."""
    if count is None:
        return strings.SUPPRESSED
    if not first:
        return format_number(count)
    return f"{format_number(count)} ({format_number(100 * count / first, 0)} %)"


def funnel_view(counts: list[int | None], year: int) -> Result:
    """Candidates → passed → included → engaged → trained (nested counts), and the counts.
    A stage hidden by the small-number rule (None) has no bar and reads «скрыто»."""
    stages = funnel_stages(year)
    frame = pd.DataFrame(
        {
            strings.EXPERTS_FUNNEL_COLUMNS["stage"]: stages[: len(counts)],
            strings.EXPERTS_FUNNEL_COLUMNS["experts"]: list(counts),
        }
    )
    if not counts or counts[0] == 0:
        return figures.empty_figure(strings.NO_DATA), frame
    fig = figures.base_figure()  # the card holds the title
    text = [_stage_text(n, counts[0]) for n in counts]
    fig.add_funnel(
        y=[_wrapped(stage) for stage in stages],
        x=counts,
        text=text,
        textinfo="text",
        marker={"color": figures.PALETTE[:5]},
        hovertemplate="%{y}: %{text}<extra></extra>",
    )
    fig.update_yaxes(automargin=True)
    fig.update_layout(margin={"l": 16, "t": 16, "r": 16, "b": 16})
    return fig, frame


def _wrapped(text: str, width: int = 22) -> str:
    """A long stage name on two or three lines, so the funnel keeps its width."""
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return "<br>".join([*lines, line])


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


def registry_counts(counts: pd.DataFrame, own: str | None = None) -> pd.DataFrame:
    """Experts per municipality and registry status (open to every role); the user's own
    municipality (by name) first. A count data_access hid (NA, the small-number rule) reads
    «скрыто»; a column with such a cell holds text, the others stay whole numbers."""
    columns = strings.EXPERTS_COUNT_COLUMNS
    frame = counts[list(columns)].copy()
    if own is not None and not frame.empty:
        is_own = frame["municipality"] == own
        frame = pd.concat([frame[is_own], frame[~is_own]])
    for column in columns:
        if column == "municipality":
            continue
        values = frame[column]
        frame[column] = (
            [strings.SUPPRESSED if pd.isna(v) else int(v) for v in values]
            if values.isna().any()
            else values.astype(int)
        )
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
