"""Shared layout pieces speak Russian even where Dash ships English defaults."""

from __future__ import annotations

import re

from dashboard import strings
from dashboard.web.components import dropdown, picker


def test_a_dropdown_has_russian_interface_text_unless_the_page_sets_its_own():
    plain = dropdown(id="x", multi=True)
    assert plain.placeholder == strings.DROPDOWN_PLACEHOLDER
    assert plain.labels == strings.DROPDOWN_LABELS
    assert "{num_selected}" in plain.labels["selected_count"]
    for text in plain.labels.values():
        assert re.search("[а-яё]", text, re.IGNORECASE), text
    assert dropdown(id="y", placeholder=strings.AUDIT_ANY).placeholder == strings.AUDIT_ANY


def test_a_picker_is_a_labelled_dropdown_in_a_column_when_given_a_width():
    column = picker(strings.LABEL_KIND, "kind", 3, clearable=False)
    assert column.md == 3
    control = column.children.children[1]
    assert control.id == "kind" and control.clearable is False
    assert control.labels == strings.DROPDOWN_LABELS
    bare = picker(strings.LABEL_KIND, "kind")
    assert bare.children[1].id == "kind"


def test_a_clicked_points_customdata_is_read_only_from_a_well_formed_click():
    from callbacks.inputs import point_data

    assert point_data({"points": [{"customdata": ["740101"]}]}) == ["740101"]
    assert point_data({"points": [{"x": 1}]}) is None
    for forged in (None, "x", {"points": "x"}, {"points": []}, {"points": ["x"]}, {"no": 1}):
        assert point_data(forged) is None
