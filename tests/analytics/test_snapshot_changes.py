"""What changed between a frozen slide and the live one (dashboard.analytics.snapshot_changes)."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from dashboard.analytics.snapshot_changes import MAX_DETAILS, compare
from dashboard.slides import SlideTable, ViewSnapshot, figure_json


def _view(rows, bars=None, message=None) -> ViewSnapshot:
    figures = []
    if bars is not None:  # numpy arrays: plotly's JSON encodes them as base64 typed arrays
        figures.append(
            figure_json(go.Figure(go.Bar(x=["А", "Б"], y=np.array(bars), name="Средний балл")))
        )
    table = SlideTable("Школы", ["Школа", "Участники", "Балл"], rows, len(rows))
    return ViewSnapshot(path="/", query="", title="t", figures=figures, tables=[table],
                        message=message)  # fmt: skip


def test_the_same_view_has_no_changes():
    view = _view([["Школа 1", 512, 61.25]], bars=[61.25, 70.0])
    assert compare(view, ViewSnapshot.from_json(view.to_json())) == (False, [])


def test_a_changed_cell_is_named_by_its_row_key_and_column():
    frozen = _view([["Школа 1", 512, 61.25], ["Школа 2", 30, 50.0]])
    live = _view([["Школа 1", 498, 61.25], ["Школа 2", 30, 50.0]])
    assert compare(frozen, live) == (
        True,
        ["Таблица «Школы»: строка «Школа 1», столбец «Участники»: 512 → 498"],
    )


def test_rows_matched_by_key_not_by_place_and_gone_or_new_rows_listed():
    frozen = _view([["Школа 1", 5, 1.0], ["Школа 2", 6, 2.0]])
    live = _view([["Школа 3", 7, 3.0], ["Школа 1", 5, 1.0]])
    changed, details = compare(frozen, live)
    assert changed
    assert details == [
        "Таблица «Школы»: строки «Школа 2» больше нет",
        "Таблица «Школы»: новая строка «Школа 3»",
    ]


def test_figure_values_are_compared_with_their_category_as_the_label():
    frozen = _view([], bars=[61.254, 70.0])
    live = _view([], bars=[61.254, 68.5])
    assert compare(frozen, live) == (
        True,
        ["График 1, ряд «Средний балл», «Б»: 70 → 68.5"],
    )


def test_a_message_instead_of_data_is_a_change():
    changed, details = compare(_view([["a", 1, 1.0]]), _view([], message="Нет данных"))
    assert changed
    assert details[0] == "Сообщение слайда: «нет» → «Нет данных»"


def test_details_are_capped_with_the_rest_counted():
    frozen = _view([[f"Школа {i}", i, 1.0] for i in range(30)])
    live = _view([[f"Школа {i}", i + 1, 1.0] for i in range(30)])
    changed, details = compare(frozen, live)
    assert changed and len(details) == MAX_DETAILS
    assert details[-1] == f"…и ещё изменений: {30 - (MAX_DETAILS - 1)}"
