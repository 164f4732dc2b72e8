"""Slides of the analysis pages (/rankings, /objectivity, /experts, /roadmaps): what each
renderer returns per role, and that its main chart is the page's own callback's chart."""

from __future__ import annotations

import contextvars
import json

import pytest
from dash._callback_context import context_value
from dash._utils import AttributeDict
from sqlalchemy import select

from callbacks import experts as experts_page
from callbacks import objectivity as objectivity_page
from callbacks import rankings as rankings_page
from callbacks import roadmaps as roadmaps_page
from callbacks import slides
from callbacks.slides import experts as experts_slide
from callbacks.slides import rankings as rankings_slide
from dashboard import strings
from dashboard.ids import Objectivity as objectivity_ids
from dashboard.ids import Rankings as rankings_ids
from dashboard.models import School
from dashboard.slides import ViewSnapshot, figure_json

PAGES = ("/rankings", "/objectivity", "/experts", "/roadmaps")


def _signed_in(login: str) -> None:
    from flask_login import login_user

    from dashboard.auth.session import SessionUser
    from data_access import users

    login_user(SessionUser(users.account_by_login(login)))


def _traces(figure) -> list[dict]:
    return figure_json(figure)["data"]


@pytest.mark.parametrize("path", PAGES)
def test_a_region_slide_has_a_chart_title_filters_summary_and_date(scopes, path):
    view = slides.render(scopes["region"], path, "")
    assert isinstance(view, ViewSnapshot) and view.message is None
    assert view.path == path and len(view.figures) >= 1
    assert all(f["data"] for f in view.figures[:1])  # the main chart draws something
    assert view.title and view.filters and view.summary and view.source
    assert view.data_date and len(view.data_date) == 10
    assert any(ch.isdigit() for ch in view.summary)  # the sentence carries a number
    assert ViewSnapshot.from_json(view.to_json()) == view  # stored and played unchanged


def test_the_rankings_slide_follows_the_address(scopes):
    region = scopes["region"]
    default = slides.render(region, "/rankings", "")
    chosen, _ = rankings_slide.resolved(region, "")
    search = chosen.query().replace("tab=scatter", "tab=caterpillar")
    asked = slides.render(region, "/rankings", search)
    assert asked.title == default.title and asked.figures[0] != default.figures[0]
    assert strings.RANK_TABS["caterpillar"] in asked.filters
    assert asked.tables[0].caption == strings.RANK_TABLE
    assert asked.tables[0].columns[0] == strings.RANK_COLUMNS["name"]


def test_the_rankings_slide_is_the_pages_chart(app):
    with app.server.test_request_context():
        _signed_in("region")
        from dashboard.auth import current_scope

        scope = current_scope()
        view = slides.render(scope, "/rankings", "")
        s, _ = rankings_slide.resolved(scope, "")
        cov = list(s.covariates)
        drawn = rankings_page.rankings_charts(
            s.kind, s.subject, s.grade, s.year, cov, s.level, s.tab, []
        )
        figure = drawn[list(rankings_ids.CHARTS).index(s.tab)]
        assert view.figures[0]["data"] == _traces(figure)
        # the table is the page's download (numbers rounded as the grid shows them)
        fitted = rankings_page._fitted(s, rankings_page._covariate_labels(scope), scope)
        frame = rankings_page.download_frame(fitted, "all")
        assert view.tables[0].columns == list(frame.columns)
        assert view.tables[0].total_rows == len(frame)


def _fired(prop_id: str, function, *args):
    """Call a callback as if `prop_id` had fired it (the callbacks read dash's ctx)."""

    def run():
        context_value.set(AttributeDict(triggered_inputs=[{"prop_id": prop_id, "value": 1}]))
        return function(*args)

    return contextvars.copy_context().run(run)


