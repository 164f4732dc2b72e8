"""`/procedures` figure builders on small hand-made frames: what each chart draws."""

from __future__ import annotations

import json
import math

import pandas as pd

from dashboard.figures import procedures as pf
from dashboard.figures.template import OWN_COLOUR

#: How an own row's name is drawn on a row axis: starred, in the own colour.
OWN_B = f'<span style="color:{OWN_COLOUR}"><b>★ Школа В (3)</b></span>'


def _schools() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "label": ["<b>Школа А</b> (1)", "школа 1", "Школа В (3)"],
            "own": [False, False, True],
            "participants": [30.0, 12.0, 3.0],
            "mean_percent": [62.0, 48.0, float("nan")],
            "ci_low": [58.0, 40.0, float("nan")],
            "ci_high": [66.0, 56.0, float("nan")],
            "share_2": [10.0, 40.0, float("nan")],
            "share_3": [30.0, 30.0, float("nan")],
            "share_4": [40.0, 20.0, float("nan")],
            "share_5": [20.0, 10.0, float("nan")],
            "suppressed": [False, False, True],
        }
    )


def test_means_plot_sorts_drops_suppressed_and_escapes_names():
    fig = pf.means_figure(_schools())
    trace = fig.data[0]
    # Ascending, the suppressed row gone.
    assert list(trace.y) == ["школа 1", "&lt;b&gt;Школа А&lt;/b&gt; (1)"]
    assert list(trace.error_x.array) == [8.0, 4.0] and list(trace.error_x.arrayminus) == [8.0, 4.0]


def test_marks_chart_stacks_four_marks_and_says_hidden():
    fig = pf.marks_figure(_schools())
    bars = [t for t in fig.data if t.type == "bar"]
    assert [t.name for t in bars] == ["Отметка «2»", "Отметка «3»", "Отметка «4»", "Отметка «5»"]
    assert fig.layout.barmode == "stack"
    hidden = [t for t in fig.data if t.type == "scatter"][0]
    # Rows are drawn at positions whose tick labels are the names (sent once, not per trace).
    names = fig.layout.yaxis.ticktext
    assert list(names) == ["&lt;b&gt;Школа А&lt;/b&gt; (1)", "школа 1", OWN_B]
    assert list(fig.layout.yaxis.tickvals) == [0, 1, 2]
    assert all(list(t.y) == [0, 1, 2] for t in bars)
    assert list(hidden.text) == ["скрыто"] and [names[i] for i in hidden.y] == [OWN_B]
    assert fig.layout.yaxis.range[0] > fig.layout.yaxis.range[1]  # the first row on top
    assert fig.layout.height == pf._height(3)  # the height follows the rows


def test_histogram_shares_sum_to_one_hundred():
    dist = pd.DataFrame(
        {"municipality": ["a", "a", "b"], "primary_score": [1.0, 2.0, 2.0], "pupils": [10, 30, 60]}
    )
    fig = pf.histogram_figure(dist)
    assert list(fig.data[0].x) == [1.0, 2.0]
    assert [round(v, 6) for v in fig.data[0].y] == [10.0, 90.0]


def test_slope_chart_splits_rises_and_falls():
    frame = pd.DataFrame(
        {"label": ["x", "y", "z"], "a": [50.0, 60.0, 40.0], "b": [55.0, 58.0, 40.0]}
    )
    frame["change"] = frame["b"] - frame["a"]
    fig = pf.slope_figure(frame, 2023, 2024)
    lines = [t for t in fig.data if t.showlegend is not False]
    assert [t.name for t in lines] == ["рост (2)", "снижение (1)"]
    assert list(lines[1].y) == [60.0, 58.0, None]
    assert list(lines[1].x) == ["2023", "2024", None]


