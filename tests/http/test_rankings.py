"""`/rankings` through the Dash endpoint: who is named, the downloads, and timings."""

from __future__ import annotations

import io
from dataclasses import dataclass
from urllib.parse import urlencode

import pandas as pd
import pytest
from sqlalchemy import select

from dashboard import strings
from dashboard.ids import Rankings as ids
from dashboard.models import School
from data_access import database, users
from data_access.rankings import ALL

OUTCOME = {"kind": "vpr", "subject": ALL, "grade": 0, "year": None}


def _body(output: str, outputs: list, values: dict, year: int, state: bool = False) -> dict:
    keys = [
        (ids.KIND, values.get("kind", OUTCOME["kind"])),
        (ids.SUBJECT, values.get("subject", ALL)),
        (ids.GRADE, values.get("grade", 0)),
        (ids.YEAR, year),
        (ids.COVARIATES, values.get("covariates", ["social_index"])),
        (ids.LEVEL, values.get("level", "pupil")),
    ]
    slots = [
        {"id": i, "property": "value" if i != ids.COVARIATES else "value", "value": v}
        for i, v in keys
    ]
    if state:
        triggers = [
            {"id": ids.DOWNLOAD_CSV, "property": "n_clicks", "value": 1},
            {"id": ids.DOWNLOAD_XLSX, "property": "n_clicks", "value": None},
        ]
        scope = {"id": ids.TABLE_SCOPE, "property": "value", "value": values.get("scope", "all")}
        return {
            "output": output,
            "outputs": outputs,
            "inputs": triggers,
            "state": [*slots, scope],
            "changedPropIds": [f"{ids.DOWNLOAD_CSV}.n_clicks"],
        }
    return {
        "output": output,
        "outputs": outputs,
        "inputs": slots,
        "state": [],
        "changedPropIds": [f"{ids.YEAR}.value"],
    }


VIEW_OUTPUTS = [
    (ids.TABLE, "columnDefs"),
    (ids.STATUS, "children"),
    (ids.METHOD, "children"),
    (ids.OWN_SUMMARY, "children"),
]
CHART_OUTPUTS = [(graph, "figure") for graph in ids.CHARTS.values()] + [
    (ids.CHART_NOTE, "children"),
    (ids.SHOW_ALL_BOX, "hidden"),
]
# the grid's pages (and «найти мою школу»)
ROWS = [(ids.TABLE, "getRowsResponse"), (ids.TABLE, "paginationGoTo"), (ids.FIND_NOTE, "children")]
SHOW_ALL = {"id": ids.SHOW_ALL, "property": "value", "value": []}
TABLE_SCOPE = {"id": ids.TABLE_SCOPE, "property": "value", "value": "all"}
FIND_OWN = {"id": ids.FIND_OWN, "property": "n_clicks", "value": None}
NAME, OWN, OTHER = strings.RANK_COLUMNS["name"], f"{strings.RANK_OWN}: ", strings.RANK_OTHER


def _post(client, slots, values: dict, year: int, more=(), rows=False, status: int = 200):
    """POST one callback: `slots` out; the six controls in, `more` inputs after them (before
    them for the grid's page callback, `rows`, fired by the grid's request)."""
    outputs = [{"id": i, "property": p} for i, p in slots]
    if len(slots) == 1:  # a single output is named and sent bare
        body = _body(f"{slots[0][0]}.{slots[0][1]}", outputs[0], values, year)
    else:
        body = _body(".." + "...".join(f"{i}.{p}" for i, p in slots) + "..", outputs, values, year)
    if rows:  # the grid's request first, then the controls, the table's scope and the jump
        extra = [slot for slot in (TABLE_SCOPE, FIND_OWN) if slot["id"] not in _ids(more)]
        body["inputs"] = [*(m for m in more if m["id"] == ids.TABLE), *body["inputs"]]
        body["inputs"] += [*(m for m in more if m["id"] != ids.TABLE), *extra]
    elif slots == CHART_OUTPUTS:  # the controls, the open tab, «показать все»
        extra = [] if ids.SHOW_ALL in _ids(more) else [SHOW_ALL]
        body["inputs"] = [*body["inputs"], *more, *extra]
    else:
        body["inputs"] = [*body["inputs"], *more]
    if rows:
        body["changedPropIds"] = [f"{ids.TABLE}.getRowsRequest"]
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code == status, response.get_data(as_text=True)[:500]
    return response


def number(text: object) -> float:
    """A number as the grid or the CSV shows it («−1,25», «1 234») back as a float."""
    if isinstance(text, int | float):
        return float(text)
    return float(str(text).replace("\u2212", "-").replace("\u2009", "").replace(",", "."))


def _ids(slots) -> set:
    return {slot["id"] for slot in slots}


