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

from callbacks.procedures_query import Selection
from callbacks.query import from_query
from dashboard.figures.template import safe_label
from dashboard.ids import Procedures as ids
from data_access import database
from tests.http.forge import all_server_callbacks, body_for

MATHS = "математика"


def csv_table(content: bytes, **options) -> pd.DataFrame:
    """A downloaded CSV as Russian Excel reads it: `;`, a decimal comma, a true minus «−»."""
    text = content.decode("utf-8-sig").replace("\u2212", "-")
    return pd.read_csv(io.StringIO(text), sep=";", decimal=",", **options)


@pytest.fixture(scope="module")
def callbacks(app):
    """This page's callbacks by name (other pages have their own `write_query`, `load_controls`)."""
    return {
        c.name: c
        for c in all_server_callbacks(app)
        if c.output.lstrip(".").startswith("procedures-")
    }


@pytest.fixture(scope="module")
def demo(app) -> dict:
    engine = app.server.extensions["oko_engine"]
    with database.bind(engine), engine.connect() as conn:
        from data_access import users

        director = users.scope_for(users.account_by_login("director"))
        proc = conn.execute(
            text(
                "SELECT id, grade, year FROM procedure WHERE kind = 'vpr' AND subject = :s "
                "ORDER BY year DESC, grade DESC LIMIT 1"
            ),
            {"s": MATHS},
        ).one()
        return {
            "engine": engine,
            "procedure": proc,
            "municipality": conn.execute(
                text("SELECT code FROM municipality ORDER BY code")
            ).scalar(),
            "own": conn.execute(
                text("SELECT school_code, name FROM school WHERE id = :i"),
                {"i": director.school_id},
            ).one(),
            "others": conn.execute(
                text("SELECT school_code, name FROM school WHERE id != :i"),
                {"i": director.school_id},
            ).all(),
        }


def _body(callback, values: dict) -> dict:
    """The callback's request with {component id: value} for its inputs and states."""
    body = body_for(callback, None)
    for slot in body["inputs"] + body["state"]:
        slot["value"] = values.get(slot["id"])
    return body


def call(client, callback, values: dict) -> dict:
    """POST the callback with {component id: value} for its inputs and states."""
    body = _body(callback, values)
    triggered = [
        f"{s['id']}.{s['property']}" for s in body["inputs"] if values.get(s["id"]) is not None
    ]
    body["changedPropIds"] = triggered[:1] or body["changedPropIds"]
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code in {200, 204}, response.get_data(as_text=True)[:300]
    return response.get_json()["response"] if response.status_code == 200 else {}


def _selection(demo, **extra) -> dict:
    proc = demo["procedure"]
    return {
        ids.KIND: "vpr",
        ids.SUBJECT: MATHS,
        ids.GRADE: proc.grade,
        ids.YEARS: [proc.year],
        ids.UNIT: "schools",
        ids.SORT: "name",
        **extra,
    }


def opened(chart: str) -> dict:
    """The chart's tab open and its «Таблица данных» opened: the chart and its grid are sent."""
    return {ids.TABS: chart, ids.table_toggle(chart): ids.TABLE_ITEM}


def grid_page(client, callbacks, chart: str, values: dict, request, trigger=None) -> dict:
    """The chart's rows callback: the grid's `request` in, fired by the request itself or by
    the control `trigger` (a selection change); {property: value} of the grid out."""
    body = _body(callbacks[f"{chart}_rows"], {**values, ids.table(chart): request})
    fired = trigger or ids.table(chart)
    body["changedPropIds"] = [
        f"{s['id']}.{s['property']}" for s in body["inputs"] if s["id"] == fired
    ]
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code in {200, 204}, response.get_data(as_text=True)[:300]
    return response.get_json()["response"][ids.table(chart)] if response.status_code == 200 else {}


def grid_rows(client, callbacks, chart: str, values: dict) -> tuple[list[dict], list[dict]]:
    """Every row of the chart's grid, asked for 100 at a time as the grid asks, and the pages."""
    rows, count, pages = [], None, []
    while count is None or len(rows) < count:
        request = {"startRow": len(rows), "endRow": len(rows) + 100}
        block = grid_page(client, callbacks, chart, values, request)["getRowsResponse"]
        pages.append(block)
        rows, count = rows + block["rowData"], block["rowCount"]
        assert block["rowData"] or len(rows) == count
    return rows, pages


