"""`/objectivity` through forged Dash requests: names stay in scope, reviews need rights."""

from __future__ import annotations

import csv
import io
import json

import pytest
from sqlalchemy import select

from dashboard import strings
from dashboard.ids import Objectivity as ids
from dashboard.models import AuditEvent, School
from data_access import database
from data_access import objectivity as data
from tests.http.forge import all_server_callbacks


@pytest.fixture(scope="module")
def world(app):
    """The director's school, a flagged school and a foreign school from the app's demo."""
    from data_access import users

    engine = app.server.extensions["oko_engine"]
    with database.bind(engine), engine.connect() as conn:
        region = users.scope_for(users.account_by_login("region"))
        director = users.scope_for(users.account_by_login("director"))
        flags = data.flag_table(region)
        own = conn.execute(
            select(School.school_code, School.name).where(School.id == director.school_id)
        ).one()
        foreign = conn.execute(
            select(School.school_code, School.name)
            .where(School.id != director.school_id)
            .order_by(School.school_code)
        ).first()
    assert not flags.empty, "the app's demo should have at least one flagged school-year"
    return {"flags": flags, "own": own, "foreign": foreign, "engine": engine}


def _call(app, client, name: str, values: dict):
    """POST the callback `name` with values keyed by '<id>.<property>' (others None)."""
    spec = next(c for c in all_server_callbacks(app) if c.name == name)

    def fill(slots):
        return [{**slot, "value": values.get(f"{slot['id']}.{slot['property']}")} for slot in slots]

    inputs = fill(spec.inputs)
    body = {
        "output": spec.output,
        "outputs": spec.outputs,
        "inputs": inputs,
        "state": fill(spec.state),
        "changedPropIds": [f"{inputs[0]['id']}.{inputs[0]['property']}"],
    }
    return client.post("/_dash-update-component", json=body)


def _text(response) -> str:
    return response.get_data(as_text=True)


def test_region_table_names_flagged_schools(app, client_for, world):
    row = world["flags"].iloc[0]
    body = _text(
        _call(
            app, client_for("region"), "objectivity_table", {f"{ids.YEAR}.value": int(row["year"])}
        )
    )
    assert json.dumps(row["school_name"])[1:-1] in body or row["school_name"] in body


def test_viewer_sees_no_school_names(app, client_for, world):
    client = client_for("viewer")
    for name in ("objectivity_table", "objectivity_counts"):
        for year in sorted(set(world["flags"]["year"])):
            search = "?school=" + world["flags"]["school_code"].iloc[0]
            body = _text(
                _call(
                    app,
                    client,
                    name,
                    {f"{ids.YEAR}.value": int(year), f"{ids.LOCATION}.search": search},
                )
            )
            for school in world["flags"]["school_name"]:
                assert school not in body and json.dumps(school)[1:-1] not in body


def test_director_forging_a_flagged_foreign_school_gets_nothing(app, client_for, world):
    client = client_for("director")
    foreign = world["flags"][world["flags"]["school_code"] != world["own"].school_code].iloc[0]
    values = {
        f"{ids.YEAR}.value": int(foreign["year"]),
        f"{ids.SCHOOL}.value": foreign["school_code"],
        f"{ids.LOCATION}.search": "?school=" + foreign["school_code"],
        f"{ids.PROCEDURE}.value": 1,
    }
    for name in (
        "objectivity_table",
        "objectivity_detail",
        "objectivity_distribution",
        "objectivity_history",
        "objectivity_table_download",
        "objectivity_agreement_download",
        "objectivity_distribution_download",
    ):
        values[f"{ids.TABLE_CSV}.n_clicks"] = values[f"{ids.AGREEMENT_CSV}.n_clicks"] = 1
        values[f"{ids.DISTRIBUTION_CSV}.n_clicks"] = 1
        response = _call(app, client, name, values)
        assert response.status_code in {200, 204}, name
        body = _text(response)
        assert foreign["school_name"] not in body, name
        assert json.dumps(foreign["school_name"])[1:-1] not in body, name
        assert foreign["school_name"] not in body, name
    with world["engine"].connect() as conn:
        denied = conn.execute(
            select(AuditEvent.user_login, AuditEvent.scope_asked)
            .where(
                AuditEvent.action == "callback",
                AuditEvent.outcome == "denied",
                AuditEvent.detail == "objectivity_flags",
            )
            .order_by(AuditEvent.id.desc())
        ).first()
    assert denied is not None and denied.user_login == "director"
    assert foreign["school_code"] in denied.scope_asked


