"""The error boundary (callbacks.registry.guarded), proven with planted callbacks.

A refusal answers nothing (204): OutOfScope audited, BadInput not. Anything else is a bug: a
200 with the generic message in each block that can show text, the page's error banner
opened through a side update, the traceback in the server log and the X-OKO-Callback-Error
header, so a crash is never mistaken for a refusal.
"""

from __future__ import annotations

import logging

import pytest
from dash import Input, Output, State
from dash.dependencies import handle_grouped_callback_args
from sqlalchemy import func, select

from callbacks import registry
from callbacks.inputs import BadInput
from callbacks.registry import ERROR_HEADER, CallbackSpec
from dashboard import strings
from dashboard.ids import Shell
from dashboard.models import AuditEvent
from data_access.scope import OutOfScope
from tests.conftest import login
from tests.http.forge import all_server_callbacks, forge, planted_app

SECRET = "planted-secret-detail-7f3a"  # in the exception text: must reach the log, not the user


def planted_crash(value):
    raise RuntimeError(f"{SECRET}: {value}")


def planted_single_crash(value):
    raise RuntimeError(f"{SECRET}: {value}")


def planted_data_crash(value):
    raise RuntimeError(f"{SECRET}: {value}")


def planted_refusal(value):
    raise OutOfScope("school", value)


def planted_bad_input(value):
    raise BadInput(f"not a school code: {value!r}")


PLANTED = [
    CallbackSpec(
        planted_crash,
        (
            Output("planted-graph", "figure"),
            Output("planted-block", "children"),
            Input("planted-crash", "value"),
        ),
        {},
    ),
    CallbackSpec(
        planted_single_crash,
        (Output("planted-single", "children"), Input("planted-single-crash", "value")),
        {},
    ),
    CallbackSpec(
        planted_data_crash, (Output("planted-store", "data"), Input("planted-data", "value")), {}
    ),
    CallbackSpec(
        planted_refusal,
        (Output("planted-refused", "children"), Input("planted-refusal", "value")),
        {},
    ),
    CallbackSpec(
        planted_bad_input,
        (Output("planted-bad", "children"), Input("planted-bad-input", "value")),
        {},
    ),
]


@pytest.fixture(scope="module")
def planted(app_settings):
    """A fresh app with the planted callbacks (on the HTTP tests' demo database)."""
    return planted_app(app_settings.database_url, PLANTED)


@pytest.fixture(scope="module")
def client(planted):
    client = planted.server.test_client()
    assert login(client, "region").status_code == 302
    return client


def _callback(app, func):
    return next(c for c in all_server_callbacks(app) if c.name == func.__name__)


def _audit_rows(app, detail: str) -> int:
    engine = app.server.extensions["oko_engine"]
    with engine.connect() as conn:
        return conn.execute(
            select(func.count())
            .select_from(AuditEvent)
            .where(
                AuditEvent.action == "callback",
                AuditEvent.outcome == "denied",
                AuditEvent.detail == detail,
            )
        ).scalar_one()


def test_planted_callbacks_leave_the_registry(planted):
    assert not any(s is p for s in registry.SPECS for p in PLANTED)
    assert {p.func.__name__ for p in PLANTED} <= {c.name for c in all_server_callbacks(planted)}


def test_a_crash_shows_the_generic_error_in_every_block(planted, client, caplog):
    with caplog.at_level(logging.ERROR, logger="callbacks.registry"):
        response = forge(client, _callback(planted, planted_crash), "go")
    assert response.status_code == 200  # not 204: a crash never looks like a refusal
    assert response.headers[ERROR_HEADER] == "1"
    body = response.get_json()
    figure = body["response"]["planted-graph"]["figure"]
    assert [a["text"] for a in figure["layout"]["annotations"]] == [strings.CALLBACK_ERROR]
    block = body["response"]["planted-block"]["children"]
    assert block["type"] == "Alert" and block["props"]["children"] == strings.CALLBACK_ERROR
    assert body["sideUpdate"] == {
        Shell.ERROR: {"children": strings.CALLBACK_ERROR, "is_open": True}
    }
    assert SECRET not in response.get_data(as_text=True)
    crashes = [
        r
        for r in caplog.records
        if r.name == "callbacks.registry"
        and r.levelno == logging.ERROR
        and "planted_crash" in r.getMessage()
    ]
    assert len(crashes) == 1
    assert crashes[0].exc_info and crashes[0].exc_info[0] is RuntimeError
    assert "Traceback" in caplog.text and SECRET in caplog.text


