"""The pupil summary tables equal a recomputation from the pupil rows, written here with
pandas independently of the SQL in data_access/summaries.py — after the demo build and after
pupil rows are added, changed (a pupil moved to another school, scores changed) and deleted.
Runs on SQLite and, with OKO_TEST_DATABASE_URL, on PostgreSQL."""

from __future__ import annotations

import numpy as np
import pandas as pd
from sqlalchemy import delete, select, text, update

from dashboard import rules
from dashboard.models import PupilResult
from data_access import precompute, summaries


def _frame(conn, sql: str) -> pd.DataFrame:
    result = conn.execute(text(sql))
    return pd.DataFrame(result.mappings().all(), columns=list(result.keys()))


def _expected(conn) -> dict[str, pd.DataFrame]:
    pupils = _frame(
        conn,
        "SELECT r.procedure_id, r.school_id, r.primary_score AS score, r.mark, "
        "r.journal_mark, p.max_score, p.threshold_3, p.threshold_4, p.threshold_5 "
        "FROM pupil_result r JOIN procedure p ON p.id = r.procedure_id",
    )
    score = pupils["score"].astype(float)
    mark, journal = pupils["mark"].astype("Float64"), pupils["journal_mark"].astype("Float64")
    cols = {
        "n": np.ones(len(pupils)),
        "score_sum": score,
        "score_sq": score**2,
        "n_journal": journal.notna(),
        "lowered": (mark < journal).fillna(False),
        "confirmed": (mark == journal).fillna(False),
        "raised": (mark > journal).fillna(False),
        "near_max": score >= pupils["max_score"] - rules.OBJECTIVITY_NEAR_MAX_POINTS,
    }
    for k in (3, 4, 5):
        threshold = pupils[f"threshold_{k}"].astype(float)
        cols[f"below_{k}"] = (score >= threshold - rules.OBJECTIVITY_WINDOW_BELOW) & (
            score < threshold
        )
        cols[f"at_{k}"] = (score >= threshold) & (score < threshold + rules.OBJECTIVITY_WINDOW_AT)
    wide = pd.DataFrame({k: np.asarray(v, dtype=float) for k, v in cols.items()})
    wide[["procedure_id", "school_id"]] = pupils[["procedure_id", "school_id"]]
    summary = wide.groupby(["procedure_id", "school_id"], as_index=False).sum()
    histogram = (
        pupils.groupby(["procedure_id", "school_id", "score"], as_index=False)
        .size()
        .rename(columns={"score": "primary_score", "size": "pupils"})
    )
    both = pupils.dropna(subset=["mark", "journal_mark"])
    agreement = (
        both.groupby(["procedure_id", "school_id", "mark", "journal_mark"], as_index=False)
        .size()
        .rename(columns={"size": "pupils"})
    )
    return {
        "school_pupil_summary": summary,
        "school_score_count": histogram,
        "school_mark_agreement": agreement,
    }


def _assert_equal(conn) -> None:
    for table, expected in _expected(conn).items():
        stored = _frame(conn, f"SELECT * FROM {table}")
        keys = [
            c
            for c in expected.columns
            if c in ("procedure_id", "school_id", "primary_score", "mark", "journal_mark")
        ]
        assert len(stored) == len(expected), table
        left = stored.sort_values(keys).reset_index(drop=True)[list(expected.columns)]
        right = expected.sort_values(keys).reset_index(drop=True)
        pd.testing.assert_frame_equal(
            left.astype(float), right.astype(float), check_exact=False, rtol=1e-9, obj=table
        )


def test_demo_build_leaves_summaries_equal_to_the_pupil_rows(demo_engine):
    with demo_engine.connect() as conn:
        assert _frame(conn, "SELECT COUNT(*) AS n FROM school_pupil_summary")["n"][0] > 0
        _assert_equal(conn)


