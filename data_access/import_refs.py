"""What every import writer shares: code → id references, the error stop, the row records.

Internal: only data_access.imports.run_import (which checks who imports) and the writers use it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from sqlalchemy import Connection, select

from dashboard import strings
from dashboard.ingest import Parsed
from dashboard.models import (
    ExpertiseDirection,
    Indicator,
    Municipality,
    PdProgramme,
    Procedure,
    Region,
    School,
)

#: What a writer returns: (inserted, updated, unchanged).
Counts = tuple[int, int, int]


class Rejected(Exception):
    """Errors found while checking references; the transaction is rolled back."""


def stop_on_errors(parsed: Parsed) -> None:
    if parsed.error_count:
        raise Rejected


class Refs:
    """Code → id maps loaded once per import; unknown codes become errors on their line."""

    def __init__(
        self,
        conn: Connection,
        parsed: Parsed,
        on_checked: Callable[[], None] | None = None,
        login: str = "import",
        region_id: int | None = None,
    ) -> None:
        self.conn = conn
        self.parsed = parsed
        self.login = login  # who imports: written where a writer keeps history (roadmap statuses)
        self.region_id = region_id  # the importer's region (None: an admin, every region)
        self.on_checked = on_checked
        self._cache: dict[str, dict] = {}

    def checked(self) -> None:
        """Stop on reference errors; otherwise report that writing begins (progress hook)."""
        stop_on_errors(self.parsed)
        if self.on_checked is not None:
            self.on_checked()

    def _map(self, name: str, *columns) -> dict:
        if name not in self._cache:  # build the statement only once: this runs per row
            self._cache[name] = {
                row[0]: row[1] if len(row) == 2 else tuple(row[1:])
                for row in self.conn.execute(select(*columns))
            }
        return self._cache[name]

    def schools(self) -> dict:
        return self._cache.get("school") or self._map("school", School.school_code, School.id)

    def procedures(self) -> dict:
        return self._cache.get("procedure") or self._map(
            "procedure", Procedure.code, Procedure.id, Procedure.max_score
        )

    def municipalities(self) -> dict:
        return self._map("municipality", Municipality.code, Municipality.id)

    def indicators(self) -> dict:
        return self._map("indicator", Indicator.code, Indicator.code)

    def indicator_groups(self) -> dict:
        return self._map("indicator_group", Indicator.code, Indicator.group)

    def regions(self) -> dict:
        return self._map("region", Region.code, Region.id)

    def programmes(self) -> dict:
        return self._map("programme", PdProgramme.programme_code, PdProgramme.id)

    def directions(self) -> dict:
        return self._map("direction", ExpertiseDirection.code, ExpertiseDirection.code)

    def need(self, mapping: dict, code, line: int, column: str, what: str):
        """What `code` maps to; if nothing, an error naming `what` (a key of
        strings.INGEST_REFERENCES) is recorded and None returned."""
        if code is None:
            return None
        found = mapping.get(code)
        if found is None:
            name = strings.INGEST_REFERENCES[what]
            self.parsed.error(
                line, column, strings.INGEST_UNKNOWN_REFERENCE.format(what=name, code=code)
            )
        return found


def records(parsed: Parsed) -> Iterable[tuple[int, dict]]:
    names = parsed.fields
    for line, row in zip(parsed.lines, parsed.rows, strict=True):
        yield line, dict(zip(names, row, strict=True))


def counts(result: tuple[list, list, int]) -> Counts:
    """Counts from bulk_upsert.upsert's (new keys, changed keys, unchanged count)."""
    return len(result[0]), len(result[1]), result[2]