def download(client, callbacks, demo, chart: str, fmt: str, **extra) -> tuple[str, bytes]:
    values = {**_selection(demo, **extra), ids.button(chart, fmt): 1}
    data = call(client, callbacks["download_table"], values)[ids.DOWNLOAD]["data"]
    assert data["base64"] is True
    return data["filename"], base64.b64decode(data["content"])


def restore(client, callback, search: str) -> dict:
    """Open /procedures at `?search` with every control still empty (a fresh page load)."""
    body = body_for(callback, None)
    for slot in body["inputs"] + body["state"]:
        if slot["id"] == ids.LOCATION:
            slot["value"] = "/procedures" if slot["property"] == "pathname" else search
    body["changedPropIds"] = [f"{ids.LOCATION}.pathname"]
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return response.get_json()["response"]


def test_selection_survives_a_round_trip_through_the_query_string():
    chosen = Selection(
        kind="oge",
        subject=MATHS,
        grade=9,
        years=[2022, 2024],
        unit="municipalities",
        municipality="7401",
        sort="high",
        pair="vpr-2023-M8:oge-2024-M9",
        tab="heatmap",
    )
    assert Selection.parse(**from_query(chosen.query())) == chosen
    assert Selection.from_search(chosen.query()) == chosen
    forged = "?grade=<script>&years=x,2023&unit=evil&sort=9&tab=evil"
    assert Selection.parse(**from_query(forged)) == Selection(years=[2023])
    # Names the page does not know are ignored, malformed addresses give the defaults.
    assert Selection.from_search(chosen.query() + "&evil=1") == chosen
    assert Selection.from_search(["?kind=vpr"]) == Selection()
    assert Selection.from_search("?pair=a:b:c") == Selection()
    assert Selection().query() == "?unit=schools&sort=name&tab=marks"


def test_opening_a_shared_url_restores_every_control(client_for, callbacks, demo):
    client = client_for("region")
    proc = demo["procedure"]
    query = Selection(
        kind="vpr",
        subject=MATHS,
        grade=proc.grade,
        years=[proc.year],
        unit="municipalities",
        municipality=demo["municipality"],
        sort="high",
        tab="slope",
    ).query()
    out = restore(client, callbacks["load_controls"], query)
    assert out[ids.UNIT]["value"] == "municipalities"
    assert out[ids.SORT]["value"] == "high"
    assert out[ids.TABS]["value"] == "slope"
    assert out[ids.MUNICIPALITY]["value"] == demo["municipality"]
    picked = restore(client, callbacks["choose_procedure"], query)
    assert picked[ids.KIND]["value"] == "vpr" and picked[ids.SUBJECT]["value"] == MATHS
    assert picked[ids.GRADE]["value"] == proc.grade and picked[ids.YEARS]["value"] == [proc.year]
    assert {"label": "ВПР", "value": "vpr"} in picked[ids.KIND]["options"]
    chosen = _selection(
        demo,
        **{
            ids.UNIT: "municipalities",
            ids.SORT: "high",
            ids.MUNICIPALITY: demo["municipality"],
            ids.TABS: "slope",
        },
    )
    written = call(client, callbacks["write_query"], chosen)
    assert written[ids.LOCATION]["search"] == query


def test_without_an_address_the_default_procedure_comes_with_all_its_years(
    client_for, callbacks, demo
):
    client = client_for("region")
    picked = restore(client, callbacks["choose_procedure"], "")
    assert picked[ids.KIND]["value"] == "vpr" and picked[ids.SUBJECT]["value"] == MATHS
    grades = [o["value"] for o in picked[ids.GRADE]["options"]]
    assert picked[ids.GRADE]["value"] == min(grades)
    with demo["engine"].connect() as conn:
        years = list(
            conn.execute(
                text(
                    "SELECT DISTINCT year FROM procedure WHERE kind = 'vpr' AND subject = :s "
                    "AND grade = :g ORDER BY year"
                ),
                {"s": MATHS, "g": min(grades)},
            ).scalars()
        )
    assert picked[ids.YEARS]["value"] == years == [o["value"] for o in picked[ids.YEARS]["options"]]
    unit = restore(client, callbacks["load_controls"], "")
    assert unit[ids.UNIT]["value"] == "schools" and unit[ids.MUNICIPALITY]["value"] is None
    assert unit[ids.TABS]["value"] == "marks"


