"""Large imports as Dash background callbacks (dashboard.jobs), with both job managers:
diskcache subprocesses always, Celery with a real worker when Redis is configured. Progress
follows run_import's phases, the result reaches the caller's session and nobody else's, a
non-admin cannot start a job, and a dead broker is said in Russian instead of a 500."""

from __future__ import annotations

import os
import time
from dataclasses import replace

import pytest
from sqlalchemy import func, select

from dashboard import rules, strings
from dashboard.ids import AdminImports as ids
from dashboard.models import ContextValue, ImportRun, School
from tests.conftest import need
from tests.http.test_admin_imports import _body, _find, _upload, _values
from tests.jobs.polling import follow, poll_once, start

YEAR = 1995  # a year the demo never fills, so the rows written here are recognisable
CELERY_URL = os.environ.get("OKO_TEST_CELERY_URL") or os.environ.get("OKO_TEST_REDIS_URL")


@pytest.fixture(autouse=True)
def background(monkeypatch):
    monkeypatch.setattr(rules, "BACKGROUND_IMPORT_BYTES", 10)


@pytest.fixture(scope="module")
def celery_app(app_settings):
    """The app with its jobs on Celery, and a real worker (a thread) running them."""
    need(bool(CELERY_URL), "OKO_TEST_REDIS_URL is not set: Celery job tests skipped")
    from celery.contrib.testing.worker import start_worker

    from dashboard.app import create_app

    app = create_app(replace(app_settings, celery_broker_url=CELERY_URL))
    celery = app.server.extensions["oko_celery"]
    with start_worker(celery, pool="solo", perform_ping_check=False, loglevel="WARNING"):
        yield app


@pytest.fixture(params=["diskcache", "celery"])
def jobs_app(request, app):
    return app if request.param == "diskcache" else request.getfixturevalue("celery_app")


def _signed_in(app, user: str):
    from tests.conftest import login

    client = app.server.test_client()
    assert login(client, user).status_code == 302
    return client


def _codes(app, n: int) -> list[str]:
    with app.server.extensions["oko_engine"].connect() as conn:
        query = select(School.school_code).order_by(School.school_code).limit(n)
        return list(conn.execute(query).scalars())


def _rows_for_year(app) -> int:
    with app.server.extensions["oko_engine"].connect() as conn:
        return conn.execute(
            select(func.count()).select_from(ContextValue).where(ContextValue.year == YEAR)
        ).scalar()


def _confirm(app, text: str, name: str) -> dict:
    return _body(_find(app, "confirm_import"), _values(_upload(text), name=name, clicks=1))


def _context_file(app, n: int, base: int = 100) -> str:
    rows = "".join(f"{c};{YEAR};pupils;{base + i}\n" for i, c in enumerate(_codes(app, n)))
    return "school_code;year;indicator;value\n" + rows


def test_large_file_runs_in_the_background_with_its_phases(jobs_app):
    client = _signed_in(jobs_app, "admin")
    body = _confirm(jobs_app, _context_file(jobs_app, 3), "big-context.csv")
    key, job = start(client, body)
    run = follow(client, body, key, job)
    answer = run.answer["response"]
    assert "выполнен" in str(answer[ids.RESULT]) and answer[ids.DONE]["data"] == 1
    assert _rows_for_year(jobs_app) == 3
    with jobs_app.server.extensions["oko_engine"].connect() as conn:
        last = conn.execute(select(ImportRun).order_by(ImportRun.id.desc()).limit(1)).one()
    assert (last.file_name, last.outcome) == ("big-context.csv", "success")
    assert last.user_login == "admin"
    percents = [p[f"{ids.PROGRESS}.value"] for p in run.progress]
    assert percents == sorted(percents) and percents[-1] == 100
    texts = " ".join(str(p[f"{ids.JOB_REPORT}.children"]) for p in run.progress)
    assert "big-context.csv" in texts
    assert any(message in texts for message in strings.INGEST_PHASES.values())


def test_the_progress_hook_sees_every_phase_of_run_import(app, client_for):
    """The job's body run in a request of the admin (as the job rebuilds it): the bar gets
    each phase run_import reports, in order, ending at 100."""
    from callbacks.admin_imports import confirm_import
    from tests.http.forge import scope_of

    seen: list[list] = []
    text = _context_file(app, 1, base=7)
    admin = scope_of(app.server.extensions["oko_engine"], "admin")
    with app.server.test_request_context(), pytest.MonkeyPatch.context() as patch:
        patch.setattr("callbacks.admin_imports.current_scope", lambda: admin)
        result, done = confirm_import(
            seen.append, 1, _upload(text), "phases.csv", "context", None, 4
        )
    assert done == 5 and "выполнен" in str(result)
    percents = [value for value, _label, _text in seen]
    assert percents == sorted(percents) and {5, 25, 90, 100} <= set(percents)


