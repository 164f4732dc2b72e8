"""The production profile: `oko serve --production` checks its settings, migrates and hands over
to gunicorn; `oko worker` hands over to Celery; and the profile really starts and serves."""

from __future__ import annotations

import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import psutil
import pytest
from click.testing import CliRunner
from sqlalchemy import column, create_engine, select, table

import dashboard.cli as cli
from dashboard.config import PROJECT_ROOT, Settings
from tests.conftest import PG_URL, need
from tests.private_db import drop, private_url

REDIS_URL = os.environ.get("OKO_TEST_REDIS_URL")
SECRET = "p" * 20 + "roduction-secret-0123456789"


@pytest.fixture
def production_env(tmp_path, monkeypatch):
    """A valid single-host production environment on SQLite (no services needed)."""
    monkeypatch.setenv("OKO_ENV", "production")
    monkeypatch.setenv("OKO_SECRET_KEY", SECRET)
    monkeypatch.setenv("OKO_DATABASE_URL", f"sqlite:///{tmp_path / 'prod.sqlite3'}")
    monkeypatch.setenv("OKO_CACHE_URL", "redis://127.0.0.1:1/0")  # never contacted here
    monkeypatch.setenv("OKO_VAR_DIR", str(tmp_path))
    for name in ("OKO_WORKERS", "OKO_BIND", "OKO_CELERY_BROKER_URL"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


@pytest.fixture
def exec_calls(monkeypatch):
    """What the command would exec, instead of exec'ing it."""
    calls: list[list[str]] = []
    monkeypatch.setattr(os, "execv", lambda path, argv: calls.append([path, *argv]))
    # `oko worker` lowers its priority before the exec: recorded, never applied to pytest
    monkeypatch.setattr(os, "nice", lambda increment: calls.append(["nice", increment]) or 0)
    return calls


def test_production_needs_oko_env_production(production_env, monkeypatch, exec_calls):
    monkeypatch.setenv("OKO_ENV", "development")
    result = CliRunner().invoke(cli.main, ["serve", "--production"])
    assert result.exit_code == 1
    assert "OKO_ENV must be production" in result.output
    assert exec_calls == []


def test_production_refuses_a_weak_secret_and_a_per_process_cache(
    production_env, monkeypatch, exec_calls
):
    monkeypatch.setenv("OKO_SECRET_KEY", "short")
    assert CliRunner().invoke(cli.main, ["serve", "--production"]).exit_code == 1
    monkeypatch.setenv("OKO_SECRET_KEY", SECRET)
    monkeypatch.setenv("OKO_CACHE_URL", "simple://")
    result = CliRunner().invoke(cli.main, ["serve", "--production"])
    assert result.exit_code == 1
    assert "shared cache" in result.output
    assert exec_calls == []


def test_production_profile_rule_names_each_problem():
    settings = Settings(env="development", cache_url="filesystem:///tmp/x", workers=2)
    problems = cli.production_problems(settings)
    assert any("OKO_ENV" in problem for problem in problems)
    assert any("OKO_CACHE_URL" in problem for problem in problems)
    one_worker = Settings(env="production", cache_url="filesystem:///tmp/x", workers=1)
    assert cli.production_problems(one_worker) == []


def test_production_migrates_then_execs_gunicorn_with_its_config(production_env, exec_calls):
    result = CliRunner().invoke(cli.main, ["serve", "--production"])
    assert result.exit_code == 0, result.output
    assert "OKO_CELERY_BROKER_URL is not set" in result.output  # said, not refused
    engine = create_engine(f"sqlite:///{production_env / 'prod.sqlite3'}")
    with engine.connect() as conn:
        revision = conn.execute(select(table("alembic_version", column("version_num")))).scalar()
    engine.dispose()
    assert revision  # migrated before gunicorn starts
    (call,) = exec_calls
    assert call[:4] == [sys.executable, sys.executable, "-m", "gunicorn"]
    assert call[call.index("-c") + 1] == str(PROJECT_ROOT / "gunicorn.conf.py")
    assert "--bind" not in call  # OKO_BIND decides unless --host/--port are given
    assert call[-1] == "dashboard.wsgi:server"


def test_production_host_and_port_override_the_bind(production_env, exec_calls):
    result = CliRunner().invoke(cli.main, ["serve", "--production", "--port", "9000"])
    assert result.exit_code == 0, result.output
    call = exec_calls[0]
    assert call[call.index("--bind") + 1] == "127.0.0.1:9000"


def test_debug_is_refused_in_production(production_env, exec_calls):
    assert CliRunner().invoke(cli.main, ["serve", "--production", "--debug"]).exit_code == 2
    assert exec_calls == []


def test_gunicorn_defaults_are_two_workers_of_four_threads(monkeypatch):
    """Sized for 2 cores whatever the host's core count (the reasons are in the file)."""
    import runpy

    for name in ("OKO_WORKERS", "OKO_THREADS", "OKO_BIND"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: 64)
    conf = runpy.run_path(str(PROJECT_ROOT / "gunicorn.conf.py"))
    assert (conf["workers"], conf["threads"], conf["worker_class"]) == (2, 4, "gthread")
    monkeypatch.setenv("OKO_WORKERS", "3")
    monkeypatch.setenv("OKO_THREADS", "8")
    conf = runpy.run_path(str(PROJECT_ROOT / "gunicorn.conf.py"))
    assert (conf["workers"], conf["threads"]) == (3, 8)


def test_worker_needs_a_broker(production_env, exec_calls):
    result = CliRunner().invoke(cli.main, ["worker"])
    assert result.exit_code == 1
    assert "OKO_CELERY_BROKER_URL" in result.output
    assert exec_calls == []


def test_worker_execs_celery_on_the_oko_app(production_env, monkeypatch, exec_calls):
    monkeypatch.setenv("OKO_CELERY_BROKER_URL", "redis://127.0.0.1:6379/5")
    monkeypatch.setenv("OKO_CELERY_CONCURRENCY", "3")
    result = CliRunner().invoke(cli.main, ["worker", "--hostname", "w1@%h"])
    assert result.exit_code == 0, result.output
    niced, call = exec_calls
    assert niced == ["nice", 10]  # jobs yield the CPU to page requests
    assert call[2:7] == ["-m", "celery", "-A", "dashboard.celery_app", "worker"]
    assert "--concurrency=3" in call and "--prefetch-multiplier=1" in call
    assert call[-2:] == ["--hostname", "w1@%h"]  # passed through to celery as given


# ------------------------------------------------------------------------- for real


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


@pytest.mark.postgres
def test_the_production_profile_starts_and_serves(tmp_path):
    """`oko serve --production` against PostgreSQL and Redis: migrates an empty database,
    gunicorn runs 2 workers, /healthz and /login answer 200, and it stops on SIGTERM."""
    need(bool(PG_URL), "OKO_TEST_DATABASE_URL is not set: production profile test skipped")
    need(bool(REDIS_URL), "OKO_TEST_REDIS_URL is not set: production profile test skipped")
    url, admin = private_url("postgresql", tmp_path, "prod")
    port = _free_port()
    env = {
        **os.environ,
        "OKO_ENV": "production",
        "OKO_SECRET_KEY": secrets.token_urlsafe(40),
        "OKO_DATABASE_URL": url,
        "OKO_CACHE_URL": REDIS_URL,
        "OKO_VAR_DIR": str(tmp_path),
        "OKO_WORKERS": "2",
        "OKO_THREADS": "2",
    }
    env.pop("OKO_CELERY_BROKER_URL", None)
    env.pop("OKO_READ_DATABASE_URL", None)
    log = (tmp_path / "gunicorn.log").open("wb")
    command = [sys.executable, "-m", "dashboard.cli", "serve", "--production", "--port", str(port)]
    server = subprocess.Popen(command, cwd=PROJECT_ROOT, env=env, stdout=log, stderr=log)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 25
        status = None
        while time.monotonic() < deadline and server.poll() is None:
            try:
                status, body = _get(base + "/healthz")
                break
            except OSError:
                time.sleep(0.2)
        output = Path(log.name).read_text(errors="replace")
        assert status == 200, output
        assert b'"database":"ok"' in body.replace(b" ", b"")
        assert _get(base + "/login")[0] == 200
        # exec'd: the pid we started is gunicorn's master, with the 2 workers as children
        assert "gunicorn" in " ".join(psutil.Process(server.pid).cmdline())
        assert len(psutil.Process(server.pid).children()) == 2
        assert re.search(r"Booting worker", output)
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()
        drop(create_engine(url), admin)
    assert server.returncode == 0  # a clean shutdown on SIGTERM


@pytest.mark.parametrize("command", [["serve"], ["worker"], ["backup"], ["restore"]], ids=" ".join)
def test_the_new_commands_have_help(command):
    result = CliRunner().invoke(cli.main, [*command, "--help"])
    assert result.exit_code == 0
    assert "Usage:" in result.output


def test_the_deploy_guide_lists_every_environment_variable():
    """Every OKO_* variable the settings, gunicorn or the CLI read is in docs/deploy.md."""
    guide = (PROJECT_ROOT / "docs" / "deploy.md").read_text()
    sources = ("dashboard/config.py", "gunicorn.conf.py", "dashboard/cli.py")
    read = {
        name
        for source in sources
        for name in re.findall(r"OKO_[A-Z_]+", (PROJECT_ROOT / source).read_text())
    }
    assert {"OKO_READ_DATABASE_URL", "OKO_THREADS", "OKO_CELERY_CONCURRENCY"} <= read
    assert sorted(name for name in read if f"`{name}`" not in guide) == []
