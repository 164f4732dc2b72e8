"""The `/rankings` selection: the outcome (kind, subject or all, grade or all, year), the
covariates, the model level and the open chart tab, parsed defensively from the controls or
the address and written back as `?kind=…&subject=…&grade=…&year=…&covariates=…&level=…&tab=…`
(and `&schools=own|all` when a municipality user's table differs from its default)."""

from __future__ import annotations

from dataclasses import dataclass

from callbacks import inputs
from callbacks.procedure_selection import ProcedureSelection, procedure_fields
from callbacks.query import from_query, to_query
from dashboard import rules
from dashboard.ids import Rankings as ids
from data_access.rankings import LEVELS

#: How the address says «no covariates» (an empty value would read as «not given»).
NO_COVARIATES = "none"
#: The chart tabs (`ids.TABS.active_tab`); the first is the default.
TABS = tuple(ids.CHARTS)
#: What a municipality user's table holds: its own schools or the whole region.
TABLE_SCOPES = ("own", "all")


def covariate_codes(value: object) -> tuple[str, ...] | None:
    """Covariate codes from a checklist (a list) or the address ('a,b'); None when not given.

    Codes are only shaped here (short strings); whether they are offered is checked against
    data_access by the callback."""
    if isinstance(value, str):
        value = [] if value == NO_COVARIATES else value.split(",")
    if not isinstance(value, list | tuple):
        return None
    return tuple(dict.fromkeys(c for c in value[:30] if inputs.text(c, 60)))


@dataclass(frozen=True)
class Selection(ProcedureSelection):
    covariates: tuple[str, ...] = rules.RANKINGS_DEFAULT_COVARIATES
    level: str = rules.RANKINGS_DEFAULT_LEVEL
    tab: str = TABS[0]  # the chart shown (only the open tab's chart is drawn)
    #: A municipality user's table: "own" (its schools) or "all"; None: the role's default.
    schools: str | None = None

    @classmethod
    def parse(
        cls,
        kind=None,
        subject=None,
        grade=None,
        year=None,
        covariates=None,
        level=None,
        tab=None,
        schools=None,
    ) -> Selection:
        """From raw control values (any JSON): anything malformed becomes the default."""
        codes = covariate_codes(covariates)
        tab = inputs.text(tab, 20)
        return cls(
            **procedure_fields(kind, subject, grade, year),
            covariates=rules.RANKINGS_DEFAULT_COVARIATES if codes is None else codes,
            level=level if level in LEVELS else rules.RANKINGS_DEFAULT_LEVEL,
            tab=tab if tab in TABS else TABS[0],
            schools=schools if schools in TABLE_SCOPES else None,
        )

    @classmethod
    def from_search(cls, search: object) -> Selection:
        """From the address bar's `?…` (unknown names ignored): the inverse of `query`."""
        query = from_query(search)
        names = ("kind", "subject", "grade", "year", "covariates", "level", "tab", "schools")
        return cls.parse(*(query.get(name) for name in names))

    @property
    def complete(self) -> bool:
        return self.procedure_complete

    def query(self) -> str:
        return to_query(
            {
                **self.procedure_query(),
                "covariates": list(self.covariates) or NO_COVARIATES,
                "level": self.level,
                "tab": self.tab,
                "schools": self.schools,
            }
        )
