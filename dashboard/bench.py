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


# ------------------------------------------------------------------ rankings (issue 7)
RANKINGS_SIZES = (1_000, 10_000, 40_000)
RANKINGS_PUPILS_PER_SCHOOL = 25


def rankings_fit_figures(sizes=RANKINGS_SIZES, pupils: int = RANKINGS_PUPILS_PER_SCHOOL,
                         repeat: int = 3) -> list[dict]:
    """Median seconds of one REML school-effects fit on synthetic data (3 covariates), without
    and with the rank-interval simulation used by /rankings; data generation is not timed."""
    from dashboard import rules
    from dashboard.analytics import school_effects

    out = []
    for n in sizes:
        frame = school_effects.simulate(n, pupils, seed=1, n_cov=3)
        row = {"schools": n, "pupils": len(frame)}
        for label, n_sim in (("fit", 0), ("fit_and_ranks", rules.RANKINGS_N_SIM)):
            row[label] = _timed(lambda n_sim=n_sim, frame=frame: school_effects.fit(
                frame, "y", ["x1", "x2", "x3"], group="school", reml=True, seed=0, n_sim=n_sim), repeat)
        out.append(row)
    return out


def rankings_view_figures(scope: Scope) -> dict[str, float]:
    """Median seconds of the /rankings answer on the built demo, uncached (null cache)."""
    from data_access import rankings

    choices = overview.procedure_choices(scope)
    year = int(choices.loc[choices["kind"] == "vpr", "year"].max())
    return {f"rankings_{level}": _timed(lambda level=level: rankings.school_rankings(
        scope, "vpr", rankings.ALL, 0, year, ["social_index"], level)) for level in ("pupil", "school")}


def echo_rankings_fit(echo: Callable[[str], None]) -> None:
    for row in rankings_fit_figures():
        echo(f"  school-effects fit {row['schools']:>6,} schools × {RANKINGS_PUPILS_PER_SCHOOL} pupils: "
             f"{row['fit'] * 1000:8.1f} ms; with rank intervals {row['fit_and_ranks'] * 1000:8.1f} ms")


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
            if summary.counts.get("pupil_result", 0):
                for name, seconds in rankings_view_figures(region).items():
                    echo(f"  {name:<28} {seconds * 1000:8.1f} ms (median of 3, uncached)")
        cache.set_cache(None)
        engine.dispose()
    echo_rankings_fit(echo)