def test_changing_the_kind_re_resolves_the_chain_keeping_what_is_offered(
    client_for, callbacks, demo
):
    client = client_for("region")
    proc = demo["procedure"]
    shared = _selection(demo)
    out = call(client, callbacks["choose_procedure"], {ids.LOCATION: "/procedures", **shared})
    assert [out[i]["value"] for i in (ids.KIND, ids.SUBJECT, ids.GRADE, ids.YEARS)] == [
        "vpr",
        MATHS,
        proc.grade,
        [proc.year],
    ]
    with demo["engine"].connect() as conn:
        oge = conn.execute(
            text("SELECT DISTINCT subject, grade, year FROM procedure WHERE kind = 'oge'")
        ).all()
    out = call(
        client,
        callbacks["choose_procedure"],
        {ids.LOCATION: "/procedures", **shared, ids.KIND: "oge"},
    )
    assert out[ids.KIND]["value"] == "oge"
    subjects = {r.subject for r in oge}
    # Mathematics and the grade stay when the new kind offers them.
    assert out[ids.SUBJECT]["value"] == (MATHS if MATHS in subjects else min(subjects))
    grades = sorted({r.grade for r in oge if r.subject == out[ids.SUBJECT]["value"]})
    assert out[ids.GRADE]["value"] == (proc.grade if proc.grade in grades else grades[0])
    offered = sorted(
        {
            r.year
            for r in oge
            if r.subject == out[ids.SUBJECT]["value"] and r.grade == out[ids.GRADE]["value"]
        }
    )
    assert out[ids.YEARS]["value"] == ([proc.year] if proc.year in offered else offered)


def test_means_csv_carries_the_numbers_of_an_independent_sql_query(client_for, callbacks, demo):
    client = client_for("region")
    name, content = download(client, callbacks, demo, "means", "csv")
    assert name.endswith(".csv") and content.startswith(b"\xef\xbb\xbf")
    table = csv_table(content)
    with demo["engine"].connect() as conn:
        sql = pd.DataFrame(
            conn.execute(
                text(
                    "SELECT s.name, s.school_code, r.participants, r.mean_percent "
                    "FROM school_result r "
                    "JOIN school s ON s.id = r.school_id "
                    "WHERE r.procedure_id = :p AND r.participants >= 5"
                ),
                {"p": demo["procedure"].id},
            )
            .mappings()
            .all()
        )
    shown = table[table["Средний %"].notna()]
    assert len(shown) == len(sql) > 0
    for row in sql.itertuples():
        line = shown[shown["ОО"] == f"{row.name} ({row.school_code})"].iloc[0]
        assert line["Участников"] == row.participants
        assert math.isclose(line["Средний %"], round(row.mean_percent, 2), abs_tol=1e-9)
        assert line["95 % ДИ, от"] <= line["Средний %"] <= line["95 % ДИ, до"]


def test_marks_xlsx_matches_sql_mark_counts(client_for, callbacks, demo):
    client = client_for("region")
    name, content = download(
        client, callbacks, demo, "marks", "xlsx", **{ids.UNIT: "municipalities"}
    )
    assert name.endswith(".xlsx")
    table = pd.read_excel(io.BytesIO(content))
    with demo["engine"].connect() as conn:
        total = conn.execute(
            text("SELECT SUM(marks_2), SUM(marks_5) FROM school_result WHERE procedure_id = :p"),
            {"p": demo["procedure"].id},
        ).one()
    assert table["«2»"].sum() == total[0] and table["«5»"].sum() == total[1]


