"""How an inflated demo school biases its ВПР (issue 17 §3): several mechanisms, not one.

The objectivity detector must be judged on bias it was not built around, so the demo plants
six mechanisms, chosen at random per inflated school (see :func:`dashboard.demo.truth.plant`):

``bunching``        pupils whose ВПР mark is below their journal mark are raised, with
                    probability λ, to the threshold of the journal mark (+1 point with
                    probability 0.35); pupils with a journal 5 and a ВПР 4 or 5 get the maximal
                    score with probability 0.4·λ (the mechanism the first signs looked for).
``generous_tasks``  two to four tasks with 2 or more points (the ones a teacher marks by a
                    rubric), the same every year for a school × subject × grade, get full points
                    with probability λ for each pupil: the task's solve rate becomes
                    implausible, the rest of the paper is honest.
``uplift``          every pupil gets extra points, Poisson with mean 0.12·λ of the maximal
                    score, on randomly chosen tasks with room left.
``municipality``    ``uplift`` in every eligible school of one municipality (the whole
                    municipality inflates, so comparisons within it see nothing).
``copying``         a share λ of the pupils copy the paper of the school's best pupil of that
                    procedure; each copied task keeps the copier's own points with probability
                    0.15 (near-identical answer patterns).
``small_school``    one of bunching, generous_tasks, uplift and copying (``_via``) in a school
                    with 5–11 pupils per grade.

λ ~ U(0.35, 0.95) per school (per municipality for ``municipality``). Only ВПР is biased;
ОГЭ and the regional diagnostic are marked externally. What a mechanism did is measured while
it is applied: the mean rise of the school's ВПР percent (``_uplift_pp``, participant-weighted
over its inflated procedures) and the rise of the solve rate of the task that rose most in a
procedure (participant-weighted over the same procedures); see :func:`measured`.
"""

from __future__ import annotations

import numpy as np

from dashboard.demo import instruments as ins_mod
from dashboard.demo.instruments import Instrument
from dashboard.demo.world import World

MECHANISMS = ("bunching", "generous_tasks", "uplift", "municipality", "copying", "small_school")
# Mechanisms a small school may carry (whole-municipality inflation is not per school).
SMALL_VIA = ("bunching", "generous_tasks", "uplift", "copying")
UPLIFT_SHARE = 0.12  # Poisson mean of the extra points, × λ × maximal score
COPY_KEEP = 0.15  # probability that a copied task keeps the copier's own points


def add_columns(schools) -> None:
    """Columns of the planting and of its measurement (in place; idempotent)."""
    for column, empty in (
        ("_mechanism", ""),
        ("_via", ""),
        ("_uplift_sum", 0.0),
        ("_uplift_n", 0),
        ("_task_lift_sum", 0.0),
    ):
        if column not in schools:
            schools[column] = empty


def effective(schools) -> np.ndarray:
    """The mechanism each school actually applies (a small school's ``_via``)."""
    mech = schools["_mechanism"].to_numpy().astype(object)
    return np.where(mech == "small_school", schools["_via"].to_numpy(), mech)


def _generous_tasks(school_id: int, ins: Instrument) -> np.ndarray:
    """Indices of the 2–4 generously marked tasks: fixed per school × subject × grade."""
    points = ins.tasks.max_points
    open_tasks = np.flatnonzero(points >= 2)
    if open_tasks.size == 0:
        open_tasks = np.arange(points.size)
    seed = [int(school_id), ins.spec.grade, sum(map(ord, ins.spec.subject))]
    pick = np.random.default_rng(seed)
    k = min(open_tasks.size, int(pick.integers(2, 5)))
    return np.sort(pick.choice(open_tasks, size=k, replace=False))