@dataclass
class View:
    """Everything one selection sends: status, method, the four charts, every grid row."""

    text: str
    columns: list[dict]
    rows: list[dict]
    charts: list[dict]


def view(client, year: int, **values) -> View:
    answer = _post(client, VIEW_OUTPUTS, values, year)
    texts, charts = [answer.get_data(as_text=True)], []
    for tab in ids.CHARTS:  # each tab's chart, as opening the tab draws it
        tab_input = {"id": ids.TABS, "property": "active_tab", "value": tab}
        drawn = _post(client, CHART_OUTPUTS, values, year, more=[tab_input])
        texts.append(drawn.get_data(as_text=True))
        charts.append(drawn.get_json()["response"][ids.CHARTS[tab]]["figure"])
    rows, count = [], None
    while count is None or len(rows) < count:  # the grid's pages, 100 rows at a time
        request = {"startRow": len(rows), "endRow": len(rows) + 100}
        asked = {"id": ids.TABLE, "property": "getRowsRequest", "value": request}
        page = _post(client, ROWS, values, year, [asked], rows=True)
        texts.append(page.get_data(as_text=True))
        block = page.get_json()["response"][ids.TABLE]["getRowsResponse"]
        rows, count = rows + block["rowData"], block["rowCount"]
        assert block["rowData"] or len(rows) == count
    columns = answer.get_json()["response"][ids.TABLE]["columnDefs"]
    return View("\n".join(texts), columns, rows, charts)


@pytest.fixture(scope="module")
def names(app):
    """Every school's name, the director's school and the district's municipality."""
    engine = app.server.extensions["oko_engine"]
    with database.bind(engine), engine.connect() as conn:
        director = users.scope_for(users.account_by_login("director"))
        district = users.scope_for(users.account_by_login("district"))
        rows = conn.execute(select(School.id, School.name, School.municipality_id)).all()
    return {"rows": rows, "director": director, "district": district}


@pytest.fixture(scope="module")
def year(app) -> int:
    from dashboard.models import Procedure

    engine = app.server.extensions["oko_engine"]
    with engine.connect() as conn:
        return (
            conn.execute(
                select(Procedure.year)
                .where(Procedure.kind == "vpr")
                .order_by(Procedure.year.desc())
            )
            .scalars()
            .first()
        )


def _table(shown: View) -> list[dict]:
    """The grid's rows keyed by their column headers (the grid's fields are positional)."""
    headers = {column["field"]: column["headerName"] for column in shown.columns}
    return [{headers[field]: value for field, value in row.items()} for row in shown.rows]


def test_region_sees_every_shown_school_by_name(client_for, names, year):
    rows = _table(view(client_for("region"), year))
    assert rows and all(r[NAME] != OTHER for r in rows)
    known = {n for _, n, _ in names["rows"]}
    assert {r[NAME] for r in rows} <= known


def test_director_sees_own_school_and_anonymous_others(client_for, names, year):
    response = view(client_for("director"), year)
    text = response.text
    own = [n for sid, n, _ in names["rows"] if sid == names["director"].school_id][0]
    others = [n for sid, n, _ in names["rows"] if sid != names["director"].school_id]
    assert not any(name in text for name in others)
    rows = _table(response)
    assert [r[NAME] for r in rows if r[NAME].startswith(OWN)] == [f"Ваша ОО: {own}"]
    assert sum(r[NAME] == OTHER for r in rows) == len(rows) - 1


def test_municipality_names_only_its_own_schools(client_for, names, year):
    muni = names["district"].municipality_id
    response = view(client_for("district"), year)
    text = response.text
    foreign = [n for _, n, m in names["rows"] if m != muni]
    assert not any(name in text for name in foreign)
    own = {n for _, n, m in names["rows"] if m == muni}
    assert {r[NAME] for r in _table(response) if r[NAME] != OTHER} <= own


def test_viewer_sees_no_names(client_for, names, year):
    response = view(client_for("viewer"), year)
    text = response.text
    assert not any(name in text for _, name, _ in names["rows"])
    assert {r[NAME] for r in _table(response)} == {OTHER}


def test_school_level_and_single_procedure_answer(client_for, year):
    client = client_for("region")
    rows = _table(view(client, year, level="school", covariates=["social_index", "rural"]))
    wanted = {strings.RANK_COLUMNS[c] for c in ("rank", "raw_rank", "rank_interval", "category")}
    assert rows and wanted <= set(rows[0])
    single = view(client, year, subject="математика", grade=5, covariates=["social_index", "prior"])
    assert _table(single)


