"""WCAG 2.1 AA with axe-core: every registered page, as each role, normally and in presentation
mode (`?present=1`), has no serious or critical violation; the sign-in page neither.

The matrix is read once (one browser context per role, signed in once, every page visited in
both modes; a presentation-mode visit must also have switched the mode on); each test then
asserts one role × mode and names each violation's rule, impact and elements. Templated pages
get a real argument: a school the user may profile, a roadmap item, a story (made for the audit
and deleted after it); a template the test does not know fails the test, so a new page cannot
slip out of the audit.
"""

from __future__ import annotations

import re

import dash
import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import TimeoutError as Timeout
from sqlalchemy import select

from dashboard import page_tour, strings
from dashboard.models import RoadmapItem, School
from data_access import database, story_changes, users
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser

ROLES = ("admin", "region", "district", "director", "viewer")
MODES = ("normal", "present")
#: WCAG 2.0 and 2.1, levels A and AA.
OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
BLOCKING = ("serious", "critical")
TEMPLATE_ARGUMENT = re.compile(r"<(\w+)>")
#: `?present=1` switched presentation mode on (assets/present.js).
PRESENTING = "() => document.body.classList.contains('oko-present')"


def _violations(page) -> list[str]:
    """axe-core's serious and critical violations on the page: rule, impact, first elements."""
    found = Axe().run(page, options=OPTIONS).response["violations"]
    return [
        f"{v['id']} ({v['impact']}): " + "; ".join(str(n["target"]) for n in v["nodes"][:4])
        for v in found
        if v["impact"] in BLOCKING
    ]


def _school_for(conn, login: str) -> str:
    """A school the demo login may profile (its own, one of its municipality's, or the first)."""
    scope = users.scope_for(users.account_by_login(login))
    query = select(School.school_code).order_by(School.school_code)
    if scope.school_id is not None:
        query = query.where(School.id == scope.school_id)
    elif scope.municipality_id is not None:
        query = query.where(School.municipality_id == scope.municipality_id)
    return conn.execute(query).scalars().first()


def _story_for(login: str) -> int:
    """A two-slide story the login may play: its own, or for the viewer (who may not write)
    one of the region's shared with it."""
    owner = "region" if login == "viewer" else login
    scope = users.scope_for(users.account_by_login(owner))
    story_id = story_changes.create_story(scope, strings.NAV["/stories"])
    story_changes.add_slide(scope, story_id, "/", "", strings.NAV["/"])
    story_changes.add_slide(scope, story_id, "/procedures", "", strings.NAV["/procedures"])
    if login == "viewer":
        story_changes.share_story(scope, story_id, ["viewer"], [])
    return story_id


def _arguments(engine, login: str) -> dict[str, str]:
    """Values for the page templates' arguments, as this login may open them."""
    with database.bind(engine), engine.connect() as conn:
        out = {
            "school_code": _school_for(conn, login),
            "item_id": str(conn.execute(select(RoadmapItem.id).order_by(RoadmapItem.id)).scalar()),
        }
        out["story_id"] = str(_story_for(login))
    return out


def _drop_stories(engine, made: dict[str, str]) -> None:
    """Delete the stories the audit made, so other tests of the session see none of them."""
    with database.bind(engine):
        for login, story_id in made.items():
            owner = "region" if login == "viewer" else login
            scope = users.scope_for(users.account_by_login(owner))
            story_changes.delete_story(scope, int(story_id))


def _paths(arguments: dict[str, str]) -> list[str]:
    """Every registered page, templates filled in; an unknown template argument fails."""
    paths = []
    for entry in dash.page_registry.values():
        template = entry.get("path_template") or entry["path"]
        unknown = set(TEMPLATE_ARGUMENT.findall(template)) - set(arguments)
        assert not unknown, f"{template}: no test value for {unknown}; add one to _arguments"
        paths.append(TEMPLATE_ARGUMENT.sub(lambda m: arguments[m.group(1)], template))
    return sorted(paths)


def _present(path: str) -> str:
    return path + ("&" if "?" in path else "?") + "present=1"


def _settle(page) -> None:
    """Wait until the page is drawn and idle; audit what is there after a minute regardless."""
    try:
        page_tour.drawn_and_idle(page, timeout_ms=60_000)
    except Timeout:
        pass


@pytest.fixture(scope="module")
def audit(browser, app, live_server):
    """audit(login, mode) → {path: [violations]} for every page, read once per login."""
    engine = app.server.extensions["oko_engine"]
    readings: dict[str, dict[str, dict[str, list[str]]]] = {}
    stories: dict[str, str] = {}

    def of(login: str, mode: str) -> dict[str, list[str]]:
        if login not in readings:
            arguments = _arguments(engine, login)
            stories[login] = arguments["story_id"]
            context = browser.new_context(viewport={"width": 1366, "height": 768})
            page_tour.prepare(context)
            page = context.new_page()
            sign_in(page, live_server.url, login)
            readings[login] = {m: {} for m in MODES}
            for path in _paths(arguments):
                for each in MODES:
                    url = _present(path) if each == "present" else path
                    page.goto(live_server.url + url, wait_until="commit")
                    _settle(page)
                    found = _violations(page)
                    if each == "present" and not page.evaluate(PRESENTING):
                        found.append("presentation mode is not on (no body.oko-present)")
                    readings[login][each][url] = found
            context.close()
        return readings[login][mode]

    yield of
    _drop_stories(engine, stories)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("login", ROLES)
def test_no_serious_or_critical_violation(audit, login, mode):
    found = {path: problems for path, problems in audit(login, mode).items() if problems}
    assert found == {}, f"{login}, {mode}: axe-core violations: {found}"


def test_the_audit_covers_every_registered_page(audit):
    """Every page of the registry was audited (a refusal or an empty page counts as audited)."""
    audited = set(audit("admin", "normal"))
    assert len(audited) == len(dash.page_registry) >= 14
    assert {"/", "/admin/users", "/roadmaps"} <= audited


def test_the_sign_in_page(page, live_server):
    page.goto(live_server.url + "/login")
    assert page.locator("html").get_attribute("lang") == "ru"
    assert _violations(page) == []


def test_every_page_says_it_is_russian(page, live_server):
    sign_in(page, live_server.url, "region")
    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == "ru"