def test_a_failing_file_is_reported_and_nothing_is_written(app):
    before = _rows_for_year(app)
    text = (
        "school_code;year;indicator;value\n"
        f"no-such-school;{YEAR};pupils;1\n"
        f"{_codes(app, 1)[0]};{YEAR};pupils;2\n"
    )
    client = _signed_in(app, "admin")
    body = _confirm(app, text, "bad-context.csv")
    run = follow(client, body, *start(client, body))
    report = str(run.answer["response"][ids.RESULT])
    assert "отклонён" in report and "no-such-school" in report
    assert _rows_for_year(app) == before


@pytest.mark.parametrize("user", ["region", "director", "viewer"])
def test_a_non_admin_cannot_start_an_import_job(app, user):
    with app.server.extensions["oko_engine"].connect() as conn:
        before = conn.execute(select(func.max(ImportRun.id))).scalar()
    response = start(_signed_in(app, user), _confirm(app, _context_file(app, 1), "forged.csv"))
    assert not isinstance(response, tuple), "a job was started for a non-admin"
    assert response.status_code == 200 and strings.ACCESS_DENIED in response.get_data(as_text=True)
    with app.server.extensions["oko_engine"].connect() as conn:
        assert conn.execute(select(func.max(ImportRun.id))).scalar() == before


def test_nobody_else_reads_or_stops_the_job(jobs_app):
    """Another user, and another session of the same admin, polling with the owner's key and
    job (and asking to cancel it) get nothing; the owner then still gets the whole result."""
    owner = _signed_in(jobs_app, "admin")
    body = _confirm(jobs_app, _context_file(jobs_app, 2, base=300), "secret-name.csv")
    key, job = start(owner, body)
    time.sleep(0.5)
    for other in (_signed_in(jobs_app, "director"), _signed_in(jobs_app, "admin")):
        for _ in range(3):
            response = poll_once(other, body, key, job)
            text = response.get_data(as_text=True)
            assert response.status_code in {200, 204}
            assert "secret-name" not in text and "выполнен" not in text
            assert "Импорт" not in text  # no progress either
        cancel = other.get(f"/_dash-update-component?cancelJob={job}")
        assert cancel.status_code in {200, 204, 401, 403, 405}
    run = follow(owner, body, key, job)
    assert "выполнен" in str(run.answer["response"][ids.RESULT])


def test_keys_differ_between_runs_and_between_sessions(app):
    client = _signed_in(app, "admin")
    body = _confirm(app, _context_file(app, 1, base=11), "same.csv")
    first, second = start(client, body), start(client, body)
    assert first[0] != second[0]
    for key, job in (first, second):
        follow(client, body, key, job)


def test_a_job_is_followed_from_another_app_instance(jobs_app):
    """Another web worker (a second app on the same settings) answers the poll."""
    from dashboard.app import create_app

    settings = jobs_app.server.config["OKO_SETTINGS"]
    other = create_app(settings)
    client = _signed_in(jobs_app, "admin")
    body = _confirm(jobs_app, _context_file(jobs_app, 1, base=21), "elsewhere.csv")
    key, job = start(client, body)
    twin = other.server.test_client()
    cookie = client.get_cookie(jobs_app.server.config["SESSION_COOKIE_NAME"])
    twin.set_cookie(cookie.key, cookie.value)
    run = follow(twin, body, key, job)
    assert "выполнен" in str(run.answer["response"][ids.RESULT])


def test_a_dead_broker_is_said_not_a_500(app_settings):
    from dashboard.app import create_app

    dead = create_app(replace(app_settings, celery_broker_url="redis://127.0.0.1:9/0"))
    client = _signed_in(dead, "admin")
    began = time.monotonic()
    response = start(client, _confirm(dead, _context_file(dead, 1), "nobroker.csv"))
    assert not isinstance(response, tuple)
    assert response.status_code == 200
    assert strings.JOBS_UNAVAILABLE in response.get_data(as_text=True)
    assert time.monotonic() - began < 5


def test_small_files_stay_synchronous(app, monkeypatch):
    client = _signed_in(app, "admin")
    monkeypatch.setattr(rules, "BACKGROUND_IMPORT_BYTES", 2 * 2**20)
    response = start(client, _confirm(app, _context_file(app, 1, base=7), "small.csv"))
    assert not isinstance(response, tuple)
    assert "выполнен" in str(response.get_json()["response"][ids.RESULT])