def test_unknown_covariate_is_refused_quietly(client_for, year):
    client = client_for("region")
    forged = {"covariates": ["social_index); DROP TABLE school;--"]}
    _post(client, VIEW_OUTPUTS, forged, year, status=204)
    tab = {"id": ids.TABS, "property": "active_tab", "value": "scatter"}
    _post(client, CHART_OUTPUTS, forged, year, more=[tab], status=204)
    asked = {"id": ids.TABLE, "property": "getRowsRequest", "value": {"startRow": 0}}
    _post(client, ROWS, forged, year, more=[asked], rows=True, status=204)


def test_download_csv_matches_the_table(client_for, year):
    client = client_for("director")
    shown = _table(view(client, year))
    outputs = {"id": ids.DOWNLOAD, "property": "data"}
    response = client.post(
        "/_dash-update-component", json=_body(f"{ids.DOWNLOAD}.data", outputs, {}, year, state=True)
    )
    assert response.status_code == 200
    data = response.get_json()["response"][ids.DOWNLOAD]["data"]
    import base64

    frame = pd.read_csv(
        io.BytesIO(base64.b64decode(data["content"])),
        sep=";",
        encoding="utf-8-sig",
        keep_default_na=False,
    )
    assert len(frame) == len(shown)
    assert "Место с учётом контекста" in frame.columns
    # the grid's columns, in the grid's order (the grid adds the profile link and own mark)
    grid_only = [strings.RANK_PROFILE, strings.RANK_GRID_OWN]
    assert list(frame.columns) + grid_only == list(shown[0])
    assert frame[NAME].tolist() == [r[NAME] for r in shown]
    rank = strings.RANK_COLUMNS["rank"]
    assert [number(v) for v in frame[rank]] == [number(r[rank]) for r in shown]


def test_second_view_is_answered_from_the_cache(client_for, year, monkeypatch):
    """The model is fitted once per choice; the same view again comes from the cache
    (its speed is a benchmark: `oko bench` prints rankings_pupil / rankings_school)."""
    from data_access import cache
    from data_access import rankings as ranking_data

    fitted = []
    real_fit = ranking_data._stored_fit  # the stored fit of the default view, or a new fit
    monkeypatch.setattr(
        ranking_data,
        "_stored_fit",
        lambda system, args: fitted.append(args) or real_fit(system, args),
    )
    cache.invalidate()
    client = client_for("region")
    first = _table(view(client, year, level="pupil"))
    assert len(fitted) == 1
    assert _table(view(client, year, level="pupil")) == first
    assert len(fitted) == 1


def _pick(client, values: dict, search: str) -> dict:
    """POST rankings_pickers: the four pickers' values, the page address."""
    outputs = [
        {"id": i, "property": p}
        for i in (ids.KIND, ids.SUBJECT, ids.GRADE, ids.YEAR)
        for p in ("options", "value")
    ]
    inputs = [
        {"id": i, "property": "value", "value": values.get(i)}
        for i in (ids.KIND, ids.SUBJECT, ids.GRADE, ids.YEAR)
    ]
    inputs.append({"id": ids.LOCATION, "property": "pathname", "value": "/rankings"})
    body = {
        "output": ".." + "...".join(f"{o['id']}.{o['property']}" for o in outputs) + "..",
        "outputs": outputs,
        "inputs": inputs,
        "state": [{"id": ids.LOCATION, "property": "search", "value": search}],
        "changedPropIds": [f"{ids.LOCATION}.pathname"],
    }
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return response.get_json()["response"]


def test_pickers_default_to_all_subjects_and_grades_of_the_latest_vpr(client_for, year):
    answer = _pick(client_for("region"), {}, "")
    assert answer[ids.KIND]["value"] == "vpr"
    assert answer[ids.SUBJECT]["value"] == ALL and answer[ids.GRADE]["value"] == 0
    assert answer[ids.SUBJECT]["options"][0] == {"label": strings.RANK_ALL_SUBJECTS, "value": ALL}
    assert answer[ids.GRADE]["options"][0] == {"label": strings.RANK_ALL_GRADES, "value": 0}
    assert answer[ids.YEAR]["value"] == year


def test_pickers_restore_the_address_then_follow_the_controls(client_for, year):
    client = client_for("region")
    search = "?" + urlencode({"kind": "vpr", "subject": "математика", "grade": 5, "year": year})
    restored = _pick(client, {}, search)
    picked = [restored[i]["value"] for i in (ids.SUBJECT, ids.GRADE, ids.YEAR)]
    assert picked == ["математика", 5, year]
    moved = _pick(client, {ids.KIND: "vpr", ids.SUBJECT: ALL, ids.GRADE: 0, ids.YEAR: year}, search)
    assert [moved[i]["value"] for i in (ids.SUBJECT, ids.GRADE)] == [ALL, 0]


