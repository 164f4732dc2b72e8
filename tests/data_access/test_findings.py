"""Findings on the demo equal an independent computation, and each role gets only its rows."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from sqlalchemy import select, text

from dashboard import rules
from dashboard.models import School
from data_access import decision_matrix, decisions, findings
from data_access.scope import OutOfScope


def _sql(engine, query: str) -> pd.DataFrame:
    with engine.connect() as conn:
        return pd.read_sql(text(query), conn)


@pytest.fixture
def region_findings(scopes):
    return findings.findings(scopes["region"])


def test_low_results_equal_an_independent_ranking(demo_engine, scopes, region_findings):
    rows = _sql(
        demo_engine,
        "SELECT r.school_id, r.procedure_id, p.year, r.participants, r.mean_percent "
        "FROM school_result r JOIN procedure p ON p.id = r.procedure_id "
        "WHERE p.kind = 'vpr' AND r.participants > 0 AND r.mean_percent IS NOT NULL",
    )
    year = int(rows["year"].max())
    assert findings.finding_years(scopes["viewer"]) == sorted(rows["year"].unique().tolist())
    rows["w"] = rows["mean_percent"] * rows["participants"]
    sums = rows.groupby("procedure_id")[["w", "participants"]].sum()
    rows["gap"] = rows["mean_percent"] - rows["procedure_id"].map(sums["w"] / sums["participants"])
    per = rows.groupby(["school_id", "year"]).agg(gap=("gap", "mean"), n=("participants", "sum"))
    per = per.reset_index()
    low: dict[int, set[int]] = {}
    for y, group in per[per["n"] >= rules.LOW_RESULTS_MIN_PARTICIPANTS].groupby("year"):
        k = math.ceil(rules.LOW_RESULTS_SHARE * len(group))
        for sid in group.sort_values("gap").head(k)["school_id"]:
            low.setdefault(int(sid), set()).add(int(y))
    span = range(year - rules.LOW_RESULTS_CONSECUTIVE_YEARS + 1, year + 1)
    expected = {sid for sid, years in low.items() if all(y in years for y in span)}
    found = region_findings[region_findings["kind"] == "low_results"]
    assert expected and set(found["school_id"].astype(int)) == expected
    assert (found["year"] == year).all() and found["link"].str.startswith("/schools/").all()
    gaps = per[per["year"] == year].set_index("school_id")["gap"]
    for sid, value in zip(found["school_id"], found["value"], strict=True):
        assert value == pytest.approx(gaps[int(sid)])


def test_deficits_equal_an_independent_comparison_with_the_norms(
    demo_engine, scopes, region_findings
):
    values = _sql(
        demo_engine,
        "SELECT c.school_id, c.year, c.indicator_code, c.value, i.direction, i.norm, "
        "n.norm AS region_norm FROM context_value c "
        "JOIN indicator i ON i.code = c.indicator_code JOIN school s ON s.id = c.school_id "
        "LEFT JOIN region_norm n ON n.indicator_code = c.indicator_code "
        "WHERE i.group_name = 'conditions' AND s.kind != 'preschool'",
    )
    year = int(region_findings["year"].max())
    values = values[values["year"] <= year]
    values = values[values["year"] == values["year"].max()]
    norm = values["region_norm"].fillna(values["norm"])
    worse = (values["value"] - norm).where(
        values["direction"] != "higher_worse", norm - values["value"]
    )
    chosen = values[norm.notna() & (worse < 0)]
    expected = set(zip(chosen["school_id"], chosen["indicator_code"], strict=True))
    found = region_findings[region_findings["kind"] == "deficit"]
    assert expected
    assert set(zip(found["school_id"].astype(int), found["detail"], strict=True)) == expected
    # the page names the indicator, not its code
    names = _sql(demo_engine, "SELECT code, name FROM indicator").set_index("code")["name"]
    assert list(found["detail_name"]) == [names[c] for c in found["detail"]]


def test_weak_skills_equal_an_independent_computation(demo_engine, scopes, region_findings):
    """Skill percents pooled per school and per region in SQL, then the rule written out
    here: ≥ WEAK_SKILL_MARGIN below the region and beyond chance, Holm over the subject's
    skills at the school (one-sided, family-wise (1 − WEAK_SKILL_LEVEL)/2)."""
    from scipy.stats import norm

    rows = _sql(
        demo_engine,
        "SELECT s.school_id, p.subject, t.skill_code, s.mean_percent, r.participants "
        "FROM skill_result s JOIN procedure p ON p.id = s.procedure_id "
        "JOIN procedure_task t ON t.procedure_id = s.procedure_id "
        "AND t.task_number = s.task_number "
        "JOIN school_result r ON r.procedure_id = s.procedure_id AND r.school_id = s.school_id "
        "WHERE p.kind = 'vpr' AND r.participants > 0 "
        "AND p.year = (SELECT max(year) FROM procedure WHERE kind = 'vpr')",
    )
    # a school's percent on a skill is the mean of its tasks, over its pupils (not pupils ×
    # tasks: the same pupils answer every task); the region's is weighted by the pupils
    keys = ["subject", "skill_code"]
    own = rows.groupby(["school_id", *keys], as_index=False).agg(
        school=("mean_percent", "mean"), participants=("participants", "max")
    )
    own["w"] = own["school"] * own["participants"]
    region = own.groupby(keys)[["w", "participants"]].sum()
    own = own.join((region["w"] / region["participants"]).rename("region"), on=keys)
    own = own.join(region["participants"].rename("region_n"), on=keys)

    def variance(percent, n):
        share = percent / 100
        return 100**2 * share * (1 - share) / n

    se = variance(own["school"], own["participants"]) + variance(own["region"], own["region_n"])
    own["gap"] = own["school"] - own["region"]
    own["p"] = norm.cdf(own["gap"] / se**0.5)
    alpha = (1 - rules.WEAK_SKILL_LEVEL) / 2
    expected = set()
    for (sid, subject), family in own.groupby(["school_id", "subject"]):
        ordered = family.sort_values("p")
        kept = []
        for i, row in enumerate(ordered.itertuples()):
            if row.p > alpha / (len(ordered) - i):
                break
            kept.append(row.gap)
        if any(gap <= -rules.WEAK_SKILL_MARGIN for gap in kept):
            expected.add((int(sid), subject))
    found = region_findings[region_findings["kind"] == "weak_skill"]
    assert expected, "the demo has weak skills"
    assert set(zip(found["school_id"].astype(int), found["detail"], strict=True)) == expected


def test_decisions_name_the_deficit_they_answer(demo_engine, scopes):
    names = _sql(demo_engine, "SELECT code, name FROM indicator").set_index("code")["name"]
    listed = decisions.list_decisions(scopes["region"])
    deficits = listed[listed["finding"] == "deficit"]
    assert not deficits.empty, "the demo has decisions on deficits"
    assert list(deficits["finding_detail_name"]) == [names[c] for c in deficits["finding_detail"]]
    others = listed[(listed["finding"] != "deficit") & listed["finding_detail"].notna()]
    assert (others["finding_detail_name"] == others["finding_detail"]).all()


def test_decided_means_an_open_decision_on_the_same_finding(demo_engine, region_findings):
    open_ = _sql(
        demo_engine,
        "SELECT id, school_id, finding, finding_detail, finding_year FROM decision "
        "WHERE status != 'cancelled' AND school_id IS NOT NULL",
    )
    keys = {}
    for r in open_.itertuples():
        detail = None if pd.isna(r.finding_detail) else r.finding_detail
        keys.setdefault((int(r.school_id), r.finding, detail, int(r.finding_year)), []).append(r.id)
    school_rows = region_findings[region_findings["level"] == "school"]
    for r in school_rows.itertuples():
        key = (int(r.school_id), r.kind, r.detail, int(r.year))
        assert r.decided == (key in keys)
        assert sorted(r.decision_ids) == sorted(keys.get(key, []))


def test_director_sees_only_own_school(demo_engine, scopes, region_findings):
    director = scopes["school"]
    own = findings.findings(director)
    assert (own["school_id"] == director.school_id).all()
    expected = region_findings[region_findings["school_id"].eq(director.school_id).fillna(False)]
    assert len(own) == len(expected)
    with demo_engine.connect() as conn:
        other = conn.execute(
            select(School.school_code).where(School.id != director.school_id).limit(1)
        ).scalar_one()
    with pytest.raises(OutOfScope):
        findings.compensation_plan(director, other)


def test_municipality_sees_only_its_own(scopes, region_findings):
    district = scopes["municipality"]
    own = findings.findings(district)
    assert len(own) and (own["municipality_id"] == district.municipality_id).all()
    mine = region_findings["municipality_id"].eq(district.municipality_id).fillna(False)
    assert len(own) == int(mine.sum())
    assert not (region_findings["level"] == "region").any() or len(own) < len(region_findings)


def test_viewer_gets_counts_not_findings(scopes, region_findings):
    viewer = scopes["viewer"]
    with pytest.raises(OutOfScope):
        findings.findings(viewer)
    counts = findings.finding_counts(viewer)
    assert set(counts.columns) == {"municipality_id", "municipality", "kind", "count"}
    counted = region_findings[
        (region_findings["level"] == "school") | (region_findings["kind"] == "overdue_roadmap_item")
    ]
    assert int(counts["count"].sum()) == len(counted)
    for kind, n in counted.groupby("kind").size().items():
        assert int(counts.loc[counts["kind"] == kind, "count"].sum()) == n


def test_compensation_plan_lists_every_deficit_of_the_school(scopes, region_findings):
    deficits = region_findings[region_findings["kind"] == "deficit"]
    code = deficits["school_code"].iloc[0]
    plan = findings.compensation_plan(scopes["region"], code)
    own = deficits[deficits["school_code"] == code]
    assert set(plan["indicator_code"]) == set(own["detail"])
    assert (plan["shortfall"] > 0).all() and plan["indicator"].notna().all()
    # each deficit is offered the measures in force that answer it, and only those
    matrix = decision_matrix.current_matrix(scopes["region"])
    matrix = matrix[matrix["finding_kind"] == "deficit"]
    for indicator, rows in plan.groupby("indicator_code"):
        answering = {
            int(m["id"])
            for m in matrix.to_dict("records")
            if not m["applies_to"] or indicator in m["applies_to"].split(", ")
        }
        offered = {int(i) for i in rows["measure_id"].dropna()}
        assert offered == answering, indicator
    with pytest.raises(OutOfScope):
        findings.compensation_plan(scopes["viewer"], code)
