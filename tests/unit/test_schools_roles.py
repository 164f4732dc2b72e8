"""`/schools` by role: texts that agree with what each role can do, the own school marked in
the grid and on the map, a map point that opens a profile, the count after every filter."""

from __future__ import annotations

import pandas as pd
import pytest
from dash.exceptions import PreventUpdate

from callbacks import schools as callbacks
from dashboard.auth import current_scope
from dashboard.figures import schools as views
from dashboard.figures.template import OWN_COLOUR, OWN_SYMBOL
from dashboard.web.tables import grid_rows
from data_access.home import home


def _signed_in(login: str) -> None:
    from flask_login import login_user

    from dashboard.auth.session import SessionUser
    from data_access import users

    login_user(SessionUser(users.account_by_login(login)))


def _schools() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "school_code": ["740101", "740102", "740103"],
            "name": ["Школа № 1", "Школа № 2", "Лицей"],
            "municipality": ["Энск"] * 3,
            "kind": ["school", "school", "lyceum"],
            "locality": ["urban"] * 3,
            "latitude": [55.0, 55.2, 55.1],
            "longitude": [61.0, 61.4, 61.2],
            "pupils": [812.0, 300.0, 430.0],
            "vpr_mean": [61.26, None, 70.0],
            "vpr_year": [2024, None, 2024],
            "oge_maths": [55.0, 48.0, None],
            "oge_year": [2024, 2024, None],
            "low_results": [False] * 3,
            "adverse": [False] * 3,
        }
    )


def test_the_own_school_is_marked_and_highlighted_in_the_grid():
    table = views.school_table(_schools(), own=frozenset({"740102"}))
    assert table[views.OWN].tolist() == [False, True, False]
    columns = callbacks._columns(table)
    hidden = [c for c in columns if c.get("hide")]
    assert [c["headerName"] for c in hidden] == [views.OWN]  # marked, never shown
    rule = callbacks.own_row_rule(table)["oko-own-row"]
    field = hidden[0]["field"]
    # rows of the infinite grid exist before their data: the rule never reads a missing row
    assert rule == f'!!params.data && (params.data.{field} === "да")'
    assert [r[field] for r in grid_rows(table)] == ["", "да", ""]


def test_a_list_of_only_own_schools_highlights_none():
    shown = _schools()["school_code"]
    assert views.own_codes({"740101", "740102", "740103"}, shown) == frozenset()
    assert views.own_codes({"740102", "999"}, shown) == frozenset({"740102"})
    assert views.own_codes({"740102"}, shown[1:2]) == frozenset({"740102"})  # a director's list


def test_the_map_draws_the_own_school_as_a_star_and_every_point_carries_its_code():
    fig, _ = views.school_map(_schools(), "vpr_mean", frozenset({"740103"}))
    own = [t for t in fig.data if t.marker.symbol == OWN_SYMBOL]
    assert len(own) == 1 and own[0].marker.color == OWN_COLOUR
    assert [p[1] for p in own[0].customdata] == ["740103"]
    codes = {p[1] for t in fig.data for p in t.customdata}
    assert codes == {"740101", "740102", "740103"}
    assert all("профиль" in t.hovertemplate for t in fig.data)


@pytest.mark.parametrize(
    ("login", "said"),
    [
        ("region", "Образовательные организации региона"),
        ("district", "Школы вашего муниципалитета"),
        ("director", "Ваша школа"),
    ],
)
def test_subtitle_says_what_the_list_holds_and_what_a_click_does(app, login, said):
    with app.server.test_request_context():
        _signed_in(login)
        loaded = callbacks.load_schools("/schools", "")
        assert loaded[0].startswith(said) and "щелчок по коду" in loaded[0]
        assert loaded[3] is False  # the list is shown


def test_viewer_is_told_only_what_it_can_do(app):
    with app.server.test_request_context():
        _signed_in("viewer")
        subtitle, mine, denied, hidden, *_ = callbacks.load_schools("/schools", "")
        assert subtitle == "" and mine is None and hidden is True
        text = str(denied)
        assert "не показываются" in text and "щелчок" not in text.lower()
        assert "'/procedures'" in text and "href='/'" in text  # where its aggregates are
        assert callbacks.school_table([], [], []) == ([], {})
        rows, _, count = callbacks.school_rows({"startRow": 0, "endRow": 25}, [], [], [])
        assert rows["rowCount"] == 0 and count == ""
        assert (
            callbacks.profile_link({"points": [{"customdata": [1, "740101"]}]}, current_scope())
            is None
        )


def test_director_gets_a_jump_to_its_school_and_its_row_highlighted(app):
    with app.server.test_request_context():
        _signed_in("director")
        place = home(current_scope())
        loaded = callbacks.load_schools("/schools", "")
        assert f"/schools/{place.school_code}" in str(loaded[1])
        assert "Найти мою школу" in str(loaded[1])
        _columns, rules = callbacks.school_table([], [], [])
        assert "oko-own-row" in rules


def test_region_user_has_no_jump(app):
    with app.server.test_request_context():
        _signed_in("region")
        assert callbacks.load_schools("/schools", "")[1] is None


def test_a_map_point_opens_a_profile_the_user_may_see(app, foreign_school):
    with app.server.test_request_context():
        _signed_in("director")
        scope = current_scope()
        own = home(scope).school_code

        def click(code):
            return {"points": [{"customdata": [None, code]}]}

        assert callbacks.open_school(click(own)) == f"/schools/{own}"
        assert callbacks.profile_link(click(foreign_school["school_code"]), scope) is None
        for garbage in (None, {}, {"points": [1]}, click(["x"]), click("../admin")):
            with pytest.raises(PreventUpdate):
                callbacks.open_school(garbage)


def test_filter_bar_stays_in_view(app):
    assert "oko-filter-bar" in str(_layout("/schools"))


def _layout(path: str, **kwargs):
    """A page's layout through Dash's registry (importing a page module again would register
    it twice)."""
    import dash

    page = next(
        p for p in dash.page_registry.values() if path in (p["path"], p.get("path_template"))
    )
    return page["layout"](**kwargs)
