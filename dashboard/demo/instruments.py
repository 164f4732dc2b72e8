"""Test instruments: procedures, their tasks and skills, and the response model of pupils.

Response model (graded logistic): a task with ``m`` points has steps ``k = 1..m`` at
``difficulty + offset_k``; a pupil of ability θ reaches step ``k`` with probability
``sigmoid(1.0·(θ − step_k))``.  One uniform number per pupil and task decides how many
steps are reached, so points never skip a step.  ЕГЭ (test score 0–100) is modelled
directly as ``100·sigmoid(0.9·(θ + shift))`` plus normal noise with SD 9.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.special import expit, ndtr

from dashboard.demo import skills as sk

DISCRIMINATION = 1.0
STEP_SPREAD = 0.35
EGE_SLOPE, EGE_NOISE = 0.9, 9.0
EGE_SHIFT = {sk.MATH_PROFILE: -0.55, sk.RUSSIAN: 0.5}  # region means near 57 and 68 points
# Mean task difficulty by (kind, subject); ОГЭ in Russian is the easier paper.
DIFFICULTY = {("oge", sk.MATH): 0.0, ("oge", sk.RUSSIAN): -0.9, ("diagnostic", sk.MATH): 0.05}


@dataclass(frozen=True)
class TaskSet:
    """Tasks of one subject and grade (shared by every year of that procedure)."""

    max_points: np.ndarray  # (tasks,)
    steps: np.ndarray  # (tasks, max steps) difficulty of each step; +inf where absent
    skill_codes: tuple[str, ...] | None
    skill_names: tuple[str, ...] | None

    @property
    def max_score(self) -> int:
        return int(self.max_points.sum())


def _task_set(rng: np.random.Generator, spec: sk.ProcedureSpec) -> TaskSet | None:
    if spec.kind == "ege":
        return None
    if spec.kind == "oge":
        points = np.array(sk.OGE_TASKS[spec.subject])
    else:
        n_tasks = int(rng.integers(10, 21))
        points = rng.choice([1, 2, 3], size=n_tasks, p=[0.5, 0.3, 0.2])
    shift = DIFFICULTY.get((spec.kind, spec.subject), -0.25)
    difficulty = rng.normal(shift, 0.7, points.size)
    steps = np.full((points.size, points.max()), np.inf)
    for t, m in enumerate(points):
        offsets = np.linspace(-STEP_SPREAD * (m - 1), STEP_SPREAD * (m - 1), m) if m > 1 else [0.0]
        steps[t, :m] = difficulty[t] + np.asarray(offsets) / max(1, m / 3)
    names = sk.SKILLS.get(spec.subject)
    if names is None or spec.kind in ("niko", "riko"):
        return TaskSet(points, steps, None, None)
    letter = sk.SKILL_LETTER[spec.subject]
    prefix = {"diagnostic": "D", "oge": "G"}.get(spec.kind, "")
    # Skills of the grade in codifier order; a long test re-assesses a few of them.
    pool = np.array(sk.skills_for_grade(spec.subject, spec.grade))
    picks = rng.choice(pool, size=min(points.size, pool.size), replace=False)
    if picks.size < points.size:
        picks = np.concatenate([picks, rng.choice(pool, points.size - picks.size)])
    picks = np.sort(picks)
    codes = tuple(f"{prefix}{letter}{spec.grade}.{k + 1:02d}" for k in picks)
    return TaskSet(points, steps, codes, tuple(names[k] for k in picks))


def thresholds(spec: sk.ProcedureSpec, max_score: int) -> tuple[float, float, float]:
    if spec.kind == "oge":
        return sk.OGE_THRESHOLDS[spec.subject]
    if spec.kind == "ege":
        return sk.EGE_THRESHOLDS[spec.subject]
    shares = sk.THRESHOLD_SHARES.get(spec.subject, sk.DEFAULT_THRESHOLD_SHARES)
    return tuple(float(max(1, math.floor(s * max_score + 0.5))) for s in shares)


@dataclass(frozen=True)
class Instrument:
    """A procedure with its id, thresholds and (unless ЕГЭ) task set."""

    id: int
    spec: sk.ProcedureSpec
    tasks: TaskSet | None
    max_score: float
    cuts: tuple[float, float, float]  # primary/test score needed for marks 3, 4, 5


def make_instruments(rng: np.random.Generator, specs: list[sk.ProcedureSpec]) -> list[Instrument]:
    """One instrument per spec; task structure drawn once per kind, subject and grade."""
    sets: dict[tuple, TaskSet | None] = {}
    out = []
    for pid, spec in enumerate(specs, start=1):
        key = (spec.kind, spec.subject, spec.grade)
        if key not in sets:
            sets[key] = _task_set(rng, spec)
        tasks = sets[key]
        max_score = 100 if tasks is None else tasks.max_score
        out.append(Instrument(pid, spec, tasks, float(max_score), thresholds(spec, max_score)))
    return out


def procedure_frames(instruments: list[Instrument]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Rows of tables ``procedure`` and ``procedure_task``."""
    procs, tasks = [], []
    for ins in instruments:
        s = ins.spec
        procs.append(
            {
                "id": ins.id,
                "code": s.code,
                "kind": s.kind,
                "subject": s.subject,
                "grade": s.grade,
                "year": s.year,
                "held_on": dt.date(s.year, *s.held_on),
                "max_score": ins.max_score,
                "threshold_3": ins.cuts[0],
                "threshold_4": ins.cuts[1],
                "threshold_5": ins.cuts[2],
                "community_content": s.community_content,
            }
        )
        if ins.tasks is not None and ins.tasks.skill_codes is not None:
            for t, (m, code, name) in enumerate(
                zip(
                    ins.tasks.max_points, ins.tasks.skill_codes, ins.tasks.skill_names, strict=True
                ),
                start=1,
            ):
                tasks.append(
                    {
                        "procedure_id": ins.id,
                        "task_number": t,
                        "max_points": float(m),
                        "skill_code": code,
                        "skill_name": name,
                    }
                )
    return pd.DataFrame(procs), pd.DataFrame(tasks)


