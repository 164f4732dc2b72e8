"""Issue 23: forged /procedures and /rankings callbacks cannot reach a voluntary work.

An app over a private demo (SQLite, and PostgreSQL when configured) that holds a voluntary
diagnostic work (the subject, grade and year of a real ВПР, results at schools of both
municipalities, the director's among them: tests.data_access.test_voluntary_hidden_elsewhere).
Every server callback of the two pages is posted, for each role, once naming the work (kind
«voluntary», its code in a cohort pair, the kind in the address) and once naming an unknown
kind and code: the answers are the same, up to the asked names themselves where a control
echoes them (the address, a chart title naming the asked pair). The pickers offer no
«voluntary» kind and never the work's code.
"""

from __future__ import annotations

import json
from urllib.parse import urlencode

import pytest

from dashboard import strings
from dashboard.config import Settings
from dashboard.ids import Procedures as proc_ids
from dashboard.ids import Rankings as rank_ids
from dashboard.models import VOLUNTARY_KIND
from data_access import precompute
from data_access.rankings import ALL
from tests.conftest import login
from tests.data_access.test_voluntary_hidden_elsewhere import (
    CODE,
    SCALE,
    UNKNOWN_CODE,
    UNKNOWN_KIND,
    add_voluntary_work,
    twin_procedure,
)
from tests.http.forge import all_server_callbacks, body_for
from tests.private_db import private_demo

USERS = ("region", "district", "director", "viewer")
#: Callbacks that only write the asked selection into the address or follow a click: they echo
#: what was asked by construction and read no result.
ECHOES = {"write_query", "rankings_address", "rankings_open_school"}
MASK = "«asked»"


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def hidden_app(request, tmp_path_factory):
    from dashboard.app import create_app
    from dashboard.cli import _create_demo_users
    from data_access import users

    folder = tmp_path_factory.mktemp("forged")
    with private_demo(request.param, folder, "forged", SCALE, seed=23) as engine:
        _create_demo_users()
        director = users.scope_for(users.account_by_login("director"))
        people = {"school": director}
        twin = twin_procedure(engine)
        add_voluntary_work(engine, twin, people)
        precompute.refresh()
        app = create_app(
            Settings(
                env="test",
                database_url=engine.url.render_as_string(hide_password=False),
                cache_url="simple://",
                secret_key="v" * 48,
                testing=True,
            )
        )
        yield app, twin


def _client(app, user: str):
    client = app.server.test_client()
    assert login(client, user).status_code == 302
    return client


def _page_callbacks(app, prefix: str) -> list:
    return [
        c
        for c in all_server_callbacks(app)
        if c.output.lstrip(".").startswith(prefix) and c.name not in ECHOES
    ]


def _procedures_values(twin: dict, kind: str, code: str, chart: str) -> dict:
    selection = {
        "kind": kind,
        "subject": twin["subject"],
        "grade": twin["grade"],
        "years": twin["year"],
        "pair": f"{code}:{twin['code']}",
    }
    return {
        proc_ids.KIND: kind,
        proc_ids.SUBJECT: twin["subject"],
        proc_ids.GRADE: twin["grade"],
        proc_ids.YEARS: [twin["year"]],
        proc_ids.UNIT: "schools",
        proc_ids.SORT: "name",
        proc_ids.PAIR: f"{code}:{twin['code']}",
        proc_ids.SHOW_ALL: [],
        proc_ids.TABS: chart,
        ("location", "pathname"): "/procedures",
        ("location", "search"): "?" + urlencode(selection),
    }


def _rankings_values(twin: dict, kind: str, subject, grade) -> dict:
    selection = {"kind": kind, "subject": subject, "grade": grade, "year": twin["year"]}
    return {
        rank_ids.KIND: kind,
        rank_ids.SUBJECT: subject,
        rank_ids.GRADE: grade,
        rank_ids.YEAR: twin["year"],
        rank_ids.COVARIATES: ["social_index"],
        rank_ids.LEVEL: "school",
        rank_ids.TABS: "scatter",
        rank_ids.TABLE_SCOPE: "all",
        rank_ids.SHOW_ALL: [],
        ("location", "pathname"): "/rankings",
        ("location", "search"): "?" + urlencode(selection),
    }


