"""Write a validated file (dashboard.ingest.Parsed) in one transaction, recording the run.

All-or-nothing: references are checked inside the transaction; any error rolls everything
back. Idempotent: rows are upserted on their natural key, and only new or changed rows are
written, so re-importing a file reports every row unchanged. Admins only, except a region's
norms (REGION_KINDS), which the region's own users import for their region.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import select

from dashboard import strings
from dashboard.ingest import Issue, Parsed
from dashboard.models import Procedure
from data_access import audit, cache, database, derived, import_runs, precompute, summaries
from data_access.import_refs import Refs, Rejected, stop_on_errors
from data_access.import_runs import RUN_COLUMNS, list_runs
from data_access.import_writers import SUPPORTED_KINDS, WRITERS
from data_access.scope import OutOfScope, Scope

log = logging.getLogger(__name__)

__all__ = [
    "RUN_COLUMNS",
    "SUPPORTED_KINDS",
    "ImportResult",
    "list_runs",
    "require_admin",
    "require_importer",
    "run_import",
]


@dataclass
class ImportResult:
    kind: str
    outcome: str  # success, rejected, dry_run
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[Issue] = field(default_factory=list)
    error_count: int = 0
    run_id: int | None = None
    derived_stored: bool = False  # the pages' stored results committed with the data
    views_warmed: int | None = None  # readers' views answered ahead (callbacks.warm); None: not

    @property
    def ok(self) -> bool:
        return self.outcome != "rejected"


def require_admin(scope: Scope) -> None:
    if scope.role != "admin":
        raise OutOfScope("import", scope.login)


# Kinds a region's own users may import too, for their region only: the region's norms.
REGION_KINDS = ("indicator-norms",)
# Kinds no stored region-wide result depends on (data_access.derived): the norms feed only the
# profile's deficits, computed per page view, so their import keeps the store (caches still go).
UNDERIVED_KINDS = ("indicator-norms",)


def require_importer(scope: Scope, kind: str) -> None:
    """Admins import every kind; a region's user only REGION_KINDS, and only with a region."""
    if scope.role == "region" and scope.region_id is not None and kind in REGION_KINDS:
        return
    require_admin(scope)


# ------------------------------------------------------------------ the import and its record


Progress = Callable[[int, str], None]

# Progress reported at the phase boundaries of run_import (percent, message).
PHASES = {
    "parsed": (25, strings.INGEST_PHASES["parsed"]),
    "checked": (50, strings.INGEST_PHASES["checked"]),
    "written": (80, strings.INGEST_PHASES["written"]),
    "derived": (90, strings.INGEST_PHASES["derived"]),
    "done": (100, strings.INGEST_PHASES["done"]),
}


def run_import(
    scope: Scope,
    parsed: Parsed,
    *,
    dry_run: bool = False,
    ip: str | None = None,
    progress: Progress | None = None,
) -> ImportResult:
    """Write `parsed` all-or-nothing (or only check it, with dry_run); record the run in
    import_run and the audit log (a dry run records nothing). `progress(percent, message)`,
    if given, is called at the phase boundaries (parsed, references checked, written, done).

    The run is committed as "running" before the data transaction and its outcome after it
    (data_access.import_runs); when the import raises, the run becomes "failed" with the
    reason, a failure is audited, and the exception propagates."""
    require_importer(scope, parsed.kind)

    def phase(name: str) -> None:
        if progress is not None:
            progress(*PHASES[name])

    phase("parsed")
    if parsed.kind not in WRITERS:
        parsed.refuse(strings.INGEST_KIND_UNSUPPORTED.format(kind=parsed.kind))
    if dry_run:
        result = _write(scope, parsed, phase)
        phase("done")
        return result
    run_id = import_runs.start(scope, parsed)
    try:
        with import_runs.heartbeat(run_id):
            result = _write(scope, parsed, phase, run_id=run_id)
    except BaseException as error:
        _record_failure(scope, parsed, run_id, error, ip)
        raise
    result.run_id = run_id
    # A success was recorded with the data, in its transaction; a rejection is recorded now. A
    # failure to record after the data committed is logged, not raised, so the caller does not
    # report a committed import as failed.
    if result.outcome != "success":
        _recorded(import_runs.finish, run_id, result)
    _recorded(
        audit.record,
        "import",
        "success" if result.ok else "failure",
        scope=scope,
        ip=ip,
        asked=parsed.kind,
        detail=f"run={run_id} file={parsed.file_name} "
        f"sha256={parsed.sha256} errors={result.error_count}",
    )
    if result.outcome == "success" and not result.derived_stored:
        if (result.inserted or result.updated) and parsed.kind not in UNDERIVED_KINDS:
            phase("derived")
            _store_derived()
    if result.outcome == "success" and result.views_warmed is None:
        if result.inserted or result.updated:
            result.views_warmed = _warm_views()
    phase("done")
    return result


