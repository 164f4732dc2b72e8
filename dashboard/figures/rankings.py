"""Views of /rankings: scatter with the expected line, caterpillar, rank intervals, funnel,
and the ranking table (the grid and its CSV/XLSX download are the same frame).

Every function takes the redacted view of :func:`data_access.rankings.school_rankings`
(names only where the scope allows), so a figure can never show more than the table.
"""

from __future__ import annotations

import json
import textwrap

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard import rules, strings
from dashboard.analytics import funnel as funnel_limits
from dashboard.figures.categories import top_and_bottom
from dashboard.figures.template import (
    MAX_CATEGORIES,
    MUTED,
    OWN_COLOUR,
    OWN_OUTLINE,
    OWN_SYMBOL,
    PALETTE,
    base_figure,
    empty_figure,
    note_below,
    own_marker,
    safe_label,
)
from dashboard.formatting import format_date, format_number

CATEGORY_COLOURS = {
    "low_results": PALETTE[5],
    "resilient": PALETTE[2],
    "adverse_conditions": PALETTE[1],
    "above": PALETTE[0],
    "average": "#9AA5B1",
    "below": PALETTE[3],
}


def own_name(view: dict) -> str:
    """What the user's own rows are called: «Ваша ОО» or «Школы вашего муниципалитета»."""
    return strings.RANK_OWN_MUNICIPALITY if view.get("own") == "municipality" else strings.RANK_OWN


def labels(table: pd.DataFrame, own_prefix: bool = True) -> list[str]:
    """Hover label per row: the name within scope, a director's «Ваша ОО» marked (when
    `own_prefix`), others anonymous."""
    out = []
    for name, own in zip(table["name"], table["is_own"], strict=True):
        if isinstance(name, str):
            marked = own and own_prefix
            out.append(f"{strings.RANK_OWN}: {safe_label(name)}" if marked else safe_label(name))
        else:
            out.append(strings.RANK_OTHER)
    return out


def _codes(table: pd.DataFrame) -> list[str | None]:
    """Per row, the school's code when the user may see the school by name (the click on its
    point opens its profile), else None: an anonymous school's code never reaches the page."""
    codes = table["school_code"] if "school_code" in table else pd.Series([None] * len(table))
    return [
        code if isinstance(name, str) and isinstance(code, str) else None
        for name, code in zip(table["name"], codes, strict=True)
    ]


def _error_bars(centre: np.ndarray, low: np.ndarray, high: np.ndarray) -> dict:
    """Asymmetric error bars from `low` to `high` around `centre`."""
    return {
        "type": "data",
        "symmetric": False,
        "array": high - centre,
        "arrayminus": centre - low,
        "thickness": 1,
        "width": 0,
    }


