"""Profile and school-list callbacks through forged POSTs, as each role."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from data_access import database
from tests.http.forge import body_for

REFUSAL = "Нет доступа к этой школе"


@pytest.fixture(scope="module")
def codes(app) -> dict:
    engine = app.server.extensions["oko_engine"]
    with database.bind(engine), engine.connect() as conn:
        from data_access import users

        director = users.scope_for(users.account_by_login("director"))

        def one(sql, **params):
            return conn.execute(text(sql), params).first()

        return {
            "own": one("SELECT school_code, name FROM school WHERE id = :i", i=director.school_id),
            "foreign": one(
                "SELECT school_code, name FROM school WHERE id != :i ORDER BY school_code DESC",
                i=director.school_id,
            ),
            "missing_years": one(
                "SELECT s.school_code FROM school s JOIN context_value v ON v.school_id = s.id "
                "WHERE s.kind != 'preschool' GROUP BY s.school_code "
                "ORDER BY COUNT(DISTINCT v.year), s.school_code"
            ),
            "years": set(conn.execute(text("SELECT DISTINCT year FROM context_value")).scalars()),
            "no_pupils": one(
                "SELECT school_code FROM school s WHERE NOT EXISTS "
                "(SELECT 1 FROM pupil_result p WHERE p.school_id = s.id) ORDER BY school_code"
            ),
            "first_year": conn.execute(text("SELECT MIN(year) FROM context_value")).scalar_one(),
            "last_year": conn.execute(text("SELECT MAX(year) FROM context_value")).scalar_one(),
        }


def call(client, callback, *values):
    body = body_for(callback, None)
    for slot, value in zip(body["inputs"], values, strict=False):
        slot["value"] = value
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code in {200, 204}
    return response.get_data(as_text=True) if response.status_code == 200 else ""


def list_rows(client, callback, request=None, filters=([], [], [])) -> str:
    """school_rows: the grid's page request and the (restored) filters in."""
    body = body_for(callback, None)
    for slot, value in zip(body["inputs"], [request, *filters], strict=True):
        slot["value"] = value
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code in {200, 204}
    return response.get_data(as_text=True) if response.status_code == 200 else ""


EVERY_ROW = {"startRow": 0, "endRow": 500}


def _decoded(body: str) -> str:
    import json

    return json.dumps(json.loads(body), ensure_ascii=False) if body else ""


def call_pickers(client, callback, school, search="", hidden=False, values=(None,) * 5):
    """profile_pickers: inputs (body hidden, year, indicator, kind, subject, grade), states
    (school, search); returns the response (204 when refused or waiting for the header)."""
    body = body_for(callback, None)
    for slot, value in zip(body["inputs"], [hidden, *values], strict=True):
        slot["value"] = value
    for slot, value in zip(body["state"], [school, search], strict=True):
        slot["value"] = value
    return client.post("/_dash-update-component", json=body)


def _denials(client) -> int:
    engine = client.application.extensions["oko_engine"]
    with engine.connect() as conn:
        sql = "SELECT COUNT(*) FROM audit_log WHERE outcome = 'denied'"
        return conn.execute(text(sql)).scalar_one()


def test_director_sees_own_profile(client_for, callbacks, codes):
    client = client_for("director")
    body = _decoded(call(client, callbacks["profile_header"], codes["own"].school_code))
    assert codes["own"].name in body
    assert REFUSAL not in body
    assert "Резильентная школа: оценивается по всему региону" in body
    assert f"/objectivity?school={codes['own'].school_code}" in body


def test_director_is_refused_another_school_politely(client_for, callbacks, codes):
    client = client_for("director")
    body = _decoded(call(client, callbacks["profile_header"], codes["foreign"].school_code))
    assert REFUSAL in body
    assert codes["foreign"].name not in body
    foreign = codes["foreign"].school_code
    for name in ("context_block", "conditions_block", "weak_skills_block"):
        assert call(client, callbacks[name], foreign, codes["last_year"]) == ""
    assert call(client, callbacks["context_trend"], foreign, "pupils") == ""
    assert call(client, callbacks["results_charts"], foreign, "vpr", "математика", 5) == ""
    assert call_pickers(client, callbacks["profile_pickers"], foreign).status_code == 204


