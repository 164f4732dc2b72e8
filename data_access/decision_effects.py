"""The effect of decisions next cycle (`/decisions/effectiveness`, «Эффект мер»).

For every measure of the matrix adopted for schools in a finding year Y, the change of the
measure's indicator from Y to Y+1 at the schools with the decision against matched schools
without it (dashboard.analytics.decision_effect: difference-in-differences with its interval,
an association, not proof). Computed once per region (`visibility.region_scope`: controls come
from the whole region); what leaves is cut to the caller: the effect by measure is an
aggregate every role sees, the per-decision rows only for decisions the caller may see.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import select

from dashboard.analytics import decision_effect
from dashboard.models import Decision, DecisionMatrixEntry, Municipality
from data_access import database, objectivity
from data_access import finding_inputs as inputs
from data_access.school_profile import region_flags
from data_access.scope import Scope
from data_access.single_flight import cached_once
from data_access.visibility import region_filter, region_scope

BY_MEASURE_COLUMNS = [
    "measure_code",
    "measure",
    "finding_kind",
    "indicator",
    "detail",
    "finding_year",
    "n_treated",
    "n_controls",
    "estimate",
    "low",
    "high",
]
PER_DECISION_COLUMNS = [
    "decision_id",
    "school_id",
    "school_code",
    "school",
    "indicator",
    "finding_year",
    "change",
    "control_change",
    "difference",
]
#: Indicators read in the decision's own detail (a subject, a conditions indicator).
DETAILED = ("subject_gap", "conditions_shortfall")


def _decisions(system: Scope) -> pd.DataFrame:
    """School decisions of the region with a measure of the matrix, an indicator and a
    finding year, not cancelled: the treated."""
    stmt = (
        select(
            Decision.id,
            Decision.municipality_id,
            Decision.school_id,
            Decision.finding,
            Decision.finding_detail,
            Decision.finding_year,
            Decision.indicator,
            Decision.measure,
            DecisionMatrixEntry.measure_code,
        )
        .join(DecisionMatrixEntry, DecisionMatrixEntry.id == Decision.measure_id)
        .join(Municipality, Municipality.id == Decision.municipality_id)
        .where(
            region_filter(system),
            Decision.school_id.is_not(None),
            Decision.indicator.is_not(None),
            Decision.finding_year.is_not(None),
            Decision.status != "cancelled",
        )
        .order_by(Decision.id)
    )
    columns = [
        "decision_id",
        "municipality_id",
        "school_id",
        "finding",
        "detail",
        "finding_year",
        "indicator",
        "measure",
        "measure_code",
    ]
    with database.read() as conn:
        return pd.DataFrame(conn.execute(stmt).all(), columns=columns)


def indicator_values(system: Scope, indicator: str, detail: str | None) -> pd.DataFrame:
    """school_id, year, value of one indicator (decision_effect.EFFECT_INDICATORS: higher is
    better) for every school of the region with a value."""
    columns = ["school_id", "year", "value"]
    if indicator == "vpr_gap":
        frame = inputs.vpr_gaps(system).rename(columns={"gap": "value"})
    elif indicator == "subject_gap":
        gaps = inputs.subject_gaps(system)
        frame = gaps[gaps["subject"] == detail].rename(columns={"gap": "value"})
    elif indicator == "bias_flag":
        risk = objectivity.region_risk(system)
        flagged = risk.assign(f=risk["flagged"].astype(bool)).groupby(["school_id", "year"])["f"]
        frame = (-flagged.any().astype(float)).rename("value").reset_index()
    elif indicator == "conditions_shortfall":
        scored = inputs.scored_conditions(system)
        chosen = scored[scored["indicator_code"] == detail]
        frame = chosen.assign(value=-chosen["shortfall"])
    else:
        return pd.DataFrame(columns=columns)
    return frame[columns].dropna(subset=["value"]).reset_index(drop=True)


def _region_effects(system: Scope) -> dict:
    """Effects by measure and per treated decision of the whole region (ids only)."""

    def compute() -> dict:
        decisions = _decisions(system)
        social = pd.Series(region_flags(system)["social_index"], dtype="float64")
        decisions["key"] = [
            d if i in DETAILED else None
            for i, d in zip(decisions["indicator"], decisions["detail"], strict=True)
        ]
        same_code = decisions.groupby(["measure_code", "finding_year"])["school_id"].agg(set)
        by_measure, per_decision, awaiting = [], [], 0
        groups = decisions.groupby(
            ["measure_code", "finding_year", "indicator", "key"], dropna=False, sort=True
        )
        for (code, year, indicator, key), group in groups:
            detail = None if pd.isna(key) else key
            values = indicator_values(system, indicator, detail)
            if not (values["year"] == year + 1).any():
                awaiting += len(group)  # next year's results are not loaded yet
                continue
            treated = set(group["school_id"].astype(int))
            other = same_code[(code, year)] - treated  # same measure, another detail
            changes = decision_effect.changes(values, int(year))
            changes = changes[~changes["school_id"].isin(other)]
            changes["social"] = changes["school_id"].map(social)
            result = decision_effect.did_effect(changes, treated)
            by_measure.append(
                {
                    "measure_code": code,
                    "measure": group["measure"].iloc[-1],
                    "finding_kind": group["finding"].iloc[-1],
                    "indicator": indicator,
                    "detail": detail,
                    "finding_year": int(year),
                    **{k: result[k] for k in ("n_treated", "n_controls")},
                    **{k: result[k] for k in ("estimate", "low", "high")},
                }
            )
            rows = group[["decision_id", "school_id", "municipality_id", "indicator"]].merge(
                result["per_school"], on="school_id"
            )
            per_decision.append(rows.assign(finding_year=int(year)))
        measured = pd.DataFrame(by_measure, columns=BY_MEASURE_COLUMNS)
        for column in ("estimate", "low", "high"):
            measured[column] = measured[column].astype("float64")
        columns = [*PER_DECISION_COLUMNS, "municipality_id"]
        named = [c for c in columns if c not in ("school_code", "school")]
        rows = pd.concat(per_decision, ignore_index=True) if per_decision else None
        return {
            "by_measure": measured,
            "per_decision": rows[named] if rows is not None else pd.DataFrame(columns=named),
            "awaiting": int(awaiting),
        }

    return cached_once(system, "decision_effects", compute)


def effects(scope: Scope) -> dict:
    """by_measure (BY_MEASURE_COLUMNS: the estimate with its interval per measure, finding
    year, indicator and detail; every role), per_decision (PER_DECISION_COLUMNS, only
    decisions the caller may see; empty for viewers) and awaiting (decisions whose next
    year's results are not loaded yet)."""
    system = region_scope(scope)
    region = _region_effects(system)
    rows = region["per_decision"]
    if scope.role in {"admin", "region"}:
        mask = pd.Series(True, index=rows.index)
    elif scope.role == "municipality" and scope.municipality_id is not None:
        mask = rows["municipality_id"] == scope.municipality_id
    elif scope.role == "school" and scope.school_id is not None:
        mask = rows["school_id"] == scope.school_id
    else:
        mask = pd.Series(False, index=rows.index)
    shown = rows[mask.astype(bool)].copy()
    schools = inputs.schools_of_region(system).set_index("school_id")
    shown["school_code"] = shown["school_id"].map(schools["school_code"])
    shown["school"] = shown["school_id"].map(schools["school"])
    return {
        "by_measure": region["by_measure"].copy(),
        "per_decision": shown[PER_DECISION_COLUMNS].reset_index(drop=True),
        "awaiting": region["awaiting"],
    }
