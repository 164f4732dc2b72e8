"""The shared grid: column types from the frame, dates sorted as dates, rows JSON-ready."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd

from dashboard.web import tables


def test_formatted_date_columns_sort_by_date_and_others_do_not():
    frame = pd.DataFrame(
        {
            "Дата": ["01.02.2024", "15.11.2023 10:00", "—"],
            "Код": ["01.02.x", "a", "b"],
            "Баллы": [1.5, 2.0, np.nan],
        }
    )
    columns = {c["headerName"]: c for c in tables.grid_columns(frame)}
    assert columns["Дата"]["comparator"] == {"function": "okoDateCompare(valueA, valueB)"}
    assert "comparator" not in columns["Код"]
    assert columns["Баллы"]["filter"] == "agNumberColumnFilter"


def test_rows_are_plain_json_with_missing_values_as_null():
    frame = pd.DataFrame({"a": [np.int64(3), np.int64(4)], "b": [np.nan, 2.5], "c": [True, False]})
    rows = tables.grid_rows(frame)
    assert json.loads(json.dumps(rows)) == [
        {"c0": 3, "c1": None, "c2": tables.YES},
        {"c0": 4, "c1": 2.5, "c2": ""},
    ]


def test_the_date_comparator_exists_in_the_grid_functions_asset():
    from pathlib import Path

    script = (Path(__file__).resolve().parents[2] / "assets" / "dashAgGridFunctions.js").read_text()
    assert "dagfuncs.okoDateCompare" in script and "dagfuncs.okoNumber" in script


def test_small_table_numbers_use_the_one_format():
    frame = pd.DataFrame({"a": [np.int64(-5)], "b": [-34.7], "c": [np.bool_(True)]})
    cells = [td.children for td in tables.small_table(frame).children[1].children[0].children]
    assert cells == ["\u22125", "\u221234,7", tables.YES]


def test_small_table_marks_code_headers():
    frame = pd.DataFrame({"Муниципалитет": ["А"], "1.2": [50.0]})
    heads = tables.small_table(frame, code_headers=("1.2",)).children[0].children.children
    assert [getattr(th, "className", None) for th in heads] == [None, "oko-code"]


def test_grid_shows_a_stored_time_in_the_regions_zone(monkeypatch):
    monkeypatch.delenv("OKO_TIMEZONE", raising=False)
    frame = pd.DataFrame(
        {
            "at": pd.to_datetime(["2024-02-01 10:30"], utc=True),
            "day": pd.to_datetime(["2024-02-01"]),
        }
    )
    assert tables.grid_rows(frame) == [{"c0": "01.02.2024 13:30", "c1": "01.02.2024"}]
