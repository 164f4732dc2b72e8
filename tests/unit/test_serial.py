"""Stored aggregations come back equal to what was stored (values, dtypes, index), as JSON."""

from __future__ import annotations

import datetime as dt
import zlib

import numpy as np
import orjson
import pandas as pd
import pytest

from data_access import serial


def _roundtrip(value):
    return serial.loads(serial.dumps(value))


def test_frames_keep_values_dtypes_and_index_to_the_last_bit():
    rng = np.random.default_rng(3)
    frame = pd.DataFrame(
        {
            "school_id": np.arange(5, dtype="int64"),
            "small": np.arange(5, dtype="int16"),
            "effect": rng.normal(size=5) / 3,
            "ratio32": rng.normal(size=5).astype("float32"),
            "flag": [True, False, True, True, False],
            "nullable": pd.array([1, None, 3, None, 5], dtype="Int64"),
            "name": pd.array(["а", None, "в", "г", "д"], dtype="str"),
            "reasons": [["heaping"], [], None, ["low_spread", "cohort"], ["x"]],
            "years": [(2023, 2024), (), (2021,), None, (2020, 2022)],
        },
        index=pd.Index([10, 11, 12, 13, 14], name="sid"),
    )
    frame["labels"] = pd.Series(["a", "b", None, "d", "e"], index=frame.index, dtype=object)
    assert frame["labels"].dtype == object
    frame.loc[11, "effect"] = np.nan
    frame.loc[12, "effect"] = np.inf
    frame.loc[13, "effect"] = -np.inf
    back = _roundtrip(frame)
    pd.testing.assert_frame_equal(back, frame, check_exact=True)
    assert back["years"].iloc[0] == (2023, 2024)  # tuples stay tuples
    assert back["labels"].dtype == object  # not inferred as strings
    text = pd.Index(["x", "y"], dtype=object, name="code")
    pd.testing.assert_index_equal(_roundtrip(text), text, exact=True)


def test_indexes_series_arrays_and_nested_containers():
    multi = pd.MultiIndex.from_arrays([[1, 1, 2], ["a", "b", "a"]], names=["school", "sign"])
    series = pd.Series([0.1, 0.2, np.nan], index=multi, name="z")
    pd.testing.assert_series_equal(_roundtrip(series), series, check_exact=True)
    ranged = pd.DataFrame({"a": [1.5, 2.5]}, index=pd.RangeIndex(3, 7, 2, name="r"))
    pd.testing.assert_frame_equal(_roundtrip(ranged), ranged, check_exact=True)
    array = np.array([[1.0, np.nan], [np.inf, -0.0]])
    back = _roundtrip(array)
    assert back.dtype == array.dtype and np.array_equal(back, array, equal_nan=True)
    value = {
        "low_runs": {101: [2023, 2024], 102: []},  # int keys stay ints
        "social_index": {101: 0.25, 102: float("nan")},
        "held_on": dt.date(2024, 4, 18),
        "pair": (1, "a"),
        "__d__": "a key that looks like a tag",
        "count": np.int64(7),
        "share": np.float32(0.5),
        "ok": np.bool_(True),
        "empty": pd.DataFrame(columns=["a", "b"]),
    }
    back = _roundtrip(value)
    assert back["low_runs"] == {101: [2023, 2024], 102: []}
    assert back["social_index"][101] == 0.25 and np.isnan(back["social_index"][102])
    assert back["held_on"] == dt.date(2024, 4, 18) and back["pair"] == (1, "a")
    assert back["__d__"] == "a key that looks like a tag"
    assert (back["count"], back["share"], back["ok"]) == (7, 0.5, True)
    assert list(back["empty"].columns) == ["a", "b"] and back["empty"].empty


def test_the_payload_is_plain_json_and_refuses_what_it_cannot_restore():
    payload = serial.dumps({"a": [1, 2.5, None]})
    assert orjson.loads(zlib.decompress(payload)) == {"a": [1, 2.5, None]}
    for value in (
        pd.Timestamp("2024-01-01"),
        pd.DataFrame({"t": pd.to_datetime(["2024-01-01"]).tz_localize("UTC")}),
        pd.Series(["a"], dtype="category"),
        object(),
    ):
        with pytest.raises(TypeError):
            serial.dumps(value)


def test_datetime_columns_come_back_exactly():
    """Cached frames (data_access.cache) hold dates of events as datetime64 columns."""
    frame = pd.DataFrame(
        {
            "at": pd.to_datetime(["2024-01-01 10:00:00.123456789", None]),
            "took": pd.to_timedelta(["1s", None]),
        }
    )
    back = serial.loads(serial.dumps(frame))
    pd.testing.assert_frame_equal(back, frame)
    index = pd.DatetimeIndex(["2024-05-01", "2024-05-02"], name="day")
    pd.testing.assert_index_equal(serial.loads(serial.dumps(index)), index)
