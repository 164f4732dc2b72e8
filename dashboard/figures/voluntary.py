"""`/voluntary` views: frames of data_access.voluntary (already scoped) → Russian tables and
the per-skill chart of a school against the other participants (or of all participants)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard import strings
from dashboard.figures import template as figures
from dashboard.formatting import NO_VALUE, format_date, format_datetime

SKILL_LABEL = 60  # characters of a skill's name on the chart's axis


def _text(value: object) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return str(value)


def skill_label(code: object, name: object) -> str:
    code, name = _text(code), _text(name)
    return f"{code} {name}".strip() if name and name != code else code


def status_text(status: object) -> str:
    return strings.VOLUNTARY_STATUS_NAMES.get(_text(status), NO_VALUE)


def works_table(frame: pd.DataFrame, with_status: bool) -> pd.DataFrame:
    """The catalogue as the grid shows it; the own school's status only for a director."""
    cols = strings.VOLUNTARY_WORK_COLUMNS
    table = pd.DataFrame(
        {
            cols["subject"]: frame["subject"].astype(str),
            cols["grade"]: frame["grade"].astype("int64"),
            cols["title"]: frame["title"].astype(str),
            cols["form"]: [strings.VOLUNTARY_FORMS.get(str(f), str(f)) for f in frame["form"]],
            cols["held_on"]: [format_date(d) for d in frame["held_on"]],
            cols["deadline"]: [format_date(d) for d in frame["registration_deadline"]],
            cols["organiser"]: frame["organiser"].astype(str),
            cols["registered"]: frame["registered_schools"].astype("int64"),
        }
    )
    if with_status:
        table[cols["status"]] = [status_text(s) for s in frame["own_status"]]
    return table


def counts_table(frame: pd.DataFrame) -> pd.DataFrame:
    cols = strings.VOLUNTARY_COUNT_COLUMNS
    return frame.rename(columns=cols)[list(cols.values())]


def registrations_table(frame: pd.DataFrame) -> pd.DataFrame:
    cols = strings.VOLUNTARY_REGISTRATION_COLUMNS
    return pd.DataFrame(
        {
            cols["school"]: frame["school"].astype(str),
            cols["municipality"]: frame["municipality"].astype(str),
            cols["classes"]: frame["classes"].astype(str),
            cols["pupils"]: frame["pupils"].astype("int64"),
            cols["status"]: [status_text(s) for s in frame["status"]],
            cols["at"]: [format_datetime(v) for v in frame["registered_at"]],
        }
    )


def _skill_columns(skills: pd.DataFrame) -> dict:
    """The first two columns of both skill tables: the skill (code and name) and its tasks."""
    cols = strings.VOLUNTARY_SKILL_COLUMNS
    labels = [
        skill_label(c, n) for c, n in zip(skills["skill_code"], skills["skill_name"], strict=True)
    ]
    return {cols["skill"]: labels, cols["tasks"]: skills["tasks"].astype(str)}


def report_table(skills: pd.DataFrame) -> pd.DataFrame:
    """A school's report per skill: its percent, the others', the difference, weak or not."""
    cols = strings.VOLUNTARY_SKILL_COLUMNS
    return pd.DataFrame(
        {
            **_skill_columns(skills),
            cols["school"]: pd.to_numeric(skills["school_percent"], errors="coerce"),
            cols["others"]: pd.to_numeric(skills["others_percent"], errors="coerce"),
            cols["difference"]: pd.to_numeric(skills["difference"], errors="coerce"),
            cols["weak"]: [strings.VOLUNTARY_WEAK if w else "" for w in skills["weak"]],
        }
    )


def summary_table(skills: pd.DataFrame) -> pd.DataFrame:
    """The participants' aggregate per skill."""
    cols = strings.VOLUNTARY_SKILL_COLUMNS
    return pd.DataFrame(
        {
            **_skill_columns(skills),
            cols["percent"]: pd.to_numeric(skills["percent"], errors="coerce"),
        }
    )


def programmes_table(frame: pd.DataFrame) -> pd.DataFrame:
    cols = strings.VOLUNTARY_PROGRAMME_COLUMNS
    return pd.DataFrame(
        {
            cols["code"]: frame["programme_code"].astype(str),
            cols["title"]: frame["title"].astype(str),
            cols["provider"]: frame["provider"].astype(str),
            cols["hours"]: pd.to_numeric(frame["hours"], errors="coerce"),
            cols["covers"]: frame["covers"].astype(str),
        }
    )


def skills_chart(labels: list[str], bars: list[tuple[str, list, bool]], note: str) -> go.Figure:
    """Horizontal bars per skill: (name, percents, own) per series; weak skills are marked in
    the labels by the caller. The own school in the own colour, the others muted."""
    fig = figures.base_figure(strings.VOLUNTARY_CHART_TITLE)
    shown = [figures.safe_label(label[:SKILL_LABEL]) for label in labels]
    for name, values, own in bars:
        fig.add_bar(
            name=name,
            y=shown,
            x=values,
            orientation="h",
            marker_color=figures.OWN_COLOUR if own else figures.MUTED,
            hovertemplate="%{y}: %{x:.1f}%<extra>" + name + "</extra>",
        )
    fig.update_layout(
        barmode="group",
        height=max(320, 60 + 34 * len(labels) * max(1, len(bars))),
        legend={"orientation": "h", "y": 1.08},
        margin={"l": 10, "b": 110},
    )
    fig.update_xaxes(title_text=strings.VOLUNTARY_CHART_AXIS, range=[0, 100])
    fig.update_yaxes(autorange="reversed", automargin=True)
    figures.note_below(fig, note, below=62)
    return fig
