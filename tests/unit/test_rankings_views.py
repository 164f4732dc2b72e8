"""`/rankings`: the selection (address round trip) and the table and notes of a hand-made
fitted view."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from callbacks import pickers
from callbacks.rankings_query import Selection, covariate_codes
from dashboard import rules, strings
from dashboard.figures import rankings as views
from dashboard.figures.template import MAX_CATEGORIES, OWN_COLOUR, OWN_OUTLINE, OWN_SYMBOL
from dashboard.ids import Rankings as ids
from data_access.rankings import ALL


# ------------------------------------------------------------------ Selection
def test_the_all_values_agree_across_layers():
    assert pickers.ALL_SUBJECTS == ALL == views.ALL
    assert pickers.ALL_GRADES == 0


def test_selection_round_trips_through_the_address():
    chosen = Selection("vpr", ALL, 0, 2024, ("social_index", "rural"), "school")
    search = chosen.query()
    assert search == (
        "?kind=vpr&subject=__all__&grade=0&year=2024&covariates=social_index%2Crural"
        "&level=school&tab=scatter"
    )
    assert Selection.from_search(search) == chosen
    single = Selection("oge", "математика", 9, 2023, (), "pupil")
    assert "covariates=none" in single.query()  # «none chosen» is not «not given»
    assert Selection.from_search(single.query()) == single


@pytest.mark.parametrize("tab", list(ids.CHARTS))
def test_the_open_chart_tab_round_trips_through_the_address(tab):
    chosen = Selection("vpr", ALL, 0, 2024, ("social_index",), "pupil", tab)
    search = chosen.query()
    assert search.endswith("&tab=" + tab)
    assert Selection.from_search(search) == chosen
    assert Selection.from_search(search).tab == tab
    # the controls' values parse to the same selection as the address
    assert Selection.parse("vpr", ALL, 0, 2024, ["social_index"], "pupil", tab) == chosen


@pytest.mark.parametrize("tab", ["", "nope", "SCATTER", "x" * 300, None])
def test_an_unknown_tab_in_the_address_is_the_default_tab(tab):
    search = "?kind=vpr&subject=__all__&grade=0&year=2024&level=school"
    restored = Selection.from_search(search + ("" if tab is None else "&tab=" + tab))
    assert restored.tab == next(iter(ids.CHARTS)) == "scatter"
    assert restored.complete and restored.level == "school"  # the rest is still read
    assert restored.query().endswith("&tab=scatter")


@pytest.mark.parametrize("garbage", [[], {}, ["funnel"], {"tab": "funnel"}, True, 3.5, 7])
def test_a_forged_tab_value_is_the_default_tab(garbage):
    assert Selection.parse(tab=garbage).tab == "scatter"


def test_missing_covariates_and_level_fall_back_to_the_defaults():
    restored = Selection.from_search("?kind=vpr&subject=__all__&grade=0&year=2024")
    assert restored.complete
    assert restored.covariates == rules.RANKINGS_DEFAULT_COVARIATES
    assert restored.level == rules.RANKINGS_DEFAULT_LEVEL


@pytest.mark.parametrize("garbage", [None, [], {}, ["2024"], {"year": 2024}, True, 3.5, "x" * 300])
def test_selection_parses_garbage_to_an_incomplete_default(garbage):
    parsed = Selection.parse(garbage, garbage, garbage, garbage, None, garbage)
    assert not parsed.complete
    assert parsed.level == rules.RANKINGS_DEFAULT_LEVEL
    assert Selection.from_search(garbage) == Selection()


def test_covariate_codes_keep_only_short_strings_once():
    assert covariate_codes(["a", "a", {"b": 1}, 3, "x" * 100, "b"]) == ("a", "b")
    assert covariate_codes("a,b") == ("a", "b") and covariate_codes("none") == ()
    assert covariate_codes(None) is None and covariate_codes({"a": 1}) is None


# ------------------------------------------------------------------ views
def _view() -> dict:
    table = pd.DataFrame(
        {
            "name": ["Школа А", None, "Школа В"],
            "is_own": [False, False, True],
            "n": [120, 40, 60],
            "result": [71.234, 55.0, 60.54],
            "social_index": [0.5, -0.25, float("nan")],
            "effect": [4.567, -1.0, 0.333],
            "ci_low": [1.0, -3.0, -2.0],
            "ci_high": [8.0, 1.0, 2.5],
            "rank": [1, 3, 2],
            "rank_low": [1.0, 2.0, 1.0],
            "rank_high": [2.0, 3.0, 3.0],
            "raw_rank": [1.0, 3.0, 2.0],
            "category": ["above", "average", "resilient"],
        }
    )
    return {
        "table": table,
        "args": {"kind": "vpr", "subject": ALL, "grade": 5, "year": 2024},
        "held_on": "2024-04-20",
        "n_groups": 1234,
        "hidden_small": 2,
        "fixed": pd.DataFrame(
            {"estimate": [60.0, 3.5], "se": [1.25, 0.5]}, index=["Intercept", "social_index"]
        ),
        "centre": 60.0,
        "sigma2": 100.0,
        "line": (60.0, 3.0),
    }


def test_ranking_table_is_what_the_grid_and_download_show():
    table = views.ranking_table(_view()["table"])
    assert list(table.columns) == [strings.RANK_COLUMNS[c] for c in views.TABLE_COLUMNS]
    assert table["ОО"].tolist() == ["Школа А", strings.RANK_OTHER, f"{strings.RANK_OWN}: Школа В"]
    assert table["Результат"].tolist() == [71.2, 55.0, 60.5]
    assert table["Эффект с учётом контекста"].tolist() == [4.57, -1.0, 0.33]
    assert math.isnan(table["Индекс соц. благополучия"].iloc[2])
    assert table["Интервал места"].tolist() == ["1–2", "2–3", "1–3"]
    assert table["Категория"].tolist() == [
        strings.RANK_CATEGORIES[c] for c in ("above", "average", "resilient")
    ]
    assert str(table["Место без учёта контекста"].dtype) == "Int64"
    assert set(views.TABLE_DIGITS) <= set(table.columns)


def test_notes_name_the_outcome_source_and_hidden_schools():
    view = _view()
    assert views.outcome_label(view["args"]) == f"ВПР, {strings.RANK_ALL_SUBJECTS}, 5 класс"
    assert views.y_title(view["args"]) == strings.RANK_Y_GAP
    assert views.y_title({"subject": "математика", "grade": 5}) == strings.RANK_Y_PERCENT
    source = views.source_note(view)
    assert "2024 г." in source and "20.04.2024" in source and "1\u2009234" in source
    assert "2024-04-20" not in source
    assert views.hidden_note(view) == strings.RANK_HIDDEN.format(n=2, min=rules.min_cell())
    assert views.hidden_note({**view, "hidden_small": 0}) == ""
    terms = views.fixed_terms(view, {"social_index": "Индекс"})
    assert terms == "свободный член: 60,00 (ст. ошибка 1,25); Индекс: 3,50 (ст. ошибка 0,50)"


def test_charts_draw_every_shown_school_and_mark_the_own_one():
    scatter, funnel, caterpillar, intervals = views.charts(_view())

    def points(fig):
        return sum(len(t.x) for t in fig.data if t.mode == "markers")

    assert points(scatter) == 2  # the school without a social index is not placed
    assert points(funnel) == points(caterpillar) == points(intervals) == 3
    for fig in (scatter, funnel, caterpillar, intervals):
        own = [t for t in fig.data if t.name == strings.RANK_OWN]
        assert len(own) <= 1
        # the own school is a star in the own colour, never a hollow ring of a category colour
        for trace in own:
            assert trace.marker.color == OWN_COLOUR and trace.marker.symbol == OWN_SYMBOL
            assert trace.marker.line.color == OWN_OUTLINE
    assert OWN_COLOUR not in views.CATEGORY_COLOURS.values()
    errors = next(t for t in caterpillar.data if t.name == strings.RANK_CATEGORIES["above"]).error_y
    # each category's trace carries the error bars of its own schools only
    assert np.allclose(errors.array, [8.0 - 4.567])
    assert np.allclose(errors.arrayminus, [4.567 - 1.0])


def test_an_anonymous_trace_names_no_school_per_point():
    """A category of anonymous schools says «другая школа» once in its hover template instead
    of once per point; a named school keeps its own label."""
    funnel = views.chart(_view(), "funnel")
    by_name = {t.name: t for t in funnel.data if t.mode == "markers"}
    anonymous = by_name[strings.RANK_CATEGORIES["average"]]
    assert anonymous.text is None and strings.RANK_OTHER in anonymous.hovertemplate
    assert anonymous.customdata is None  # nothing to open, nothing to read
    named = by_name[strings.RANK_CATEGORIES["above"]]
    assert list(named.text) == ["Школа А"] and strings.RANK_OTHER not in named.hovertemplate
    own = by_name[strings.RANK_OWN]
    assert list(own.text) == [
        f"{strings.RANK_OWN}: Школа В<br>{strings.RANK_CATEGORIES['resilient']}"
    ]


def test_each_tab_draws_its_own_chart_under_the_page_heading_only():
    view = _view()
    drawn = {key: views.chart(view, key).layout for key in ids.CHARTS}
    assert all(not layout.title.text for layout in drawn.values())  # one title: the page's
    assert set(strings.RANK_CHART_TITLES) == set(ids.CHARTS)
    axes = {(layout.xaxis.title.text, layout.yaxis.title.text) for layout in drawn.values()}
    assert len(axes) == 4
    for layout in drawn.values():  # the source note sits under the axis title
        note = next(a for a in layout.annotations if a.text.startswith("Источник"))
        assert note.yanchor == "top" and note.y == 0 and note.yshift <= -50
        assert layout.margin.b >= 100


def _big_view(n: int = 300, own_at: int = 150, named: bool = False) -> dict:
    """`n` schools in effect order, the own one in the middle (named), the rest anonymous
    unless `named`."""
    effect = np.linspace(10, -10, n)
    table = pd.DataFrame(
        {
            "name": [f"школа {i}" if named or i == own_at else None for i in range(n)],
            "school_code": [f"S{i}" if named or i == own_at else None for i in range(n)],
            "is_own": [i == own_at for i in range(n)],
            "n": [50] * n,
            "result": 60 + effect,
            "social_index": np.linspace(-1, 1, n),
            "effect": effect,
            "ci_low": effect - 1,
            "ci_high": effect + 1,
            "rank": np.arange(1, n + 1),
            "rank_low": np.arange(1, n + 1),
            "rank_high": np.arange(1, n + 1) + 2,
            "raw_rank": np.arange(1, n + 1),
            "category": ["average"] * n,
        }
    )
    return {**_view(), "table": table, "own": "school"}


@pytest.mark.parametrize("key", views.PER_SCHOOL)
def test_a_per_school_chart_draws_at_most_forty_schools_and_the_own_one(key):
    view = _big_view()
    fig = views.chart(view, key)
    drawn = [x for t in fig.data if t.mode == "markers" for x in t.x]
    assert len(drawn) == MAX_CATEGORIES + 1  # top 20, bottom 20 and the own school
    own = next(t for t in fig.data if t.name == strings.RANK_OWN)
    assert list(own.customdata) == ["S150"]
    note = views.cut_note(view, key)
    assert "259" in note and "20" in note and strings.RANK_SHOW_ALL in note
    gaps = [s for s in fig.layout.shapes if s.line.dash == "dot"]
    assert len(gaps) == 2  # the left-out schools on either side of the own one
    every = views.chart(view, key, show_all=True)
    assert sum(len(t.x) for t in every.data if t.mode == "markers") == 300
    assert views.cut_note(view, key, show_all=True) == ""


@pytest.mark.parametrize("key", ["scatter", "funnel"])
def test_a_distribution_draws_every_school_with_the_own_one_highlighted(key):
    fig = views.chart(_big_view(), key)
    assert sum(len(t.x) for t in fig.data if t.mode == "markers") == 300
    # nothing left out; the funnel's note is about its limits (no overdispersion here)
    expected = strings.RANK_FUNNEL_NOTE_PLAIN if key == "funnel" else ""
    assert views.cut_note(_big_view(), key) == expected


def test_no_code_of_an_anonymous_school_reaches_a_chart():
    for key in ids.CHARTS:
        fig = views.chart(_big_view(), key, show_all=True)
        codes = {c for t in fig.data for c in (t.customdata if t.customdata is not None else [])}
        assert codes <= {"S150", None}
    named = views.chart(_big_view(named=True), "scatter")
    assert len({c for t in named.data if t.customdata is not None for c in t.customdata}) == 300


def test_a_municipality_user_sees_its_schools_as_its_own_without_your_school_label():
    view = {**_big_view(named=True), "own": "municipality"}
    view["table"]["is_own"] = [i < 30 for i in range(300)]
    fig = views.chart(view, "scatter")
    legend, own = [t for t in fig.data if t.name == strings.RANK_OWN_MUNICIPALITY]
    assert legend.marker.color == OWN_COLOUR and legend.showlegend is not False
    assert len(own.x) == 30 and not any(strings.RANK_OWN + ":" in t for t in own.text)
    # many own schools keep their category's colour inside the own outline and symbol
    assert own.showlegend is False and own.marker.symbol == OWN_SYMBOL
    assert own.marker.line.color == OWN_COLOUR and set(own.marker.color) == {
        views.CATEGORY_COLOURS["average"]
    }
    table = views.ranking_table(view["table"], own_prefix=False)
    assert not table["ОО"].str.startswith(strings.RANK_OWN).any()


# ------------------------------------------------------------------ no false rankings (issue 16)
def test_zero_between_school_variance_is_below_the_collapse_tolerance():
    """Every school gets the same pupils' scores (shuffled): the school means are equal, so
    REML puts tau2 at zero, and the model's effects are all 0 — what /rankings calls collapsed."""
    from dashboard.analytics import school_effects

    rng = np.random.default_rng(3)
    scores = rng.normal(60, 15, 25)
    frame = pd.DataFrame(
        {
            "school": np.repeat(np.arange(40), 25),
            "y": np.concatenate([rng.permutation(scores) for _ in range(40)]),
        }
    )
    fitted = school_effects.fit(frame, "y", [], group="school", n_sim=0)
    assert fitted.tau2 <= rules.RANKINGS_COLLAPSED_TAU2_RATIO * fitted.sigma2
    assert fitted.sigma2 > 100 and np.allclose(fitted.effects["effect"], 0.0)