def test_director_download_names_no_other_school(client_for, callbacks, demo):
    client = client_for("director")
    years = [demo["procedure"].year - 1, demo["procedure"].year]
    for chart in ("means", "marks", "heatmap", "slope"):
        _, content = download(client, callbacks, demo, chart, "csv", **{ids.YEARS: years})
        body = content.decode("utf-8-sig")
        own = f"{demo['own'].name} ({demo['own'].school_code})"
        assert own in body or chart in {"heatmap", "slope"}
        assert "школа 1" in body
        for other in demo["others"]:
            assert other.name not in body and f"({other.school_code})" not in body


def test_viewer_download_is_municipalities_only(client_for, callbacks, demo):
    client = client_for("viewer")
    _, content = download(client, callbacks, demo, "means", "csv")
    table = csv_table(content)
    with demo["engine"].connect() as conn:
        municipalities = set(conn.execute(text("SELECT name FROM municipality")).scalars())
    assert set(table["ОО"]) <= municipalities


def test_pair_chart_names_schools_far_from_the_diagonal(client_for, callbacks, demo):
    client = client_for("region")
    pairs = call(client, callbacks["choose_pair"], {ids.SUBJECT: MATHS, ids.GRADE: 8})
    value = pairs[ids.PAIR]["value"]
    assert value and value.startswith("vpr-")
    out = call(
        client, callbacks["pair_chart"], {ids.PAIR: value, ids.UNIT: "schools", **opened("pair")}
    )
    figure = out[ids.graph("pair")]["figure"]
    names = [t.get("name") for t in figure["data"]]
    assert any(n and n.startswith("Диагональ") for n in names)
    headers = [c["headerName"] for c in out[ids.table("pair")]["columnDefs"]]
    assert "Стандартизованный остаток" in headers and headers[0] == "ОО"
    far = headers.index("Далеко от диагонали")
    rows, _ = grid_rows(client, callbacks, "pair", {ids.PAIR: value, **opened("pair")})
    assert len(rows) > 0
    named = {
        t.get("text")[i]
        for t in figure["data"]
        if t.get("mode") == "markers+text"
        for i in range(len(t.get("text") or []))
    }
    assert {r[f"c{far}"] for r in rows} <= {"да", ""}
    assert len(named) == sum(r[f"c{far}"] == "да" for r in rows)


def test_charts_render_for_every_view(client_for, callbacks, demo):
    client = client_for("region")
    proc = demo["procedure"]
    years = [proc.year - 1, proc.year]
    for unit in ("schools", "municipalities"):
        values = _selection(demo, **{ids.UNIT: unit, ids.YEARS: years})
        for chart in ("histogram", "box", "marks", "means", "slope", "heatmap"):
            out = call(client, callbacks[f"{chart}_chart"], {**values, **opened(chart)})
            assert out[ids.graph(chart)]["figure"]["data"], (unit, chart)
            assert out[ids.table(chart)]["columnDefs"], (unit, chart)
            page = grid_page(client, callbacks, chart, {**values, **opened(chart)}, None)
            assert page["getRowsResponse"]["rowData"], (unit, chart)


def test_the_grid_shows_exactly_the_rows_of_the_download(client_for, callbacks, demo):
    client = client_for("region")
    for chart, unit in (("means", "schools"), ("marks", "municipalities"), ("heatmap", "schools")):
        values = _selection(demo, **{ids.UNIT: unit}, **opened(chart))
        columns = call(client, callbacks[f"{chart}_chart"], values)[ids.table(chart)]
        rows, _ = grid_rows(client, callbacks, chart, values)
        _, content = download(client, callbacks, demo, chart, "csv", **{ids.UNIT: unit})
        table = csv_table(content, keep_default_na=False)
        assert [c["headerName"] for c in columns["columnDefs"]] == list(table.columns)
        assert len(rows) == len(table) > 0, chart
        for row, line in zip(rows, table.itertuples(index=False), strict=True):
            for i, value in enumerate(line):
                shown = row[f"c{i}"]
                if isinstance(value, str) and value.replace(",", "", 1).isdigit():
                    value = float(value.replace(",", "."))  # a decimal comma in a text column
                if isinstance(shown, float) or isinstance(value, float):
                    assert math.isclose(float(shown), float(value), abs_tol=1e-9), (chart, i)
                elif shown is None or shown == "":  # empty, or a false flag
                    assert value in ("", False, "False", "Нет"), (chart, i, value)
                elif shown == "да":  # a true flag («Скрыто»)
                    assert value in (True, "True", "Да"), (chart, i, value)
                else:
                    assert str(shown) == str(value), (chart, i)


