"""Which procedures measured the same cohort of pupils, so their results can be compared.

A school's ВПР in grade 8 mathematics and its ОГЭ in mathematics a year later are written by
(mostly) the same pupils; so are a ВПР and the regional diagnostic of the same grade and year.
Objectivity monitoring and the cross-procedure view of `/procedures` both start here.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard import strings


@dataclass(frozen=True)
class CohortLink:
    """Procedure ``kind_a`` in ``grade_a`` is followed ``lag`` years later by ``kind_b``."""

    kind_a: str
    grade_a: int
    kind_b: str
    grade_b: int
    lag: int
    label: str  # Russian, for legends and reasons


# The external check comes second: ОГЭ and the regional diagnostic are marked outside the
# school, so they are the reference a school's own ВПР marking is compared with.
COHORT_LINKS: tuple[CohortLink, ...] = (
    CohortLink("vpr", 8, "oge", 9, 1, strings.PROC_COHORT_OGE.format(grade=8)),
    CohortLink("vpr", 7, "diagnostic", 7, 0, strings.PROC_COHORT_DIAGNOSTIC.format(grade=7)),
    CohortLink("vpr", 8, "diagnostic", 8, 0, strings.PROC_COHORT_DIAGNOSTIC.format(grade=8)),
    CohortLink("vpr", 6, "diagnostic", 6, 0, strings.PROC_COHORT_DIAGNOSTIC.format(grade=6)),
)

PAIR_COLUMNS = [
    "procedure_a",
    "procedure_b",
    "subject",
    "year_a",
    "year_b",
    "kind_a",
    "kind_b",
    "grade_a",
    "grade_b",
    "label",
]


def pair_procedures(
    procedures: pd.DataFrame, links: tuple[CohortLink, ...] = COHORT_LINKS
) -> pd.DataFrame:
    """Pairs of procedure ids that measured the same cohort in the same subject.

    ``procedures`` has columns id, kind, subject, grade, year (one row per procedure).
    """
    out = []
    for link in links:
        a = procedures[(procedures["kind"] == link.kind_a) & (procedures["grade"] == link.grade_a)]
        b = procedures[(procedures["kind"] == link.kind_b) & (procedures["grade"] == link.grade_b)]
        if a.empty or b.empty:
            continue
        a = a.assign(_year_b=a["year"] + link.lag)
        merged = a.merge(
            b, left_on=["subject", "_year_b"], right_on=["subject", "year"], suffixes=("_a", "_b")
        )
        for row in merged.itertuples(index=False):
            out.append(
                {
                    "procedure_a": int(row.id_a),
                    "procedure_b": int(row.id_b),
                    "subject": row.subject,
                    "year_a": int(row.year_a),
                    "year_b": int(row.year_b),
                    "kind_a": link.kind_a,
                    "kind_b": link.kind_b,
                    "grade_a": link.grade_a,
                    "grade_b": link.grade_b,
                    "label": link.label,
                }
            )
    return pd.DataFrame(out, columns=PAIR_COLUMNS)
