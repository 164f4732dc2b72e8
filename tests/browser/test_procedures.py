"""`/procedures` in a real browser: charts render (a tab's chart when its tab is opened), the
address carries the selection and the tab, a shared address restores it, and the CSV download
holds the numbers an independent SQL query gives."""

from __future__ import annotations

import io
import math
from urllib.parse import parse_qs, urlparse

import pandas as pd
import pytest
from playwright.sync_api import expect
from sqlalchemy import text

from callbacks.procedures_query import Selection
from dashboard import strings
from dashboard.ids import Procedures as ids
from tests.browser.conftest import paging_text, sign_in

pytestmark = pytest.mark.browser
MATHS = "математика"
CHARTS = ("histogram", "box", "marks", "means", "slope", "heatmap", "pair")


def csv_table(content: bytes, **options) -> pd.DataFrame:
    """A downloaded CSV as Russian Excel reads it: `;`, a decimal comma, a true minus «−»."""
    text = content.decode("utf-8-sig").replace("\u2212", "-")
    return pd.read_csv(io.StringIO(text), sep=";", decimal=",", **options)


@pytest.fixture(scope="module")
def procedure(app):
    engine = app.server.extensions["oko_engine"]
    with engine.connect() as conn:
        return conn.execute(
            text(
                "SELECT id, grade, year FROM procedure WHERE kind = 'vpr' "
                "AND subject = :s AND grade = 8 ORDER BY year DESC LIMIT 1"
            ),
            {"s": MATHS},
        ).one()


def _query(url: str) -> dict:
    return {k: v[0] for k, v in parse_qs(urlparse(url).query).items()}


def _wait_for_chart(page, chart: str) -> None:
    """The chart has drawn its figure: the card's title is filled (with the figure) and the
    graph has axes (an empty graph has none)."""
    page.wait_for_selector(f"#{ids.title(chart)}:not(:empty)", timeout=30_000)
    page.wait_for_selector(f"#{ids.graph(chart)} .xtick", state="attached", timeout=30_000)


def _wait_for_charts(page, tab: str) -> None:
    """The charts above the tabs and the open tab's chart have drawn their figure; the other
    tabs' charts are not on the page."""
    for chart in ("histogram", "box", tab):
        _wait_for_chart(page, chart)
    page.wait_for_load_state("networkidle")
    for chart in set(CHARTS) - {"histogram", "box", tab}:
        assert page.locator(f"#{ids.graph(chart)}").count() == 0, chart


def _open_tab(page, chart: str) -> None:
    page.click(f"#{ids.TABS} .tab:has-text('{strings.PROC_TABS[chart]}')")
    _wait_for_chart(page, chart)
    page.wait_for_load_state("networkidle")


def test_shared_address_restores_the_selection_and_charts_render(
    page, live_server, console_errors, procedure
):
    sign_in(page, live_server.url, "region")
    shared = Selection(
        kind="vpr",
        subject=MATHS,
        grade=procedure.grade,
        years=[procedure.year - 1, procedure.year],
        unit="municipalities",
        sort="high",
        tab="heatmap",
    )
    page.goto(f"{live_server.url}/procedures{shared.query()}")
    _wait_for_charts(page, "heatmap")
    # Restored controls keep every part of the address (a default would have rewritten it);
    # only the cohort pair, absent from the shared link, is added.
    restored = _query(page.url)
    assert restored.pop("pair").startswith("vpr-")
    assert restored == _query(shared.query())
    assert page.locator(f"#{ids.UNIT} input[value=municipalities]").is_checked()
    heatmap = f"#{ids.title('heatmap')}"  # the chart's one title, the card's
    assert MATHS in page.inner_text("#" + ids.SUBJECT)
    assert "Выполнение умений по муниципалитетам" in page.inner_text(heatmap)
    _open_tab(page, "means")
    assert _query(page.url)["tab"] == "means"
    assert page.locator(f"#{ids.graph('means')} .scatterlayer .point").count() >= 1
    _open_tab(page, "marks")
    marks = f"#{ids.graph('marks')}"
    assert page.locator(f"{marks} g.point").count() >= 4
    # The bars' rows are tick labels of a linear axis; the hover still names the row.
    ticks = page.locator(f"{marks} .ytick text").evaluate_all("ts => ts.map(t => t.textContent)")
    page.locator(f"{marks} g.point path").first.hover(force=True)
    hover = page.locator(f"{marks} .hoverlayer .hovertext tspan.line").first
    hover.wait_for(timeout=5_000)
    assert hover.text_content() in ticks
    # A tab opened again shows the chart it drew (from the page's state, not a new answer).
    _open_tab(page, "heatmap")
    assert "Выполнение умений по муниципалитетам" in page.inner_text(heatmap)
    # Changing a control rewrites the address; reopening that address brings the change back.
    page.locator(f"#{ids.UNIT} input[value=schools]").check()
    page.wait_for_function("() => window.location.search.includes('unit=schools')", timeout=15_000)
    changed = page.url
    assert _query(changed)["years"] == f"{procedure.year - 1},{procedure.year}"
    assert _query(changed)["tab"] == "heatmap"
    other = page.context.new_page()
    other.goto(changed)
    _wait_for_charts(other, "heatmap")
    assert other.locator(f"#{ids.UNIT} input[value=schools]").is_checked()
    assert "Выполнение заданий по школам" in other.inner_text(heatmap)
    assert _query(other.url) == _query(changed)
    _open_tab(other, "marks")
    assert _query(other.url) == {**_query(changed), "tab": "marks"}
    assert console_errors == []


