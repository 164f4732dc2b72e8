"""Results of one procedure: pupils (when stored), school aggregates and task means.

Pupil ability in a test = school effect of that year + subject effect of the school + cohort
effect (the same cohort in every year, so grade 4 of 2020 is grade 5 of 2021) + pupil
N(0, 0.85²), and the test adds day noise N(0, 0.2²). The pupil part is shared by the subjects
of one campaign (kind, year, grade) in a school, as a pupil keeps one participant code there
(:class:`Roster`): a share SHARED_ABILITY of its variance is the pupil's own across subjects,
the rest is the subject's, so two subjects' percent scores of a pupil correlate ≈ 0.66. The
journal mark is the teacher's view of the same ability without day noise, shifted by the
school's leniency, with its own noise.

Bias of an inflated school (ВПР only, from its start year): one of several mechanisms,
applied to the sampled points by :func:`dashboard.demo.mechanisms.apply`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard.demo import instruments as ins_mod
from dashboard.demo import mechanisms
from dashboard.demo.instruments import Instrument
from dashboard.demo.world import FIRST_COHORT, World, school_effect

PUPIL_SD = 0.85
DAY_NOISE = 0.2
JOURNAL_NOISE = 0.25
ATTENDANCE = {"vpr": 0.92, "oge": 0.97, "ege": 0.97, "diagnostic": 0.9, "niko": 0.95, "riko": 0.9}
#: Share of the pupil variance (PUPIL_SD²) common to the subjects of one campaign. Choice: with
#: the day noise and the tests' own measurement error, two subjects' percent scores of a pupil
#: correlate ≈ 0.66 over the region's pupils and ≈ 0.60 within a school (region demo, seed 8;
#: tests/test_demo.py checks it); the test noise caps the latter at ≈ 0.63 (share 1).
SHARED_ABILITY = 0.95
_NODES, _WEIGHTS = np.polynomial.hermite_e.hermegauss(24)
_WEIGHTS = _WEIGHTS / _WEIGHTS.sum()


@dataclass
class ProcedureOutput:
    school_results: pd.DataFrame
    pupil_results: pd.DataFrame | None = None
    skill_results: pd.DataFrame | None = None


def participants(rng: np.random.Generator, world: World, ins: Instrument) -> tuple[np.ndarray, ...]:
    """Indices of participating schools, their participant counts and cohort column."""
    s = world.schools
    spec = ins.spec
    eligible = (
        (s["kind"] != "preschool")
        & (s["_grade_lo"] <= spec.grade)
        & (s["_grade_hi"] >= spec.grade)
        & (s["_opens"] <= spec.year)
        & (s["_closes"] >= spec.year)
    ).to_numpy()
    if spec.sample_share < 1:
        eligible = eligible & (rng.random(len(s)) < spec.sample_share)
    idx = np.flatnonzero(eligible)
    cohort = spec.year - spec.grade - FIRST_COHORT
    base = (
        world.cohort_size[idx, cohort] * world.cohort_drift[idx, cohort, spec.year - world.years[0]]
    )
    if spec.kind == "ege":  # only part of a cohort stays for grades 10-11
        stay = np.where(s["locality"].to_numpy()[idx] == "urban", 0.55, 0.35)
        base = base * stay * (0.5 if spec.subject.startswith("математика") else 1.0)
    if spec.kind == "niko":
        base = np.minimum(base, 25)
    counts = rng.binomial(np.round(base).astype(int), ATTENDANCE[spec.kind])
    keep = counts > 0
    return idx[keep], counts[keep], cohort


def _abilities(world: World, ins: Instrument, idx: np.ndarray, cohort: int) -> np.ndarray:
    """Mean ability of the participants of each school (before pupil noise)."""
    spec = ins.spec
    mean = (
        school_effect(world.schools, spec.year)[idx]
        + world.cohort_effect[idx, cohort]
        + world.subject_effect[spec.subject][idx]
    )
    if spec.kind == "ege":  # who stays for grades 10-11, and who takes profile mathematics
        mean = mean + 0.35 + (0.5 if spec.subject.startswith("математика") else 0.0)
    return mean


def _inflation(world: World, ins: Instrument, idx: np.ndarray) -> np.ndarray:
    """λ per participating school (0 where the school is clean or not yet inflating)."""
    if ins.spec.kind != "vpr":
        return np.zeros(idx.size)
    s = world.schools
    start = s["_inflated_from"].to_numpy()[idx]
    active = (start > 0) & (start <= ins.spec.year)
    return np.where(active, s["_inflation"].to_numpy()[idx], 0.0)


def raise_points(rng, points: np.ndarray, rows: np.ndarray, add: np.ndarray, max_points) -> None:
    """Add ``add[i]`` points to pupil ``rows[i]`` on randomly ordered tasks with room left."""
    sub = points[rows].astype(np.int16)
    slack = max_points[None, :] - sub
    order = np.argsort(rng.random(sub.shape), axis=1)
    slack_o = np.take_along_axis(slack, order, axis=1)
    before = np.cumsum(slack_o, axis=1) - slack_o
    add_o = np.clip(add[:, None] - before, 0, slack_o)
    inc = np.zeros_like(sub)
    np.put_along_axis(inc, order, add_o, axis=1)
    points[rows] = (sub + inc).astype(points.dtype)


def points_text(points: np.ndarray) -> list[str]:
    """'p1;p2;…' for every row, built as bytes in one go (points are single digits)."""
    n, t = points.shape
    chars = np.full((n, 2 * t - 1), ord(";"), dtype=np.uint8)
    chars[:, ::2] = points + ord("0")
    return chars.view(f"S{2 * t - 1}").ravel().astype(str).tolist()


def participant_codes(key: tuple[int, int], positions: np.ndarray) -> list[str]:
    """Distinct anonymous codes of roster positions: an affine bijection (``key`` = (a, b), a
    odd) of the positions modulo 2**32, in hex."""
    a, b = key
    values = (a * positions.astype(np.uint64) + b) % (2**32)
    return [f"P{v:08X}" for v in values.tolist()]


@dataclass
class Roster:
    """The pupils of one campaign (kind, year, grade) in every school of the world: school
    ``i``'s pupils are ``start[i] : start[i] + size[i]``, each with a participant code (distinct
    in the campaign, from ``code_key`` and the position) and the ability part shared by the
    campaign's subjects."""

    start: np.ndarray
    size: np.ndarray
    code_key: tuple[int, int]
    ability: np.ndarray

    def codes(self, positions: np.ndarray) -> list[str]:
        return participant_codes(self.code_key, positions)