def test_director_cannot_change_a_review_and_the_refusal_is_audited(app, client_for, world):
    flag = world["flags"].iloc[0]
    response = _call(
        app,
        client_for("director"),
        "objectivity_review",
        {
            f"{ids.REVIEW_SAVE}.n_clicks": 1,
            f"{ids.SCHOOL}.value": flag["school_code"],
            f"{ids.YEAR}.value": int(flag["year"]),
            f"{ids.REVIEW_STATUS}.value": "under_review",
            f"{ids.REVIEW_COMMENT}.value": "попытка",
            f"{ids.REVIEWED}.data": 0,
        },
    )
    assert response.status_code == 200
    assert "access-denied" in _text(response)
    assert strings.OBJ_REVIEW_DENIED in _text(response)
    with world["engine"].connect() as conn:
        last = conn.execute(
            select(AuditEvent.user_login, AuditEvent.outcome, AuditEvent.scope_asked)
            .where(AuditEvent.action == "objectivity_review")
            .order_by(AuditEvent.id.desc())
        ).first()
    assert (last.user_login, last.outcome) == ("director", "denied")
    assert last.scope_asked == f"{flag['school_code']}/vpr/{int(flag['year'])}"


def test_region_review_then_csv_download_carries_it_escaped(app, client_for, world):
    flag = world["flags"].iloc[-1]
    client = client_for("region")
    common = {
        f"{ids.SCHOOL}.value": flag["school_code"],
        f"{ids.YEAR}.value": int(flag["year"]),
        f"{ids.REVIEWED}.data": 0,
        f"{ids.REVIEW_SAVE}.n_clicks": 1,
    }
    with database.bind(world["engine"]):
        current = data.review_history(
            data.Scope("t", "admin"), flag["school_code"], int(flag["year"])
        )
    if current.empty or current["to_status"].iloc[-1] != "under_review":
        taken = _call(
            app,
            client,
            "objectivity_review",
            {**common, f"{ids.REVIEW_STATUS}.value": "under_review"},
        )
        assert "review-saved" in _text(taken)
    closed = _call(
        app,
        client,
        "objectivity_review",
        {
            **common,
            f"{ids.REVIEW_STATUS}.value": "dismissed",
            f"{ids.REVIEW_COMMENT}.value": '=HYPERLINK("x")',
        },
    )
    assert "review-saved" in _text(closed)

    response = _call(
        app,
        client,
        "objectivity_table_download",
        {f"{ids.TABLE_CSV}.n_clicks": 1, f"{ids.YEAR}.value": int(flag["year"])},
    )
    payload = response.get_json()["response"][ids.TABLE_DOWNLOAD]["data"]
    assert payload["filename"].endswith(".csv")
    import base64

    text = base64.b64decode(payload["content"]).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    with database.bind(world["engine"]):
        expected = data.flag_table(data.Scope("t", "admin"), int(flag["year"]))
    assert len(rows) == len(expected)
    mine = next(r for r in rows if r["Код ОО"] == flag["school_code"])
    assert mine["Статус проверки"] == "снят"
    assert mine["Комментарий"] == '\'=HYPERLINK("x")'
    assert mine["Заметные и сильные признаки"] or mine["Риск"] == "повышенный"
    assert mine["Риск"] in {"высокий", "повышенный"}


def _grid(response, grid_id: str) -> list[dict]:
    """A grid's rows keyed by their column headers (the grid's fields are positional)."""
    grid = response.get_json()["response"][grid_id]
    headers = {column["field"]: column["headerName"] for column in grid["columnDefs"]}
    return [{headers[field]: value for field, value in row.items()} for row in grid["rowData"]]


def test_region_grid_is_the_download(app, client_for, world):
    import base64

    year = int(world["flags"]["year"].iloc[0])
    client = client_for("region")
    shown = _grid(_call(app, client, "objectivity_table", {f"{ids.YEAR}.value": year}), ids.TABLE)
    response = _call(
        app,
        client,
        "objectivity_table_download",
        {f"{ids.TABLE_CSV}.n_clicks": 1, f"{ids.YEAR}.value": year},
    )
    payload = response.get_json()["response"][ids.TABLE_DOWNLOAD]["data"]
    text = base64.b64decode(payload["content"]).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    # the grid adds the drill-down and profile links and the hidden own mark
    grid_only = [strings.OBJ_DRILL, strings.OBJ_PROFILE, strings.OBJ_GRID_OWN]
    assert shown and list(rows[0]) == list(strings.OBJ_TABLE_COLUMNS.values())
    assert list(shown[0]) == list(rows[0]) + grid_only
    assert [r["Код ОО"] for r in rows] == [r["Код ОО"] for r in shown]
    assert set(world["flags"].loc[world["flags"]["year"] == year, "school_code"]) == {
        r["Код ОО"] for r in shown
    }