def test_a_refused_page_view_is_audited_once(client_for, callbacks, codes):
    """The header audits and keeps the body hidden; the pickers (and so every block) wait for
    the body to be shown, so they add no second audit row for the same page view."""
    client = client_for("director")
    foreign = codes["foreign"].school_code
    before = _denials(client)
    assert REFUSAL in _decoded(call(client, callbacks["profile_header"], foreign))
    assert _denials(client) == before + 1
    waiting = call_pickers(client, callbacks["profile_pickers"], foreign, hidden=True)
    assert waiting.status_code == 204
    for name in ("context_block", "conditions_block", "weak_skills_block"):
        assert "нет данных" in _decoded(call(client, callbacks[name], foreign, None))
    assert _denials(client) == before + 1
    # A forged request that skips the header is refused and audited by the error boundary.
    assert call_pickers(client, callbacks["profile_pickers"], foreign).status_code == 204
    assert _denials(client) == before + 2


def test_pickers_default_to_vpr_maths_and_write_the_address(client_for, callbacks, codes):
    client = client_for("director")
    code = codes["own"].school_code
    response = call_pickers(client, callbacks["profile_pickers"], code, search="?kind=<b>&grade=[]")
    out = response.get_json()["response"]
    assert out["profile-kind"]["value"] == "vpr"
    assert out["profile-subject"]["value"] == "математика"
    grades = [o["value"] for o in out["profile-grade"]["options"]]
    assert out["profile-grade"]["value"] == min(grades)
    years = [o["value"] for o in out["profile-year"]["options"]]
    assert out["profile-year"]["value"] == max(years) == codes["last_year"]
    assert out["profile-indicator"]["value"] == "pupils"
    search = out["profile-location"]["search"]
    assert search == (
        f"?year={codes['last_year']}&indicator=pupils&kind=vpr"
        f"&subject=%D0%BC%D0%B0%D1%82%D0%B5%D0%BC%D0%B0%D1%82%D0%B8%D0%BA%D0%B0"
        f"&grade={min(grades)}"
    )
    assert "Данные на" in out["profile-data-date"]["children"]


def test_pickers_restore_a_shared_address(client_for, callbacks, codes):
    """Opening a shared address: the empty controls take the URL's values; the address is
    already the selection, so it is not rewritten."""
    from callbacks.school_profile_query import Selection

    client = client_for("director")
    code = codes["own"].school_code
    shared = Selection(code, codes["first_year"], "building_wear", "vpr", "русский язык", 6)
    response = call_pickers(client, callbacks["profile_pickers"], code, search=shared.query())
    out = response.get_json()["response"]
    assert (out["profile-year"]["value"], out["profile-indicator"]["value"]) == (
        codes["first_year"],
        "building_wear",
    )
    assert (
        out["profile-kind"]["value"],
        out["profile-subject"]["value"],
        out["profile-grade"]["value"],
    ) == ("vpr", "русский язык", 6)
    assert "profile-location" not in out  # no_update: the address already says this
    # Once the controls hold values, they win over the address.
    moved = call_pickers(
        client,
        callbacks["profile_pickers"],
        code,
        search=shared.query(),
        values=(codes["last_year"], "building_wear", "vpr", "русский язык", 6),
    )
    written = moved.get_json()["response"]["profile-location"]["search"]
    assert f"year={codes['last_year']}" in written


def test_viewer_is_refused_every_profile_and_gets_no_list(client_for, callbacks, codes):
    client = client_for("viewer")
    assert REFUSAL in _decoded(call(client, callbacks["profile_header"], codes["own"].school_code))
    body = _decoded(call(client, callbacks["load_schools"], "/schools"))
    assert "только агрегированные данные" in body
    assert codes["own"].name not in _decoded(
        call(client, callbacks["school_table"], None, None, None)
    )
    rows = _decoded(list_rows(client, callbacks["school_rows"], EVERY_ROW))
    assert codes["own"].name not in rows and '"rowCount": 0' in rows


