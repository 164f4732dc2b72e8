"""`/procedures` figure builders on small hand-made frames: what each chart draws."""

from __future__ import annotations

import math

import pandas as pd

from dashboard.figures import procedures as pf


def _schools() -> pd.DataFrame:
    return pd.DataFrame({
        "label": ["<b>Школа А</b> (1)", "школа 1", "Школа В (3)"], "own": [False, False, True],
        "participants": [30.0, 12.0, 3.0], "mean_percent": [62.0, 48.0, float("nan")],
        "ci_low": [58.0, 40.0, float("nan")], "ci_high": [66.0, 56.0, float("nan")],
        "share_2": [10.0, 40.0, float("nan")], "share_3": [30.0, 30.0, float("nan")],
        "share_4": [40.0, 20.0, float("nan")], "share_5": [20.0, 10.0, float("nan")],
        "suppressed": [False, False, True],
    })


def test_means_plot_sorts_drops_suppressed_and_escapes_names():
    fig = pf.means_figure(_schools(), "t")
    trace = fig.data[0]
    assert list(trace.y) == ["школа 1", "&lt;b&gt;Школа А&lt;/b&gt; (1)"]  # ascending, suppressed row gone
    assert list(trace.error_x.array) == [8.0, 4.0] and list(trace.error_x.arrayminus) == [8.0, 4.0]


def test_marks_chart_stacks_four_marks_and_says_hidden():
    fig = pf.marks_figure(_schools(), "t")
    bars = [t for t in fig.data if t.type == "bar"]
    assert [t.name for t in bars] == ["Отметка «2»", "Отметка «3»", "Отметка «4»", "Отметка «5»"]
    assert fig.layout.barmode == "stack"
    hidden = [t for t in fig.data if t.type == "scatter"][0]
    assert list(hidden.text) == ["скрыто"] and list(hidden.y) == ["Школа В (3)"]
    assert fig.layout.height >= 420


def test_histogram_shares_sum_to_one_hundred():
    dist = pd.DataFrame({"municipality": ["a", "a", "b"], "primary_score": [1.0, 2.0, 2.0], "pupils": [10, 30, 60]})
    fig = pf.histogram_figure(dist, "t")
    assert list(fig.data[0].x) == [1.0, 2.0]
    assert [round(v, 6) for v in fig.data[0].y] == [10.0, 90.0]


def test_slope_chart_splits_rises_and_falls():
    frame = pd.DataFrame({"label": ["x", "y", "z"], "a": [50.0, 60.0, 40.0], "b": [55.0, 58.0, 40.0]})
    frame["change"] = frame["b"] - frame["a"]
    fig = pf.slope_figure(frame, 2023, 2024, "t")
    assert [t.name for t in fig.data] == ["рост (2)", "снижение (1)"]
    assert list(fig.data[1].y) == [60.0, 58.0, None]


def test_pair_scatter_names_only_far_points_and_draws_the_diagonal():
    frame = pd.DataFrame({"label": ["a", "b", "c"], "own": [False, False, False], "x": [40.0, 50.0, 60.0],
                          "y": [38.0, 49.0, 20.0], "residual": [0.5, 0.6, -2.5], "far": [False, False, True],
                          "shift": [-14.3] * 3, "spread": [12.0] * 3})
    fig = pf.pair_figure(frame, "ВПР", "ОГЭ", 2.0, "t")
    diagonal = fig.data[0]
    assert list(diagonal.x) == list(diagonal.y)
    named = [t for t in fig.data if t.mode == "markers+text"][0]
    assert list(named.text) == ["c"]
    plain = [t for t in fig.data if t.mode == "markers"][0]
    assert plain.text is None and len(plain.x) == 2
    band = [t for t in fig.data if t.legendgroup == "band"]
    assert len(band) == 2 and math.isclose(band[0].y[0] - band[0].x[0], -14.3 + 24.0)


def test_heatmap_keeps_rows_and_columns():
    matrix = pd.DataFrame([[10.0, 90.0], [50.0, float("nan")]], index=["r1", "r2"], columns=["1", "2"])
    fig = pf.heatmap_figure(matrix, "t", "Задание")
    assert list(fig.data[0].y) == ["r1", "r2"] and list(fig.data[0].x) == ["1", "2"]
    assert fig.data[0].zmin == 0 and fig.data[0].zmax == 100
