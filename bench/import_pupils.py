"""Time importing 1,000,000 pupil results on SQLite and PostgreSQL.

    .venv/bin/python bench/import_pupils.py [--rows N] [--pg postgresql+psycopg://…/scratch_db]

Builds the `district` demo into a temporary SQLite file (and into the given PostgreSQL
database — it is RESET), generates a CSV of new pupil results for existing demo procedures
and schools, and times parse, the first import (all inserts) and a re-import (all unchanged).
"""

from __future__ import annotations

import argparse
import io
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import select  # noqa: E402

from dashboard.db import get_engine, upgrade  # noqa: E402
from dashboard.demo import build  # noqa: E402
from dashboard.ingest import parse  # noqa: E402
from dashboard.models import Base, Procedure, School  # noqa: E402
from data_access import database, imports  # noqa: E402
from data_access.users import SYSTEM  # noqa: E402


def make_csv(engine, rows: int, seed: int = 1) -> bytes:
    rng = random.Random(seed)
    with engine.connect() as conn:
        procedures = conn.execute(
            select(Procedure.code, Procedure.max_score).where(Procedure.kind.in_(["vpr", "oge"]))
        ).all()
        schools = list(conn.execute(select(School.school_code)).scalars())
    out = io.StringIO()
    out.write(
        "procedure_code;school_code;participant_code;primary_score;mark;journal_mark;task_points\n"
    )
    for i in range(rows):
        code, max_score = procedures[i % len(procedures)]
        score = rng.randint(0, int(max_score))
        mark = 2 + min(3, score * 4 // int(max_score + 1))
        points = ";".join(str(rng.randint(0, 2)) for _ in range(10))
        out.write(f'{code};{rng.choice(schools)};BENCH{i:07d};{score};{mark};{mark};"{points}"\n')
    return out.getvalue().encode("utf-8")


def run(url: str, rows: int, label: str) -> None:
    upgrade(url)
    engine = get_engine(url)
    build(engine, scale="district", seed=7, reset=True)
    data = make_csv(engine, rows)
    print(f"[{label}] CSV {len(data) / 2**20:.1f} MB, {rows:,} rows")
    with database.bind(engine):
        started = time.perf_counter()
        parsed = parse("pupil-results", data, "bench.csv", max_bytes=len(data) + 1)
        parse_s = time.perf_counter() - started
        assert parsed.ok, parsed.errors[:3]
        result = imports.run_import(SYSTEM, parsed)
        first_s = time.perf_counter() - started
        print(
            f"[{label}] parse+validate {parse_s:.1f} s; first import total {first_s:.1f} s "
            f"({result.inserted:,} inserted)"
        )
        started = time.perf_counter()
        again = imports.run_import(
            SYSTEM, parse("pupil-results", data, "bench.csv", max_bytes=len(data) + 1)
        )
        print(
            f"[{label}] re-import total {time.perf_counter() - started:.1f} s "
            f"({again.unchanged:,} unchanged, {again.inserted} inserted, {again.updated} updated)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--pg", help="PostgreSQL URL of a scratch database (it is reset)")
    parser.add_argument("--no-sqlite", action="store_true", help="measure PostgreSQL only")
    args = parser.parse_args()
    if not args.no_sqlite:
        with tempfile.TemporaryDirectory() as folder:
            run(f"sqlite:///{folder}/bench.sqlite3", args.rows, "sqlite")
    if args.pg:
        engine = get_engine(args.pg)
        with engine.begin() as conn:
            Base.metadata.drop_all(conn)
            conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
        run(args.pg, args.rows, "postgresql")


if __name__ == "__main__":
    main()