def test_missing_years_render_no_data_blocks(client_for, callbacks, codes):
    """The school with the fewest context years; seed 11 has none missing, so a year before
    the data stands in for the missing one there (the data-access test covers a real gap)."""
    client = client_for("region")
    code = codes["missing_years"].school_code
    assert code in _decoded(call(client, callbacks["profile_header"], code))
    engine = client.application.extensions["oko_engine"]
    with engine.connect() as conn:
        present = set(
            conn.execute(
                text(
                    "SELECT DISTINCT v.year FROM context_value v "
                    "JOIN school s ON s.id = v.school_id "
                    "WHERE s.school_code = :c"
                ),
                {"c": code},
            ).scalars()
        )
    absent = min(codes["years"] - present, default=min(codes["years"]) - 1)
    assert "нет данных" in _decoded(call(client, callbacks["context_block"], code, absent))
    assert "нет данных" in _decoded(call(client, callbacks["conditions_block"], code, absent))
    assert "нет данных" in _decoded(call(client, callbacks["weak_skills_block"], code, absent))
    conditions = _decoded(call(client, callbacks["conditions_block"], code, max(present)))
    assert "Дефицит" in conditions and "Вид ориентира" in conditions  # the grid's columns
    assert "Без норматива" in conditions


def test_conditions_without_a_norm_are_below_the_median_not_deficits(client_for, callbacks, codes):
    """Across the demo's schools, indicators without a norm are never called a deficit: on the
    worse side of the regional median they read «ниже/выше медианы региона»."""
    client = client_for("region")
    year = codes["last_year"]
    said_median = False
    for school in (codes["own"].school_code, codes["foreign"].school_code):
        answer = _decoded(call(client, callbacks["conditions_block"], school, year))
        said_median |= "медианы региона" in answer and "Это не дефицит" in answer
        assert f"Дефициты ({year} г.)" not in answer  # the old wording
    assert said_median


def test_school_without_pupil_data_renders_no_data(client_for, callbacks, codes):
    client = client_for("region")
    code = codes["no_pupils"].school_code
    assert code in _decoded(call(client, callbacks["profile_header"], code))
    assert "нет данных" in _decoded(
        call(client, callbacks["weak_skills_block"], code, codes["last_year"])
    )
    assert "нет данных" in _decoded(
        call(client, callbacks["results_charts"], code, "vpr", "математика", 99)
    )


def test_results_chart_and_weak_skills_for_own_school(client_for, callbacks, codes):
    client = client_for("director")
    code = codes["own"].school_code
    charts = _decoded(call(client, callbacks["results_charts"], code, "vpr", "математика", 5))
    assert "Муниципалитет" in charts and "Регион" in charts and "ВПР, математика, 5 кл." in charts
    assert "Умение" in _decoded(
        call(client, callbacks["weak_skills_block"], code, codes["last_year"])
    )


def test_region_list_links_to_profiles(client_for, callbacks, codes):
    client = client_for("region")
    table = _decoded(list_rows(client, callbacks["school_rows"], EVERY_ROW))
    assert f"(/schools/{codes['own'].school_code})" in table
    assert "не реализовано" not in table
    assert "main-svg" not in table  # a figure is JSON, not HTML
    assert "scaleanchor" in _decoded(
        call(client, callbacks["school_map"], None, None, None, "pupils", "map")
    )


def test_list_waits_for_restored_filters_and_map_for_its_tab(client_for, callbacks):
    """Before load_schools restores the filters (null) no list is built; the map is drawn
    only when its tab is open."""
    client = client_for("region")
    assert call(client, callbacks["school_table"], None, None, None) == ""
    assert list_rows(client, callbacks["school_rows"], EVERY_ROW, (None, None, None)) == ""
    assert call(client, callbacks["school_map"], [], [], [], "pupils", "list") == ""
    assert call(client, callbacks["school_map"], [], [], [], "pupils", None) == ""