def roster(rng: np.random.Generator, world: World, ins: Instrument) -> Roster:
    """The campaign's roster, drawn on its first procedure and kept in ``world.rosters``."""
    spec = ins.spec
    key = (spec.kind, spec.year, spec.grade)
    if key not in world.rosters:
        cohort = spec.year - spec.grade - FIRST_COHORT
        size = np.round(
            world.cohort_size[:, cohort] * world.cohort_drift[:, cohort, spec.year - world.years[0]]
        ).astype(int)
        total = int(size.sum())
        world.rosters[key] = Roster(
            start=np.cumsum(size) - size,
            size=size,
            code_key=(int(rng.integers(1, 2**31)) * 2 + 1, int(rng.integers(0, 2**32))),
            ability=rng.normal(0, PUPIL_SD * np.sqrt(SHARED_ABILITY), total),
        )
    return world.rosters[key]


def _attending(
    rng: np.random.Generator, pupils: Roster, idx: np.ndarray, counts: np.ndarray
) -> np.ndarray:
    """Roster positions of ``counts[k]`` pupils drawn at random from school ``idx[k]``'s roster,
    grouped by school in the order of ``idx`` (so ``np.repeat(arange, counts)`` matches)."""
    size = pupils.size[idx]
    if np.any(counts > size):
        raise ValueError("more participants than pupils on the campaign's roster")
    school = np.repeat(np.arange(idx.size), size)
    order = np.lexsort((rng.random(school.size), school))  # by school, then at random
    first = np.repeat(np.cumsum(size) - size, size)
    chosen = order[np.arange(order.size) - first < np.repeat(counts, size)]
    return pupils.start[idx][school[chosen]] + (chosen - first[chosen])


def aggregate(procedure_id: int, max_score: float, school_ids, local, score, mark) -> pd.DataFrame:
    """School rows of a procedure from its pupils (``local``: each pupil's school position)."""
    n = np.bincount(local, minlength=school_ids.size)
    mean = np.bincount(local, weights=score, minlength=school_ids.size) / n
    frame = pd.DataFrame(
        {
            "procedure_id": procedure_id,
            "school_id": school_ids,
            "participants": n,
            "mean_score": np.round(mean, 2),
            "mean_percent": np.round(100 * mean / max_score, 2),
        }
    )
    for m in (2, 3, 4, 5):
        frame[f"marks_{m}"] = np.bincount(local, weights=mark == m, minlength=school_ids.size)
        frame[f"marks_{m}"] = frame[f"marks_{m}"].astype(int)
    return frame


