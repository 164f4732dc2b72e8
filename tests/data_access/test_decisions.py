"""Decisions in the database (SQLite and PostgreSQL): a decision's life across roles, the
allowed status moves, history and audit rows for every step, and a decision becoming a
roadmap item — on a private database (decisions_fixtures), never the shared demo."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from dashboard import strings
from dashboard.models.decisions import DECISION_STATUSES
from data_access import decision_changes as changes
from data_access import decision_matrix as dm
from data_access import decisions as dec
from data_access import roadmaps
from data_access.scope import OutOfScope
from tests.data_access import decisions_fixtures as fx

decisions_db, place, audit_rows = fx.decisions_db, fx.place, fx.audit_rows
TODAY = dt.date.today()
_titles = itertools.count(1)


def _measure(place, kind: str = "low_results", **values) -> int:
    """A new measure of the matrix (a unique title, so no test's decision is a duplicate)."""
    fields = {
        "finding_kind": kind,
        "title": f"Measure {next(_titles)} for {kind}",
        "level": "school",
        "responsible_role": "Deputy head for teaching",
        "duration_days": 120,
        "indicator": "vpr_gap",
        **values,
    }
    return dm.save_measure(place.scopes["region"], None, **fields)


def _adopt(place, role: str = "municipality", school: str | None = "DA1", **values) -> int:
    values = {"finding": "low_results", "finding_year": 2023, **values}
    if "measure_id" not in values and "measure_text" not in values:
        values["measure_id"] = _measure(place, values["finding"])
    return changes.adopt(place.scopes[role], school_code=school, **values)


# ------------------------------------------------------------------ the life of a decision


def test_a_decision_from_adoption_to_done_across_roles(place):
    muni, director, region = (place.scopes[r] for r in ("municipality", "school", "region"))
    measure_id = _measure(place, duration_days=90)
    version = dm.measure_version(region, measure_id)
    did = changes.adopt(
        muni,
        finding="low_results",
        finding_year=2023,
        school_code="DA1",
        finding_reason="Low results in 2022 and 2023",
        measure_id=measure_id,
        comment="Start in September",
    )
    # the matrix version's title, indicator and responsible role are copied; due in 90 days
    adopted = dec.decision(muni, did)
    assert (adopted["measure"], adopted["measure_code"]) == (
        version["title"],
        version["measure_code"],
    )
    assert (adopted["indicator"], adopted["responsible"]) == (
        "vpr_gap",
        version["responsible_role"],
    )
    assert adopted["due_on"] == TODAY + dt.timedelta(days=90)
    assert (adopted["status"], adopted["school_code"], adopted["municipality_id"]) == (
        "adopted",
        "DA1",
        place.muni_a,
    )
    assert (adopted["level"], adopted["created_by"], adopted["may_change"]) == (
        "school",
        "t-muni-a",
        True,
    )

    # the director sees it, may comment, may not move it
    mine = dec.list_decisions(director)
    assert did in set(mine["id"]) and set(mine["school_code"]) == {"DA1"}
    seen = dec.decision(director, did)
    assert (seen["may_change"], seen["may_comment"]) == (False, True)
    changes.add_comment(director, did, "We need a mentor for grade 5 mathematics")
    with pytest.raises(OutOfScope):
        changes.change_status(director, did, "in_progress")
    assert dec.decision(region, did)["status"] == "adopted"

    changes.change_status(muni, did, "in_progress", comment="Mentor appointed")
    done_on = TODAY - dt.timedelta(days=1)
    assert changes.change_status(muni, did, "done", completed_on=done_on.isoformat()) == "done"
    finished = dec.decision(region, did)
    assert (finished["status"], finished["completed_on"]) == ("done", done_on)

    history = dec.decision_history(director, did)
    assert list(zip(history["by"], history["role"], strict=True)) == [
        ("t-muni-a", "municipality"),
        ("t-director", "school"),
        ("t-muni-a", "municipality"),
        ("t-muni-a", "municipality"),
    ]
    moves = list(zip(history["from_status"], history["to_status"], strict=True))
    assert moves == [
        (None, "adopted"),
        (None, None),
        ("adopted", "in_progress"),
        ("in_progress", "done"),
    ]
    assert list(history["comment"]) == [
        "Start in September",
        "We need a mentor for grade 5 mathematics",
        "Mentor appointed",
        None,
    ]
    assert history["at"].is_monotonic_increasing and str(history["at"].dt.tz) == "UTC"

    asked = f"decision={did}"
    assert audit_rows("decision.adopt", "t-muni-a")[-1][:2] == ("success", "school=DA1")
    assert audit_rows("decision.comment", "t-director")[-1][:2] == ("success", asked)
    statuses = [r for r in audit_rows("decision.status", "t-muni-a") if r[1] == asked]
    assert statuses == [
        ("success", asked, "adopted->in_progress"),
        ("success", asked, "in_progress->done"),
    ]
    assert ("denied", asked, None) in audit_rows("decision.status", "t-director")


def test_done_without_a_date_is_done_today_and_never_in_the_future(place):
    muni = place.scopes["municipality"]
    first, second = _adopt(place), _adopt(place)
    with pytest.raises(dec.DecisionRefused) as refused:
        changes.change_status(muni, first, "done", completed_on=TODAY + dt.timedelta(days=1))
    assert refused.value.key == "bad_completed_on"
    assert dec.decision(muni, first)["status"] == "adopted"
    changes.change_status(muni, first, "done")
    assert dec.decision(muni, first)["completed_on"] == TODAY
    changes.change_status(muni, second, "cancelled", comment="Merged with another measure")
    assert dec.decision(muni, second)["completed_on"] is None


ALLOWED = {("adopted", "in_progress"), ("adopted", "done"), ("adopted", "cancelled")}
ALLOWED |= {("in_progress", "done"), ("in_progress", "cancelled")}
PATHS = {"adopted": [], "in_progress": ["in_progress"], "done": ["done"]}
PATHS["cancelled"] = ["cancelled"]


@pytest.mark.parametrize(
    ("start", "to"), list(itertools.product(DECISION_STATUSES, [*DECISION_STATUSES, "finished"]))
)
def test_only_the_allowed_moves_are_made(place, start, to):
    muni = place.scopes["municipality"]
    did = _adopt(place)
    for step in PATHS[start]:
        changes.change_status(muni, did, step)
    if (start, to) in ALLOWED:
        changes.change_status(muni, did, to)
        assert dec.decision(muni, did)["status"] == to
        assert dec.decision_history(muni, did)["to_status"].iloc[-1] == to
        return
    events = len(dec.decision_history(muni, did))
    with pytest.raises(dec.DecisionRefused) as refused:
        changes.change_status(muni, did, to)
    assert refused.value.key == "bad_transition"
    assert dec.decision(muni, did)["status"] == start
    assert len(dec.decision_history(muni, did)) == events  # a refusal writes no history
    assert audit_rows("decision.status", "t-muni-a")[-1] == (
        "failure",
        f"decision={did}",
        f"{start}->{to}: bad_transition",
    )


def test_a_status_that_is_not_text_is_refused(place):
    did = _adopt(place)
    with pytest.raises(dec.DecisionRefused):
        changes.change_status(place.scopes["municipality"], did, ["done"])


# ------------------------------------------------------------------ who sees and acts


def test_a_director_sees_only_the_decisions_about_its_own_school(place):
    director = place.scopes["school"]
    own = _adopt(place, school="DA1")
    neighbour = _adopt(place, school="DA2")
    municipal = _adopt(place, school=None, municipality_id=place.muni_a)
    elsewhere = _adopt(place, role="region", school="DB1")
    listed = set(dec.list_decisions(director)["id"])
    assert own in listed and not {neighbour, municipal, elsewhere} & listed
    for foreign in (neighbour, municipal, elsewhere, 10**6, "x", None, True):
        with pytest.raises(OutOfScope):
            dec.decision(director, foreign)
        with pytest.raises(OutOfScope):
            changes.add_comment(director, foreign, "Not ours")
    with pytest.raises(OutOfScope):
        dec.decision_history(director, neighbour)
    with pytest.raises(OutOfScope):
        dec.list_decisions(director, school_code="DA2")
    with pytest.raises(OutOfScope):
        dec.list_decisions(director, municipality_id=place.muni_b)
    assert set(dec.list_decisions(director, school_code="DA1")["id"]) == listed
    denied = audit_rows("decision.comment", "t-director")
    assert ("denied", f"decision={neighbour}", None) in denied


def test_a_director_cannot_adopt_and_the_refusal_is_audited(place):
    measure_id = _measure(place)
    for school in ("DA1", "DA2"):
        with pytest.raises(OutOfScope):
            changes.adopt(
                place.scopes["school"],
                finding="low_results",
                finding_year=2023,
                school_code=school,
                measure_id=measure_id,
            )
    assert audit_rows("decision.adopt", "t-director")[-2:] == [
        ("denied", "school=DA1", None),
        ("denied", "school=DA2", None),
    ]
    assert measure_id not in set(dec.list_decisions(place.scopes["region"])["measure_id"])


def test_a_viewer_gets_counts_but_no_decision(place):
    viewer, region = place.scopes["viewer"], place.scopes["region"]
    did = _adopt(place, role="region", school="DB1", finding="deficit", finding_detail="wear")
    with pytest.raises(OutOfScope):
        dec.list_decisions(viewer)
    with pytest.raises(OutOfScope):
        dec.decision(viewer, did)
    with pytest.raises(OutOfScope):
        dec.decision_history(viewer, did)
    with pytest.raises(OutOfScope):
        changes.add_comment(viewer, did, "Hello")
    counts = dec.decision_counts(viewer)
    assert list(counts.columns) == list(dec.COUNT_COLUMNS)
    assert "school" not in counts.columns and "school_code" not in counts.columns
    every = dec.list_decisions(region)
    expected = {
        (int(m), f, s): int(n)
        for (m, f, s), n in every.groupby(["municipality_id", "finding", "status"]).size().items()
    }
    got = {
        (int(m), f, s): int(n)
        for m, f, s, n in zip(
            counts["municipality_id"],
            counts["finding"],
            counts["status"],
            counts["count"],
            strict=True,
        )
    }
    assert got == expected and got[(place.muni_b, "deficit", "adopted")] >= 1
    for role in ("school", "municipality", "admin"):
        assert dec.decision_counts(place.scopes[role]).equals(counts)


def test_the_region_acts_anywhere_in_its_region(place):
    region, admin = place.scopes["region"], place.scopes["admin"]
    at_school = _adopt(place, role="region", school="DB1")
    at_municipality = _adopt(place, role="region", school=None, municipality_id=place.muni_b)
    detail = dec.decision(region, at_municipality)
    assert (detail["school_id"], detail["level"], detail["municipality"]) == (None, "school", "B")
    changes.change_status(admin, at_school, "in_progress")
    changes.add_comment(region, at_school, "Checked on site")
    assert dec.decision(region, at_school)["status"] == "in_progress"
    assert {at_school, at_municipality} <= set(dec.list_decisions(admin)["id"])
    assert set(dec.list_decisions(region, municipality_id=place.muni_b)["municipality_id"]) == {
        place.muni_b
    }


def test_a_municipality_user_cannot_act_on_another_municipality(place):
    muni = place.scopes["municipality"]
    theirs = _adopt(place, role="municipality_b", school="DB1")
    measure_id = _measure(place)
    with pytest.raises(OutOfScope):
        changes.adopt(
            muni, finding="low_results", finding_year=2023, school_code="DB1", measure_id=measure_id
        )
    with pytest.raises(OutOfScope):
        changes.adopt(
            muni,
            finding="low_results",
            finding_year=2023,
            municipality_id=place.muni_b,
            measure_id=measure_id,
        )
    for act in (
        lambda: dec.decision(muni, theirs),
        lambda: changes.change_status(muni, theirs, "cancelled"),
        lambda: changes.add_comment(muni, theirs, "Ours now"),
        lambda: dec.list_decisions(muni, municipality_id=place.muni_b),
        lambda: dec.list_decisions(muni, school_code="DB1"),
    ):
        with pytest.raises(OutOfScope):
            act()
    assert theirs not in set(dec.list_decisions(muni)["id"])
    assert dec.decision(place.scopes["region"], theirs)["status"] == "adopted"
    assert audit_rows("decision.adopt", "t-muni-a")[-2:] == [
        ("denied", "school=DB1", None),
        ("denied", f"municipality={place.muni_b}", None),
    ]
    assert ("denied", f"decision={theirs}", None) in audit_rows("decision.status", "t-muni-a")


# ------------------------------------------------------------------ rules of adoption


def test_a_free_text_measure_has_no_matrix_version_and_no_indicator(place):
    muni = place.scopes["municipality"]
    did = _adopt(place, measure_text="  Visit by the district methodologist  ", due_on="2030-05-01")
    detail = dec.decision(muni, did)
    assert (detail["measure_id"], detail["measure_code"], detail["indicator"]) == (None, None, None)
    assert (detail["measure"], detail["due_on"], detail["level"]) == (
        "Visit by the district methodologist",
        dt.date(2030, 5, 1),
        "school",
    )


@pytest.mark.parametrize(
    ("values", "key"),
    [
        ({"finding": "gossip", "measure_text": "x"}, "bad_finding"),
        ({"finding_year": "2023", "measure_text": "x"}, "bad_year"),
        ({"finding_year": 1999, "measure_text": "x"}, "bad_year"),
        ({"measure_text": "   "}, "no_measure"),
        ({"measure_id": 10**6}, "bad_measure"),
        ({"measure_text": "x", "due_on": "soon"}, "bad_due_on"),
        ({"measure_text": "x", "responsible": "r" * 201}, "bad_responsible"),
    ],
)
def test_an_adoption_breaking_a_rule_is_refused_and_audited(place, values, key):
    with pytest.raises(dec.DecisionRefused) as refused:
        _adopt(place, **values)
    assert refused.value.key == key
    assert audit_rows("decision.adopt", "t-muni-a")[-1] == ("failure", "school=DA1", key)


def test_a_measure_of_another_kind_and_a_second_same_decision_are_refused(place):
    muni = place.scopes["municipality"]
    bias_measure = _measure(place, "bias_confirmed", indicator="bias_flag")
    with pytest.raises(dec.DecisionRefused) as refused:
        changes.adopt(
            muni,
            finding="low_results",
            finding_year=2023,
            school_code="DA1",
            measure_id=bias_measure,
        )
    assert refused.value.key == "measure_mismatch"
    values = {"finding": "bias_confirmed", "finding_year": 2023, "finding_detail": "vpr_bias"}
    first = changes.adopt(muni, school_code="DA2", measure_id=bias_measure, **values)
    with pytest.raises(dec.DecisionRefused) as refused:
        changes.adopt(muni, school_code="DA2", measure_id=bias_measure, **values)
    assert refused.value.key == "duplicate"
    # the same measure for another year, or again once the first is cancelled, is fine
    changes.adopt(
        muni, school_code="DA2", measure_id=bias_measure, **{**values, "finding_year": 2024}
    )
    changes.change_status(muni, first, "cancelled")
    assert changes.adopt(muni, school_code="DA2", measure_id=bias_measure, **values) != first


def test_a_region_user_must_name_a_target(place):
    with pytest.raises(dec.DecisionRefused) as refused:
        _adopt(place, role="region", school=None)
    assert refused.value.key == "no_target"
    with pytest.raises(dec.DecisionRefused) as refused:  # the school is in A, not B
        _adopt(place, role="region", school="DA1", municipality_id=place.muni_b)
    assert refused.value.key == "target_mismatch"
    own = _adopt(place, school=None, measure_text="District seminar")  # its own by default
    assert dec.decision(place.scopes["region"], own)["municipality_id"] == place.muni_a
    with pytest.raises(dec.DecisionRefused) as refused:  # no school on both: the same target
        _adopt(place, school=None, measure_text="District seminar")
    assert refused.value.key == "duplicate"


def test_overdue_is_open_and_past_its_due_date(place):
    muni = place.scopes["municipality"]
    late = _adopt(place, measure_text="Late", due_on=dt.date(2024, 1, 15))
    timely = _adopt(place, measure_text="Timely", due_on=dt.date(2024, 3, 1))
    closed = _adopt(place, measure_text="Closed", due_on=dt.date(2024, 1, 15))
    changes.change_status(muni, closed, "done")
    frame = dec.list_decisions(muni, today=dt.date(2024, 2, 1)).set_index("id")
    assert frame.loc[[late, timely, closed], "overdue"].tolist() == [True, False, False]
    assert frame["overdue"].dtype == bool
    assert dec.decision(muni, late, today=dt.date(2024, 1, 15))["overdue"] is False
    adopted = dec.list_decisions(muni, status="adopted", today=dt.date(2024, 2, 1))
    assert late in set(adopted["id"]) and closed not in set(adopted["id"])
    with pytest.raises(dec.DecisionRefused):
        dec.list_decisions(muni, status="late")


# ------------------------------------------------------------------ into a roadmap


def test_a_decision_becomes_an_item_of_a_roadmap_the_user_may_edit(place):
    muni, region = place.scopes["municipality"], place.scopes["region"]
    did = _adopt(place, measure_text="Mentoring by school DA2", due_on="2026-06-30",
                 responsible="Head of DA1")  # fmt: skip
    for foreign in (place.roadmap_b, place.roadmap_region):
        with pytest.raises(OutOfScope):
            changes.to_roadmap(muni, did, foreign)
    with pytest.raises(OutOfScope):
        changes.to_roadmap(place.scopes["school"], did, place.roadmap_a)
    assert dec.decision(muni, did)["roadmap_item_id"] is None
    item_id = changes.to_roadmap(muni, did, place.roadmap_a)
    item = roadmaps.item(muni, item_id)
    assert (item["title"], item["executors"], item["due_on"]) == (
        "Mentoring by school DA2",
        "Head of DA1",
        dt.date(2026, 6, 30),
    )
    assert (item["section"], item["status"], item["editable"]) == (
        strings.DECISIONS_TITLE,
        "planned",
        True,
    )
    assert "S DA1" not in " ".join(str(v) for v in item.values())  # roadmaps are public
    assert dec.decision(muni, did)["roadmap_item_id"] == item_id
    with pytest.raises(dec.DecisionRefused) as refused:
        changes.to_roadmap(muni, did, place.roadmap_a)
    assert refused.value.key == "already_in_roadmap"
    # the next decision lands in the same section with the next number
    second = changes.to_roadmap(muni, _adopt(place, measure_text="Second"), place.roadmap_a)
    numbers = [roadmaps.item(muni, i)["number"] for i in (item_id, second)]
    head = numbers[0].split(".")[0]
    assert numbers == [f"{head}.1", f"{head}.2"]
    # the region may use a regional roadmap, not another municipality's
    third = _adopt(place, measure_text="Third")
    with pytest.raises(dec.DecisionRefused) as refused:
        changes.to_roadmap(region, third, place.roadmap_b)
    assert refused.value.key == "other_municipality"
    assert roadmaps.item(region, changes.to_roadmap(region, third, place.roadmap_region))[
        "editable"
    ]

    rows = audit_rows("decision.roadmap", "t-muni-a")
    assert [r[0] for r in rows[:2]] == ["denied", "denied"]
    assert rows[2][0] == "success" and rows[2][2] == f"rm-a item={item_id}"
    assert rows[3] == ("failure", f"decision={did} roadmap={place.roadmap_a}", "already_in_roadmap")


def test_a_cancelled_decision_does_not_go_into_a_roadmap(place):
    muni = place.scopes["municipality"]
    did = _adopt(place, measure_text="Cancelled one")
    changes.change_status(muni, did, "cancelled")
    with pytest.raises(dec.DecisionRefused) as refused:
        changes.to_roadmap(muni, did, place.roadmap_a)
    assert refused.value.key == "cancelled"
