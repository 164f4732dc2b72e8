"""The slide contract every renderer, the player and the exports share (dashboard.slides)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard import strings
from dashboard.figures.slides import FONT, projector_figure
from dashboard.slides import (
    SLIDE_PAGES,
    DeckSlide,
    SlideTable,
    ViewSnapshot,
    figure_json,
    footer,
    slide_page,
)


def test_a_snapshot_survives_json_unchanged():
    frame = pd.DataFrame(
        {"Школа": ["А", "Б"], "Балл": [np.float64(12.5), np.nan], "N": np.array([3, 4])}
    )
    view = ViewSnapshot(
        path="/procedures",
        query="?year=2024",
        title="t",
        data_date=dt.date(2024, 5, 12).isoformat(),
        figures=[figure_json(go.Figure(go.Bar(x=np.array([1, 2]), y=np.array([3.5, 4]))))],
        tables=[SlideTable.from_frame("c", frame)],
    )
    back = ViewSnapshot.from_json(view.to_json())
    assert back == view
    assert back.tables[0].rows == [["А", 12.5, 3], ["Б", None, 4]]
    assert back.figures[0]["data"][0]["y"] == [3.5, 4]


def test_a_long_table_is_cut_and_remembers_its_length():
    table = SlideTable.from_frame("c", pd.DataFrame({"a": range(40)}), max_rows=25)
    assert len(table.rows) == 25 and table.total_rows == 40
    assert table.frame()["a"].tolist() == list(range(25))


def test_only_the_pages_of_stories_are_slides():
    assert slide_page("/schools/1001") == "/schools/<school_code>"
    assert slide_page("/") == "/"
    assert slide_page("/decisions/effectiveness") == "/decisions/effectiveness"
    for path in ("/admin/users", "/schools/1/x", "//", "schools", 7, None, "/" + "a" * 300):
        assert slide_page(path) is None
    assert len(set(SLIDE_PAGES)) == len(SLIDE_PAGES)


def test_the_footer_says_date_freezing_filters_and_source():
    view = ViewSnapshot(
        path="/", query="", title="t", filters="2024", source="ВПР", data_date="2024-05-12"
    )
    live = footer(DeckSlide("t", "", view))
    frozen = footer(DeckSlide("t", "", view, frozen_at="2024-06-01T10:00:00+00:00"))
    assert live.startswith(strings.SLIDE_DATA_DATE.format(date="12.05.2024"))
    assert strings.SLIDE_FROZEN.format(date="01.06.2024") in frozen
    assert strings.SLIDE_FROZEN.format(date="01.06.2024") not in live
    assert strings.SLIDE_FILTERS.format(filters="2024") in live
    assert strings.SLIDE_SOURCE.format(source="ВПР") in live
    assert footer(DeckSlide("t", "", ViewSnapshot(path="/", query="", title="t"))) == ""


def test_a_projector_figure_has_larger_text_and_leaves_the_original_alone():
    fig = go.Figure(go.Bar(x=["a"], y=[1]), layout={"title": {"text": "T"}})
    big = projector_figure(fig)
    assert big.layout.font.size == FONT > 13
    assert big.layout.title.text == ""
    assert fig.layout.title.text == "T"
    assert projector_figure(figure_json(fig)).layout.font.size == FONT


def test_missing_values_are_null_and_flags_read_as_on_the_grids():
    fig = figure_json(go.Figure(go.Bar(y=np.array([1.3, np.nan], dtype="f4"))))
    assert fig["data"][0]["y"] == [1.3, None]
    table = SlideTable.from_frame("c", pd.DataFrame({"flag": [True, False]}))
    assert table.rows == [[strings.GRID_YES], [""]]


def test_years_are_labels_not_quantities():
    frame = pd.DataFrame({strings.LABEL_YEAR: [2020.0, 2021.0, None], "N": [2000, 3, 4]})
    assert SlideTable.from_frame("c", frame).rows == [["2020", 2000], ["2021", 3], [None, 4]]
