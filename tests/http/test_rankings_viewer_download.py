"""A viewer sees aggregates only: the /rankings download gives it municipalities, never schools.

The attack: a viewer presses (or forges) the rankings download. Before the fix it received
one row per school (rank, pupils, result, effect, category: the per-school table a viewer is
not to have, as /procedures gives it municipalities only). Now every row is a municipality
(or the pool of municipalities with too few ranked schools), and its figures are those of the
region's fit: schools counted, pupils, the mean of the schools' effects, schools by category.
"""

from __future__ import annotations

import base64
import io

import pandas as pd
import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from dashboard import rules, strings
from dashboard.analytics.school_categories import CATEGORIES
from dashboard.ids import Rankings as ids
from dashboard.models import Municipality, School
from data_access import database, rankings, users
from data_access.rankings import ALL
from data_access.suppression import hidden_results
from tests.http.forge import all_server_callbacks, body_for

COLUMNS = strings.RANK_MUNICIPALITY_COLUMNS
POOLED = strings.RANK_MUNICIPALITY_POOLED.format(n=rules.RANKINGS_MUNICIPALITY_MIN_SCHOOLS)


@pytest.fixture(scope="module")
def download(app):
    return next(c for c in all_server_callbacks(app) if c.name == "rankings_download")


def _latest_year(app) -> int:
    from dashboard.models import Procedure

    engine = app.server.extensions["oko_engine"]
    with engine.connect() as conn:
        return conn.execute(
            select(Procedure.year).where(Procedure.kind == "vpr").order_by(Procedure.year.desc())
        ).scalar()


@pytest.fixture(scope="module")
def year(app) -> int:
    return _latest_year(app)


def _client(app, user: str):
    from tests.conftest import login

    app.server.extensions["oko_cache"].clear()
    client = app.server.test_client()
    assert login(client, user).status_code == 302
    return client


def _ask(client, callback, year: int, xlsx: bool = False, level: str = "pupil") -> dict:
    values = {
        f"{ids.DOWNLOAD_CSV}.n_clicks": None if xlsx else 1,
        f"{ids.DOWNLOAD_XLSX}.n_clicks": 1 if xlsx else None,
        f"{ids.KIND}.value": "vpr",
        f"{ids.SUBJECT}.value": ALL,
        f"{ids.GRADE}.value": 0,
        f"{ids.YEAR}.value": year,
        f"{ids.COVARIATES}.value": ["social_index"],
        f"{ids.LEVEL}.value": level,
        f"{ids.TABLE_SCOPE}.value": "all",
    }
    body = body_for(callback, None)
    for slot in body["inputs"] + body["state"]:
        slot["value"] = values.get(f"{slot['id']}.{slot['property']}")
    button = ids.DOWNLOAD_XLSX if xlsx else ids.DOWNLOAD_CSV
    body["changedPropIds"] = [f"{button}.n_clicks"]
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return response.get_json()["response"][ids.DOWNLOAD]["data"]


def _csv(data: dict) -> pd.DataFrame:
    content = base64.b64decode(data["content"])
    return pd.read_csv(io.BytesIO(content), sep=";", encoding="utf-8-sig", keep_default_na=False)


def _number(text: object) -> float:
    return float(str(text).replace("\u2212", "-").replace("\u2009", "").replace(",", "."))


def _expected(app, year: int, level: str) -> pd.DataFrame:
    """Per municipality, from the region's own table (every school named), the schools a
    viewer's table would show: their count, pupils, mean effect and categories."""
    engine = app.server.extensions["oko_engine"]
    with database.bind(engine):
        region = users.scope_for(users.account_by_login("region"))
        viewer = users.scope_for(users.account_by_login("viewer"))
        view = rankings.school_rankings(region, "vpr", ALL, 0, year, ["social_index"], level)
        with engine.connect() as conn:
            places = dict(
                conn.execute(
                    select(School.school_code, Municipality.name).join(
                        Municipality, Municipality.id == School.municipality_id
                    )
                ).all()
            )
            ids_of = dict(conn.execute(select(School.school_code, School.id)).all())
            from dashboard.models import Procedure

            procedures = list(
                conn.execute(
                    select(Procedure.id).where(Procedure.kind == "vpr", Procedure.year == year)
                ).scalars()
            )
        covered = {school for _, school in hidden_results(viewer, procedures).schools}
    table = view["table"]
    table = table[~table["school_code"].map(ids_of).isin(covered)]
    return table.assign(municipality=table["school_code"].map(places))


