"""Overview callbacks called directly, and the defensive input parsers."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from dash import no_update
from dash.exceptions import PreventUpdate

from callbacks import inputs, overview
from callbacks.overview_query import Selection
from dashboard.figures import overview as views


def test_input_parsers_refuse_wrong_types():
    assert inputs.text("ВПР") == "ВПР"
    assert inputs.text(["vpr"]) is None and inputs.text({"a": 1}) is None
    assert inputs.text("") is None
    assert inputs.integer(5) == 5 and inputs.integer("7") == 7 and inputs.integer(4.0) == 4
    assert inputs.integer(True) is None and inputs.integer(4.5) is None
    assert inputs.integer([1]) is None
    assert inputs.integer(99, 0, 12) is None


def _signed_in(app, login: str = "region"):
    from flask_login import login_user

    from dashboard.auth.session import SessionUser
    from data_access import users

    login_user(SessionUser(users.account_by_login(login)))


def test_pickers_resolve_in_one_step_to_a_chart(app):
    with app.server.test_request_context():
        _signed_in(app)
        title, _subtitle, own, cards, latest = overview.load_overview("/")
        assert title == "Обзор региона" and own is None
        assert "Оценочных процедур" in str(cards) and "tbody" in str(latest).lower()
        kinds, kind, subjects, subject, grades, grade, years, year = overview.pick_procedure(
            None, None, None, None, "/", ""
        )
        assert kind == "vpr" and any(o["value"] == "oge" for o in kinds)
        assert subject == "математика" and grade == min(o["value"] for o in grades)
        assert year == max(o["value"] for o in years)
        by_municipality, marks, note, *_ = overview.municipality_charts(kind, subject, grade, year)
        assert len(by_municipality.data) == 1 and len(marks.data) == 4
        assert "Источник: ВПР, математика" in note and "менее 5 участников" in note
        empty, *_ = overview.municipality_charts(["vpr"], subject, grade, year)
        assert empty.layout.annotations[0].text == "нет данных"


def test_pickers_prefer_the_address_then_the_controls(app):
    with app.server.test_request_context():
        _signed_in(app)
        default = overview.pick_procedure(None, None, None, None, "/", "")
        first_year = default[6][0]["value"]
        asked = f"?kind=vpr&subject=математика&grade={default[5]}&year={first_year}"
        restored = overview.pick_procedure(None, None, None, None, "/", asked)
        assert restored[1::2] == ("vpr", "математика", default[5], first_year)
        # once the pickers hold values the address no longer decides
        touched = overview.pick_procedure("vpr", "математика", default[5], default[7], "/", asked)
        assert touched[7] == default[7] != first_year
        # an address asking for something not offered falls back to the default procedure
        asked = "?kind=nope&grade=99"
        assert overview.pick_procedure(None, None, None, None, "/", asked) == default


def test_pickers_survive_garbage(app):
    with app.server.test_request_context():
        _signed_in(app)
        default = overview.pick_procedure(None, None, None, None, "/", "")
        garbage = overview.pick_procedure(["vpr"], {"a": 1}, True, 4.5, "/", {"x": 1})
        assert garbage == default
        with pytest.raises(PreventUpdate):  # the address is not known yet
            overview.pick_procedure(None, None, None, None, None, "?kind=oge")


def test_selection_round_trips_through_the_address():
    chosen = Selection.parse("oge", "русский язык", "9", 2024)
    assert chosen == Selection("oge", "русский язык", 9, 2024) and chosen.complete
    assert Selection.from_search(chosen.query()) == chosen
    assert chosen.query().startswith("?kind=oge&subject=")
    assert Selection.parse(["oge"], {"s": 1}, 13, 1800) == Selection()
    assert not Selection.parse("vpr", "математика", 5).complete and Selection().query() == ""
    assert Selection.from_search("?kind=vpr&grade=abc&year=2023").grade is None


def test_query_is_written_back_only_when_complete_and_changed():
    query = overview.write_query("vpr", "математика", 5, 2024, "")
    assert query == Selection("vpr", "математика", 5, 2024).query()
    assert overview.write_query("vpr", "математика", 5, 2024, query) is no_update
    with pytest.raises(PreventUpdate):
        overview.write_query("vpr", None, 5, 2024, "?kind=oge")


def _results() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "municipality": ["Бета", "Альфа <b>", "Гимназия 1"],
            "participants": [120, 3, 40],
            "mean_percent": [61.25, float("nan"), 70.0],
            "suppressed": [False, True, False],
            "is_own_school": [False, False, True],
            "marks_2": [10, 0, 0],
            "marks_3": [30, 0, 10],
            "marks_4": [50, 0, 20],
            "marks_5": [30, 0, 10],
        }
    )


def test_mean_percent_view_sorts_marks_and_tabulates_the_same_rows():
    fig, table = views.by_municipality(_results(), "Источник: тест")
    bar = fig.data[0]
    assert list(bar.y) == ["Альфа &lt;b&gt;", "Бета", "Ваша ОО: Гимназия 1"]
    assert list(bar.text) == ["скрыто", "61,2\u2009%", "70,0\u2009%"]
    assert list(bar.marker.color)[2] != list(bar.marker.color)[1]
    assert list(table["Муниципалитет"]) == ["Альфа <b>", "Бета", "Ваша ОО: Гимназия 1"]
    assert list(table["Участников"]) == [3, 120, 40]
    assert table["Средний процент выполнения"].iloc[1] == 61.25
    assert "Источник: тест" in bar.hovertemplate


def test_marks_view_shares_sum_to_a_hundred():
    fig, table = views.marks(_results(), "Источник: тест")
    assert [t.name for t in fig.data] == [f"Отметка «{m}»" for m in (2, 3, 4, 5)]
    beta = table[table["Муниципалитет"] == "Бета"].iloc[0]
    assert beta["Отметка «4»"] == pytest.approx(50 / 120 * 100, abs=0.01)
    assert sum(beta[f"Отметка «{m}»"] for m in (2, 3, 4, 5)) == pytest.approx(100, abs=0.05)
    empty_row = table[table["Муниципалитет"] == "Альфа <b>"].iloc[0]
    assert pd.isna(empty_row["Отметка «2»"])  # no marks: no share, not a division by zero
    assert list(table["Отметка «2»"]) == pytest.approx(list(fig.data[0].x), abs=0.01, nan_ok=True)


def test_views_of_an_empty_frame_say_no_data():
    for view in (views.by_municipality, views.marks):
        fig, table = view(_results().iloc[0:0], "")
        assert fig.layout.annotations[0].text == "нет данных" and table.empty


def test_latest_table_formats_dates_and_numbers():
    frame = pd.DataFrame(
        {
            "code": ["a", "b"],
            "kind": ["vpr", "oge"],
            "subject": ["математика", "физика"],
            "grade": [5, 9],
            "year": [2024, 2025],
            "held_on": [dt.date(2024, 4, 17), None],
            "participants": [12345, 7],
            "mean_percent": [61.234, None],
        }
    )
    table = views.latest_table(frame)
    assert list(table.columns) == [
        "Процедура",
        "Предмет",
        "Класс",
        "Год",
        "Дата",
        "Участников",
        "Средний %",
    ]
    assert table.iloc[0].tolist() == [
        "ВПР",
        "математика",
        "5",
        "2024",
        "17.04.2024",
        "12\u2009345",
        "61,2\u2009%",
    ]
    assert table.iloc[1]["Дата"] == "—" and table.iloc[1]["Средний %"] == "—"
    assert views.latest_table(frame.iloc[0:0]).empty


@pytest.mark.parametrize(
    ("value", "pressed"),
    [
        (1, True),
        (7, True),
        (0, False),
        (None, False),
        (True, False),
        ("3", False),
        (-1, False),
        ([1], False),
    ],
)
def test_only_a_positive_int_is_a_button_press(value, pressed):
    assert inputs.clicked(value) is pressed


@pytest.mark.parametrize(
    ("value", "after"), [(None, 1), (0, 1), (4, 5), (True, 1), ("4", 1), (-3, 1)]
)
def test_change_counter_restarts_on_odd_values(value, after):
    assert inputs.bump(value) == after