def test_one_school_pick_reads_the_review_history_once(app, client_for, world, monkeypatch):
    """The status choices and the history table come from one read (they were two)."""
    flag = world["flags"].iloc[0]
    reads = []
    real = data.review_history
    monkeypatch.setattr(
        data, "review_history", lambda *a, **k: reads.append(a[1:]) or real(*a, **k)
    )
    values = {
        f"{ids.SCHOOL}.value": flag["school_code"],
        f"{ids.YEAR}.value": int(flag["year"]),
        f"{ids.REVIEWED}.data": 0,
    }
    client = client_for("region")
    detail = _call(app, client, "objectivity_detail", values)
    history = _call(app, client, "objectivity_history", values)
    assert detail.status_code == history.status_code == 200
    assert reads == [(flag["school_code"], int(flag["year"]))]
    statuses = history.get_json()["response"][ids.REVIEW_STATUS]["options"]
    assert statuses and {s["value"] for s in statuses} <= set(data.TRANSITIONS)


def test_the_address_follows_the_selection(app, client_for, world):
    flag = world["flags"].iloc[0]
    values = {
        f"{ids.YEAR}.value": int(flag["year"]),
        f"{ids.SCHOOL}.value": flag["school_code"],
        f"{ids.PROCEDURE}.value": 7,
        f"{ids.LOCATION}.search": "",
    }
    response = _call(app, client_for("region"), "objectivity_address", values)
    search = response.get_json()["response"][ids.LOCATION]["search"]
    assert search == f"?school={flag['school_code']}&year={int(flag['year'])}&procedure=7"
    unchanged = _call(
        app,
        client_for("region"),
        "objectivity_address",
        {**values, f"{ids.LOCATION}.search": search},
    )
    assert unchanged.status_code == 204


# ------------------------------------------------------------------ own start, viewer (issue 16)
def _response(response) -> dict:
    assert response.status_code == 200, _text(response)[:300]
    return response.get_json()["response"]


def test_viewer_gets_aggregates_only_and_no_contradiction(app, client_for, world):
    """The viewer's page holds the counts and says where they are: no «Флагов нет.» under a
    count of flags, no list, no drill-down, no review form."""
    year = int(world["flags"]["year"].iloc[0])
    answer = _response(
        _call(app, client_for("viewer"), "objectivity_table", {f"{ids.YEAR}.value": year})
    )
    assert answer[ids.FLAGS_BOX]["hidden"] is True and answer[ids.DETAIL_CARD]["hidden"] is True
    assert answer[ids.NO_FLAGS]["hidden"] is True
    assert strings.OBJ_VIEWER_COUNTS in answer[ids.TABLE_NOTE]["children"]
    assert answer[ids.TABLE]["rowData"] == [] and answer[ids.SCHOOL]["options"] == []
    counts = _text(
        _call(app, client_for("viewer"), "objectivity_counts", {f"{ids.YEAR}.value": year})
    )
    # no link to a list the viewer cannot see
    assert '"type":"Link"' not in counts and "objectivity?year=" not in counts


@pytest.mark.parametrize(
    ("login", "hidden"), [("director", True), ("region", False), ("district", False)]
)
def test_the_review_form_is_only_for_those_who_may_review(app, client_for, world, login, hidden):
    flag = world["flags"].iloc[0]
    values = {
        f"{ids.SCHOOL}.value": flag["school_code"]
        if login != "director"
        else world["own"].school_code,
        f"{ids.YEAR}.value": int(flag["year"]),
        f"{ids.REVIEWED}.data": 0,
    }
    answer = _response(_call(app, client_for(login), "objectivity_history", values))
    assert answer[ids.REVIEW_FORM]["hidden"] is hidden
    assert (answer[ids.REVIEW_STATUS]["options"] == []) is hidden