def test_slope_chart_names_each_row_once_and_its_hover_still_names_it():
    """A line's two points carry no name; the marker at its end (year b) carries it once, and
    its hover gives the name and both years' values, in the line's colour and legend group."""
    frame = pd.DataFrame(
        {
            "label": ["<b>Школа А</b> (1)", "школа 1", "Школа В (3)"],
            "a": [50.04, 60.0, 40.0],
            "b": [55.0, 58.06, 40.0],
        }
    )
    frame["change"] = frame["b"] - frame["a"]
    fig = pf.slope_figure(frame, 2023, 2024)
    lines = [t for t in fig.data if t.showlegend is not False]
    ends = [t for t in fig.data if t.showlegend is False]
    assert all(t.text is None and t.hoverinfo == "skip" for t in lines)
    assert [list(t.text) for t in ends] == [
        ["&lt;b&gt;Школа А&lt;/b&gt; (1)", "Школа В (3)"],
        ["школа 1"],
    ]
    assert [list(t.x) for t in ends] == [["2024", "2024"], ["2024"]]
    rises = ends[0]
    assert [row[0] for row in rises.customdata] == ["", ""]  # no link in this frame
    assert [round(float(row[1]), 4) for row in rises.customdata] == [50.0, 40.0]  # year a
    assert [round(float(v), 4) for v in ends[1].y] == [58.1]  # year b, as drawn
    assert rises.hovertemplate == (
        "%{text}<br>2023: %{customdata[1]:.1f} %<br>2024: %{y:.1f} %<extra></extra>"
    )
    for line, end in zip(lines, ends, strict=True):
        assert end.legendgroup == line.legendgroup and end.marker.color == line.line.color
    serialised = fig.to_json()
    for name in ("школа 1", "Школа В (3)"):
        assert serialised.count(json.dumps(name, ensure_ascii=False)) == 1, name


def test_pair_scatter_names_only_far_points_and_draws_the_diagonal():
    frame = pd.DataFrame(
        {
            "label": ["a", "b", "c"],
            "own": [False, False, False],
            "x": [40.0, 50.0, 60.0],
            "y": [38.0, 49.0, 20.0],
            "residual": [0.5, 0.6, -2.5],
            "far": [False, False, True],
            "shift": [-14.3] * 3,
            "spread": [12.0] * 3,
        }
    )
    fig = pf.pair_figure(frame, "ВПР", "ОГЭ", 2.0)
    diagonal = fig.data[0]
    assert list(diagonal.x) == list(diagonal.y)
    named = [t for t in fig.data if t.mode == "markers+text"][0]
    assert list(named.text) == ["c"]
    plain = [t for t in fig.data if t.mode == "markers"][0]
    assert plain.text is None and len(plain.x) == 2
    band = [t for t in fig.data if t.legendgroup == "band"]
    assert len(band) == 2 and math.isclose(band[0].y[0] - band[0].x[0], -14.3 + 24.0)


def test_heatmap_keeps_rows_and_columns():
    matrix = pd.DataFrame(
        [[10.0, 90.0], [50.0, float("nan")]], index=["r1", "r2"], columns=["1", "2"]
    )
    fig = pf.heatmap_figure(matrix, "Задание")
    assert list(fig.data[0].y) == ["r1", "r2"] and list(fig.data[0].x) == ["1", "2"]
    assert fig.data[0].zmin == 0 and fig.data[0].zmax == 100


# ------------------------------------------------------------------ views: frames → (figure, table)


def _results() -> pd.DataFrame:
    """Rows shaped like data_access.procedures.school_means (two years, one suppressed)."""
    return pd.DataFrame(
        {
            "key": ["a", "b", "c", "a", "b"],
            "label": ["Школа А (1)", "школа 1", "Школа В (3)", "Школа А (1)", "школа 1"],
            "own": [False, False, True, False, False],
            "municipality": ["М"] * 5,
            "year": [2024, 2024, 2024, 2023, 2023],
            "participants": [20, 10, 3, 18, 12],
            "mean_percent": [60.0, 45.0, float("nan"), 55.0, 50.0],
            "ci_low": [55.0, 38.0, float("nan"), 50.0, 44.0],
            "ci_high": [65.0, 52.0, float("nan"), 60.0, 56.0],
            "marks_2": [2, 5, None, 1, 2],
            "marks_3": [6, 3, None, 6, 5],
            "marks_4": [8, 1, None, 7, 3],
            "marks_5": [4, 1, None, 4, 2],
            "suppressed": [False, False, True, False, False],
        }
    )