def _by_category(
    fig: go.Figure,
    table: pd.DataFrame,
    x: np.ndarray,
    y: np.ndarray,
    bounds: tuple[pd.Series, pd.Series] | None = None,
    own_label: str = strings.RANK_OWN,
    hover_x: str = "%{x:.2f}",
) -> None:
    """One marker trace per category, with error bars from `bounds` (low, high, aligned with
    the table) when given; the caller's own schools drawn apart as stars in the own colour
    (their category in the hover). Named points carry their school code (`customdata`) so a
    click opens the profile; anonymous points carry nothing."""
    text = labels(table, own_label == strings.RANK_OWN)
    codes = _codes(table)
    own = table["is_own"].to_numpy(dtype=bool)
    categories = table["category"].map(strings.RANK_CATEGORIES).fillna("").tolist()

    def bars(mask: np.ndarray) -> dict:
        if bounds is None:
            return {}
        low, high = bounds[0].to_numpy()[mask], bounds[1].to_numpy()[mask]
        return {"error_y": _error_bars(y[mask], low, high)}

    for category, colour in CATEGORY_COLOURS.items():
        mask = (table["category"] == category).to_numpy() & ~own
        if not mask.any():
            continue
        # A trace of anonymous schools says so once, not once per school.
        shown = [t for t, m in zip(text, mask, strict=True) if m]
        anonymous = all(t == strings.RANK_OTHER for t in shown)
        fig.add_trace(
            go.Scatter(
                x=x[mask],
                y=y[mask],
                mode="markers",
                name=strings.RANK_CATEGORIES[category],
                marker={"color": colour, "size": 8, "line": {"width": 0.5, "color": "white"}},
                text=None if anonymous else shown,
                customdata=None
                if anonymous
                else [c for c, m in zip(codes, mask, strict=True) if m],
                hovertemplate=(strings.RANK_OTHER if anonymous else "%{text}")
                + f"<br>{hover_x}; %{{y:.1f}}<extra></extra>",
                **bars(mask),
            )
        )
    if own.any():
        many = own_label != strings.RANK_OWN  # a municipality's schools: keep their category
        colours = [CATEGORY_COLOURS.get(c, MUTED) for c in table["category"]]
        if many:  # the legend shows the own mark once, in the own colour
            fig.add_trace(
                go.Scatter(
                    x=[None],
                    y=[None],
                    mode="markers",
                    name=own_label,
                    hoverinfo="skip",
                    marker=own_marker(13),
                )
            )
        fig.add_trace(
            go.Scatter(
                x=x[own],
                y=y[own],
                mode="markers",
                name=own_label,
                showlegend=not many,
                text=[f"{t}<br>{c}" for t, c, m in zip(text, categories, own, strict=True) if m],
                customdata=[c for c, m in zip(codes, own, strict=True) if m],
                hovertemplate=f"%{{text}}<br>{hover_x}; %{{y:.1f}}<extra></extra>",
                marker={
                    # a municipality's many schools: the category's colour, the own outline
                    "color": [c for c, m in zip(colours, own, strict=True) if m]
                    if many
                    else OWN_COLOUR,
                    "symbol": OWN_SYMBOL,
                    "size": 13 if many else 15,
                    "line": {
                        "width": 2 if many else 1.5,
                        "color": OWN_COLOUR if many else OWN_OUTLINE,
                    },
                },
                **bars(own),
            )
        )


def _figure(note: str) -> go.Figure:
    """A chart with no title of its own (the page's heading names it) and the source note
    under the axis title, never over it; the legend above the plot."""
    fig = base_figure("", "")
    fig.update_layout(margin={"t": 24, "b": 110}, clickmode="event")
    if note:
        note_below(fig, note, below=62)
    return fig


def scatter(view: dict, y_title: str, note: str) -> go.Figure:
    table = view["table"]
    fig = _figure(note)
    ok = table["social_index"].notna()
    social = table.loc[ok, "social_index"]
    _by_category(
        fig,
        table[ok],
        social.to_numpy(),
        table.loc[ok, "result"].to_numpy(),
        own_label=own_name(view),
    )
    if view.get("line") and ok.any():
        intercept, slope = view["line"]
        xs = np.linspace(social.min(), social.max(), 20)
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=intercept + slope * xs,
                mode="lines",
                name=strings.RANK_EXPECTED,
                line={"color": "#333", "dash": "dash"},
                hoverinfo="skip",
            )
        )
    fig.update_layout(xaxis_title=strings.RANK_X_SOCIAL, yaxis_title=y_title)
    return fig


def shown_schools(view: dict, value: str, show_all: bool = False) -> tuple[pd.DataFrame, int]:
    """The schools a per-school chart draws: every one with `show_all`, else the top and the
    bottom by `value` (MAX_CATEGORIES in all) and the user's own; and how many are left out.
    `place` is each school's position in the full list (1 = highest `value`)."""
    table = view["table"]
    table = table.assign(place=table[value].rank(ascending=False, method="first"))
    return top_and_bottom(table, value, limit=MAX_CATEGORIES, own="is_own", show_all=show_all)


def _gaps(fig: go.Figure, x: np.ndarray, place: np.ndarray) -> None:
    """Where drawn neighbours are not neighbours in the full list: a dotted line saying how
    many schools are left out there."""
    for i in np.where(np.abs(np.diff(place)) > 1)[0]:
        left_out = int(abs(place[i + 1] - place[i])) - 1
        fig.add_vline(
            x=(x[i] + x[i + 1]) / 2,
            line={"color": "#5F6B7A", "dash": "dot", "width": 1},
            annotation_text=strings.RANK_GAP.format(n=format_number(left_out)),
            annotation_position="bottom",
            annotation_font={"size": 11, "color": "#5F6B7A"},
        )


