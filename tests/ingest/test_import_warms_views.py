"""An import answers the views its readers opened before it (callbacks.warm, through
data_access.imports): on PostgreSQL inside its transaction, before the commit; on SQLite right
after it. Readers then get the new data's answer from the cache, without computing it."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, select

from callbacks.registry import ERROR_HEADER
from dashboard.bench_http import body, callbacks_by_output, probes
from dashboard.config import Settings
from dashboard.ingest import parse
from dashboard.models import Procedure, School
from data_access import database, imports, overview, precompute, users, view_demand
from tests.conftest import login

CODE = "test-warm-views"


@pytest.fixture
def warm_app(demo_url):
    from dashboard.app import create_app

    app = create_app(
        Settings(
            env="test",
            database_url=demo_url,
            cache_url="simple://",
            secret_key="w" * 48,
            testing=True,
        )
    )
    yield app
    engine = app.server.extensions["oko_engine"]
    with engine.begin() as conn:
        conn.execute(delete(Procedure).where(Procedure.code == CODE))
    with app.server.app_context(), database.bind(engine):
        precompute.refresh()  # the stored results of the data as it was before the test


def _visit(client, app, school_code: str) -> tuple[dict, object]:
    """The overview as the director's browser opens it: its set-up callback, then the chart."""
    probe = next(p for p in probes(school_code) if p.name == "/")
    by_output = callbacks_by_output(app.callback_map)
    state = {(probe.location, "pathname"): "/", (probe.location, "search"): ""}
    for slot in probe.setup:
        answer = client.post("/_dash-update-component", json=body(by_output[slot], state))
        assert answer.status_code == 200, answer.data[:300]
        for component, props in answer.get_json()["response"].items():
            state.update({(component, prop): value for prop, value in props.items()})
    main = body(by_output[probe.main], state)
    return main, client.post("/_dash-update-component", json=main)


def test_an_import_answers_the_views_its_readers_opened(warm_app, monkeypatch):
    server = warm_app.server
    view_demand.forget()
    client = server.test_client()
    assert login(client, "director").status_code == 302
    with server.app_context():
        director = users.scope_for(users.account_by_login("director"))
        admin = users.scope_for(users.account_by_login("admin"))
        with server.extensions["oko_engine"].connect() as conn:
            code = conn.execute(
                select(School.school_code).where(School.id == director.school_id)
            ).scalar_one()
    main, first = _visit(client, warm_app, code)
    assert first.status_code == 200 and not first.headers.get(ERROR_HEADER)

    data = f"procedure_code;kind;subject;grade;year;max_score\n{CODE};diagnostic;химия;9;2025;30\n"
    with server.app_context():
        result = imports.run_import(admin, parse("procedures", data.encode(), "p.csv"))
    assert result.ok and result.inserted == 1
    assert result.views_warmed >= 2  # the picker and the chart

    def not_again(*args, **kwargs):
        raise AssertionError("computed again after the import: not answered ahead")

    monkeypatch.setattr(overview, "results_by_municipality", not_again)
    again = client.post("/_dash-update-component", json=main)
    assert again.status_code == 200 and not again.headers.get(ERROR_HEADER)
    assert again.get_json() == first.get_json()  # a new, empty procedure changes no chart
