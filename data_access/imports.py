"""Write a validated file (dashboard.ingest.Parsed) in one transaction, and list past imports.

All-or-nothing: references are checked inside the transaction; any error rolls everything
back. Idempotent: rows are upserted on their natural key, and only new or changed rows are
written, so re-importing a file reports every row unchanged. Admins only, except a region's
norms (REGION_KINDS), which the region's own users import for their region.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import insert, select

from dashboard import strings
from dashboard.ingest import Issue, Parsed
from dashboard.models import ImportRun, Procedure
from data_access import audit, cache, database, derived, precompute, summaries
from data_access.import_refs import Refs, Rejected, stop_on_errors
from data_access.import_writers import SUPPORTED_KINDS, WRITERS
from data_access.scope import OutOfScope, Scope

log = logging.getLogger(__name__)

__all__ = [
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
    if given, is called at the phase boundaries (parsed, references checked, written, done)."""
    require_importer(scope, parsed.kind)

    def phase(name: str) -> None:
        if progress is not None:
            progress(*PHASES[name])

    phase("parsed")
    if parsed.kind not in WRITERS:
        parsed.refuse(strings.INGEST_KIND_UNSUPPORTED.format(kind=parsed.kind))
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
                    transaction.commit()
                    result.outcome = "success"
    result.errors, result.error_count = list(parsed.errors), parsed.error_count
    if result.outcome == "success":
        if (result.inserted or result.updated) and parsed.kind not in UNDERIVED_KINDS:
            phase("derived")
            _store_derived()
    if not dry_run:
        result.run_id = _record(scope, parsed, result)
        audit.record(
            "import",
            "success" if result.ok else "failure",
            scope=scope,
            ip=ip,
            asked=parsed.kind,
            detail=f"run={result.run_id} file={parsed.file_name} "
            f"sha256={parsed.sha256} errors={result.error_count}",
        )
    phase("done")
    return result


def _store_derived() -> None:
    """Store the pages' region-wide results for the new data; the import has committed, so a
    failure here is logged and the pages compute them on the first visit instead."""
    try:
        precompute.refresh()
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


def _record(scope: Scope, parsed: Parsed, result: ImportResult) -> int:
    detail = "; ".join(str(issue) for issue in result.errors[:5]) or None
    with database.write() as conn:
        return conn.execute(
            insert(ImportRun).values(
                at=dt.datetime.now(dt.UTC),
                user_login=scope.login[:80],
                file_name=parsed.file_name[:255],
                sha256=parsed.sha256,
                kind=parsed.kind,
                rows_inserted=result.inserted,
                rows_updated=result.updated,
                rows_unchanged=result.unchanged,
                outcome=result.outcome,
                error_count=result.error_count,
                detail=detail[:2000] if detail else None,
            )
        ).inserted_primary_key[0]


RUN_COLUMNS = (
    "id",
    "at",
    "user_login",
    "file_name",
    "kind",
    "rows_inserted",
    "rows_updated",
    "rows_unchanged",
    "outcome",
    "error_count",
    "sha256",
)


def list_runs(scope: Scope, limit: int = 50) -> list[dict]:
    """The most recent imports, newest first. Admin only."""
    require_admin(scope)
    limit = max(1, min(int(limit), 500))
    stmt = (
        select(*(ImportRun.__table__.c[c] for c in RUN_COLUMNS))
        .order_by(ImportRun.at.desc(), ImportRun.id.desc())
        .limit(limit)
    )
    with database.read() as conn:
        return [dict(row) for row in conn.execute(stmt).mappings()]
