"""The signs added for mechanisms other than threshold bunching (issue 17 §3), each on a small
hand-made region where the right answer is written down before the function runs."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.stats import norm

from dashboard import rules
from dashboard.analytics import objectivity as ob
from dashboard.analytics.objectivity_stats import chi_bar_z
from tests.analytics.test_objectivity import _row


def _tasks(special: dict[int, float] | None = None, shift: float = 0.0) -> pd.DataFrame:
    """40 schools × one ВПР procedure × 10 tasks whose region rates run from 30 % to 75 %,
    with binomial noise for 40 pupils; school 99 gets ``special`` (task → percent) and its
    whole profile moved by ``shift`` on the logit scale."""
    rng = np.random.default_rng(3)
    base = np.linspace(0.30, 0.75, 10)
    rows = []
    for school in [*range(1, 41), 99]:
        logit = np.log(base / (1 - base)) + (shift if school == 99 else 0.0)
        rate = 1 / (1 + np.exp(-logit))
        observed = rng.binomial(40, rate) / 40
        for task, value in enumerate(observed, start=1):
            if school == 99 and special and task in special:
                value = special[task] / 100
            rows.append(
                {
                    "school_id": school,
                    "municipality_id": 1,
                    "procedure_id": 1,
                    "kind": "vpr",
                    "year": 2023,
                    "task_number": task,
                    "n": 40,
                    "mean_percent": 100 * value,
                }
            )
    return pd.DataFrame(rows)


def test_a_task_every_pupil_solves_where_the_region_solves_half_is_a_sign():
    # task 5 is solved by about half the region (≈ 50 %); school 99 gives everyone full points
    signs = ob.task_profile(_tasks({5: 100.0, 6: 100.0}))
    special = signs.set_index("school_id").loc[99]
    assert special["p"] < 1e-4
    assert special["value"] == pytest.approx(100.0)
    assert special["reference"] < 70
    honest = signs[signs["school_id"] != 99]
    assert (honest["p"] > 0.001).all()


def test_a_school_strong_on_every_task_is_not_a_task_sign():
    # the school's own level moves every expectation: a uniformly strong school is no outlier
    signs = ob.task_profile(_tasks(shift=1.0))
    assert signs.set_index("school_id").loc[99, "p"] > 0.05


def test_task_profile_skips_tasks_of_too_few_pupils():
    tasks = _tasks({5: 100.0})
    tasks.loc[tasks["school_id"] == 99, "n"] = rules.OBJECTIVITY_TASK_MIN_N - 1
    assert 99 not in set(ob.task_profile(tasks, min_pupils=1)["school_id"])


def _journal_region(special_2023: dict, special_2022: dict | None = None) -> pd.DataFrame:
    rows = []
    for year in (2022, 2023):
        for school in range(1, 41):
            wobble = school % 5 - 2
            rows.append(_row(school, year=year, lowered=25 + wobble, confirmed=60 - wobble))
        special = special_2023 if year == 2023 else (special_2022 or {})
        rows.append(_row(99, year=year, **special))
    return pd.DataFrame(rows)


def test_marks_moving_above_the_journal_since_the_first_year_is_a_sign():
    region = _journal_region({"lowered": 8, "confirmed": 57, "raised": 35})
    signs = ob.journal_shift(region)
    assert set(signs["year"]) == {2023}  # the first year is the baseline, not tested
    special = signs.set_index("school_id").loc[99]
    assert special["p"] < 1e-4
    assert special["value"] > special["reference"]


def test_a_school_whose_journal_was_always_strict_is_not_a_shift():
    # many raised marks in both years: the school's own way of marking, not a change
    strict = {"lowered": 8, "confirmed": 57, "raised": 35}
    signs = ob.journal_shift(_journal_region(strict, strict))
    assert signs.set_index("school_id").loc[99, "p"] > 0.05


def _cohort_results(inflated_municipality: int | None, one_school_jump: float = 0.0):
    """10 municipalities × 8 schools: ВПР 8 in 2023 and ОГЭ 9 in 2024 of the same cohort, both
    showing the school's own level; ``inflated_municipality`` adds 8 p.p. to every school's
    ВПР there, ``one_school_jump`` to the ВПР of one school of municipality 1."""
    rng = np.random.default_rng(5)
    rows = []
    for municipality in range(1, 11):
        for k in range(8):
            school = municipality * 100 + k
            level = rng.normal(55, 8)
            vpr = level + rng.normal(0, 2.5)
            if municipality == inflated_municipality:
                vpr += 8
            if municipality == 1 and k == 0:
                vpr += one_school_jump
            for procedure, kind, grade, year, value in (
                (1, "vpr", 8, 2023, vpr),
                (2, "oge", 9, 2024, level + rng.normal(0, 2.5)),
            ):
                rows.append(
                    {
                        "school_id": school,
                        "municipality_id": municipality,
                        "procedure_id": procedure,
                        "kind": kind,
                        "subject": "математика",
                        "grade": grade,
                        "year": year,
                        "participants": 60,
                        "mean_percent": value,
                    }
                )
    return pd.DataFrame(rows)


def test_a_municipality_whose_schools_all_inflate_stands_out():
    frame = ob.municipality_gap(_cohort_results(7), pd.Series(dtype=float))
    by = frame.set_index("municipality_id")
    assert by.loc[7, "p"] <= rules.OBJECTIVITY_MUNICIPALITY_ALPHA
    assert (by.drop(index=7)["p"] > rules.OBJECTIVITY_MUNICIPALITY_ALPHA).all()
    assert by.loc[7, "value"] > by.loc[7, "reference"] + 5


def test_one_inflating_school_does_not_make_its_municipality_suspicious():
    frame = ob.municipality_gap(_cohort_results(None, one_school_jump=40), pd.Series(dtype=float))
    assert frame.set_index("municipality_id").loc[1, "p"] > 0.05


def _signs(school_years: list[tuple[int, int]], municipal: dict[int, float]) -> pd.DataFrame:
    """Quiet score signs for every school-year and the municipality screen's p per
    municipality (2023 only)."""
    rows = []
    for school, municipality in school_years:
        for year in (2022, 2023):
            for sign in ("journal_lowered", "cohort_gap", "task_profile"):
                z = 0.1 * ((school * 7 + year) % 11 - 5)
                rows.append((school, municipality, year, sign, z))
        p = municipal[municipality]
        rows.append((school, municipality, 2023, "municipality_gap", float(norm.isf(p))))
    frame = pd.DataFrame(rows, columns=["school_id", "municipality_id", "year", "sign", "z"])
    frame["p"] = norm.sf(frame["z"])
    frame["suspicion"] = frame["z"]
    frame["n"] = 100
    frame["value"] = frame["reference"] = 0.0
    level = np.where(
        frame["sign"] == "municipality_gap",
        rules.OBJECTIVITY_MUNICIPALITY_ALPHA,
        rules.OBJECTIVITY_SIGN_ALPHA,
    )
    frame["triggered"] = frame["p"] <= level
    return frame


def test_every_school_of_a_flagged_municipality_is_flagged_with_that_reason():
    schools = [(s, 1 + s % 4) for s in range(1, 41)]
    risk = ob.school_risk(_signs(schools, {1: 0.5, 2: 1e-5, 3: 0.3, 4: 0.005}))
    current = risk[risk["year"] == 2023].set_index("school_id")
    in_two = [s for s, m in schools if m == 2]
    assert current.loc[in_two, "flagged"].all()
    assert current.loc[in_two, "municipality_flagged"].all()
    assert all("municipality_gap" in t for t in current.loc[in_two, "triggered"])
    others = current.drop(index=in_two)
    assert not others["flagged"].any()  # p = 0.005 is no municipality flag
    assert not risk[risk["year"] == 2022]["flagged"].any()


def test_chi_bar_z_for_one_sign_is_the_sign_itself():
    # k = 1: P(max(z, 0)² ≥ t) = P(z ≥ √t)
    z = chi_bar_z(pd.Series([4.0, 1.0, 0.0]), pd.Series([1, 1, 1]))
    assert z.iloc[0] == pytest.approx(2.0)
    assert z.iloc[1] == pytest.approx(1.0)
    assert z.iloc[2] == -8  # p = 1 when no sign is positive: the clipped floor


def test_chi_bar_z_matches_a_simulation():
    rng = np.random.default_rng(11)
    k = 6
    excess = (np.clip(rng.normal(size=(1_000_000, k)), 0, None) ** 2).sum(axis=1)
    cut = np.quantile(excess, [0.9, 0.99, 0.999])
    z = chi_bar_z(pd.Series(cut), pd.Series([k] * 3))
    assert norm.sf(z).tolist() == pytest.approx([0.1, 0.01, 0.001], rel=0.08)


def test_the_new_signs_are_worded_in_russian_on_the_page():
    from dashboard import strings
    from dashboard.figures import objectivity as views

    signs = pd.DataFrame(
        {
            "sign": ["journal_shift", "task_profile", "municipality_gap"],
            "n": [100, 100, 900],
            "value": [0.12, 100.0, 6.5],
            "reference": [0.01, 48.2, 0.3],
            "z": [3.5, 4.0, 5.0],
            "p": [2e-4, 3e-5, 3e-7],
            "triggered": [True, True, True],
        }
    )
    table = views.signs_table(signs)
    reasons = table[strings.OBJ_SIGNS_COLUMNS["reason"]].tolist()
    assert "12,0 п. п." in reasons[0]  # a share shown in percentage points
    assert "100,00 %" in reasons[1] and "48,20 %" in reasons[1]
    assert "все школы муниципалитета" in reasons[2]
    names = table[strings.OBJ_SIGNS_COLUMNS["sign"]].tolist()
    assert names == [strings.OBJ_SIGNS[s] for s in signs["sign"]]
    assert "p ≤ 0,001), отмечаются все его школы" in views.strength_note()
