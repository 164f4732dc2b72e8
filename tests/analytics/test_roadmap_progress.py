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


# ------------------------------------------------------------------ occurrences (issue 17 §5)


def _items_with_texts(rows: list[tuple]) -> pd.DataFrame:
    """(item_id, roadmap_id, status, period_text, completed_on) → an item frame whose stored dates
    are those an import writes: the period's first occurrence (or its whole range)."""
    out = pd.DataFrame(
        rows, columns=["item_id", "roadmap_id", "status", "period_text", "completed_on"]
    )
    out["section"] = "S"
    out["number"] = out["item_id"].astype(str)
    out["starts_on"] = pd.to_datetime(["2022-08-15", "2018-01-01", "2022-05-01"][: len(out)])
    out["due_on"] = pd.to_datetime(["2022-08-15", "2018-11-30", "2022-05-31"][: len(out)])
    out["completed_on"] = pd.to_datetime(out["completed_on"])
    return out


def test_a_yearly_deadline_is_overdue_year_by_year():
    # seed 004: «ежегодно, до 15 августа» in the 2022-2024 roadmap, still open in September 2023
    items = _items_with_texts([(1, 10, "in_progress", "ежегодно, до 15 августа", None)])
    rows = rp.with_outcomes(rp.expand_occurrences(items, range(2022, 2025)), D(2023, 9, 1))
    assert rows["occurrence"].tolist() == [1, 2, 3]
    assert rows["occurrence_year"].tolist() == [2022, 2023, 2024]
    assert [d.date() for d in rows["due_on"]] == [D(2022, 8, 15), D(2023, 8, 15), D(2024, 8, 15)]
    assert rows["display_status"].tolist() == ["overdue", "overdue", "in_progress"]
    # the progress shares count occurrences: two of three are overdue
    total = rp.progress(rows, D(2023, 9, 1)).iloc[-1]
    assert total["items"] == 3 and total["share_overdue"] == pytest.approx(2 / 3)
    # and the overdue list names each occurrence
    assert rp.overdue(rows, D(2023, 9, 1))["occurrence_year"].tolist() == [2022, 2023]


def test_spans_are_due_one_by_one():
    items = _items_with_texts(
        [
            (1, 10, "planned", "ежегодно, до 15 августа", None),
            (2, 20, "planned", "Январь – апрель Сентябрь – ноябрь", None),
        ]
    )
    rows = rp.expand_occurrences(items, {10: range(2022, 2025), 20: [2018]})
    two = rows[rows["item_id"] == 2]
    assert [(a.date(), b.date()) for a, b in zip(two["starts_on"], two["due_on"], strict=True)] == [
        (D(2018, 1, 1), D(2018, 4, 30)),
        (D(2018, 9, 1), D(2018, 11, 30)),
    ]
    assert two["occurrence_year"].isna().all()
    # on 1 June 2018 the first span is overdue, the second is not due yet
    shown = rp.with_outcomes(two, D(2018, 6, 1))["display_status"].tolist()
    assert shown == ["overdue", "planned"]
    assert len(rows) == 3 + 2


def test_an_ordinary_item_keeps_its_stored_dates():
    items = _items_with_texts(
        [
            (1, 10, "done", "Май 2022", "2022-05-20"),
            (2, 10, "planned", "никогда", None),  # unreadable text: stored dates stand
            (3, 10, "planned", None, None),
        ]
    )
    items["starts_on"] = pd.to_datetime(["2022-05-01", "2022-06-01", "2022-07-01"])
    items["due_on"] = pd.to_datetime(["2022-05-10", "2022-06-30", "2022-07-31"])  # edited by hand
    rows = rp.expand_occurrences(items, range(2022, 2025))
    assert rows["occurrence"].tolist() == [1, 1, 1]
    assert rows["due_on"].tolist() == items["due_on"].tolist()
    assert rows[list(items.columns)].equals(items)
    assert rp.with_outcomes(rows, D(2022, 8, 1))["outcome"].tolist() == [
        "done_late",
        "overdue",
        "overdue",
    ]


def test_occurrences_recorded_on_their_own_override_the_item():
    items = _items_with_texts([(1, 10, "in_progress", "ежегодно, до 15 августа", None)])
    records = pd.DataFrame(
        [(1, 1, "done", D(2022, 8, 10)), (1, 2, "done", D(2023, 8, 20))],
        columns=["item_id", "occurrence", "status", "completed_on"],
    )
    rows = rp.expand_occurrences(items, range(2022, 2025), records)
    got = rp.with_outcomes(rows, D(2024, 9, 1))["outcome"].tolist()
    assert got == ["done_on_time", "done_late", "overdue"]


def test_history_may_move_one_occurrence():
    items = _items_with_texts([(1, 10, "planned", "ежегодно, до 15 августа", None)])
    rows = rp.expand_occurrences(items, range(2022, 2025))
    history = pd.DataFrame(
        [
            (1, 1, "2022-02-01T09:00Z", "in_progress", None),  # the whole item starts
            (2, 1, "2022-08-01T09:00Z", "done", 1),  # the 2022 occurrence is done
        ],
        columns=["id", "item_id", "changed_at", "to_status", "occurrence"],
    )
    rows["completed_on"] = pd.to_datetime(["2022-08-01", None, None])
    state = rp.status_as_of(rows, history, D(2023, 9, 1))
    assert state["status"].tolist() == ["done", "in_progress", "in_progress"]
    assert state["display_status"].tolist() == ["done", "overdue", "in_progress"]
    # a later change of the whole item moves every occurrence again
    later = pd.concat(
        [
            history,
            pd.DataFrame([(3, 1, "2023-01-10T09:00Z", "cancelled", None)], columns=history.columns),
        ],
        ignore_index=True,
    )
    assert rp.status_as_of(rows, later, D(2023, 9, 1))["status"].tolist() == ["cancelled"] * 3
