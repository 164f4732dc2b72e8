"""The whole interface as each role sees it on the region demo, at 1366×768: every page
speaks Russian (no English word of a list, no decimal point inside a number, dates written
dd.mm.yyyy), no default chart
draws more than 40 categories, and the analytical pages open on the user's own municipality
(district) or school (director). Each failure names the page and what it showed."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from dashboard import page_tour
from dashboard.figures.template import MAX_CATEGORIES
from dashboard.models import Municipality, School
from data_access import database, users
from tests.conftest import DEMO_PASSWORD

pytestmark = pytest.mark.browser
ROLES = ("admin", "region", "district", "director", "viewer")


@pytest.fixture(scope="module")
def homes(region_app) -> dict[str, dict]:
    """Each demo login's own municipality and school names, and a school it may profile."""
    engine = region_app.server.extensions["oko_engine"]
    out = {}
    with database.bind(engine), engine.connect() as conn:
        first_school = conn.execute(
            select(School.school_code).order_by(School.school_code)
        ).scalar()
        for login in ROLES:
            scope = users.scope_for(users.account_by_login(login))
            municipality = school = None
            code = None if scope.role == "viewer" else first_school
            if scope.municipality_id is not None:
                municipality = conn.execute(
                    select(Municipality.name).where(Municipality.id == scope.municipality_id)
                ).scalar_one()
                code = conn.execute(
                    select(School.school_code)
                    .where(School.municipality_id == scope.municipality_id)
                    .order_by(School.school_code)
                ).scalar()
            if scope.school_id is not None:
                code, school = conn.execute(
                    select(School.school_code, School.name).where(School.id == scope.school_id)
                ).one()
            out[login] = {"municipality": municipality, "school": school, "code": code}
    return out


@pytest.fixture(scope="module")
def tour(browser, region_server, homes):
    """Every page read once per role, on first use (the browser visits are the slow part)."""
    readings: dict[str, list[page_tour.Reading]] = {}

    def of(login: str) -> list[page_tour.Reading]:
        if login not in readings:
            context = browser.new_context(viewport={"width": 1366, "height": 768})
            page_tour.prepare(context)
            page = context.new_page()
            page_tour.sign_in(page, region_server.url, login, DEMO_PASSWORD)
            readings[login] = [
                page_tour.read(page, region_server.url, path)
                for path in page_tour.pages_for(login, homes[login]["code"])
            ]
            context.close()
        return readings[login]

    return of


@pytest.mark.parametrize("login", ROLES)
def test_every_page_draws(tour, login):
    stuck = [r.path for r in tour(login) if not r.settled]
    assert stuck == [], f"{login}: pages still drawing or waiting after a minute: {stuck}"


@pytest.mark.parametrize("login", ROLES)
def test_every_page_speaks_russian(tour, login):
    english = {r.path: r.english() for r in tour(login) if r.english()}
    points = {r.path: r.decimal_points() for r in tour(login) if r.decimal_points()}
    assert english == {}, f"{login}: English words on pages: {english}"
    assert points == {}, f"{login}: decimal points in numbers: {points}"
    iso = {r.path: r.iso_dates() for r in tour(login) if r.iso_dates()}
    assert iso == {}, f"{login}: dates not written dd.mm.yyyy: {iso}"


@pytest.mark.parametrize("login", ROLES)
def test_no_default_chart_draws_more_than_40_categories(tour, login):
    crowded = {
        r.path: [c for c in r.categories if c[2] > MAX_CATEGORIES + 1]
        for r in tour(login)
        if r.most_categories() > MAX_CATEGORIES + 1
    }
    assert crowded == {}, f"{login}: charts with more than {MAX_CATEGORIES} categories: {crowded}"


@pytest.mark.parametrize(("login", "place"), [("district", "municipality"), ("director", "school")])
def test_analytical_pages_open_on_the_users_own_place(tour, homes, login, place):
    name = homes[login][place]
    assert name
    missing = [
        r.path
        for r in tour(login)
        if r.path in page_tour.ANALYTICAL and not any(name in t for t in r.first_screen)
    ]
    assert missing == [], f"{login}: first screen without «{name}» on {missing}"