def test_list_is_sent_a_page_at_a_time(client_for, callbacks):
    """The grid gets the rows it asks for and the count of the filtered list; a kind filter
    narrows both, and the count line says the same number."""
    import json

    from dashboard.ids import Schools

    client = client_for("region")

    def page(request, filters=([], [], [])):
        body = list_rows(client, callbacks["school_rows"], request, filters)
        return json.loads(body)["response"][Schools.TABLE]["getRowsResponse"]

    every = page(EVERY_ROW)
    first = page({"startRow": 0, "endRow": 25})
    assert len(first["rowData"]) == 25 < first["rowCount"] == len(every["rowData"])
    assert first["rowData"] == every["rowData"][:25]
    assert page({"startRow": 25, "endRow": 50})["rowData"] == every["rowData"][25:50]
    assert page(None)["rowData"] == first["rowData"]  # no request yet: the first page
    columns = json.loads(call(client, callbacks["school_table"], [], [], []))["response"]
    field = {c["headerName"]: c["field"] for c in columns[Schools.TABLE]["columnDefs"]}
    loaded = json.loads(call(client, callbacks["load_schools"], "/schools"))["response"]
    kind = loaded[Schools.KIND]["options"][0]
    kept = page(EVERY_ROW, ([], [kind["value"]], []))
    assert 0 < kept["rowCount"] < every["rowCount"]
    assert {r[field["Тип"]] for r in kept["rowData"]} == {kind["label"]}
    counted = json.loads(
        list_rows(client, callbacks["school_rows"], EVERY_ROW, ([], [kind["value"]], []))
    )
    assert f"Показано ОО: {kept['rowCount']}." == counted["response"][Schools.COUNT]["children"]


def test_count_follows_the_grids_text_filter(client_for, callbacks, codes):
    """«Показано ОО: N» counts what the grid shows after its own text filters too."""
    import json

    from dashboard.ids import Schools

    client = client_for("region")
    columns = json.loads(call(client, callbacks["school_table"], [], [], []))["response"]
    field = {c["headerName"]: c["field"] for c in columns[Schools.TABLE]["columnDefs"]}
    name = codes["own"].name
    request = {
        **EVERY_ROW,
        "filterModel": {
            field["Наименование"]: {"filterType": "text", "type": "equals", "filter": name}
        },
    }
    answer = json.loads(list_rows(client, callbacks["school_rows"], request))["response"]
    shown = answer[Schools.TABLE]["getRowsResponse"]
    assert 1 <= shown["rowCount"] < 10
    assert answer[Schools.COUNT]["children"] == f"Показано ОО: {shown['rowCount']}."


def test_profile_and_list_pages_are_served(client_for, codes):
    client = client_for("director")
    assert client.get(f"/schools/{codes['own'].school_code}").status_code == 200
    assert client.get("/schools").status_code == 200


