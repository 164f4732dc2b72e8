"""Page state in the address bar: every page's selection is shareable as `?name=value&…`.

A page keeps a `dcc.Location(refresh=False)`; on load its controls prefer the values found
here, and a callback writes the selection back with `to_query`, so the address always
reopens the view the user sees.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlencode

from dash import no_update

from callbacks import inputs


def from_query(search: object) -> dict[str, str]:
    """The query string as {name: first value}; anything malformed gives {}."""
    text = inputs.text(search, 2000)
    if not text:
        return {}
    try:
        parsed = parse_qs(text.lstrip("?"), max_num_fields=30)
    except ValueError:  # more fields than any page writes
        return {}
    return {k: v[0] for k, v in parsed.items() if v}


def to_query(parts: dict[str, object]) -> str:
    """'?a=1&b=x' from the non-empty parts (lists joined by commas); '' when nothing is set."""
    cleaned = {}
    for key, value in parts.items():
        if isinstance(value, list | tuple):
            value = ",".join(map(str, value))
        if value not in (None, "", []):
            cleaned[key] = value
    return "?" + urlencode(cleaned) if cleaned else ""


def rewrite(new: str, search: object) -> object:
    """What a callback returns to `Location.search`: `new`, or no_update when the address
    already says it (so history gets no duplicate entry)."""
    return no_update if new == (inputs.text(search, 2000) or "") else new


def wanted(control: object, query: dict[str, str], name: str) -> object:
    """The control's value once it has one; before that, what the address asked for."""
    return control if control not in (None, "", []) else query.get(name)
