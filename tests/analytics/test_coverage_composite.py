"""Coverage of the composite's 95 % intervals (issue 17, §2), by repeated simulation.

A composite pools a pupil's subjects. Every replication draws 150 schools of 5–120 pupils; each
pupil sits 3 subjects (a tenth only 2) whose scores share the pupil's ability, so within a
school two subjects of one pupil correlate 0.66 (`RHO`). The school's true effect `u_j` is the
same in every subject; the subjects differ in their regional means. The composite is one
outcome per pupil (the mean of the pupil's subjects, each centred on its regional mean, as
data_access.rankings builds it), so a school's n is its distinct pupils. Both levels of
/rankings are fitted: the pupil model from each school's sums of the pupils' composites, and
the school model (Fay–Herriot) on one row per school with the SD of its pupils' composites.

The previous composite took each pupil's subject rows as different pupils (n = pupil × subject
rows); on these data its intervals covered the true effects about 81 % of the time (the test
measures it as well and reports it).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from dashboard.analytics import school_effects

SEED = 20261127
REPLICATIONS = 200
SCHOOLS = 150
SUBJECTS = 3
RHO = 0.66  # within-school correlation of two subjects of one pupil
TAU = 5.0  # percentage points between schools
PUPIL_SD = 18.0  # one subject's pupil SD within a school
SUBJECT_MEANS = (48.0, 60.0, 55.0)


def _replication(rng: np.random.Generator) -> tuple[pd.DataFrame, np.ndarray]:
    """Pupil × subject rows: school, pupil, subject, y; and the true effects."""
    n = rng.integers(5, 121, SCHOOLS)
    u = TAU * rng.standard_normal(SCHOOLS)
    social = rng.standard_normal(SCHOOLS)
    school = np.repeat(np.arange(SCHOOLS), n)
    pupils = school.size
    shared = np.sqrt(RHO) * rng.standard_normal(pupils)
    own = np.sqrt(1 - RHO) * rng.standard_normal((pupils, SUBJECTS))
    y = (
        np.asarray(SUBJECT_MEANS)[None, :]
        + (3.0 * social + u)[school][:, None]
        + PUPIL_SD * (shared[:, None] + own)
    )
    took = np.ones((pupils, SUBJECTS), dtype=bool)
    took[rng.random(pupils) < 0.1, 2] = False
    p, k = np.nonzero(took)
    rows = pd.DataFrame({"school": school[p], "pupil": p, "subject": k, "y": y[p, k]})
    rows["social"] = social[rows["school"]]
    return rows, u


def _composite_sums(rows: pd.DataFrame) -> pd.DataFrame:
    """Per school: distinct pupils, sum and sum of squares of the pupils' composites."""
    centred = rows["y"] - rows.groupby("subject")["y"].transform("mean")
    pupil = centred.groupby([rows["school"], rows["pupil"]]).mean().rename("c").reset_index()
    sums = pupil.groupby("school")["c"].agg(n="size", y_sum="sum")
    sums["y_sq"] = (pupil["c"] ** 2).groupby(pupil["school"]).sum()
    return sums


def _row_sums(rows: pd.DataFrame) -> pd.DataFrame:
    """The previous composite: every pupil × subject row counted as a pupil."""
    c = rows["y"] - rows.groupby("subject")["y"].transform("mean")
    g = c.groupby(rows["school"])
    return pd.DataFrame(
        {"n": g.size(), "y_sum": g.sum(), "y_sq": (c**2).groupby(rows["school"]).sum()}
    )


def _pupil_fit(sums: pd.DataFrame, social: pd.Series) -> pd.DataFrame:
    frame = sums.join(social).rename_axis("school").reset_index()
    return school_effects.fit_school_sums(frame, ["social"], n_sim=0).effects


def _school_fit(sums: pd.DataFrame, social: pd.Series) -> pd.DataFrame:
    frame = sums.join(social).rename_axis("school").reset_index()
    frame["y"] = frame["y_sum"] / frame["n"]
    frame["sd"] = school_effects.pupil_sd_from_sums(frame["n"], frame["y_sum"], frame["y_sq"])
    return school_effects.fit(
        frame, "y", ["social"], weights="n", sampling_sd="sd", n_sim=0
    ).effects


def _covered(effects: pd.DataFrame, u: np.ndarray) -> np.ndarray:
    truth = u[effects.index.to_numpy()]
    return ((effects["ci_low"] <= truth) & (truth <= effects["ci_high"])).to_numpy()


@pytest.fixture(scope="module")
def simulation() -> dict:
    rng = np.random.default_rng(SEED)
    hits: dict[str, list] = {"pupil": [], "school": [], "rows": []}
    correlations = []
    for _ in range(REPLICATIONS):
        rows, u = _replication(rng)
        social = rows.groupby("school")["social"].first()
        sums = _composite_sums(rows)
        hits["pupil"].append(_covered(_pupil_fit(sums, social), u))
        hits["school"].append(_covered(_school_fit(sums, social), u))
        hits["rows"].append(_covered(_pupil_fit(_row_sums(rows), social), u))
        residual = rows["y"] - rows.groupby(["school", "subject"])["y"].transform("mean")
        wide = residual.groupby([rows["pupil"], rows["subject"]]).first().unstack()
        correlations.append(wide[0].corr(wide[1]))
    return {
        **{k: np.concatenate(v).mean() for k, v in hits.items()},
        "rho": float(np.mean(correlations)),
    }


def test_the_simulated_subjects_correlate_as_intended(simulation):
    assert abs(simulation["rho"] - RHO) < 0.02


@pytest.mark.parametrize("level", ["pupil", "school"])
def test_composite_intervals_cover_the_true_effects_95_percent_of_the_time(simulation, level):
    coverage, before = simulation[level], simulation["rows"]
    print(
        f"\ncomposite, {level} level, one outcome per pupil: coverage {coverage:.2%}; "
        f"subject rows as pupils: {before:.2%} ({REPLICATIONS} x {SCHOOLS} schools, seed {SEED})"
    )
    assert 0.93 <= coverage <= 0.97


def test_subject_rows_taken_as_pupils_undercover(simulation):
    """The case the change removes: the same pupils' subjects counted as different pupils."""
    assert simulation["rows"] < 0.9