def _slot_value(slot: dict, values: dict):
    ident, prop = slot["id"], slot["property"]
    if isinstance(ident, str) and ident.endswith("-location"):
        return values[("location", prop)]
    if prop == "getRowsRequest":
        return {"startRow": 0, "endRow": 100}
    if prop == "n_clicks":
        return 1
    if prop == "active_item":  # a chart's «Таблица данных» opened
        return proc_ids.TABLE_ITEM
    return values.get(ident)


def _post(client, callback, values: dict) -> tuple[int, str]:
    body = body_for(callback, None)
    for slot in body["inputs"] + body["state"]:
        slot["value"] = _slot_value(slot, values)
    response = client.post("/_dash-update-component", json=body)
    return response.status_code, response.get_data(as_text=True)


def _masked(text: str, kind: str, code: str) -> str:
    """The answer with the asked kind and code (and the kind's name) put as one placeholder."""
    label = strings.PROCEDURE_KINDS.get(kind, kind)
    for asked in (code, label, kind):
        text = text.replace(json.dumps(asked, ensure_ascii=False)[1:-1], MASK)
        text = text.replace(json.dumps(asked)[1:-1], MASK)
    return text


def _compare(client, callback, values_of) -> None:
    asked = _post(client, callback, values_of(VOLUNTARY_KIND, CODE))
    unknown = _post(client, callback, values_of(UNKNOWN_KIND, UNKNOWN_CODE))
    assert asked[0] == unknown[0], (callback.name, asked[0], unknown[0], asked[1][:300])
    assert _masked(asked[1], VOLUNTARY_KIND, CODE) == _masked(
        unknown[1], UNKNOWN_KIND, UNKNOWN_CODE
    ), callback.name


@pytest.mark.parametrize("user", USERS)
def test_procedures_callbacks_answer_a_voluntary_work_as_an_unknown_one(hidden_app, user):
    app, twin = hidden_app
    client = _client(app, user)
    callbacks = _page_callbacks(app, "procedures-")
    assert {"choose_procedure", "marks_chart", "pair_chart", "load_controls"} <= {
        c.name for c in callbacks
    }
    for callback in callbacks:
        chart = callback.name.split("_")[0]
        chart = chart if chart in proc_ids.CHARTS else proc_ids.TABBED[0]
        _compare(
            client, callback, lambda kind, code, c=chart: _procedures_values(twin, kind, code, c)
        )


@pytest.mark.parametrize("user", USERS)
def test_rankings_callbacks_answer_a_voluntary_work_as_an_unknown_one(hidden_app, user):
    app, twin = hidden_app
    client = _client(app, user)
    callbacks = _page_callbacks(app, "rankings-")
    assert {"rankings_view", "rankings_pickers", "rankings_download"} <= {c.name for c in callbacks}
    for subject, grade in ((ALL, 0), (twin["subject"], twin["grade"])):
        for callback in callbacks:
            _compare(
                client,
                callback,
                lambda kind, _code, s=subject, g=grade: _rankings_values(twin, kind, s, g),
            )


def test_pickers_offer_no_voluntary_kind(hidden_app):
    app, twin = hidden_app
    client = _client(app, "region")
    pickers = {
        c.name: c
        for c in all_server_callbacks(app)
        if c.name in {"choose_procedure", "rankings_pickers"}
    }
    procedures = _post(
        client, pickers["choose_procedure"], _procedures_values(twin, "vpr", twin["code"], "marks")
    )
    rankings = _post(client, pickers["rankings_pickers"], _rankings_values(twin, "vpr", ALL, 0))
    for status, text in (procedures, rankings):
        assert status == 200, text[:300]
        kinds = [
            o["value"]
            for output in json.loads(text)["response"].values()
            for o in output.get("options", [])
            if isinstance(o, dict)
        ]
        assert "vpr" in kinds and VOLUNTARY_KIND not in kinds, kinds
        assert CODE not in text