def test_the_tasks_table_is_sent_a_page_at_a_time(client_for, callbacks, demo):
    """Schools × tasks runs to thousands of rows: the grid gets the page it asks for (at most
    100 rows) and the count of the whole table; the download carries every row."""
    client = client_for("region")
    values = _selection(demo, **opened("heatmap"))
    _, content = download(client, callbacks, demo, "heatmap", "csv")
    table = csv_table(content)
    assert len(table) > 100  # more than one page, whatever the page size
    first = grid_page(client, callbacks, "heatmap", values, {"startRow": 0, "endRow": 25})
    assert "paginationGoTo" not in first  # the grid asked: it stays where it is
    block = first["getRowsResponse"]
    assert len(block["rowData"]) == 25 and block["rowCount"] == len(table)
    forged = grid_page(client, callbacks, "heatmap", values, {"startRow": 0, "endRow": 10**6})
    assert len(forged["getRowsResponse"]["rowData"]) <= 500  # a request is bounded
    rows, pages = grid_rows(client, callbacks, "heatmap", values)
    assert len(rows) == len(table) and all(len(p["rowData"]) <= 100 for p in pages)
    assert [r["c0"] for r in rows] == list(table["ОО"])
    # sorted and filtered on the server, over the whole table
    wanted = table["ОО"].iloc[0]
    request = {
        "startRow": 0,
        "endRow": 100,
        "filterModel": {"c0": {"filterType": "text", "type": "equals", "filter": wanted}},
        "sortModel": [{"colId": "c5", "sort": "desc"}],
    }
    found = grid_page(client, callbacks, "heatmap", values, request)["getRowsResponse"]
    assert found["rowCount"] == (table["ОО"] == wanted).sum() > 0
    assert {r["c0"] for r in found["rowData"]} == {wanted}
    percents = [r["c5"] for r in found["rowData"]]
    assert percents == sorted(percents, reverse=True)


def test_a_new_selection_takes_the_grid_back_to_its_first_page(client_for, callbacks, demo):
    """The grid on page 3 when a control changes: the first page of the new table and
    `paginationGoTo` "first", its sort kept; the grid's own requests, or a change while it is
    on page 1, leave its page alone. A closed table, or a closed tab, receives nothing."""
    client = client_for("region")
    values = _selection(demo, **opened("heatmap"))
    third = {"startRow": 50, "endRow": 75, "sortModel": [{"colId": "c0", "sort": "desc"}]}
    own = grid_page(client, callbacks, "heatmap", values, third)
    assert "paginationGoTo" not in own and own["getRowsResponse"]["rowData"]
    values[ids.YEARS] = [demo["procedure"].year - 1]
    moved = grid_page(client, callbacks, "heatmap", values, third, trigger=ids.YEARS)
    assert moved["paginationGoTo"] == "first"
    first = {"startRow": 0, "endRow": 25, "sortModel": third["sortModel"]}
    expected = grid_page(client, callbacks, "heatmap", values, first)["getRowsResponse"]
    assert moved["getRowsResponse"] == expected and len(expected["rowData"]) == 25
    names = [r["c0"] for r in expected["rowData"]]
    assert names == sorted(names, reverse=True)  # the grid's sort kept
    again = grid_page(client, callbacks, "heatmap", values, first, trigger=ids.SORT)
    assert "paginationGoTo" not in again and again["getRowsResponse"] == expected
    toggle = ids.table_toggle("heatmap")
    opening = grid_page(client, callbacks, "heatmap", values, third, trigger=toggle)
    assert opening["paginationGoTo"] == "first" and opening["getRowsResponse"] == expected
    closed = {**values, toggle: None}
    assert grid_page(client, callbacks, "heatmap", closed, first, trigger=ids.UNIT) == {}
    other_tab = {**values, ids.TABS: "marks"}
    assert grid_page(client, callbacks, "heatmap", other_tab, first) == {}


