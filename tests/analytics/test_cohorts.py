"""Cohort pairing: ВПР 8 → ОГЭ a year later, ВПР and diagnostic in the same year."""

import pandas as pd

from dashboard.analytics.cohorts import pair_procedures


def test_pairs_follow_the_cohort_not_the_calendar():
    procedures = pd.DataFrame(
        [
            (1, "vpr", "математика", 8, 2022),
            (2, "oge", "математика", 9, 2023),  # same cohort, one year later
            (3, "oge", "математика", 9, 2022),  # a different cohort
            (4, "oge", "русский язык", 9, 2023),  # other subject
            (5, "vpr", "математика", 7, 2023),
            (6, "diagnostic", "математика", 7, 2023),
            (7, "diagnostic", "математика", 7, 2024),
        ],
        columns=["id", "kind", "subject", "grade", "year"],
    )
    pairs = pair_procedures(procedures)
    assert sorted(zip(pairs["procedure_a"], pairs["procedure_b"], strict=True)) == [(1, 2), (5, 6)]
    assert set(pairs["subject"]) == {"математика"}


def test_no_pairs_without_the_second_procedure():
    procedures = pd.DataFrame(
        [(1, "vpr", "математика", 8, 2024)], columns=["id", "kind", "subject", "grade", "year"]
    )
    assert pair_procedures(procedures).empty