def _write(
    scope: Scope, parsed: Parsed, phase: Callable[[str], None], *, run_id: int | None = None
) -> ImportResult:
    """The data transaction: check references, write, refresh summaries, bump the version and
    mark run `run_id` a success, all committed together; without a run, a dry run."""
    dry_run = run_id is None
    result = ImportResult(kind=parsed.kind, outcome="rejected")
    if parsed.ok:
        with database.current_engine().connect() as conn:
            transaction = conn.begin()
            try:
                refs = Refs(
                    conn,
                    parsed,
                    lambda: phase("checked"),
                    login=scope.login,
                    region_id=scope.region_id,
                )
                counts = WRITERS[parsed.kind](conn, parsed, refs)
                stop_on_errors(parsed)
                inserted, updated, _unchanged = counts
                derives = parsed.kind not in UNDERIVED_KINDS
                if not dry_run and (inserted or updated) and derives:  # summaries still hold
                    summaries.refresh(conn, _summarised_procedures(conn, parsed))
                    derived.clear(conn)
                if not dry_run:  # the new data version commits with the data, or not at all
                    cache.invalidate(conn=conn)
                phase("written")
                if not dry_run and (inserted or updated) and _derives_within(conn):
                    if derives:
                        phase("derived")
                        result.derived_stored = _derive_within(conn)
                    result.views_warmed = _warm_views(conn)
            except Rejected:
                transaction.rollback()
            except BaseException:
                transaction.rollback()
                raise
            else:
                result.inserted, result.updated, result.unchanged = counts
                if dry_run:
                    transaction.rollback()
                    result.outcome = "dry_run"
                else:
                    result.outcome = "success"
                    import_runs.finish(run_id, result, conn=conn)
                    transaction.commit()
    result.errors, result.error_count = list(parsed.errors), parsed.error_count
    return result


def _record_failure(
    scope: Scope, parsed: Parsed, run_id: int, error: BaseException, ip: str | None
) -> None:
    """The run becomes "failed" with the error as its reason, and a failure is audited; a
    failure to record this is logged so that the import's own error is the one raised."""
    reason = _recorded(import_runs.fail, run_id, error) or import_runs.reason_of(error)
    _recorded(
        audit.record,
        "import",
        "failure",
        scope=scope,
        ip=ip,
        asked=parsed.kind,
        detail=f"run={run_id} file={parsed.file_name} sha256={parsed.sha256} reason={reason}",
    )


def _recorded(write: Callable, *args, **kwargs):
    try:
        return write(*args, **kwargs)
    except Exception:
        log.exception("import record not written (%s)", getattr(write, "__name__", write))
        return None


def _derives_within(conn) -> bool:
    """PostgreSQL: the stored page results are computed inside the import's transaction, so
    pages go from the old data and results to the new ones at the commit, and never compute
    the region-wide results themselves meanwhile (on 2 cores, under load, that is what pushed
    callbacks past a second). Not SQLite: its one writer would keep every other write waiting
    (sessions, audit) while the results are computed."""
    return conn.dialect.name == "postgresql"


def _derive_within(conn) -> bool:
    """Compute and store the pages' results from the import's own, uncommitted data (a
    savepoint: a failure leaves the import itself intact, and the results to be computed after
    the commit)."""
    try:
        with conn.begin_nested(), database.within(conn):
            precompute.refresh(invalidate=False)
    except Exception:
        log.exception("derived results not stored within the import; storing after it")
        return False
    return True


def _warm_views(conn=None) -> int:
    """Answer the views readers opened lately for the new data (callbacks.warm, installed by the
    app as `oko_warm_views`): inside the import's transaction (`conn`, a savepoint of its own),
    so that at the commit the readers find them computed; or after the commit. A failure
    costs only the head start: it is logged, and the import stands."""
    from flask import current_app, has_app_context

    warm = current_app.extensions.get("oko_warm_views") if has_app_context() else None
    if warm is None:
        return 0
    try:
        if conn is None:
            return warm()
        with conn.begin_nested(), database.within(conn):
            return warm()
    except Exception:
        log.exception("views not answered ahead of the import's commit")
        return 0


def _store_derived() -> None:
    """Store the pages' region-wide results for the new data; the import has committed, so a
    failure here is logged and the pages compute them on the first visit instead."""
    try:
        precompute.refresh(invalidate=False)  # the import replaced the data version itself
    except Exception:
        log.exception("derived results not stored after the import")


# Import kinds whose rows the pupil summaries are computed from: pupil results themselves, and
# procedures (their maximum and thresholds define the near-maximum and threshold windows).
SUMMARISED_KINDS = ("pupil-results", "procedures")


def _summarised_procedures(conn, parsed: Parsed) -> list[int]:
    """Ids of the procedures whose pupil summaries this import may have changed."""
    if parsed.kind not in SUMMARISED_KINDS or "procedure_code" not in parsed.fields:
        return []
    position = parsed.fields.index("procedure_code")
    codes = sorted({row[position] for row in parsed.rows})
    found = []
    for start in range(0, len(codes), 500):
        chunk = codes[start : start + 500]
        found += conn.execute(select(Procedure.id).where(Procedure.code.in_(chunk))).scalars().all()
    return found