def test_only_the_open_tab_is_drawn_and_rows_wait_for_the_table(client_for, callbacks, demo):
    """A visit sends the charts above the tabs and the open tab's chart (and its grid's
    columns), no grid rows; the grid's first page comes when its table is opened, and the
    chart is not sent twice for one selection."""
    client = client_for("region")
    values = _selection(demo, **{ids.TABS: "marks"})
    assert call(client, callbacks["means_chart"], values) == {}  # its tab is closed: 204
    values[ids.TABS] = "means"
    drawn = call(client, callbacks["means_chart"], values)
    assert drawn[ids.graph("means")]["figure"]["data"]
    assert drawn[ids.table("means")]["columnDefs"] and "rowData" not in drawn[ids.table("means")]
    values[ids.drawn("means")] = drawn[ids.drawn("means")]["data"]
    assert call(client, callbacks["means_chart"], values) == {}  # already drawn: 204
    asked = {"startRow": 0, "endRow": 25}
    assert grid_page(client, callbacks, "means", values, asked) == {}  # the table is closed
    values[ids.table_toggle("means")] = ids.TABLE_ITEM
    assert call(client, callbacks["means_chart"], values) == {}  # opening it: no new figure
    toggle = ids.table_toggle("means")
    page = grid_page(client, callbacks, "means", values, asked, trigger=toggle)
    _, content = download(client, callbacks, demo, "means", "csv")
    total = len(csv_table(content))
    block = page["getRowsResponse"]
    assert len(block["rowData"]) == min(25, total) and block["rowCount"] == total > 0
    values[ids.UNIT] = "municipalities"  # a new selection redraws the chart
    again = call(client, callbacks["means_chart"], values)
    assert again[ids.graph("means")]["figure"]["data"]


def _names_in(response: str, names) -> dict[str, int]:
    """How often each name occurs in a callback's JSON as a whole string (as a label)."""
    return {
        name: response.count(json.dumps(safe_label(name), ensure_ascii=False)) for name in names
    }


def test_the_marks_chart_sends_each_school_name_once(client_for, callbacks, demo):
    """The stacked bars draw four traces over one row axis: the names travel once, as tick
    labels, and the page's first visit carries no grid rows."""
    client = client_for("region")
    values = _selection(demo, **{ids.TABS: "marks"})
    answer = client.post("/_dash-update-component", json=_body(callbacks["marks_chart"], values))
    response = json.dumps(answer.get_json(), ensure_ascii=False, separators=(",", ":"))
    _, content = download(client, callbacks, demo, "marks", "csv")
    names = csv_table(content)["ОО"]
    assert len(names) > 10
    for name in names:
        assert response.count(name) == 1, name
    assert "rowData" not in response


@pytest.mark.parametrize("unit", ["schools", "municipalities"])
def test_the_slope_chart_sends_each_name_once_and_its_hover_names_it(
    client_for, callbacks, demo, unit
):
    """One line per school or municipality: the name travels once, as the text of the marker
    at the line's end, whose hover names the row and gives both years' values."""
    client = client_for("region")
    years = [demo["procedure"].year - 1, demo["procedure"].year]
    values = _selection(demo, **{ids.TABS: "slope", ids.UNIT: unit, ids.YEARS: years})
    answer = client.post("/_dash-update-component", json=_body(callbacks["slope_chart"], values))
    response = json.dumps(answer.get_json(), ensure_ascii=False, separators=(",", ":"))
    _, content = download(
        client, callbacks, demo, "slope", "csv", **{ids.UNIT: unit, ids.YEARS: years}
    )
    names = csv_table(content)["ОО"]
    assert len(names) > (10 if unit == "schools" else 0)
    assert set(_names_in(response, names).values()) == {1}
    figure = answer.get_json()["response"][ids.graph("slope")]["figure"]
    named = [t for t in figure["data"] if t.get("text")]
    assert sorted(n for t in named for n in t["text"]) == sorted(safe_label(n) for n in names)
    for trace in named:
        assert trace["hovertemplate"].startswith("%{text}<br>")
        assert f"{years[0]}: %{{customdata" in trace["hovertemplate"]
        assert f"{years[1]}: %{{y" in trace["hovertemplate"]