def _address(client, year: int, tab: object, search: str = "", schools: object = "all"):
    """POST rankings_address: the six controls and the open tab → the page's address."""
    slots = [
        (ids.KIND, "vpr"),
        (ids.SUBJECT, ALL),
        (ids.GRADE, 0),
        (ids.YEAR, year),
        (ids.COVARIATES, []),
        (ids.LEVEL, "school"),
    ]
    body = {
        "output": f"{ids.LOCATION}.search",
        "outputs": {"id": ids.LOCATION, "property": "search"},
        "inputs": [
            *[{"id": i, "property": "value", "value": v} for i, v in slots],
            {"id": ids.TABS, "property": "active_tab", "value": tab},
            {"id": ids.TABLE_SCOPE, "property": "value", "value": schools},
        ],
        "state": [{"id": ids.LOCATION, "property": "search", "value": search}],
        "changedPropIds": [f"{ids.TABS}.active_tab"],
    }
    return client.post("/_dash-update-component", json=body)


def test_the_address_follows_the_selection(client_for, year):
    response = _address(client_for("viewer"), year, "scatter")
    assert response.get_json()["response"][ids.LOCATION]["search"] == (
        f"?kind=vpr&subject=__all__&grade=0&year={year}&covariates=none&level=school&tab=scatter"
    )


def test_the_address_follows_the_open_tab(client_for, year):
    client = client_for("region")
    search = f"?kind=vpr&subject=__all__&grade=0&year={year}&covariates=none&level=school"
    for tab in ids.CHARTS:
        answer = _address(client, year, tab).get_json()["response"]
        assert answer[ids.LOCATION]["search"] == search + "&tab=" + tab
    unchanged = _address(client, year, "caterpillar", search + "&tab=caterpillar")
    assert ids.LOCATION not in unchanged.get_json()["response"]  # no duplicate history entry
    forged = _address(client, year, {"tab": "funnel"}).get_json()["response"]
    assert forged[ids.LOCATION]["search"] == search + "&tab=scatter"


def _controls(client, search: str) -> dict:
    """POST rankings_controls as the page loads at `search`."""
    outputs = [
        {"id": ids.COVARIATES, "property": "options"},
        {"id": ids.COVARIATES, "property": "value"},
        {"id": ids.LEVEL, "property": "value"},
        {"id": ids.TABS, "property": "active_tab"},
        {"id": ids.TABLE_SCOPE, "property": "value"},
        {"id": ids.TABLE_SCOPE_BOX, "property": "hidden"},
        {"id": ids.FIND_OWN, "property": "children"},
        {"id": ids.FIND_OWN, "property": "hidden"},
    ]
    body = {
        "output": ".." + "...".join(f"{o['id']}.{o['property']}" for o in outputs) + "..",
        "outputs": outputs,
        "inputs": [{"id": ids.LOCATION, "property": "pathname", "value": "/rankings"}],
        "state": [{"id": ids.LOCATION, "property": "search", "value": search}],
        "changedPropIds": [f"{ids.LOCATION}.pathname"],
    }
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return response.get_json()["response"]


def test_a_shared_address_reopens_its_tab(client_for, year):
    """The tab in the address is the tab opened on load; an unknown one is the default."""
    client = client_for("director")
    search = f"?kind=vpr&subject=__all__&grade=0&year={year}&level=school"
    for tab in ids.CHARTS:
        restored = _controls(client, search + "&tab=" + tab)
        assert restored[ids.TABS]["active_tab"] == tab
        assert restored[ids.LEVEL]["value"] == "school"
    for unknown in ("&tab=nope", "&tab=", "&tab=%3Cscript%3E", "&tab=" + "x" * 500, ""):
        assert _controls(client, search + unknown)[ids.TABS]["active_tab"] == "scatter"


def test_an_unknown_tab_draws_the_default_chart(client_for, year):
    client = client_for("region")
    forged = {"id": ids.TABS, "property": "active_tab", "value": "nope"}
    drawn = _post(client, CHART_OUTPUTS, {}, year, more=[forged]).get_json()["response"]
    assert list(drawn) == [ids.SCATTER, ids.CHART_NOTE, ids.SHOW_ALL_BOX]
    opened = {"id": ids.TABS, "property": "active_tab", "value": "funnel"}
    drawn = _post(client, CHART_OUTPUTS, {}, year, more=[opened]).get_json()["response"]
    assert (
        list(drawn) == [ids.FUNNEL, ids.CHART_NOTE, ids.SHOW_ALL_BOX]
        and drawn[ids.FUNNEL]["figure"]["data"]
    )


def _rows(client, year: int, request: dict) -> dict:
    asked = {"id": ids.TABLE, "property": "getRowsRequest", "value": request}
    page = _post(client, ROWS, {}, year, [asked], rows=True)
    return page.get_json()["response"][ids.TABLE]["getRowsResponse"]


