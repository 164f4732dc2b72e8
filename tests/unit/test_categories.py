"""Long category lists are cut to their top and bottom, own rows always kept."""

from __future__ import annotations

import pandas as pd

from dashboard.figures.categories import natural_key, top_and_bottom


def _frame(n: int) -> pd.DataFrame:
    return pd.DataFrame({"name": [f"школа {i}" for i in range(n)], "v": range(n), "own": False})


def test_short_lists_are_drawn_whole_and_sorted():
    shown, hidden = top_and_bottom(_frame(10), "v")
    assert hidden == 0 and list(shown["v"]) == list(range(9, -1, -1))


def test_long_lists_keep_top_bottom_and_own_rows():
    frame = _frame(300)
    frame.loc[150, "own"] = True
    shown, hidden = top_and_bottom(frame, "v", limit=40)
    values = list(shown["v"])
    assert values[:20] == list(range(299, 279, -1)) and values[-20:] == list(range(19, -1, -1))
    assert 150 in values and len(values) == 41 and hidden == 259
    everything, none = top_and_bottom(frame, "v", limit=40, show_all=True)
    assert len(everything) == 300 and none == 0


def test_missing_values_go_last_and_are_left_out_first():
    frame = _frame(60)
    frame.loc[0:9, "v"] = None
    shown, hidden = top_and_bottom(frame, "v", limit=40)
    assert shown["v"].notna().all() and hidden == 20


def test_natural_order_of_anonymous_names():
    names = ["школа 10", "школа 2", "школа 1", "школа 100"]
    assert sorted(names, key=natural_key) == ["школа 1", "школа 2", "школа 10", "школа 100"]