def pupil_level(
    rng: np.random.Generator, world: World, ins: Instrument, first_pupil_id: int
) -> ProcedureOutput:
    """Simulate every participant; store pupils and task means of pupil-level schools."""
    tasks = ins.tasks
    idx, counts, cohort = participants(rng, world, ins)
    local = np.repeat(np.arange(idx.size), counts)
    pupils = roster(rng, world, ins)
    who = _attending(rng, pupils, idx, counts)  # roster positions, one per participant
    own = PUPIL_SD * np.sqrt(1.0 - SHARED_ABILITY)  # the subject's part of the pupil's ability
    true = (
        np.repeat(_abilities(world, ins, idx, cohort), counts)
        + pupils.ability[who]
        + rng.normal(0, own, local.size)
    )
    theta = true + rng.normal(0, DAY_NOISE, local.size)
    points = ins_mod.sample_points(rng, theta, tasks)
    score = points.sum(axis=1)
    leniency = world.schools["_leniency"].to_numpy()[idx][local]
    journal_theta = true + leniency + rng.normal(0, JOURNAL_NOISE, local.size)
    journal = ins_mod.marks_of(ins_mod.expected_score(journal_theta, tasks), ins.cuts)
    journal[(journal == 2) & (rng.random(local.size) < 0.8)] = 3  # term "2"s are rare
    score = mechanisms.apply(rng, world, ins, idx, local, points, journal)  # inflated
    mark = ins_mod.marks_of(score, ins.cuts)
    school_ids = world.schools["id"].to_numpy()[idx]
    school_frame = aggregate(ins.id, ins.max_score, school_ids, local, score, mark)

    stored = world.schools["_pupil_level"].to_numpy()[idx][local]
    rows = np.flatnonzero(stored)
    pupils = pd.DataFrame(
        {
            "id": np.arange(first_pupil_id, first_pupil_id + rows.size),
            "procedure_id": ins.id,
            "school_id": school_ids[local[rows]],
            "participant_code": pupils.codes(who[rows]),
            "primary_score": score[rows].astype(float),
            "mark": mark[rows],
            "journal_mark": journal[rows],
            "task_points": points_text(points[rows]),
        }
    )
    skills = None
    if tasks.skill_codes is not None:
        keep = np.flatnonzero(np.bincount(local[rows], minlength=idx.size))
        sums = np.stack(
            [
                np.bincount(local[rows], weights=points[rows, t], minlength=idx.size)
                for t in range(tasks.max_points.size)
            ],
            axis=1,
        )
        n = np.bincount(local[rows], minlength=idx.size)
        pct = 100 * sums[keep] / (n[keep, None] * tasks.max_points[None, :])
        skills = pd.DataFrame(
            {
                "procedure_id": ins.id,
                "school_id": np.repeat(school_ids[keep], tasks.max_points.size),
                "task_number": np.tile(np.arange(1, tasks.max_points.size + 1), keep.size),
                "mean_percent": np.round(pct.ravel(), 2),
            }
        )
    return ProcedureOutput(school_frame, pupils, skills)


def school_level(rng: np.random.Generator, world: World, ins: Instrument) -> ProcedureOutput:
    """School aggregates without simulating pupils (ЕГЭ, НИКО, РИКО; everything at national scale).

    Pupils of a school are N(mean, PUPIL_SD² + DAY_NOISE²); the score distribution is
    integrated over them by Gauss–Hermite quadrature, the mark counts drawn from a multinomial
    and the mean score from its sampling distribution.  Without pupils, an inflated school's
    bias can only show as an ability shift of +0.3·λ.
    """
    idx, counts, cohort = participants(rng, world, ins)
    mean_theta = _abilities(world, ins, idx, cohort) + 0.3 * _inflation(world, ins, idx)
    sd_theta = np.sqrt(PUPIL_SD**2 + DAY_NOISE**2)
    grid = np.linspace(-7, 7, 281)
    g_mean, g_sd = ins_mod.score_moments(grid, ins)
    nodes = mean_theta[:, None] + sd_theta * _NODES[None, :]
    m = np.interp(nodes, grid, g_mean)
    sd = np.interp(nodes, grid, g_sd)
    expected = (m * _WEIGHTS).sum(axis=1)
    var = ((sd**2 + m**2) * _WEIGHTS).sum(axis=1) - expected**2
    observed = expected + rng.normal(0, 1, idx.size) * np.sqrt(np.maximum(var, 0) / counts)
    observed = np.clip(observed, 0, ins.max_score)
    probs = (ins_mod.mark_probabilities(m, sd, ins.cuts) * _WEIGHTS[None, :, None]).sum(axis=1)
    probs = np.clip(probs, 0, None)
    marks = rng.multinomial(counts, probs / probs.sum(axis=1, keepdims=True))
    frame = pd.DataFrame(
        {
            "procedure_id": ins.id,
            "school_id": world.schools["id"].to_numpy()[idx],
            "participants": counts,
            "mean_score": np.round(observed, 2),
            "mean_percent": np.round(100 * observed / ins.max_score, 2),
        }
    )
    for k in range(4):
        frame[f"marks_{k + 2}"] = marks[:, k]
    return ProcedureOutput(frame)