@pytest.mark.parametrize(
    ("frame", "reason"),
    [
        (pd.DataFrame({"school": [1, 1, 1], "y": [1.0, 2.0, 3.0]}), "few_groups"),
        (pd.DataFrame({"school": [1, 2], "y": [1.0, 2.0]}), "few_observations"),
        (
            pd.DataFrame({"school": [1, 1, 2, 2], "y": [1.0, 2, 3, 4], "x": [5.0, 5, 5, 5]}),
            "collinear",
        ),
    ],
)
def test_a_model_that_cannot_be_fitted_names_its_reason(frame, reason):
    from dashboard.analytics import school_effects

    covariates = ["x"] if "x" in frame else []
    with pytest.raises(school_effects.ModelError) as failed:
        school_effects.fit(frame, "y", covariates, group="school", n_sim=0)
    assert failed.value.reason == reason and isinstance(failed.value, ValueError)


def _is_russian(text: str) -> bool:
    """Cyrillic prose with no Python leftovers (a format field, an English word)."""
    latin = [word for word in text.replace("«", " ").replace("»", " ").split() if word.isascii()]
    return bool(text) and "{" not in text and not any(w.isalpha() for w in latin)


@pytest.mark.parametrize("reason", list(strings.RANK_EMPTY))
def test_every_empty_reason_reads_as_russian(reason):
    view = {"empty": reason, "tau2": 0.0, "sigma2": 875.29, "n_groups": 299, "covariate": "rural"}
    message = views.empty_message(view, {"rural": strings.RANK_COVARIATES["rural"]}, "school")
    assert _is_russian(message), message


