"""`/experts` opens on the user's own municipality: a district head sees its municipality's
indicators (the region beside them), its row first and marked; the region starts on the
region."""

from __future__ import annotations

import json

import pytest

from dashboard.analytics.expert_kpis import REGION
from dashboard.figures import experts as views
from dashboard.figures.template import OWN_COLOUR
from dashboard.ids import Experts as ids
from data_access import database, users
from data_access.home import home
from tests.http.test_experts import call


@pytest.fixture(scope="module")
def district_home(app):
    with database.bind(app.server.extensions["oko_engine"]):
        return home(users.scope_for(users.account_by_login("district")))


def test_district_opens_on_its_municipality_and_region_on_the_region(
    client_for, callbacks, district_home
):
    opened = {
        login: call(
            client_for(login),
            callbacks["experts_controls"],
            {(ids.LOCATION, "pathname"): "/experts"},
        )
        for login in ("district", "region")
    }
    assert district_home.municipality_id is not None
    assert opened["district"][ids.MUNICIPALITY]["value"] == district_home.municipality_id
    assert opened["region"][ids.MUNICIPALITY]["value"] == REGION


def test_district_trend_is_own_coloured_with_the_region_beside_it(
    client_for, callbacks, district_home
):
    body = call(
        client_for("district"),
        callbacks["kpi_trend"],
        {
            (ids.INDICATOR, "value"): "1.2",
            (ids.MUNICIPALITY, "value"): district_home.municipality_id,
        },
    )
    figure = body[ids.TREND]["figure"]
    assert not figure["layout"].get("title", {}).get("text")
    assert figure["data"][0]["marker"]["color"] == OWN_COLOUR
    assert len(figure["data"]) >= 2  # the region's line is the comparison


def test_district_breakdown_and_counts_put_its_municipality_first(
    client_for, callbacks, district_home
):
    client = client_for("district")
    body = call(client, callbacks["kpi_block"], {(ids.YEAR, "value"): 2024})
    breakdown = json.dumps(body[ids.BREAKDOWN]["children"], ensure_ascii=False)
    name = district_home.municipality_name
    assert breakdown.count(views.OWN_CELL) == 1  # one marked cell: its own name's
    assert f'"children": "{name}", "className": "{views.OWN_CELL}"' in breakdown
    counts = call(client, callbacks["registry_table"], {(ids.EDITED, "data"): 0})
    rows = counts[ids.COUNTS_GRID]["rowData"]
    assert rows[0]["c0"] == name  # (the test demo may hold one municipality only)
    # the breakdown's first row is its own too: before every other municipality
    assert all(breakdown.index(name) < breakdown.index(r["c0"]) for r in rows[1:])
    rules = counts[ids.COUNTS_GRID]["rowClassRules"]
    assert list(rules) == ["oko-own-row"] and name in rules["oko-own-row"]
    region = call(client_for("region"), callbacks["registry_table"], {(ids.EDITED, "data"): 0})
    assert region[ids.COUNTS_GRID]["rowClassRules"] == {}
