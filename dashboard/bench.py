"""`oko bench`: speed figures measured on demand (never as timed tests)."""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from dashboard.db import get_engine, upgrade
from data_access import cache, database, overview
from data_access.scope import Scope


def _timed(func: Callable[[], object], repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        func()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def overview_figures(scope: Scope) -> dict[str, float]:
    """Median seconds of the overview aggregations, uncached (null cache)."""
    choices = overview.procedure_choices(scope)
    row = choices[choices["kind"] == "vpr"].iloc[-1]
    args = (row["kind"], row["subject"], int(row["grade"]), int(row["year"]))
    return {
        "overview_counts": _timed(lambda: overview.overview_counts(scope)),
        "latest_procedures": _timed(lambda: overview.latest_procedures(scope)),
        "procedure_choices": _timed(lambda: overview.procedure_choices(scope)),
        "results_by_municipality": _timed(lambda: overview.results_by_municipality(scope, *args)),
    }


def run(scale: str, database_url: str | None, echo: Callable[[str], None]) -> None:
    from dashboard.demo import build

    with tempfile.TemporaryDirectory() as folder:
        url = database_url or f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
        upgrade(url)
        engine = get_engine(url)
        started = time.perf_counter()
        summary = build(engine, scale=scale, seed=42, reset=True)
        echo(f"demo build ({scale}, {engine.dialect.name}): {time.perf_counter() - started:.1f} s, "
             f"{summary.counts.get('pupil_result', 0):,} pupil results")
        cache.set_cache(cache.cache_from_url("null://"))
        region = Scope(login="bench", role="region", region_id=1)
        with database.bind(engine):
            for name, seconds in overview_figures(region).items():
                echo(f"  {name:<28} {seconds * 1000:8.1f} ms (median of 3, uncached)")
        cache.set_cache(None)
        engine.dispose()
