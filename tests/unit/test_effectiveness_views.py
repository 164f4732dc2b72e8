"""/decisions/effectiveness: the selection (controls ↔ address) and the views (frames → table,
trend chart, forest plot), on small hand-made frames."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from callbacks.decisions_effectiveness_query import Selection
from dashboard import rules, strings
from dashboard.analytics.effectiveness import CRITERIA
from dashboard.figures import effectiveness as views
from dashboard.figures.template import OWN_COLOUR


def _criteria(rows: list[tuple]) -> pd.DataFrame:
    """A frame shaped like data_access.effectiveness.criteria."""
    columns = [
        "criterion_code",
        "municipality_id",
        "municipality",
        "year",
        "numerator",
        "denominator",
        "value",
        "target",
        "status",
    ]
    frame = pd.DataFrame(rows, columns=columns)
    frame["municipality_id"] = frame["municipality_id"].astype("Int64")
    return frame


FRAME = _criteria(
    [
        ("coverage", None, None, 2023, 45, 50, 90.0, 95.0, "close"),
        ("coverage", None, None, 2024, 48, 50, 96.0, 95.0, "met"),
        ("coverage", 7, "Северный район", 2023, 9, 10, 90.0, None, None),
        ("coverage", 7, "Северный район", 2024, 10, 10, 100.0, 80.0, "met"),
        ("coverage", 8, "Южный район", 2024, 5, 10, 50.0, None, None),
        ("timeliness", None, None, 2024, 300, 10, 30.0, 20.0, "not_met"),
        ("bias_share", None, None, 2024, 0, 0, float("nan"), 5.0, None),
    ]
)


@pytest.mark.parametrize(
    "selection",
    [Selection(), Selection(year=2024, municipality=7, criterion="bias_share")],
    ids=str,
)
def test_selection_round_trips_through_the_address(selection):
    assert Selection.from_search(selection.query()) == selection


@pytest.mark.parametrize("garbage", [None, "x", ["2024"], {"year": 2024}, 1.5, True, "99999"])
def test_forged_selection_falls_back_to_defaults(garbage):
    selection = Selection.parse(garbage, garbage, garbage)
    assert selection.year is None
    assert selection.criterion == views.CODES[0]
    assert selection.municipality in (views.REGION, 99999)  # a number only data_access judges
    assert Selection.parse(municipality=7).place == 7 and Selection().place is None


def test_the_table_shows_every_criterion_in_order_with_its_formula():
    rows = views.criteria_rows(FRAME, 2024, views.REGION)
    assert list(rows["code"]) == list(CRITERIA) == list(views.CODES)
    assert len(rows) == 7
    for r in rows.to_dict("records"):
        assert r["criterion"] == strings.EFFECTIVENESS_CRITERIA[r["code"]]
        assert r["formula"].startswith(strings.EFFECTIVENESS_FORMULAS[r["code"]][:30])
        assert strings.EFFECTIVENESS_DIRECTIONS[CRITERIA[r["code"]]["direction"]] in r["formula"]
    # the rule's numbers are written into the formulas, never left as placeholders
    assert "{" not in "".join(rows["formula"])
    flagged = rows.set_index("code").loc["flagged_improved", "formula"]
    assert f" {rules.EFFECT_MATCHES} сопоставимых" in flagged


def test_the_table_keeps_data_access_statuses_and_says_why_there_is_none():
    region = views.criteria_rows(FRAME, 2024, views.REGION).set_index("code")
    assert region.loc["coverage", ["value", "target", "status"]].tolist() == [96.0, 95.0, "met"]
    assert region.loc["timeliness", "status"] == "not_met"
    assert region.loc["bias_share", "status"] == "no_data"  # no schools screened: no value
    assert region.loc["decisions_on_time", "status"] == "no_data"  # no row at all
    north = views.criteria_rows(FRAME, 2023, 7).set_index("code")
    assert north.loc["coverage", "status"] == "no_target"
    assert north.loc["coverage", ["numerator", "denominator"]].tolist() == [9.0, 10.0]


def test_cells_print_russian_numbers_units_and_statuses():
    texts, classes = views.criteria_cells(views.criteria_rows(FRAME, 2024, views.REGION))
    assert list(texts.columns) == [
        strings.EFFECTIVENESS_COLUMNS[c]
        for c in ("criterion", "formula", "unit", "numerator", "denominator", "value")
    ] + [strings.EFFECTIVENESS_COLUMNS["target"], strings.EFFECTIVENESS_COLUMNS["status"]]
    first = texts.iloc[0].tolist()
    assert first[3:] == ["48", "50", "96,0\u00a0%", "95,0\u00a0%", "выполнен"]
    timeliness = texts.iloc[1].tolist()
    assert timeliness[5:] == ["30\u00a0дн.", "20\u00a0дн.", "не выполнен"]
    assert "table-success" in classes.iloc[0, -1] and "table-danger" in classes.iloc[1, -1]
    assert set(strings.EFFECTIVENESS_STATUS[s] for s in ("met", "close", "not_met")) == {
        "выполнен",
        "близко",
        "не выполнен",
    }


def test_places_lists_each_municipality_once_by_name():
    assert views.places(FRAME) == [(7, "Северный район"), (8, "Южный район")]


def test_trend_draws_region_municipalities_and_the_target_of_the_chosen_place():
    fig = views.trend_view(FRAME, "coverage", views.REGION)
    by_name = {t.name: t for t in fig.data}
    region = by_name[strings.EFFECTIVENESS_TREND_REGION]
    assert list(region.x) == [2023, 2024] and list(region.y) == [90.0, 96.0]
    target = by_name[strings.EFFECTIVENESS_TREND_TARGET]
    assert list(target.x) == [2023, 2024] and list(target.y) == [95.0, 95.0]
    # grey municipality lines, one legend entry for all of them
    grey = [t for t in fig.data if t.legendgroup == "municipalities"]
    assert sorted(t.name for t in grey if t.showlegend is False) == [
        "Северный район",
        "Южный район",
    ]
    assert [t.name for t in grey if t.showlegend is not False] == [
        strings.EFFECTIVENESS_TREND_MUNICIPALITIES
    ]


def test_trend_marks_the_own_municipality_and_its_target():
    fig = views.trend_view(FRAME, "coverage", chosen=7, own=7)
    own = next(t for t in fig.data if t.name == strings.EFFECTIVENESS_TREND_OWN)
    assert own.line.color == OWN_COLOUR and list(own.y) == [90.0, 100.0]
    target = next(t for t in fig.data if t.name == strings.EFFECTIVENESS_TREND_TARGET)
    assert list(target.x) == [2024] and list(target.y) == [80.0]
    assert "Северный район" not in [t.name for t in fig.data]  # drawn once, as «own»


def test_trend_without_values_says_so():
    fig = views.trend_view(FRAME, "decisions_on_time")
    assert fig.layout.annotations[0].text == strings.NO_DATA


EFFECTS = pd.DataFrame(
    {
        "measure_code": ["m1", "m2", "m3"],
        "measure": ["Методическое сопровождение", "Адресное ПК", "Мониторинг объективности"],
        "finding_kind": ["low_results", "weak_skill", "bias_confirmed"],
        "indicator": ["vpr_gap", "subject_gap", "bias_flag"],
        "detail": [None, None, None],
        "finding_year": [2022, 2023, 2023],
        "n_treated": [8, 3, 1],
        "n_controls": [32, 12, 4],
        "estimate": [2.5, 0.0, -1.0],
        "low": [0.5, -1.5, None],
        "high": [4.5, 1.5, None],
    }
)


def test_forest_plot_draws_each_estimate_with_its_interval():
    fig = views.forest_view(EFFECTS)
    points = fig.data[0]
    # most schools at the top: plotly draws the last category at the top
    assert list(points.x) == [-1.0, 0.0, 2.5]
    assert points.y[-1].startswith("Методическое сопровождение (2022)")
    assert list(points.error_x.array) == [0.0, 1.5, 2.0]
    assert list(points.error_x.arrayminus) == [0.0, 1.5, 2.0]
    assert fig.layout.shapes[0].x0 == 0  # the «no effect» line
    assert strings.EFFECTIVENESS_NO_INTERVAL in points.hovertext[0]
    assert "школ с мерой: 8, сопоставимых: 32" in points.hovertext[-1]


def test_forest_plot_without_effects_says_so():
    fig = views.forest_view(EFFECTS.iloc[0:0])
    assert fig.layout.annotations[0].text == strings.EFFECTIVENESS_NO_EFFECTS


def test_effect_table_prints_signed_estimates_and_intervals():
    table = views.effect_rows(EFFECTS)
    columns = strings.EFFECTIVENESS_EFFECT_COLUMNS
    first = table.iloc[0]
    assert first[columns["estimate"]] == "+2,5"
    assert first[columns["interval"]] == "от +0,5 до +4,5"
    assert first[columns["finding"]] == strings.EFFECTIVENESS_FINDING_KINDS["low_results"]
    zero = table[table[columns["measure"]] == "Адресное ПК"].iloc[0]
    assert zero[columns["interval"]] == "от \u22121,5 до +1,5"  # the interval covers zero
    single = table[table[columns["measure"]] == "Мониторинг объективности"].iloc[0]
    assert single[columns["interval"]] == strings.EFFECTIVENESS_NO_INTERVAL
    assert list(table[columns["n_treated"]]) == ["8", "3", "1"]


def test_decision_rows_print_each_change():
    per = pd.DataFrame(
        {
            "decision_id": [5],
            "school_id": [1],
            "school_code": ["S1"],
            "school": ["Школа №1"],
            "indicator": ["vpr_gap"],
            "finding_year": [2022],
            "change": [3.0],
            "control_change": [0.5],
            "difference": [2.5],
        }
    )
    row = views.decision_rows(per).iloc[0].tolist()
    assert row == ["5", "Школа №1", strings.EFFECTIVENESS_INDICATORS["vpr_gap"], "2022"] + [
        "+3,0",
        "+0,5",
        "+2,5",
    ]
    assert views.decision_rows(per.iloc[0:0]).empty


def test_value_text_handles_missing_values():
    assert views.value_text(float("nan"), "coverage") == strings.NO_DATA
    assert views.value_text(None, "timeliness") == strings.NO_DATA
    assert not math.isnan(views.criteria_rows(FRAME, 2024, 8).iloc[0]["value"])
