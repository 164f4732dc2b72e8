"""`/decisions` views: frames in (already scoped by data_access) → Russian table frames and
the status chart. The reason of a finding is worded here, from its value, reference and
extra, so the findings grid and the adopted decision read the same words."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go

from dashboard import strings
from dashboard.figures import template as figures
from dashboard.formatting import NO_VALUE, format_date, format_number

STATUS_COLOURS = {
    "adopted": figures.PALETTE[0],
    "in_progress": figures.PALETTE[1],
    "done": figures.PALETTE[2],
    "cancelled": figures.MUTED,
}
STAMP = "%d.%m.%Y %H:%M"
CHART_ROW = 26


def _missing(value: object) -> bool:
    return value is None or (not isinstance(value, str) and pd.isna(value))


def _text(value: object) -> str:
    return "" if _missing(value) else str(value)


def _number(value: object, digits: int = 1) -> str:
    return NO_VALUE if _missing(value) else format_number(float(value), digits)


def kind_name(kind: object) -> str:
    return strings.FINDING_KIND_NAMES.get(kind, _text(kind))


def finding_reason(row: dict) -> str:
    """Why OKO shows this finding, in words: the school's (or municipality's) value against
    its reference, with the extra facts the rule keeps (years, skills, the item)."""
    if row.get("level") == "municipality":
        return strings.FINDING_MUNICIPALITY_REASON.format(
            value=_number(None if _missing(row.get("value")) else float(row["value"]) * 100),
            reference=_number(
                None if _missing(row.get("reference")) else float(row["reference"]) * 100
            ),
            extra=_text(row.get("extra")) or NO_VALUE,
        )
    template = strings.FINDING_REASONS.get(row.get("kind"), "")
    return template.format(
        value=_number(row.get("value")),
        reference=_number(row.get("reference")),
        extra=_text(row.get("extra")) or NO_VALUE,
        year=_text(row.get("year")),
    )


def detail_text(row: dict) -> str:
    """What exactly: the subject, the conditions indicator, the roadmap item (its number and
    title, not its row id)."""
    if isinstance(row.get("detail_name"), str):
        return row["detail_name"]  # data_access.findings names a deficit's indicator
    if row.get("kind") == "overdue_roadmap_item":
        return _text(row.get("extra"))
    return _text(row.get("detail"))


def findings_table(findings: pd.DataFrame) -> pd.DataFrame:
    """The findings grid: level, place, kind, what exactly, the reason, where it is shown and
    whether a decision is taken (the link column holds the page's address; the callback turns
    it into a link)."""
    cols = strings.FINDINGS_COLUMNS
    rows = findings.to_dict("records")
    return pd.DataFrame(
        {
            cols["level"]: [strings.FINDING_LEVEL_NAMES.get(r["level"], "") for r in rows],
            cols["municipality"]: [
                _text(r.get("municipality")) or strings.DECISIONS_REGION for r in rows
            ],
            cols["school"]: [_text(r.get("school")) for r in rows],
            cols["kind"]: [kind_name(r["kind"]) for r in rows],
            cols["detail"]: [detail_text(r) for r in rows],
            cols["reason"]: [finding_reason(r) for r in rows],
            cols["link"]: [_text(r.get("link")) for r in rows],
            cols["decided"]: pd.array([bool(r.get("decided")) for r in rows], dtype=bool),
        }
    )


def finding_counts_table(counts: pd.DataFrame) -> pd.DataFrame:
    """Counts of findings per municipality and kind (what a viewer sees)."""
    cols = strings.FINDINGS_COUNTS_COLUMNS
    return pd.DataFrame(
        {
            cols["municipality"]: [
                _text(m) or strings.DECISIONS_REGION for m in counts["municipality"]
            ],
            cols["kind"]: [kind_name(k) for k in counts["kind"]],
            cols["count"]: pd.array(counts["count"], dtype="Int64"),
        }
    )


def decision_counts_table(counts: pd.DataFrame) -> pd.DataFrame:
    """Counts of decisions per municipality, kind and status (what a viewer sees)."""
    cols = strings.DECISIONS_COUNTS_COLUMNS
    return pd.DataFrame(
        {
            cols["municipality"]: [
                _text(m) or strings.DECISIONS_REGION for m in counts["municipality"]
            ],
            cols["finding"]: [kind_name(k) for k in counts["finding"]],
            cols["status"]: [strings.DECISION_STATUS_NAMES.get(s, s) for s in counts["status"]],
            cols["count"]: pd.array(counts["count"], dtype="Int64"),
        }
    )


def status_chart(counts: pd.DataFrame, as_of: dt.date) -> go.Figure:
    """Decisions per municipality, stacked by status (counts: municipality, status, count)."""
    if counts.empty:
        return figures.empty_figure(strings.NO_DATA)
    places = counts.assign(
        municipality=[_text(m) or strings.DECISIONS_REGION for m in counts["municipality"]]
    )
    table = places.pivot_table(
        index="municipality", columns="status", values="count", aggfunc="sum", fill_value=0
    )
    table = table.loc[table.sum(axis=1).sort_values().index]
    fig = figures.base_figure()
    for status, name in strings.DECISION_STATUS_NAMES.items():
        if status not in table:
            continue
        fig.add_trace(
            go.Bar(
                y=[figures.safe_label(m) for m in table.index],
                x=table[status].to_numpy(),
                name=name,
                orientation="h",
                marker_color=STATUS_COLOURS[status],
                hovertemplate="%{y}: %{x}<extra>" + name + "</extra>",
            )
        )
    fig.update_layout(
        barmode="stack",
        height=max(220, 90 + CHART_ROW * len(table)),
        margin={"l": 200, "r": 16, "t": 40, "b": 56},
    )
    fig.update_xaxes(title=strings.DECISIONS_COUNTS_COLUMNS["count"], rangemode="tozero")
    figures.note_below(fig, strings.DECISIONS_CHART_NOTE.format(date=format_date(as_of)), below=40)
    return fig


def history_table(history: pd.DataFrame) -> pd.DataFrame:
    """A decision's events oldest first: when, who, from → to, comment (a comment alone has
    no statuses)."""
    cols, names = strings.DECISION_HISTORY_COLUMNS, strings.DECISION_STATUS_NAMES
    return pd.DataFrame(
        {
            cols["at"]: [format_date(t, STAMP) for t in history["at"]],
            cols["by"]: history["by"].to_numpy(),
            cols["from_status"]: [
                names.get(s, "") if isinstance(s, str) else "" for s in history["from_status"]
            ],
            cols["to_status"]: [
                names.get(s, "") if isinstance(s, str) else "" for s in history["to_status"]
            ],
            cols["comment"]: [_text(c) for c in history["comment"]],
        }
    )


def applies_text(applies_to: object, labels: dict[str, str]) -> str:
    """The cases a measure answers in words (indicator names, subjects), or «любые»."""
    parts = [p.strip() for p in applies_to.split(",")] if isinstance(applies_to, str) else []
    named = [labels.get(p, p) for p in parts if p]
    return ", ".join(named) or strings.MATRIX_APPLIES_ANY


def matrix_table(matrix: pd.DataFrame, labels: dict[str, str] | None = None) -> pd.DataFrame:
    """The decision matrix (or one measure's versions) in Russian; `labels` names the codes of
    ``applies_to`` (decision_matrix.detail_choices)."""
    cols = strings.MATRIX_COLUMNS
    labels = labels or {}
    return pd.DataFrame(
        {
            cols["measure_code"]: matrix["measure_code"].to_numpy(),
            cols["version"]: pd.array(matrix["version"], dtype="Int64"),
            cols["finding_kind"]: [kind_name(k) for k in matrix["finding_kind"]],
            cols["title"]: matrix["title"].to_numpy(),
            cols["level"]: [strings.MEASURE_LEVEL_NAMES.get(v, v) for v in matrix["level"]],
            cols["responsible_role"]: [_text(r) for r in matrix["responsible_role"]],
            cols["duration_days"]: pd.array(matrix["duration_days"], dtype="Int64"),
            cols["indicator"]: [
                strings.EFFECT_INDICATOR_NAMES.get(i, "") if isinstance(i, str) else ""
                for i in matrix["indicator"]
            ],
            cols["applies_to"]: [applies_text(a, labels) for a in matrix["applies_to"]],
            cols["active"]: pd.array([bool(a) for a in matrix["active"]], dtype=bool),
            cols["changed_by"]: matrix["changed_by"].to_numpy(),
            cols["changed_at"]: [format_date(t, STAMP) for t in matrix["changed_at"]],
        }
    )


def measure_option(row: dict) -> str:
    """A measure in the adopt form's list: its title, level and typical duration."""
    return strings.ADOPT_MEASURE_OPTION.format(
        title=row["title"],
        level=strings.MEASURE_LEVEL_NAMES.get(row["level"], row["level"]),
        days=int(row["duration_days"]),
    )