def caterpillar(view: dict, note: str, show_all: bool = False) -> go.Figure:
    """Effects sorted, 95 % intervals; the schools «не отличается от среднего» shaded. By
    default only the top and bottom schools (and the own ones), in effect order."""
    table, hidden = shown_schools(view, "effect", show_all)
    table = table.sort_values("effect", kind="stable").reset_index(drop=True)
    order = np.arange(1, len(table) + 1)
    fig = _figure(note)
    average = (table["ci_low"] <= 0) & (table["ci_high"] >= 0)
    if average.any() and not hidden:
        idx = order[average.to_numpy()]
        fig.add_vrect(
            x0=idx.min() - 0.5,
            x1=idx.max() + 0.5,
            fillcolor="#9AA5B1",
            opacity=0.15,
            line_width=0,
            annotation_text=strings.RANK_BAND,
            annotation_position="bottom left",  # inside the plot: never over the legend
        )
    fig.add_hline(y=0, line={"color": "#333", "width": 1})
    _by_category(
        fig,
        table,
        order,
        table["effect"].to_numpy(),
        (table["ci_low"], table["ci_high"]),
        own_label=own_name(view),
        hover_x=strings.RANK_HOVER_POSITION,
    )
    if hidden:
        _gaps(fig, order, table["place"].to_numpy())
    fig.update_layout(xaxis_title=strings.RANK_X_ORDER, yaxis_title=strings.RANK_X_EFFECT)
    fig.update_xaxes(showticklabels=False)
    return fig


def rank_intervals(view: dict, note: str, show_all: bool = False) -> go.Figure:
    table, hidden = shown_schools(view, "effect", show_all)
    table = table.sort_values("rank", kind="stable").reset_index(drop=True)
    fig = _figure(note)
    position = np.arange(1, len(table) + 1)
    _by_category(
        fig,
        table,
        position,
        table["rank"].to_numpy(),
        (table["rank_low"], table["rank_high"]),
        own_label=own_name(view),
        hover_x=strings.RANK_HOVER_POSITION,
    )
    if hidden:
        _gaps(fig, position, table["place"].to_numpy())
    fig.update_layout(
        xaxis_title=strings.RANK_X_ORDER, yaxis_title=strings.RANK_RANK, yaxis_autorange="reversed"
    )
    fig.update_xaxes(showticklabels=False)
    return fig


def funnel(view: dict, y_title: str, note: str) -> go.Figure:
    """School mean against participants with 95 % / 99.8 % limits around the regional mean."""
    table = view["table"]
    fig = _figure(note)
    centre, sd = view["centre"], float(np.sqrt(view["sigma2"]))
    tau2 = float(view.get("funnel_tau2", 0.0))
    n_max = max(float(table["n"].max()) if len(table) else 10.0, 10.0)
    ns = np.linspace(max(rules.min_cell(), 1), n_max, 120)
    for z, name, dash in zip(
        rules.FUNNEL_Z,
        (strings.RANK_LIMIT_95, strings.RANK_LIMIT_998),
        ("dot", "dash"),
        strict=True,
    ):
        bounds = funnel_limits.limits(ns, centre, sd, z, tau2)
        for bound, legend in ((bounds[1], True), (bounds[0], False)):
            fig.add_trace(
                go.Scatter(
                    x=ns,
                    y=bound,
                    mode="lines",
                    name=name,
                    legendgroup=name,
                    showlegend=legend,
                    line={"color": "#5F6B7A", "dash": dash, "width": 1},
                    hoverinfo="skip",
                )
            )
    fig.add_hline(y=centre, line={"color": "#333", "width": 1})
    _by_category(
        fig,
        table,
        table["n"].to_numpy(),
        table["result"].to_numpy(),
        own_label=own_name(view),
        hover_x="%{x}",
    )
    fig.update_layout(xaxis_title=strings.RANK_X_PARTICIPANTS, yaxis_title=y_title)
    return fig