def test_a_collapsed_view_explains_why_and_what_to_do_by_level():
    view = {"empty": "collapsed", "tau2": 0.0, "sigma2": 875.29, "n_groups": 299}
    school = views.empty_message(view, {}, "school")
    pupil = views.empty_message(view, {}, "pupil")
    assert "межшкольная дисперсия оценена как нулевая" in school
    assert "τ² = 0,0 при σ² = 875,3; школ в модели: 299" in school
    assert school.endswith(strings.RANK_COLLAPSED_ADVICE["school"])
    assert pupil.endswith(strings.RANK_COLLAPSED_ADVICE["pupil"])
    assert strings.RANK_LEVELS["pupil"].split(" (")[0] in school  # «Ученики» is suggested
    chart = views.empty_chart(school)
    assert not chart.data
    lines = chart.layout.annotations[0].text.split("<br>")
    assert len(lines) > 3 and all(len(line) <= views.EMPTY_CHART_WIDTH for line in lines)


def test_an_unknown_reason_is_the_generic_russian_one():
    message = views.empty_message({"empty": "something new", "reason": "boom"}, {}, "school")
    assert message == strings.RANK_EMPTY["no_fit"] and "boom" not in message


def test_a_missing_covariate_is_named_as_the_user_picked_it():
    view = {"empty": "no_covariate", "covariate": "share_rural"}
    message = views.empty_message(view, {"share_rural": "Доля сельских учеников"}, "pupil")
    assert "«Доля сельских учеников»" in message


