"""The forged-request matrix's positive control (issue 18).

The matrix (tests/http/test_access.py) accepts 204 as a refusal, so a callback that answered
204 to everything would pass it while serving nobody. Here every callback that reads a school
code from the profile's address must answer the director's own school with 200 and data, and
a test of the test replaces one of them with a callback that refuses everything: the control
must then fail.
"""

from __future__ import annotations

import pytest
from dash.exceptions import PreventUpdate

from callbacks.registry import ERROR_HEADER
from dashboard.ids import SchoolProfile
from tests.http.forge import all_server_callbacks
from tests.http.test_access import PROFILE_CALLBACKS, _forge_school, people  # noqa: F401

#: Every callback that reads the profile's school (the same list test_access refuses foreign
#: schools with), answered here with the director's own.
OWN_DATA_CALLBACKS = PROFILE_CALLBACKS


def _has_data(value) -> bool:
    """Whether an output value carries something (not None, "", [] or {})."""
    if isinstance(value, dict):
        return any(_has_data(v) for v in value.values())
    if isinstance(value, list | tuple):
        return any(_has_data(v) for v in value)
    return value not in (None, "", False)


def assert_answers_own(client, callback, school_code: str) -> None:
    """The positive control of one callback: 200, no crash, some output with data."""
    response = _forge_school(client, callback, school_code)
    assert response.status_code == 200, f"{callback} answered {response.status_code}"
    assert ERROR_HEADER not in response.headers, f"{callback} crashed"
    outputs = response.get_json()["response"]
    assert _has_data(outputs), f"{callback} answered nothing"


def test_the_control_covers_the_profile():
    assert len(OWN_DATA_CALLBACKS) >= 3


@pytest.mark.parametrize("callback", OWN_DATA_CALLBACKS, ids=str)
def test_the_director_gets_own_data_from_every_school_callback(client_for, people, callback):  # noqa: F811
    assert_answers_own(client_for("director"), callback, people["own"].school_code)


def test_a_callback_refusing_everything_fails_the_control(app, client_for, people, monkeypatch):  # noqa: F811
    """Test of the test: the header callback replaced by one that always answers 204."""
    callback = next(
        c
        for c in all_server_callbacks(app)
        if any(slot["id"] == SchoolProfile.SCHOOL for slot in c.inputs)
    )
    spec = app.callback_map[callback.output]

    def refuse_everything(*_args, **_kwargs):
        raise PreventUpdate

    monkeypatch.setitem(spec, "callback", refuse_everything)
    with pytest.raises(AssertionError, match="answered 204"):
        assert_answers_own(client_for("director"), callback, people["own"].school_code)
