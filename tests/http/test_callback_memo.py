"""Memoised views (callbacks.registry, `memo=`): an answer is computed once per scope, inputs
and data version, never shared across scopes; an output left as it was stays so; refusals
and crashes are never kept. Proven with planted callbacks through Flask's test client."""

from __future__ import annotations

import pytest
from dash import Input, Output, html, no_update

from callbacks import warm
from callbacks.registry import ERROR_HEADER, CallbackSpec
from dashboard.auth import current_scope
from data_access import cache, view_demand
from data_access.scope import OutOfScope
from tests.conftest import login
from tests.http.forge import all_server_callbacks, body_for, forge, planted_app
from tests.http.test_callback_errors import _audit_rows

CALLS: dict[str, int] = {}
DAY = {"value": "2026-11-26"}


def _count(name: str) -> None:
    CALLS[name] = CALLS.get(name, 0) + 1


def memo_view(value):
    _count("view")
    scope = current_scope()
    return {"data": [{"y": [1, 2]}]}, html.Div(f"{scope.role}:{scope.school_id}:{value}")


def memo_partial(value):
    _count("partial")
    return no_update, f"partial {value}"


def memo_crash(value):
    _count("crash")
    raise RuntimeError("planted memo crash")


def memo_refusal(value):
    _count("refusal")
    raise OutOfScope("school", value)


def memo_dated(value):
    _count("dated")
    return f"{DAY['value']}:{value}"


PLANTED = [
    CallbackSpec(
        memo_view,
        (
            Output("memo-graph", "figure"),
            Output("memo-block", "children"),
            Input("memo-in", "value"),
        ),
        {},
        True,
    ),
    CallbackSpec(
        memo_partial,
        (Output("memo-a", "children"), Output("memo-b", "children"), Input("memo-p", "value")),
        {},
        True,
    ),
    CallbackSpec(memo_crash, (Output("memo-c", "children"), Input("memo-c-in", "value")), {}, True),
    CallbackSpec(
        memo_refusal, (Output("memo-r", "children"), Input("memo-r-in", "value")), {}, True
    ),
    CallbackSpec(
        memo_dated,
        (Output("memo-d", "children"), Input("memo-d-in", "value")),
        {},
        lambda: DAY["value"],
    ),
]


@pytest.fixture(scope="module")
def app(app_settings):
    return planted_app(app_settings.database_url, PLANTED, cache_url="simple://")


@pytest.fixture
def clients(app):
    CALLS.clear()
    app.server.extensions["oko_cache"].clear()
    made = {}
    for user in ("region", "director"):
        made[user] = app.server.test_client()
        assert login(made[user], user).status_code == 302
    return made


def _post(app, client, func, value):
    callback = next(c for c in all_server_callbacks(app) if c.name == func.__name__)
    return forge(client, callback, value)


def test_a_view_is_computed_once_per_scope_and_inputs(app, clients):
    region, director = clients["region"], clients["director"]
    first = _post(app, region, memo_view, "a")
    again = _post(app, region, memo_view, "a")
    assert first.status_code == again.status_code == 200
    assert again.get_data() == first.get_data() and CALLS["view"] == 1
    assert "region" in first.get_data(as_text=True)
    other = _post(app, region, memo_view, "b")
    assert CALLS["view"] == 2 and '"region:None:b"' in other.get_data(as_text=True)
    # The director's answer is his own, never the region's cached one.
    own = _post(app, director, memo_view, "a")
    assert CALLS["view"] == 3
    assert "school:" in own.get_data(as_text=True) and "region:" not in own.get_data(as_text=True)


def test_a_data_change_makes_every_kept_view_stale(app, clients):
    _post(app, clients["region"], memo_view, "a")
    with app.server.app_context():
        cache.invalidate()  # what an import, a review or a roadmap change does
    _post(app, clients["region"], memo_view, "a")
    assert CALLS["view"] == 2


def test_an_output_left_as_it_was_stays_so_in_a_kept_answer(app, clients):
    region = clients["region"]
    answers = [_post(app, region, memo_partial, "x") for _ in range(2)]
    assert CALLS["partial"] == 1
    for answer in answers:
        response = answer.get_json()["response"]
        assert response == {"memo-b": {"children": "partial x"}}  # memo-a: no update


def test_crashes_and_refusals_are_never_kept(app, clients):
    region = clients["region"]
    for _ in range(2):
        crashed = _post(app, region, memo_crash, "x")
        assert crashed.headers.get(ERROR_HEADER) == "1"
    assert CALLS["crash"] == 2
    before = _audit_rows(app, "memo_refusal")
    for _ in range(2):
        assert _post(app, region, memo_refusal, "forged-code").status_code == 204
    assert CALLS["refusal"] == 2
    assert _audit_rows(app, "memo_refusal") == before + 2


def test_a_view_keyed_on_its_own_day_follows_it(app, clients):
    region = clients["region"]
    assert "2026-11-26:v" in _post(app, region, memo_dated, "v").get_data(as_text=True)
    DAY["value"] = "2026-11-27"
    try:
        assert "2026-11-27:v" in _post(app, region, memo_dated, "v").get_data(as_text=True)
    finally:
        DAY["value"] = "2026-11-26"
    assert CALLS["dated"] == 2


# ---------------------------------------------------------------- views answered ahead


def test_views_noted_before_a_data_change_are_answered_ahead_of_their_readers(app, clients):
    """What an import does before its commit (callbacks.warm): the views readers opened are
    computed for the new data under each reader's scope, and the readers get them kept."""
    view_demand.forget()
    for user in ("director", "region"):
        assert _post(app, clients[user], memo_view, "w").status_code == 200
    assert CALLS["view"] == 2
    with app.server.app_context():
        cache.invalidate()
        assert warm.replay(app) == 2
    assert CALLS["view"] == 4
    answers = {user: _post(app, clients[user], memo_view, "w") for user in ("director", "region")}
    assert CALLS["view"] == 4  # both from the cache
    assert "school:" in answers["director"].get_data(as_text=True)
    assert "region:None" in answers["region"].get_data(as_text=True)


def test_warming_takes_the_scope_from_the_account_and_audits_no_refusal(app, clients, monkeypatch):
    """A note is only a hint: a note whose scope is not the account's scope now is skipped,
    and a view the reader may no longer open is not answered, nor audited as their refusal."""
    view_demand.forget()
    _post(app, clients["director"], memo_view, "s")
    with app.server.app_context():
        (noted,) = view_demand.recent()
        refusal = next(c for c in all_server_callbacks(app) if c.name == "memo_refusal")
        request = body_for(refusal, "x")
        entries = [
            {**noted, "scope": "region:1:None:None"},  # more than the account has
            {**noted, "request": request},  # refused now
        ]
        monkeypatch.setattr(view_demand, "recent", lambda limit=0: entries)
        cache.invalidate()
        audited = _audit_rows(app, "memo_refusal")
        assert warm.replay(app) == 0
        assert _audit_rows(app, "memo_refusal") == audited
    assert CALLS["view"] == 1 and CALLS["refusal"] == 1