def _open_as_region(page, live_server, procedure, unit: str, tab: str) -> None:
    """Sign in as `region` and open ВПР mathematics of the fixture's procedure on `tab`."""
    sign_in(page, live_server.url, "region")
    chosen = Selection(
        kind="vpr",
        subject=MATHS,
        grade=procedure.grade,
        years=[procedure.year],
        unit=unit,
        tab=tab,
    )
    page.goto(f"{live_server.url}/procedures{chosen.query()}")
    _wait_for_charts(page, tab)


def test_csv_download_matches_independent_sql(page, live_server, app, procedure):
    _open_as_region(page, live_server, procedure, "municipalities", "means")
    with page.expect_download() as event:
        page.click(f"#{ids.button('means', 'csv')}")
    download = event.value
    assert download.suggested_filename.endswith(".csv")
    with open(download.path(), "rb") as saved:
        table = csv_table(saved.read())
    with app.server.extensions["oko_engine"].connect() as conn:
        sql = pd.DataFrame(
            conn.execute(
                text(
                    "SELECT m.name, SUM(r.participants) AS n, "
                    "SUM(r.participants * r.mean_percent) / SUM(r.participants) AS mean "
                    "FROM school_result r JOIN school s ON s.id = r.school_id "
                    "JOIN municipality m ON m.id = s.municipality_id "
                    "WHERE r.procedure_id = :p GROUP BY m.name"
                ),
                {"p": procedure.id},
            )
            .mappings()
            .all()
        )
    assert len(table) == len(sql) > 0
    for row in sql.itertuples():
        line = table[table["ОО"] == row.name].iloc[0]
        assert line["Участников"] == row.n
        assert math.isclose(line["Средний %"], round(row.mean, 2), abs_tol=1e-9)
    # The grid behind the chart holds the same rows as the download (one page of 25 at most);
    # its rows are sent when the table is opened.
    grid = f"#{ids.table('means')}"
    cells = page.locator(f"{grid} .ag-center-cols-container .ag-cell[col-id=c0]")
    assert not any(text.strip() for text in cells.all_inner_texts())  # no rows yet
    page.click(".procedures-means .accordion-button")
    expect(cells.first).not_to_be_empty(timeout=15_000)
    headers = page.locator(f"{grid} .ag-header-cell-text").all_inner_texts()
    assert headers == list(table.columns)
    rows = page.locator(f"{grid} .ag-center-cols-container .ag-row")
    assert rows.count() == min(len(table), 25)
    names = page.locator(f"{grid} .ag-center-cols-container .ag-cell[col-id=c0]").all_inner_texts()
    assert set(names) <= set(sql["name"]) and len(names) == rows.count()
    first = table[table["ОО"] == names[0]].iloc[0]
    shown = page.locator(
        f"{grid} .ag-center-cols-container .ag-row[row-index='0'] .ag-cell[col-id=c3]"
    )
    # One decimal with a Russian comma, as the chart's hover says it.
    assert shown.inner_text() == f"{first['Средний %']:.1f}".replace(".", ",")