# ------------------------------------------------------------------ the table and the notes
ALL = "__all__"  # data_access.rankings.ALL: the «все предметы» outcome
#: Decimals of the numeric columns of the table (by their Russian header).
TABLE_DIGITS = {
    strings.RANK_COLUMNS[c]: d
    for c, d in {"result": 1, "social_index": 2, "effect": 2, "ci_low": 2, "ci_high": 2}.items()
}
TABLE_COLUMNS = [
    "name",
    "n",
    "result",
    "social_index",
    "effect",
    "ci_low",
    "ci_high",
    "raw_rank",
    "rank",
    "rank_interval",
    "category",
]


def ranking_table(table: pd.DataFrame, own_prefix: bool = True) -> pd.DataFrame:
    """One row per shown school under Russian headers: names only where the table carries
    them, a director's own school marked «Ваша ОО: …» (`own_prefix`; the grid highlights
    every own row)."""
    names = [name if isinstance(name, str) else strings.RANK_OTHER for name in table["name"]]
    interval = [
        f"{int(low)}–{int(high)}" if not pd.isna(low) else ""
        for low, high in zip(table["rank_low"], table["rank_high"], strict=True)
    ]
    shown = pd.DataFrame(
        {
            "name": [
                f"{strings.RANK_OWN}: {n}" if own and own_prefix else n
                for n, own in zip(names, table["is_own"], strict=True)
            ],
            "n": table["n"].astype("int64"),
            "result": table["result"].astype("float64").round(1),
            "social_index": table["social_index"].astype("float64").round(2),
            **{c: table[c].astype("float64").round(2) for c in ("effect", "ci_low", "ci_high")},
            "raw_rank": table["raw_rank"].astype("float64").round().astype("Int64"),
            "rank": table["rank"].astype("int64"),
            "rank_interval": interval,
            "category": table["category"].map(strings.RANK_CATEGORIES),
        },
        columns=TABLE_COLUMNS,
    )
    return shown.rename(columns=strings.RANK_COLUMNS)


#: The grid shows the table and two columns more: the profile link (named schools only) and a
#: hidden «own» mark its row class reads (the download is the table without them).
GRID_PROFILE_FIELD = f"c{len(TABLE_COLUMNS)}"
GRID_OWN_FIELD = f"c{len(TABLE_COLUMNS) + 1}"
OWN_ROW_RULES = {
    "oko-own-row": f"params.data && params.data.{GRID_OWN_FIELD} === "
    + json.dumps(strings.GRID_YES, ensure_ascii=False)
}


def outcome_label(args: dict) -> str:
    """«ВПР, все предметы, 5 класс»: the outcome the model ranks."""
    subject = strings.RANK_ALL_SUBJECTS if args["subject"] == ALL else args["subject"]
    grade = (
        strings.RANK_ALL_GRADES
        if args["grade"] == 0
        else strings.RANK_GRADE.format(grade=args["grade"])
    )
    return f"{strings.PROCEDURE_KINDS.get(args['kind'], args['kind'])}, {subject}, {grade}"


def y_title(args: dict) -> str:
    """A composite outcome is a gap to the regional mean, a single procedure a percent."""
    composite = args["subject"] == ALL or args["grade"] == 0
    return strings.RANK_Y_GAP if composite else strings.RANK_Y_PERCENT


def source_note(view: dict) -> str:
    """The source under every chart: procedure, year, date held and schools in the model."""
    args = view["args"]
    return strings.RANK_SOURCE.format(
        procedure=outcome_label(args),
        year=args["year"],
        date=format_date(view["held_on"]) if view["held_on"] else strings.NO_DATA,
        schools=format_number(view["n_groups"]),
    )


def hidden_note(view: dict) -> str:
    """How many small schools the answer leaves out (they still inform the fit)."""
    if not view["hidden_small"]:
        return ""
    return strings.RANK_HIDDEN.format(n=view["hidden_small"], min=rules.min_cell())


