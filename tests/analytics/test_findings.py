"""Finding rules on small hand-made data; every expected number is worked out in a comment."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import pytest

from dashboard.analytics import findings as fd
from dashboard.analytics import school_flags
from dashboard.models import FINDING_KINDS

D = dt.date


def _check_shape(frame: pd.DataFrame) -> None:
    assert list(frame.columns) == fd.FINDING_COLUMNS
    assert str(frame["school_id"].dtype) == "Int64"
    assert str(frame["municipality_id"].dtype) == "Int64"
    assert set(frame["kind"]) <= set(FINDING_KINDS)


def test_kinds_are_the_models_kinds():
    assert set(fd.SCHOOL_KINDS) | {"overdue_roadmap_item"} == set(FINDING_KINDS)
    assert "resilient" not in fd.MUNICIPALITY_KINDS


# ------------------------------------------------------------------ low results


def _gaps(low_by_year: dict[int, list[int]], schools: int = 10) -> pd.DataFrame:
    """20 participants each; a school listed for a year gets gap −20 − id/10 (lowest), others
    gap = +id, so the bottom ceil(10 % × 10) = 1 school per year is exactly the listed one."""
    rows = []
    for year, low in low_by_year.items():
        for sid in range(1, schools + 1):
            gap = -20 - sid / 10 if sid in low else float(sid)
            rows.append({"school_id": sid, "year": year, "gap": gap, "participants": 20})
    return pd.DataFrame(rows)


def test_low_results_is_a_run_of_two_low_years_ending_at_the_year():
    # School 1 is lowest in 2022 and 2023 → ШНОР at 2023; school 2 only in 2021 → none.
    gaps = _gaps({2021: [2], 2022: [1], 2023: [1]})
    runs = school_flags.low_results(gaps)
    got = fd.low_results_findings(runs, gaps, 2023)
    _check_shape(got)
    assert got["school_id"].tolist() == [1]
    row = got.iloc[0]
    assert row["kind"] == "low_results" and row["level"] == "school" and row["year"] == 2023
    assert row["value"] == pytest.approx(-20.1)  # −20 − 1/10, its gap at 2023
    assert row["extra"] == "2022–2023"
    # At 2022 school 1 has been low for one year only: no finding.
    assert fd.low_results_findings(runs, gaps, 2022).empty


def test_low_results_takes_only_runs_ending_at_the_year():
    runs = {3: [(2021, 2022), (2022, 2023)], 4: [(2020, 2021)]}
    gaps = pd.DataFrame({"school_id": [3], "year": [2022], "gap": [-9.0], "participants": [30]})
    got = fd.low_results_findings(runs, gaps, 2022)
    assert got["school_id"].tolist() == [3] and got["extra"].tolist() == ["2021–2022"]
    assert got["value"].tolist() == [-9.0]


# ------------------------------------------------------------------ adverse conditions


def test_adverse_conditions_value_is_the_index_and_reference_the_cut():
    index = pd.Series({1: -1.2, 2: -0.3, 3: 0.5, 4: 0.1, 5: 0.9, 6: -0.1, 7: 0.4})
    # 15 % of 7 schools = 1.05 → ceil = 2 flagged: the two lowest, 1 (−1.2) and 2 (−0.3);
    # the cut is the higher of the two, −0.3.
    adverse = school_flags.adverse_conditions(index)
    got = fd.adverse_findings(index, adverse, 2024)
    _check_shape(got)
    assert got["school_id"].tolist() == [1, 2]
    assert got["value"].tolist() == [-1.2, -0.3]
    assert got["reference"].tolist() == [-0.3, -0.3]
    assert fd.adverse_findings(index, index.iloc[:0], 2024).empty


# ------------------------------------------------------------------ resilient


def test_resilient_findings_take_the_resilient_flag_with_its_bar():
    categories = pd.DataFrame(
        {"resilient": [True, False, True], "result": [61.0, 70.0, 58.0]},
        index=pd.Index([5, 6, 7], name="school_id"),
    ).assign(result_reference=55.0)
    got = fd.resilient_findings(categories, 2023)
    _check_shape(got)
    assert got["school_id"].tolist() == [5, 7]
    assert got["value"].tolist() == [61.0, 58.0]
    assert got["reference"].tolist() == [55.0, 55.0]
    assert set(got["kind"]) == {"resilient"}


# ------------------------------------------------------------------ bias confirmed


def test_bias_finding_needs_the_latest_review_to_be_confirmed():
    t = pd.Timestamp
    reviews = pd.DataFrame(
        [
            # school 1, ВПР 2023: new → under review → confirmed (latest): a finding.
            (1, 1, "vpr", 2023, "under_review", t("2023-09-01")),
            (2, 1, "vpr", 2023, "confirmed", t("2023-10-01")),
            # school 2: confirmed, later dismissed: no finding.
            (3, 2, "vpr", 2023, "confirmed", t("2023-09-01")),
            (4, 2, "vpr", 2023, "dismissed", t("2023-11-01")),
            # school 3: confirmed, but for 2022: not a finding of 2023.
            (5, 3, "vpr", 2022, "confirmed", t("2022-10-01")),
            # school 4, ОГЭ: two reviews at the same instant; the later id (confirmed) wins.
            (7, 4, "oge", 2023, "confirmed", t("2023-10-01")),
            (6, 4, "oge", 2023, "under_review", t("2023-10-01")),
        ],
        columns=["id", "school_id", "procedure_kind", "year", "to_status", "reviewed_at"],
    )
    got = fd.bias_findings(reviews, 2023)
    _check_shape(got)
    assert list(zip(got["school_id"], got["detail"], strict=True)) == [(1, "vpr"), (4, "oge")]
    assert fd.bias_findings(reviews, 2022)["school_id"].tolist() == [3]


# ------------------------------------------------------------------ deficits


def _context() -> pd.DataFrame:
    rows = []
    for year, v1, v2 in ((2022, 85.0, 9.0), (2023, 70.0, 7.0)):
        rows += [
            # staff with higher education, %: higher is better, catalogue norm 80.
            (1, year, "staff_higher_ed", v1, "higher_better", 80.0, math.nan, "conditions"),
            (2, year, "staff_higher_ed", 90.0, "higher_better", 80.0, math.nan, "conditions"),
            # pupils per computer: higher is worse, catalogue norm 10, the region's own 8.
            (1, year, "pupils_per_pc", v2, "higher_worse", 10.0, 8.0, "conditions"),
            (2, year, "pupils_per_pc", 12.0, "higher_worse", 10.0, 8.0, "conditions"),
            # no norm at all: below the median is never a deficit.
            (1, year, "library_books", 1.0, "higher_better", math.nan, math.nan, "conditions"),
            (2, year, "library_books", 9.0, "higher_better", math.nan, math.nan, "conditions"),
            # a social indicator is not a condition, whatever its norm.
            (1, year, "low_income", 90.0, "higher_worse", 10.0, math.nan, "social_conditions"),
        ]
    cols = ["school_id", "year", "indicator_code", "value", "direction", "norm", "region_norm"]
    return pd.DataFrame(rows, columns=[*cols, "group"])


def test_deficits_against_the_region_norm_else_the_catalogue_norm():
    got = fd.deficit_findings(_context(), 2024)  # the latest context year ≤ 2024 is 2023
    _check_shape(got)
    pairs = list(zip(got["school_id"], got["detail"], strict=True))
    # 2023: school 1 staff 70 < 80 (catalogue norm); school 2 has 12 > 8 pupils per computer
    # (region norm 8 wins over 10); school 1's 7 ≤ 8 is fine; library_books has no norm.
    assert pairs == [(1, "staff_higher_ed"), (2, "pupils_per_pc")]
    assert got["value"].tolist() == [70.0, 12.0]
    assert got["reference"].tolist() == [80.0, 8.0]
    assert got["extra"].tolist() == ["norm", "region_norm"]
    assert set(got["year"]) == {2024}


def test_deficits_use_the_context_of_the_year_not_a_later_one():
    got = fd.deficit_findings(_context(), 2022)
    # 2022: school 1 staff 85 ≥ 80 fine, but 9 > 8 pupils per computer; school 2 12 > 8.
    assert list(zip(got["school_id"], got["detail"], strict=True)) == [
        (1, "pupils_per_pc"),
        (2, "pupils_per_pc"),
    ]
    assert fd.deficit_findings(_context(), 2021).empty


# ------------------------------------------------------------------ weak skills


def _skills(**extra) -> pd.DataFrame:
    frame = pd.DataFrame(
        [
            (1, "math", "A", 40.0, 60.0, 25),
            (1, "math", "B", 45.0, 60.0, 25),
            (1, "math", "C", 50.0, 58.0, 400),
            (1, "math", "D", 30.0, 55.0, 25),
            (1, "russian", "E", 70.0, 72.0, 25),
            (2, "math", "A", 59.0, 60.0, 30),
        ],
        columns=["school_id", "subject", "skill_code", "school_percent", "region_percent", "n"],
    ).rename(columns={"n": "participants"})
    return frame.assign(**extra)


def test_weak_skill_needs_the_margin_and_a_gap_beyond_chance_over_the_subjects_skills():
    # SE of a percent = 100·√(p(1−p)/n); one-sided p of "no gap" = Φ(gap/SE); Holm over the
    # four math skills of school 1 at family-wise 0.025 (the one-sided half of 95 %):
    # A: gap 40 − 60 = −20, SE = 100·√(0.4·0.6/25) = 9.798, z = −2.041, p = 0.0206
    # B: gap −15, SE = 100·√(0.45·0.55/25) = 9.950, z = −1.508, p = 0.0658
    # C: gap −8, SE = 100·√(0.5·0.5/400) = 2.5, z = −3.2, p = 0.00069
    # D: gap −25, SE = 100·√(0.3·0.7/25) = 9.165, z = −2.728, p = 0.00319
    # Holm: C 0.00069 ≤ 0.025/4 = 0.00625 yes; D 0.00319 ≤ 0.025/3 = 0.00833 yes;
    # A 0.0206 ≤ 0.025/2 = 0.0125 no, so A and B stop there (A alone at 95 % would have passed).
    # Margin 10 p.p.: C's −8 is not enough. Weak: D only; value −25.
    # Russian, school 1: one skill, p = Φ(−2/9.165) = 0.41: nothing. School 2: gap −1: nothing.
    got = fd.weak_skill_findings(_skills(), 2024)
    _check_shape(got)
    assert len(got) == 1
    row = got.iloc[0]
    assert (row["school_id"], row["detail"], row["kind"]) == (1, "math", "weak_skill")
    assert row["value"] == pytest.approx(-25.0)
    assert row["extra"] == "D"


def test_holm_rejects_in_order_and_stops_at_the_first_failure():
    p = pd.Series([0.001, 0.012, 0.02, 0.0001, 0.03])
    groups = pd.DataFrame({"g": [1, 1, 1, 2, 2]})
    # group 1 (m = 3), alpha 0.05: 0.001 ≤ 0.0167 yes, 0.012 ≤ 0.025 yes, 0.02 ≤ 0.05 yes;
    # group 2 (m = 2): 0.0001 ≤ 0.025 yes, 0.03 ≤ 0.05 yes.
    assert fd.holm(p, groups, 0.05).tolist() == [True, True, True, True, True]
    # alpha 0.02: group 1: 0.001 ≤ 0.0067 yes, 0.012 ≤ 0.01 no, so 0.02 is not rejected
    # either although 0.02 ≤ 0.02; group 2: 0.0001 ≤ 0.01 yes, 0.03 ≤ 0.02 no.
    assert fd.holm(p, groups, 0.02).tolist() == [True, False, False, True, False]


def test_weak_skill_counts_the_regions_error_when_given():
    # With 25 region pupils as well, D: SE = √(9.165² + (100·√(0.55·0.45/25))²)
    # = √(84.0 + 99.0) = 13.53, z = −1.848, p = 0.032 > 0.025/4 and every other p is larger
    # (A: SE = √2·9.798 = 13.86, p = 0.074): nothing is weak.
    got = fd.weak_skill_findings(_skills(region_participants=25), 2024)
    assert got.empty
    # A wider margin (30) leaves nothing either. A smaller one (5) adds C (gap −8 ≤ −5, and
    # Holm kept it above); A and B are still not beyond chance.
    assert fd.weak_skill_findings(_skills(), 2024, margin=30).empty
    assert fd.weak_skill_findings(_skills(), 2024, margin=5)["extra"].tolist() == ["D, C"]


def test_weak_skill_ignores_other_years():
    assert fd.weak_skill_findings(_skills(year=2023), 2024).empty


# ------------------------------------------------------------------ falling trend


def test_falling_trend_needs_three_falls_and_five_points():
    rows = {
        1: [2.0, 0.0, -1.0, -4.0],  # falls every year, total −6: a finding
        2: [2.0, 0.0, 1.0, -5.0],  # rises in 2022: not monotone
        3: [1.0, 0.0, -1.0, -2.0],  # falls but only −3 in all
        4: [9.0, None, 3.0, 0.0],  # 2021 missing: span incomplete
        5: [8.0, 6.0, 4.0, 2.0],  # −6 but only 5 pupils in 2021: that year does not count
    }
    frame = pd.DataFrame(
        [
            {
                "school_id": sid,
                "year": 2020 + i,
                "gap": g,
                "participants": 5 if (sid, i) == (5, 1) else 20,
            }
            for sid, gaps in rows.items()
            for i, g in enumerate(gaps)
            if g is not None
        ]
    )
    got = fd.falling_trend_findings(frame, 2023)
    _check_shape(got)
    assert got["school_id"].tolist() == [1]
    row = got.iloc[0]
    assert row["value"] == -6.0  # −4 − 2
    assert row["reference"] == 2.0  # the gap in 2020
    assert row["extra"] == "2020–2023"
    # Two falls and 3 points: the span is 2021–2023. School 1: 0 → −1 → −4, total −4: yes;
    # 2: 0 → 1 rises; 3: total −2 > −3; 4: 2021 missing; 5: 2021 has 5 pupils, so missing.
    two = fd.falling_trend_findings(frame, 2023, steps=2, min_drop=3)
    assert two["school_id"].tolist() == [1]


# ------------------------------------------------------------------ overdue roadmap items


def test_overdue_items_by_municipality_or_region():
    items = pd.DataFrame(
        [
            (1, "1.1", "Семинар", 7, "in_progress", D(2024, 3, 1)),
            (2, "2.3", "Отчёт", None, "planned", D(2024, 5, 1)),
            (3, "1.2", "Done", 7, "done", D(2024, 1, 1)),
            (4, "1.3", "Later", 7, "planned", D(2024, 7, 1)),
            (1, "1.1", "Семинар", 7, "in_progress", D(2024, 4, 1)),  # a later occurrence
        ],
        columns=["id", "number", "title", "municipality_id", "status", "due_on"],
    )
    got = fd.overdue_findings(items, D(2024, 6, 10))
    _check_shape(got)
    assert got["detail"].tolist() == ["1", "2"]
    assert got["level"].tolist() == ["municipality", "region"]
    assert got["municipality_id"].tolist()[0] == 7 and pd.isna(got["municipality_id"].iloc[1])
    # 1 March → 10 June: 31 (March) + 30 (April) + 31 (May) + 9 = 101 days (the earliest
    # occurrence); 1 May → 10 June: 31 + 9 = 40 days.
    assert got["value"].tolist() == [101.0, 40.0]
    assert got["year"].tolist() == [2024, 2024]
    assert got["extra"].tolist()[0] == "1.1 Семинар"
    assert fd.overdue_findings(items, D(2024, 6, 10), year=2023)["year"].tolist() == [2023, 2023]
    assert fd.overdue_findings(items.iloc[:0], D(2024, 6, 10)).empty


# ------------------------------------------------------------------ municipality findings


def _school(kind: str, sid: int, detail: str | None = None, year: int = 2023) -> dict:
    return {"level": "school", "school_id": sid, "kind": kind, "detail": detail, "year": year}


def test_municipality_finding_needs_the_ratio_and_three_schools():
    # Municipality 1: schools 1–4; municipality 2: schools 5–10; region 10 schools.
    schools = pd.DataFrame({"school_id": range(1, 11), "municipality_id": [1] * 4 + [2] * 6})
    rows = (
        # low results: 1, 2, 3 (m1) and 5 (m2). Region 4/10 = 0.4; bar 1.5 × 0.4 = 0.6.
        # m1: 3/4 = 0.75 ≥ 0.6 and 3 schools → finding; m2: 1/6 → none.
        [_school("low_results", s) for s in (1, 2, 3, 5)]
        # deficit: school 1 twice (one school), 5, 6, 7. Region 4/10 = 0.4, bar 0.6;
        # m1 1/4 = 0.25; m2 3/6 = 0.5 < 0.6 → none.
        + [_school("deficit", 1, "a"), _school("deficit", 1, "b")]
        + [_school("deficit", s, "a") for s in (5, 6, 7)]
        # weak skill: 5–8. Region 0.4, bar 0.6; m2 4/6 = 0.667 → finding (extra 4).
        + [_school("weak_skill", s, "math") for s in (5, 6, 7, 8)]
        # falling trend: 1, 2. Region 0.2, bar 0.3; m1 2/4 = 0.5 but only 2 schools → none.
        + [_school("falling_trend", s) for s in (1, 2)]
        # resilient 1, 2, 3: a practice, never a municipality finding.
        + [_school("resilient", s) for s in (1, 2, 3)]
        # a school outside the list is ignored.
        + [_school("low_results", 99)]
    )
    got = fd.municipality_findings(fd.finding_frame(rows), schools)
    _check_shape(got)
    assert list(zip(got["kind"], got["municipality_id"], strict=True)) == [
        ("low_results", 1),
        ("weak_skill", 2),
    ]
    assert got["value"].tolist() == pytest.approx([0.75, 4 / 6])
    assert got["reference"].tolist() == pytest.approx([0.4, 0.4])
    assert got["extra"].tolist() == ["3", "4"]
    assert set(got["level"]) == {"municipality"} and got["school_id"].isna().all()


def test_municipality_finding_share_exactly_at_the_bar_counts():
    # m1: 3 of 5 = 0.6; region 4 of 10 = 0.4; 1.5 × 0.4 = 0.6 (within float rounding).
    schools = pd.DataFrame({"school_id": range(1, 11), "municipality_id": [1] * 5 + [2] * 5})
    rows = [_school("low_results", s) for s in (1, 2, 3, 6)]
    got = fd.municipality_findings(fd.finding_frame(rows), schools)
    assert got["municipality_id"].tolist() == [1]


def test_with_municipalities_fills_school_findings_only():
    frame = fd.finding_frame(
        [
            _school("low_results", 1),
            {"level": "region", "kind": "overdue_roadmap_item", "detail": "5", "year": 2024},
        ]
    )
    schools = pd.DataFrame({"school_id": [1, 2], "municipality_id": [30, 40]})
    got = fd.with_municipalities(frame, schools)
    assert got["municipality_id"].iloc[0] == 30 and pd.isna(got["municipality_id"].iloc[1])
    _check_shape(got)
