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
    assert "2024 г." in source and "2024-04-20" in source and "1\u2009234" in source
    assert views.hidden_note(view) == strings.RANK_HIDDEN.format(n=2, min=rules.min_cell())
    assert views.hidden_note({**view, "hidden_small": 0}) == ""
    terms = views.fixed_terms(view, {"social_index": "Индекс"})
    assert terms == "свободный член: 60,00 (ст. ошибка 1,25); Индекс: 3,50 (ст. ошибка 0,50)"


def test_charts_draw_every_shown_school_and_mark_the_own_one():
    scatter, funnel, caterpillar, intervals = views.charts(_view())

    def points(fig):
        return sum(len(t.x) for t in fig.data if t.mode == "markers" and t.name != strings.RANK_OWN)

    assert points(scatter) == 2  # the school without a social index is not placed
    assert points(funnel) == points(caterpillar) == points(intervals) == 3
    for fig in (scatter, funnel, caterpillar, intervals):
        assert [t.name for t in fig.data].count(strings.RANK_OWN) <= 1
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
    named = by_name[strings.RANK_CATEGORIES["above"]]
    assert list(named.text) == ["Школа А"] and strings.RANK_OTHER not in named.hovertemplate
    own = by_name[strings.RANK_CATEGORIES["resilient"]]
    assert list(own.text) == [f"{strings.RANK_OWN}: Школа В"]


def test_each_tab_draws_its_own_chart():
    view = _view()
    titles = {key: views.chart(view, key).layout.title.text for key in ids.CHARTS}
    assert strings.RANK_SCATTER in titles["scatter"]
    assert strings.RANK_FUNNEL in titles["funnel"]
    assert strings.RANK_CATERPILLAR in titles["caterpillar"]
    assert strings.RANK_INTERVALS in titles["intervals"]
    assert len(set(titles.values())) == 4


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
