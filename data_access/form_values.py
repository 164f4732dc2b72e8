"""Values typed into forms (or forged into a callback), checked the same way by every page
that writes: the page's own refusal names the field."""

from __future__ import annotations


def whole_number(value: object, low: int, high: int) -> int | None:
    """An integer from an int, its digits (a form's text) or a whole float, within
    [low, high]; None for anything else (a bool, a fraction, junk, out of range)."""
    if isinstance(value, bool) or not isinstance(value, int | str | float):
        return None
    try:
        number = int(value.strip()) if isinstance(value, str) else int(value)
    except (ValueError, OverflowError):
        return None
    if isinstance(value, float) and value != number:
        return None
    return number if low <= number <= high else None