def step_probabilities(theta: np.ndarray, tasks: TaskSet) -> np.ndarray:
    """(pupils, tasks, steps) probability of reaching each step."""
    return expit(DISCRIMINATION * (theta[:, None, None] - tasks.steps[None, :, :]))


def sample_points(rng: np.random.Generator, theta: np.ndarray, tasks: TaskSet) -> np.ndarray:
    """(pupils, tasks) points earned, as small integers."""
    p = step_probabilities(theta, tasks)
    u = rng.random((theta.size, tasks.max_points.size, 1))
    return (u < p).sum(axis=2).astype(np.int8)


def expected_score(theta: np.ndarray, tasks: TaskSet) -> np.ndarray:
    return step_probabilities(theta, tasks).sum(axis=(1, 2))


def score_moments(theta: np.ndarray, ins: Instrument) -> tuple[np.ndarray, np.ndarray]:
    """Mean and SD of the score given ability (for school-level-only generation)."""
    if ins.tasks is None:
        mean = 100 * expit(EGE_SLOPE * (theta + EGE_SHIFT[ins.spec.subject]))
        return mean, np.full(theta.shape, EGE_NOISE)
    p = step_probabilities(theta, ins.tasks)
    mean = p.sum(axis=(1, 2))
    # Points of a task = number of steps reached; P(points >= k) = p_k (steps are nested).
    k = np.arange(1, p.shape[2] + 1)
    second = ((2 * k - 1) * p).sum(axis=2)
    var = (second - p.sum(axis=2) ** 2).sum(axis=1)
    return mean, np.sqrt(np.maximum(var, 1e-6))


def marks_of(score: np.ndarray, cuts: tuple[float, float, float]) -> np.ndarray:
    return (2 + (score >= cuts[0]) + (score >= cuts[1]) + (score >= cuts[2])).astype(np.int8)


def mark_probabilities(mean: np.ndarray, sd: np.ndarray, cuts) -> np.ndarray:
    """(n, 4) probabilities of marks 2..5 for a normal score (continuity-corrected)."""
    at_least = [np.ones_like(mean)] + [1 - ndtr((c - 0.5 - mean) / sd) for c in cuts]
    at_least.append(np.zeros_like(mean))
    return np.stack([at_least[i] - at_least[i + 1] for i in range(4)], axis=-1)