# ------------------------------------------------------------------ the grid (callbacks)
def test_the_grid_frame_marks_own_rows_links_named_ones_and_filters_a_municipality():
    from callbacks import rankings as page

    view = {**_big_view(named=True), "own": "municipality"}
    view["table"]["is_own"] = [i < 30 for i in range(300)]
    frame = page.grid_frame(view)
    assert len(frame) == 300 and frame[strings.RANK_GRID_OWN].sum() == 30
    assert frame[strings.RANK_PROFILE].iloc[0] == "[открыть](</schools/S0>)"
    assert len(page.grid_frame(view, "own")) == 30
    assert list(page.download_frame(view).columns) == [
        strings.RANK_COLUMNS[c] for c in views.TABLE_COLUMNS
    ]
    anonymous = page.grid_frame(_big_view())  # only the own school is named
    assert (anonymous[strings.RANK_PROFILE] != "").sum() == 1
    # a region-wide user asking for «own» gets the whole table
    assert len(page.grid_frame({**_big_view(), "own": None}, "own")) == 300


def test_grid_pages_carry_russian_numbers():
    from callbacks import rankings as page

    frame = page.grid_frame(_view())
    response = {"rowData": [{"c0": "x", "c1": 1234, "c4": -1.0, "c5": None}], "rowCount": 1}
    row = page._formatted(frame, response)["rowData"][0]
    assert row == {"c0": "x", "c1": "1\u2009234", "c4": "\u22121,00", "c5": None}


