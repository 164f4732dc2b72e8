"""Pages of a server-side grid: AG Grid's sort and filter models applied to a frame, and
requests that are not what the grid sends answered safely."""

from __future__ import annotations

import contextvars
import math

import pandas as pd
import pytest
from dash import no_update
from dash._callback_context import context_value
from dash._utils import AttributeDict

from dashboard.web import grid_blocks
from dashboard.web.grid_blocks import block


def _frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Школа": ["Лицей № 1", "школа № 2", "Гимназия", "Школа № 4", "Школа № 5"],
            "Учеников": [300, 120, float("nan"), 480, 120],
            "Тип": ["лицей", "СОШ", "гимназия", "СОШ", ""],
        },
        index=[7, 7, 3, 9, 1],  # a caller's index need not be unique
    )


def _names(answer: dict) -> list[str]:
    return [row["c0"] for row in answer["rowData"]]


def test_the_first_page_and_the_count_without_a_request():
    answer = block(_frame(), None, page_size=2)
    assert _names(answer) == ["Лицей № 1", "школа № 2"] and answer["rowCount"] == 5
    assert _names(block(_frame(), {"startRow": 2, "endRow": 4})) == ["Гимназия", "Школа № 4"]
    assert block(_frame(), {"startRow": 0, "endRow": 2})["rowData"][0] == {
        "c0": "Лицей № 1",
        "c1": 300,
        "c2": "лицей",
    }


def test_text_filters_ignore_case_and_conditions_join():
    contains = {"c0": {"filterType": "text", "type": "contains", "filter": "ШКОЛА"}}
    assert _names(block(_frame(), {"filterModel": contains})) == [
        "школа № 2",
        "Школа № 4",
        "Школа № 5",
    ]
    either = {
        "c2": {
            "filterType": "text",
            "operator": "OR",
            "conditions": [
                {"filterType": "text", "type": "equals", "filter": "лицей"},
                {"filterType": "text", "type": "startsWith", "filter": "гимн"},
            ],
        }
    }
    assert _names(block(_frame(), {"filterModel": either})) == ["Лицей № 1", "Гимназия"]
    blank = {"c2": {"filterType": "text", "type": "blank"}}
    assert _names(block(_frame(), {"filterModel": blank})) == ["Школа № 5"]


def test_number_filters_and_several_columns_together():
    def kept(model: dict) -> list[str]:
        return _names(block(_frame(), {"filterModel": model}))

    def number(test: str, value, to=None) -> dict:
        return {"c1": {"filterType": "number", "type": test, "filter": value, "filterTo": to}}

    assert kept(number("greaterThan", 200)) == ["Лицей № 1", "Школа № 4"]
    assert kept(number("inRange", 100, 300)) == ["школа № 2", "Школа № 5"]  # bounds excluded
    assert kept(number("notEqual", 120)) == ["Лицей № 1", "Гимназия", "Школа № 4"]
    assert kept({"c1": {"filterType": "number", "type": "blank"}}) == ["Гимназия"]
    soch = {"filterType": "text", "type": "equals", "filter": "соШ"}
    both = {**number("equals", 120), "c2": soch}
    answer = block(_frame(), {"filterModel": both})
    assert _names(answer) == ["школа № 2"] and answer["rowCount"] == 1


def test_sorting_is_stable_with_empty_cells_first_ascending():
    by_pupils = [{"colId": "c1", "sort": "asc"}]
    assert _names(block(_frame(), {"sortModel": by_pupils})) == [
        "Гимназия",
        "школа № 2",
        "Школа № 5",
        "Лицей № 1",
        "Школа № 4",
    ]
    then_name_desc = [{"colId": "c1", "sort": "desc"}, {"colId": "c0", "sort": "desc"}]
    assert _names(block(_frame(), {"sortModel": then_name_desc})) == [
        "Школа № 4",
        "Лицей № 1",
        "школа № 2",
        "Школа № 5",
        "Гимназия",
    ]


