"""The date a slide's footer gives for its data («данные на …»).

The latest moment results entered the database: a successful import, or a procedure's
`results_loaded_at`; a database filled without imports (the demo) falls back to the date the
latest procedure was held. Visible to every signed-in user: it names no school.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from dashboard.models import ImportRun, Procedure
from data_access import cache, database
from data_access.scope import Scope
from data_access.visibility import assessed_procedures


def _as_date(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and value:
        return dt.date.fromisoformat(value[:10])
    return None


def data_date(scope: Scope) -> dt.date | None:
    """The date of the newest data in the database (None when it holds no results)."""

    def compute() -> dt.date | None:
        with database.read() as conn:
            imported = conn.execute(
                select(func.max(ImportRun.at)).where(ImportRun.outcome == "success")
            ).scalar()
            loaded = conn.execute(
                select(func.max(Procedure.results_loaded_at)).where(assessed_procedures())
            ).scalar()
            held = conn.execute(
                select(func.max(Procedure.held_on)).where(assessed_procedures())
            ).scalar()
        dates = [d for d in (_as_date(imported), _as_date(loaded)) if d is not None]
        return max(dates) if dates else _as_date(held)

    return cache.cached(scope, "data_date", None, compute)
