"""A per-app callback registry.

Dash's global `dash.callback` list is consumed by the first app built, so tests that build
several apps would lose callbacks. Here each module records its specs once at import and
`register_all(app)` binds them to every app created. The recorded function stays the plain
function, so tests can call it directly.
"""

from __future__ import annotations

import functools
import importlib
import logging
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass

from dash import Dash
from dash.exceptions import PreventUpdate

from data_access.scope import OutOfScope

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CallbackSpec:
    func: Callable
    args: tuple
    kwargs: dict

    def __str__(self) -> str:
        return f"{self.func.__module__}.{self.func.__name__}"


SPECS: list[CallbackSpec] = []


def callback(*args, **kwargs):
    """Record a callback spec (same arguments as `dash.callback`)."""

    def decorate(func: Callable) -> Callable:
        SPECS.append(CallbackSpec(func, args, kwargs))
        return func

    return decorate


def guarded(func: Callable) -> Callable:
    """Turn refusals and malformed inputs into 'no update' instead of a 500.

    Every callback is a public endpoint taking any JSON: an out-of-scope object is audited
    and answered with nothing; a value of the wrong type is answered with nothing.
    """

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except OutOfScope as refused:
            from callbacks.refusals import audit_refusal

            audit_refusal(refused, func.__name__)
            raise PreventUpdate from refused
        except (TypeError, ValueError, KeyError, AttributeError) as bad:
            log.warning("callback %s refused malformed input: %r", func.__name__, bad)
            raise PreventUpdate from bad

    return wrapper


def load_all() -> None:
    """Import every module of the callbacks package so their specs are recorded."""
    import callbacks

    for info in pkgutil.iter_modules(callbacks.__path__):
        if info.name != "registry":
            importlib.import_module(f"callbacks.{info.name}")


def register_all(app: Dash) -> None:
    load_all()
    for spec in SPECS:
        app.callback(*spec.args, **spec.kwargs)(guarded(spec.func))