def test_the_objectivity_slide_is_the_pages_drill_down(app):
    with app.server.test_request_context():
        _signed_in("region")
        from dashboard.auth import current_scope

        view = slides.render(current_scope(), "/objectivity", "")
        _, year = objectivity_page.objectivity_years("/objectivity", "")
        table = _fired(
            f"{objectivity_ids.YEAR}.value",
            objectivity_page.objectivity_table,
            *(year, None, None, "", None),
        )
        school = table[7]
        assert school is not None and school in view.title and str(year) in view.title
        detail = objectivity_page.objectivity_detail(school, year, "")
        assert view.figures[0]["data"] == _traces(detail[3])
        distribution = objectivity_page.objectivity_distribution(school, detail[2])
        assert view.figures[1]["data"] == _traces(distribution[0])


def test_the_experts_slide_is_the_pages_trend(app):
    with app.server.test_request_context():
        _signed_in("district")
        from dashboard.auth import current_scope

        scope = current_scope()
        view = slides.render(scope, "/experts", "")
        controls = experts_page.experts_controls("/experts", "")
        year, place, as_of, indicator = controls[1], controls[3], controls[10], controls[11]
        chosen, names = experts_slide.resolved(scope, "")
        assert (chosen.year, chosen.municipality) == (year, place)
        assert names[place] in view.title  # a municipality user opens on its municipality
        trend = experts_page.kpi_trend(indicator, place, as_of, None, None)
        assert view.figures[0]["data"] == _traces(trend)
        funnel, _coverage, _note = experts_page.funnel_and_coverage(as_of, year, place, None)
        assert view.figures[1]["data"] == _traces(funnel)


def test_the_roadmaps_slide_is_the_pages_timeline(app):
    with app.server.test_request_context():
        _signed_in("region")
        from dashboard.auth import current_scope

        view = slides.render(current_scope(), "/roadmaps", "")
        _options, code, *_ = roadmaps_page.choose_roadmap("/roadmaps", "")
        header, gantt, *_ = roadmaps_page.roadmap_view(code, "")
        assert view.figures[0]["data"] == _traces(gantt)
        assert view.query == "" and view.tables[0].caption == strings.ROADMAP_PROGRESS
        asked = slides.render(current_scope(), "/roadmaps", f"?roadmap={code}")
        assert asked.figures == view.figures


def test_a_directors_slide_of_another_schools_drill_down_is_a_refusal(scopes, foreign_school):
    search = f"?school={foreign_school['school_code']}"
    view = slides.render(scopes["school"], "/objectivity", search)
    assert view.message == strings.SLIDE_REFUSED
    assert not view.figures and not view.tables
    assert foreign_school["name"] not in view.to_json()


def test_a_slide_of_an_unreadable_roadmap_is_a_refusal(scopes):
    view = slides.render(scopes["region"], "/roadmaps", "?roadmap=no-such-roadmap")
    assert view.message == strings.SLIDE_REFUSED and not view.figures


def _school_names(engine) -> list[str]:
    with engine.connect() as conn:
        return [n for n in conn.execute(select(School.name)).scalars() if n]


@pytest.mark.parametrize("path", PAGES)
def test_a_viewers_slide_names_no_school(scopes, demo_engine, path):
    view = slides.render(scopes["viewer"], path, "")
    text = json.dumps(json.loads(view.to_json()), ensure_ascii=False)
    named = [name for name in _school_names(demo_engine) if name in text]
    assert named == []
    assert view.title and view.data_date


def test_a_viewer_gets_the_rankings_by_municipality_and_the_flag_counts_only(scopes):
    viewer = scopes["viewer"]
    rankings = slides.render(viewer, "/rankings", "")
    assert rankings.tables[0].caption == strings.SLIDE_RANK_MUNICIPALITIES
    assert rankings.tables[0].columns[0] == strings.RANK_MUNICIPALITY_COLUMNS["municipality"]
    objectivity = slides.render(viewer, "/objectivity", "")
    assert objectivity.figures == []  # the page shows a viewer no drill-down
    assert objectivity.tables[0].caption == strings.OBJ_COUNTS
    assert objectivity.tables[0].columns == list(strings.OBJ_COUNTS_COLUMNS.values())