def test_the_own_page_follows_the_grids_sort_filter_and_page_size():
    from callbacks import rankings as page

    frame = page.grid_frame(_big_view())  # the own school is 151st by effect
    assert page._own_page(frame, {"startRow": 0, "endRow": 25}) == (6, "")
    assert page._own_page(frame, {"startRow": 0, "endRow": 100}) == (1, "")
    by_effect_up = {"startRow": 0, "endRow": 25, "sortModel": [{"colId": "c4", "sort": "asc"}]}
    assert page._own_page(frame, by_effect_up) == (5, "")
    hidden = {"filterModel": {"c0": {"filterType": "text", "type": "equals", "filter": "z"}}}
    assert page._own_page(frame, hidden) == (None, strings.RANK_FIND_OWN_HIDDEN["filtered"])
    nobody = page.grid_frame({**_big_view(), "table": _big_view()["table"].assign(is_own=False)})
    assert page._own_page(nobody, None)[0] is None
    assert page._own_page(frame, {"startRow": True, "endRow": "x"}) == (6, "")


def test_the_statistical_columns_explain_themselves():
    from callbacks import rankings as page

    columns = {c["headerName"]: c for c in page._grid_columns(page.grid_frame(_view()))}
    for key in ("effect", "ci_low", "ci_high", "rank_interval", "social_index"):
        assert columns[strings.RANK_COLUMNS[key]]["headerTooltip"] == strings.RANK_HEADER_TIPS[key]
    assert columns[strings.RANK_COLUMNS["name"]]["minWidth"] >= 200
    effect = columns[strings.RANK_COLUMNS["effect"]]
    assert "valueFormatter" not in effect  # the server sends «−1,00», not a float
    assert effect["filter"] == "agNumberColumnFilter"  # still filtered as a number


