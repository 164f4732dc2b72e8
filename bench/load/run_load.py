"""Load OKO at several numbers of concurrent users, with an administrator importing meanwhile.

    .venv/bin/python bench/load/run_load.py --host http://127.0.0.1:8050 \
        --users 10 25 50 --run-time 90 --import-rows 250000 \
        --out bench/results/load-large-postgres

For each number of users: locust (headless, on loopback) runs bench/load/locustfile.py for
`--run-time` seconds; `--import-after` seconds in, the administrator of the accounts file imports a
fresh pupil-results file of `--import-rows` rows through /admin/imports (a background job on
the Celery workers), followed to its end; its outcome is read from import_run in the
environment's OKO_DATABASE_URL. Writes <out>.json (every request name's p50/p95/p99 and
failures per level, the import's outcome and duration) and <out>.md (the summary table).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "bench" / "load"))


def machine() -> dict:
    import psutil

    cpu = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    return {
        "cpus": os.cpu_count(),
        "cpu": cpu,
        "memory_gib": round(psutil.virtual_memory().total / 2**30, 1),
        "python": platform.python_version(),
        "system": platform.platform(),
    }


def import_file(rows: int, tag: str) -> Path:
    """A pupil-results CSV of new participants for existing procedures and schools."""
    from import_pupils import make_csv

    from dashboard.config import Settings
    from dashboard.db import get_engine

    engine = get_engine(Settings.from_env().database_url)
    data = make_csv(engine, rows, seed=hash(tag) % 10_000).replace(b";BENCH", b";" + tag.encode())
    path = Path(tempfile.gettempdir()) / f"oko-load-{tag}.csv"
    path.write_bytes(data)
    return path


def run_import(host: str, accounts_path: str, path: Path, result: dict) -> None:
    """The administrator's import through the web (the background job on Celery), followed
    to its end; the outcome read back from import_run."""
    import web_import
    from common import load_accounts
    from sqlalchemy import create_engine, text

    started = time.perf_counter()
    client = web_import.signed_in_admin(host, load_accounts(accounts_path))
    payload, key, job = web_import.start_import(client, path.read_bytes(), path.name)
    followed = web_import.follow(client, payload, key, job, timeout=1800)
    engine = create_engine(os.environ["OKO_DATABASE_URL"])
    with engine.connect() as conn:
        run = conn.execute(
            text("SELECT outcome, rows_inserted FROM import_run ORDER BY id DESC LIMIT 1")
        ).one()
    engine.dispose()
    result.update(
        seconds=round(time.perf_counter() - started, 1),
        job=followed["outcome"],
        outcome=run[0],
        inserted=run[1],
        progress_updates=len(followed["progress"]),
    )


def stats(prefix: Path) -> dict:
    rows = list(csv.DictReader(open(f"{prefix}_stats.csv", encoding="utf-8")))
    out = {}
    for row in rows:
        name = row["Name"] if row["Name"] != "Aggregated" else "all callbacks"
        if row["Name"] in ("sign-in", "dependencies"):
            continue
        out[name] = {
            "requests": int(row["Request Count"]),
            "failures": int(row["Failure Count"]),
            "p50_ms": float(row["50%"]),
            "p95_ms": float(row["95%"]),
            "p99_ms": float(row["99%"]),
            "max_ms": float(row["Max Response Time"]),
        }
    return out


def level(host: str, users: int, run_time: int, out_dir: Path, import_rows: int, after: int):
    prefix = out_dir / f"u{users}"
    env = {**os.environ, "OKO_LOAD_ACCOUNTS": os.environ.get("OKO_LOAD_ACCOUNTS", "")}
    command = [
        str(ROOT / ".venv/bin/locust"),
        "-f",
        str(ROOT / "bench/load/locustfile.py"),
        "--headless",
        "-u",
        str(users),
        "-r",
        str(max(1, users // 5)),
        "--run-time",
        f"{run_time}s",
        "--host",
        host,
        "--csv",
        str(prefix),
        "--only-summary",
    ]
    imported: dict = {}
    thread = None
    path = import_file(import_rows, f"L{users}X") if import_rows else None  # before the load
    locust = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if path is not None:
        time.sleep(after)
        accounts = os.environ["OKO_LOAD_ACCOUNTS"]
        thread = threading.Thread(target=run_import, args=(host, accounts, path, imported))
        thread.start()
    _, err = locust.communicate()
    if thread is not None:
        thread.join()
        imported["rows"] = import_rows
    return {
        "users": users,
        "stats": stats(prefix),
        "import": imported,
        "locust_tail": err.decode()[-400:],
    }


def markdown(report: dict) -> str:
    lines = [
        f"# Load on the `large` demo ({report['date']})",
        "",
        f"Machine: {report['machine']['cpus']} CPUs ({report['machine']['cpu']}), "
        f"{report['machine']['memory_gib']} GiB, {report['machine']['system']}.",
        f"Server: {report['server']}.",
        "",
        "| users | callbacks | failures | p50 ms | p95 ms | p99 ms | max ms | import |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for entry in report["levels"]:
        total = entry["stats"].get("all callbacks", {})
        imp = entry["import"]
        imp_text = f"{imp['rows']:,} rows, {imp['outcome']}, {imp['seconds']} s" if imp else "—"
        lines.append(
            f"| {entry['users']} | {total.get('requests', 0):,} | {total.get('failures', 0)} | "
            f"{total.get('p50_ms', 0):.0f} | {total.get('p95_ms', 0):.0f} | "
            f"{total.get('p99_ms', 0):.0f} | {total.get('max_ms', 0):.0f} | {imp_text} |"
        )
    lines += ["", "Per callback at the highest level (p50 / p95 / p99 ms, requests, failures):", ""]
    last = report["levels"][-1]["stats"]
    for name, s in sorted(last.items()):
        lines.append(
            f"- `{name}`: {s['p50_ms']:.0f} / {s['p95_ms']:.0f} / {s['p99_ms']:.0f}, "
            f"{s['requests']:,}, {s['failures']}"
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="http://127.0.0.1:8050")
    parser.add_argument("--users", type=int, nargs="+", default=[10, 25, 50])
    parser.add_argument("--run-time", type=int, default=150)
    parser.add_argument("--import-rows", type=int, default=250_000)
    parser.add_argument("--import-after", type=int, default=15)
    parser.add_argument("--server", default="production profile (see docs/deploy.md)")
    parser.add_argument("--out", default="bench/results/load-large-postgres")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="oko-load-"))
    report = {
        "date": dt.date.today().isoformat(),
        "machine": machine(),
        "server": args.server,
        "run_time_s": args.run_time,
        "levels": [],
    }
    for users in args.users:
        print(f"{users} users …", flush=True)
        entry = level(args.host, users, args.run_time, work, args.import_rows, args.import_after)
        report["levels"].append(entry)
        total = entry["stats"].get("all callbacks", {})
        print(f"  {total} import {entry['import']}", flush=True)
    Path(f"{args.out}.json").write_text(json.dumps(report, indent=1, ensure_ascii=False))
    Path(f"{args.out}.md").write_text(markdown(report))
    print(f"wrote {args.out}.json and {args.out}.md")


if __name__ == "__main__":
    main()
