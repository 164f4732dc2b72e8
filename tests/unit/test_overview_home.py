"""The overview opens on the user's home: callbacks called directly as each role, and the
views' own colour, top-and-bottom cut and click targets on hand-made frames."""

from __future__ import annotations

import pandas as pd
import pytest
from dash.exceptions import PreventUpdate

from callbacks import overview
from callbacks.overview_query import Selection
from callbacks.procedures_query import Selection as ProceduresSelection
from dashboard.auth import current_scope
from dashboard.figures import overview as views
from dashboard.figures.template import MAX_CATEGORIES, OWN_COLOUR, OWN_OUTLINE, PALETTE
from data_access.home import home


def _signed_in(login: str) -> None:
    from flask_login import login_user

    from dashboard.auth.session import SessionUser
    from data_access import users

    login_user(SessionUser(users.account_by_login(login)))


def _default(login: str):
    """The default procedure of the overview for `login` (kind, subject, grade, year)."""
    chosen = overview.pick_procedure(None, None, None, None, "/", "")
    return chosen[1], chosen[3], chosen[5], chosen[7]


def test_district_overview_names_its_municipality_beside_the_region(app):
    with app.server.test_request_context():
        _signed_in("district")
        place = home(current_scope())
        title, subtitle, own, cards, latest = overview.load_overview("/")
        assert title == f"Обзор: {place.municipality_name}" and "регион" in subtitle
        assert own is None  # no school block for a municipality user
        text = str(cards)
        assert text.count(place.municipality_name) == 1  # whose counts they are
        assert "Муниципалитетов" not in text  # «1 municipality» says nothing
        assert text.count("регион: ") == 4  # every count beside the region's
        assert f"{place.municipality_name}, %" in str(latest) and "Регион, %" in str(latest)


def test_director_overview_starts_with_its_school(app):
    with app.server.test_request_context():
        _signed_in("director")
        place = home(current_scope())
        title, subtitle, own, _cards, _latest = overview.load_overview("/")
        assert title == f"Обзор: {place.school_name}" and "муниципалитет" in subtitle
        block = str(own)
        assert f"/schools/{place.school_code}" in block and "Открыть профиль школы" in block
        assert "Муниципалитет, %" in block and "Регион, %" in block
        assert "Последние результаты (2024 г.)" in block


@pytest.mark.parametrize("login", ["region", "viewer"])
def test_region_wide_roles_keep_the_region_overview(app, login):
    with app.server.test_request_context():
        _signed_in(login)
        title, subtitle, own, cards, latest = overview.load_overview("/")
        assert title == "Обзор региона" and own is None
        assert "регион: " not in str(cards)
        assert ("агрегированные" in subtitle) is (login == "viewer")
        assert "Регион, %" not in str(latest)


def test_own_municipality_drawn_in_the_own_colour_with_the_region_line(app):
    with app.server.test_request_context():
        _signed_in("district")
        kind, subject, grade, year = _default("district")
        bars, marks, note, no_switch, _label, hint = overview.municipality_charts(
            kind, subject, grade, year, False
        )
        assert list(bars.data[0].marker.color) == [OWN_COLOUR]
        assert not bars.layout.title.text and not marks.layout.title.text  # the card titles
        assert any("Регион: " in a.text for a in bars.layout.annotations)
        assert "<b>" in bars.layout.yaxis.ticktext[0]
        assert no_switch is True  # one municipality: nothing cut, no «показать все»
        assert "Щелчок по столбцу" in hint and "Источник" in note


def test_region_user_sees_no_own_colour(app):
    with app.server.test_request_context():
        _signed_in("region")
        bars, *_ = overview.municipality_charts(*_default("region"), False)
        assert OWN_COLOUR not in list(bars.data[0].marker.color)


def _many(n: int = 55, own: int = 30) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "municipality_code": [f"m{i:02d}" for i in range(n)],
            "municipality": [f"Муниципалитет {i}" for i in range(n)],
            "school_code": [None] * n,
            "participants": [100] * n,
            "mean_percent": [float(i) for i in range(n)],
            "suppressed": [False] * n,
            "is_own_school": [False] * n,
            "is_own": [i == own for i in range(n)],
            **{f"marks_{m}": [25] * n for m in (2, 3, 4, 5)},
        }
    )


def test_long_lists_are_cut_to_top_and_bottom_keeping_the_own_row():
    frame = _many()
    shown, hidden = views.shown(frame)
    assert len(shown) == MAX_CATEGORIES + 1 and hidden == len(frame) - len(shown)
    assert "m30" in set(shown["municipality_code"])  # the own one, from the middle
    assert {"m00", "m54"} <= set(shown["municipality_code"])
    every, none = views.shown(frame, show_all=True)
    assert len(every) == len(frame) and none == 0
    fig, table = views.by_municipality(shown, "Источник: тест", region=27.0)
    assert len(fig.data[0].y) == len(table) == MAX_CATEGORIES + 1
    colours = list(fig.data[0].marker.color)
    assert colours.count(OWN_COLOUR) == 1 and set(colours) == {OWN_COLOUR, PALETTE[0]}
    assert OWN_OUTLINE in list(fig.data[0].marker.line.color)


