"""The `/experts` selection (controls ↔ address) and its views (frames → figure and table)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from callbacks.experts_query import DEFAULT_INDICATOR, Selection
from dashboard import seeds, strings
from dashboard.analytics.expert_kpis import REGION
from dashboard.figures import experts as views
from dashboard.web.tables import small_table

FULL = Selection(
    as_of=dt.date(2024, 8, 15),
    year=2024,
    municipality=3,
    indicator="2.3",
    direction="R01",
    registry_municipality=5,
    status="included",
    activity_year=2023,
)


@pytest.mark.parametrize("selection", [FULL, Selection(), Selection(year=2023)], ids=str)
def test_selection_round_trips_through_the_address(selection):
    assert Selection.from_search(selection.query()) == selection


def test_query_names_every_part_and_leaves_out_empty_ones():
    assert FULL.query() == (
        "?as_of=2024-08-15&year=2024&municipality=3&indicator=2.3"
        "&direction=R01&registry_municipality=5&status=included"
        "&activity_year=2023"
    )
    assert Selection().query() == f"?municipality={REGION}&indicator={DEFAULT_INDICATOR}"


@pytest.mark.parametrize(
    "garbage", [None, "2024-13-45", "x", ["2024-08-15"], {"date": "2024-08-15"}, 1.5, True]
)
def test_forged_values_fall_back_to_defaults(garbage):
    selection = Selection.parse(
        garbage, garbage, garbage, garbage, garbage, garbage, garbage, garbage
    )
    assert selection.as_of is None and selection.day == dt.date.today()
    assert selection.year is None and selection.municipality == REGION
    assert selection.indicator == DEFAULT_INDICATOR
    assert (selection.direction, selection.status) == (None, None)
    assert (selection.registry_municipality, selection.activity_year) == (None, None)


def test_a_number_is_a_municipality_id_only_data_access_can_judge():
    forged = Selection.parse("740101", "740101", "740101", registry_municipality=20240815)
    assert forged.as_of is None and forged.year is None  # not a date, not a year
    assert (forged.municipality, forged.registry_municipality) == (740101, 20240815)


def test_parse_takes_control_values_and_iso_datetimes():
    selection = Selection.parse("2024-08-15T00:00:00", 2024, 3, "2.3", "R01", 5, "included", "2023")
    assert selection == FULL
    assert selection.place == 3 and Selection().place is None
    assert Selection.parse(year="2024", indicator="9.9").indicator == DEFAULT_INDICATOR
    assert Selection.parse(status="deleted", direction="Z99") == Selection()


def test_reference_day_is_capped_at_the_end_of_the_year():
    assert Selection(as_of=dt.date(2025, 3, 1), year=2024).reference_day == dt.date(2024, 12, 31)
    assert Selection(as_of=dt.date(2024, 3, 1), year=2024).reference_day == dt.date(2024, 3, 1)


def _kpi_table() -> pd.DataFrame:
    """Two years of 1.2 for the region and one municipality, hand-made."""
    rows = [
        {
            "code": "1.2",
            "municipality_id": REGION,
            "year": 2023,
            "numerator": 10.0,
            "denominator": 20.0,
            "value": 50.0,
            "target": None,
            "status": "no_target",
        },
        {
            "code": "1.2",
            "municipality_id": REGION,
            "year": 2024,
            "numerator": 17.0,
            "denominator": 21.0,
            "value": 17 / 21 * 100,
            "target": 80.0,
            "status": "met",
        },
        {
            "code": "1.2",
            "municipality_id": 7,
            "year": 2024,
            "numerator": 1.0,
            "denominator": 4.0,
            "value": 25.0,
            "target": 80.0,
            "status": "not_met",
        },
    ]
    return pd.DataFrame(rows)


def test_trend_view_draws_and_tabulates_the_same_numbers():
    figure, frame = views.trend_view(
        _kpi_table(), "1.2", REGION, [2023, 2024], dt.date(2024, 8, 15)
    )
    bars, target = figure.data
    assert list(bars.x) == [2023, 2024]
    assert list(bars.text) == ["50,0", "81,0"]
    assert list(target.y)[1] == 80.0
    assert list(frame.columns) == [
        strings.EXPERTS_YEAR,
        strings.EXPERTS_TREND_VALUE,
        strings.EXPERTS_TREND_TARGET,
    ]
    assert frame[strings.EXPERTS_TREND_VALUE].tolist() == [50.0, 80.95]
    assert "15.08.2024" in figure.layout.annotations[0].text
    empty, _ = views.trend_view(_kpi_table(), "2.1", REGION, [2024], dt.date(2024, 8, 15))
    assert empty.layout.annotations[0].text == strings.NO_DATA


def test_kpi_cells_print_the_nine_indicators_with_status_colours():
    texts, classes = views.kpi_cells(views.indicator_rows(_kpi_table(), 2024, REGION))
    cols = strings.EXPERTS_KPI_COLUMNS
    assert texts[cols["code"]].tolist() == [i.code for i in seeds.KPI_INDICATORS]
    row = texts.set_index(cols["code"]).loc["1.2"]
    assert (row[cols["value"]], row[cols["target"]], row[cols["numerator"]]) == (
        "81,0",
        "80,0",
        "17",
    )
    assert row[cols["status"]] == strings.EXPERTS_STATUS["met"]
    assert texts.set_index(cols["code"]).loc["2.1", cols["value"]] == strings.NO_DATA
    assert classes.shape == texts.shape
    assert classes[cols["status"]].iloc[1] == "kpi-status table-success"
    table = small_table(texts, cell_classes=classes).to_plotly_json()["props"]["children"][1]
    first = table.children[1].children  # the row of 1.2
    assert first[0].className == "kpi-code oko-code" and first[0].children == "1.2"
    assert first[-1].className == "kpi-status table-success"


def test_indicators_name_the_chosen_place_not_the_seeds_district():
    """Seed 004 was written for one district: its name inside an indicator's wording would
    sit under «Весь регион»; the table says «выбранной территории» and the note says why."""
    rows = views.indicator_rows(_kpi_table(), 2024, REGION)
    seeded = [i.measure for i in seeds.KPI_INDICATORS if strings.EXPERTS_SEED_PLACE in i.measure]
    assert seeded, "seed 004 no longer names its district: drop the replacement"
    assert not rows["measure"].str.contains(strings.EXPERTS_SEED_PLACE).any()
    assert rows["measure"].str.contains(strings.EXPERTS_CHOSEN_PLACE).sum() == len(seeded)
    assert strings.EXPERTS_SEED_PLACE in strings.EXPERTS_KPI_NOTE


def test_breakdown_cells_colour_each_municipality_by_status():
    places = pd.DataFrame({"id": [7], "name": ["Озёрский район"]})
    texts, classes = views.breakdown_cells(_kpi_table(), 2024, places)
    assert texts.iloc[0].tolist()[:3] == ["Озёрский район", strings.NO_DATA, "25,0"]
    assert classes.iloc[0].tolist()[:3] == ["", "", "table-danger"]


def test_funnel_view_returns_the_counts_it_draws():
    figure, frame = views.funnel_view([30, 20, 15, 10, 4], 2024)
    assert list(figure.data[0].x) == [30, 20, 15, 10, 4]
    assert frame[strings.EXPERTS_FUNNEL_COLUMNS["experts"]].tolist() == [30, 20, 15, 10, 4]
    assert frame[strings.EXPERTS_FUNNEL_COLUMNS["stage"]].tolist() == views.funnel_stages(2024)
    empty, _ = views.funnel_view([0, 0, 0, 0, 0], 2024)
    assert empty.layout.annotations[0].text == strings.NO_DATA


def test_coverage_view_outlines_gaps_and_keeps_the_counts():
    table = pd.DataFrame({"Север": [2, 0], "<b>Юг</b>": [0, 1]}, index=["R01", "R02"])
    figure, frame = views.coverage_view(table)
    assert len(figure.layout.shapes) == 2  # the two zero cells
    assert "&lt;b&gt;Юг&lt;/b&gt;" in figure.data[0].x
    assert frame[strings.EXPERTS_FILTER_DIRECTION].tolist() == ["R01", "R02"]
    assert frame["Север"].tolist() == [2, 0]


def test_registry_views_print_dates_and_statuses_in_russian():
    rows = pd.DataFrame(
        [
            {
                "expert_code": "E-1",
                "full_name": "Иванова Анна",
                "municipality_id": 1,
                "municipality": "Север",
                "position": None,
                "directions": ["R01", "M02"],
                "qualification_score": 72.5,
                "qualification_date": dt.date(2024, 1, 10),
                "status": "included",
                "status_date": dt.date(2024, 2, 1),
                "trainings": 2,
                "engagements": {2023: 1, 2024: 3},
            }
        ]
    )
    names = views.registry_names(rows)
    cols = strings.EXPERTS_REGISTRY_COLUMNS
    row = names.iloc[0]
    assert row[cols["qualification"]] == "72,5 % (10.01.2024)"
    assert row[cols["status"]] == "включён 01.02.2024"
    assert row[cols["position"]] == "—" and row[cols["directions"]] == "R01, M02"
    assert row[cols["engagements"]] == "2023: 1; 2024: 3" and row[cols["trainings"]] == 2
    counts = views.registry_counts(
        pd.DataFrame(
            [
                {
                    "municipality": "Север",
                    "candidate": 1.0,
                    "included": 2.0,
                    "excluded": 0.0,
                    "total": 3.0,
                }
            ]
        )
    )
    assert counts.columns.tolist() == list(strings.EXPERTS_COUNT_COLUMNS.values())
    assert counts.iloc[0].tolist() == ["Север", 1, 2, 0, 3]


def _offered(n: int) -> list[dict]:
    surnames = ["Иванова Анна", "Петров Иван", "Сидорова Ольга"]
    return [
        {"label": f"E-{i:03d} — {surnames[i % 3]} {i}", "value": f"E-{i:03d}"} for i in range(n)
    ]


def test_the_edit_picker_offers_a_bounded_slice_of_what_is_typed():
    offered = _offered(300)
    assert views.expert_choices(offered, None, None) == offered[: views.PICK_LIMIT]
    found = views.expert_choices(offered, "  петров  ", None)
    assert len(found) == views.PICK_LIMIT
    assert all("Петров" in o["label"] for o in found)
    # every typed word must be found (in any order, in the code or the name)
    both = views.expert_choices(offered, "7 ИВАН", None)
    expected = [o for o in offered if "Иван" in o["label"] and "7" in o["label"]]
    assert both == expected[: views.PICK_LIMIT]
    assert views.expert_choices(offered, "e-299", None) == [offered[299]]
    assert views.expert_choices(offered, "нет такого", None) == []


def test_the_edit_picker_keeps_the_chosen_expert_among_its_options():
    offered = _offered(300)
    kept = views.expert_choices(offered, "Сидорова", "E-000")
    assert len(kept) == views.PICK_LIMIT + 1 and kept[-1] == offered[0]
    assert views.expert_choices(offered, None, "E-005") == offered[: views.PICK_LIMIT]  # once
    assert views.expert_choices(offered, "нет такого", "E-250") == [offered[250]]
    assert views.expert_choices(offered, None, "E-unknown") == offered[: views.PICK_LIMIT]
