"""The school profile's selection (URL round trip) and views, on hand-made frames."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from callbacks import query
from callbacks.school_profile_query import Selection
from dashboard import strings
from dashboard.figures import profile as views


# ------------------------------------------------------------------ Selection
def test_selection_round_trips_through_the_address():
    chosen = Selection("740102", 2024, "pupils", "vpr", "русский язык", 5)
    search = chosen.query()
    assert search.startswith("?year=2024&indicator=pupils&kind=vpr&subject=")
    assert "740102" not in search  # the school is the path, not the query
    assert Selection.parse(chosen.school, **query.from_query(search)) == chosen
    assert Selection.restore("740102", search) == chosen


@pytest.mark.parametrize("garbage", [None, [], {}, ["2024"], {"year": 2024}, True, 3.5, "x" * 300])
def test_selection_parses_garbage_to_nothing(garbage):
    assert Selection.parse(garbage, garbage, garbage, garbage, garbage, garbage) == Selection()
    assert Selection.restore(garbage, garbage, year=garbage) == Selection()
    assert Selection().query() == ""


def test_controls_win_over_the_address_once_they_have_values():
    search = "?year=2023&kind=oge&subject=%D1%84%D0%B8%D0%B7%D0%B8%D0%BA%D0%B0&grade=9"
    restored = Selection.restore("1", search, year=None, kind=None, subject=None, grade=None)
    assert (restored.year, restored.kind, restored.subject, restored.grade) == (
        2023,
        "oge",
        "физика",
        9,
    )
    moved = Selection.restore("1", search, year=2024, kind="vpr", subject="математика", grade=5)
    assert (moved.year, moved.kind, moved.subject, moved.grade) == (2024, "vpr", "математика", 5)


# ------------------------------------------------------------------ views
def _context() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "indicator_code": ["pupils", "pupils", "building_wear", "has_psychologist"],
            "name": ["Численность", "Численность", "Износ здания", "Психолог"],
            "unit": ["чел.", "чел.", "%", "0/1"],
            "group": ["size", "size", "conditions", "conditions"],
            "direction": ["higher_better", "higher_better", "higher_worse", "higher_better"],
            "norm": [None, None, 50.0, 1.0],
            "year": [2023, 2024, 2024, 2024],
            "value": [400.0, 420.0, 60.0, 0.0],
            "municipality_median": [300.0, 310.0, 40.0, 1.0],
            "region_median": [350.0, 360.0, 45.0, 1.0],
            "position": [0.5, 0.6, -1.2, -2.0],
        }
    )


def test_context_view_draws_one_bar_per_indicator_of_the_year():
    year = _context()[lambda f: f["year"] == 2024]
    fig, table = views.context_view(year, 2024)
    bar = fig.data[0]
    assert list(bar.x) == pytest.approx([-2.0, -1.2, 0.6])  # conditions by position, then size
    assert list(bar.y) == ["Психолог", "Износ здания", "Численность"]
    assert list(table.columns) == list(strings.PROFILE_CONTEXT_COLUMNS.values())
    assert table[strings.PROFILE_CONTEXT_COLUMNS["name"]].tolist() == list(bar.y)
    assert table[strings.PROFILE_CONTEXT_COLUMNS["value"]].tolist() == [0.0, 60.0, 420.0]
    empty_fig, empty_table = views.context_view(year.iloc[0:0], 2024)
    assert not empty_fig.data and empty_table.empty


def test_context_trend_view_follows_one_indicator():
    fig, table = views.context_trend_view(_context(), "pupils")
    assert [t.name for t in fig.data] == [
        strings.PROFILE_TREND_SCHOOL,
        strings.PROFILE_TREND_MUNICIPALITY,
        strings.PROFILE_TREND_REGION,
    ]
    assert list(fig.data[0].y) == [400.0, 420.0]
    assert table[strings.PROFILE_RESULTS_COLUMNS["year"]].tolist() == [2023, 2024]
    assert not views.context_trend_view(_context(), "no-such")[0].data
    assert not views.context_trend_view(_context(), None)[0].data


def test_conditions_table_says_deficit_only_against_a_norm():
    scored = pd.DataFrame(
        {
            "name": ["Износ здания", "Психолог", "Учеников на учителя", "Ставки"],
            "value": [60.0, 1.0, 18.0, 0.5],
            "direction": ["higher_worse", "higher_better", "higher_worse", "higher_better"],
            "reference": [50.0, 1.0, 15.0, 0.8],
            "unit": ["%", "0/1", "чел.", "ед."],
            "reference_kind": ["norm", "median", "median", "median"],
            "shortfall": [10.0, 0.0, 3.0, 0.3],
            "is_deficit": [True, False, False, False],
            "below_median": [False, False, True, True],
        }
    )
    table = views.conditions_table(scored)
    columns = strings.PROFILE_CONDITIONS_COLUMNS
    shortfall = table[columns["shortfall"]]
    assert shortfall.iloc[0] == 10.0 and math.isnan(shortfall.iloc[1])
    assert shortfall.iloc[2] == 3.0  # the distance from the median is still shown
    assert table[columns["reference_kind"]].tolist() == [
        "норматив",
        "медиана региона",
        "медиана региона",
        "медиана региона",
    ]
    assert table[columns["deficit"]].tolist() == ["дефицит (выше норматива)", "", "", ""]
    assert table[columns["below_median"]].tolist() == [
        "",
        "",
        "выше медианы региона",
        "ниже медианы региона",
    ]
    summary = views.conditions_summary(scored, 2024)
    assert summary.startswith("Дефициты — хуже норматива (2024 г.): 1.")
    assert "Ниже медианы региона по показателям без норматива: 2. Это не дефицит" in summary
    only_median = scored.assign(is_deficit=False)
    assert views.conditions_summary(only_median, 2024).startswith(
        "Дефицитов — показателей хуже норматива — нет"
    )
    assert views.conditions_table(scored.iloc[0:0]).empty


def _results() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "kind": ["vpr", "vpr", "vpr", "oge"],
            "subject": ["математика"] * 4,
            "grade": [5, 5, 6, 9],
            "year": [2024, 2023, 2024, 2024],
            "participants": [40, 50, 30, 20],
            "mean_percent": [61.0, 58.0, 55.0, 70.0],
            "municipality_mean": [60.0, 59.0, 54.0, 65.0],
            "region_mean": [62.0, 60.0, 56.0, 66.0],
            "marks_2": [4, 10, 3, 0],
            "marks_3": [16, 20, 12, 5],
            "marks_4": [12, 15, 10, 10],
            "marks_5": [8, 5, 5, 5],
        }
    )


def test_results_views_pick_one_procedure_and_share_its_rows():
    rows = views.procedure_rows(_results(), "vpr", "математика", 5)
    assert rows["year"].tolist() == [2023, 2024]
    trend, trend_table = views.results_trend_view(rows, "ВПР, математика, 5 кл.")
    assert list(trend.data[0].y) == [58.0, 61.0]
    assert trend_table[strings.PROFILE_RESULTS_COLUMNS["mean_percent"]].tolist() == [58.0, 61.0]
    marks, marks_table = views.marks_view(rows, "ВПР, математика, 5 кл.")
    # 2023: 10 of 50 got a «2» = 20 %; 2024: 8 of 40 got a «5» = 20 %.
    assert list(marks.data[0].y) == pytest.approx([20.0, 10.0])
    assert list(marks.data[3].y) == pytest.approx([10.0, 20.0])
    shares = marks_table[[f"{strings.MARK.format(m=m)}, %" for m in (2, 3, 4, 5)]]
    assert shares.sum(axis=1).tolist() == pytest.approx([100.0, 100.0])
    assert not views.results_trend_view(rows.iloc[0:0], "x")[0].data


def test_weakest_skills_keep_the_furthest_below_per_subject():
    skills = pd.DataFrame(
        {
            "kind": ["vpr"] * 5,
            "subject": ["математика"] * 3 + ["русский язык"] * 2,
            "grade": [5] * 5,
            "skill_code": ["1.1", "1.2", "1.3", "2.1", "2.2"],
            "skill_name": list("абвгд"),
            "school_percent": [40.0, 50.0, 70.0, 30.0, 80.0],
            "municipality_percent": [60.0, 55.0, 60.0, 50.0, 70.0],
            "gap": [-20.0, -5.0, 10.0, -20.0, 10.0],
        }
    )
    weakest = views.weakest_skills(skills, per_subject=1)
    assert weakest["skill_code"].tolist() == ["1.1", "2.1"]
    table = views.skills_table(weakest)
    assert table[strings.PROFILE_SKILLS_COLUMNS["procedure"]].tolist() == [
        "ВПР, математика, 5 кл.",
        "ВПР, русский язык, 5 кл.",
    ]
    assert table[strings.PROFILE_SKILLS_COLUMNS["skill"]].iloc[0] == "1.1 а"
    assert views.weakest_skills(skills[skills["gap"] > 0], 3).empty


# ------------------------------------------------------------------ the PDF page
def test_pdf_page_is_composed_from_the_page_views():
    from dashboard.reports import profile_pdf

    context = _context()[lambda f: f["year"] == 2024].assign(
        name=["Численность", "Износ здания " + "очень " * 20, "Психолог"]
    )
    results = _results().assign(
        held_on=[
            pd.Timestamp("2024-04-18"),
            pd.Timestamp("2023-04-20"),
            None,
            pd.Timestamp("2024-05-21"),
        ]
    )
    rows = views.procedure_rows(results, "vpr", "математика", 5)
    fig = profile_pdf.profile_figure(
        {"name": "Школа <b>№1</b>"},
        ["строка"],
        views.context_view(context, 2024),
        views.results_trend_view(rows, "x")[0],
        views.marks_view(rows, "x")[0],
        pd.DataFrame(),
    )
    bars = fig.data[0]
    assert bars.type == "bar" and len(bars.y) == 3
    assert max(len(label) for label in bars.y) <= 55  # long names shortened for print
    assert [t.type for t in fig.data].count("scatter") == 3 and fig.data[-1].type == "table"
    assert "Школа &lt;b&gt;№1&lt;/b&gt;" in fig.layout.annotations[-1].text
    # The data date is the latest day any procedure of the school was held.
    assert profile_pdf.data_date(results, 2024).startswith("Данные на 21.05.2024")
    assert strings.NO_DATA in profile_pdf.data_date(results.iloc[0:0], None)


def test_an_address_with_too_many_fields_reads_as_empty_not_as_an_error():
    assert query.from_query("?" + "&".join(f"f{i}=1" for i in range(40))) == {}
    assert query.from_query("?a=1&b=2") == {"a": "1", "b": "2"}


# ------------------------------------------------------------------ one title, legends clear
def test_profile_charts_have_one_title_and_legends_above_the_plot():
    """The page names each chart once (the card or the heading above it); the figures carry
    no title of their own, so a legend above the plot covers no title and no axis title."""
    rows = views.procedure_rows(_results(), "vpr", "математика", 5)
    for fig in (
        views.results_trend_view(rows, "ВПР, математика, 5 кл.")[0],
        views.marks_view(rows, "ВПР, математика, 5 кл.")[0],
        views.context_trend_view(_context(), "pupils")[0],
    ):
        assert not fig.layout.title.text
        assert fig.layout.legend.y >= 1 and fig.layout.legend.yanchor == "bottom"
        assert fig.layout.xaxis.title.text is None  # nothing below the plot for it to cover


def test_profile_layout_names_each_chart_once_and_has_no_placeholder(app):
    layout = str(_layout("/schools/<school_code>", school_code="740101"))
    assert layout.count(strings.PROFILE_RESULTS_TREND) == 1
    assert layout.count(strings.PROFILE_RESULTS_MARKS) == 1
    # «Рекомендуемые меры» are absent until the decisions page exists, not «не реализовано»
    assert "Рекомендуемые меры" not in layout and "not-built" not in layout
    assert "реализован" not in layout


def _layout(path: str, **kwargs):
    """A page's layout through Dash's registry (importing a page module again would register
    it twice)."""
    import dash

    page = next(
        p for p in dash.page_registry.values() if path in (p["path"], p.get("path_template"))
    )
    return page["layout"](**kwargs)
