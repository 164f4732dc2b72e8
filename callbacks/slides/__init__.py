"""Page renderers for slides: (scope, path, search) → `dashboard.slides.ViewSnapshot`.

Each page that can be put in a story registers one renderer here, built from the same
selection dataclass, data_access calls and figure builders as the page's own callbacks, so a
slide shows what the page shows. Renderers run under the reader's scope: data_access refuses
what the reader may not see, and `render` turns a refusal into a slide with a message.
"""

from __future__ import annotations

from collections.abc import Callable

from dashboard import strings
from dashboard.slides import ViewSnapshot, path_matches
from data_access.scope import OutOfScope, Scope

Renderer = Callable[[Scope, str, str], ViewSnapshot]

# path pattern → renderer; filled by register() in the page modules of this package.
_RENDERERS: dict[str, Renderer] = {}


def register(pattern: str, renderer: Renderer) -> None:
    """`pattern` is the page's path or path_template ("/schools/<school_code>")."""
    _RENDERERS[pattern] = renderer


def renderer_for(path: object) -> Renderer | None:
    """The renderer of a page path, or None when the page cannot be a slide."""
    _load()
    if not isinstance(path, str) or len(path) > 200:
        return None
    for pattern, renderer in _RENDERERS.items():
        if path_matches(pattern, path):
            return renderer
    return None


def render(scope: Scope, path: str, search: str) -> ViewSnapshot:
    """The slide of `path?search` for this reader; a refusal becomes a slide saying so."""
    renderer = renderer_for(path)
    if renderer is None:
        return ViewSnapshot(path=path, query=search, title="", message=strings.SLIDE_NOT_A_VIEW)
    try:
        return renderer(scope, path, search)
    except OutOfScope:
        return ViewSnapshot(path=path, query=search, title="", message=strings.SLIDE_REFUSED)


_loaded = False


def _load() -> None:
    """Import the page renderers once (they register themselves)."""
    global _loaded
    if _loaded:
        return
    _loaded = True
    import importlib
    import pkgutil

    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")
