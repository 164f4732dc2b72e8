"""Views of the school profile: frames (already scoped by data_access) → (figure, table).

The page and its PDF call the same functions, so the printed profile shows the data of the
charts on screen. Tables carry Russian headers and raw numbers rounded to 0.01.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard import strings
from dashboard.figures import template as figures
from dashboard.formatting import format_number

Result = tuple[go.Figure, pd.DataFrame]
BETTER, WORSE = figures.PALETTE[2], figures.PALETTE[5]
MARKS = (2, 3, 4, 5)
#: Charts have no title of their own (the page names them), so the legend sits above the plot,
#: clear of the axis titles.
LEGEND_ON_TOP = {"orientation": "h", "x": 0, "y": 1.02, "yanchor": "bottom"}
# The year of a point in a Plotly hover template («2024 г.»).
HOVER_YEAR = strings.YEAR_SHORT.format(year="%{x}")


def _empty() -> Result:
    return figures.empty_figure(strings.NO_DATA), pd.DataFrame()


def _value(value, unit: str) -> str:
    if pd.isna(value):
        return strings.NO_DATA
    return f"{format_number(value, 2 if unit == '0/1' else 1)} {unit}"


def _table(frame: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """The columns of `names`, floats rounded to 0.01, renamed to their Russian headers."""
    out = frame[list(names)].copy()
    for column in out.columns:
        if pd.api.types.is_float_dtype(out[column]):
            out[column] = out[column].astype("float64").round(2)
    return out.rename(columns=names).reset_index(drop=True)


# ------------------------------------------------------------------ context and conditions
def context_view(chosen: pd.DataFrame, year: int | None) -> Result:
    """Diverging bars: each indicator better (+) or worse (−) than the municipality median.

    `chosen`: the indicators of one year with a `position` column (in regional SDs)."""
    if chosen.empty or year is None:
        return _empty()
    frame = chosen.sort_values(["group", "position"], na_position="first")
    labels = [figures.safe_label(n) for n in frame["name"]]
    position = frame["position"].fillna(0)
    hover = [
        "<br>".join(
            [
                figures.safe_label(r["name"]),
                f"{strings.PROFILE_TREND_SCHOOL}: {_value(r['value'], r['unit'])}",
                (
                    f"{strings.PROFILE_TREND_MUNICIPALITY}: "
                    f"{_value(r['municipality_median'], r['unit'])}"
                ),
                f"{strings.PROFILE_TREND_REGION}: {_value(r['region_median'], r['unit'])}",
                f"{strings.PROFILE_BETTER if p >= 0 else strings.PROFILE_WORSE}",
                f"{strings.PROFILE_CONTEXT_SOURCE}, {strings.YEAR_SHORT.format(year=year)}",
            ]
        )
        for (_, r), p in zip(frame.iterrows(), position, strict=True)
    ]
    fig = figures.base_figure()
    fig.add_bar(
        x=position,
        y=labels,
        orientation="h",
        hovertext=hover,
        showlegend=False,
        marker_color=[BETTER if p >= 0 else WORSE for p in position],
        hovertemplate="%{hovertext}<extra></extra>",
    )
    fig.update_layout(xaxis_title=strings.PROFILE_CONTEXT_AXIS, margin={"t": 16})
    fig.update_xaxes(zeroline=True, zerolinecolor="#5F6B7A", title_font={"size": 11})
    fig.update_yaxes(automargin=True, tickfont={"size": 11})
    return fig, _table(frame, strings.PROFILE_CONTEXT_COLUMNS)


def context_trend_view(context: pd.DataFrame, indicator: str | None) -> Result:
    """One indicator over the years: the school beside municipality and region medians."""
    frame = context[context["indicator_code"] == indicator] if indicator else context.iloc[0:0]
    if frame.empty or frame["value"].isna().all():
        return _empty()
    frame = frame.sort_values("year")
    unit = str(frame["unit"].iloc[0])
    # No title: the indicator's name is the picker's value right above the chart.
    fig = figures.base_figure()
    for column, label, colour, dash in (
        ("value", strings.PROFILE_TREND_SCHOOL, figures.HIGHLIGHT, "solid"),
        ("municipality_median", strings.PROFILE_TREND_MUNICIPALITY, figures.PALETTE[0], "dash"),
        ("region_median", strings.PROFILE_TREND_REGION, figures.MUTED, "dot"),
    ):
        fig.add_scatter(
            x=frame["year"],
            y=frame[column],
            name=label,
            mode="lines+markers",
            line={"color": colour, "dash": dash},
            hovertemplate=f"{label}: %{{y}} {unit}<br>"
            f"{strings.PROFILE_CONTEXT_SOURCE}, {HOVER_YEAR}<extra></extra>",
        )
    fig.update_layout(legend=LEGEND_ON_TOP, margin={"t": 40})
    fig.update_xaxes(dtick=1, tickformat="d")
    fig.update_yaxes(title_text=unit)
    names = {
        "year": strings.PROFILE_RESULTS_COLUMNS["year"],
        **{k: v for k, v in strings.PROFILE_CONTEXT_COLUMNS.items() if k != "position"},
    }
    return fig, _table(frame, names)


def _worded(flag: pd.Series, direction: pd.Series, words: dict[str, str]) -> pd.Series:
    """`words` by the indicator's direction where `flag` is set, else empty text."""
    text = direction.map(lambda d: words.get(d, words[""]))
    return text.where(flag.astype(bool), "")


