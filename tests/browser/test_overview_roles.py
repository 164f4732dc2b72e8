"""The overview and the school map in a real browser as a district head and a director: the
first screen names the user's own municipality, and a click on a bar or a map point leads to
the municipality's results or the school's profile."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest

from dashboard import strings
from dashboard.figures.template import OWN_COLOUR
from dashboard.ids import Overview as ids
from dashboard.ids import Schools
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser


def _home(app, login: str):
    from data_access import database, users
    from data_access.home import home

    with database.bind(app.server.extensions["oko_engine"]):
        return home(users.scope_for(users.account_by_login(login)))


def _click_centre(page, selector: str) -> None:
    """Click the middle of a plotted element (plotly listens on the plot, not the shape)."""
    shape = page.locator(selector).first
    shape.scroll_into_view_if_needed()
    box = shape.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


def test_district_first_screen_names_its_municipality(page, live_server, console_errors, app):
    page.set_viewport_size({"width": 1366, "height": 768})
    sign_in(page, live_server.url, "district")
    page.goto(f"{live_server.url}/")
    name = _home(app, "district").municipality_name
    title = page.locator("#" + ids.TITLE)
    page.wait_for_function(
        "(n) => { const t = document.querySelector('#" + ids.TITLE + "');"
        " return t && t.innerText.includes(n); }",
        arg=name,
        timeout=20_000,
    )
    assert title.inner_text() == f"Обзор: {name}"
    box = title.bounding_box()
    assert box["y"] + box["height"] <= 768  # on the first screen, without scrolling
    assert "регион: " in page.inner_text("#" + ids.COUNTS)
    page.wait_for_selector(f"#{ids.BY_MUNICIPALITY} g.point path", timeout=20_000)
    fill = page.locator(f"#{ids.BY_MUNICIPALITY} g.point path").first.evaluate(
        "p => getComputedStyle(p).fill"
    )
    red, green, blue = (int(OWN_COLOUR[i : i + 2], 16) for i in (1, 3, 5))
    assert fill == f"rgb({red}, {green}, {blue})"  # its own bar in the «own» colour
    assert console_errors == []


def test_a_bar_click_opens_the_municipalitys_results(page, live_server, console_errors, app):
    page.set_viewport_size({"width": 1366, "height": 768})
    sign_in(page, live_server.url, "district")
    page.goto(f"{live_server.url}/")
    page.wait_for_selector(f"#{ids.BY_MUNICIPALITY} g.point path", timeout=20_000)
    page.wait_for_function("() => window.location.search.includes('kind=')", timeout=15_000)
    page.locator("#" + ids.BY_MUNICIPALITY).scroll_into_view_if_needed()
    _click_centre(page, f"#{ids.BY_MUNICIPALITY} g.point path")
    page.wait_for_url("**/procedures?**", timeout=20_000)
    asked = {k: v[0] for k, v in parse_qs(urlparse(page.url).query).items()}
    assert asked["municipality"] == _home(app, "district").municipality_code
    assert asked["kind"] == "vpr" and asked["unit"] == "schools"
    assert console_errors == []


def test_a_map_point_opens_the_schools_profile(page, live_server, console_errors, app):
    sign_in(page, live_server.url, "director")
    page.goto(f"{live_server.url}/schools?view=map")
    page.wait_for_selector(f"#{Schools.MAP} path.point", timeout=20_000)
    assert strings.SCHOOLS_OWN_LEGEND in page.inner_text("#" + Schools.MAP)  # the star's legend
    _click_centre(page, f"#{Schools.MAP} path.point")
    code = _home(app, "director").school_code
    page.wait_for_url(f"**/schools/{code}**", timeout=20_000)
    page.wait_for_selector("#profile-header h1", timeout=20_000)
    assert console_errors == []


def test_directors_row_is_highlighted_with_a_jump(page, live_server, console_errors, app):
    sign_in(page, live_server.url, "director")
    page.goto(f"{live_server.url}/schools")
    page.wait_for_selector(f"#{Schools.TABLE} .ag-row.oko-own-row", timeout=20_000)
    jump = page.locator(f"#{Schools.FIND_MINE} a.find-mine")
    assert jump.get_attribute("href") == f"/schools/{_home(app, 'director').school_code}"
    assert "Флаги" in page.inner_text("#" + Schools.TABLE + " .ag-header-row")
    assert console_errors == []
