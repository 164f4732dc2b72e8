"""The shell's story controls: add the current view to a story, export it (issue 21)."""

from __future__ import annotations

from dash.development.base_component import Component


def story_controls() -> list[Component]:
    """The navbar's story menu; empty until stories are built."""
    return []
