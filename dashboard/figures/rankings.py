"""Views of /rankings: scatter with the expected line, caterpillar, rank intervals, funnel,
and the ranking table (the grid and its CSV/XLSX download are the same frame).

Every function takes the redacted view of :func:`data_access.rankings.school_rankings`
(names only where the scope allows), so a figure can never show more than the table.
"""

from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard import rules, strings
from dashboard.figures.template import HIGHLIGHT, PALETTE, base_figure, empty_figure, safe_label
from dashboard.formatting import format_number

CATEGORY_COLOURS = {
    "low_results": PALETTE[5],
    "resilient": PALETTE[2],
    "adverse_conditions": PALETTE[1],
    "above": PALETTE[0],
    "average": "#9AA5B1",
    "below": PALETTE[3],
}


def labels(table: pd.DataFrame) -> list[str]:
    """Hover label per row: the name within scope, «Ваша ОО» marked, others anonymous."""
    out = []
    for name, own in zip(table["name"], table["is_own"], strict=True):
        if isinstance(name, str):
            out.append(f"{strings.RANK_OWN}: {safe_label(name)}" if own else safe_label(name))
        else:
            out.append(strings.RANK_OTHER)
    return out


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
) -> None:
    """One marker trace per category, with error bars from `bounds` (low, high, aligned with
    the table) when given, and a ring around the caller's own school."""
    text = labels(table)
    for category, colour in CATEGORY_COLOURS.items():
        mask = (table["category"] == category).to_numpy()
        if not mask.any():
            continue
        extra = (
            {}
            if bounds is None
            else {
                "error_y": _error_bars(
                    y[mask], bounds[0].to_numpy()[mask], bounds[1].to_numpy()[mask]
                )
            }
        )
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
                hovertemplate=(strings.RANK_OTHER if anonymous else "%{text}")
                + "<br>%{x:.2f}; %{y:.1f}<extra></extra>",
                **extra,
            )
        )
    own = table["is_own"].to_numpy()
    if own.any():
        fig.add_trace(
            go.Scatter(
                x=x[own],
                y=y[own],
                mode="markers",
                name=strings.RANK_OWN,
                hoverinfo="skip",
                marker={
                    "color": "rgba(0,0,0,0)",
                    "size": 16,
                    "line": {"width": 3, "color": HIGHLIGHT},
                },
            )
        )


def scatter(view: dict, y_title: str, note: str) -> go.Figure:
    table = view["table"]
    fig = base_figure(strings.RANK_SCATTER, note)
    ok = table["social_index"].notna()
    social = table.loc[ok, "social_index"]
    _by_category(fig, table[ok], social.to_numpy(), table.loc[ok, "result"].to_numpy())
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


def caterpillar(view: dict, note: str) -> go.Figure:
    """Effects sorted, 95 % intervals; the schools «не отличается от среднего» shaded."""
    table = view["table"].sort_values("effect").reset_index(drop=True)
    order = np.arange(1, len(table) + 1)
    fig = base_figure(strings.RANK_CATERPILLAR, note)
    average = (table["ci_low"] <= 0) & (table["ci_high"] >= 0)
    if average.any():
        idx = order[average.to_numpy()]
        fig.add_vrect(
            x0=idx.min() - 0.5,
            x1=idx.max() + 0.5,
            fillcolor="#9AA5B1",
            opacity=0.15,
            line_width=0,
            annotation_text=strings.RANK_BAND,
            annotation_position="top left",
        )
    fig.add_hline(y=0, line={"color": "#333", "width": 1})
    _by_category(fig, table, order, table["effect"].to_numpy(), (table["ci_low"], table["ci_high"]))
    fig.update_layout(xaxis_title=strings.RANK_RANK, yaxis_title=strings.RANK_X_EFFECT)
    return fig


def rank_intervals(view: dict, note: str) -> go.Figure:
    table = view["table"].sort_values("rank").reset_index(drop=True)
    fig = base_figure(strings.RANK_INTERVALS, note)
    position = np.arange(1, len(table) + 1)
    _by_category(
        fig, table, position, table["rank"].to_numpy(), (table["rank_low"], table["rank_high"])
    )
    fig.update_layout(
        xaxis_title=strings.RANK_RANK, yaxis_title=strings.RANK_RANK, yaxis_autorange="reversed"
    )
    return fig


def funnel(view: dict, y_title: str, note: str) -> go.Figure:
    """School mean against participants with 95 % / 99.8 % limits around the regional mean."""
    table = view["table"]
    fig = base_figure(strings.RANK_FUNNEL, note)
    centre, sd = view["centre"], float(np.sqrt(view["sigma2"]))
    n_max = max(float(table["n"].max()) if len(table) else 10.0, 10.0)
    ns = np.linspace(max(rules.min_cell(), 1), n_max, 120)
    for z, name, dash in zip(
        rules.FUNNEL_Z,
        (strings.RANK_LIMIT_95, strings.RANK_LIMIT_998),
        ("dot", "dash"),
        strict=True,
    ):
        for sign, legend in ((1, True), (-1, False)):
            fig.add_trace(
                go.Scatter(
                    x=ns,
                    y=centre + sign * z * sd / np.sqrt(ns),
                    mode="lines",
                    name=name,
                    legendgroup=name,
                    showlegend=legend,
                    line={"color": "#5F6B7A", "dash": dash, "width": 1},
                    hoverinfo="skip",
                )
            )
    fig.add_hline(y=centre, line={"color": "#333", "width": 1})
    _by_category(fig, table, table["n"].to_numpy(), table["result"].to_numpy())
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


def ranking_table(table: pd.DataFrame) -> pd.DataFrame:
    """One row per shown school under Russian headers: names only where the table carries
    them, the caller's own school marked «Ваша ОО: …» (the grid highlights that row)."""
    names = [name if isinstance(name, str) else strings.RANK_OTHER for name in table["name"]]
    interval = [
        f"{int(low)}–{int(high)}" if not pd.isna(low) else ""
        for low, high in zip(table["rank_low"], table["rank_high"], strict=True)
    ]
    shown = pd.DataFrame(
        {
            "name": [
                f"{strings.RANK_OWN}: {n}" if own else n
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
        date=view["held_on"] or strings.NO_DATA,
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


def chart(view: dict, key: str) -> go.Figure:
    """One chart of a fitted view by its tab key: scatter, funnel, caterpillar, intervals."""
    note, y = source_note(view), y_title(view["args"])
    drawn = {
        "scatter": lambda: scatter(view, y, note),
        "funnel": lambda: funnel(view, y, note),
        "caterpillar": lambda: caterpillar(view, note),
        "intervals": lambda: rank_intervals(view, note),
    }
    return drawn[key]()


def charts(view: dict) -> tuple[go.Figure, go.Figure, go.Figure, go.Figure]:
    """Scatter, funnel, caterpillar and rank intervals of one fitted view."""
    return tuple(chart(view, key) for key in ("scatter", "funnel", "caterpillar", "intervals"))
