"""The two /rankings cases issue 16 names, on the region demo as `oko demo --scale region`
builds it (seed 42):

- ВПР математика 8 at school level adjusted for the social index and last year's cohort used
  to collapse (τ² = 0) and was ranked 1…299 with intervals «1–1». It collapsed because the
  school-level model estimated the within-school variance from the means; with the pupils'
  sampling variance taken as known (issue 17) the between-school variance is estimated above
  the collapse line, and the ranks come with intervals wider than one place. A model that does
  collapse is shown without ranks (tests/http/test_rankings.py forces one).
- ОГЭ adjusted for the same grade a year earlier has no such results: the page says so in
  Russian, with what to do, and shows no rank — not «need at least 2 groups in 'school_id'».
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from dashboard import rules, strings
from dashboard.models import Procedure
from data_access import database, rankings, users
from tests.conftest import login
from tests.http.test_rankings import ENGLISH, view

COVARIATES = ["social_index", "prior"]


@pytest.fixture(scope="module")
def region_client(region_app):
    region_app.server.extensions["oko_cache"].clear()
    client = region_app.server.test_client()
    assert login(client, "region").status_code == 302
    return client


def _years(region_app, kind: str, subject: str, grade: int) -> list[int]:
    engine = region_app.server.extensions["oko_engine"]
    with engine.connect() as conn:
        return sorted(
            conn.execute(
                select(Procedure.year).where(
                    Procedure.kind == kind, Procedure.subject == subject, Procedure.grade == grade
                )
            ).scalars()
        )


def test_vpr_mathematics_8_at_school_level_no_longer_collapses(region_app, region_client):
    years = _years(region_app, "vpr", "математика", 8)[1:]  # the first has no prior year
    assert years
    engine = region_app.server.extensions["oko_engine"]
    with database.bind(engine):
        region = users.scope_for(users.account_by_login("region"))
        for year in years:
            fitted = rankings.school_rankings(
                region, "vpr", "математика", 8, year, COVARIATES, "school"
            )
            assert "empty" not in fitted, (year, fitted.get("empty"))
            assert fitted["known_sampling_variance"]
            assert fitted["tau2"] > rules.RANKINGS_COLLAPSED_TAU2_RATIO * fitted["sigma2"], year
    shown = view(
        region_client,
        years[-1],
        kind="vpr",
        subject="математика",
        grade=8,
        covariates=COVARIATES,
        level="school",
    )
    headers = {c["field"]: c["headerName"] for c in shown.columns}
    interval = next(f for f, h in headers.items() if h == strings.RANK_COLUMNS["rank_interval"])
    spans = [row[interval] for row in shown.rows]
    assert len(spans) > 100
    wide = [s for s in spans if s.split("–")[0] != s.split("–")[-1]]
    assert len(wide) > 0.9 * len(spans), "rank intervals of one place: a collapsed model"


def test_oge_with_the_prior_year_explains_in_russian_and_ranks_nobody(region_app, region_client):
    engine = region_app.server.extensions["oko_engine"]
    with engine.connect() as conn:
        subject, grade, year = conn.execute(
            select(Procedure.subject, Procedure.grade, Procedure.year)
            .where(Procedure.kind == "oge")
            .order_by(Procedure.year.desc(), Procedure.subject)
        ).first()
    for level in ("pupil", "school"):
        shown = view(
            region_client,
            year,
            kind="oge",
            subject=subject,
            grade=grade,
            covariates=COVARIATES,
            level=level,
        )
        assert strings.RANK_EMPTY["no_prior"] in shown.text
        assert not any(word in shown.text for word in ENGLISH)
        assert shown.columns == [] and shown.rows == []
        assert strings.RANK_COLUMNS["rank"] not in shown.text
