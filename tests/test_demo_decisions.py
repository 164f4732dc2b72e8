"""The demo's management decisions (issue 19): a matrix with measures for every finding kind,
decisions in every status with their history, on schools that really carry the finding, a
group large enough for the effect's interval, targets, and when results were loaded.

The region demo (seed 42, as `oko demo --scale region` builds it) is read back from the
database; the findings are recomputed here from the stored results and context.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from sqlalchemy import select

from dashboard.analytics import school_flags
from dashboard.analytics.decision_effect import EFFECT_INDICATORS
from dashboard.models import (
    ContextValue,
    Decision,
    DecisionEvent,
    DecisionMatrixEntry,
    EffectivenessTarget,
    Indicator,
    Municipality,
    Procedure,
    School,
    SchoolResult,
)
from dashboard.models.decisions import DECISION_STATUSES, FINDING_KINDS, MEASURE_LEVELS

# The contract's effectiveness criteria (dashboard.analytics.effectiveness.CRITERIA).
CRITERIA = {
    "coverage",
    "timeliness",
    "findings_with_decision",
    "decisions_on_time",
    "flagged_improved",
    "bias_share",
    "low_results_exit",
}


def _frame(engine, stmt) -> pd.DataFrame:
    with engine.connect() as conn:
        result = conn.execute(stmt)
        return pd.DataFrame(result.mappings().all(), columns=list(result.keys()))


def _table(engine, model) -> pd.DataFrame:
    return _frame(engine, select(*model.__table__.columns))


@pytest.fixture(scope="module")
def region(region_demo) -> dict[str, pd.DataFrame]:
    engine = region_demo(42)
    vpr = _frame(
        engine,
        select(
            SchoolResult.school_id,
            SchoolResult.procedure_id,
            Procedure.year,
            SchoolResult.participants,
            SchoolResult.mean_percent,
        )
        .join(Procedure, Procedure.id == SchoolResult.procedure_id)
        .where(Procedure.kind == "vpr"),
    )
    tables = {
        name: _table(engine, model)
        for name, model in (
            ("decision", Decision),
            ("event", DecisionEvent),
            ("matrix", DecisionMatrixEntry),
            ("target", EffectivenessTarget),
            ("procedure", Procedure),
            ("school", School),
            ("municipality", Municipality),
            ("context", ContextValue),
            ("indicator", Indicator),
        )
    }
    loaded = _frame(engine, select(SchoolResult.procedure_id).distinct())
    return {**tables, "vpr": vpr, "with_results": loaded}


def test_decisions_in_every_status_each_with_a_consistent_history(region):
    decisions, events = region["decision"], region["event"]
    assert set(decisions["status"]) == set(DECISION_STATUSES)
    for d in decisions.itertuples():
        story = events[events["decision_id"] == d.id].sort_values(["at", "id"])
        first = story.iloc[0]
        assert pd.isna(first["from_status"]) and first["to_status"] == "adopted"
        assert first["at"] == d.created_at and first["by"] == d.created_by
        changes = story[story["to_status"].notna()]
        # each change starts where the previous one ended, and the last is the status now
        assert changes["from_status"].iloc[1:].tolist() == changes["to_status"].iloc[:-1].tolist()
        assert changes["to_status"].iloc[-1] == d.status
        assert (d.status == "done") == (d.completed_on is not None)
        assert d.finding_year < d.created_at.year + 1 and d.due_on > d.created_at.date()
    comments = events[events["to_status"].isna()]
    assert len(comments) >= 5 and comments["comment"].notna().all()


def test_the_demo_director_has_commented_on_a_decision_about_their_school(region):
    """The director account is given the first school (by code) of the first municipality
    (by code): dashboard.cli._create_demo_users."""
    first_muni = region["municipality"].sort_values("code")["id"].iloc[0]
    schools = region["school"]
    own = schools[schools["municipality_id"] == first_muni].sort_values("school_code")
    director_school = own["id"].iloc[0]
    events = region["event"].merge(
        region["decision"][["id", "school_id"]], left_on="decision_id", right_on="id"
    )
    by_director = events[events["role"] == "school"]
    assert not by_director.empty
    assert set(by_director["school_id"]) == {director_school}
    assert set(by_director["by"]) == {"director"}


def test_some_open_decisions_are_overdue_and_some_done_late(region):
    d = region["decision"]
    open_ = d[d["status"].isin(["adopted", "in_progress"])]
    assert (open_["due_on"] < dt.date.today()).sum() >= 3
    done = d[d["status"] == "done"]
    assert (done["completed_on"] > done["due_on"]).any()
    assert (done["completed_on"] <= done["due_on"]).any()


def test_matrix_has_two_active_measures_for_every_finding_kind(region):
    matrix = region["matrix"]
    for _code, versions in matrix.groupby("measure_code"):
        assert sorted(versions["version"]) == list(range(1, len(versions) + 1))
    current = matrix.sort_values("version").groupby("measure_code").tail(1)
    active = current[current["active"]]
    per_kind = active["finding_kind"].value_counts()
    assert {kind: per_kind.get(kind, 0) >= 2 for kind in FINDING_KINDS} == dict.fromkeys(
        FINDING_KINDS, True
    )
    assert set(matrix["level"]) <= set(MEASURE_LEVELS)
    assert set(matrix["indicator"].dropna()) <= set(EFFECT_INDICATORS)
    assert matrix["duration_days"].between(1, 1095).all()
    assert matrix["title"].str.contains("[а-яА-Я]").all()
    assert (current["version"] > 1).sum() >= 2 and not current["active"].all()  # edits shown


def test_a_decision_copies_the_matrix_version_in_force_when_adopted(region):
    matrix = region["matrix"].set_index("id")
    for d in region["decision"].itertuples():
        version = matrix.loc[d.measure_id]
        assert (d.measure, d.indicator) == (version["title"], version["indicator"])
        same = matrix[matrix["measure_code"] == version["measure_code"]]
        in_force = same[same["changed_at"] <= d.created_at]
        assert in_force["version"].max() == version["version"]
        assert d.finding == version["finding_kind"]


def test_eight_school_decisions_of_one_measure_have_next_year_results(region):
    d = region["decision"].merge(
        region["matrix"][["id", "measure_code"]], left_on="measure_id", right_on="id"
    )
    measured = d[
        d["school_id"].notna() & (d["status"] != "cancelled") & (d["indicator"] == "vpr_gap")
    ]
    sizes = measured.groupby(["measure_code", "finding_year"]).size()
    (code, year), size = sizes.idxmax(), sizes.max()
    assert size >= 8
    group = measured[(measured["measure_code"] == code) & (measured["finding_year"] == year)]
    vpr = region["vpr"]
    with_next = set(vpr.loc[(vpr["year"] == year + 1) & (vpr["participants"] > 0), "school_id"])
    with_base = set(vpr.loc[(vpr["year"] == year) & (vpr["participants"] > 0), "school_id"])
    assert set(group["school_id"].astype(int)) <= with_next & with_base


def test_low_results_decisions_are_on_schools_low_two_years_running(region):
    runs = school_flags.low_results(school_flags.vpr_gaps(region["vpr"]))
    d = region["decision"]
    low = d[(d["finding"] == "low_results") & d["school_id"].notna()]
    assert len(low) >= 15
    for row in low.itertuples():
        ends = [last for _first, last in runs.get(int(row.school_id), [])]
        assert row.finding_year in ends, (row.school_id, row.finding_year, ends)
    muni_of = region["school"].set_index("id")["municipality_id"]
    for row in d[(d["finding"] == "low_results") & d["school_id"].isna()].itertuples():
        flagged = [s for s, r in runs.items() if row.finding_year in [e for _f, e in r]]
        assert row.municipality_id in set(muni_of[flagged])


def test_adverse_and_deficit_decisions_carry_their_finding(region):
    indicators = region["indicator"].set_index("code")
    context = region["context"]
    social_codes = indicators.index[indicators["group_name"] == "social_conditions"]
    general = region["school"].loc[region["school"]["kind"] != "preschool", "id"]
    index = school_flags.social_index(
        context[context["school_id"].isin(general)],
        indicators.loc[social_codes, "direction"].to_dict(),
    )
    adverse = set(school_flags.adverse_conditions(index).index)
    d = region["decision"]
    chosen = d.loc[d["finding"] == "adverse_conditions", "school_id"]
    assert len(chosen) >= 1 and set(chosen.astype(int)) <= adverse
    deficits = d[d["finding"] == "deficit"]
    assert len(deficits) >= 3
    for row in deficits.itertuples():
        spec = indicators.loc[row.finding_detail]
        value = context.loc[
            (context["school_id"] == row.school_id)
            & (context["year"] == row.finding_year)
            & (context["indicator_code"] == row.finding_detail),
            "value",
        ].item()
        worse = (
            value > spec["norm"] if spec["direction"] == "higher_worse" else value < spec["norm"]
        )
        assert worse, (row.school_id, row.finding_detail, value, spec["norm"])


def test_results_are_loaded_a_few_weeks_after_the_procedure(region):
    p = region["procedure"]
    with_results = p[p["id"].isin(region["with_results"]["procedure_id"])]
    assert len(with_results) == len(p) > 0
    held = pd.to_datetime(with_results["held_on"])
    loaded = pd.to_datetime(with_results["results_loaded_at"], utc=True).dt.tz_localize(None)
    days = (loaded - held).dt.days
    assert days.between(7, 60).all(), days.describe()


def test_targets_cover_every_criterion_and_keep_their_history(region):
    t = region["target"]
    assert set(t["criterion_code"]) == CRITERIA
    regional = t[t["municipality_id"].isna()]
    last = int(region["procedure"]["year"].max())
    assert set(regional.loc[regional["year"] == last, "criterion_code"]) == CRITERIA
    history = regional.groupby(["criterion_code", "year"]).size()
    assert (history > 1).any()  # a target was set, then changed (append-only)
    assert t["municipality_id"].notna().any()


def test_district_demo_loads_decisions_on_every_backend(demo_engine):
    """The district demo (SQLite and, when configured, PostgreSQL via COPY) has the same
    shape: every status, events for every decision, the matrix and loading timestamps."""
    decisions = _table(demo_engine, Decision)
    events = _table(demo_engine, DecisionEvent)
    assert set(decisions["status"]) == set(DECISION_STATUSES)
    assert set(events["decision_id"]) == set(decisions["id"])
    assert decisions["school_id"].isna().sum() == 1  # the municipality's programme
    assert _table(demo_engine, DecisionMatrixEntry)["finding_kind"].nunique() == len(FINDING_KINDS)
    procedures = _table(demo_engine, Procedure)
    assert procedures["results_loaded_at"].notna().all()
    assert _table(demo_engine, EffectivenessTarget)["municipality_id"].isna().any()