def test_a_visit_draws_one_chart_and_one_page_of_the_grid(client_for, year):
    """Only the open tab's chart is sent, and the grid gets the page it asks for."""
    client = client_for("region")
    unopened = {"id": ids.TABS, "property": "active_tab", "value": None}  # the page just loaded
    drawn = _post(client, CHART_OUTPUTS, {}, year, more=[unopened]).get_json()["response"]
    # the default tab; the other charts wait for theirs
    assert list(drawn) == [ids.SCATTER, ids.CHART_NOTE, ids.SHOW_ALL_BOX]
    every = view(client, year)
    first = _rows(client, year, {"startRow": 0, "endRow": 25})
    assert first["rowCount"] == len(every.rows) > 25
    assert first["rowData"] == every.rows[:25]
    assert _rows(client, year, {"startRow": 25, "endRow": 50})["rowData"] == every.rows[25:50]


def test_grid_sorts_and_filters_on_the_server_like_the_download(client_for, year):
    """The grid's sort and filter models act on the download's frame, server-side."""
    client = client_for("region")
    shown = view(client, year)
    field = {c["headerName"]: c["field"] for c in shown.columns}
    frame = pd.DataFrame(_table(shown))
    category, effect = strings.RANK_COLUMNS["category"], strings.RANK_COLUMNS["effect"]
    frame[effect] = frame[effect].map(number)
    wanted = strings.RANK_CATEGORIES["average"]
    expected = frame[(frame[category] == wanted) & (frame[effect] > 0)].sort_values(
        effect, ascending=False, kind="stable"
    )
    request = {
        "startRow": 0,
        "endRow": 500,
        "sortModel": [{"colId": field[effect], "sort": "desc"}],
        "filterModel": {
            field[category]: {"filterType": "text", "type": "equals", "filter": wanted.upper()},
            field[effect]: {"filterType": "number", "type": "greaterThan", "filter": 0},
        },
    }
    answer = _rows(client, year, request)
    assert 0 < answer["rowCount"] == len(expected) < len(frame)
    got = [r[field[NAME]] for r in answer["rowData"]]
    assert got == expected[NAME].tolist()


# ------------------------------------------------------------------ no false rankings (issue 16)
ENGLISH = ("need at least", "school_id", "groups", "collinear", "Error", "Traceback")


def _charts_say(shown: View, message: str) -> None:
    """Every chart draws no school, only the explanation (wrapped over lines)."""
    for figure in shown.charts:
        assert not figure.get("data")
        drawn = " ".join(a["text"] for a in figure["layout"]["annotations"])
        assert drawn.replace("<br>", " ") == message


def test_a_collapsed_model_shows_why_and_no_ranks(app, client_for, year, monkeypatch, request):
    """A model whose between-school variance is estimated as 0 (here: every school's mean
    set to the region's, ± 0.5 p.p.; with known sampling variance the demo itself no longer
    collapses, see tests/data_access/test_rankings.py): the page explains it in Russian, the
    grid gets no columns and no rows, the charts draw nothing and nothing on the page is a
    rank."""
    import numpy as np

    from dashboard.figures import rankings as figures
    from data_access import cache
    from data_access import rankings as ranking_data

    covariates = ["social_index", "prior"]
    real_model = ranking_data._model

    def no_differences(frame, covariates, level):
        level_mean = np.average(frame["y"], weights=frame["participants"])
        jitter = 0.5 * np.random.default_rng(0).standard_normal(len(frame))
        return real_model(frame.assign(y=level_mean + jitter), covariates, level)

    monkeypatch.setattr(ranking_data, "_model", no_differences)
    cache.invalidate()
    request.addfinalizer(cache.invalidate)  # the collapse is not kept for later tests
    engine = app.server.extensions["oko_engine"]
    grades = [6]
    with database.bind(engine):
        region = users.scope_for(users.account_by_login("region"))
        fitted = ranking_data.school_rankings(
            region, "vpr", "математика", grades[0], year, covariates, "school"
        )
    assert fitted["empty"] == "collapsed"
    message = figures.empty_message(fitted, {}, "school")
    assert "межшкольная дисперсия оценена как нулевая" in message
    assert strings.RANK_COLLAPSED_ADVICE["school"] in message
    client = client_for("region")
    shown = view(
        client, year, subject="математика", grade=grades[0], covariates=covariates, level="school"
    )
    assert shown.columns == [] and shown.rows == []
    assert message in shown.text
    _charts_say(shown, message)
    for header in ("rank", "raw_rank", "rank_interval"):
        assert strings.RANK_COLUMNS[header] not in shown.text
    # the download sends nothing either
    outputs = {"id": ids.DOWNLOAD, "property": "data"}
    values = {"subject": "математика", "grade": grades[0], "covariates": covariates}
    body = _body(f"{ids.DOWNLOAD}.data", outputs, {**values, "level": "school"}, year, state=True)
    assert client.post("/_dash-update-component", json=body).status_code == 204


