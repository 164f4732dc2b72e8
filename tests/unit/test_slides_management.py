"""Slides of /decisions, /decisions/effectiveness and /training (callbacks.slides) on the small
demo, for real scopes: what each slide holds, that its chart is the page's own (the page's
callback called directly for the same selection), refusals, and no school names for a viewer."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from callbacks import decisions_effectiveness as effectiveness_page
from callbacks import decisions_effectiveness_effects as effects_page
from callbacks import decisions_list as decisions_page
from callbacks import slides
from callbacks import training_effect as training_page
from callbacks.decisions_query import Selection
from dashboard import strings
from dashboard.models import Municipality, School
from dashboard.slides import figure_json
from data_access import data_date, effectiveness
from data_access.home import home

PAGES = ("/decisions", "/decisions/effectiveness", "/training")


def _traces(figure) -> list[dict]:
    return figure_json(figure)["data"]


def _as(monkeypatch, module, scope) -> None:
    """The page's callbacks read the signed-in user's scope: here, `scope`."""
    monkeypatch.setattr(module, "current_scope", lambda: scope)


@pytest.mark.parametrize("path", PAGES)
def test_a_region_slide_holds_a_chart_words_and_the_data_date(scopes, path):
    scope = scopes["region"]
    view = slides.render(scope, path, "")
    assert view.message is None
    assert view.figures and all(f["data"] for f in view.figures)
    assert view.title and view.filters and view.source and view.summary
    assert view.data_date == data_date.data_date(scope).isoformat()
    assert any(ch.isdigit() for ch in view.summary)  # the sentence gives a number
    assert view.tables and view.tables[0].columns and view.tables[0].rows
    assert view.path == path and view.query == ""


def test_the_decisions_chart_is_the_pages(scopes, monkeypatch):
    scope = scopes["region"]
    _as(monkeypatch, decisions_page, scope)
    figure, _grid = decisions_page.decision_counts(0, "decisions")
    view = slides.render(scope, "/decisions", "?tab=decisions")
    assert view.figures[0]["data"] == _traces(figure)
    assert strings.DECISIONS_TABS["decisions"] in view.title
    # the list tab's table is the page's list: one row per decision the region sees
    assert view.tables[0].total_rows == len(decisions_page.shown_decisions(scope, Selection()))


def test_the_effectiveness_charts_are_the_pages(scopes, monkeypatch):
    scope = scopes["region"]
    for module in (effectiveness_page, effects_page):
        _as(monkeypatch, module, scope)
    frame = effectiveness.criteria(scope)
    year = int(frame["year"].min())
    search = f"?year={year}&municipality=0&criterion=bias_share"
    view = slides.render(scope, "/decisions/effectiveness", search)
    trend = effectiveness_page.criterion_trend("bias_share", 0, 0)
    forest = effects_page.measure_effects("/decisions/effectiveness")[1]
    assert view.figures[0]["data"] == _traces(trend)
    assert view.figures[1]["data"] == _traces(forest)
    assert str(year) in view.title and strings.EFFECTIVENESS_REGION in view.filters
    assert strings.EFFECTIVENESS_CRITERIA["bias_share"] in view.summary
    # the table: one row per criterion, as the page prints it
    assert view.tables[0].frame().iloc[:, 0].tolist() == [
        strings.EFFECTIVENESS_CRITERIA[c] for c in strings.EFFECTIVENESS_CRITERIA
    ]


def test_the_effectiveness_slide_opens_on_the_callers_municipality(scopes):
    scope = scopes["municipality"]
    view = slides.render(scope, "/decisions/effectiveness", "")
    own = home(scope).municipality_name
    assert own and own in view.filters and own in view.title


def test_the_training_chart_is_the_pages(scopes, monkeypatch):
    scope = scopes["region"]
    _as(monkeypatch, training_page, scope)
    _note, figure, _table = training_page.training_effect("after")
    view = slides.render(scope, "/training", "?tab=after")
    assert view.figures[0]["data"] == _traces(figure)
    assert strings.TRAINING_TABS["after"] in view.title


def test_an_address_asking_for_another_municipality_is_refused_to_a_director(scopes, demo_engine):
    """A shared address may name any municipality: a director's slide of one not its own is a
    refusal, not data (the demo has one municipality, so the other is one past the last)."""
    director = scopes["school"]
    with demo_engine.connect() as conn:
        last = conn.execute(select(func.max(Municipality.id))).scalar()
    other = last + 1
    view = slides.render(director, "/decisions", f"?tab=decisions&municipality={other}")
    assert view.message == strings.SLIDE_REFUSED and not view.figures and not view.tables
    own = slides.render(
        director, "/decisions", f"?tab=decisions&municipality={director.municipality_id}"
    )
    assert own.message is None and own.figures


@pytest.mark.parametrize(
    "path, search",
    [
        ("/decisions", ""),
        ("/decisions", "?tab=decisions"),
        ("/decisions/effectiveness", ""),
        ("/training", ""),
        ("/training", "?tab=plan"),
        ("/training", "?tab=requests"),
    ],
)
def test_a_viewers_slide_names_no_school(scopes, demo_engine, path, search):
    with demo_engine.connect() as conn:
        names = conn.execute(select(School.name)).scalars().all()
    view = slides.render(scopes["viewer"], path, search)
    assert view.message is None and view.figures
    text = view.to_json()
    named = [n for n in names if n in text]
    assert named == []
    # and the region, which may see names, does see some on the same named views
    if path == "/decisions" and search == "":
        region = slides.render(scopes["region"], path, search).to_json()
        assert any(n in region for n in names)
