"""`/procedures` for each role (issue 16), through forged POSTs: where the page starts, what a
click on a chart opens (never a school the caller may not see by name), the «показать все»
switch in the address, one title per chart (the card's) and own schools drawn in the own
colour."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text

from callbacks.procedures_query import Selection
from dashboard.figures.template import OWN_COLOUR, OWN_SYMBOL, SEPARATORS
from dashboard.ids import Procedures as ids
from data_access import database
from tests.http.forge import all_server_callbacks
from tests.http.test_procedures import MATHS, _body, call, restore


@pytest.fixture(scope="module")
def callbacks(app):
    return {
        c.name: c
        for c in all_server_callbacks(app)
        if c.output.lstrip(".").startswith("procedures-")
    }


@pytest.fixture(scope="module")
def places(app) -> dict:
    """The demo users' homes and a few school codes (the district demo: one municipality)."""
    engine = app.server.extensions["oko_engine"]
    with database.bind(engine), engine.connect() as conn:
        from data_access import users

        director = users.scope_for(users.account_by_login("director"))
        district = users.scope_for(users.account_by_login("district"))
        proc = conn.execute(
            text(
                "SELECT grade, year FROM procedure WHERE kind = 'vpr' AND subject = :s "
                "ORDER BY year DESC, grade DESC LIMIT 1"
            ),
            {"s": MATHS},
        ).one()
        code_of = "SELECT m.code FROM municipality m WHERE m.id = :m"
        return {
            "procedure": proc,
            "district_municipality": conn.execute(
                text(code_of), {"m": district.municipality_id}
            ).scalar_one(),
            "director_municipality": conn.execute(
                text(code_of), {"m": director.municipality_id}
            ).scalar_one(),
            "own": conn.execute(
                text("SELECT school_code FROM school WHERE id = :i"), {"i": director.school_id}
            ).scalar_one(),
            "others": list(
                conn.execute(
                    text("SELECT school_code FROM school WHERE id != :i"),
                    {"i": director.school_id},
                ).scalars()
            ),
        }


def _values(places, **extra) -> dict:
    proc = places["procedure"]
    return {
        ids.KIND: "vpr",
        ids.SUBJECT: MATHS,
        ids.GRADE: proc.grade,
        ids.YEARS: [proc.year - 1, proc.year],
        ids.UNIT: "schools",
        ids.SORT: "name",
        **extra,
    }


def test_district_first_answer_is_its_own_municipality(client_for, callbacks, places):
    first = restore(client_for("district"), callbacks["load_controls"], "")
    assert first[ids.MUNICIPALITY]["value"] == places["district_municipality"]
    assert first[ids.UNIT]["value"] == "schools"


def test_director_starts_on_its_schools_municipality(client_for, callbacks, places):
    first = restore(client_for("director"), callbacks["load_controls"], "")
    assert first[ids.MUNICIPALITY]["value"] == places["director_municipality"]


@pytest.mark.parametrize("login", ["region", "admin", "viewer"])
def test_region_wide_roles_start_on_the_whole_region(client_for, callbacks, login):
    first = restore(client_for(login), callbacks["load_controls"], "")
    assert first[ids.MUNICIPALITY]["value"] is None


def test_an_address_naming_a_selection_wins_over_home(client_for, callbacks, places):
    """A district user who chose the whole region and reloads keeps the whole region."""
    shared = Selection(kind="vpr", subject=MATHS, grade=places["procedure"].grade, years=[2024])
    out = restore(client_for("district"), callbacks["load_controls"], shared.query())
    assert out[ids.MUNICIPALITY]["value"] is None


def test_show_all_travels_through_the_address(client_for, callbacks, places):
    client = client_for("region")
    assert Selection.from_search("?show_all=1").show_all is True
    assert "show_all" not in Selection().query()
    out = restore(client, callbacks["load_controls"], "?kind=vpr&show_all=1")
    assert out[ids.SHOW_ALL]["value"] is True
    assert restore(client, callbacks["load_controls"], "?kind=vpr")[ids.SHOW_ALL]["value"] is False
    written = call(client, callbacks["write_query"], {**_values(places), ids.SHOW_ALL: True})
    assert "show_all=1" in written[ids.LOCATION]["search"]


def _click(client, callbacks, chart: str, customdata, unit: str = "schools"):
    """A click on `chart` with the point's customdata (forged: any value)."""
    click = {"points": [{"customdata": customdata, "pointNumber": 0}]}
    body = _body(callbacks[f"open_clicked_{chart}"], {ids.UNIT: unit, ids.graph(chart): click})
    body["changedPropIds"] = [f"{ids.graph(chart)}.clickData"]
    return client.post("/_dash-update-component", json=body)