def test_oge_with_the_prior_year_says_why_in_russian(app, client_for):
    """ОГЭ has no grade-8 ОГЭ a year earlier: the page used to show «need at least 2 groups
    in 'school_id'»; now the Russian reason and what to do."""
    from dashboard.models import Procedure

    engine = app.server.extensions["oko_engine"]
    with engine.connect() as conn:
        subject, grade, oge_year = conn.execute(
            select(Procedure.subject, Procedure.grade, Procedure.year)
            .where(Procedure.kind == "oge")
            .order_by(Procedure.year.desc(), Procedure.subject)
        ).first()
    values = {
        "kind": "oge",
        "subject": subject,
        "grade": grade,
        "covariates": ["social_index", "prior"],
    }
    for level in ("pupil", "school"):
        shown = view(client_for("region"), oge_year, **values, level=level)
        assert strings.RANK_EMPTY["no_prior"] in shown.text
        assert strings.RANK_COVARIATES["prior"] in strings.RANK_EMPTY["no_prior"]
        assert not any(word in shown.text for word in ENGLISH)
        assert shown.columns == [] and shown.rows == []
        _charts_say(shown, strings.RANK_EMPTY["no_prior"])


@pytest.mark.parametrize(
    ("failure", "reason"),
    [
        ("few_groups", "few_schools"),
        ("collinear", "collinear"),
        (None, "no_fit"),  # a failure the model does not name
    ],
)
def test_a_model_failure_shows_a_russian_reason_and_no_python_text(
    client_for, year, monkeypatch, caplog, failure, reason
):
    from dashboard.analytics import school_effects
    from data_access import cache
    from data_access import rankings as ranking_data

    python_text = "need at least 2 groups in 'school_id' after dropping missing rows, got 0"

    def fails(frame, covariates, level):
        if failure is None:
            raise ValueError(python_text)
        raise school_effects.ModelError(failure, python_text)

    monkeypatch.setattr(ranking_data, "_model", fails)
    cache.invalidate()  # no fitted view from an earlier test answers
    try:
        with caplog.at_level("WARNING"):
            shown = view(client_for("region"), year, level="school", covariates=["rural"])
    finally:
        cache.invalidate()  # the failure is not kept for the tests after this one
    assert strings.RANK_EMPTY[reason] in shown.text
    assert not any(word in shown.text for word in ENGLISH)
    assert shown.columns == [] and shown.rows == []
    _charts_say(shown, strings.RANK_EMPTY[reason])
    assert python_text in caplog.text  # the Python text is kept, in the server log only


# ------------------------------------------------------------------ own start, own rows (issue 16)
@pytest.fixture(scope="module")
def codes(app):
    """Every school's code by id."""
    engine = app.server.extensions["oko_engine"]
    with engine.connect() as conn:
        return dict(conn.execute(select(School.id, School.school_code)).all())


def _own_field(shown: View) -> str:
    return next(c["field"] for c in shown.columns if c["headerName"] == strings.RANK_GRID_OWN)


@pytest.mark.parametrize(
    ("login", "scope", "boxed", "find"),
    [
        ("district", "own", False, strings.RANK_FIND_OWN["municipality"]),
        ("director", "all", True, strings.RANK_FIND_OWN["school"]),
        ("region", "all", True, None),
        ("viewer", "all", True, None),
    ],
)
def test_the_page_opens_on_the_users_own_schools(client_for, login, scope, boxed, find):
    """A municipality user's table opens on its schools; directors and municipality users get
    the jump to their own rows; region-wide roles neither."""
    answer = _controls(client_for(login), "")
    assert answer[ids.TABLE_SCOPE]["value"] == scope
    assert answer[ids.TABLE_SCOPE_BOX]["hidden"] is boxed
    assert answer[ids.FIND_OWN]["hidden"] is (find is None)
    if find:
        assert answer[ids.FIND_OWN]["children"] == find