def test_marks_view_orders_rows_and_its_table_counts_what_the_chart_stacks():
    year = _results()[lambda f: f["year"] == 2024]
    fig, table, *_ = pf.marks_view(year, 2024, "low")
    # Most «2» first, the hidden row last.
    assert list(table["ОО"]) == ["школа 1", "Школа А (1)", "Школа В (3)"]
    assert list(table["«2»"][:2]) == [5, 2] and list(table["Доля «2», %"][:2]) == [50.0, 10.0]
    assert list(table["Скрыто"]) == [False, False, True]
    names = list(fig.layout.yaxis.ticktext)
    assert names[:2] == list(table["ОО"])[:2]  # the chart's rows top to bottom, as the table's
    assert names[2] == OWN_B  # the own row starred
    bars = {
        t.name: dict(zip([names[i] for i in t.y], t.x, strict=True))
        for t in fig.data
        if t.type == "bar"
    }
    assert bars["Отметка «5»"]["школа 1"] == 10.0 and bars["Отметка «5»"]["Школа А (1)"] == 20.0
    _, by_high, *_ = pf.marks_view(year, 2024, "high")
    assert list(by_high["ОО"]) == ["Школа А (1)", "школа 1", "Школа В (3)"]
    # One title, the card's: the figure has none.
    view = pf.marks_view(year, 2024, "low")
    assert view.title == "Распределение отметок, 2024 г." and not fig.layout.title.text


def test_means_view_table_is_highest_first_with_the_interval():
    fig, table, *_ = pf.means_view(_results()[lambda f: f["year"] == 2024], 2024)
    assert list(table.columns) == [
        "ОО",
        "Муниципалитет",
        "Участников",
        "Средний %",
        "95 % ДИ, от",
        "95 % ДИ, до",
        "Скрыто",
    ]
    assert list(table["ОО"][:2]) == ["Школа А (1)", "школа 1"]
    assert table["Средний %"].iloc[0] == 60.0
    assert list(fig.data[0].x) == [45.0, 60.0]  # the chart ascends, without the suppressed row


def test_slope_view_pairs_first_and_last_year_and_needs_two_years():
    fig, table, *_ = pf.slope_view(_results(), [2023, 2024])
    assert list(table.columns) == ["ОО", "Муниципалитет", "2023, %", "2024, %", "Изменение, п. п."]
    change = table.set_index("ОО")["Изменение, п. п."].to_dict()
    assert change == {"школа 1": -5.0, "Школа А (1)": 5.0}
    assert [t.name for t in fig.data if t.showlegend is not False] == ["рост (1)", "снижение (1)"]
    fig, table, *_ = pf.slope_view(_results(), [2024])
    assert table.empty
    assert fig.layout.annotations[0].text == "Для сравнения по годам выберите не меньше двух лет."


def test_histogram_view_keeps_one_municipality_and_lists_its_bands():
    dist = pd.DataFrame(
        {
            "municipality_code": ["01", "01", "02"],
            "municipality": ["a", "a", "b"],
            "score_from": [0.0, 3.0, 0.0],
            "score_to": [2.0, 5.0, 5.0],
            "primary_score": [1.0, 4.0, 2.5],
            "pupils": [5, 10, 60],
        }
    )
    fig, table, *_ = pf.histogram_view(dist, 2024, "01")
    assert table.to_dict("list") == {
        "Первичный балл": ["0–2", "3–5"],
        "Участников с баллом": [5, 10],
        "Доля участников, %": [33.33, 66.67],
    }
    bars = next(t for t in fig.data if t.type == "bar")
    # A band of three scores is one bar three scores wide at its share per score.
    assert [round(float(v), 1) for v in bars.y] == [11.1, 22.2]
    assert [round(float(w), 2) for w in bars.width] == [2.85, 2.85]
    fig, table, *_ = pf.histogram_view(dist, 2024, "99")
    assert table.empty and "только результаты ОО" in fig.layout.annotations[0].text


