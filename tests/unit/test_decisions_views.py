"""`/decisions` pure pieces: the selection in the address, finding keys (shape-checked and
looked up again, never trusted), and the tables' wording."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from callbacks.decisions_query import Selection, find_row, finding_key, parse_key
from dashboard import strings
from dashboard.figures import decisions as views


def _findings() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "level": ["school", "municipality"],
            "school_id": pd.array([7, None], dtype="Int64"),
            "municipality_id": [3.0, 3.0],
            "kind": ["deficit", "low_results"],
            "detail": ["staff_ratio", None],
            "year": [2023, 2023],
            "value": [0.8, 0.25],
            "reference": [1.0, 0.1],
            "extra": [None, "4"],
            "school_code": ["000123", None],
            "school": ["СОШ № 1", None],
            "municipality": ["Район", "Район"],
            "link": ["/schools/000123", None],
            "decided": [True, False],
        }
    )


def test_selection_round_trips_through_the_address_and_drops_junk():
    chosen = Selection(
        tab="decisions",
        year=2023,
        kind="weak_skill",
        level="school",
        undecided=True,
        municipality=4,
        statuses=("adopted", "done"),
        overdue=True,
        decision=12,
        school="000123",
    )
    assert Selection.from_search(chosen.query()) == chosen
    junk = Selection.from_search("?tab=evil&year=abc&kind=drop&status=done,x,adopted&decision=-1")
    assert junk == Selection(statuses=("adopted", "done"))
    assert Selection().query() == ""


def test_a_finding_key_is_checked_and_looked_up_again():
    frame = _findings()
    key = finding_key(frame.iloc[0].to_dict())
    assert parse_key(key) == ("school", 3, "000123", "deficit", "staff_ratio", 2023)
    assert find_row(frame, key)["school"] == "СОШ № 1"
    # the same key naming a school the caller does not see finds nothing
    forged = key.replace("000123", "999999")
    assert parse_key(forged) is not None and find_row(frame, forged) is None
    for junk in (None, 5, "[1]", '["school", 3, "x", "no_kind", null, 2023]', "{", ["a"]):
        assert parse_key(junk) is None and find_row(frame, junk) is None
    municipal = finding_key(frame.iloc[1].to_dict())
    assert parse_key(municipal) == ("municipality", 3, None, "low_results", None, 2023)
    assert find_row(frame, municipal)["kind"] == "low_results"
    assert isinstance(np.int64(3).item(), int)


def test_findings_table_words_the_reason():
    table = views.findings_table(_findings())
    cols = strings.FINDINGS_COLUMNS
    assert list(table.columns) == list(cols.values())
    # 0.8 against a norm of 1.0, written with a decimal comma
    assert table[cols["reason"]][0] == "значение 0,8 при норме 1,0"
    # a municipality's share of schools against the region's, in percent
    assert table[cols["reason"]][1] == (
        "доля школ с этой проблемой 25,0 % при 10,0 % по региону (школ: 4)"
    )
    assert table[cols["kind"]][1] == strings.FINDING_KIND_NAMES["low_results"]
    assert table[cols["decided"]].tolist() == [True, False]


def test_status_chart_stacks_statuses_per_municipality():
    counts = pd.DataFrame(
        {
            "municipality_id": [1, 1, 2],
            "municipality": ["А", "А", "Б"],
            "finding": ["deficit", "deficit", "low_results"],
            "status": ["adopted", "done", "done"],
            "count": [2, 3, 1],
        }
    )
    fig = views.status_chart(counts, dt.date(2024, 5, 1))
    done = next(t for t in fig.data if t.name == strings.DECISION_STATUS_NAMES["done"])
    assert dict(zip(done.y, done.x, strict=True)) == {"А": 3, "Б": 1}
    adopted = next(t for t in fig.data if t.name == strings.DECISION_STATUS_NAMES["adopted"])
    assert dict(zip(adopted.y, adopted.x, strict=True)) == {"А": 2, "Б": 0}
    assert "01.05.2024" in fig.layout.annotations[0].text
