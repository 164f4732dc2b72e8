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


def skill_codes(
    value: object, max_code: int, max_total: int, *, commas: bool = False
) -> str | None:
    """Skill codes as stored: «;»-joined, each once, in the order given. From a list of codes
    or a text separated by «;» (and «,» with ``commas``); None for anything else (no code, a
    code too long or holding «;», a list item that is not text, too long in all)."""
    if isinstance(value, str):
        text = value.replace(",", ";") if commas else value
        codes: list = [c.strip() for c in text.split(";") if c.strip()]
    elif isinstance(value, list | tuple):
        codes = list(value)
    else:
        return None
    given = [c for c in codes if c not in ("", None)]
    clean = [c.strip() for c in given if isinstance(c, str) and c.strip()]
    if not clean or len(clean) != len(given):
        return None
    if any(len(c) > max_code or ";" in c for c in clean):
        return None
    joined = ";".join(dict.fromkeys(clean))
    return joined if len(joined) <= max_total else None
