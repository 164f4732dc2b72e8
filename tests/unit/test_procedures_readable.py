"""`/procedures` charts for people (issue 16): at most MAX_CATEGORIES rows by default (top and
bottom, own rows kept, a caption saying how many are left out), anonymous schools in value
order, own rows in the own colour, skill columns named by the skill, codes only where a click
may open the row, one title (the card's) and no notes over the axes."""

from __future__ import annotations

import numpy as np
import pandas as pd

from dashboard.figures import procedures as pf
from dashboard.figures.categories import natural_key
from dashboard.figures.template import MAX_CATEGORIES, OWN_COLOUR, OWN_SYMBOL, PALETTE


def _schools(n: int = 300, own: tuple[int, ...] = (150,), named: int = 0) -> pd.DataFrame:
    """`n` schools like data_access.procedures.school_means (one year): the first `named` are
    named (with a code to open), the rest anonymous «школа N»."""
    rng = np.random.default_rng(3)
    marks = rng.integers(1, 20, size=(n, 4))
    rows = []
    for i in range(n):
        is_named = i < named
        rows.append(
            {
                "key": f"c{i}" if is_named else f"школа {i + 1}",
                "label": f"Школа {i} (c{i})" if is_named else f"школа {i + 1}",
                "named": is_named,
                "own": i in own,
                "link": f"c{i}" if is_named else None,
                "municipality": "М",
                "year": 2024,
                "participants": int(marks[i].sum()),
                "mean_percent": float(20 + (i * 37) % 60),
                "ci_low": float(15 + (i * 37) % 60),
                "ci_high": float(25 + (i * 37) % 60),
                **{f"marks_{m}": int(marks[i][m - 2]) for m in (2, 3, 4, 5)},
                "suppressed": False,
            }
        )
    return pd.DataFrame(rows)


def _rows_drawn(fig) -> int:
    return len(fig.layout.yaxis.ticktext) if fig.layout.yaxis.ticktext else len(fig.data[0].y)


def test_no_default_chart_has_more_than_forty_rows_and_the_caption_counts_the_rest():
    schools = _schools()
    for view in (
        pf.marks_view(schools, 2024, "name"),
        pf.marks_view(schools, 2024, "high"),
        pf.means_view(schools, 2024),
    ):
        drawn = _rows_drawn(view.figure)
        assert drawn <= MAX_CATEGORIES + 1  # the top and bottom 20, and the own school
        assert f"Не показано: {300 - drawn}" in view.note
        assert len(view.table) == 300  # the table behind the chart has every row
    everything = pf.means_view(schools, 2024, show_all=True)
    assert _rows_drawn(everything.figure) == 300 and "Не показано" not in everything.note


def test_the_own_school_is_always_kept_and_drawn_as_a_star_in_the_own_colour():
    schools = _schools(own=(150,))
    means = pf.means_view(schools, 2024).figure.data[0]
    own = [i for i, label in enumerate(means.y) if "★" in label]
    assert len(own) == 1 and "школа 151" in means.y[own[0]]
    assert means.marker.color[own[0]] == OWN_COLOUR and means.marker.symbol[own[0]] == OWN_SYMBOL
    others = {c for i, c in enumerate(means.marker.color) if i != own[0]}
    assert others == {PALETTE[0]} and OWN_COLOUR not in PALETTE
    marks = pf.marks_view(schools, 2024).figure
    starred = [t for t in marks.layout.yaxis.ticktext if OWN_COLOUR in t]
    assert len(starred) == 1 and "школа 151" in starred[0]
    assert OWN_COLOUR not in {t.marker.color for t in marks.data if t.type == "bar"}


def test_anonymous_schools_come_in_value_order_not_as_text():
    schools = _schools(n=30, own=(), named=3)
    view = pf.marks_view(schools, 2024, "name")
    labels = list(view.table["ОО"])
    # Named schools first in natural order, then the anonymous ones by mean percent.
    assert labels[:3] == sorted(labels[:3], key=natural_key)
    anonymous = schools.set_index("label").loc[labels[3:], "mean_percent"].tolist()
    assert anonymous == sorted(anonymous, reverse=True)
    assert labels[3:] != sorted(labels[3:])  # not «школа 1, 10, 11…»
    means = pf.means_view(schools, 2024).figure.data[0]
    assert list(means.x) == sorted(means.x)  # the dot plot is by value, highest on top