def test_the_table_scope_round_trips_through_the_address():
    chosen = Selection("vpr", ALL, 0, 2024, ("social_index",), "pupil", "scatter", "all")
    assert chosen.query().endswith("&tab=scatter&schools=all")
    assert Selection.from_search(chosen.query()) == chosen
    assert Selection.parse(schools="mine").schools is None
    assert Selection.parse(schools=["own"]).schools is None


def test_the_charts_callback_cuts_a_long_list_and_offers_the_switch(monkeypatch):
    """Called directly on a 300-school view: the caterpillar draws 41 schools, says how many
    it leaves out and offers «показать все»; switched on, every school and no note."""
    from callbacks import rankings as page

    monkeypatch.setattr(page, "_covariate_labels", lambda: {"social_index": "x"})
    monkeypatch.setattr(page, "_fitted", lambda selection, labels: _big_view())
    args = ("vpr", ALL, 0, 2024, ["social_index"], "pupil", "caterpillar")
    *figures, note, hidden = page.rankings_charts(*args, [])
    drawn = figures[list(ids.CHARTS).index("caterpillar")]
    assert sum(len(t.x) for t in drawn.data if t.mode == "markers") == MAX_CATEGORIES + 1
    assert "259" in note and hidden is False
    *figures, note, hidden = page.rankings_charts(*args, ["all"])
    drawn = figures[list(ids.CHARTS).index("caterpillar")]
    assert sum(len(t.x) for t in drawn.data if t.mode == "markers") == 300
    assert note == "" and hidden is False  # the switch stays, to switch back
    *_, note, hidden = page.rankings_charts(*args[:-1], "scatter", [])
    assert note == "" and hidden is True  # a distribution draws every school anyway


# ------------------------------------------------------------------ intervals (issue 17)
def _funnel_view(tau2: float) -> dict:
    view = _view()
    view["table"] = view["table"].assign(n=[100, 100, 100], result=[60.0, 66.0, 75.0])
    return {**view, "funnel_tau2": tau2}


def test_the_funnel_limits_widen_by_the_overdispersion():
    """99.8 % limits at n = 100 are centre ± z·√(σ²/n + τ²): with τ² = 24, ±3.09·5."""
    z = rules.FUNNEL_Z[1]
    for tau2, half in ((0.0, z * 1.0), (24.0, z * 5.0)):
        fig = views.chart(_funnel_view(tau2), "funnel")
        (upper,) = [t for t in fig.data if t.name == strings.RANK_LIMIT_998 and t.showlegend]
        at_100 = float(np.interp(100.0, upper.x, upper.y))
        assert math.isclose(at_100, 60.0 + half, rel_tol=1e-3)


def test_the_funnel_note_shows_the_adjustment_and_what_it_changes():
    """School at 66 (6 SE above) and at 75 are outside the plain 99.8 % limits (±3.1);
    with τ = 5 (limits ±15.5 at n = 100) none is."""
    note = views.cut_note(_funnel_view(25.0), "funnel")
    assert note == strings.RANK_FUNNEL_NOTE.format(tau="5,0", plain="2", adjusted="0", total="3")
    assert views.cut_note(_funnel_view(0.0), "funnel") == strings.RANK_FUNNEL_NOTE_PLAIN


def test_the_method_says_how_the_intervals_are_built():
    from callbacks.rankings import _method

    def text(view: dict) -> str:
        return " ".join(str(p.children) for p in _method(view, {}).children)

    base = {**_view(), "tau2": 12.0, "icc": 0.1, "n_obs": 300, "n_groups": 3}
    school = text({**base, "known_sampling_variance": True})
    pupil = text({**base, "known_sampling_variance": False})
    assert strings.RANK_METHOD_INTERVAL in school and strings.RANK_METHOD_INTERVAL in pupil
    sentence = strings.RANK_METHOD_SCHOOL_LEVEL.format(pupil_sd="20")
    assert sentence in school and sentence not in pupil
    assert strings.RANK_VARIANCE_KNOWN.split("{")[0] in school
    assert strings.RANK_VARIANCE.split("{")[0] in pupil
    rules_text = strings.RANK_CATEGORY_RULES.format(low=10, years=2, adverse=15)
    assert rules_text in school and "ОКО" in rules_text and "интервал" in rules_text
