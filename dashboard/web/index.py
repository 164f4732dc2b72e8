"""The HTML page every Dash page is served in: Dash's own, with `lang="ru"` on <html> so that
screen readers speak the interface in Russian (WCAG 3.1.1)."""

from __future__ import annotations

from dash.dash import _default_index

INDEX_STRING = _default_index.replace("<html>", '<html lang="ru">', 1)
assert INDEX_STRING != _default_index, "Dash's page template no longer starts with <html>"