def apply(
    rng: np.random.Generator,
    world: World,
    ins: Instrument,
    idx: np.ndarray,
    local: np.ndarray,
    points: np.ndarray,
    journal: np.ndarray,
) -> np.ndarray:
    """Bias the points of the participants of inflated schools (in place) and measure it.

    ``idx`` are the participating schools, ``local`` each pupil's position in ``idx``.
    Returns the pupils' scores after the bias.
    """
    from dashboard.demo.results import raise_points  # one module, no import cycle

    score = points.sum(axis=1)
    if ins.spec.kind != "vpr" or "_mechanism" not in world.schools:
        return score
    s = world.schools
    start = s["_inflated_from"].to_numpy()[idx]
    active = np.flatnonzero((start > 0) & (start <= ins.spec.year))
    if active.size == 0:
        return score
    tasks = ins.tasks
    mech = effective(s)[idx]
    lam_all = s["_inflation"].to_numpy()[idx]
    before = points.copy()
    order = np.argsort(local, kind="stable")
    bounds = np.searchsorted(local[order], np.arange(idx.size + 1))
    for j in active:
        rows = order[bounds[j] : bounds[j + 1]]
        if rows.size == 0:
            continue
        lam, how = float(lam_all[j]), mech[j]
        if how == "bunching":
            mark = ins_mod.marks_of(score[rows], ins.cuts)
            bump = rows[(mark < journal[rows]) & (rng.random(rows.size) < lam)]
            target = np.asarray(ins.cuts)[journal[bump] - 3] + (rng.random(bump.size) < 0.35)
            target = np.minimum(target, ins.max_score)
            raise_points(rng, points, bump, (target - score[bump]).astype(int), tasks.max_points)
            score[rows] = points[rows].sum(axis=1)
            mark = ins_mod.marks_of(score[rows], ins.cuts)
            full = rows[(mark >= 4) & (journal[rows] == 5) & (rng.random(rows.size) < 0.4 * lam)]
            points[full] = tasks.max_points
        elif how == "generous_tasks":
            chosen = _generous_tasks(int(s["id"].iat[idx[j]]), ins)
            hit = rng.random((rows.size, chosen.size)) < lam
            sub = points[np.ix_(rows, chosen)]
            points[np.ix_(rows, chosen)] = np.where(hit, tasks.max_points[chosen], sub)
        elif how in ("uplift", "municipality"):
            add = rng.poisson(UPLIFT_SHARE * lam * ins.max_score, rows.size)
            raise_points(rng, points, rows, add, tasks.max_points)
        elif how == "copying":
            source = rows[np.argmax(score[rows])]
            copiers = rows[(rng.random(rows.size) < lam) & (rows != source)]
            keep = rng.random((copiers.size, tasks.max_points.size)) < COPY_KEEP
            points[copiers] = np.where(keep, points[copiers], points[source][None, :])
        score[rows] = points[rows].sum(axis=1)
        _measure(s, idx[j], before[rows], points[rows], tasks.max_points)
    return score


def _measure(schools, row: int, before: np.ndarray, after: np.ndarray, max_points) -> None:
    """Accumulate the rise of the mean percent and the largest rise of a task's solve rate."""
    total = float(max_points.sum())
    rise = 100 * float((after.sum(axis=1) - before.sum(axis=1)).mean()) / total
    n = before.shape[0]
    task = 100 * (after.mean(axis=0) - before.mean(axis=0)) / max_points
    at = schools.index[row]
    schools.at[at, "_uplift_sum"] += rise * n
    schools.at[at, "_uplift_n"] += n
    schools.at[at, "_task_lift_sum"] += float(task.max()) * n


def measured(schools) -> tuple[np.ndarray, np.ndarray]:
    """Per school: measured rise of the ВПР percent and of the most-raised task's solve rate
    (both in percentage points, 0 where nothing was applied)."""
    n = schools["_uplift_n"].to_numpy(dtype=float)
    out = []
    for column in ("_uplift_sum", "_task_lift_sum"):
        total = schools[column].to_numpy(dtype=float)
        out.append(np.divide(total, n, out=np.zeros(n.size), where=n > 0))
    return out[0], out[1]
