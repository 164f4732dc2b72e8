"""Large imports run in the background (dashboard.jobs): progress, report, access."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import func, select

from dashboard import jobs, rules
from dashboard.ids import AdminImports as ids
from dashboard.models import ContextValue, ImportRun, School
from data_access import database
from data_access.scope import OutOfScope
from tests.http.forge import forge
from tests.http.test_admin_imports import _body, _find, _upload, _values

YEAR = 1995  # a year the demo never fills, so the rows written here are recognisable


@pytest.fixture
def background(monkeypatch):
    monkeypatch.setattr(rules, "BACKGROUND_IMPORT_BYTES", 10)


def _scope(app, login: str):
    from data_access import users

    with database.bind(app.server.extensions["oko_engine"]):
        return users.scope_for(users.account_by_login(login))


def _wait(app, job_id: str, timeout: float = 20.0) -> dict:
    admin = _scope(app, "admin")
    deadline = time.monotonic() + timeout
    with app.server.app_context():
        while time.monotonic() < deadline:
            state = jobs.read(admin, job_id)
            assert state is not None
            if state["status"] in jobs.FINISHED:
                return state
            time.sleep(0.05)
    raise AssertionError(f"job {job_id} did not finish in {timeout} s")


def _start(app, client, text: str, name: str) -> str:
    response = client.post(
        "/_dash-update-component",
        json=_body(_find(app, "confirm_import"), _values(_upload(text), name=name, clicks=1)),
    )
    assert response.status_code == 200
    job_id = response.get_json()["response"][ids.JOB]["data"]
    assert isinstance(job_id, str) and job_id
    return job_id


def _poll(app, client, job_id):
    values = {(ids.JOB, "data"): job_id, (ids.POLL, "n_intervals"): 3, (ids.JOB_DONE, "data"): 0}
    return client.post("/_dash-update-component", json=_body(_find(app, "poll_import_job"), values))


def _codes(app, n: int) -> list[str]:
    with app.server.extensions["oko_engine"].connect() as conn:
        return list(
            conn.execute(select(School.school_code).order_by(School.school_code).limit(n)).scalars()
        )


def _rows_for_year(app) -> int:
    with app.server.extensions["oko_engine"].connect() as conn:
        return conn.execute(
            select(func.count()).select_from(ContextValue).where(ContextValue.year == YEAR)
        ).scalar()


def test_large_file_runs_in_the_background_to_done(app, client_for, background):
    codes = _codes(app, 3)
    text = "school_code;year;indicator;value\n" + "".join(
        f"{c};{YEAR};pupils;{100 + i}\n" for i, c in enumerate(codes)
    )
    client = client_for("admin")
    job_id = _start(app, client, text, "big-context.csv")
    state = _wait(app, job_id)
    assert state["status"] == "done" and state["progress"] == 100
    result = state["result"]
    assert state["owner"] == "admin" and result["inserted"] + result["updated"] + result[
        "unchanged"
    ] == len(codes)
    assert _rows_for_year(app) == len(codes)
    with app.server.extensions["oko_engine"].connect() as conn:
        run = conn.execute(select(ImportRun).order_by(ImportRun.id.desc()).limit(1)).one()
    assert (run.file_name, run.outcome, run.user_login) == ("big-context.csv", "success", "admin")
    poll = _poll(app, client, job_id)
    assert poll.status_code == 200
    answer = poll.get_json()["response"]
    assert answer[ids.POLL]["disabled"] is True and answer[ids.PROGRESS]["value"] == 100
    assert "выполнен" in str(answer[ids.JOB_REPORT]) and answer[ids.JOB_DONE]["data"] == 1


def test_progress_reports_the_phases(app, client_for, background, monkeypatch):
    seen: list[tuple[int, str]] = []
    real = jobs._save

    def spy(cache, state):
        seen.append((state["progress"], state["status"]))
        real(cache, state)

    monkeypatch.setattr(jobs, "_save", spy)
    code = _codes(app, 1)[0]
    job_id = _start(
        app,
        client_for("admin"),
        f"school_code;year;indicator;value\n{code};{YEAR};pupils;1\n",
        "phases.csv",
    )
    assert _wait(app, job_id)["status"] == "done"
    percents = [p for p, _s in seen]
    assert percents == sorted(percents) and {25, 50, 90, 100} <= set(percents)


def test_failing_file_ends_failed_with_the_report_and_nothing_written(app, client_for, background):
    before = _rows_for_year(app)
    text = (
        "school_code;year;indicator;value\n"
        f"no-such-school;{YEAR};pupils;1\n"
        f"{_codes(app, 1)[0]};{YEAR};pupils;2\n"
    )
    client = client_for("admin")
    job_id = _start(app, client, text, "bad-context.csv")
    state = _wait(app, job_id)
    assert state["status"] == "failed"
    assert state["result"]["ok"] is False and state["result"]["error_count"] >= 1
    assert _rows_for_year(app) == before
    answer = _poll(app, client, job_id).get_json()["response"]
    assert "отклонён" in str(answer[ids.JOB_REPORT]) and "no-such-school" in str(
        answer[ids.JOB_REPORT]
    )
    assert answer[ids.POLL]["disabled"] is True


@pytest.mark.parametrize("user", ["director", "viewer"])
def test_others_polling_the_job_get_nothing(app, client_for, background, user):
    code = _codes(app, 1)[0]
    job_id = _start(
        app,
        client_for("admin"),
        f"school_code;year;indicator;value\n{code};{YEAR};pupils;5\n",
        "secret-name.csv",
    )
    _wait(app, job_id)
    response = _poll(app, client_for(user), job_id)
    assert response.status_code in {200, 204}
    body = response.get_data(as_text=True)
    assert "secret-name" not in body and "выполнен" not in body
    with app.server.app_context(), pytest.raises(OutOfScope):
        jobs.read(_scope(app, user), job_id)


def test_another_admin_does_not_see_the_job(app):
    from dataclasses import replace

    cache = app.server.extensions["oko_cache"]
    job_id = jobs.submit(app.server, cache, "admin", lambda progress: {"ok": True})
    admin = _scope(app, "admin")
    other = replace(admin, login="other-admin")
    with app.server.app_context():
        _wait(app, job_id)
        assert jobs.read(other, job_id) is None
        assert jobs.read(admin, "x" * 20) is None


def test_a_crashing_job_ends_failed(app):
    def boom(progress):
        raise RuntimeError("boom")

    job_id = jobs.submit(app.server, app.server.extensions["oko_cache"], "admin", boom)
    state = _wait(app, job_id)
    assert state["status"] == "failed" and state["result"] is None


def test_a_result_the_cache_cannot_hold_ends_failed_not_running(app):
    """A result that cannot be stored (a lock is not picklable) must not leave the job
    «running» forever for the page polling it."""
    import threading

    job_id = jobs.submit(
        app.server, app.server.extensions["oko_cache"], "admin", lambda p: {"x": threading.Lock()}
    )
    state = _wait(app, job_id)
    assert state["status"] == "failed" and state["result"] is None


@pytest.mark.parametrize("user", ["admin", "director", "viewer"])
def test_poll_with_junk_never_500(app, client_for, user):
    client = client_for(user)
    callback = _find(app, "poll_import_job")
    for junk in (None, "", "x" * 20, "../../etc", 5, -1, True, [1, "a"], {"id": "x"}, "a" * 5000):
        response = forge(client, callback, junk)
        assert response.status_code in {200, 204}, (junk, response.status_code)
        assert "Traceback" not in response.get_data(as_text=True)


def test_small_files_stay_synchronous(app, client_for):
    code = _codes(app, 1)[0]
    response = _values(
        _upload(f"school_code;year;indicator;value\n{code};{YEAR};pupils;7\n"), clicks=1
    )
    answer = (
        client_for("admin")
        .post("/_dash-update-component", json=_body(_find(app, "confirm_import"), response))
        .get_json()["response"]
    )
    assert answer[ids.JOB]["data"] is None and "выполнен" in str(answer[ids.RESULT])
