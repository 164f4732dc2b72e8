"""`/experts` charts for people: one title (the card's), notes and legends clear of titles and
axes, the user's own municipality in OWN_COLOUR and first, the region as the comparison, and
no more than MAX_CATEGORIES municipalities on the heat map."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from dashboard import strings
from dashboard.analytics.expert_kpis import REGION
from dashboard.figures import experts as views
from dashboard.figures.template import MAX_CATEGORIES, OWN_COLOUR, PALETTE
from tests.unit.test_experts_page import _kpi_table

DAY = dt.date(2024, 8, 15)


def test_trend_of_the_own_municipality_is_drawn_in_own_colour_beside_the_region():
    fig, frame = views.trend_view(_kpi_table(), "1.2", 7, [2023, 2024], DAY, own=7)
    assert not fig.layout.title.text  # the card holds the title
    bars = fig.data[0]
    assert bars.marker.color == OWN_COLOUR and bars.name == strings.EXPERTS_TREND_OWN
    region = next(t for t in fig.data if t.name == strings.EXPERTS_TREND_REGION)
    assert list(region.y) == [17 / 21 * 100]  # the region's value in the year drawn
    assert frame[strings.EXPERTS_TREND_REGION].tolist()[-1] == 17 / 21 * 100
    assert fig.layout.legend.yref == "container" and fig.layout.legend.yanchor == "top"
    note = fig.layout.annotations[0]
    assert "15.08.2024" in note.text and note.y == 0 and note.yshift < 0


def test_trend_of_another_place_or_the_region_is_not_own():
    other, _ = views.trend_view(_kpi_table(), "1.2", 7, [2023, 2024], DAY, own=8)
    assert other.data[0].marker.color == PALETTE[0]
    assert any(t.name == strings.EXPERTS_TREND_REGION for t in other.data)
    region, frame = views.trend_view(_kpi_table(), "1.2", REGION, [2023, 2024], DAY, own=7)
    assert not any(t.name == strings.EXPERTS_TREND_REGION for t in region.data)
    assert strings.EXPERTS_TREND_REGION not in frame.columns


def test_funnel_has_no_title_of_its_own_and_wraps_long_stages():
    fig, _ = views.funnel_view([30, 20, 15, 10, 4], 2024)
    assert not fig.layout.title.text
    assert all(len(line) <= 24 for label in fig.data[0].y for line in label.split("<br>"))
    assert [label.replace("<br>", " ") for label in fig.data[0].y] == views.funnel_stages(2024)


def test_coverage_puts_the_own_municipality_first_and_marks_it():
    table = pd.DataFrame({"Север": [2, 0], "Юг": [0, 1]}, index=["R01", "R02"])
    fig, frame = views.coverage_view(table, own_name="Юг")
    assert not fig.layout.title.text and not fig.layout.annotations  # the note is in the card
    first, second = fig.data[0].x
    assert "Юг" in first and OWN_COLOUR.lower() in first.lower() and second == "Север"
    assert frame.columns.tolist() == [strings.EXPERTS_FILTER_DIRECTION, "Север", "Юг"]


def test_coverage_shows_at_most_max_categories_municipalities_the_own_one_kept():
    many = pd.DataFrame(
        {f"Район {k}": [k, 1] for k in range(1, 61)}, index=["R01", "R02"], dtype="int64"
    )
    fig, frame = views.coverage_view(many, own_name="Район 1")  # the fewest experts
    shown = list(fig.data[0].x)
    assert len(shown) == MAX_CATEGORIES and "Район 1" in shown[0]
    assert "Район 60" in shown  # the most experts are kept
    kept, hidden = views.coverage_columns(many, "Район 1")
    assert hidden == 60 - MAX_CATEGORIES and kept.shape[1] == MAX_CATEGORIES
    assert frame.shape[1] == 61  # the download keeps every municipality


def test_breakdown_lists_the_own_municipality_first_and_marks_its_row():
    places = pd.DataFrame({"id": [3, 7], "name": ["Город", "Озёрский район"]})
    ordered = views.own_first(places, 7)
    assert ordered["name"].tolist() == ["Озёрский район", "Город"]
    texts, classes = views.breakdown_cells(_kpi_table(), 2024, ordered, own=7)
    assert texts.iloc[0, 0] == "Озёрский район"
    assert classes.iloc[0, 0] == views.OWN_CELL and classes.iloc[1, 0] == ""
    assert "fw-semibold" in classes.iloc[0, 2] and "table-danger" in classes.iloc[0, 2]
    assert views.own_first(places, None)["name"].tolist() == ["Город", "Озёрский район"]


def test_registry_counts_put_the_own_municipality_first():
    counts = pd.DataFrame(
        {
            "municipality": ["А", "Б", "В"],
            "candidate": [1, 2, 3],
            "included": [1, 1, 1],
            "excluded": [0, 0, 0],
            "total": [2, 3, 4],
        }
    )
    shown = views.registry_counts(counts, own="В")
    assert shown[strings.EXPERTS_COUNT_COLUMNS["municipality"]].tolist() == ["В", "А", "Б"]
    assert views.registry_counts(counts).iloc[0, 0] == "А"


def test_a_hidden_registry_count_reads_suppressed_and_the_rest_stay_numbers():
    counts = pd.DataFrame(
        {
            "municipality": ["А", "Б"],
            "candidate": pd.array([30, pd.NA], dtype="Int64"),
            "included": pd.array([pd.NA, 20], dtype="Int64"),
            "excluded": pd.array([0, 7], dtype="Int64"),
            "total": pd.array([32, pd.NA], dtype="Int64"),
        }
    )
    shown = views.registry_counts(counts)
    names = strings.EXPERTS_COUNT_COLUMNS
    assert shown[names["included"]].tolist() == [strings.SUPPRESSED, 20]
    assert shown[names["candidate"]].tolist() == [30, strings.SUPPRESSED]
    assert shown[names["excluded"]].tolist() == [0, 7]  # a zero names nobody: shown
    assert pd.api.types.is_integer_dtype(shown[names["excluded"]])


def test_hidden_funnel_stages_and_coverage_cells_read_suppressed():
    fig, frame = views.funnel_view([30, 28, None, None, 0], 2024)
    trace = fig.data[0]
    assert list(trace.x) == [30, 28, None, None, 0]
    assert list(trace.text)[2:4] == [strings.SUPPRESSED, strings.SUPPRESSED]
    assert trace.text[1] == "28 (93 %)"
    table = pd.DataFrame(
        {"Север": pd.array([2, 0], dtype="Int64"), "Юг": pd.array([pd.NA, 7], dtype="Int64")},
        index=["R01", "R02"],
    )
    fig, _ = views.coverage_view(table)
    heat = fig.data[0]
    assert heat.text[0][1] == strings.SUPPRESSED and heat.text[1][1] == "7"
    assert len(fig.layout.shapes) == 1  # the zero is a gap; the hidden cell is not


def test_a_suppressed_indicator_row_reads_suppressed_in_the_table_and_breakdown():
    table = _kpi_table()
    row = (table["municipality_id"] == 7) & (table["year"] == 2024)
    table.loc[row, ["numerator", "denominator", "value"]] = float("nan")
    table.loc[row, "status"] = "suppressed"
    texts, _ = views.kpi_cells(views.indicator_rows(table, 2024, 7))
    cols = strings.EXPERTS_KPI_COLUMNS
    first = texts[texts[cols["code"]] == "1.2"].iloc[0]
    assert [first[cols[c]] for c in ("numerator", "denominator", "value")] == [
        strings.SUPPRESSED
    ] * 3
    assert first[cols["status"]] == strings.EXPERTS_STATUS["suppressed"]
    places = pd.DataFrame({"id": [7], "name": ["Озёрский район"]})
    shown, _ = views.breakdown_cells(table, 2024, places)
    assert shown.loc[0, "1.2"] == strings.SUPPRESSED and shown.loc[0, "1.1"] == strings.NO_DATA
