"""The region-wide suppression plan cut per reader equals the reference plan of that reader.

`suppression.RegionPlan` computes the rules once over a region and recomputes, per reader, only
the groups holding a school the reader knows; `plan_hidden` computes everything for one reader.
On random regions (small schools, missing counts, shared and separate municipalities) and
random readers (nobody, a director, a district head, several schools) both must hide the same
school results, municipality totals and region totals.
"""

from __future__ import annotations

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from data_access import serial
from data_access.suppression import RegionPlan, plan_hidden

_row = st.tuples(
    st.integers(1, 6),  # procedure
    st.integers(1, 25),  # school
    st.one_of(st.none(), st.integers(0, 40)),  # participants, some missing
)


def _region(rows: list[tuple[int, int, int | None]]) -> pd.DataFrame:
    seen: dict[tuple[int, int], int | None] = {}
    for procedure, school, size in rows:
        seen.setdefault((procedure, school), size)  # one result per school and procedure
    frame = pd.DataFrame(
        [(p, s, 1 + s % 4, n) for (p, s), n in seen.items()],
        columns=["procedure_id", "school_id", "municipality_id", "participants"],
    )
    return frame


@settings(max_examples=300, deadline=None)
@given(
    rows=st.lists(_row, min_size=1, max_size=120),
    asked=st.sets(st.integers(1, 6), min_size=1),
    known=st.sets(st.integers(1, 25), max_size=6),
    complementary=st.booleans(),
)
def test_the_region_plan_cut_for_a_reader_is_the_readers_plan(rows, asked, known, complementary):
    region = _region(rows)
    known = known if complementary else set()
    expected = plan_hidden(
        region[region["procedure_id"].isin(asked)], known, complementary=complementary
    )
    their = region.loc[region["school_id"].isin(known), "municipality_id"]
    nearby = region[region["municipality_id"].isin(their)]
    got = RegionPlan.build(region, complementary).for_reader(sorted(asked), known, nearby)
    assert got == expected


@settings(max_examples=50, deadline=None)
@given(rows=st.lists(_row, min_size=1, max_size=80), complementary=st.booleans())
def test_the_stored_form_of_a_region_plan_reads_back_the_same(rows, complementary):
    plan = RegionPlan.build(_region(rows), complementary)
    assert RegionPlan.from_json(serial.loads(serial.dumps(plan.to_json()))) == plan


def test_a_director_sees_their_own_small_school_and_its_cover_follows_the_neighbours():
    """Municipality 2 of procedure 1: the reader's school 5 (3 pupils) is known to them, so the
    other small school (6, 4 pupils) alone would be recoverable and takes the next smallest."""
    region = pd.DataFrame(
        [(1, 5, 2, 3), (1, 6, 2, 4), (1, 7, 2, 30), (1, 8, 2, 40), (1, 9, 3, 50)],
        columns=["procedure_id", "school_id", "municipality_id", "participants"],
    )
    plan = RegionPlan.build(region, complementary=True)
    nobody, director = plan.for_reader([1], set()), plan.for_reader([1], {5}, region)
    assert nobody.schools == {(1, 5), (1, 6)}
    assert director.schools == {(1, 5), (1, 6), (1, 7)}
    assert director == plan_hidden(region, {5})
