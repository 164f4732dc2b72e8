"""Slides of the results pages (`/`, `/schools`, `/schools/<code>`, `/procedures`): each shows
what its page shows the same reader for the same address, defaults resolved as on first load,
and nothing the page would hide (refused schools, names a viewer never sees)."""

from __future__ import annotations

import json

import pytest

from callbacks import overview, procedures, procedures_charts, school_profile, schools
from callbacks.slides import render
from dashboard.slides import ViewSnapshot, figure_json
from data_access import schools as school_lists
from data_access.home import home


@pytest.fixture
def as_reader(monkeypatch):
    """as_reader(scope): the pages' callbacks run as that reader (what current_scope() gives)."""

    def sign_in(scope):
        for module in (overview, procedures, procedures_charts, school_profile, schools):
            monkeypatch.setattr(module, "current_scope", lambda: scope)

    return sign_in


def _traces(figure) -> str:
    """A figure's traces as JSON text (NaN, a hidden value, equals itself there)."""
    data = figure if isinstance(figure, dict) else figure_json(figure)
    return json.dumps(data["data"], sort_keys=True, ensure_ascii=False)


def _own_school(scopes) -> str:
    return home(scopes["school"]).school_code


@pytest.fixture
def region_slides(scopes) -> dict[str, ViewSnapshot]:
    region = scopes["region"]
    paths = ("/", "/schools", f"/schools/{_own_school(scopes)}", "/procedures")
    return {path: render(region, path, "") for path in paths}


def test_every_results_page_gives_the_region_a_full_slide(region_slides):
    for path, slide in region_slides.items():
        assert slide.message is None, path
        assert slide.figures and all(f["data"] for f in slide.figures), path
        assert slide.title and slide.filters and slide.source, path
        assert any(ch.isdigit() for ch in slide.summary), path  # a sentence with a number
        assert slide.data_date and slide.data_date[:2] == "20", path
        assert slide.path == path and len(slide.tables) == 1 and slide.tables[0].rows, path
        stored = slide.to_json()  # what a frozen story keeps reads back byte for byte
        assert ViewSnapshot.from_json(stored).to_json() == stored


def test_overview_slide_draws_the_pages_charts(scopes, as_reader):
    region = scopes["region"]
    as_reader(region)
    slide = render(region, "/", "")
    kind, subject, grade, year = overview.pick_procedure(None, None, None, None, "/", "")[1::2]
    by_municipality, marks, *_ = overview.municipality_charts(kind, subject, grade, year)
    assert _traces(slide.figures[0]) == _traces(by_municipality)
    assert _traces(slide.figures[1]) == _traces(marks)
    assert str(year) in slide.title and subject in slide.filters
    # an address naming another procedure gives that procedure, as on the page
    asked = f"?kind={kind}&subject={subject}&grade={grade}&year={year - 1}"
    earlier = render(region, "/", asked)
    page = overview.municipality_charts(
        *overview.pick_procedure(None, None, None, None, "/", asked)[1::2]
    )
    assert str(year - 1) in earlier.filters and _traces(earlier.figures[0]) == _traces(page[0])


def test_schools_slide_draws_the_pages_map_with_the_addresss_filters(scopes, as_reader):
    region = scopes["region"]
    as_reader(region)
    search = "?kind=lyceum&colour=pupils"
    slide = render(region, "/schools", search)
    restored = schools.load_schools("/schools", search)
    municipality, kind, locality, colour = restored[5], restored[7], restored[9], restored[10]
    assert kind == ["lyceum"] and colour == "pupils"
    figure = schools.school_map(municipality, kind, locality, colour, "map")
    assert _traces(slide.figures[0]) == _traces(figure)
    table = slide.tables[0].frame()
    listed = school_lists.school_list(region)
    lyceums = set(listed.loc[listed["kind"] == "lyceum", "school_code"].astype(str))
    assert set(table["Код"]) == lyceums and "лицей" in slide.filters


def test_profile_slide_draws_the_pages_results_charts(scopes, as_reader):
    region, code = scopes["region"], _own_school(scopes)
    as_reader(region)
    slide = render(region, f"/schools/{code}", "")
    chosen = school_profile.profile_pickers(False, None, None, None, None, None, code, "")
    kind, subject, grade = chosen[5], chosen[7], chosen[9]
    trend, marks, _ = school_profile.results_charts(code, kind, subject, grade)
    assert _traces(slide.figures[0]) == _traces(trend)
    assert _traces(slide.figures[1]) == _traces(marks)
    name = school_lists.school_list(region).set_index("school_code").loc[code, "name"]
    assert name in slide.title and subject in slide.title


def _procedures_page(search: str) -> tuple:
    """The /procedures controls as the page restores them from `search`."""
    pick = procedures.choose_procedure("/procedures", None, None, None, None, search)
    kind, subject, grade, years = pick[1::2]
    _, unit, _, municipality, sort, tab, show_all = procedures.load_controls("/procedures", search)
    return kind, subject, grade, years, unit, municipality, sort, show_all, tab


def test_procedures_slide_draws_the_open_tabs_chart(scopes, as_reader):
    region = scopes["region"]
    as_reader(region)
    slide = render(region, "/procedures", "")
    kind, subject, grade, years, unit, municipality, sort, show_all, tab = _procedures_page("")
    assert tab == "marks"
    figure, *_ = procedures_charts.marks_chart(
        kind, subject, grade, years, unit, municipality, sort, show_all, tab, None
    )
    assert _traces(slide.figures[0]) == _traces(figure)
    histogram, *_ = procedures_charts.histogram_chart(
        kind, subject, grade, years, municipality, None
    )
    assert _traces(slide.figures[1]) == _traces(histogram)
    # the means tab of municipalities, asked by the address
    search = (
        f"?kind={kind}&subject={subject}&grade={grade}&years={years[-1]}"
        "&unit=municipalities&tab=means"
    )
    means = render(region, "/procedures", search)
    controls = _procedures_page(search)
    figure, *_ = procedures_charts.means_chart(*controls[:6], controls[7], "means", None)
    assert _traces(means.figures[0]) == _traces(figure) and "муниципалитеты" in means.filters


def test_a_municipality_users_procedures_slide_opens_on_its_municipality(scopes, as_reader):
    district = scopes["municipality"]
    as_reader(district)
    slide = render(district, "/procedures", "")
    assert home(district).municipality_name in slide.filters
    *_, unit, municipality, sort, show_all, tab = _procedures_page("")
    assert municipality == home(district).municipality_code


def test_a_director_gets_no_data_of_another_schools_profile(scopes, foreign_school):
    slide = render(scopes["school"], f"/schools/{foreign_school['school_code']}", "")
    assert slide.message and not slide.figures and not slide.tables
    assert foreign_school["name"] not in slide.to_json()


def test_a_viewer_sees_no_school_names(scopes):
    viewer, names = scopes["viewer"], set(school_lists.school_list(scopes["region"])["name"])
    listing = render(viewer, "/schools", "")
    assert listing.message and not listing.figures and not listing.tables
    profile = render(viewer, f"/schools/{_own_school(scopes)}", "")
    assert profile.message and not profile.figures
    for path in ("/", "/procedures", "/procedures?unit=schools&tab=means"):
        path, _, search = path.partition("?")
        slide = render(viewer, path, f"?{search}" if search else "")
        text = slide.to_json()
        assert slide.figures and not [n for n in names if n in text], path