def test_a_click_on_a_named_school_opens_its_profile(client_for, callbacks, places):
    region = client_for("region")
    for chart, data in (
        ("marks", places["others"][0]),
        ("means", [places["others"][0], 50.0, 60.0, 30]),
        ("heatmap", [places["others"][0], "Задание 1"]),
    ):
        answer = _click(region, callbacks, chart, data)
        assert answer.status_code == 200
        href = answer.get_json()["response"][ids.NAVIGATE]["href"]
        assert href == f"/schools/{places['others'][0]}"
    director = client_for("director")
    answer = _click(director, callbacks, "means", [places["own"], 50.0, 60.0, 30])
    assert answer.get_json()["response"][ids.NAVIGATE]["href"] == f"/schools/{places['own']}"


def test_a_forged_click_on_a_foreign_or_anonymous_school_reveals_nothing(
    client_for, callbacks, places
):
    director = client_for("director")
    unknown = _click(director, callbacks, "means", ["NO-SUCH-CODE", 1, 2, 3])
    for forged in (
        [places["others"][0], 50.0, 60.0, 30],  # a real school the director may not name
        ["", 50.0, 60.0, 30],  # an anonymous point carries no code
        "школа 1",  # its label
        None,
        {"x": 1},
    ):
        answer = _click(director, callbacks, "means", forged)
        assert answer.status_code == 204, forged
        assert answer.get_data() == unknown.get_data()  # a foreign code = an unknown one
    viewer = client_for("viewer")
    assert _click(viewer, callbacks, "marks", places["others"][0]).status_code == 204


def test_a_click_on_a_municipality_shows_its_schools(client_for, callbacks, places):
    code = places["district_municipality"]
    answer = _click(client_for("region"), callbacks, "means", [code, 1, 2, 3], "municipalities")
    out = answer.get_json()["response"]
    assert out[ids.MUNICIPALITY]["value"] == code and out[ids.UNIT]["value"] == "schools"
    assert ids.NAVIGATE not in out
    viewer = _click(client_for("viewer"), callbacks, "marks", code, "municipalities")
    out = viewer.get_json()["response"]
    assert out[ids.MUNICIPALITY]["value"] == code and ids.UNIT not in out  # stays aggregated
    forged = _click(client_for("region"), callbacks, "marks", "9999", "municipalities")
    assert forged.status_code == 204


def _figure(client, callbacks, chart: str, values: dict) -> dict:
    """The chart callback's answer with the chart's tab open."""
    return call(client, callbacks[f"{chart}_chart"], {**values, ids.TABS: chart})


def test_the_directors_charts_carry_no_foreign_code_and_star_its_school(
    client_for, callbacks, places
):
    client = client_for("director")
    values = _values(places)
    for chart in ("marks", "means", "slope", "heatmap"):
        out = _figure(client, callbacks, chart, values)
        sent = json.dumps(out, ensure_ascii=False)
        for other in places["others"]:
            assert other not in sent, (chart, other)
        assert places["own"] in sent, chart  # its own school may be opened
    means = _figure(client, callbacks, "means", values)[ids.graph("means")]["figure"]
    dots = means["data"][0]
    own = [i for i, label in enumerate(dots["y"]) if places["own"] in label]
    assert len(own) == 1
    assert dots["marker"]["color"][own[0]] == OWN_COLOUR
    assert dots["marker"]["symbol"][own[0]] == OWN_SYMBOL
    assert sum(c == OWN_COLOUR for c in dots["marker"]["color"]) == 1


def test_each_chart_has_one_title_the_cards_and_a_decimal_comma(client_for, callbacks, places):
    client = client_for("district")
    values = _values(places)
    for chart in ("histogram", "box", "marks", "means", "slope", "heatmap"):
        out = _figure(client, callbacks, chart, values)
        assert out[ids.title(chart)]["children"], chart
        figure = out[ids.graph(chart)]["figure"]
        assert not figure["layout"].get("title", {}).get("text"), chart
        assert figure["layout"]["template"]["layout"]["separators"] == SEPARATORS
        assert not [
            a for a in figure["layout"].get("annotations", []) if a.get("yref") == "paper"
        ], chart  # no note over an axis title: notes are the caption
    means = _figure(client, callbacks, "means", values)
    note = means[ids.caption("means")]["children"]
    assert "средний процент по региону" in note and "," in note.split("региону:")[1]
