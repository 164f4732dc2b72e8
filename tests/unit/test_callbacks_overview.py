"""Overview callbacks called directly, and the defensive input parsers."""

from __future__ import annotations

import pytest

from callbacks import inputs, overview


def test_input_parsers_refuse_wrong_types():
    assert inputs.text("ВПР") == "ВПР"
    assert inputs.text(["vpr"]) is None and inputs.text({"a": 1}) is None and inputs.text("") is None
    assert inputs.integer(5) == 5 and inputs.integer("7") == 7 and inputs.integer(4.0) == 4
    assert inputs.integer(True) is None and inputs.integer(4.5) is None and inputs.integer([1]) is None
    assert inputs.integer(99, 0, 12) is None


def test_pickers_cascade_to_a_chart(app):
    with app.server.test_request_context():
        from flask_login import login_user

        from dashboard.auth.session import SessionUser
        from data_access import users

        login_user(SessionUser(users.account_by_login("region")))
        cards, latest, kinds, kind = overview.load_overview("/")
        assert kind == "vpr" and any(o["value"] == "oge" for o in kinds)
        subjects, subject = overview.choose_subject(kind)
        assert subject == "математика"
        grades, grade = overview.choose_grade(kind, subject)
        years, year = overview.choose_year(kind, subject, grade)
        assert year == max(o["value"] for o in years)
        by_municipality, marks, note = overview.municipality_charts(kind, subject, grade, year)
        assert len(by_municipality.data) == 1 and len(marks.data) == 4
        assert "Источник: ВПР, математика" in note and "менее 5 участников" in note
        empty, _, _ = overview.municipality_charts(["vpr"], subject, grade, year)
        assert empty.layout.annotations[0].text == "нет данных"


@pytest.mark.parametrize(("value", "pressed"), [(1, True), (7, True), (0, False), (None, False),
                                                 (True, False), ("3", False), (-1, False), ([1], False)])
def test_only_a_positive_int_is_a_button_press(value, pressed):
    assert inputs.clicked(value) is pressed


@pytest.mark.parametrize(("value", "after"), [(None, 1), (0, 1), (4, 5), (True, 1), ("4", 1), (-3, 1)])
def test_change_counter_restarts_on_odd_values(value, after):
    assert inputs.bump(value) == after