def test_box_and_heatmap_views_name_their_columns_in_russian():
    quartiles = pd.DataFrame(
        {
            "municipality": ["a"],
            "n": [10.0],
            "min": [1.0],
            "q1": [2.0],
            "median": [3.0],
            "q3": [4.0],
            "max": [5.0],
            "mean": [3.123],
        }
    )
    _, table, *_ = pf.box_view(quartiles, 2024)
    assert list(table.columns) == [
        "Муниципалитет",
        "Участников",
        "Мин.",
        "Q1",
        "Медиана",
        "Q3",
        "Макс.",
        "Средний балл",
    ]
    assert table["Средний балл"].iloc[0] == 3.12
    tasks = pd.DataFrame(
        {
            "label": ["x", "x", "y"],
            "municipality": ["М"] * 3,
            "task_number": [1, 2, 1],
            "skill_code": ["1.1", "1.2", "1.1"],
            "skill_name": ["u", "v", "u"],
            "percent": [50.0, 70.0, 90.0],
        }
    )
    fig, table, *_ = pf.task_heatmap_view(tasks, 2024)
    # Rows by their mean over the tasks, highest first (not by name).
    assert list(fig.layout.xaxis.ticktext) == ["1", "2"] and list(fig.data[0].y) == ["y", "x"]
    assert list(fig.data[0].x) == ["Задание 1: u (1.1)", "Задание 2: v (1.2)"]  # the hover
    assert list(table.columns) == [
        "ОО",
        "Муниципалитет",
        "Задание",
        "Код умения",
        "Умение",
        "Выполнение, %",
    ]
    skills = tasks.rename(columns={"label": "unused"}).assign(participants=10)
    fig, table, *_ = pf.skill_heatmap_view(skills, 2024)
    assert list(fig.data[0].y) == ["М"] and list(table["Код умения"]) == ["1.1", "1.2", "1.1"]


def test_pair_view_names_columns_after_the_procedures_and_lists_far_points_first():
    frame = pd.DataFrame(
        {
            "label": ["a", "b", "c"],
            "municipality": ["М"] * 3,
            "own": [False] * 3,
            "participants_a": [20, 30, 40],
            "x": [40.0, 50.0, 60.0],
            "participants_b": [21, 31, 41],
            "y": [38.0, 49.0, 20.0],
            "difference": [-2.0, -1.0, -40.0],
            "se": [4.1, 3.2, 2.9],
            "residual": [0.5, 0.6, -2.5],
            "far": [False, False, True],
            "shift": [-14.3] * 3,
            "spread": [12.0] * 3,
        }
    )
    fig, table, *_ = pf.pair_view(frame, "ВПР, 2023", "ОГЭ, 2024", 2.0)
    assert list(table.columns)[:6] == [
        "ОО",
        "Муниципалитет",
        "ВПР, 2023: участников",
        "ВПР, 2023, %",
        "ОГЭ, 2024: участников",
        "ОГЭ, 2024, %",
    ]
    assert list(table["ОО"]) == ["c", "b", "a"]  # farthest from the diagonal first
    assert list(table["Далеко от диагонали"]) == [True, False, False]
    assert list(table["Ст. ошибка разности, п. п."]) == [2.9, 3.2, 4.1]  # each school's own
    assert fig.layout.xaxis.title.text == "ВПР, 2023, %"
    view = pf.pair_view(frame, "ВПР, 2023", "ОГЭ, 2024", 2.0)
    assert "2,0 ст. откл." in view.note and not fig.layout.annotations  # a caption, not over axes
    assert "с учётом числа участников" in view.note
    assert view.title.startswith("ВПР, 2023 и ОГЭ, 2024") and not fig.layout.title.text


def test_no_chart_says_why_and_has_no_table():
    fig, table, *_ = pf.no_chart("нет")
    assert table.empty and fig.layout.annotations[0].text == "нет"
    for view, frame in ((pf.means_view, pd.DataFrame()), (pf.marks_view, pd.DataFrame())):
        fig, table, *_ = view(frame, 2024)
        assert table.empty and fig.layout.annotations[0].text == "нет данных"