def test_pdf_download_is_an_a4_pdf_with_the_filters(client_for, callbacks, codes):
    client = client_for("director")
    body = body_for(callbacks["profile_pdf"], None)
    body["inputs"][0]["value"] = 1
    for slot, value in zip(
        body["state"],
        [codes["own"].school_code, codes["last_year"], "vpr", "математика", 5],
        strict=True,
    ):
        slot["value"] = value
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code == 200
    data = response.get_json()["response"]["profile-pdf"]["data"]
    import base64

    pdf = base64.b64decode(data["content"])
    assert (
        pdf.startswith(b"%PDF")
        and data["filename"] == f"profile_{codes['own'].school_code}_{codes['last_year']}.pdf"
    )
    import re

    width, height = (
        float(v) for v in re.search(rb"MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf).groups()
    )
    assert abs(width - 595.3) < 2 and abs(height - 841.9) < 2  # A4 in points


def test_pdf_of_an_earlier_year_names_the_last_year_in_the_data(
    client_for, callbacks, codes, monkeypatch
):
    """The PDF's «последний год в данных» is the page's last year, not the year chosen."""
    from callbacks import school_profile

    asked = {}
    real = school_profile.report.profile_report

    def spy(*args, **kwargs):
        asked.update(kwargs)
        return real(*args, **kwargs)

    monkeypatch.setattr(school_profile.report, "profile_report", spy)
    body = body_for(callbacks["profile_pdf"], None)
    body["inputs"][0]["value"] = 1
    chosen = [codes["own"].school_code, codes["first_year"], "vpr", "математика", 5]
    for slot, value in zip(body["state"], chosen, strict=True):
        slot["value"] = value
    assert client_for("director").post("/_dash-update-component", json=body).status_code == 200
    assert asked["year"] == codes["first_year"] < asked["latest"]
    assert asked["latest"] >= codes["last_year"]


def test_pdf_of_a_foreign_school_is_refused(client_for, callbacks, codes):
    client = client_for("director")
    body = body_for(callbacks["profile_pdf"], None)
    body["inputs"][0]["value"] = 1
    for slot, value in zip(
        body["state"],
        [codes["foreign"].school_code, codes["last_year"], "vpr", "математика", 5],
        strict=True,
    ):
        slot["value"] = value
    assert client.post("/_dash-update-component", json=body).status_code == 204


def test_list_shows_the_rankings_default_effect(app, client_for, callbacks):
    """The list's adjusted column is the /rankings default view's effect, school by school."""
    import json

    from dashboard import rules, strings
    from dashboard.ids import Schools
    from data_access import overview, rankings, users

    client = client_for("region")
    grid = json.loads(call(client, callbacks["school_table"], [], [], []))["response"]
    named = {c["headerName"]: c["field"] for c in grid[Schools.TABLE]["columnDefs"]}
    page = json.loads(list_rows(client, callbacks["school_rows"], EVERY_ROW))["response"]
    rows = [
        {key: row.get(named[header]) for key, header in strings.SCHOOLS_COLUMNS.items()}
        for row in page[Schools.TABLE]["getRowsResponse"]["rowData"]
    ]
    engine = app.server.extensions["oko_engine"]
    with database.bind(engine):
        region = users.scope_for(users.account_by_login("region"))
        choices = overview.procedure_choices(region)
        year = int(choices.loc[choices["kind"] == "vpr", "year"].max())
        view = rankings.school_rankings(
            region,
            "vpr",
            rankings.ALL,
            0,
            year,
            list(rules.RANKINGS_DEFAULT_COVARIATES),
            rules.RANKINGS_DEFAULT_LEVEL,
        )
    expected = dict(zip(view["table"]["school_code"], view["table"]["effect"], strict=True))
    shown = {r["school_code"].split("](")[0].lstrip("["): r["adjusted_effect"] for r in rows}
    compared = [code for code in shown if code in expected]
    assert len(compared) >= 10
    assert all(shown[code] == round(float(expected[code]), 1) for code in compared)
    assert all(shown[code] is None for code in set(shown) - set(expected))
    resilient = set(view["table"].loc[view["table"]["category"] == "resilient", "school_code"])
    flagged = {
        code for code, r in zip(shown, rows, strict=True) if "резильентная" in r["flags"].lower()
    }
    assert flagged == resilient & set(shown)


def test_data_date_names_the_last_year_of_the_data_whatever_year_is_chosen(
    client_for, callbacks, codes
):
    """The line under the header names the last year in the data, not the year picked."""
    from dashboard.ids import SchoolProfile

    client = client_for("director")
    code = codes["own"].school_code
    values = (codes["first_year"], None, None, None, None)
    response = call_pickers(client, callbacks["profile_pickers"], code, values=values)
    answer = response.get_json()["response"]
    line = answer[SchoolProfile.DATA_DATE]["children"]
    assert f"последний учебный год в данных: {codes['last_year']}." in line
    assert codes["first_year"] != codes["last_year"]
