"""What changed in a slide between its frozen snapshot and the live view (issue 21).

Before a frozen story goes back to live data its owner sees, slide by slide, which numbers
the new data changed: tables cell by cell (rows keyed by their first column) and the x/y values
of the figures' traces. Pure: ViewSnapshot in, short Russian lines out.
"""

from __future__ import annotations

import base64
import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from dashboard import strings
from dashboard.slides import SlideTable, ViewSnapshot

MAX_DETAILS = 10  # lines per slide; the rest are counted


@dataclass(frozen=True)
class SlideChange:
    position: int
    title: str
    changed: bool
    details: list[str]


def _values(array: Any) -> list:
    """A trace's data array as a list: plotly JSON may hold typed arrays as base64
    ({"dtype": "f8", "bdata": …, "shape": …})."""
    if array is None:
        return []
    if isinstance(array, dict) and "bdata" in array:
        data = np.frombuffer(base64.b64decode(array["bdata"]), dtype=np.dtype(array["dtype"]))
        return data.tolist()
    if isinstance(array, list | tuple):
        return list(array)
    return [array]


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, int | float) and isinstance(b, int | float):
        if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
            return True
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)
    return a == b


def _text(value: Any) -> str:
    """A value as a change line shows it: numbers rounded to 2 places, None as «нет»."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return strings.CHANGE_EMPTY
    if isinstance(value, float):
        return f"{round(value, 2):g}"
    return str(value)


def _table_lines(table: SlideTable, live: SlideTable) -> list[str]:
    name = table.caption or live.caption
    if table.columns != live.columns:
        return [strings.CHANGE_TABLE_SHAPE.format(table=name)]
    before = {str(row[0]): row for row in table.rows if row}
    after = {str(row[0]): row for row in live.rows if row}
    lines = []
    for key, row in before.items():
        if key not in after:
            lines.append(strings.CHANGE_TABLE_ROW_GONE.format(table=name, row=key))
            continue
        for column, old, new in zip(table.columns[1:], row[1:], after[key][1:], strict=False):
            if not _same(old, new):
                lines.append(
                    strings.CHANGE_TABLE_CELL.format(
                        table=name, row=key, column=column, before=_text(old), after=_text(new)
                    )
                )
    lines += [
        strings.CHANGE_TABLE_ROW_NEW.format(table=name, row=key)
        for key in after
        if key not in before
    ]
    return lines


def _traces(figure: dict) -> dict[str, dict]:
    """A figure's traces by name (unnamed ones by their place)."""
    out = {}
    for number, trace in enumerate(figure.get("data", []) or [], start=1):
        name = str(trace.get("name") or number)
        while name in out:
            name += "'"
        out[name] = trace
    return out


def _trace_lines(figure: int, name: str, old: dict, new: dict) -> list[str]:
    axes = {axis: (_values(old.get(axis)), _values(new.get(axis))) for axis in ("x", "y")}
    counts = {len(a) for pair in axes.values() for a in pair if a}
    if len(counts) > 1:
        sizes = [len(axes[a][i]) for a in ("x", "y") for i in (0, 1)]
        before, after = max(sizes[0], sizes[2]), max(sizes[1], sizes[3])
        return [
            strings.CHANGE_TRACE_POINTS.format(
                figure=figure, trace=name, before=before, after=after
            )
        ]
    lines = []
    for axis, other in (("x", "y"), ("y", "x")):
        was, now = axes[axis]
        labels = axes[other][0]
        for i, (a, b) in enumerate(zip(was, now, strict=False)):
            if not _same(a, b):
                label = labels[i] if i < len(labels) else i + 1
                lines.append(
                    strings.CHANGE_TRACE.format(
                        figure=figure,
                        trace=name,
                        label=_text(label),
                        before=_text(a),
                        after=_text(b),
                    )
                )
    return lines


def _figure_lines(number: int, frozen: dict, live: dict) -> list[str]:
    old, new = _traces(frozen), _traces(live)
    lines = []
    for name, trace in old.items():
        if name not in new:
            lines.append(strings.CHANGE_TRACE_GONE.format(figure=number, trace=name))
        else:
            lines += _trace_lines(number, name, trace, new[name])
    lines += [
        strings.CHANGE_TRACE_NEW.format(figure=number, trace=name)
        for name in new
        if name not in old
    ]
    return lines


def compare(frozen: ViewSnapshot, live: ViewSnapshot) -> tuple[bool, list[str]]:
    """(changed, detail lines) of a slide's frozen view against the live one: the message,
    tables cell by cell, figures' x/y values; at most MAX_DETAILS lines (the rest counted)."""
    lines = []
    if frozen.message != live.message:
        lines.append(
            strings.CHANGE_MESSAGE.format(before=_text(frozen.message), after=_text(live.message))
        )
    if len(frozen.tables) != len(live.tables):
        lines.append(
            strings.CHANGE_TABLES_COUNT.format(before=len(frozen.tables), after=len(live.tables))
        )
    for old, new in zip(frozen.tables, live.tables, strict=False):
        lines += _table_lines(old, new)
    if len(frozen.figures) != len(live.figures):
        lines.append(
            strings.CHANGE_FIGURES_COUNT.format(before=len(frozen.figures), after=len(live.figures))
        )
    for number, (old, new) in enumerate(zip(frozen.figures, live.figures, strict=False), start=1):
        lines += _figure_lines(number, old, new)
    if len(lines) > MAX_DETAILS:
        rest = len(lines) - (MAX_DETAILS - 1)
        lines = lines[: MAX_DETAILS - 1] + [strings.CHANGE_MORE.format(count=rest)]
    return bool(lines), lines
