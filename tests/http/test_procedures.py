"""`/procedures` through forged POSTs: the query string restores the selection, and the CSV /
XLSX downloads carry the same numbers as an independent SQL query, visible to whom they may."""

from __future__ import annotations

import base64
import io
import json
import math

import pandas as pd
import pytest
from sqlalchemy import text

from callbacks.procedures_query import Selection, from_query
from dashboard.ids import Procedures as ids
from data_access import database
from tests.http.forge import all_server_callbacks, body_for

MATHS = "математика"


@pytest.fixture(scope="module")
def callbacks(app):
    return {c.name: c for c in all_server_callbacks(app)}


@pytest.fixture(scope="module")
def demo(app) -> dict:
    engine = app.server.extensions["oko_engine"]
    with database.bind(engine), engine.connect() as conn:
        from data_access import users

        director = users.scope_for(users.account_by_login("director"))
        proc = conn.execute(text(
            "SELECT id, grade, year FROM procedure WHERE kind = 'vpr' AND subject = :s "
            "ORDER BY year DESC, grade DESC LIMIT 1"), {"s": MATHS}).one()
        return {
            "engine": engine,
            "procedure": proc,
            "municipality": conn.execute(text("SELECT code FROM municipality ORDER BY code")).scalar(),
            "own": conn.execute(text("SELECT school_code, name FROM school WHERE id = :i"),
                                {"i": director.school_id}).one(),
            "others": conn.execute(text("SELECT school_code, name FROM school WHERE id != :i"),
                                   {"i": director.school_id}).all(),
        }


def call(client, callback, values: dict) -> dict:
    """POST the callback with {component id: value} for its inputs and states."""
    body = body_for(callback, None)
    for slot in body["inputs"] + body["state"]:
        slot["value"] = values.get(slot["id"])
    triggered = [f"{s['id']}.{s['property']}" for s in body["inputs"] if values.get(s["id"]) is not None]
    body["changedPropIds"] = triggered[:1] or body["changedPropIds"]
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code in {200, 204}, response.get_data(as_text=True)[:300]
    return response.get_json()["response"] if response.status_code == 200 else {}


def _selection(demo, **extra) -> dict:
    proc = demo["procedure"]
    return {ids.KIND: "vpr", ids.SUBJECT: MATHS, ids.GRADE: proc.grade, ids.YEARS: [proc.year],
            ids.UNIT: "schools", ids.SORT: "name", **extra}


def download(client, callbacks, demo, chart: str, fmt: str, **extra) -> tuple[str, bytes]:
    values = {**_selection(demo, **extra), ids.button(chart, fmt): 1}
    data = call(client, callbacks["download_table"], values)[ids.DOWNLOAD]["data"]
    assert data["base64"] is True
    return data["filename"], base64.b64decode(data["content"])


def test_selection_survives_a_round_trip_through_the_query_string():
    chosen = Selection(kind="oge", subject=MATHS, grade=9, years=[2022, 2024], unit="municipalities",
                       municipality="7401", sort="high", pair="vpr-2023-M8:oge-2024-M9")
    assert Selection.parse(**from_query(chosen.query())) == chosen
    assert Selection.parse(**from_query("?grade=<script>&years=x,2023&unit=evil&sort=9")) == Selection(years=[2023])


def test_opening_a_shared_url_restores_every_control(client_for, callbacks, demo):
    client = client_for("region")
    proc = demo["procedure"]
    query = Selection(kind="vpr", subject=MATHS, grade=proc.grade, years=[proc.year], unit="municipalities",
                      municipality=demo["municipality"], sort="high").query()
    restored = call(client, callbacks["load_controls"], {ids.LOCATION: "/procedures"} | {})
    assert restored == {} or restored[ids.KIND]["value"] == "vpr"  # no query: the default procedure
    body = body_for(callbacks["load_controls"], None)
    body["inputs"][0]["value"], body["state"][0]["value"] = "/procedures", query
    out = client.post("/_dash-update-component", json=body).get_json()["response"]
    assert out[ids.KIND]["value"] == "vpr" and out[ids.UNIT]["value"] == "municipalities"
    assert out[ids.SORT]["value"] == "high" and out[ids.MUNICIPALITY]["value"] == demo["municipality"]
    grade = call(client, callbacks["choose_grade"], {ids.KIND: "vpr", ids.SUBJECT: MATHS, ids.LOCATION: query})
    assert grade[ids.GRADE]["value"] == proc.grade
    years = call(client, callbacks["choose_years"], {ids.KIND: "vpr", ids.SUBJECT: MATHS, ids.GRADE: proc.grade,
                                                     ids.LOCATION: query})
    assert years[ids.YEARS]["value"] == [proc.year]
    written = call(client, callbacks["write_query"], _selection(demo, **{ids.UNIT: "municipalities",
                                                                         ids.SORT: "high",
                                                                         ids.MUNICIPALITY: demo["municipality"]}))
    assert written[ids.LOCATION]["search"] == query


