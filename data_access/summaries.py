"""Keep the pupil summary tables equal to what the pupil rows say.

`refresh(conn, procedure_ids)` recomputes the summaries of the given procedures (all when
None) with INSERT … SELECT … GROUP BY inside the caller's transaction, so an import and its
summaries commit or roll back together. Pages read the summaries; only an explicit drill-down
into one school reads pupil rows.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import and_, case, delete, func, insert, select
from sqlalchemy.engine import Connection

from dashboard import rules
from dashboard.models import (
    Procedure,
    PupilResult,
    SchoolMarkAgreement,
    SchoolPupilSummary,
    SchoolScoreCount,
)

SUMMARY_TABLES = (SchoolPupilSummary, SchoolScoreCount, SchoolMarkAgreement)


def _count(condition):
    return func.sum(case((condition, 1), else_=0))


def _pupil_summary_select(ids: list[int] | None):
    score = PupilResult.primary_score
    windows = []
    for threshold in (Procedure.threshold_3, Procedure.threshold_4, Procedure.threshold_5):
        windows.append(
            _count(and_(score >= threshold - rules.OBJECTIVITY_WINDOW_BELOW, score < threshold))
        )
        windows.append(
            _count(and_(score >= threshold, score < threshold + rules.OBJECTIVITY_WINDOW_AT))
        )
    stmt = (
        select(
            PupilResult.procedure_id,
            PupilResult.school_id,
            func.count(),
            func.sum(score),
            func.sum(score * score),
            _count(PupilResult.journal_mark.is_not(None)),
            _count(PupilResult.mark < PupilResult.journal_mark),
            _count(PupilResult.mark == PupilResult.journal_mark),
            _count(PupilResult.mark > PupilResult.journal_mark),
            _count(score >= Procedure.max_score - rules.OBJECTIVITY_NEAR_MAX_POINTS),
            *windows,
        )
        .join(Procedure, Procedure.id == PupilResult.procedure_id)
        .group_by(PupilResult.procedure_id, PupilResult.school_id)
    )
    return stmt.where(PupilResult.procedure_id.in_(ids)) if ids is not None else stmt


def _score_count_select(ids: list[int] | None):
    stmt = select(
        PupilResult.procedure_id, PupilResult.school_id, PupilResult.primary_score, func.count()
    ).group_by(PupilResult.procedure_id, PupilResult.school_id, PupilResult.primary_score)
    return stmt.where(PupilResult.procedure_id.in_(ids)) if ids is not None else stmt


def _agreement_select(ids: list[int] | None):
    stmt = (
        select(
            PupilResult.procedure_id,
            PupilResult.school_id,
            PupilResult.mark,
            PupilResult.journal_mark,
            func.count(),
        )
        .where(PupilResult.mark.is_not(None), PupilResult.journal_mark.is_not(None))
        .group_by(
            PupilResult.procedure_id,
            PupilResult.school_id,
            PupilResult.mark,
            PupilResult.journal_mark,
        )
    )
    return stmt.where(PupilResult.procedure_id.in_(ids)) if ids is not None else stmt


def refresh(conn: Connection, procedure_ids: Iterable[int] | None = None) -> dict[str, int]:
    """Recompute the summaries of `procedure_ids` (every procedure when None); rows written."""
    ids = None if procedure_ids is None else sorted({int(i) for i in procedure_ids})
    if ids == []:
        return {table.__tablename__: 0 for table in SUMMARY_TABLES}
    written = {}
    # each SELECT lists its columns in the table's column order
    builders = {
        SchoolPupilSummary: _pupil_summary_select,
        SchoolScoreCount: _score_count_select,
        SchoolMarkAgreement: _agreement_select,
    }
    for table, build in builders.items():
        target = table.__table__
        columns = [column.name for column in target.columns]
        wipe = delete(target)
        if ids is not None:
            wipe = wipe.where(target.c.procedure_id.in_(ids))
        conn.execute(wipe)
        conn.execute(insert(target).from_select(columns, build(ids)))
        # rowcount of INSERT … SELECT is not reported by every driver (psycopg gives -1)
        counted = select(func.count()).select_from(target)
        if ids is not None:
            counted = counted.where(target.c.procedure_id.in_(ids))
        written[table.__tablename__] = int(conn.execute(counted).scalar_one())
    return written