def test_director_own_row_is_marked_linked_and_summarised(client_for, names, codes, year):
    director = names["director"]
    shown = view(client_for("director"), year)
    own_field = _own_field(shown)
    marked = [r for r in shown.rows if r[own_field] == strings.GRID_YES]
    assert len(marked) == 1 and marked[0]["c0"].startswith(OWN)
    own_code = codes[director.school_id]
    profile = next(c["field"] for c in shown.columns if c["headerName"] == strings.RANK_PROFILE)
    assert [r[profile] for r in shown.rows if r[profile]] == [f"[открыть](</schools/{own_code}>)"]
    # no code of a school the director may not see by name reaches the page
    foreign = [code for sid, code in codes.items() if sid != director.school_id]
    assert not any(f'"{code}"' in shown.text or f"/{code}>" in shown.text for code in foreign)
    assert "Ваша ОО «" in shown.text and "место" in shown.text
    # the own row's class rule reads the hidden mark
    from dashboard.figures.rankings import OWN_ROW_RULES

    assert own_field in OWN_ROW_RULES["oko-own-row"]
    assert next(c for c in shown.columns if c["field"] == own_field)["hide"] is True


def test_grid_numbers_have_a_decimal_comma_and_a_true_minus(client_for, year):
    shown = view(client_for("region"), year)
    effect = strings.RANK_COLUMNS["effect"]
    values = [r[effect] for r in _table(shown)]
    assert all(isinstance(v, str) and "." not in v for v in values)
    assert any(v.startswith("\u2212") for v in values) and not any("-" in v for v in values)
    assert any("," in v for v in values)


def _find(client, year: int, request: dict, scope: str = "all") -> dict:
    asked = {"id": ids.TABLE, "property": "getRowsRequest", "value": request}
    clicked = {"id": ids.FIND_OWN, "property": "n_clicks", "value": 1}
    scoped = {**TABLE_SCOPE, "value": scope}
    outputs = [{"id": i, "property": p} for i, p in ROWS]
    body = _body(".." + "...".join(f"{i}.{p}" for i, p in ROWS) + "..", outputs, {}, year)
    body["inputs"] = [asked, *body["inputs"], scoped, clicked]
    body["changedPropIds"] = [f"{ids.FIND_OWN}.n_clicks"]
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return response.get_json()["response"]


def test_find_my_school_jumps_to_the_page_holding_the_own_row(client_for, year):
    """In the grid's own sort and filter: the page (0-based) of the own row, then that page
    holds it; a filter hiding it says so."""
    client = client_for("director")
    shown = view(client, year)
    field = {c["headerName"]: c["field"] for c in shown.columns}
    for sort in ([], [{"colId": field[NAME], "sort": "asc"}], [{"colId": "c4", "sort": "asc"}]):
        request = {"startRow": 0, "endRow": 25, "sortModel": sort, "filterModel": {}}
        answer = _find(client, year, request)
        goto = answer[ids.TABLE]["paginationGoTo"]
        assert isinstance(goto, int) and answer[ids.FIND_NOTE]["children"] == ""
        page = {**request, "startRow": 25 * goto, "endRow": 25 * goto + 25}
        rows = _rows(client, year, page)["rowData"]
        assert sum(r[_own_field(shown)] == strings.GRID_YES for r in rows) == 1
    hidden = {"filterModel": {field[NAME]: {"filterType": "text", "type": "equals", "filter": "x"}}}
    answer = _find(client, year, {"startRow": 0, "endRow": 25, **hidden})
    assert ids.TABLE not in answer  # the grid stays where it is
    assert answer[ids.FIND_NOTE]["children"] == strings.RANK_FIND_OWN_HIDDEN["filtered"]


def test_a_municipality_table_opens_on_its_own_schools(client_for, names, year):
    client = client_for("district")
    muni = names["district"].municipality_id
    own = {n for _, n, m in names["rows"] if m == muni}
    request = {
        "id": ids.TABLE,
        "property": "getRowsRequest",
        "value": {"startRow": 0, "endRow": 500},
    }
    scoped = {**TABLE_SCOPE, "value": "own"}
    page = _post(client, ROWS, {}, year, [request, scoped], rows=True)
    block = page.get_json()["response"][ids.TABLE]["getRowsResponse"]
    shown = view(client, year)
    own_field = _own_field(shown)
    # (the district demo is one municipality: its schools are the whole table)
    assert 0 < block["rowCount"] == sum(r[own_field] == strings.GRID_YES for r in shown.rows)
    assert all(r[own_field] == strings.GRID_YES and r["c0"] in own for r in block["rowData"])
    assert not any(r["c0"].startswith(OWN) for r in block["rowData"])  # not «Ваша ОО»
    assert "в рейтинге" in shown.text


def _click(client, code: object):
    """A forged click on the scatter's point carrying `code`."""
    click = {"points": [{"curveNumber": 0, "pointNumber": 0, "customdata": code}]}
    inputs = [
        {"id": graph, "property": "clickData", "value": click if graph == ids.SCATTER else None}
        for graph in ids.CHARTS.values()
    ]
    body = {
        "output": f"{ids.GO}.href",
        "outputs": {"id": ids.GO, "property": "href"},
        "inputs": inputs,
        "state": [],
        "changedPropIds": [f"{ids.SCATTER}.clickData"],
    }
    return client.post("/_dash-update-component", json=body)


