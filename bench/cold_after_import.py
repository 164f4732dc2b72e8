"""The first visit after an import, in a server process that did not run the import.

    .venv/bin/python bench/cold_after_import.py [--database var/bench/large-sqlite.sqlite3]
        [--cache-url simple://|redis://127.0.0.1:6379/13]

Two apps on a copy of a bench SQLite database stand for two gunicorn workers, each with its
own cache (`simple://`, the default here) or one shared cache (`redis://…`). Worker A imports
a file of changed school results through the real import (summaries and stored results are
refreshed after it commits). Then worker B, which never saw the import, answers each page's
set-up callbacks and main callback (the probes of `oko bench`) for the first time after the
import, and again (warm). The same is measured once more with the stored results deleted, as
before they existed.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import select  # noqa: E402

from dashboard.bench_http import (  # noqa: E402
    LOGIN,
    Client,
    LiveServer,
    body,
    callbacks_by_output,
    probe_state,
    probes,
    profile_school,
)
from dashboard.cli import DEMO_PASSWORD  # noqa: E402
from dashboard.ingest import parse  # noqa: E402
from dashboard.models import Procedure, School, SchoolResult  # noqa: E402
from data_access import database, derived, imports, users  # noqa: E402
from data_access.users import SYSTEM  # noqa: E402


def _app(url: str, cache_url: str):
    import secrets

    from dashboard.app import create_app
    from dashboard.config import Settings

    settings = Settings(
        env="development",
        database_url=url,
        cache_url=cache_url,
        secret_key=secrets.token_urlsafe(48),
    )
    return create_app(settings)


def _changed_results(engine) -> bytes:
    """Mean scores of 30 school results of the latest ВПР year, lowered by one point."""
    with engine.connect() as conn:
        year = conn.execute(
            select(Procedure.year).where(Procedure.kind == "vpr").order_by(Procedure.year.desc())
        ).scalar()
        rows = conn.execute(
            select(Procedure.code, School.school_code, SchoolResult.participants)
            .add_columns(SchoolResult.mean_score)
            .join(Procedure, Procedure.id == SchoolResult.procedure_id)
            .join(School, School.id == SchoolResult.school_id)
            .where(Procedure.kind == "vpr", Procedure.year == year)
            .where(SchoolResult.mean_score > 1)
            .order_by(Procedure.code, School.school_code)
            .limit(30)
        ).all()
    lines = ["procedure_code;school_code;participants;mean_score"]
    lines += [f"{p};{s};{n};{m - 1:.2f}".replace(".", ",") for p, s, n, m in rows]
    return "\n".join(lines).encode()


def _first_calls(app, label: str) -> None:
    """One cold and one warm call of every page's main callback, as `region`."""
    engine = app.server.extensions["oko_engine"]
    with database.bind(engine):
        region_id = users.scope_for(users.account_by_login(LOGIN)).region_id
    by_output = callbacks_by_output(app.callback_map)
    with LiveServer(app.server) as server:
        client = Client(server.url)
        client.sign_in(LOGIN, DEMO_PASSWORD)
        print(f"{label}")
        for probe in probes(profile_school(engine, region_id)):
            started = time.perf_counter()
            state = probe_state(client, by_output, probe)
            payload = body(by_output[probe.main], state)
            cold = client.callback(payload)
            first = time.perf_counter() - started
            started = time.perf_counter()
            state = probe_state(client, by_output, probe)
            warm = client.callback(body(by_output[probe.main], state))
            again = time.perf_counter() - started
            print(
                f"  {probe.name:<18} first {first * 1000:8.1f} ms"
                f"   again {again * 1000:7.1f} ms   HTTP {cold.status}/{warm.status}"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="var/bench/large-sqlite.sqlite3")
    parser.add_argument("--cache-url", default="simple://")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / "oko.sqlite3"
        shutil.copyfile(options.database, copy)
        url = f"sqlite:///{copy}"
        worker_a = _app(url, options.cache_url)
        worker_b = _app(url, options.cache_url)
        engine = worker_a.server.extensions["oko_engine"]
        data = _changed_results(engine)
        with worker_a.server.app_context(), database.bind(engine):
            started = time.perf_counter()
            result = imports.run_import(SYSTEM, parse("results", data, "results.csv"))
            seconds = time.perf_counter() - started
        if not result.ok or not result.updated:
            raise SystemExit(f"the import changed nothing: {result}")
        print(
            f"worker A imported {result.updated} changed school results in {seconds:.1f} s "
            f"(summaries and stored results included); cache {options.cache_url}"
        )
        _first_calls(worker_b, "worker B, first visit after the import:")
        with database.bind(engine), database.write() as conn:
            derived.clear(conn)
        worker_c = _app(url, options.cache_url)
        with worker_c.server.app_context():
            from data_access import cache

            cache.invalidate()
        _first_calls(worker_c, "worker C, the same without the stored results:")


if __name__ == "__main__":
    main()
