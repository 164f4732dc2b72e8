"""The `/schools` selection (address round trip) and its views, on hand-made frames."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from dash import no_update
from dash.exceptions import PreventUpdate

from callbacks import schools as schools_callbacks
from callbacks.schools_query import Selection, choices
from dashboard.figures import schools as views
from dashboard.web.tables import grid_columns, grid_rows


def _schools() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "school_code": ["740101", "x](javascript:alert(1))", "740103"],
            "name": ["Школа № 1", "<img src=x onerror=alert(1)>", "Лицей"],
            "municipality": ["Энск", "Энск", "Подгорный"],
            "kind": ["school", "gymnasium", "lyceum"],
            "locality": ["urban", "rural", "urban"],
            "latitude": [55.0, 55.2, None],
            "longitude": [61.0, 61.4, 60.0],
            "pupils": [812.0, None, 430.0],
            "vpr_mean": [61.26, None, 70.0],
            "vpr_year": [2024, None, 2024],
            "oge_maths": [55.04, 48.0, None],
            "oge_year": [2024, 2024, None],
            "low_results": [True, False, False],
            "adverse": [True, True, False],
        }
    )


def test_selection_round_trips_through_the_address():
    chosen = Selection.parse(["Энск", "Подгорный"], ["lyceum"], [], "pupils")
    assert chosen == Selection(("Энск", "Подгорный"), ("lyceum",), (), "pupils")
    assert Selection.from_search(chosen.query()) == chosen
    assert Selection().query() == ""  # nothing chosen, default colour: a clean address
    assert Selection.from_search("?colour=nonsense&kind=lyceum").colour == "vpr_mean"


def test_selection_refuses_garbage():
    assert Selection.parse(
        {"a": 1}, 5, [None, ["x"], {"y": 1}, "", "urban"], ["pupils"]
    ) == Selection((), (), ("urban",), "vpr_mean")
    assert choices("a,b,a") == ("a", "b") and choices(None) == () and choices("x" * 300) == ()
    assert len(choices([str(i) for i in range(500)])) == 100


def test_filters_keep_chosen_values_only():
    frame = _schools()
    assert len(views.filtered(frame, Selection().filters())) == 3
    chosen = Selection.parse(["Энск"], ["gymnasium", "school"], ["urban"])
    kept = views.filtered(frame, chosen.filters())
    assert kept["school_code"].tolist() == ["740101"]


def test_table_links_safe_codes_and_escapes_the_rest():
    effects = {"740101": (3.456, "resilient"), "740103": (-1.04, "typical")}
    table = views.school_table(_schools(), effects)
    assert list(table.columns) == [*views.strings.SCHOOLS_COLUMNS.values(), views.OWN]
    codes = table["Код"].tolist()
    assert codes[0] == "[740101](/schools/740101)" and codes[2] == "[740103](/schools/740103)"
    # an odd code is inert text in the markdown cell: every bracket and parenthesis escaped
    assert codes[1] == r"x\]\(javascript\:alert\(1\)\)"
    assert table["Наименование"].iloc[1] == "<img src=x onerror=alert(1)>"  # plain-text column
    effect = table["ВПР с учётом контекста, п.п. (посл. год)"].tolist()
    assert effect[0] == 3.5 and math.isnan(effect[1]) and effect[2] == -1.0
    assert "Отметки" not in table  # the column holds flags and says so
    assert table["Флаги"].tolist() == [
        "низкие результаты; неблагоприятные социальные условия; резильентная школа",
        "неблагоприятные социальные условия",
        "",
    ]
    assert table["ВПР, средний % (посл. год)"].tolist()[0] == 61.3
    assert table["Тип"].tolist() == ["СОШ", "гимназия", "лицей"]


def test_grid_renders_only_the_code_as_markdown_and_numbers_as_numbers():
    table = views.school_table(_schools())
    columns = schools_callbacks._columns(table)
    markdown = [c["headerName"] for c in columns if c.get("cellRenderer") == "markdown"]
    assert markdown == ["Код"]
    by_name = {c["headerName"]: c for c in columns}
    signed = by_name["ВПР с учётом контекста, п.п. (посл. год)"]["valueFormatter"]["function"]
    assert "'+'" in signed and "okoNumber(params.value, 1)" in signed
    assert by_name["Обучающихся"]["filter"] == "agNumberColumnFilter"
    rows = grid_rows(table)
    field = by_name["Обучающихся"]["field"]
    assert [r[field] for r in rows] == [812, None, 430]
    assert grid_columns(table)[0]["field"] == "c0"


def test_map_view_plots_located_schools_in_true_proportion():
    fig, table = views.school_map(_schools(), "vpr_mean")
    # the school without coordinates is not plotted, nor in the table
    assert table["Код"].tolist() == ["740101", "x](javascript:alert(1))"]
    grey, coloured = fig.data
    assert list(grey.x) == [61.4] and list(coloured.x) == [61.0]
    assert "&lt;img" in grey.text[0] and "<img" not in grey.text[0]
    # the value is in customdata (rounded as shown), its label once in the hover template
    # each point: (value rounded as shown, the code a click opens; an unsafe code opens nothing)
    assert [list(p) for p in coloured.customdata] == [[61.3, "740101"]]
    assert [list(p) for p in grey.customdata] == [[None, ""]]
    assert coloured.text[0] == "Школа № 1<br>Энск"
    assert coloured.hovertemplate.count("ВПР, средний %") == 1
    assert fig.layout.yaxis.scaleratio == pytest.approx(1 / math.cos(math.radians(55.1)))
    assert table["ВПР, средний %"].iloc[0] == pytest.approx(61.26)


def test_views_of_an_empty_list():
    from data_access.schools import COLUMNS

    nobody = pd.DataFrame(columns=COLUMNS)
    assert views.school_table(nobody).empty
    assert list(views.school_table(nobody).columns) == [
        *views.strings.SCHOOLS_COLUMNS.values(),
        views.OWN,
    ]
    fig, table = views.school_map(nobody, "oge_maths")
    assert fig.layout.annotations[0].text == "нет данных" and table.empty


def test_map_view_of_no_located_school_says_no_data():
    fig, table = views.school_map(_schools().iloc[2:], "pupils")
    assert fig.layout.annotations[0].text == "нет данных" and table.empty


def test_query_waits_for_restored_filters_and_skips_no_change():
    with pytest.raises(PreventUpdate):
        schools_callbacks.write_query(None, None, None, "vpr_mean", "list", "?kind=lyceum")
    query = schools_callbacks.write_query([], ["lyceum"], [], "pupils", "list", "")
    assert query == "?kind=lyceum&colour=pupils"
    unchanged = schools_callbacks.write_query([], ["lyceum"], [], "pupils", "list", query)
    assert unchanged is no_update
    on_map = schools_callbacks.write_query([], ["lyceum"], [], "pupils", "map", query)
    assert on_map == "?kind=lyceum&colour=pupils&view=map"
    assert Selection.from_search(on_map).view == "map"
    assert Selection.parse(view="nonsense").view == Selection.parse(view=["map"]).view == "list"


def test_the_latest_result_counts_pupils_not_rows():
    """3 pupils who wrote 3 subjects are 3 pupils: their mean stays hidden (issue 17)."""
    from data_access.schools import _latest_weighted

    rows = pd.DataFrame(
        {
            "school_id": [1, 1, 1, 2, 2, 2],
            "grade": [5, 5, 5, 5, 5, 6],
            "year": [2024] * 6,
            "participants": [3, 3, 3, 3, 3, 3],
            "mean_percent": [50.0, 60.0, 70.0, 50.0, 60.0, 70.0],
        }
    )
    out = _latest_weighted(rows, "vpr").set_index("school_id")
    assert pd.isna(out.loc[1, "vpr_mean"])  # 9 rows, 3 pupils
    assert out.loc[2, "vpr_mean"] == 60.0  # two grades: at least 6 pupils