def test_codes_only_on_rows_a_click_may_open():
    schools = _schools(n=10, own=(), named=2)
    bars = [t for t in pf.marks_view(schools, 2024).figure.data if t.type == "bar"]
    shown = list(bars[0].customdata)
    assert sorted(c for c in shown if c) == ["c0", "c1"]
    assert shown.count("") == 8  # anonymous schools carry no code
    dots = pf.means_view(schools, 2024).figure.data[0]
    assert sorted(row[0] for row in dots.customdata if row[0]) == ["c0", "c1"]


def test_the_slope_chart_keeps_the_biggest_movers_and_the_own_school():
    schools = _schools(n=200, own=(7,))
    before = schools.assign(year=2023, mean_percent=schools["mean_percent"] + np.arange(200) % 13)
    view = pf.slope_view(pd.concat([before, schools]), [2023, 2024])
    ends = [t for t in view.figure.data if t.showlegend is False]
    drawn = sum(len(t.x) for t in ends)
    assert drawn <= MAX_CATEGORIES + 1 and "школа 8" in {n for t in ends for n in t.text}
    assert "самым большим ростом" in view.note and len(view.table) == 200
    own = [t for t in view.figure.data if t.line.color == OWN_COLOUR]
    assert own and own[0].marker.symbol == OWN_SYMBOL


def test_skill_heat_map_columns_are_named_by_the_skill_and_coded_in_the_hover():
    long_name = "Умение решать текстовые задачи на движение, работу и покупки"
    skills = pd.DataFrame(
        {
            "municipality_code": ["01", "01", "02", "02"],
            "municipality": ["Север", "Север", "Юг", "Юг"],
            "skill_code": ["M4.01", "M4.02", "M4.01", "M4.02"],
            "skill_name": ["Дроби", long_name, "Дроби", long_name],
            "participants": [40, 40, 50, 50],
            "percent": [60.0, 40.0, 70.0, 40.0],
            "link": ["01", "01", "02", "02"],
            "own": [True, True, False, False],
        }
    )
    view = pf.skill_heatmap_view(skills, 2024)
    axis = view.figure.layout.xaxis
    assert list(axis.ticktext) == ["Дроби", pf._short(long_name)]
    assert len(axis.ticktext[1]) <= pf.SKILL_CHARS and axis.ticktext[1].endswith("…")
    heat = view.figure.data[0]
    # Each column's x is its hover text: the full name and the code, sent once per column.
    assert list(heat.x) == ["Дроби (M4.01)", f"{long_name} (M4.02)"] == list(axis.tickvals)
    assert "%{x}" in heat.hovertemplate
    assert [row[0] for row in heat.customdata] == ["02", "01"]  # by value, codes to click
    assert "★" in heat.y[1] and OWN_COLOUR in heat.y[1]


def test_one_title_the_cards_and_notes_never_over_the_axes():
    schools = _schools()
    for view in (
        pf.marks_view(schools, 2024),
        pf.means_view(schools, 2024, region_mean=51.27),
        pf.slope_view(pd.concat([schools.assign(year=2023), schools]), [2023, 2024]),
    ):
        assert view.title and not view.figure.layout.title.text
        assert not view.figure.layout.annotations  # notes are the caption under the graph
        height = view.figure.layout.height
        assert height <= 120 + 18 * (MAX_CATEGORIES + 1) or height == 520  # the axis in reach
    means = pf.means_view(schools, 2024, region_mean=51.27)
    assert "51,3" in means.note  # decimal comma
    assert means.figure.layout.shapes[0].x0 == 51.27  # the region line


def test_the_histogram_of_a_municipality_compares_with_the_region():
    dist = pd.DataFrame(
        {
            "municipality_code": ["01", "01", "02", "02"],
            "municipality": ["a", "a", "b", "b"],
            "primary_score": [1.0, 2.0, 1.0, 2.0],
            "pupils": [10, 30, 50, 10],
        }
    )
    view = pf.histogram_view(dist, 2024, "01")
    region = [t for t in view.figure.data if t.type == "scatter"]
    assert len(region) == 1 and region[0].name == "Весь регион"
    assert [round(float(v), 1) for v in region[0].y] == [60.0, 40.0]
    assert "Линия" in view.note and "Линия" not in pf.histogram_view(dist, 2024).note
    assert "объединены" in pf.histogram_view(dist, 2024).note  # the banding rule is stated
