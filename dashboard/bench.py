"""`oko bench`: speed figures measured on demand (never as timed tests).

The default run prepares the scale's demo database (built once under var/bench/ and reused
while its schema is current; PostgreSQL from OKO_BENCH_DATABASE_URL / OKO_DATABASE_URL), prints
the uncached overview and rankings aggregations and the synthetic school-effects fits, then
measures the main callback of every page through the real HTTP endpoint
(`dashboard.bench_http`: cold, warm p50/p95, bytes, the SQL floor and a naive pandas
reference). `--pages` drives headless Chromium over every page instead
(`dashboard.bench_pages`). `--json PATH` writes {"header": machine, "records": [...]}.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, func, select
from sqlalchemy.engine import make_url

from dashboard.db import alembic_config, get_engine, upgrade
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


def rankings_fit_figures(
    sizes=RANKINGS_SIZES, pupils: int = RANKINGS_PUPILS_PER_SCHOOL, repeat: int = 3
) -> list[dict]:
    """Median seconds of one REML school-effects fit on synthetic data (3 covariates), without
    and with the rank-interval simulation used by /rankings; data generation is not timed."""
    from dashboard import rules
    from dashboard.analytics import school_effects

    out = []
    for n in sizes:
        frame = school_effects.simulate(n, pupils, seed=1, n_cov=3)
        row = {"schools": n, "pupils": len(frame)}
        for label, n_sim in (("fit", 0), ("fit_and_ranks", rules.RANKINGS_N_SIM)):
            row[label] = _timed(
                lambda n_sim=n_sim, frame=frame: school_effects.fit(
                    frame, "y", ["x1", "x2", "x3"], group="school", reml=True, seed=0, n_sim=n_sim
                ),
                repeat,
            )
        out.append(row)
    return out


def rankings_view_figures(scope: Scope) -> dict[str, float]:
    """Median seconds of the /rankings answer on the built demo, uncached (null cache)."""
    from data_access import rankings

    choices = overview.procedure_choices(scope)
    year = int(choices.loc[choices["kind"] == "vpr", "year"].max())
    return {
        f"rankings_{level}": _timed(
            lambda level=level: rankings.school_rankings(
                scope, "vpr", rankings.ALL, 0, year, ["social_index"], level
            )
        )
        for level in ("pupil", "school")
    }


def echo_rankings_fit(echo: Callable[[str], None]) -> None:
    for row in rankings_fit_figures():
        echo(
            f"  school-effects fit {row['schools']:>6,} schools × "
            f"{RANKINGS_PUPILS_PER_SCHOOL} pupils: "
            f"{row['fit'] * 1000:8.1f} ms; with rank intervals "
            f"{row['fit_and_ranks'] * 1000:8.1f} ms"
        )


# ------------------------------------------------------------------ the bench database (issue 15)
SEED = 42
SCALE_NAMES = ("district", "region", "large", "national")


class BenchSetupError(RuntimeError):
    """The bench database cannot be prepared as asked (no PostgreSQL URL, …)."""


def bench_folder() -> Path:
    from dashboard.config import VAR_DIR

    return VAR_DIR / "bench"


def database_url_for(db: str, scale: str, folder: Path, database_url: str | None = None) -> str:
    """The URL to benchmark: --database-url, else var/bench/<scale>-sqlite.sqlite3 for SQLite,
    else OKO_BENCH_DATABASE_URL or OKO_DATABASE_URL (which must be PostgreSQL)."""
    if database_url:
        return database_url
    if db == "sqlite":
        return f"sqlite:///{Path(folder).resolve() / f'{scale}-sqlite.sqlite3'}"
    url = os.environ.get("OKO_BENCH_DATABASE_URL") or os.environ.get("OKO_DATABASE_URL")
    if not url or make_url(url).get_backend_name() != "postgresql":
        raise BenchSetupError(
            "--db postgres needs OKO_BENCH_DATABASE_URL (or OKO_DATABASE_URL) set to a "
            "postgresql+psycopg:// URL"
        )
    return url


def schema_head(url: str) -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config(url)).get_current_head()


def schema_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


@dataclass
class BenchDatabase:
    url: str
    engine: Engine
    scale: str
    built: bool
    build_seconds: float | None
    pupil_results: int
    schools: int

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name


def _counts(engine: Engine) -> tuple[int, int]:
    from dashboard.models import PupilResult, School

    with engine.connect() as conn:
        schools = conn.execute(select(func.count()).select_from(School)).scalar_one()
        pupils = conn.execute(select(func.count()).select_from(PupilResult)).scalar_one()
    return int(schools), int(pupils)


def _sqlite_files(url: str) -> list[Path]:
    path = Path(make_url(url).database)
    return [path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}.json")]


def _build(url: str, scale: str) -> tuple[Engine, float]:
    from dashboard.cli import _create_demo_users
    from dashboard.demo import build

    upgrade(url)
    engine = get_engine(url)
    started = time.perf_counter()
    build(engine, scale=scale, seed=SEED, reset=True)
    with database.bind(engine):
        _create_demo_users()
    return engine, time.perf_counter() - started


def _require_scale(engine: Engine, scale: str, url: str) -> None:
    """Refuse to measure a database that does not hold the `scale` demo (another scale, or
    real data): the benchmark would be mislabelled, and rebuilding it must be asked for."""
    from dashboard.demo.scales import SCALES
    from dashboard.models import Municipality, School

    wanted = SCALES[scale]
    with engine.connect() as conn:
        municipalities = conn.execute(select(func.count()).select_from(Municipality)).scalar()
        schools = conn.execute(
            select(func.count()).select_from(School).where(School.kind != "preschool")
        ).scalar()
    expected = (wanted.regions * wanted.municipalities, wanted.regions * wanted.schools)
    if (municipalities, schools) != expected:
        raise BenchSetupError(
            f"{_redacted(url)} holds {municipalities} municipalities and {schools} schools, "
            f"not the {scale!r} demo ({expected[0]} and {expected[1]}): pass --rebuild to reset "
            "it and build the demo"
        )


def prepare(
    scale: str, url: str, rebuild: bool = False, managed: bool | None = None
) -> BenchDatabase:
    """Build the scale's demo at `url`, or reuse what is there.

    `managed` (default: any SQLite URL; `run` passes it for its own var/bench files only): the
    file is reused when it, its marker (<file>.json: scale, seed, schema) and the database's
    Alembic revision all match the current head; otherwise deleted and rebuilt.
    Any other database (PostgreSQL, or a URL given with --database-url) is upgraded, then reset
    and rebuilt only when it holds no school or with `rebuild`; otherwise it is used as it is
    if it holds the scale's demo (municipality and school counts), and refused if not.
    """
    from dashboard.cli import _create_demo_users

    head = schema_head(url)
    if managed is None:
        managed = make_url(url).get_backend_name() == "sqlite"
    if managed:
        path, *_, marker = _sqlite_files(url)
        note = json.loads(marker.read_text()) if marker.exists() and path.exists() else {}
        current = note == {"scale": scale, "seed": SEED, "schema": head}
        if current and schema_revision(get_engine(url)) == head and not rebuild:
            engine, seconds, built = get_engine(url), None, False
        else:
            get_engine(url).dispose()
            for stale in _sqlite_files(url):
                stale.unlink(missing_ok=True)
            engine, seconds = _build(url, scale)
            marker.write_text(json.dumps({"scale": scale, "seed": SEED, "schema": head}))
            built = True
    else:
        upgrade(url)
        engine = get_engine(url)
        if rebuild or _counts(engine)[0] == 0:
            engine, seconds = _build(url, scale)
            built = True
        else:
            _require_scale(engine, scale, url)
            seconds, built = None, False
            with database.bind(engine):
                _create_demo_users()
    schools, pupils = _counts(engine)
    return BenchDatabase(url, engine, scale, built, seconds, pupils, schools)


def _redacted(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)


def echo_database(prepared: BenchDatabase, echo: Callable[[str], None]) -> None:
    where = f"{prepared.scale}, {prepared.dialect}"
    if prepared.built:
        echo(
            f"demo build ({where}): {prepared.build_seconds:.1f} s, "
            f"{prepared.pupil_results:,} pupil results"
        )
    else:
        echo(
            f"demo reused ({where}): {_redacted(prepared.url)}, {prepared.schools:,} schools, "
            f"{prepared.pupil_results:,} pupil results (--rebuild to build it again)"
        )


def aggregation_figures(engine: Engine, echo: Callable[[str], None]) -> None:
    """The overview and /rankings aggregations, median of 3, with a null cache."""
    cache.set_cache(cache.cache_from_url("null://"))
    region = Scope(login="bench", role="region", region_id=1)
    try:
        with database.bind(engine):
            for name, seconds in overview_figures(region).items():
                echo(f"  {name:<28} {seconds * 1000:8.1f} ms (median of 3, uncached)")
            if _counts(engine)[1]:
                for name, seconds in rankings_view_figures(region).items():
                    echo(f"  {name:<28} {seconds * 1000:8.1f} ms (median of 3, uncached)")
    finally:
        cache.set_cache(None)


# ------------------------------------------------------------------ report


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


def machine_header(prepared: BenchDatabase, mode: str, **extra) -> dict:
    import dash
    import pandas
    import sqlalchemy

    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    header = {
        "date": now,
        "cpu_count": os.cpu_count(),
        "cpu": _cpu_model(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "dialect": prepared.dialect,
        "scale": prepared.scale,
        "database": _redacted(prepared.url),
        "schools": prepared.schools,
        "pupil_results": prepared.pupil_results,
        "versions": {
            "dash": dash.__version__,
            "pandas": pandas.__version__,
            "sqlalchemy": sqlalchemy.__version__,
        },
        mode: {"date": now, **extra},
    }
    if prepared.dialect == "sqlite":
        import sqlite3

        header["sqlite"] = sqlite3.sqlite_version
    return header


def write_json(path: Path, header: dict, records: list[dict]) -> None:
    """{"header", "records"}; records of an earlier run on the same scale and dialect are kept
    unless this run measured the same names (so --pages adds to an HTTP run's file). The header
    describes the machine, plus "http" / "pages" with each mode's date and repeat / visits."""
    path = Path(path)
    kept: list[dict] = []
    if path.exists():
        try:
            old = json.loads(path.read_text())
        except ValueError:
            old = None
        same = isinstance(old, dict) and all(
            old.get("header", {}).get(k) == header[k] for k in ("scale", "dialect")
        )
        if same:
            names = {r["name"] for r in records}
            kept = [r for r in old.get("records", []) if r.get("name") not in names]
            header = {**old["header"], **header}  # keeps the other mode's settings
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps({"header": header, "records": kept + records}, ensure_ascii=False, indent=2)
    path.write_text(text + "\n")


def echo_http_table(records: list[dict], echo: Callable[[str], None]) -> None:
    echo(
        f"{'page':<17} {'cold ms':>8} {'warm p50':>9} {'warm p95':>9} {'bytes':>10} "
        f"{'wire':>9} {'floor ms':>9} {'naive ms':>9} {'SQL':>4}"
    )
    for r in records:
        echo(
            f"{r['name']:<17} {r['cold_ms']:8.1f} {r['warm_p50_ms']:9.1f} {r['warm_p95_ms']:9.1f} "
            f"{r['bytes']:>10,} {r['wire_bytes']:>9,} {r['floor_ms']:9.1f} {r['naive_ms']:9.1f} "
            f"{r['floor_statements']:>4}"
        )


def run(
    scale: str = "region",
    db: str = "sqlite",
    *,
    database_url: str | None = None,
    rebuild: bool = False,
    folder: Path | None = None,
    repeat: int = 30,
    json_path: Path | None = None,
    pages: bool = False,
    visits: int = 3,
    fit: bool = True,
    echo: Callable[[str], None] = print,
) -> list[dict]:
    """The whole `oko bench`; returns the records it measured (also written to `json_path`)."""
    url = database_url_for(db, scale, Path(folder) if folder else bench_folder(), database_url)
    prepared = prepare(scale, url, rebuild, managed=database_url is None and db == "sqlite")
    echo_database(prepared, echo)
    if pages:
        from dashboard import bench_pages

        echo(f"pages in headless Chromium, signed in as region, {visits} visits each:")
        records = bench_pages.run_pages(url, visits, echo)
        bench_pages.echo_table(records, echo)
        header = machine_header(prepared, "pages", visits=visits)
    else:
        from dashboard import bench_http

        aggregation_figures(prepared.engine, echo)
        if fit:
            echo_rankings_fit(echo)
        echo(f"main callback of every page over HTTP, signed in as region, warm = {repeat} calls:")
        records = [r.record() for r in bench_http.run_probes(url, repeat, echo)]
        echo_http_table(records, echo)
        echo(
            "  bytes: callback JSON decoded (wire: gzip as sent); floor: the cold call's SQL "
            "alone; naive: pandas.read_sql of raw rows + pandas aggregation"
        )
        header = machine_header(prepared, "http", repeat=repeat)
    if json_path:
        write_json(Path(json_path), header, records)
        echo(f"wrote {json_path}")
    return records