@pytest.mark.parametrize(
    "request_",
    [
        "nonsense",
        {"startRow": "0", "endRow": [5], "sortModel": "c0", "filterModel": ["c0"]},
        {"startRow": -5, "endRow": math.inf, "sortModel": [{"colId": "c9", "sort": "asc"}]},
        {"filterModel": {"c0": {"filterType": "text", "type": "regex", "filter": ".*"}}},
        {"filterModel": {"c1": {"filterType": "number", "type": "equals", "filter": "1; DROP"}}},
        {"filterModel": {"c0": {"filterType": "text", "conditions": [None, 5, {"type": "x"}]}}},
        {"filterModel": {"c0": {"filterType": "text", "type": "contains", "filter": {"a": 1}}}},
    ],
)
def test_what_the_grid_never_sends_is_ignored(request_):
    answer = block(_frame(), request_, page_size=25)
    assert answer["rowCount"] == 5 and len(answer["rowData"]) == 5


def test_a_request_is_bounded():
    many = pd.DataFrame({"n": range(2000)})
    answer = block(many, {"startRow": 10, "endRow": 10**9})
    assert len(answer["rowData"]) == grid_blocks.MAX_BLOCK and answer["rowCount"] == 2000
    assert answer["rowData"][0] == {"c0": 10}
    long = {"c0": {"filterType": "text", "type": "contains", "filter": "1" * 10_000}}
    assert block(many.astype(str), {"filterModel": long})["rowCount"] == 0
    assert block(pd.DataFrame({"n": []}), {"startRow": 0, "endRow": 5}) == {
        "rowData": [],
        "rowCount": 0,
    }


# ------------------------------------------------- a change of the page's controls: page 1 again


def test_only_a_change_of_the_page_restarts_the_grid():
    asked, unit = "grid.getRowsRequest", "unit.value"
    assert grid_blocks.restarts("grid", [unit]) is True
    assert grid_blocks.restarts("grid", [asked]) is False  # the grid asked for a page
    assert grid_blocks.restarts("grid", [asked, unit]) is False  # it gets the page it asked
    assert grid_blocks.restarts("grid", []) is False  # the page's first call
    assert grid_blocks.restarts("grid", ["other.getRowsRequest"]) is True  # another grid's
    saved = "edited.data"  # a change that redraws the page shown, not a new selection
    assert grid_blocks.restarts("grid", [saved], refresh=[saved]) is False
    assert grid_blocks.restarts("grid", [saved, unit], refresh=[saved]) is True


def test_a_restart_answers_the_first_page_and_sends_the_grid_back_to_it():
    frame = pd.DataFrame({"n": range(60)})
    third = {"startRow": 20, "endRow": 30, "sortModel": [{"colId": "c0", "sort": "desc"}]}
    rows, goto = grid_blocks.answer(frame, third, restart=False, page_size=10)
    assert [r["c0"] for r in rows["rowData"]] == list(range(39, 29, -1)) and goto is no_update
    rows, goto = grid_blocks.answer(frame, third, restart=True, page_size=10)
    assert goto == "first" and rows["rowCount"] == 60
    assert [r["c0"] for r in rows["rowData"]] == list(range(59, 49, -1))  # its sort kept
    first = {**third, "startRow": 0, "endRow": 10}
    assert grid_blocks.answer(frame, first, restart=True, page_size=10) == (rows, no_update)
    # no request yet, or a forged one: the first page of the default size
    for request, jump in ((None, no_update), ("nonsense", no_update), ({"startRow": 5}, "first")):
        rows, goto = grid_blocks.answer(frame, request, restart=True, page_size=10)
        assert [r["c0"] for r in rows["rowData"]] == list(range(10)) and goto == jump


def test_page_reads_what_fired_the_running_callback():
    frame = pd.DataFrame({"n": range(60)})
    second = {"startRow": 25, "endRow": 50}

    def fired_by(*prop_ids: str) -> tuple:
        def run():
            context_value.set(
                AttributeDict(triggered_inputs=[{"prop_id": p, "value": 1} for p in prop_ids])
            )
            return grid_blocks.page("grid", frame, second)

        return contextvars.copy_context().run(run)

    rows, goto = fired_by("grid.getRowsRequest")
    assert rows["rowData"][0] == {"c0": 25} and goto is no_update
    rows, goto = fired_by("kind.value")
    assert rows["rowData"][0] == {"c0": 0} and len(rows["rowData"]) == 25 and goto == "first"
