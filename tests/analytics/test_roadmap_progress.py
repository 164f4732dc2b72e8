"""Roadmap progress rules: overdue from an injected today, outcome split, shares, as-of replay,
status-change checks and the yearly counts shown beside KPI links."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from dashboard.analytics import roadmap_progress as rp

D = dt.date


def frame(rows: list[tuple]) -> pd.DataFrame:
    """(item_id, section, status, starts_on, due_on, completed_on) → an item frame."""
    out = pd.DataFrame(
        rows, columns=["item_id", "section", "status", "starts_on", "due_on", "completed_on"]
    )
    out["number"] = out["item_id"].astype(str)
    out["title"] = "t" + out["number"]
    out["executors"] = ["A" if i % 2 else "B" for i in out["item_id"]]
    for c in ("starts_on", "due_on", "completed_on"):
        out[c] = pd.to_datetime(out[c])
    return out


ITEMS = frame(
    [
        (1, "S1", "done", D(2024, 1, 1), D(2024, 3, 31), D(2024, 3, 31)),  # on time (deadline day)
        (2, "S1", "done", D(2024, 1, 1), D(2024, 3, 31), D(2024, 4, 1)),  # late by one day
        (3, "S1", "in_progress", D(2024, 1, 1), D(2024, 6, 30), None),  # overdue from 1 July
        (4, "S2", "planned", D(2024, 7, 1), D(2024, 7, 15), None),
        (5, "S2", "cancelled", D(2024, 1, 1), D(2024, 2, 1), None),  # never overdue
        (6, "S2", "done", D(2024, 1, 1), D(2024, 2, 1), None),  # done, no date given
    ]
)


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (D(2024, 6, 30), "in_progress"),  # the deadline day itself is not overdue
        (D(2024, 7, 1), "overdue"),
    ],
)
def test_overdue_is_computed_from_the_injected_today(today, expected):
    assert rp.display_status("in_progress", pd.Timestamp("2024-06-30"), today) == expected


def test_closed_items_are_never_overdue():
    assert rp.display_status("done", D(2000, 1, 1), D(2024, 1, 1)) == "done"
    assert rp.display_status("cancelled", D(2000, 1, 1), D(2024, 1, 1)) == "cancelled"
    assert rp.display_status("planned", None, D(2024, 1, 1)) == "planned"


def test_outcomes_split_done_by_deadline():
    got = rp.with_outcomes(ITEMS, D(2024, 7, 10)).set_index("item_id")["outcome"].to_dict()
    assert got == {
        1: "done_on_time",
        2: "done_late",
        3: "overdue",
        4: "planned",
        5: "cancelled",
        6: "done_undated",
    }


def test_progress_shares_leave_out_cancelled_items():
    shares = rp.progress(ITEMS, D(2024, 7, 10))
    by = {
        s if isinstance(s, str) else "all": row
        for s, row in zip(shares["section"], shares.to_dict("records"), strict=True)
    }
    assert list(shares["section"][:2]) == ["S1", "S2"] and len(shares) == 3
    # S1: 3 counted items — one on time, one late, one overdue.
    assert by["S1"]["counted"] == 3
    assert by["S1"]["share_done_on_time"] == pytest.approx(1 / 3)
    assert by["S1"]["share_done_late"] == pytest.approx(1 / 3)
    assert by["S1"]["share_overdue"] == pytest.approx(1 / 3)
    # S2: the cancelled item is not counted; planned + done undated remain.
    assert by["S2"]["items"] == 3 and by["S2"]["counted"] == 2 and by["S2"]["cancelled"] == 1
    assert by["S2"]["share_done_undated"] == pytest.approx(0.5)
    assert by["all"]["counted"] == 5
    assert by["all"]["share_done"] == pytest.approx(3 / 5)


def test_due_soon_and_overdue_lists():
    today = D(2024, 6, 20)
    assert list(rp.due_soon(ITEMS, today, days=30)["item_id"]) == [3, 4]  # 30 June, 15 July
    assert list(rp.due_soon(ITEMS, today, days=5)["item_id"]) == []
    assert list(rp.overdue(ITEMS, D(2024, 8, 1))["item_id"]) == [3, 4]
    assert rp.overdue(ITEMS, D(2024, 1, 1)).empty


def test_filters_executor_status_and_period():
    today = D(2024, 7, 10)
    assert set(rp.filter_items(ITEMS, today, executor="A")["item_id"]) == {1, 3, 5}
    assert set(rp.filter_items(ITEMS, today, statuses=["overdue", "planned"])["item_id"]) == {3, 4}
    # Items whose own [start, due] overlaps 1–10 July 2024: item 3 (to 30 June) does not.
    assert set(
        rp.filter_items(ITEMS, today, period=(D(2024, 7, 1), D(2024, 7, 10)))["item_id"]
    ) == {4}


def test_status_as_of_replays_the_history():
    history = pd.DataFrame(
        [
            (1, 1, "2024-01-05T06:00Z", "in_progress"),
            (2, 1, "2024-03-31T12:00Z", "done"),
            (3, 2, "2024-01-05T06:00Z", "in_progress"),
            (4, 2, "2024-04-01T12:00Z", "done"),
        ],
        columns=["id", "item_id", "changed_at", "to_status"],
    )
    state = rp.status_as_of(ITEMS, history, D(2024, 3, 31)).set_index("item_id")
    assert state.loc[1, "outcome"] == "done_on_time"
    assert state.loc[2, "outcome"] == "in_progress"  # its "done" is only known on 1 April
    assert pd.isna(state.loc[2, "completed_on"])
    assert state.loc[3, "status"] == "planned"  # no change recorded yet
    later = rp.status_as_of(ITEMS, history, D(2024, 4, 1)).set_index("item_id")
    assert later.loc[2, "outcome"] == "done_late"


@pytest.mark.parametrize(
    ("args", "key"),
    [
        (("unknown", None, None, ""), "bad_status"),
        (("in_progress", 120, None, ""), "bad_progress"),
        (("in_progress", True, None, ""), "bad_progress"),
        (("done", None, "2030-01-01", ""), "future_completion"),
        (("done", None, "вчера", ""), "bad_date"),
        (("cancelled", None, None, "   "), "cancel_needs_comment"),
        (("planned", None, None, "x"), "nothing_changed"),
    ],
)
def test_change_rules_refuse(args, key):
    with pytest.raises(rp.ChangeRefused) as info:
        rp.check_change("planned", 0, *args, today=D(2024, 5, 1))
    assert info.value.key == key


def test_done_sets_full_progress_and_defaults_to_today():
    change = rp.check_change("in_progress", 40, "done", None, None, " готово ", today=D(2024, 5, 1))
    assert (change.status, change.progress, change.completed_on, change.comment) == (
        "done",
        100,
        D(2024, 5, 1),
        "готово",
    )
    reopened = rp.check_change(
        "done", 100, "in_progress", 80, "2024-04-01", None, today=D(2024, 5, 1)
    )
    assert reopened.completed_on is None and reopened.progress == 80


def test_yearly_counts_fill_empty_years():
    counts = rp.yearly_counts(pd.Series([D(2020, 5, 1), D(2022, 1, 1), D(2022, 12, 31), None]))
    assert counts.to_dict("list") == {"year": [2020, 2021, 2022], "value": [1, 0, 2]}
    assert rp.yearly_counts(pd.Series([], dtype=object)).empty


def test_registry_size_counts_experts_in_the_registry_on_31_december():
    included = pd.Series([D(2021, 3, 1), D(2021, 12, 31), D(2022, 6, 1), D(2021, 1, 1)])
    excluded = pd.Series([None, D(2022, 12, 31), None, D(2021, 12, 31)])
    # 2021: first two in (the 4th left on 31 Dec, so it is gone at year end); 2022: 1st and 3rd.
    assert rp.registry_size_by_year(included, excluded).to_dict("list") == {
        "year": [2021, 2022],
        "value": [2, 2],
    }