def test_numbers_travel_as_drawn_and_names_once():
    """Values are rounded to the hover's decimals and sent as float32; a name is sent once per
    point (the pair's hover text), never as a per-point column of mixed strings and numbers."""
    fig = pf.means_figure(_schools().assign(mean_percent=[62.04, 48.06, float("nan")]))
    trace = fig.data[0]
    assert trace.x.dtype == "float32" and [round(float(v), 4) for v in trace.x] == [48.1, 62.0]
    # customdata: the code a click opens ("" when none), the interval and the count, rounded.
    assert [len(row) for row in trace.customdata] == [4, 4]
    assert list(trace.customdata[0]) == ["", 40.0, 56.0, 12.0]
    matrix = pd.DataFrame([[10.04, 90.06]], index=["r1"], columns=["1", "2"])
    z = pf.heatmap_figure(matrix, "Задание").data[0].z
    assert z.dtype == "float32" and [round(float(v), 4) for v in z[0]] == [10.0, 90.1]
    pair = pd.DataFrame(
        {
            "label": ["a", "b"],
            "own": [False, False],
            "x": [40.04, 50.0],
            "y": [38.0, 49.0],
            "residual": [0.514, -0.6],
            "far": [False, False],
            "shift": [0.0] * 2,
            "spread": [1.0] * 2,
        }
    )
    points = [t for t in pf.pair_figure(pair, "A", "B", 2.0).data if t.mode == "markers"][0]
    assert list(points.hovertext) == ["a", "b"] and "%{hovertext}" in points.hovertemplate
    assert [round(float(row[1]), 4) for row in points.customdata] == [0.51, -0.6]
    marks = pf.marks_figure(_schools()).to_json()  # four stacked traces, one name
    assert marks.count("школа 1") + marks.count(json.dumps("школа 1")[1:-1]) == 1


def test_demo_pair_flags_small_and_large_schools_alike(demo_engine, scopes):
    """On the demo's ВПР 8 → ОГЭ pair, each point's residual uses its pupils' spread: the
    data carry sd_a / sd_b, and the smallest third of schools is not flagged several times as
    often as the largest (the old spread-of-differences rule named 12.6 % against none; the
    demo plants some inflated schools, so the shares need not be exactly equal). Schools the
    demo inflates are left out: they are far from the diagonal for a reason, not by chance."""
    from sqlalchemy import text

    from dashboard import rules
    from dashboard.analytics import cohorts, procedure_stats
    from data_access import procedures_detail

    region = scopes["region"]
    with demo_engine.connect() as conn:
        inflated = set(
            conn.execute(
                text(
                    "SELECT s.school_code FROM demo_truth t JOIN school s ON s.id = t.school_id "
                    "WHERE t.pattern = 'inflated'"
                )
            ).scalars()
        )
    shares = []
    for subject in ("математика", "русский язык"):
        pairs = procedures_detail.cohort_pairs(region, subject)
        for code_a, code_b in zip(pairs["code_a"], pairs["code_b"], strict=True):
            frame = procedures_detail.pair_results(region, code_a, code_b)
            frame = frame[~frame["school_code"].isin(inflated)].reset_index(drop=True)
            if len(frame) < 30:
                continue
            assert frame["sd_a"].notna().mean() > 0.9 and frame["sd_b"].notna().mean() > 0.9
            se = cohorts.difference_se(
                frame["sd_a"], frame["participants_a"], frame["sd_b"], frame["participants_b"]
            )
            got = cohorts.pair_residuals(frame["x"], frame["y"], se)
            far = procedure_stats.far_from_diagonal(got["residual"], rules.PROCEDURE_FAR_RESIDUAL)
            size = frame["participants_a"] + frame["participants_b"]
            thirds = pd.qcut(size.rank(method="first"), 3, labels=False)
            shares.append([far[thirds == k].mean() for k in range(3)])
    assert shares, "the demo has cohort pairs"
    small = sum(s[0] for s in shares) / len(shares)
    large = sum(s[2] for s in shares) / len(shares)
    assert small < 0.08 and small - large < 0.05, shares  # the old rule: 12.6 % against 0 %