def test_the_tasks_table_is_paged_on_the_server(page, live_server, app, console_errors, procedure):
    """Schools × tasks: the grid gets one page of the rows the download holds, pages through
    them, and goes back to page 1 when the selection changes."""
    from dashboard import page_tour

    page_tour.prepare(page.context)  # count callbacks, to page only once the view has settled
    _open_as_region(page, live_server, procedure, "schools", "heatmap")
    with page.expect_download() as event:
        page.click(f"#{ids.button('heatmap', 'csv')}")
    with open(event.value.path(), "rb") as saved:
        names = list(csv_table(saved.read())["ОО"])
    pages = math.ceil(len(names) / 25)
    assert pages > 2
    grid = "#" + ids.table("heatmap")
    rows = f"{grid} .ag-center-cols-container .ag-row"
    cells = page.locator(rows + " .ag-cell[col-id=c0]")
    assert not any(text.strip() for text in cells.all_inner_texts())  # nothing while closed
    page.click(".procedures-heatmap .accordion-button")
    expect(cells.first).not_to_be_empty(timeout=15_000)
    panel = page.locator(f"{grid} .ag-paging-description")
    expect(panel).to_have_text(paging_text(1, pages), timeout=15_000)
    expect(cells).to_have_text(names[:25], timeout=15_000)
    # a selection still settling restarts the grid on page 1: page once nothing is pending
    page_tour.drawn_and_idle(page, 30_000)
    page.locator(f"{grid} .ag-paging-button").nth(2).click()  # next page
    expect(panel).to_have_text(paging_text(2, pages), timeout=15_000)
    row = page.locator(rows + "[row-index='25'] .ag-cell[col-id=c0]")
    expect(row).to_have_text(names[25], timeout=15_000)
    # a new selection (the demo's one municipality: the same rows) shows its first page
    with app.server.extensions["oko_engine"].connect() as conn:
        municipality = conn.execute(text("SELECT name FROM municipality ORDER BY code")).scalar()
    page.click("#" + ids.MUNICIPALITY)
    page.get_by_role("option", name=municipality).click()
    page.wait_for_function("() => location.search.includes('municipality=')", timeout=15_000)
    expect(panel).to_have_text(paging_text(1, pages), timeout=15_000)
    row = page.locator(rows + "[row-index='0'] .ag-cell[col-id=c0]")
    expect(row).to_have_text(names[0], timeout=15_000)
    assert page.locator(rows + "[row-index='25']").count() == 0
    assert console_errors == []


def test_the_slope_chart_names_a_line_in_its_hover(
    page, live_server, app, console_errors, procedure
):
    """Each name is sent once, on the marker at the line's end: hovering it names the school
    and gives both years' values."""
    sign_in(page, live_server.url, "region")
    years = [procedure.year - 1, procedure.year]
    chosen = Selection(
        kind="vpr", subject=MATHS, grade=procedure.grade, years=years, unit="schools", tab="slope"
    )
    page.goto(f"{live_server.url}/procedures{chosen.query()}")
    _wait_for_charts(page, "slope")
    slope = "#" + ids.graph("slope")
    ends = page.locator(slope + " .scatterlayer .trace:nth-child(2) path.point")
    assert ends.count() >= 1
    ends.first.hover(force=True)
    hover = page.locator(slope + " .hoverlayer .hovertext")
    hover.wait_for(timeout=5_000)
    lines = hover.locator("tspan.line").all_text_contents()
    with app.server.extensions["oko_engine"].connect() as conn:
        schools = conn.execute(text("SELECT name, school_code FROM school")).all()
    assert len(lines) == 3 and lines[0] in {name + " (" + code + ")" for name, code in schools}
    assert lines[1].startswith(str(years[0]) + ": ") and lines[2].startswith(str(years[1]) + ": ")
    assert console_errors == []


def test_clicking_a_bar_opens_the_schools_profile(
    page, live_server, app, console_errors, procedure
):
    """A school's bar in the marks chart leads to its profile (/schools/<code>)."""
    _open_as_region(page, live_server, procedure, "schools", "marks")
    marks = "#" + ids.graph("marks")
    bar = page.locator(f"{marks} .barlayer .trace").last.locator("path").first
    bar.scroll_into_view_if_needed()
    box = bar.bounding_box()
    assert box is not None and box["width"] > 0
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_url("**/schools/**", timeout=15_000)
    code = urlparse(page.url).path.rsplit("/", 1)[1]
    with app.server.extensions["oko_engine"].connect() as conn:
        name = conn.execute(
            text("SELECT name FROM school WHERE school_code = :c"), {"c": code}
        ).scalar_one()
    expect(page.locator("h1", has_text=name)).to_be_visible(timeout=15_000)
    assert console_errors == []


def test_district_opens_on_its_municipality_with_readable_charts(
    page, live_server, app, console_errors
):
    """The district head's first screen is its own municipality (in the address too), the
    filter bar stays in view while the charts scroll, and no chart has more than 40 rows."""
    sign_in(page, live_server.url, "district")
    page.goto(f"{live_server.url}/procedures")
    _wait_for_charts(page, "marks")
    with app.server.extensions["oko_engine"].connect() as conn:
        code, name = conn.execute(
            text(
                "SELECT m.code, m.name FROM municipality m JOIN app_user u "
                "ON u.municipality_id = m.id WHERE u.login = 'district'"
            )
        ).one()
    page.wait_for_function("() => location.search.includes('municipality=')", timeout=15_000)
    assert _query(page.url)["municipality"] == code
    assert name in page.inner_text("#" + ids.MUNICIPALITY)
    rows = page.locator(f"#{ids.graph('marks')} .ytick").count()
    assert 0 < rows <= 40
    bar = page.locator(f"#{ids.FILTERS}.oko-filter-bar")
    assert bar.count() == 1
    page.mouse.wheel(0, 1500)
    page.wait_for_timeout(300)
    top = bar.bounding_box()["y"]
    assert -1 <= top <= 80  # stuck at the top of the window, not scrolled away
    assert console_errors == []
