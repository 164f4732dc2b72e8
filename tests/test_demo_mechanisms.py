"""The demo's inflation mechanisms (dashboard/demo/mechanisms.py): who is planted, and what
each mechanism does to the points, checked on the generated world without building a
database."""

from __future__ import annotations

import numpy as np
import pytest

from dashboard.demo import SCALES, mechanisms, results, truth, world
from dashboard.demo.instruments import make_instruments
from dashboard.demo.skills import procedure_specs


@pytest.fixture(scope="module")
def planted():
    scale = SCALES["region"]
    w = world.make_world(np.random.default_rng([7, 1]), scale)
    truth.plant(np.random.default_rng([7, 2]), w, scale.pupil_level)
    instruments = make_instruments(
        np.random.default_rng([7, 3]), procedure_specs(scale.years, scale.pupil_level)
    )
    return w, instruments


def test_every_mechanism_is_planted_and_a_municipality_inflates_as_a_whole(planted):
    w, _ = planted
    s = w.schools
    inflated = s[s["_pattern"] == "inflated"]
    assert set(inflated["_mechanism"]) == set(mechanisms.MECHANISMS)
    municipal = inflated[inflated["_mechanism"] == "municipality"]
    assert municipal["municipality_id"].nunique() == 1
    assert municipal["_inflation"].nunique() == 1 and municipal["_inflated_from"].nunique() == 1
    same = s[
        (s["municipality_id"] == municipal["municipality_id"].iloc[0])
        & (s["kind"] != "preschool")
        & (s["_grade_lo"] <= 8)
        & (s["_grade_hi"] >= 4)
    ]
    assert set(same["id"]) == set(municipal["id"])  # every school of it that writes ВПР
    small = inflated[inflated["_mechanism"] == "small_school"]
    assert small["_size"].between(5, 11).all()
    assert set(small["_via"]) <= set(mechanisms.SMALL_VIA)
    others = inflated[~inflated["_mechanism"].isin(["municipality", "small_school"])]
    assert (others["_size"] >= 12).all()


def _one(planted, mechanism: str):
    """A fresh copy of the world where one school of ``mechanism`` inflates from 2021 with
    λ = 1 and every other school is clean; the school's row and a 2022 ВПР instrument."""
    w, instruments = planted
    s = w.schools.copy()
    row = s.index[(s["_mechanism"] == mechanism)][0]
    s["_inflated_from"] = 0
    s.loc[row, ["_inflated_from", "_inflation"]] = [2021, 1.0]
    s["_uplift_sum"], s["_uplift_n"], s["_task_lift_sum"] = 0.0, 0, 0.0
    lo, hi = s.at[row, "_grade_lo"], s.at[row, "_grade_hi"]
    copy = world.World(**{**w.__dict__, "schools": s})
    ins = next(
        i
        for i in instruments
        if i.spec.kind == "vpr" and i.spec.year == 2022 and lo <= i.spec.grade <= hi
    )
    return copy, row, ins


def _points(w, ins, seed: int):
    """Points and school of every participant (the generator's own sampling)."""
    rng = np.random.default_rng(seed)
    idx, counts, _cohort = results.participants(rng, w, ins)
    return idx, np.repeat(np.arange(idx.size), counts)


@pytest.mark.parametrize("mechanism", ["generous_tasks", "copying", "uplift", "bunching"])
def test_a_mechanism_raises_only_its_school_and_is_measured(planted, mechanism):
    w, row, ins = _one(planted, mechanism)
    rng = np.random.default_rng(1)
    idx, local = _points(w, ins, 2)
    top = ins.tasks.max_points
    points = (rng.random((local.size, top.size)) * (top + 1)).astype(np.int8)
    journal = np.full(local.size, 5)
    before = points.copy()
    score = mechanisms.apply(rng, w, ins, idx, local, points, journal)
    position = w.schools.index.get_loc(row)
    mine = local == int(np.flatnonzero(idx == position)[0])
    assert (points[~mine] == before[~mine]).all()  # nobody else changed
    assert (score == points.sum(axis=1)).all()
    assert points[mine].sum() > before[mine].sum()
    uplift, task_lift = mechanisms.measured(w.schools)
    assert uplift[position] > 0 and task_lift[position] > 0
    assert (np.delete(uplift, position) == 0).all()
    if mechanism == "generous_tasks":
        chosen = mechanisms._generous_tasks(int(w.schools.at[row, "id"]), ins)
        assert 2 <= chosen.size <= 4
        # λ = 1: every pupil has full points on the chosen tasks, nothing else moved
        assert (points[np.ix_(mine, chosen)] == top[chosen]).all()
        rest = np.setdiff1d(np.arange(top.size), chosen)
        assert (points[np.ix_(mine, rest)] == before[np.ix_(mine, rest)]).all()
    if mechanism == "copying":
        # λ = 1: every pupil but the source copies the best paper, keeping ~15 % of tasks
        best = before[mine][np.argmax(before[mine].sum(axis=1))]
        same = (points[mine] == best[None, :]).mean()
        assert same > 0.8


def test_nothing_happens_before_the_start_year_or_outside_vpr(planted):
    w, row, ins = _one(planted, "uplift")
    w.schools.loc[row, "_inflated_from"] = 2023
    rng = np.random.default_rng(1)
    idx, local = _points(w, ins, 2)
    points = np.zeros((local.size, ins.tasks.max_points.size), dtype=np.int8)
    mechanisms.apply(rng, w, ins, idx, local, points, np.full(local.size, 5))
    assert not points.any()
