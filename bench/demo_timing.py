"""Time `oko demo` builds: python bench/demo_timing.py [scale] [--pg URL] [--seed N].

SQLite runs in a fresh temporary file; PostgreSQL uses the given database with reset=True
(everything but accounts and the audit log in it is replaced).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dashboard.db import make_engine, upgrade  # noqa: E402
from dashboard.demo import SCALES, build  # noqa: E402


def run(url: str, scale: str, seed: int, reset: bool) -> None:
    upgrade(url)
    engine = make_engine(url)
    try:
        summary = build(engine, scale=scale, seed=seed, reset=reset)
    finally:
        engine.dispose()
    print(f"{engine.dialect.name}: {summary}")
    for phase, seconds in summary.phases.items():
        print(f"  {phase:<34} {seconds:7.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("scale", nargs="?", default="region", choices=list(SCALES))
    parser.add_argument("--pg", help="PostgreSQL URL (postgresql+psycopg://…)")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--no-sqlite", action="store_true")
    args = parser.parse_args()
    if not args.no_sqlite:
        with tempfile.TemporaryDirectory() as folder:
            run(f"sqlite:///{Path(folder) / 'demo.sqlite3'}", args.scale, args.seed, reset=False)
    if args.pg:
        run(args.pg, args.scale, args.seed, reset=True)


if __name__ == "__main__":
    main()
