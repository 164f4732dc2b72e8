"""«После обучения» on /training: the next cycle's skill result of schools whose teachers
completed a programme, against comparable schools without (the method of the decisions'
effect, dashboard.analytics.decision_effect: matched difference-in-differences with its
interval; an association, not proof). Computed once per region; the per-school rows are cut
to the caller's own schools (none for viewers).
"""

from __future__ import annotations

import pandas as pd

from dashboard.analytics import decision_effect
from data_access import decision_matrix, training
from data_access import finding_inputs as inputs
from data_access import pd_order_inputs as pd_inputs
from data_access.school_profile import region_flags
from data_access.scope import OutOfScope, Scope
from data_access.single_flight import cached_once
from data_access.visibility import region_scope

BY_PROGRAMME_COLUMNS = [
    "programme_id",
    "programme_code",
    "title",
    "subject",
    "year",
    "n_treated",
    "n_controls",
    "estimate",
    "low",
    "high",
]
PER_SCHOOL_COLUMNS = [
    "programme_code",
    "year",
    "school_id",
    "school_code",
    "school",
    "change",
    "control_change",
    "difference",
]


def _region_effect(system: Scope) -> dict:
    """Per programme and completion year: the change from Y to Y+1 of the school's gap on the
    programme's skills (mean over them and the grades) against matched schools without a
    completion in that subject and year (decision_effect.did_effect)."""

    def compute() -> dict:
        rows = pd_inputs.skill_rows(system)
        rows = rows.assign(gap=rows["school_percent"] - rows["region_percent"])
        social = pd.Series(region_flags(system)["social_index"], dtype="float64")
        programmes = pd_inputs.programmes(system).set_index("id")
        done = pd_inputs.completions(system)
        done = done[done["programme_id"].isin(programmes.index)]
        done["subject"] = done["programme_id"].map(programmes["subject"])
        by_programme, per_school, awaiting = [], [], 0
        for (pid, year), group in done.groupby(["programme_id", "year"], sort=True):
            found = programmes.loc[pid]
            skills = set(training.skill_code_list(found["skill_codes"]))
            chosen = rows[(rows["subject"] == found["subject"]) & rows["skill_code"].isin(skills)]
            values = chosen.groupby(["school_id", "year"], as_index=False)["gap"].mean()
            if not (values["year"] == year + 1).any():
                awaiting += 1  # next year's results are not loaded yet
                continue
            treated = set(group["school_id"].astype(int))
            same_subject = done[(done["subject"] == found["subject"]) & (done["year"] == year)]
            other = set(same_subject["school_id"].astype(int)) - treated
            changes = decision_effect.changes(values.rename(columns={"gap": "value"}), int(year))
            changes = changes[~changes["school_id"].isin(other)]
            changes["social"] = changes["school_id"].map(social)
            result = decision_effect.did_effect(changes, treated)
            by_programme.append(
                {
                    "programme_id": int(pid),
                    "programme_code": found["programme_code"],
                    "title": found["title"],
                    "subject": found["subject"],
                    "year": int(year),
                    **{k: result[k] for k in ("n_treated", "n_controls", "estimate")},
                    **{k: result[k] for k in ("low", "high")},
                }
            )
            per_school.append(
                result["per_school"].assign(programme_code=found["programme_code"], year=int(year))
            )
        measured = pd.DataFrame(by_programme, columns=BY_PROGRAMME_COLUMNS)
        for column in ("estimate", "low", "high"):
            measured[column] = measured[column].astype("float64")
        named = [c for c in PER_SCHOOL_COLUMNS if c not in ("school_code", "school")]
        schools = (
            pd.concat(per_school, ignore_index=True)[named]
            if per_school
            else pd.DataFrame(columns=named)
        )
        return {"by_programme": measured, "per_school": schools, "awaiting": int(awaiting)}

    return cached_once(system, "pd_training_effect", compute)


def effects(scope: Scope) -> dict:
    """by_programme (BY_PROGRAMME_COLUMNS: the estimate with its interval per programme and
    completion year; every role), per_school (PER_SCHOOL_COLUMNS, only the caller's own
    schools; none for viewers) and awaiting (programme-years whose next year's results are
    not loaded yet). An association, not proof (decision_effect's design)."""
    if scope.role not in decision_matrix.READ_ROLES:
        raise OutOfScope("pd_effect", scope.login)
    system = region_scope(scope)
    region = _region_effect(system)
    rows = region["per_school"]
    places = inputs.schools_of_region(system).set_index("school_id")
    rows = rows.assign(municipality_id=rows["school_id"].map(places["municipality_id"]))
    shown = rows.iloc[0:0] if scope.aggregates_only else pd_inputs.own(scope, rows)
    shown = shown.assign(
        school_code=shown["school_id"].map(places["school_code"]),
        school=shown["school_id"].map(places["school"]),
    )
    return {
        "by_programme": region["by_programme"].copy(),
        "per_school": shown[PER_SCHOOL_COLUMNS].reset_index(drop=True),
        "awaiting": region["awaiting"],
    }