@pytest.mark.parametrize(
    ("demo", "level"), [("app", "pupil"), ("app", "school"), ("region_app", "pupil")]
)
def test_a_viewer_downloads_municipalities_not_schools(request, demo, level):
    """On the district demo (one municipality) and the region demo (several, some of them
    with few ranked schools: the pool)."""
    app = request.getfixturevalue(demo)
    year = _latest_year(app)
    download = next(c for c in all_server_callbacks(app) if c.name == "rankings_download")
    frame = _csv(_ask(_client(app, "viewer"), download, year, level=level))
    labels = [COLUMNS[c] for c in rankings.SUMMARY_COLUMNS]
    assert list(frame.columns) == labels + [strings.RANK_CATEGORIES[c] for c in CATEGORIES]
    for school_column in ("name", "rank", "raw_rank", "rank_interval", "social_index"):
        assert strings.RANK_COLUMNS[school_column] not in frame.columns
    expected = _expected(app, year, level)
    groups = expected.groupby("municipality")
    sizes = groups.size()
    named = frame[frame[COLUMNS["municipality"]] != POOLED]
    assert len(named) >= 1
    # every named row is a municipality with enough ranked schools, with the fit's figures
    least = rules.RANKINGS_MUNICIPALITY_MIN_SCHOOLS
    for _, row in named.iterrows():
        place = row[COLUMNS["municipality"]]
        mine = groups.get_group(place)
        assert int(row[COLUMNS["schools"]]) == len(mine) >= least
        assert int(row[COLUMNS["pupils"]]) == int(mine["n"].sum())
        assert _number(row[COLUMNS["mean_effect"]]) == pytest.approx(
            mine["effect"].mean(), abs=0.006
        )
        for category in CATEGORIES:
            wanted = int((mine["category"] == category).sum())
            assert int(row[strings.RANK_CATEGORIES[category]]) == wanted
    # the pool holds every municipality with too few schools, and is itself large enough
    pooled = frame[frame[COLUMNS["municipality"]] == POOLED]
    small = sizes[sizes < least]
    assert set(small.index).isdisjoint(set(named[COLUMNS["municipality"]]))
    if len(pooled):
        assert int(pooled[COLUMNS["schools"]].iloc[0]) >= min(least, len(expected))
    assert int(frame[COLUMNS["schools"]].sum()) == len(expected)  # every shown school, once


def test_a_viewer_xlsx_download_has_no_school_rows(app, client_for, download, year):
    data = _ask(client_for("viewer"), download, year, xlsx=True)
    sheet = load_workbook(io.BytesIO(base64.b64decode(data["content"]))).worksheets[0]
    header = [cell.value for cell in sheet[1]]
    assert header[0] == COLUMNS["municipality"] and strings.RANK_COLUMNS["rank"] not in header
    firsts = [row[0].value for row in sheet.iter_rows(min_row=2)]
    assert strings.RANK_OTHER not in firsts
    with app.server.extensions["oko_engine"].connect() as conn:
        known = set(conn.execute(select(Municipality.name)).scalars())
    assert set(firsts) <= known | {POOLED}


def test_other_roles_still_download_schools(client_for, download, year):
    frame = _csv(_ask(client_for("region"), download, year))
    assert strings.RANK_COLUMNS["rank"] in frame.columns
    assert COLUMNS["municipality"] not in frame.columns


@pytest.mark.parametrize(
    ("sizes", "pooled"),
    [
        ({"А": 5, "Б": 4, "В": 3}, set()),  # every municipality large enough: nothing pooled
        ({"А": 5, "Б": 1, "В": 1, "Г": 1}, {"Б", "В", "Г"}),  # a pool of three: enough
        ({"А": 5, "Б": 4, "В": 1}, {"В", "Б"}),  # one school alone: the smallest other joins
        ({"А": 3, "Б": 3, "В": 2}, {"В", "А"}),  # ties: by name
        ({"А": 1, "Б": 1}, {"А", "Б"}),  # the whole region is under the rule: one pool
    ],
)
def test_municipalities_with_too_few_schools_are_pooled_until_the_pool_is_large_enough(
    sizes, pooled
):
    places = pd.Series([m for m, n in sizes.items() for _ in range(n)])
    out = rankings.pooled_places(places, 3)
    assert set(places[out.isna()]) == pooled
    assert (out.dropna() == places[out.notna()]).all()
    kept = out.dropna().value_counts()
    assert (kept >= 3).all()
    assert out.isna().sum() == 0 or out.isna().sum() >= min(3, len(places))