def test_a_single_output_crash_answers_a_bare_value(planted, client):
    response = forge(client, _callback(planted, planted_single_crash), "go")
    assert response.status_code == 200 and response.headers[ERROR_HEADER] == "1"
    block = response.get_json()["response"]["planted-single"]["children"]
    assert block["type"] == "Alert" and block["props"]["children"] == strings.CALLBACK_ERROR


def test_a_crash_in_a_data_only_callback_still_opens_the_banner(planted, client, caplog):
    with caplog.at_level(logging.ERROR, logger="callbacks.registry"):
        response = forge(client, _callback(planted, planted_data_crash), "go")
    assert response.status_code == 200
    assert response.headers[ERROR_HEADER] == "1"
    body = response.get_json()
    assert body["response"] == {}  # a store cannot show text: it keeps its value
    assert body["sideUpdate"][Shell.ERROR] == {"children": strings.CALLBACK_ERROR, "is_open": True}
    assert "planted_data_crash" in caplog.text and "Traceback" in caplog.text


def test_out_of_scope_is_an_audited_204(planted, client):
    before = _audit_rows(planted, "planted_refusal")
    response = forge(client, _callback(planted, planted_refusal), "foreign-school")
    assert response.status_code == 204
    assert ERROR_HEADER not in response.headers
    assert _audit_rows(planted, "planted_refusal") == before + 1
    engine = planted.server.extensions["oko_engine"]
    with engine.connect() as conn:
        row = conn.execute(
            select(AuditEvent)
            .where(AuditEvent.detail == "planted_refusal")
            .order_by(AuditEvent.id.desc())
            .limit(1)
        ).one()
    assert (row.user_login, row.scope_asked) == ("region", "foreign-school")


def test_bad_input_is_a_204_without_audit(planted, client, caplog):
    before = _audit_rows(planted, "planted_bad_input")
    with caplog.at_level(logging.INFO, logger="callbacks.registry"):
        response = forge(client, _callback(planted, planted_bad_input), {"forged": [1]})
    assert response.status_code == 204
    assert ERROR_HEADER not in response.headers
    assert _audit_rows(planted, "planted_bad_input") == before
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


def test_the_header_is_only_on_the_crashed_response(planted, client):
    """g is per request: the request after a crash carries no error header."""
    assert forge(client, _callback(planted, planted_crash), "go").headers.get(ERROR_HEADER)
    assert ERROR_HEADER not in client.get("/_dash-layout").headers


# ------------------------------------------------------------------ CallbackSpec


def _noop(*_args):
    return None


def _dash_outputs(args: tuple, kwargs: dict):
    """How Dash itself reads the outputs: one bare Output (a bare return value) or a list."""
    outputs = handle_grouped_callback_args(list(args), dict(kwargs))[0]
    return outputs


GRAPH, BLOCK = Output("g", "figure"), Output("b", "children")
TRIGGER, STORED = Input("t", "value"), State("s", "data")
FORMS = {
    "one positional": ((GRAPH, TRIGGER), {}, [GRAPH]),
    "one in a list": (([GRAPH], TRIGGER), {}, [GRAPH]),
    "two positional": ((GRAPH, BLOCK, TRIGGER, STORED), {}, [GRAPH, BLOCK]),
    "lists of each": (([GRAPH, BLOCK], [TRIGGER], [STORED]), {}, [GRAPH, BLOCK]),
    "no output": ((TRIGGER,), {}, []),
    "output= one": ((), {"output": GRAPH, "inputs": [TRIGGER]}, [GRAPH]),
    "output= list": ((), {"output": [GRAPH, BLOCK], "inputs": [TRIGGER]}, [GRAPH, BLOCK]),
    "inputs in a list": ((GRAPH, [TRIGGER, Input("u", "value")]), {}, [GRAPH]),
}


@pytest.mark.parametrize("form", FORMS)
def test_callback_spec_reads_outputs_as_dash_does(form):
    args, kwargs, outputs = FORMS[form]
    spec = CallbackSpec(_noop, args, kwargs)
    assert spec.outputs == outputs
    assert spec.single_output == isinstance(_dash_outputs(args, kwargs), Output)


def test_every_registered_callback_is_read_as_dash_does():
    registry.load_all()
    assert len(registry.SPECS) >= 20
    for spec in registry.SPECS:
        dash_outputs = _dash_outputs(spec.args, spec.kwargs)
        single = isinstance(dash_outputs, Output)
        assert spec.single_output == single, spec
        assert spec.outputs == ([dash_outputs] if single else list(dash_outputs)), spec
