"""What is computed at import time and stored for the pages (see data_access.derived).

`refresh` runs after an import commits (in the import job, whose progress /admin/imports
shows), at the end of `oko demo` and in `oko refresh`: for every region (and, in a one-region
database, for the admin's whole-database view) the objectivity detection, the schools' flags
and latest results, the default rankings fit and the small-number suppression plans. A failure
leaves the store empty and the pages computing, as before the store existed; it never fails
the import, which has committed.
"""

from __future__ import annotations

import logging
import time

from sqlalchemy import select

from dashboard.models import Region
from data_access import (
    cache,
    database,
    derived,
    findings,
    objectivity,
    pd_order,
    rankings,
    school_profile,
    schools,
    suppression,
)
from data_access.scope import Scope

log = logging.getLogger(__name__)

# Each producer returns (name, args, value) triples for one region's internal scope.
PRODUCERS = (
    school_profile.derived_results,
    objectivity.derived_results,
    rankings.derived_results,
    schools.derived_results,
    findings.derived_results,
    pd_order.derived_results,
    suppression.derived_results,
)


def system_scopes() -> list[Scope]:
    """The internal region scopes the pages use (data_access.visibility.region_scope)."""
    with database.read() as conn:
        regions = list(conn.execute(select(Region.id).order_by(Region.id)).scalars())
    return [Scope(login="system:region", role="region", region_id=r) for r in regions]


# The admin's internal scope (no region): the whole database.
WHOLE_DATABASE = Scope(login="system:region", role="admin", region_id=None)


def refresh(*, invalidate: bool = True) -> dict[str, float]:
    """Compute and store every derived result; seconds per producer, labelled by the names it
    stores (empty when an import committed meanwhile: that import's own refresh stores them).

    `invalidate=False` after an import: its transaction already replaced the data version with
    the data, so whatever pages cached since then was computed from the new data; a second
    replacement would only send every page back to computing (a second cold start under load).
    """
    if invalidate:  # data written without a version change (the demo, `oko refresh`)
        cache.invalidate()
    with database.read() as conn:
        mark = derived.import_mark(conn)
    timings: dict[str, float] = {}
    results: list[tuple[str, dict, object]] = []
    scopes = system_scopes()
    with derived.recomputing():
        for scope in scopes:
            for produce in PRODUCERS:
                started = time.perf_counter()
                try:
                    produced = produce(scope)
                except (ValueError, ArithmeticError):  # e.g. a model that cannot be fitted
                    log.warning("derived result skipped for %s", scope.key, exc_info=True)
                    continue
                label = ", ".join(dict.fromkeys(name for name, _args, _value in produced))
                timings[label] = timings.get(label, 0.0) + time.perf_counter() - started
                results += produced
    if len(scopes) == 1:  # the admin's whole database is the one region: the same results
        results += [(name, {**args, "scope": WHOLE_DATABASE.key}, v) for name, args, v in results]
    return timings if derived.replace(results, mark) else {}
