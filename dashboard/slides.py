"""A view as a slide: what a page shows for one selection, as plain JSON-safe data.

A `ViewSnapshot` is produced by a page's renderer (`callbacks.slides`) under the reader's scope,
played by the story player, stored as a frozen story's snapshot, and exported to PPTX and PDF,
so all four show the same figures, tables and footer. No Dash, no SQL here.
"""

from __future__ import annotations

import base64
import json
import math
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard import strings

YEAR_HEADERS = frozenset({strings.LABEL_YEAR})
MAX_TABLE_ROWS = 25  # a slide's table: more rows are unreadable on a projector

# The pages a story may hold (paths or Dash path templates); callbacks.slides has one renderer
# for each (a test keeps the two equal). Admin pages and forms are not views to present.
SLIDE_PAGES = (
    "/",
    "/schools",
    "/schools/<school_code>",
    "/procedures",
    "/rankings",
    "/objectivity",
    "/experts",
    "/roadmaps",
    "/decisions",
    "/decisions/effectiveness",
    "/training",
)


def path_matches(pattern: str, path: str) -> bool:
    """Whether `path` is `pattern`, a template's `<name>` matching one non-empty segment."""
    want, got = pattern.strip("/").split("/"), path.strip("/").split("/")
    return len(want) == len(got) and all(
        w == g or (w.startswith("<") and g != "") for w, g in zip(want, got, strict=True)
    )


def slide_page(path: object) -> str | None:
    """The SLIDE_PAGES pattern `path` belongs to, or None (not a page a story may hold)."""
    if not isinstance(path, str) or not path.startswith("/") or "//" in path or len(path) > 200:
        return None
    return next((p for p in SLIDE_PAGES if path_matches(p, path)), None)


def _cell(value: Any) -> str | int | float | None:
    """A table cell as JSON: numbers stay numbers (NaN → None), everything else is text."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, bool | np.bool_):
        return strings.GRID_YES if value else ""
    if isinstance(value, int | float):
        return None if isinstance(value, float) and math.isnan(value) else value
    if hasattr(value, "item"):  # numpy scalars
        return _cell(value.item())
    return str(value)


def _year(value: Any) -> str | None:
    cell = _cell(value)
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    return None if cell is None else str(cell)


@dataclass(frozen=True)
class SlideTable:
    """A table as the page shows it: Russian headers, rounded values, at most MAX_TABLE_ROWS."""

    caption: str
    columns: list[str]
    rows: list[list[str | int | float | None]]
    total_rows: int = 0  # rows before the cut (0: same as len(rows))

    @classmethod
    def from_frame(
        cls, caption: str, frame: pd.DataFrame, max_rows: int = MAX_TABLE_ROWS
    ) -> SlideTable:
        head = frame.head(max_rows)
        # a year is a label, not a quantity: «2024», never «2 024» in a Russian number format
        years = [str(c) in YEAR_HEADERS for c in frame.columns]
        rows = [
            [_year(v) if year else _cell(v) for v, year in zip(row, years, strict=True)]
            for row in head.itertuples(index=False, name=None)
        ]
        return cls(caption, [str(c) for c in frame.columns], rows, len(frame))

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame(self.rows, columns=self.columns)


def _plain(value: Any) -> Any:
    """plotly 7 writes numpy arrays as typed arrays ({"dtype", "bdata"}); slides keep plain
    lists, so snapshots compare cell by cell and read the same in every consumer."""
    if isinstance(value, dict):
        if set(value) >= {"dtype", "bdata"} and set(value) <= {"dtype", "bdata", "shape"}:
            array = np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"]))
            if array.dtype == np.float32:  # 1.3 rather than 1.2999999523
                array = np.array([float(f"{v:.7g}") for v in array])
            if value.get("shape"):
                array = array.reshape([int(n) for n in str(value["shape"]).split(",")])
            return _plain(array.tolist())
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, float) and math.isnan(value):  # strict JSON; equal after a round trip
        return None
    return value


def figure_json(fig: go.Figure | dict) -> dict:
    """A plotly figure as plain JSON (numpy arrays and dates turned into lists and strings)."""
    if isinstance(fig, dict):
        fig = go.Figure(fig)
    return _plain(json.loads(fig.to_json()))


@dataclass(frozen=True)
class ViewSnapshot:
    """One view of one page for one selection.

    `title` is the page's default slide title; `filters` the selection in words («2024 ·
    математика · 5 класс»); `source` where the numbers come from; `data_date` the ISO date of
    the data (`data_access.data_date`); `summary` one sentence that says what the view shows
    (the text alternative of its charts); `message` replaces content when nothing may or can be
    shown (a refusal or no data), in the user's words.
    """

    path: str
    query: str
    title: str
    filters: str = ""
    source: str = ""
    data_date: str | None = None
    summary: str = ""
    figures: list[dict] = field(default_factory=list)
    tables: list[SlideTable] = field(default_factory=list)
    message: str | None = None

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> ViewSnapshot:
        data = json.loads(text)
        data["tables"] = [SlideTable(**t) for t in data.get("tables", [])]
        return cls(**data)


@dataclass(frozen=True)
class DeckSlide:
    """A slide as played and exported: the presenter's title and note over the view, and
    `frozen_at` (ISO date) when the view is a frozen snapshot rather than live data."""

    title: str
    note: str
    view: ViewSnapshot
    frozen_at: str | None = None


def _russian_date(iso: str | None) -> str | None:
    if not iso:
        return None
    year, month, day = iso[:10].split("-")
    return f"{day}.{month}.{year}"


def footer(slide: DeckSlide) -> str:
    """The slide's footer: data date (and «зафиксировано» for a frozen view), filters, source."""
    parts = []
    date = _russian_date(slide.view.data_date)
    if date:
        parts.append(strings.SLIDE_DATA_DATE.format(date=date))
    frozen = _russian_date(slide.frozen_at)
    if frozen:
        parts.append(strings.SLIDE_FROZEN.format(date=frozen))
    if slide.view.filters:
        parts.append(strings.SLIDE_FILTERS.format(filters=slide.view.filters))
    if slide.view.source:
        parts.append(strings.SLIDE_SOURCE.format(source=slide.view.source))
    return " · ".join(parts)
