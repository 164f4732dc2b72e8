"""`/objectivity`: the selection (address round trip) and the views, on hand-made frames."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from callbacks.objectivity_query import Selection
from dashboard import rules, strings
from dashboard.figures import objectivity as views
from dashboard.formatting import format_date


# ------------------------------------------------------------------ Selection
def test_selection_round_trips_through_the_address():
    chosen = Selection(year=2024, school="740102", procedure=17)
    assert chosen.query() == "?school=740102&year=2024&procedure=17"
    assert Selection.from_search(chosen.query()) == chosen
    assert Selection.parse("2024", "740102", "17") == chosen  # the address carries text


def test_the_school_profile_link_alone_selects_the_school():
    assert Selection.from_search("?school=740102") == Selection(school="740102")
    assert not Selection.from_search("?school=740102").drill_down
    assert Selection(2024, "740102").drill_down


@pytest.mark.parametrize("garbage", [None, [], {}, ["2024"], {"year": 2024}, True, 3.5, "x" * 300])
def test_selection_parses_garbage_to_nothing(garbage):
    assert Selection.parse(garbage, garbage, garbage) == Selection()
    assert Selection.from_search(garbage) == Selection()
    assert Selection().query() == ""


# ------------------------------------------------------------------ views
def _flags() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "school_code": ["740102"],
            "school_name": ["Школа 1"],
            "municipality": ["Город"],
            "year": [2024],
            "risk": ["high"],
            "z": [3.14159],
            "q": [0.01234],
            "triggered": [["journal_raised", "near_max"]],
            "status": ["dismissed"],
            "reviewed_by": ["region"],
            "reviewed_at": [dt.datetime(2025, 3, 1, 9, 5, tzinfo=dt.UTC)],
            "comment": ["=HYPERLINK(1)"],
        }
    )


def test_flags_table_speaks_russian_and_keeps_numbers_numeric():
    table = views.flags_table(_flags())
    assert list(table.columns) == list(strings.OBJ_TABLE_COLUMNS.values())
    row = table.iloc[0]
    assert row["Риск"] == "высокий" and row["Статус проверки"] == "снят"
    assert row["Заметные и сильные признаки"] == (
        f"{strings.OBJ_SIGNS['journal_raised']}; {strings.OBJ_SIGNS['near_max']}"
    )
    assert row["Совокупная оценка (z)"] == 3.14 and row["q (поправка Б—Х)"] == 0.012
    # in the region's time zone (dashboard.formatting), not «UTC» in the header
    assert row["Когда"] == format_date(dt.datetime(2025, 3, 1, 9, 5, tzinfo=dt.UTC), views.STAMP)
    assert row["Год"] == "2024"  # a label: never «2 024»
    assert row["Комментарий"] == "=HYPERLINK(1)"  # the download escapes it, not the view


def test_flags_table_of_nothing_has_the_columns_and_no_rows():
    empty = views.flags_table(_flags().iloc[0:0])
    assert empty.empty and list(empty.columns) == list(strings.OBJ_TABLE_COLUMNS.values())


def test_counts_table_says_suppressed_cells():
    frame = pd.DataFrame(
        {
            "municipality": ["А", "Б"],
            "tested": [12.0, None],
            "flagged": [2.0, None],
            "high": [1.0, None],
            "suppressed": [False, True],
        }
    )
    table = views.counts_table(frame)
    assert table.iloc[0].tolist() == ["А", 12, 2, 1]
    assert table.iloc[1].tolist() == ["Б", *[strings.SUPPRESSED] * 3]


def _agreement() -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "mark": [3, 4, 4, 5],
            "journal_mark": [4, 4, 5, 5],
            "region": [100, 300, 100, 100],
            "school": [2, 6, 1, 1],
        }
    )
    return frame.assign(school_share=frame["school"] / 10, region_share=frame["region"] / 600)


def test_agreement_draws_the_school_shares_and_tables_both():
    fig, table = views.agreement(_agreement(), 2024)
    heat = fig.data[0]
    assert heat.type == "heatmap"
    assert list(heat.x) == ["4", "5"] and list(heat.y) == ["3", "4", "5"]
    assert heat.z[1][0] == pytest.approx(60.0)  # ВПР 4, journal 4: 6 of 10 pupils
    assert list(table.columns) == list(strings.OBJ_AGREEMENT_COLUMNS.values())
    assert table["ОО, %"].tolist() == [20.0, 60.0, 10.0, 10.0]
    assert table["Регион, %"].tolist() == [16.7, 50.0, 16.7, 16.7]
    assert not fig.layout.title.text  # one title: the heading above the chart
    # marks are categories: the ticks are whole marks, never 1,5 … 5,5
    assert fig.layout.xaxis.type == fig.layout.yaxis.type == "category"
    assert any("2024" in a.text for a in fig.layout.annotations)  # the source note


def test_agreement_summary_counts_lowered_confirmed_raised():
    text = views.agreement_summary(_agreement())
    # school: lowered (ВПР < journal) 2 + 1 = 30 %, confirmed 6 + 1 = 70 %, raised 0
    assert text.startswith("Понизили (ВПР ниже журнала): 30,0 %")
    assert "подтвердили: 70,0 %" in text and "повысили: 0,0 %" in text
    assert views.agreement_summary(_agreement().iloc[0:0]) == ""


def test_distribution_draws_school_bars_region_line_and_thresholds():
    frame = pd.DataFrame(
        {"score": [0, 1, 2, 3], "region": [10, 30, 40, 20], "school": [1, 3, 4, 2]}
    )
    frame = frame.assign(school_share=frame["school"] / 10, region_share=frame["region"] / 100)
    result = {
        "frame": frame,
        "n_school": 10,
        "n_region": 100,
        "procedure": {
            "kind": "vpr",
            "subject": "математика",
            "grade": 5,
            "year": 2024,
            "threshold_3": 2,
            "threshold_4": 3,
            "threshold_5": None,
        },
    }
    fig, table = views.distribution(result)
    bars, line = fig.data
    assert list(bars.y) == pytest.approx([10, 30, 40, 20]) and bars.name == "ОО (n = 10)"
    assert list(line.y) == pytest.approx([10, 30, 40, 20]) and line.name == "Регион (n = 100)"
    assert [s.x0 for s in fig.layout.shapes] == [1.5, 2.5]  # «3» and «4»; no «5» threshold
    assert list(table.columns) == list(strings.OBJ_DISTRIBUTION_COLUMNS.values())
    assert table["ОО, чел."].tolist() == [1, 3, 4, 2]
    empty_fig, empty_table = views.distribution({**result, "frame": frame.iloc[0:0]})
    assert not empty_fig.data and empty_table.empty


def test_signs_table_and_score_note():
    signs = pd.DataFrame(
        {
            "sign": ["near_max", "low_spread"],
            "n": [40, 40],
            "value": [0.25, 0.5],
            "reference": [0.1, 1.0],
            "z": [2.5, 1.0],
            "p": [0.0062, 0.16],
            "triggered": [True, False],
        }
    )
    table = views.signs_table(signs)
    assert list(table.columns) == list(strings.OBJ_SIGNS_COLUMNS.values())
    reasons = strings.OBJ_REASONS
    assert table["Значение"].tolist() == [
        reasons["near_max"].format(value="25,0", reference="10,0"),
        reasons["low_spread"].format(value="0,50", reference="1,00"),
    ]
    assert table["Сила признака"].tolist() == ["заметный", "нет"]
    assert "Сработал" not in table.columns  # a strength, not a verdict
    assert table["p"].tolist() == ["0,0062", "0,1600"]
    note = views.score_note({"z": 2.345, "q": 0.0123, "risk": "elevated"}, 2024)
    assert "z = 2,35" in note and "q = 0,012" in note and "повышенный" in note
    assert "сработал" not in note


@pytest.mark.parametrize(
    ("p", "strength"),
    [
        (0.0001, "сильный"),
        (0.001, "сильный"),  # the bounds belong to the stronger class
        (0.0011, "заметный"),
        (0.01, "заметный"),
        (0.0101, "слабый"),
        (0.05, "слабый"),
        (0.0501, "нет"),
        (0.5, "нет"),
        (float("nan"), "нет"),
    ],
)
def test_the_signs_table_shows_a_strength_by_the_raw_p(p, strength):
    signs = pd.DataFrame(
        {
            "sign": ["near_max"],
            "n": [40],
            "value": [0.25],
            "reference": [0.1],
            "z": [2.0],
            "p": [p],
            "triggered": [p <= rules.OBJECTIVITY_SIGN_ALPHA],
        }
    )
    assert views.signs_table(signs)["Сила признака"].tolist() == [strength]


def test_the_strength_thresholds_are_the_rules_and_the_flag_reasons_agree():
    assert rules.OBJECTIVITY_STRENGTH_STRONG_P == 0.001
    assert rules.OBJECTIVITY_STRENGTH_NOTABLE_P == 0.01
    assert rules.OBJECTIVITY_STRENGTH_WEAK_P == 0.05
    # a sign listed as a reason of a flag (p ≤ OBJECTIVITY_SIGN_ALPHA) is «заметный» or stronger
    assert views.sign_strength(rules.OBJECTIVITY_SIGN_ALPHA) == "notable"


def test_the_strength_note_says_the_signs_are_not_corrected_but_the_flag_is():
    note = views.strength_note()
    assert "сильный при p ≤ 0,001" in note
    assert "заметный при p ≤ 0,01" in note
    assert "слабый при p ≤ 0,05" in note
    assert "не поправлены на множественные сравнения" in note
    assert "Бенджамини — Хохберга" in note
    assert f"{round(rules.OBJECTIVITY_FDR * 100)} %" in note


def test_history_table_translates_statuses_and_formats_times():
    history = pd.DataFrame(
        {
            "from_status": ["new"],
            "to_status": ["under_review"],
            "comment": [None],
            "reviewed_by": ["region"],
            "reviewed_at": [pd.Timestamp("2025-01-02 03:04", tz="UTC")],
        }
    )
    table = views.history_table(history)
    stamp = format_date(pd.Timestamp("2025-01-02 03:04", tz="UTC"), views.STAMP)
    assert table.iloc[0].tolist() == ["новый", "на проверке", "", "region", stamp]


# ------------------------------------------------------------------ own schools, texts (issue 16)
def _distribution_result() -> dict:
    frame = pd.DataFrame(
        {"score": [0, 1, 2, 3], "region": [10, 30, 40, 20], "school": [1, 3, 4, 2]}
    )
    frame = frame.assign(school_share=frame["school"] / 10, region_share=frame["region"] / 100)
    procedure = {"kind": "vpr", "subject": "м", "grade": 5, "year": 2024, "threshold_3": 2}
    return {"frame": frame, "n_school": 10, "n_region": 100, "procedure": procedure}


def test_the_users_own_school_is_drawn_in_the_own_colour():
    from dashboard.figures.template import OWN_COLOUR, PALETTE

    own, _ = views.distribution(_distribution_result(), own=True)
    other, _ = views.distribution(_distribution_result())
    assert own.data[0].marker.color == OWN_COLOUR and other.data[0].marker.color == PALETTE[0]
    assert not own.layout.title.text
    threshold = next(a for a in own.layout.annotations if a.text == "порог «3»")
    assert threshold.yanchor == "top" and threshold.y == 1  # inside the plot, under the legend
    note = next(a for a in own.layout.annotations if a.text.startswith("Источник"))
    assert note.yanchor == "top" and note.yshift <= -50  # under the axis title


def test_an_empty_chart_says_why():
    result = {**_distribution_result(), "frame": _distribution_result()["frame"].iloc[0:0]}
    fig, _ = views.distribution(result)
    assert not fig.data and "меньше" in fig.layout.annotations[0].text
    fig, _ = views.agreement(_agreement().iloc[0:0], 2024)
    assert not fig.data and "журнал" in fig.layout.annotations[0].text


def test_the_flags_grid_links_marks_own_rows_and_explains_z_and_q():
    from callbacks import objectivity as page

    flags = pd.concat([_flags(), _flags().assign(school_code="740103")], ignore_index=True)
    flags["is_own"] = [True, False]
    frame = page.flags_grid(flags)
    assert list(frame.columns)[: len(strings.OBJ_TABLE_COLUMNS)] == list(
        strings.OBJ_TABLE_COLUMNS.values()
    )
    assert frame[strings.OBJ_PROFILE].tolist() == [
        "[профиль ОО](</schools/740102>)",
        "[профиль ОО](</schools/740103>)",
    ]
    assert frame[strings.OBJ_DRILL].iloc[0] == "[открыть разбор](<#objectivity-detail-card>)"
    assert frame[strings.OBJ_GRID_OWN].tolist() == [True, False]
    columns = {c["headerName"]: c for c in page._flag_columns(frame)}
    assert "стандартных отклонений" in columns["Совокупная оценка (z)"]["headerTooltip"]
    assert "Бенджамини" in columns["q (поправка Б—Х)"]["headerTooltip"]
    assert "{" not in columns["q (поправка Б—Х)"]["headerTooltip"]
    assert columns[strings.OBJ_GRID_OWN]["hide"] is True
    assert columns[strings.OBJ_GRID_OWN]["field"] == views.GRID_OWN_FIELD
    assert views.GRID_OWN_FIELD in views.OWN_ROW_RULES["oko-own-row"]
    assert columns[strings.OBJ_PROFILE]["cellRenderer"] == "markdown"


@pytest.mark.parametrize(
    ("role", "start"),
    [("school", "У вашей ОО"), ("municipality", "У школ вашего"), ("region", "В 2024 г.")],
)
def test_no_flags_says_whose_flags_there_are_none_of(role, start):
    from callbacks import objectivity as page

    assert page._no_flags_text(role, 2024).startswith(start)
    assert page._no_flags_text("admin", 2024).startswith("В 2024 г.")


def test_counts_put_the_own_municipality_first_and_highlight_it():
    from dash import dcc

    from callbacks import objectivity as page

    frame = pd.DataFrame(
        {
            "municipality": ["А", "Б", "В"],
            "tested": [12.0, 20.0, None],
            "flagged": [2.0, 3.0, None],
            "high": [1.0, 0.0, None],
            "suppressed": [False, False, True],
        }
    )
    block = page._counts_block(frame, 2024, "Б", linked=False)
    rows = block.children[0].children[1].children
    assert rows[0].children[0].children == "Б" and rows[0].className == "oko-own-row"
    assert all(getattr(r, "className", None) != "oko-own-row" for r in rows[1:])
    linked = page._counts_block(frame, 2024, None, linked=True)
    cell = linked.children[0].children[1].children[0].children[0].children
    assert isinstance(cell, dcc.Link) and cell.href == "/objectivity?year=2024&municipality=%D0%90"


def test_nothing_chosen_says_what_to_do_instead_of_blank_axes():
    from callbacks import objectivity as page

    signs, options, value, figure, summary, rows, columns = page.objectivity_detail(None, 2024, "")
    assert strings.OBJ_PICK_FIRST in str(signs) and options == [] and value is None
    assert not figure.data and figure.layout.annotations[0].text == strings.OBJ_PICK_FIRST
    figure, rows, columns = page.objectivity_distribution(None, None)
    assert figure.layout.annotations[0].text == strings.OBJ_PICK_FIRST
    assert page.objectivity_history(None, 2024, 0) == ("", [], True)  # no form to fill


def test_the_municipality_filter_round_trips_through_the_address():
    chosen = Selection(2024, "740102", 7, "Город N")
    assert Selection.from_search(chosen.query()) == chosen
    assert Selection.parse(municipality={"x": 1}).municipality is None


def test_the_signs_tables_z_and_p_explain_themselves():
    from callbacks import objectivity as page
    from dashboard.web.tables import small_table

    signs = pd.DataFrame(
        {
            "sign": ["near_max"],
            "value": [0.2],
            "reference": [0.05],
            "z": [3.1],
            "p": [0.001],
            "triggered": [True],
        }
    )
    table = small_table(views.signs_table(signs))
    page._explain_headers(table)
    headers = {
        th.children: getattr(th, "title", None) for th in table.children[0].children.children
    }
    assert "стандартных отклонений" in headers["z"]
    assert "случайно" in headers["p"] and headers["Признак"] is None