def conditions_table(scored: pd.DataFrame) -> pd.DataFrame:
    """Conditions beside their references (`scored` by analytics.deficits.conditions_deficits).

    «Дефицит» is said only against a norm; an indicator without a norm on the worse side of the
    regional median is marked «ниже медианы региона» in its own column. The shortfall is shown
    in both cases, as the distance from the reference."""
    if scored.empty:
        return pd.DataFrame(columns=list(strings.PROFILE_CONDITIONS_COLUMNS.values()))
    deficit = scored["is_deficit"].astype(bool)
    below = scored["below_median"].astype(bool)
    frame = scored.assign(
        reference_kind=scored["reference_kind"].map(strings.PROFILE_REFERENCE_KINDS),
        shortfall=scored["shortfall"].where(deficit | below),
        deficit=_worded(deficit, scored["direction"], strings.PROFILE_DEFICIT),
        below_median=_worded(below, scored["direction"], strings.PROFILE_BELOW_MEDIAN),
    )
    return _table(frame, strings.PROFILE_CONDITIONS_COLUMNS)


def conditions_summary(scored: pd.DataFrame, year: int) -> str:
    """One line: how many deficits (against a norm), and how many indicators without a norm are
    below the regional median, said as not being deficits."""
    deficits = int(scored["is_deficit"].sum()) if not scored.empty else 0
    below = int(scored["below_median"].sum()) if not scored.empty else 0
    text = (
        strings.PROFILE_DEFICITS.format(year=year, n=deficits)
        if deficits
        else strings.PROFILE_NO_DEFICITS.format(year=year)
    )
    return f"{text} {strings.PROFILE_BELOW_MEDIANS.format(n=below)}" if below else text


# ------------------------------------------------------------------ procedure results
def procedure_rows(
    results: pd.DataFrame, kind: str | None, subject: str | None, grade: int | None
) -> pd.DataFrame:
    """The years of one procedure (kind, subject, grade) among the school's results."""
    chosen = (
        (results["kind"] == kind) & (results["subject"] == subject) & (results["grade"] == grade)
    )
    return results[chosen].sort_values("year")


def mark_shares(rows: pd.DataFrame) -> pd.DataFrame:
    """Per year, the percent of participants with each mark (NaN where no marks are known)."""
    total = rows[[f"marks_{m}" for m in MARKS]].sum(axis=1, min_count=1)
    shares = {f"share_{m}": rows[f"marks_{m}"] / total.where(total > 0) * 100 for m in MARKS}
    return pd.DataFrame({"year": rows["year"], **shares}).astype("float64").astype({"year": int})


