"""A school's results on a voluntary diagnostic work against the other participants.

Participants choose themselves, so the reference is the other participating schools, never the
region. Per skill, the school's percent and the others' are the task percents weighted by each
task's maximum points; the others' task percent weights each school by its participants. A
skill is weak by the weak-skill rule of the findings (rules.WEAK_SKILL_MARGIN points below
and beyond chance, Holm over the work's skills), with the others in place of the region.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.stats import norm

from dashboard import rules
from dashboard.analytics.findings import holm, percent_variance

SKILL_COLUMNS = (
    "skill_code",
    "skill_name",
    "tasks",
    "school_percent",
    "others_percent",
    "difference",
    "weak",
)


def weighted_mean(values: pd.Series, weights: pd.Series) -> float | None:
    """Σ w·v / Σ w over rows with both present; None when no weight remains."""
    keep = values.notna() & weights.notna() & (weights > 0)
    total = float(weights[keep].sum())
    if total <= 0:
        return None
    return float((values[keep].astype(float) * weights[keep].astype(float)).sum() / total)


def task_percents(skills: pd.DataFrame, results: pd.DataFrame) -> pd.Series:
    """Per task: the participant-weighted mean percent over the schools given.

    `skills`: school_id, task_number, mean_percent; `results`: school_id, participants."""
    if skills.empty:
        return pd.Series(dtype="float64", name="percent")
    joined = skills.merge(results[["school_id", "participants"]], on="school_id", how="inner")
    joined = joined[joined["participants"] > 0]
    weighted = joined["mean_percent"].astype(float) * joined["participants"].astype(float)
    sums = joined.assign(_w=weighted).groupby("task_number")[["_w", "participants"]].sum()
    return (sums["_w"] / sums["participants"]).rename("percent")


def skill_percents(tasks: pd.DataFrame, per_task: pd.Series) -> pd.DataFrame:
    """Per skill: task percents weighted by the tasks' maximum points.

    `tasks`: task_number, skill_code, skill_name, max_points (rows of the work)."""
    frame = tasks.assign(percent=tasks["task_number"].map(per_task))
    frame = frame[frame["percent"].notna()]
    rows = []
    for code, group in frame.groupby("skill_code", sort=False):
        rows.append(
            {
                "skill_code": str(code),
                "skill_name": str(group["skill_name"].iloc[0]),
                "tasks": ", ".join(str(int(t)) for t in sorted(group["task_number"])),
                "percent": weighted_mean(group["percent"], group["max_points"]),
            }
        )
    return pd.DataFrame(rows, columns=["skill_code", "skill_name", "tasks", "percent"])


def compare(
    tasks: pd.DataFrame,
    school_skills: pd.DataFrame,
    others_skills: pd.DataFrame,
    school_n: int,
    others: pd.DataFrame,
    margin: float = rules.WEAK_SKILL_MARGIN,
    level: float = rules.WEAK_SKILL_LEVEL,
) -> pd.DataFrame:
    """SKILL_COLUMNS, one row per skill of the work in task order: the school's percent, the
    other participants' (None when they are not shown) and whether the skill is weak.

    `school_skills` / `others_skills`: school_id, task_number, mean_percent; `others`:
    school_id, participants of the other participants (empty when hidden)."""
    own_tasks = school_skills.set_index("task_number")["mean_percent"].astype(float)
    own = skill_percents(tasks, own_tasks).rename(columns={"percent": "school_percent"})
    order = list(dict.fromkeys(tasks.sort_values("task_number")["skill_code"].astype(str)))
    if others.empty:
        theirs = pd.DataFrame({"skill_code": own["skill_code"], "others_percent": np.nan})
    else:
        theirs = skill_percents(tasks, task_percents(others_skills, others))[
            ["skill_code", "percent"]
        ].rename(columns={"percent": "others_percent"})
    frame = own.merge(theirs, on="skill_code", how="left")
    frame["difference"] = frame["school_percent"] - frame["others_percent"]
    n_others = float(others["participants"].sum()) if not others.empty else 0.0
    frame["weak"] = _weak(frame, school_n, n_others, margin, level)
    frame["rank"] = frame["skill_code"].map({c: i for i, c in enumerate(order)})
    frame = frame.sort_values("rank").drop(columns="rank").reset_index(drop=True)
    frame["others_percent"] = (
        frame["others_percent"].astype(object).where(frame["others_percent"].notna(), None)
    )
    frame["difference"] = (
        frame["difference"].astype(object).where(frame["difference"].notna(), None)
    )
    return frame[list(SKILL_COLUMNS)]


def _weak(
    frame: pd.DataFrame, school_n: int, others_n: float, margin: float, level: float
) -> pd.Series:
    """The weak-skill rule: at least `margin` below the others and below beyond chance
    (binomial SE of both percents, one-sided, Holm over the work's skills)."""
    gap = frame["difference"].astype(float)
    if school_n <= 0 or others_n <= 0 or gap.isna().all():
        return pd.Series(False, index=frame.index)
    variance = percent_variance(
        frame["school_percent"], pd.Series(float(school_n), index=frame.index)
    ) + percent_variance(
        frame["others_percent"].astype(float), pd.Series(others_n, index=frame.index)
    )
    p = pd.Series(norm.cdf(gap / np.sqrt(variance)), index=frame.index).fillna(1.0)
    significant = holm(p, pd.DataFrame({"work": 0}, index=frame.index), (1 - level) / 2)
    return ((gap <= -margin) & significant).fillna(False).astype(bool)