def empty_message(view: dict, labels: dict[str, str], level: str) -> str:
    """Why there is no ranking (the `empty` reason of the view) and what the user can do, in
    Russian; a collapsed model says its variances. Never a Python message."""
    reason = view["empty"]
    template = strings.RANK_EMPTY.get(reason, strings.RANK_EMPTY["no_fit"])
    if reason == "collapsed":
        return template.format(
            tau2=format_number(view["tau2"], 1),
            sigma2=format_number(view["sigma2"], 1),
            schools=format_number(view["n_groups"]),
            advice=strings.RANK_COLLAPSED_ADVICE.get(level, strings.RANK_COLLAPSED_ADVICE["pupil"]),
        )
    if reason == "no_covariate":
        code = view.get("covariate", "")
        return template.format(covariate=labels.get(code, code))
    return template


def empty_chart(message: str) -> go.Figure:
    """A chart that draws no school and says why (the message wrapped: plotly does not)."""
    return empty_figure("<br>".join(textwrap.wrap(message, EMPTY_CHART_WIDTH)))


EMPTY_CHART_WIDTH = 90  # characters per line of an empty chart's explanation


def fixed_terms(view: dict, labels: dict[str, str]) -> str:
    """The model's coefficients, each with its standard error, named as the user picked them."""
    fixed = view["fixed"]
    return "; ".join(
        strings.RANK_TERM.format(
            name=labels.get(name, strings.RANK_INTERCEPT if name == "Intercept" else name),
            estimate=format_number(estimate, 2),
            se=format_number(se, 2),
        )
        for name, estimate, se in zip(fixed.index, fixed["estimate"], fixed["se"], strict=True)
    )


#: The charts that draw one mark per school in a row (cut to MAX_CATEGORIES by default); the
#: scatter and the funnel are distributions and draw every school, the own ones highlighted.
PER_SCHOOL = ("caterpillar", "intervals")


def chart(view: dict, key: str, show_all: bool = False) -> go.Figure:
    """One chart of a fitted view by its tab key: scatter, funnel, caterpillar, intervals."""
    note, y = source_note(view), y_title(view["args"])
    drawn = {
        "scatter": lambda: scatter(view, y, note),
        "funnel": lambda: funnel(view, y, note),
        "caterpillar": lambda: caterpillar(view, note, show_all),
        "intervals": lambda: rank_intervals(view, note, show_all),
    }
    return drawn[key]()


def funnel_note(view: dict) -> str:
    """Under the funnel: the overdispersion its limits allow for, and how many of the shown
    schools the 99.8 % limits would leave outside without and with it."""
    tau2 = float(view.get("funnel_tau2", 0.0))
    if tau2 <= 0:
        return strings.RANK_FUNNEL_NOTE_PLAIN
    table, sd, z = view["table"], float(np.sqrt(view["sigma2"])), rules.FUNNEL_Z[1]

    def outside(extra: float) -> int:
        low, high = funnel_limits.limits(table["n"].to_numpy(float), view["centre"], sd, z, extra)
        result = table["result"].to_numpy(float)
        return int(np.sum((result < low) | (result > high)))

    return strings.RANK_FUNNEL_NOTE.format(
        tau=format_number(float(np.sqrt(tau2)), 1),
        plain=format_number(outside(0.0)),
        adjusted=format_number(outside(tau2)),
        total=format_number(len(table)),
    )


def cut_note(view: dict, key: str, show_all: bool = False) -> str:
    """Under a chart: for the funnel, its overdispersion (funnel_note); for a per-school
    chart, how many schools it leaves out (none: no note)."""
    if key == "funnel":
        return funnel_note(view)
    if key not in PER_SCHOOL:
        return ""
    _, hidden = shown_schools(view, "effect", show_all)
    if not hidden:
        return ""
    return strings.RANK_CUT.format(
        half=MAX_CATEGORIES // 2,
        own=strings.RANK_CUT_OWN.get(view.get("own") or "", ""),
        hidden=format_number(hidden),
    )


def charts(view: dict) -> tuple[go.Figure, go.Figure, go.Figure, go.Figure]:
    """Scatter, funnel, caterpillar and rank intervals of one fitted view."""
    return tuple(chart(view, key) for key in ("scatter", "funnel", "caterpillar", "intervals"))