def results_trend_view(rows: pd.DataFrame, label: str) -> Result:
    """The school's mean percent per year beside municipality and region (weighted means)."""
    if rows.empty:
        return _empty()
    rows = rows.sort_values("year")
    fig = figures.base_figure()  # the title is the one above the chart, on the page
    participants = rows["participants"].astype("float64").fillna(0)
    safe = figures.safe_label(label)
    for column, name, colour, dash in (
        ("mean_percent", strings.PROFILE_TREND_SCHOOL, figures.HIGHLIGHT, "solid"),
        ("municipality_mean", strings.PROFILE_MUNICIPALITY, figures.PALETTE[0], "dash"),
        ("region_mean", strings.PROFILE_REGION, figures.MUTED, "dot"),
    ):
        fig.add_scatter(
            x=rows["year"],
            y=rows[column],
            name=name,
            mode="lines+markers",
            line={"color": colour, "dash": dash},
            customdata=participants.to_numpy(),
            hovertemplate=f"{name}: %{{y:.1f}} %<br>{strings.PARTICIPANTS} "
            f"{strings.PROFILE_TREND_SCHOOL}: %{{customdata:,.0f}}<br>{safe}, {HOVER_YEAR}"
            "<extra></extra>",
        )
    fig.update_layout(
        yaxis_title=strings.MEAN_PERCENT + ", %", legend=LEGEND_ON_TOP, margin={"t": 40}
    )
    fig.update_xaxes(dtick=1, tickformat="d")
    return fig, _table(rows, strings.PROFILE_RESULTS_COLUMNS)


def marks_view(rows: pd.DataFrame, label: str) -> Result:
    """Shares of marks 2/3/4/5 per year (stacked), participants in the hover."""
    if rows.empty:
        return _empty()
    rows = rows.sort_values("year")
    shares = mark_shares(rows)
    fig = figures.base_figure()  # the title is the one above the chart, on the page
    safe = figures.safe_label(label)
    participants = rows["participants"].astype("float64").fillna(0).to_numpy()
    for mark in MARKS:
        name = strings.MARK.format(m=mark)
        fig.add_bar(
            x=shares["year"],
            y=shares[f"share_{mark}"],
            name=name,
            marker_color=figures.MARK_COLOURS[mark],
            customdata=participants,
            hovertemplate=f"{name}: %{{y:.1f}} %<br>{strings.PARTICIPANTS}: "
            f"%{{customdata:,.0f}}<br>{safe}, {HOVER_YEAR}<extra></extra>",
        )
    fig.update_layout(
        barmode="stack",
        yaxis_title=strings.SHARE + ", %",
        yaxis_range=[0, 100],
        legend=LEGEND_ON_TOP,
        margin={"t": 40},
    )
    fig.update_xaxes(dtick=1, tickformat="d")
    table = shares.assign(participants=rows["participants"].to_numpy())
    names = {
        "year": strings.PROFILE_RESULTS_COLUMNS["year"],
        "participants": strings.PROFILE_RESULTS_COLUMNS["participants"],
        **{f"share_{m}": f"{strings.MARK.format(m=m)}, %" for m in MARKS},
    }
    return fig, _table(table, names)


# ------------------------------------------------------------------ weak skills
def weakest_skills(skills: pd.DataFrame, per_subject: int) -> pd.DataFrame:
    """Per subject, the `per_subject` skills furthest below the municipality (gap < 0)."""
    weak = skills.dropna(subset=["gap"])
    weak = weak[weak["gap"] < 0]
    if weak.empty:
        return weak
    return (
        weak.sort_values(["subject", "gap"], kind="stable")
        .groupby("subject", sort=True)
        .head(per_subject)
        .reset_index(drop=True)
    )


def skills_table(weakest: pd.DataFrame) -> pd.DataFrame:
    """The weakest skills with their procedure and skill named, for the grid."""
    if weakest.empty:
        return pd.DataFrame(columns=list(strings.PROFILE_SKILLS_COLUMNS.values()))
    procedures = zip(weakest["kind"], weakest["subject"], weakest["grade"], strict=True)
    skills = zip(weakest["skill_code"], weakest["skill_name"], strict=True)
    frame = weakest.assign(
        procedure=[strings.procedure_label(k, s, g) for k, s, g in procedures],
        skill=[f"{c} {n}" for c, n in skills],
    )
    return _table(frame, strings.PROFILE_SKILLS_COLUMNS)
