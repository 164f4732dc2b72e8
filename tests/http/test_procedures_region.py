"""`/procedures` on the region demo (10 municipalities, ~320 schools), as the browser opens it:
no default chart has more than MAX_CATEGORIES rows, for any role; anonymous schools come in
value order; the skill heat map's columns are named by the skill."""

from __future__ import annotations

import base64
import re

import numpy as np
import pytest
from sqlalchemy import text

from dashboard.figures import procedures as pf
from dashboard.figures.template import MAX_CATEGORIES, safe_label
from dashboard.ids import Procedures as ids
from data_access import database
from tests.conftest import login
from tests.http.forge import all_server_callbacks
from tests.http.test_procedures import call, restore

ROW_CHARTS = ("box", "marks", "means", "slope", "heatmap")


@pytest.fixture(scope="module")
def region_app(region_demo):
    from dashboard.app import create_app
    from dashboard.cli import _create_demo_users
    from dashboard.config import Settings

    engine = region_demo(7)
    with database.bind(engine):
        _create_demo_users()
    return create_app(
        Settings(
            env="test",
            database_url=engine.url.render_as_string(hide_password=False),
            cache_url="simple://",
            secret_key="r" * 48,
            testing=True,
        )
    )


@pytest.fixture(scope="module")
def callbacks(region_app):
    return {
        c.name: c
        for c in all_server_callbacks(region_app)
        if c.output.lstrip(".").startswith("procedures-")
    }


def _client(app, user: str):
    app.server.extensions["oko_cache"].clear()
    client = app.server.test_client()
    assert login(client, user).status_code == 302
    return client


def _first_screen(client, callbacks) -> dict:
    """The control values a fresh visit to /procedures ends with (no address)."""
    picked = restore(client, callbacks["choose_procedure"], "")
    controls = restore(client, callbacks["load_controls"], "")
    values = {name: out["value"] for name, out in {**picked, **controls}.items() if "value" in out}
    return values


def _rows(figure: dict, chart: str) -> int:
    """How many categories (rows, lines) a chart draws."""
    data, layout = figure["data"], figure["layout"]
    if chart == "slope":
        return sum(len(t["x"]) for t in data if t.get("showlegend") is False)
    if chart == "marks":
        return len(layout["yaxis"]["ticktext"])
    return len({label for t in data for label in t.get("y", [])})


@pytest.mark.parametrize("user", ["region", "district", "director"])
def test_no_default_figure_has_more_than_forty_categories(region_app, callbacks, user):
    client = _client(region_app, user)
    values = _first_screen(client, callbacks)
    years = values[ids.YEARS]
    assert len(years) >= 2  # the slope chart has two years to compare
    for unit in ("schools", "municipalities"):
        for chart in ROW_CHARTS:
            asked = {**values, ids.UNIT: unit, ids.TABS: chart}
            out = call(client, callbacks[f"{chart}_chart"], asked)
            figure = out[ids.graph(chart)]["figure"]
            assert figure["data"], (user, unit, chart)
            assert _rows(figure, chart) <= MAX_CATEGORIES + 1, (user, unit, chart)


def test_region_charts_are_cut_and_say_so_and_show_all_brings_everything(region_app, callbacks):
    client = _client(region_app, "region")
    values = {**_first_screen(client, callbacks), ids.TABS: "means"}
    assert values[ids.MUNICIPALITY] is None  # the whole region
    cut = call(client, callbacks["means_chart"], values)
    shown = _rows(cut[ids.graph("means")]["figure"], "means")
    assert shown == MAX_CATEGORIES
    hidden = int(re.search(r"Не показано: (\d+)", cut[ids.caption("means")]["children"])[1])
    assert hidden > 200
    whole = call(client, callbacks["means_chart"], {**values, ids.SHOW_ALL: True})
    assert _rows(whole[ids.graph("means")]["figure"], "means") == shown + hidden


def _numbers(values) -> list[float]:
    """A figure's number array as JSON carries it: a list, or plotly's typed binary."""
    if isinstance(values, dict):
        return np.frombuffer(base64.b64decode(values["bdata"]), dtype=values["dtype"]).tolist()
    return [float(v) for v in values]


def test_anonymous_labels_come_in_value_order(region_app, callbacks):
    client = _client(region_app, "director")
    values = {**_first_screen(client, callbacks), ids.MUNICIPALITY: None}  # the whole region
    means = call(client, callbacks["means_chart"], {**values, ids.TABS: "means"})
    dots = means[ids.graph("means")]["figure"]["data"][0]
    assert sum(label.startswith("школа ") for label in dots["y"]) > 10
    xs = _numbers(dots["x"])
    assert xs == sorted(xs)  # by value (the highest on top), whatever the labels
    assert list(dots["y"]) != sorted(dots["y"])
    marks = call(client, callbacks["marks_chart"], {**values, ids.TABS: "marks"})
    labels = marks[ids.graph("marks")]["figure"]["layout"]["yaxis"]["ticktext"]
    anonymous = [label for label in labels if label.startswith("школа ")]
    assert len(anonymous) > 10 and anonymous != sorted(anonymous)  # not «школа 1, 10, 100…»
    heat = call(client, callbacks["heatmap_chart"], {**values, ids.TABS: "heatmap"})
    rows = [r for r in heat[ids.graph("heatmap")]["figure"]["data"][0]["y"] if "школа" in r]
    assert len(rows) > 10 and rows != sorted(rows)


def test_heat_map_x_tick_labels_are_skill_names(region_app, callbacks):
    client = _client(region_app, "region")
    values = {**_first_screen(client, callbacks), ids.UNIT: "municipalities", ids.TABS: "heatmap"}
    out = call(client, callbacks["heatmap_chart"], values)
    axis = out[ids.graph("heatmap")]["figure"]["layout"]["xaxis"]
    engine = region_app.server.extensions["oko_engine"]
    with engine.connect() as conn:
        names = dict(
            conn.execute(
                text(
                    "SELECT t.skill_code, t.skill_name FROM procedure_task t "
                    "JOIN procedure p ON p.id = t.procedure_id WHERE p.kind = 'vpr' "
                    "AND p.subject = :s AND p.grade = :g AND p.year = :y"
                ),
                {"s": values[ids.SUBJECT], "g": values[ids.GRADE], "y": values[ids.YEARS][-1]},
            ).all()
        )
    codes = sorted(names)  # the columns, in the order of their codes
    assert list(axis["ticktext"]) == [safe_label(pf._short(names[c])) for c in codes]
    assert not set(axis["ticktext"]) & set(names)  # names, not codes
    # The hover (each column's x) gives the full name and the code.
    hover = out[ids.graph("heatmap")]["figure"]["data"][0]["x"]
    assert list(hover) == list(axis["tickvals"])
    assert [h.rsplit(" (", 1)[1] for h in hover] == [f"{c})" for c in codes]