def test_every_bar_carries_what_a_click_opens():
    frame = _many(3, own=1)
    fig, _ = views.by_municipality(frame, "")
    assert [list(p)[1:] for p in fig.data[0].customdata] == [["m00", ""], ["m01", ""], ["m02", ""]]
    marks, _ = views.marks(frame, "")
    assert all(list(t.customdata[0]) == ["m00", ""] for t in marks.data)


def test_latest_table_puts_the_own_municipality_beside_the_region():
    frame = pd.DataFrame(
        {
            "kind": ["vpr"],
            "subject": ["математика"],
            "grade": [5],
            "year": [2024],
            "held_on": [None],
            "participants": [1000],
            "mean_percent": [60.04],
            "home_participants": [100],
            "home_mean_percent": [-2.5],
        }
    )
    table = views.latest_table(frame, "Энск")
    assert list(table.columns)[-2:] == ["Энск, %", "Регион, %"]
    assert table.iloc[0].tolist()[-2:] == ["\u22122,5\u2009%", "60,0\u2009%"]
    assert "Средний %" in views.latest_table(frame).columns  # the region's overview


def _click(*codes: str) -> dict:
    return {"points": [{"customdata": [10.0, *codes]}]}


def test_a_bar_opens_the_municipalitys_results_on_procedures(app):
    with app.server.test_request_context():
        _signed_in("district")
        kind, subject, grade, year = _default("district")
        code = home(current_scope()).municipality_code
        link = overview.open_bar(_click(code, ""), kind, subject, grade, year)
        assert link.startswith("/procedures?")
        target = ProceduresSelection.from_search(link.split("?", 1)[1])
        assert (target.municipality, target.kind, target.subject) == (code, kind, subject)
        assert (target.grade, target.years, target.unit) == (grade, [year], "schools")
        assert overview.open_marks(_click(code, ""), kind, subject, grade, year) == link


def test_a_click_never_follows_a_forged_code(app):
    with app.server.test_request_context():
        _signed_in("district")
        kind, subject, grade, year = _default("district")
        selection = Selection.parse(kind, subject, grade, year)
        scope = current_scope()
        assert overview.link_for(_click("9999", ""), selection, scope) is None
        assert overview.link_for(_click("", "740101"), selection, scope) is None  # no own school
        for garbage in (None, {}, {"points": []}, {"points": [{"customdata": "x"}]}, [1]):
            assert overview.link_for(garbage, selection, scope) is None
            with pytest.raises(PreventUpdate):
                overview.open_bar(garbage, kind, subject, grade, year)


def test_the_directors_own_school_bar_opens_its_profile(app):
    with app.server.test_request_context():
        _signed_in("director")
        kind, subject, grade, year = _default("director")
        code = home(current_scope()).school_code
        assert overview.open_bar(_click("", code), kind, subject, grade, year) == (
            f"/schools/{code}"
        )


def test_a_viewers_click_compares_municipalities(app):
    with app.server.test_request_context():
        _signed_in("viewer")
        kind, subject, grade, year = _default("viewer")
        bars, *_, hint = overview.municipality_charts(kind, subject, grade, year, False)
        assert "сравнение муниципалитетов" in hint  # what its click really opens
        code = bars.data[0].customdata[0][1]
        link = overview.open_bar(_click(code, ""), kind, subject, grade, year)
        assert ProceduresSelection.from_search(link.split("?", 1)[1]).unit == "municipalities"


def test_overview_filter_bar_stays_in_view_and_charts_have_one_title(app):
    layout = str(_layout("/"))
    assert "oko-filter-bar" in layout
    assert layout.count("Результаты по муниципалитетам") == 1
    assert "Обзор региона" not in layout  # whose overview it is comes from the callback


def test_show_all_switch_appears_only_when_something_is_cut(app, monkeypatch):
    frame = _many()
    monkeypatch.setattr(overview.overview, "results_by_municipality", lambda *a: frame)
    monkeypatch.setattr(
        overview.overview, "region_result", lambda *a: {"participants": 1, "mean_percent": 27.0}
    )
    with app.server.test_request_context():
        _signed_in("region")
        bars, marks, note, hidden, label, _ = overview.municipality_charts(
            "vpr", "математика", 5, 2024, False
        )
        left_out = len(frame) - MAX_CATEGORIES - 1
        assert len(bars.data[0].y) == len(marks.data[0].y) == MAX_CATEGORIES + 1
        assert hidden is False and f"скрыто: {left_out}" in label and "скрыто" in note
        every, *_, still, _label, _hint = overview.show_all_charts(
            True, "vpr", "математика", 5, 2024
        )
        assert len(every.data[0].y) == len(frame) and still is False  # the switch stays


def _layout(path: str, **kwargs):
    """A page's layout through Dash's registry (importing a page module again would register
    it twice)."""
    import dash

    page = next(
        p for p in dash.page_registry.values() if path in (p["path"], p.get("path_template"))
    )
    return page["layout"](**kwargs)