def test_means_csv_carries_the_numbers_of_an_independent_sql_query(client_for, callbacks, demo):
    client = client_for("region")
    name, content = download(client, callbacks, demo, "means", "csv")
    assert name.endswith(".csv") and content.startswith(b"\xef\xbb\xbf")
    table = pd.read_csv(io.BytesIO(content), sep=";", encoding="utf-8-sig")
    with demo["engine"].connect() as conn:
        sql = pd.DataFrame(conn.execute(text(
            "SELECT s.name, s.school_code, r.participants, r.mean_percent FROM school_result r "
            "JOIN school s ON s.id = r.school_id WHERE r.procedure_id = :p AND r.participants >= 5"),
            {"p": demo["procedure"].id}).mappings().all())
    shown = table[table["Средний %"].notna()]
    assert len(shown) == len(sql) > 0
    for row in sql.itertuples():
        line = shown[shown["ОО"] == f"{row.name} ({row.school_code})"].iloc[0]
        assert line["Участников"] == row.participants
        assert math.isclose(line["Средний %"], round(row.mean_percent, 2), abs_tol=1e-9)
        assert line["95 % ДИ, от"] <= line["Средний %"] <= line["95 % ДИ, до"]


def test_marks_xlsx_matches_sql_mark_counts(client_for, callbacks, demo):
    client = client_for("region")
    name, content = download(client, callbacks, demo, "marks", "xlsx", **{ids.UNIT: "municipalities"})
    assert name.endswith(".xlsx")
    table = pd.read_excel(io.BytesIO(content))
    with demo["engine"].connect() as conn:
        total = conn.execute(text("SELECT SUM(marks_2), SUM(marks_5) FROM school_result WHERE procedure_id = :p"),
                             {"p": demo["procedure"].id}).one()
    assert table["«2»"].sum() == total[0] and table["«5»"].sum() == total[1]


def test_director_download_names_no_other_school(client_for, callbacks, demo):
    client = client_for("director")
    years = [demo["procedure"].year - 1, demo["procedure"].year]
    for chart in ("means", "marks", "heatmap", "slope"):
        _, content = download(client, callbacks, demo, chart, "csv", **{ids.YEARS: years})
        body = content.decode("utf-8-sig")
        assert f"{demo['own'].name} ({demo['own'].school_code})" in body or chart in {"heatmap", "slope"}
        assert "школа 1" in body
        for other in demo["others"]:
            assert other.name not in body and f"({other.school_code})" not in body


def test_viewer_download_is_municipalities_only(client_for, callbacks, demo):
    client = client_for("viewer")
    _, content = download(client, callbacks, demo, "means", "csv")
    table = pd.read_csv(io.BytesIO(content), sep=";", encoding="utf-8-sig")
    with demo["engine"].connect() as conn:
        municipalities = set(conn.execute(text("SELECT name FROM municipality")).scalars())
    assert set(table["ОО"]) <= municipalities


def test_pair_chart_names_schools_far_from_the_diagonal(client_for, callbacks, demo):
    client = client_for("region")
    pairs = call(client, callbacks["choose_pair"], {ids.SUBJECT: MATHS, ids.GRADE: 8})
    value = pairs[ids.PAIR]["value"]
    assert value and value.startswith("vpr-")
    out = call(client, callbacks["pair_chart"], {ids.PAIR: value, ids.UNIT: "schools"})
    figure = out[ids.graph("pair")]["figure"]
    names = [t.get("name") for t in figure["data"]]
    assert any(n and n.startswith("Диагональ") for n in names)
    assert "Стандартизованный остаток" in json.dumps(out[ids.table("pair")], ensure_ascii=False)


def test_charts_render_for_every_view(client_for, callbacks, demo):
    client = client_for("region")
    proc = demo["procedure"]
    years = [proc.year - 1, proc.year]
    for unit in ("schools", "municipalities"):
        values = _selection(demo, **{ids.UNIT: unit, ids.YEARS: years})
        for name, chart in (("histogram_chart", "histogram"), ("box_chart", "box"), ("marks_chart", "marks"),
                            ("means_chart", "means"), ("slope_chart", "slope"), ("heatmap_chart", "heatmap")):
            figure = call(client, callbacks[name], values)[ids.graph(chart)]["figure"]
            assert figure["data"], (unit, chart)