def test_a_click_opens_the_profile_of_a_school_the_user_may_see(client_for, names, codes):
    own = codes[names["director"].school_id]
    answer = _click(client_for("director"), own)
    assert answer.get_json()["response"][ids.GO]["href"] == f"/schools/{own}"


def test_a_forged_click_on_an_anonymous_school_reveals_nothing(app, client_for, names, codes):
    """A director forging the code of a school it may not see by name gets no answer (no
    address, no name), and the refusal is audited."""
    from dashboard.models import AuditEvent

    director = names["director"]
    foreign = next(code for sid, code in codes.items() if sid != director.school_id)
    client = client_for("director")
    for forged in (foreign, "NOPE", {"code": foreign}, ["x"], 7):
        answer = _click(client, forged)
        assert answer.status_code == 204
        assert foreign not in answer.get_data(as_text=True)
    assert _click(client, None).status_code == 204  # an anonymous point: nothing to open
    engine = app.server.extensions["oko_engine"]
    with engine.connect() as conn:
        details = conn.execute(
            select(AuditEvent.detail).where(AuditEvent.outcome == "denied")
        ).scalars()
        assert "rankings_open_school" in set(details)


@pytest.mark.parametrize(("login", "links"), [("viewer", False), ("region", True)])
def test_no_control_a_user_cannot_use(client_for, year, login, links):
    """A viewer (no names) gets no column of empty profile links and no «click to open»."""
    shown = view(client_for(login), year)
    profile = next(c for c in shown.columns if c["headerName"] == strings.RANK_PROFILE)
    assert profile["hide"] is (not links)
    assert (strings.RANK_CLICK_HINT in shown.text) is links


def test_a_municipality_users_table_scope_is_in_the_address_when_not_its_default(client_for, year):
    client = client_for("district")
    own = _address(client, year, "scatter", schools="own").get_json()["response"]
    assert "schools=" not in own[ids.LOCATION]["search"]  # its default: a clean address
    every = _address(client, year, "scatter", schools="all").get_json()["response"]
    assert every[ids.LOCATION]["search"].endswith("&tab=scatter&schools=all")
    # reopening that address shows the whole region again
    assert _controls(client, every[ids.LOCATION]["search"])[ids.TABLE_SCOPE]["value"] == "all"
    assert _controls(client, "?schools=bogus")[ids.TABLE_SCOPE]["value"] == "own"
    # a region user's address never carries it, whatever is forged
    region = _address(client_for("region"), year, "scatter", schools="own").get_json()
    assert "schools=" not in region["response"][ids.LOCATION]["search"]


def test_the_show_all_switch_is_offered_only_where_a_chart_leaves_schools_out(client_for, year):
    """The district demo has fewer than MAX_CATEGORIES schools: nothing is left out, so no
    switch and no note (the cut itself is tested on a 300-school view in the unit tests)."""
    client = client_for("region")
    for tab in ids.CHARTS:
        opened = {"id": ids.TABS, "property": "active_tab", "value": tab}
        drawn = _post(client, CHART_OUTPUTS, {}, year, more=[opened]).get_json()["response"]
        assert drawn[ids.SHOW_ALL_BOX]["hidden"] is True
        if tab == "funnel":  # the funnel's note says how its limits allow for the spread
            assert drawn[ids.CHART_NOTE]["children"].startswith(
                strings.RANK_FUNNEL_NOTE.split("{")[0]
            )
        else:
            assert drawn[ids.CHART_NOTE]["children"] == ""


def test_the_method_names_the_known_sampling_variance_at_school_level(client_for, year):
    """Issue 17: the school-level model takes each mean's sampling variance as known
    (Fay–Herriot) and the page says so; every view says its interval is the comparative one
    and the category thresholds are OKO's choices."""
    from dashboard import rules
    from dashboard.formatting import format_number

    client = client_for("region")
    school = _post(client, VIEW_OUTPUTS, {"level": "school"}, year).get_data(as_text=True)
    pupil = _post(client, VIEW_OUTPUTS, {"level": "pupil"}, year).get_data(as_text=True)
    sentence = strings.RANK_METHOD_SCHOOL_LEVEL.format(
        pupil_sd=format_number(rules.RANKINGS_REGIONAL_PUPIL_SD)
    )
    assert sentence in school and sentence not in pupil
    assert strings.RANK_VARIANCE_KNOWN.split("{")[0] in school
    for text in (school, pupil):
        assert strings.RANK_METHOD_INTERVAL in text
        assert "выбраны ОКО" in text
