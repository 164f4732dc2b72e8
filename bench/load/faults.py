"""Faults under load, each scripted and reported: what users saw while a part failed.

    .venv/bin/python bench/load/faults.py --host http://127.0.0.1:8050 \
        --pg-cluster "15 oko" --redis-port 6390 --out bench/results/faults-large-postgres

Runs against the production profile of docs/deploy.md on its own PostgreSQL cluster and Redis
(this script stops, pauses and restarts them). Steady traffic (bench/load/traffic.py) runs
through every scenario; each scenario reports the calls before, during and after the fault
(count, failures by kind, p50/p95/max), /healthz while the part was down (status, slowest
answer) and how long recovery took. Scenarios: pg-restart, pg-pause, redis-pause, redis-stop,
worker-kill, celery-kill, import-1m.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import psutil  # noqa: E402
import web_import  # noqa: E402
from common import load_accounts  # noqa: E402
from run_load import import_file, machine  # noqa: E402
from traffic import Traffic, summary  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
AFTERMATH_S = 30  # pages measured this long after a big import commits


class Parts:
    """The services this script may stop: one PostgreSQL cluster, one Redis, gunicorn, Celery."""

    def __init__(self, args) -> None:
        self.cluster = args.pg_cluster.split()
        self.redis_port = args.redis_port
        self.port = int(args.host.rsplit(":", 1)[1])

    def pg_processes(self) -> list[psutil.Process]:
        version, name = self.cluster
        pidfile = Path(f"/var/lib/postgresql/{version}/{name}/postmaster.pid")
        main = psutil.Process(int(pidfile.read_text().split()[0]))
        return [main, *main.children(recursive=True)]

    def pg_restart(self) -> float:
        started = time.monotonic()
        subprocess.run(
            ["pg_ctlcluster", "--skip-systemctl-redirect", *self.cluster, "restart"], check=True
        )
        return time.monotonic() - started

    def redis(self) -> psutil.Process:
        for proc in psutil.process_iter(["name", "cmdline"]):
            line = " ".join(proc.info["cmdline"] or [])
            if "redis-server" in line and f":{self.redis_port}" in line:
                return proc
        raise RuntimeError(f"no redis-server on port {self.redis_port}")

    def redis_stop(self) -> None:
        subprocess.run(["redis-cli", "-p", str(self.redis_port), "shutdown", "nosave"])

    def redis_start(self) -> None:
        subprocess.run(
            ["redis-server", "--daemonize", "yes", "--bind", "127.0.0.1"]
            + ["--port", str(self.redis_port), "--save", "", "--appendonly", "no"],
            check=True,
        )

    def gunicorn_workers(self) -> list[psutil.Process]:
        for proc in psutil.process_iter(["cmdline"]):
            line = " ".join(proc.info["cmdline"] or [])
            if (
                "gunicorn" in line
                and proc.parent()
                and "gunicorn" not in " ".join(proc.parent().cmdline())
            ):
                return proc.children()
        raise RuntimeError("no gunicorn master found")

    def celery_processes(self) -> list[psutil.Process]:
        found = []
        for proc in psutil.process_iter(["cmdline"]):
            line = " ".join(proc.info["cmdline"] or [])
            if "celery" in line and "dashboard.celery_app" in line and "worker" in line:
                found.append(proc)
        return found


def _signal_all(processes: list[psutil.Process], sig: int) -> None:
    for proc in processes:
        try:
            proc.send_signal(sig)
        except psutil.NoSuchProcess:
            pass


def _health_during(traffic: Traffic, start: float, end: float) -> dict:
    answers = [h for h in traffic.health if start <= h[0] < end]
    statuses: dict[str, int] = {}
    for _at, _s, status, _answer in answers:
        statuses[str(status)] = statuses.get(str(status), 0) + 1
    first_503 = next((h for h in answers if h[2] == 503), None)
    return {
        "answers": len(answers),
        "statuses": statuses,
        "slowest_s": round(max((h[1] for h in answers), default=0.0), 3),
        "first_503_after_s": round(first_503[0] - start, 2) if first_503 else None,
        "sample": first_503[3] if first_503 else (answers[-1][3] if answers else None),
    }


def _recovered_after(traffic: Traffic, since: float) -> float | None:
    """Seconds from `since` to the first successful call started after it."""
    ok = [c.at for c in traffic.calls if c.ok and c.at >= since]
    return round(min(ok) - since, 2) if ok else None


def _phases(traffic: Traffic, fault: float, healed: float, end: float) -> dict:
    return {
        "before": summary(traffic.calls, 0, fault),
        "during": summary(traffic.calls, fault, healed),
        "after": summary(traffic.calls, healed, end),
        "health_during": _health_during(traffic, fault, healed),
        "health_after": _health_during(traffic, healed + 3, end),
        "first_success_after_heal_s": _recovered_after(traffic, healed),
    }


def scenario_pg_restart(parts: Parts, traffic: Traffic, settle: float) -> dict:
    time.sleep(settle)
    fault = traffic.now()
    took = parts.pg_restart()
    healed = traffic.now()
    time.sleep(settle)
    return {"restart_s": round(took, 2), **_phases(traffic, fault, healed, traffic.now())}


def scenario_pg_pause(parts: Parts, traffic: Traffic, settle: float, pause: float) -> dict:
    time.sleep(settle)
    processes = parts.pg_processes()
    fault = traffic.now()
    _signal_all(processes, signal.SIGSTOP)
    time.sleep(pause)
    _signal_all(processes, signal.SIGCONT)
    healed = traffic.now()
    time.sleep(settle)
    return {"paused_s": pause, **_phases(traffic, fault, healed, traffic.now())}


def scenario_redis_pause(parts: Parts, traffic: Traffic, settle: float, pause: float) -> dict:
    time.sleep(settle)
    redis = parts.redis()
    fault = traffic.now()
    redis.send_signal(signal.SIGSTOP)
    time.sleep(pause)
    redis.send_signal(signal.SIGCONT)
    healed = traffic.now()
    time.sleep(settle)
    return {"paused_s": pause, **_phases(traffic, fault, healed, traffic.now())}


def scenario_redis_stop(parts: Parts, traffic: Traffic, settle: float, pause: float, args) -> dict:
    time.sleep(settle)
    fault = traffic.now()
    parts.redis_stop()
    time.sleep(pause / 2)
    job = _try_job(args)  # with the broker down, a job must say it cannot start
    time.sleep(pause / 2)
    parts.redis_start()
    healed = traffic.now()
    time.sleep(settle)
    return {
        "stopped_s": pause,
        "job_while_down": job,
        **_phases(traffic, fault, healed, traffic.now()),
    }


def _try_job(args) -> dict:
    """An admin starts a background import (a file above rules.BACKGROUND_IMPORT_BYTES): with
    the broker down the page must say that jobs cannot start now."""
    from dashboard import strings

    accounts = load_accounts(args.accounts)
    data = Path(import_file(60_000, "R")).read_bytes()
    try:
        client = web_import.signed_in_admin(args.host, accounts)
        web_import.start_import(client, data, "broker-down.csv")
    except web_import.NoJob as answer:
        said = strings.JOBS_UNAVAILABLE in answer.text
        return {"started": False, "said_jobs_unavailable": said, "answer": answer.text[:300]}
    return {"started": True}


def scenario_worker_kill(parts: Parts, traffic: Traffic, settle: float) -> dict:
    time.sleep(settle)
    before = {p.pid for p in parts.gunicorn_workers()}
    victim = sorted(before)[0]
    fault = traffic.now()
    os.kill(victim, signal.SIGKILL)
    respawned = None
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        now = {p.pid for p in parts.gunicorn_workers()}
        if len(now) >= len(before) and victim not in now:
            respawned = round(traffic.now() - fault, 2)
            break
        time.sleep(0.1)
    healed = traffic.now()
    time.sleep(settle)
    return {
        "killed_pid": victim,
        "respawned_after_s": respawned,
        **_phases(traffic, fault, healed, traffic.now()),
    }


def _run_sql(url: str, query: str, **params) -> list:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as conn:
        rows = [tuple(r) for r in conn.execute(text(query), params)]
    engine.dispose()
    return rows


def scenario_celery_kill(parts: Parts, traffic: Traffic, settle: float, args) -> dict:
    """Start a web import (runs on Celery), kill every Celery process mid-import, restart the
    worker, check nothing of the file was written and the run shows failed; re-run it."""
    url = os.environ["OKO_DATABASE_URL"]
    accounts = load_accounts(args.accounts)
    tag = f"K{int(time.time()) % 100000}"
    path = import_file(args.kill_rows, tag)
    count = "SELECT count(*) FROM pupil_result WHERE participant_code LIKE :tag"
    time.sleep(settle)
    client = web_import.signed_in_admin(args.host, accounts)
    payload, key, job = web_import.start_import(client, path.read_bytes(), path.name)
    started = time.monotonic()
    seen_running = False
    while time.monotonic() - started < 120:
        rows = _run_sql(url, "SELECT outcome FROM import_run ORDER BY id DESC LIMIT 1")
        if rows and rows[0][0] == "running":
            seen_running = True
            break
        time.sleep(0.5)
    time.sleep(args.kill_after)  # into the data transaction
    victims = parts.celery_processes()
    fault = traffic.now()
    _signal_all(victims, signal.SIGKILL)
    worker = subprocess.Popen(
        [str(ROOT / ".venv/bin/oko"), "worker"],
        stdout=open(Path(tempfile.gettempdir()) / "oko-worker-restarted.log", "w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    written_after_kill = _run_sql(url, count, tag=f"{tag}%")[0][0]
    reaped = None
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        web_import.open_runs(client)  # the admin opens /admin/imports: interrupted runs reaped
        rows = _run_sql(url, "SELECT outcome, reason FROM import_run ORDER BY id DESC LIMIT 1")
        if rows and rows[0][0] == "failed":
            reaped = {"after_s": round(traffic.now() - fault, 1), "reason": rows[0][1]}
            break
        time.sleep(2)
    audit = _run_sql(
        url,
        "SELECT action, outcome, detail FROM audit_log WHERE action = 'import' "
        "ORDER BY id DESC LIMIT 2",
    )
    healed = traffic.now()
    rerun_started = time.monotonic()
    client = web_import.signed_in_admin(args.host, accounts)
    payload, key, job = web_import.start_import(client, path.read_bytes(), path.name)
    rerun = web_import.follow(client, payload, key, job, timeout=600)
    rerun_seconds = round(time.monotonic() - rerun_started, 1)
    written_after_rerun = _run_sql(url, count, tag=f"{tag}%")[0][0]
    return {
        "rows": args.kill_rows,
        "killed_processes": len(victims),
        "worker_restarted_pid": worker.pid,
        "running_row_seen": seen_running,
        "rows_written_after_kill": written_after_kill,
        "run_marked_failed": reaped,
        "latest_audit": [list(a) for a in audit],
        "rerun": {"outcome": rerun["outcome"], "seconds": rerun_seconds},
        "rows_written_after_rerun": written_after_rerun,
        **_phases(traffic, fault, healed, traffic.now()),
    }


def scenario_import_1m(traffic: Traffic, args) -> dict:
    """A million-row CLI import while the traffic runs: page latency per 10 s window."""
    path = import_file(args.big_rows, f"M{int(time.time()) % 100000}")
    time.sleep(5)
    start = traffic.now()
    done = subprocess.run(
        [str(ROOT / ".venv/bin/oko"), "import", "pupil-results", str(path), "--as", "load_admin"],
        capture_output=True,
        text=True,
    )
    end = traffic.now()
    time.sleep(AFTERMATH_S)  # the new data version: every page's cache is cold again
    until = traffic.now()
    windows = []
    t = start
    while t < until:
        windows.append(summary(traffic.calls, t, min(t + 10, until)))
        t += 10
    return {
        "rows": args.big_rows,
        "import_s": round(end - start, 1),
        "exit_code": done.returncode,
        "import_output": (done.stdout + done.stderr).strip().splitlines()[-2:],
        "during": summary(traffic.calls, start, end),
        "after": summary(traffic.calls, end, until),
        "worst_window_p95_s": max((w["p95_s"] for w in windows), default=0.0),
        "windows": windows,
    }


def _calls(phase: dict) -> str:
    failures = ", ".join(f"{n} {kind}" for kind, n in phase["failures"].items()) or "0 failures"
    return f"{phase['calls']} calls, {failures}, p95 {phase['p95_s']} s, max {phase['max_s']} s"


def _health(health: dict) -> str:
    if not health["answers"]:
        return "—"
    statuses = ", ".join(f"{n}× {code}" for code, n in health["statuses"].items())
    first = health["first_503_after_s"]
    return f"{statuses}; slowest {health['slowest_s']} s" + (
        f"; first 503 after {first} s" if first is not None else ""
    )


def markdown(report: dict) -> str:
    """The report as the tables README and docs/deploy.md quote."""
    m = report["machine"]
    lines = [
        f"# Faults under load on the `large` demo ({report['date']})",
        "",
        f"Machine: {m['cpus']} CPUs ({m['cpu']}), {m['memory_gib']} GiB, {m['system']}. "
        "Production profile of docs/deploy.md (gunicorn 2 × 4, PostgreSQL 15, Redis 7, one "
        "Celery worker of 2 processes), steady traffic of signed-in users "
        "(bench/load/traffic.py). A call counts in the phase in which it ended.",
        "",
    ]
    for name, r in report["scenarios"].items():
        lines += [f"## {name} ({r['users']} users)", ""]
        if name == "import-1m":
            lines += [
                f"- import: {r['rows']:,} rows in {r['import_s']} s, exit {r['exit_code']}",
                f"- pages during the import: {_calls(r['during'])}",
                f"- pages in the {AFTERMATH_S} s after it (caches cold): {_calls(r['after'])}",
                f"- worst 10-s window p95, from the start to {AFTERMATH_S} s after the end: "
                f"{r['worst_window_p95_s']} s",
                "",
            ]
            continue
        extra = {
            k: v
            for k, v in r.items()
            if k not in {"before", "during", "after", "health_during", "health_after", "users"}
        }
        lines += [
            f"- before: {_calls(r['before'])}",
            f"- during: {_calls(r['during'])}; /healthz {_health(r['health_during'])}",
            f"- after: {_calls(r['after'])}; /healthz {_health(r['health_after'])}",
            f"- first success after the part was back: {r['first_success_after_heal_s']} s",
            f"- {json.dumps(extra, ensure_ascii=False)}",
            "",
        ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="http://127.0.0.1:8050")
    parser.add_argument("--accounts", default=os.environ.get("OKO_LOAD_ACCOUNTS", ""))
    parser.add_argument("--pg-cluster", default="15 oko")
    parser.add_argument("--redis-port", type=int, default=6390)
    parser.add_argument("--users", type=int, default=8)
    parser.add_argument("--settle", type=float, default=10.0)
    parser.add_argument("--pause", type=float, default=20.0)
    parser.add_argument("--kill-rows", type=int, default=250_000)
    parser.add_argument("--kill-after", type=float, default=3.0)
    parser.add_argument("--big-rows", type=int, default=1_000_000)
    parser.add_argument("--big-users", type=int, default=25)
    parser.add_argument(
        "--only",
        nargs="*",
        default=[
            "pg-restart",
            "pg-pause",
            "redis-pause",
            "redis-stop",
            "worker-kill",
            "celery-kill",
            "import-1m",
        ],
    )
    parser.add_argument("--out", default="bench/results/faults-large-postgres")
    args = parser.parse_args()
    accounts = load_accounts(args.accounts)
    parts = Parts(args)
    out = Path(f"{args.out}.json")
    report = json.loads(out.read_text()) if out.exists() else {}
    report.update(date=dt.date.today().isoformat(), machine=machine())
    report.setdefault("scenarios", {})
    for name in args.only:
        users = args.big_users if name == "import-1m" else args.users
        traffic = Traffic(args.host, accounts, users=users)
        if name == "import-1m":
            traffic.think = (1.0, 3.0)
        traffic.start()
        print(f"{name} …", flush=True)
        try:
            if name == "pg-restart":
                result = scenario_pg_restart(parts, traffic, args.settle)
            elif name == "pg-pause":
                result = scenario_pg_pause(parts, traffic, args.settle, args.pause)
            elif name == "redis-pause":
                result = scenario_redis_pause(parts, traffic, args.settle, args.pause)
            elif name == "redis-stop":
                result = scenario_redis_stop(parts, traffic, args.settle, args.pause, args)
            elif name == "worker-kill":
                result = scenario_worker_kill(parts, traffic, args.settle)
            elif name == "celery-kill":
                result = scenario_celery_kill(parts, traffic, args.settle, args)
            elif name == "import-1m":
                result = scenario_import_1m(traffic, args)
            else:
                raise SystemExit(f"unknown scenario {name}")
        finally:
            traffic.stop()
        result["users"] = users
        report["scenarios"][name] = result
        print(json.dumps(result, ensure_ascii=False)[:1500], flush=True)
        out.write_text(json.dumps(report, indent=1, ensure_ascii=False))
        Path(f"{args.out}.md").write_text(markdown(report))
    print(f"wrote {out} and {args.out}.md")


if __name__ == "__main__":
    main()