def test_refresh_follows_added_changed_and_deleted_pupils(demo_engine):
    with demo_engine.connect() as conn:
        transaction = conn.begin()
        try:
            some = _frame(
                conn,
                "SELECT id, procedure_id, school_id, participant_code, primary_score, "
                "mark, journal_mark FROM pupil_result ORDER BY id LIMIT 60",
            )
            other_school = int(
                _frame(conn, "SELECT id FROM school ORDER BY id DESC LIMIT 1")["id"][0]
            )
            procedure = int(some["procedure_id"].iloc[0])
            # add: copies of pupils under new participant codes
            added = [
                {
                    "procedure_id": procedure,
                    "school_id": int(r.school_id),
                    "participant_code": f"added-{r.id}",
                    "primary_score": float(r.primary_score),
                    "mark": r.mark,
                    "journal_mark": 5,
                }
                for r in some.head(20).itertuples()
            ]
            conn.execute(PupilResult.__table__.insert(), added)
            # change: move pupils to another school and change their scores and marks
            moved = some["id"].iloc[20:40].tolist()
            conn.execute(
                update(PupilResult)
                .where(PupilResult.id.in_(moved))
                .values(school_id=other_school, primary_score=0.0, mark=2, journal_mark=4)
            )
            # delete
            conn.execute(
                delete(PupilResult).where(PupilResult.id.in_(some["id"].iloc[40:].tolist()))
            )
            touched = set(some["procedure_id"]) | {procedure}
            written = summaries.refresh(conn, touched)
            assert written["school_pupil_summary"] > 0
            _assert_equal(conn)
        finally:
            transaction.rollback()


def test_refreshing_nothing_writes_nothing(demo_engine):
    with demo_engine.connect() as conn, conn.begin():
        before = _frame(conn, "SELECT COUNT(*) AS n FROM school_score_count")["n"][0]
        assert set(summaries.refresh(conn, []).values()) == {0}
        assert _frame(conn, "SELECT COUNT(*) AS n FROM school_score_count")["n"][0] == before


def test_imports_keep_the_summaries_equal(demo_engine, scopes):
    """Through the real import: new pupils, then the same pupils re-imported with other scores,
    marks and schools; a failed import leaves the summaries as they were."""
    from dashboard.ingest import parse
    from dashboard.models import Procedure
    from data_access import imports
    from tests.ingest.helpers import csv_bytes

    admin, code = scopes["admin"], "test-summary-pupils"
    data = (
        f"procedure_code;kind;subject;grade;year;max_score;threshold_3;threshold_4;threshold_5\n"
        f"{code};vpr;математика;6;2025;20;6;10;15\n"
    )
    assert imports.run_import(admin, parse("procedures", data.encode(), "p.csv")).ok
    with demo_engine.connect() as conn:
        schools = [
            r[0]
            for r in conn.execute(
                text(
                    "SELECT school_code FROM school "
                    "WHERE kind <> 'preschool' ORDER BY school_code LIMIT 4"
                )
            )
        ]
    header = [
        "procedure_code",
        "school_code",
        "participant_code",
        "primary_score",
        "mark",
        "journal_mark",
    ]

    def pupils(shift: int) -> list[list]:
        return [
            header,
            *[
                [
                    code,
                    schools[(i + shift) % 4],
                    f"S{i:04d}",
                    float((i * 7 + shift) % 21),
                    2 + (i + shift) % 4,
                    2 + i % 4,
                ]
                for i in range(120)
            ],
        ]

    try:
        first = imports.run_import(admin, parse("pupil-results", csv_bytes(pupils(0)), "a.csv"))
        assert first.inserted == 120
        with demo_engine.connect() as conn:
            _assert_equal(conn)
        changed = imports.run_import(admin, parse("pupil-results", csv_bytes(pupils(1)), "b.csv"))
        assert changed.updated == 120
        with demo_engine.connect() as conn:
            _assert_equal(conn)
            before = _frame(
                conn, "SELECT * FROM school_pupil_summary ORDER BY procedure_id, school_id"
            )
        broken = pupils(2)
        broken[60][3] = "99"  # above the maximum: the whole file is refused
        assert not imports.run_import(admin, parse("pupil-results", csv_bytes(broken), "c.csv")).ok
        with demo_engine.connect() as conn:
            after = _frame(
                conn, "SELECT * FROM school_pupil_summary ORDER BY procedure_id, school_id"
            )
        pd.testing.assert_frame_equal(before, after)
    finally:
        with demo_engine.begin() as conn:
            procedure_id = conn.execute(
                select(Procedure.id).where(Procedure.code == code)
            ).scalar_one()
            for table in (*summaries.SUMMARY_TABLES, PupilResult):
                conn.execute(delete(table).where(table.procedure_id == procedure_id))
            conn.execute(delete(Procedure).where(Procedure.id == procedure_id))
        precompute.refresh()  # the stored page results of the data as it was before the test
