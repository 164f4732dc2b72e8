"""Parse callback inputs defensively: any JSON can arrive at a public endpoint."""

from __future__ import annotations

import datetime as dt


class BadInput(ValueError):
    """A callback input no parser accepts: answered with nothing, like a refusal, but not
    audited."""


def text(value: object, limit: int = 200) -> str | None:
    """A short string, or None for anything else (lists, dicts, numbers, null)."""
    if isinstance(value, str) and 0 < len(value) <= limit:
        return value
    return None


def typed(value: object, limit: int = 200) -> str:
    """What a user typed into a text box, stripped; "" for anything else (lists, dicts,
    numbers, null, or a text over `limit` characters, which no form control sends)."""
    return (text(value, limit) or "").strip()


def integer(value: object, low: int = -(10**9), high: int = 10**9) -> int | None:
    """An int within bounds (bools and floats with fractions are refused), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and low <= value <= high:
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        number = int(value)
        return number if low <= number <= high else None
    return None


def clicked(n_clicks: object) -> bool:
    """A button really pressed: Dash sends a positive int; None, bools and strings are not
    presses."""
    return isinstance(n_clicks, int) and not isinstance(n_clicks, bool) and n_clicks > 0


def point_data(click: object) -> object:
    """The customdata of a graph's clicked point (its first point), or None: clickData is
    browser input like any other, so every shape is checked before it is read."""
    if not isinstance(click, dict):
        return None
    points = click.get("points")
    if not isinstance(points, list) or not points or not isinstance(points[0], dict):
        return None
    return points[0].get("customdata")


def bump(counter: object) -> int:
    """The next value of a change counter kept in a dcc.Store (1 when it holds anything odd)."""
    return (
        counter + 1
        if isinstance(counter, int) and not isinstance(counter, bool) and counter >= 0
        else 1
    )


def date(value: object) -> dt.date | None:
    """A date picker's ISO date ("YYYY-MM-DD" or ISO datetime); anything else is None."""
    raw = text(value, 40)
    try:
        return dt.date.fromisoformat(raw[:10]) if raw else None
    except ValueError:
        return None