def test_no_flags_text_names_whose_flags_it_means(app, client_for, world):
    year = int(world["flags"]["year"].iloc[0])
    answer = _response(
        _call(app, client_for("director"), "objectivity_table", {f"{ids.YEAR}.value": year})
    )
    own_flagged = world["own"].school_code in set(
        world["flags"].loc[world["flags"]["year"] == year, "school_code"]
    )
    assert answer[ids.NO_FLAGS]["hidden"] is own_flagged
    assert answer[ids.NO_FLAGS]["children"] == f"У вашей ОО в {year} г. флагов нет."
    # the director's drill-down opens on its own school
    assert answer[ids.SCHOOL]["value"] == world["own"].school_code


def test_a_click_on_a_flag_opens_its_drill_down(app, client_for, world):
    year = int(world["flags"]["year"].iloc[0])
    codes = world["flags"].loc[world["flags"]["year"] == year, "school_code"].tolist()
    values = {
        f"{ids.YEAR}.value": year,
        f"{ids.TABLE}.cellClicked": {"rowId": codes[-1], "colId": "c12", "rowIndex": 0},
        f"{ids.SCHOOL}.value": codes[0],
    }
    clicked = _click_table(app, client_for("region"), values)
    assert clicked[ids.SCHOOL]["value"] == codes[-1]


def _click_table(app, client, values: dict) -> dict:
    from tests.http.forge import all_server_callbacks

    spec = next(c for c in all_server_callbacks(app) if c.name == "objectivity_table")

    def fill(slots):
        return [{**slot, "value": values.get(f"{slot['id']}.{slot['property']}")} for slot in slots]

    body = {
        "output": spec.output,
        "outputs": spec.outputs,
        "inputs": fill(spec.inputs),
        "state": fill(spec.state),
        "changedPropIds": [f"{ids.TABLE}.cellClicked"],
    }
    return _response(client.post("/_dash-update-component", json=body))


def test_a_forged_click_on_a_foreign_flag_reveals_nothing(app, client_for, world):
    """A director forging a click on a flagged foreign school's row gets its own school, no
    name of the other, and the refusal is audited."""
    foreign = world["flags"][world["flags"]["school_code"] != world["own"].school_code].iloc[0]
    values = {
        f"{ids.YEAR}.value": int(foreign["year"]),
        f"{ids.TABLE}.cellClicked": {"rowId": foreign["school_code"], "colId": "c12"},
    }
    client = client_for("director")
    answer = _click_table(app, client, values)
    assert answer[ids.SCHOOL]["value"] == world["own"].school_code
    text = json.dumps(answer, ensure_ascii=False)
    assert foreign["school_name"] not in text and foreign["school_code"] not in text
    with world["engine"].connect() as conn:
        denied = conn.execute(
            select(AuditEvent.user_login, AuditEvent.scope_asked)
            .where(AuditEvent.outcome == "denied", AuditEvent.detail == "objectivity_flags")
            .order_by(AuditEvent.id.desc())
        ).first()
    assert denied.user_login == "director" and foreign["school_code"] in denied.scope_asked


def test_a_municipality_in_the_address_narrows_the_list_and_its_download(app, client_for, world):
    import base64

    flag = world["flags"].iloc[0]
    year = int(flag["year"])
    client = client_for("region")
    for municipality, expected in ((flag["municipality"], True), ("Нет такого", False)):
        search = f"?year={year}&municipality={municipality}"
        values = {f"{ids.YEAR}.value": year, f"{ids.LOCATION}.search": search}
        answer = _response(_call(app, client, "objectivity_table", values))
        rows = answer[ids.TABLE]["rowData"]
        assert bool(rows) is expected
        assert all(r["c2"] == flag["municipality"] for r in rows)
        download = _response(
            _call(
                app,
                client,
                "objectivity_table_download",
                {**values, f"{ids.TABLE_CSV}.n_clicks": 1},
            )
        )
        text = base64.b64decode(download[ids.TABLE_DOWNLOAD]["data"]["content"]).decode("utf-8-sig")
        assert len(list(csv.DictReader(io.StringIO(text), delimiter=";"))) == len(rows)


def test_the_own_municipality_comes_first_and_highlighted(app, client_for, world):
    year = int(world["flags"]["year"].iloc[0])
    text = _text(
        _call(app, client_for("district"), "objectivity_counts", {f"{ids.YEAR}.value": year})
    )
    assert "oko-own-row" in text
    region = _text(
        _call(app, client_for("region"), "objectivity_counts", {f"{ids.YEAR}.value": year})
    )
    assert "oko-own-row" not in region and '"type":"Link"' in region
    assert "objectivity?year=" in region  # each municipality leads to the list of its flags
