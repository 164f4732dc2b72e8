"""Presentation mode controls in the page shell (filled in by issue 21's presentation work)."""

from __future__ import annotations

from dash.development.base_component import Component


def present_controls() -> list[Component]:
    """The navbar's «Показ» control; empty until presentation mode is built."""
    return []
