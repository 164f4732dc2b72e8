"""The downloads hide what the pages hide: a director downloads, through the real /procedures
callback, the schools of a municipality with exactly one small school and that municipality's
total, and cannot recover the small school by subtraction (issue 17 §1; the full attacker over
every procedure and role is tests/data_access/test_differencing.py)."""

from __future__ import annotations

import base64
import csv
import io

import pandas as pd
import pytest
from sqlalchemy import text

from dashboard import rules
from dashboard.ids import Procedures
from data_access import database, users
from tests.conftest import login
from tests.data_access.test_differencing import _subtract, _truth
from tests.http.forge import all_server_callbacks
from tests.http.test_exports_russian import post


@pytest.fixture(scope="module")
def director(region_app):
    region_app.server.extensions["oko_cache"].clear()
    client = region_app.server.test_client()
    assert login(client, "director").status_code == 302
    engine = region_app.server.extensions["oko_engine"]
    with database.bind(engine):
        scope = users.scope_for(users.account_by_login("director"))
        with engine.connect() as conn:
            truth = _truth(conn)
            names = dict(conn.execute(text("SELECT code, name FROM municipality")).all())
    callbacks = {c.name: c for c in all_server_callbacks(region_app)}
    return client, scope, truth, callbacks["download_table"], names


def _number(text: str) -> float:
    return float(text.replace("\u00a0", "").replace(" ", "").replace(",", ".").replace("−", "-"))


def _download(client, callback, kind, subject, grade, year, unit, municipality=None):
    button = Procedures.button("means", "csv")
    values = {
        f"{button}.n_clicks": 1,
        f"{Procedures.KIND}.value": kind,
        f"{Procedures.SUBJECT}.value": subject,
        f"{Procedures.GRADE}.value": grade,
        f"{Procedures.YEARS}.value": [year],
        f"{Procedures.UNIT}.value": unit,
        f"{Procedures.MUNICIPALITY}.value": municipality,
        f"{Procedures.SORT}.value": "name",
    }
    response = post(client, callback, values, f"{button}.n_clicks")
    content = base64.b64decode(response[Procedures.DOWNLOAD]["data"]["content"])
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    out = []
    for row in rows:
        n, mean = row["Участников"].strip(), row["Средний %"].strip()
        hidden = not n or not any(ch.isdigit() for ch in n)
        out.append(
            {
                "municipality": row.get("Муниципалитет"),
                "label": row.get("ОО"),
                "suppressed": hidden,
                "participants": 0.0 if hidden else _number(n),
                "mean_percent": 0.0 if hidden else _number(mean),
            }
        )
    return pd.DataFrame(out)


def test_a_director_cannot_recover_a_small_school_from_the_downloads(director):
    client, scope, truth, callback, names = director
    small = truth[truth["participants"] < rules.min_cell()]
    per_place = small.groupby(["kind", "subject", "grade", "year", "municipality_code"]).size()
    at_risk = [key for key, count in per_place.items() if count == 1]
    assert at_risk, "the demo has municipalities with exactly one small school"
    checked = 0
    for kind, subject, grade, year, code in at_risk:
        if checked == 5:
            break
        place = truth[
            (truth["kind"] == kind)
            & (truth["subject"] == subject)
            & (truth["grade"] == grade)
            & (truth["year"] == year)
            & (truth["municipality_code"] == code)
        ]
        if scope.school_id in set(place["school_id"]):
            continue  # the director's own municipality is tested by the data-access attacker
        schools = _download(client, callback, kind, subject, int(grade), int(year), "schools", code)
        municipalities = _download(
            client, callback, kind, subject, int(grade), int(year), "municipalities"
        )
        total = municipalities[municipalities["municipality"] == names[code]]
        assert len(schools) == len(place), (kind, subject, grade, year, code)
        assert int(schools["suppressed"].sum()) >= 2  # the small one and its cover
        assert len(total) == 1 and not total["suppressed"].iloc[0]
        leak = _subtract(
            f"{kind} {subject} {grade} {year} {code}",
            total["participants"].iloc[0],
            total["mean_percent"].iloc[0],
            schools,
            place.iloc[0:0],
            int(schools["suppressed"].sum()),
        )
        assert leak is None, leak
        checked += 1
    assert checked >= 3
