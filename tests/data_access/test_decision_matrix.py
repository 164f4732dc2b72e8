"""The decision matrix in the database (SQLite and PostgreSQL): every edit a new version, the
matrix in force the latest active versions, edits for region and admin only, all audited."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from dashboard.models import DecisionMatrixEntry
from data_access import database, decision_changes, decisions
from data_access import decision_matrix as dm
from data_access.scope import ANONYMOUS, OutOfScope
from tests.data_access import decisions_fixtures as fx

decisions_db, place, audit_rows = fx.decisions_db, fx.place, fx.audit_rows

MEASURE = {
    "finding_kind": "low_results",
    "title": "Methodological support from a resilient school",
    "level": "school",
    "responsible_role": "Municipal methodologist",
    "duration_days": 180,
    "indicator": "vpr_gap",
}


def test_a_new_measure_is_version_one_with_a_code_from_its_kind(place):
    region = place.scopes["region"]
    new_id = dm.save_measure(region, None, **MEASURE)
    other_id = dm.save_measure(region, None, **{**MEASURE, "title": "Targeted PD"})
    rows = dm.current_matrix(region).set_index("id")
    first, second = rows.loc[new_id], rows.loc[other_id]
    assert first["measure_code"] != second["measure_code"]
    assert {first["measure_code"], second["measure_code"]} <= {
        f"low_results_{n}" for n in range(1, 10)
    }
    assert (first["version"], first["title"], first["duration_days"]) == (1, MEASURE["title"], 180)
    assert (first["indicator"], first["active"], first["changed_by"]) == (
        "vpr_gap",
        True,
        "t-region",
    )
    assert str(first["changed_at"].tz) == "UTC"


def test_an_edit_makes_version_two_and_the_decision_keeps_version_one(place):
    region, muni = place.scopes["region"], place.scopes["municipality"]
    first_id = dm.save_measure(region, None, **{**MEASURE, "title": "Mentoring v1"})
    code = dm.measure_version(region, first_id)["measure_code"]
    decision_id = decision_changes.adopt(
        muni, finding="low_results", finding_year=2023, school_code="DA2", measure_id=first_id
    )
    second_id = dm.save_measure(region, code, title="Mentoring v2", duration_days=90)
    history = dm.matrix_history(place.scopes["viewer"], code)
    assert list(history["version"]) == [1, 2]
    assert list(history["title"]) == ["Mentoring v1", "Mentoring v2"]
    # fields not given keep the previous version's values
    assert list(history["indicator"]) == ["vpr_gap", "vpr_gap"]
    assert list(history["duration_days"]) == [180, 90]
    current = dm.current_matrix(region).set_index("measure_code").loc[code]
    assert (current["id"], current["version"], current["title"]) == (second_id, 2, "Mentoring v2")
    kept = decisions.decision(region, decision_id)
    assert (kept["measure_id"], kept["measure"]) == (first_id, "Mentoring v1")
    with pytest.raises(decisions.DecisionRefused) as refused:  # an old version is not in force
        decision_changes.adopt(
            muni, finding="low_results", finding_year=2023, school_code="DA1", measure_id=first_id
        )
    assert refused.value.key == "superseded"


def test_a_measure_limited_to_some_deficits_answers_only_those(place):
    """Closing vacancies does not answer a worn-out building: a measure with ``applies_to`` is
    offered for, and adoptable on, only the findings it names; one without, for every one."""
    region, muni = place.scopes["region"], place.scopes["municipality"]
    deficit = {**MEASURE, "finding_kind": "deficit", "indicator": "conditions_shortfall"}
    staff = dm.save_measure(
        region, None, **{**deficit, "title": "Close vacancies", "applies_to": " vac , vac,x "}
    )
    anything = dm.save_measure(region, None, **{**deficit, "title": "Founder's plan"})
    assert dm.measure_version(region, staff)["applies_to"] == "vac, x"  # trimmed, once each
    assert dm.measure_version(region, anything)["applies_to"] is None
    for_vacancies = set(dm.measures_for(muni, "deficit", "vac")["id"])
    for_building = set(dm.measures_for(muni, "deficit", "wear")["id"])
    assert {staff, anything} <= for_vacancies
    assert anything in for_building and staff not in for_building
    assert {staff, anything} <= set(dm.measures_for(muni, "deficit")["id"])  # no detail: all
    with pytest.raises(decisions.DecisionRefused) as refused:
        decision_changes.adopt(
            muni,
            finding="deficit",
            finding_year=2023,
            finding_detail="wear",
            school_code="DA1",
            measure_id=staff,
        )
    assert refused.value.key == "measure_mismatch"
    adopted = decision_changes.adopt(
        muni,
        finding="deficit",
        finding_year=2023,
        finding_detail="vac",
        school_code="DA1",
        measure_id=staff,
    )
    assert decisions.decision(muni, adopted)["measure"] == "Close vacancies"
    with pytest.raises(dm.MeasureRefused) as too_long:
        dm.save_measure(
            region, None, **{**deficit, "applies_to": ",".join(f"code{n:026d}" for n in range(20))}
        )
    assert too_long.value.key == "bad_applies_to"


def test_an_edit_that_changes_nothing_writes_no_version(place):
    region = place.scopes["region"]
    first_id = dm.save_measure(region, None, **{**MEASURE, "title": "Objectivity monitoring"})
    code = dm.measure_version(region, first_id)["measure_code"]
    assert dm.save_measure(region, code, title="Objectivity monitoring") == first_id
    assert list(dm.matrix_history(region, code)["version"]) == [1]


def test_an_inactive_measure_leaves_the_matrix_in_force_but_keeps_its_history(place):
    admin, viewer = place.scopes["admin"], place.scopes["viewer"]
    first_id = dm.save_measure(admin, None, **{**MEASURE, "finding_kind": "falling_trend"})
    code = dm.measure_version(admin, first_id)["measure_code"]
    assert code in set(dm.measures_for(viewer, "falling_trend")["measure_code"])
    off_id = dm.set_active(admin, code, False)
    assert code not in set(dm.current_matrix(viewer)["measure_code"])
    assert code not in set(dm.measures_for(viewer, "falling_trend")["measure_code"])
    everything = dm.current_matrix(viewer, include_inactive=True).set_index("measure_code")
    assert (everything.loc[code, "id"], bool(everything.loc[code, "active"])) == (off_id, False)
    assert list(dm.matrix_history(viewer, code)["active"]) == [True, False]
    with pytest.raises(decisions.DecisionRefused) as refused:
        decision_changes.adopt(
            place.scopes["region"],
            finding="falling_trend",
            finding_year=2023,
            school_code="DA1",
            measure_id=off_id,
        )
    assert refused.value.key == "measure_inactive"
    dm.set_active(admin, code, True)
    assert list(dm.matrix_history(viewer, code)["version"]) == [1, 2, 3]
    assert code in set(dm.current_matrix(viewer)["measure_code"])


@pytest.mark.parametrize("role", ["admin", "region", "municipality", "school", "viewer"])
def test_every_signed_in_role_reads_the_matrix(place, role):
    dm.save_measure(place.scopes["region"], None, **{**MEASURE, "finding_kind": "resilient"})
    matrix = dm.current_matrix(place.scopes[role])
    assert list(matrix.columns) == list(dm.MATRIX_COLUMNS)
    assert "resilient" in set(matrix["finding_kind"])
    kinds = [k for k in matrix["finding_kind"]]
    order = {"low_results": 0, "resilient": 2, "falling_trend": 6}
    ranked = [order[k] for k in kinds if k in order]
    assert ranked == sorted(ranked)  # kinds in the order of FINDING_KINDS


def test_anonymous_reads_nothing(place):
    with pytest.raises(OutOfScope):
        dm.current_matrix(ANONYMOUS)


def _matrix_rows() -> int:
    with database.read() as conn:
        return len(conn.execute(select(DecisionMatrixEntry.id)).all())


@pytest.mark.parametrize("role", ["municipality", "school", "viewer"])
def test_only_region_and_admin_edit_and_a_refusal_is_audited(place, role):
    scope = place.scopes[role]
    code = dm.measure_version(scope, dm.save_measure(place.scopes["region"], None, **MEASURE))[
        "measure_code"
    ]
    before = _matrix_rows()
    with pytest.raises(OutOfScope):
        dm.save_measure(scope, None, **MEASURE)
    with pytest.raises(OutOfScope):
        dm.save_measure(scope, code, title="Changed")
    with pytest.raises(OutOfScope):
        dm.set_active(scope, code, False)
    assert _matrix_rows() == before
    rows = audit_rows("decision_matrix.save", scope.login)
    assert [outcome for outcome, _asked, _detail in rows] == ["denied"] * 3


@pytest.mark.parametrize(
    ("change", "key"),
    [
        ({"finding_kind": "gossip"}, "bad_finding_kind"),
        ({"level": "federal"}, "bad_level"),
        ({"indicator": "happiness"}, "bad_indicator"),
        ({"duration_days": 0}, "bad_duration"),
        ({"duration_days": 1096}, "bad_duration"),
        ({"duration_days": 12.5}, "bad_duration"),
        ({"duration_days": True}, "bad_duration"),
        ({"title": "   "}, "bad_title"),
        ({"responsible_role": ""}, "bad_responsible"),
    ],
)
def test_a_value_breaking_a_rule_is_refused_and_audited(place, change, key):
    admin = place.scopes["admin"]
    with pytest.raises(dm.MeasureRefused) as refused:
        dm.save_measure(admin, None, **{**MEASURE, **change})
    assert refused.value.key == key
    assert audit_rows("decision_matrix.save", admin.login)[-1][0::2] == ("failure", key)


def test_bounds_of_the_duration_and_no_indicator_are_accepted(place):
    region = place.scopes["region"]
    for days in (1, 1095):
        new_id = dm.save_measure(
            region, None, **{**MEASURE, "duration_days": days, "indicator": None}
        )
        saved = dm.measure_version(region, new_id)
        assert (saved["duration_days"], saved["indicator"]) == (days, None)


def test_each_save_is_audited_with_code_and_version(place):
    admin = place.scopes["admin"]
    new_id = dm.save_measure(admin, None, **{**MEASURE, "finding_kind": "deficit"})
    code = dm.measure_version(admin, new_id)["measure_code"]
    dm.save_measure(admin, code, level="municipality")
    rows = audit_rows("decision_matrix.save", admin.login)[-2:]
    assert [(o, a) for o, a, _d in rows] == [("success", f"measure={code}")] * 2
    assert rows[0][2].startswith(f"{code} v1 deficit level=school")
    assert rows[1][2].startswith(f"{code} v2 deficit level=municipality")


def test_an_unknown_code_is_refused_not_created(place):
    before = _matrix_rows()
    with pytest.raises(OutOfScope):
        dm.save_measure(place.scopes["region"], "no_such_code", title="x")
    assert _matrix_rows() == before
    assert dm.matrix_history(place.scopes["region"], "no_such_code").empty
