"""The one procedure picker chain: kind → subject → grade → year(s), resolved in one step.

Every page that picks a procedure calls `resolve` from a single callback whose outputs are
all four pickers' options and values and whose inputs are their values: whichever picker the
user touched, the others are re-resolved at once (one round trip, not a waterfall of four),
keeping each current value while it is still offered. The default procedure is set here only.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
from dash import Output

from callbacks import inputs, query
from dashboard import rules, strings

DEFAULT_KIND = rules.DEFAULT_PROCEDURE_KIND
DEFAULT_SUBJECT = "математика"
#: The value of the «все предметы» / «все классы» entries where a page offers them.
ALL_SUBJECTS = "__all__"
ALL_GRADES = 0


@dataclass(frozen=True)
class ProcedurePick:
    """The resolved chain: the chosen values and the options each picker offers."""

    kind: str | None = None
    subject: str | None = None
    grade: int | None = None
    years: list[int] = field(default_factory=list)
    kind_options: list[dict] = field(default_factory=list)
    subject_options: list[dict] = field(default_factory=list)
    grade_options: list[dict] = field(default_factory=list)
    year_options: list[dict] = field(default_factory=list)

    @property
    def year(self) -> int | None:
        return self.years[-1] if self.years else None

    def outputs(self, multi_year: bool = False) -> tuple:
        """(kind options, kind, subject options, subject, grade options, grade, year options,
        year)."""
        return (
            self.kind_options,
            self.kind,
            self.subject_options,
            self.subject,
            self.grade_options,
            self.grade,
            self.year_options,
            self.years if multi_year else self.year,
        )


def options(values, labels: dict | None = None) -> list[dict]:
    """Dropdown options, labelled through `labels` where it has the value."""
    return [{"label": (labels or {}).get(v, str(v)), "value": v} for v in values]


def keep(values: list, wanted: object, default=None):
    """`wanted` if it is one of `values` (compared as text: URL values carry no type), else
    default."""
    for value in values:
        if wanted is not None and str(value) == str(wanted):
            return value
    return default


def chosen_years(value: object) -> list[int]:
    """Years from a multi-select, one year or the address's '2023,2024': valid ones, sorted."""
    return _years(value)


def _years(value: object) -> list[int]:
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, list):
        value = [value]
    found = {inputs.integer(v, 1990, 2100) for v in value[:20]}
    return sorted(y for y in found if y is not None)


def resolve(
    catalogue: pd.DataFrame,
    kind: object = None,
    subject: object = None,
    grade: object = None,
    years: object = None,
    *,
    multi_year: bool = False,
    all_subjects: bool = False,
    all_grades: bool = False,
) -> ProcedurePick:
    """Resolve the chain against `catalogue` (rows of kind, subject, grade, year in scope).

    A wanted value that is not offered falls back to the default: ВПР and mathematics when
    offered, else the first; the first grade; the latest year (all years when `multi_year`).
    """
    if catalogue.empty:
        return ProcedurePick()
    kinds = sorted(catalogue["kind"].unique().tolist())
    kind_value = keep(kinds, inputs.text(kind, 20), keep(kinds, DEFAULT_KIND, kinds[0]))
    rows = catalogue[catalogue["kind"] == kind_value]

    subjects = sorted(rows["subject"].unique().tolist())
    subject_default = ALL_SUBJECTS if all_subjects else keep(subjects, DEFAULT_SUBJECT, subjects[0])
    subject_value = keep(
        subjects + ([ALL_SUBJECTS] if all_subjects else []),
        inputs.text(subject, 100),
        subject_default,
    )
    if subject_value != ALL_SUBJECTS:
        rows = rows[rows["subject"] == subject_value]
    subject_options = options(subjects)
    if all_subjects:
        subject_options = [
            {"label": strings.RANK_ALL_SUBJECTS, "value": ALL_SUBJECTS},
            *subject_options,
        ]

    grades = sorted(int(g) for g in rows["grade"].unique())
    grade_default = ALL_GRADES if all_grades else grades[0]
    grade_value = keep(
        grades + ([ALL_GRADES] if all_grades else []), inputs.integer(grade, 0, 12), grade_default
    )
    if grade_value != ALL_GRADES or not all_grades:
        rows = rows[rows["grade"] == grade_value]
    grade_options = options(grades)
    if all_grades:
        grade_options = [{"label": strings.RANK_ALL_GRADES, "value": ALL_GRADES}, *grade_options]

    offered = sorted(int(y) for y in rows["year"].unique())
    wanted = [y for y in _years(years) if y in offered]
    if not multi_year:
        wanted = wanted[-1:]
    chosen = wanted or (offered if multi_year else offered[-1:])
    return ProcedurePick(
        kind_value,
        subject_value,
        grade_value,
        chosen,
        options(kinds, strings.PROCEDURE_KINDS),
        subject_options,
        grade_options,
        options(offered),
    )


def chain_outputs(*controls: str) -> list[Output]:
    """The one picker callback's outputs: each control's options and value, in `outputs()` order."""
    return [Output(control, prop) for control in controls for prop in ("options", "value")]


def resolve_asked(
    catalogue: pd.DataFrame,
    search: object,
    kind: object = None,
    subject: object = None,
    grade: object = None,
    years: object = None,
    *,
    year_name: str = "year",
    **resolve_options,
) -> ProcedurePick:
    """`resolve` for a page whose address carries the procedure: until a picker holds a value,
    the address's `?kind=…&subject=…&grade=…&<year_name>=…` is wanted in its place."""
    asked = query.from_query(search)
    return resolve(
        catalogue,
        *(
            query.wanted(value, asked, name)
            for value, name in (
                (kind, "kind"),
                (subject, "subject"),
                (grade, "grade"),
                (years, year_name),
            )
        ),
        **resolve_options,
    )
