"""A per-app callback registry, and the one place that decides what a failed callback shows.

Dash's global `dash.callback` list is consumed by the first app built, so tests that build
several apps would lose callbacks. Here each module records its specs once at import and
`register_all(app)` binds them to every app created. The recorded function stays the plain
function, so tests can call it directly.
"""

from __future__ import annotations

import datetime as dt
import functools
import importlib
import logging
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass

from dash import Dash, Output, no_update, set_props
from dash.exceptions import PreventUpdate
from flask import g, has_request_context

from callbacks.inputs import BadInput
from data_access.breaker import database_unavailable
from data_access.fit_budget import FitBudgetExceeded
from data_access.scope import OutOfScope

log = logging.getLogger(__name__)

#: Response header set when a callback crashed, so tests (and proxies' logs) tell a crash
#: from a refusal: a refusal answers 204, a crash answers 200 with the error shown.
ERROR_HEADER = "X-OKO-Callback-Error"


@dataclass(frozen=True)
class CallbackSpec:
    func: Callable
    args: tuple
    kwargs: dict
    memo: bool | Callable[[], object] = False

    def __str__(self) -> str:
        return f"{self.func.__module__}.{self.func.__name__}"

    @property
    def outputs(self) -> list[Output]:
        """The Output objects in declaration order (positional, lists or `output=`)."""
        found: list[Output] = []
        for arg in (*self.args, self.kwargs.get("output")):
            if isinstance(arg, Output):
                found.append(arg)
            elif isinstance(arg, list | tuple):
                found.extend(a for a in arg if isinstance(a, Output))
        return found

    @functools.cached_property
    def single_output(self) -> bool:
        """Whether Dash expects a bare value (not a list): asked of Dash's own argument reader."""
        from dash.dependencies import handle_grouped_callback_args

        output = handle_grouped_callback_args(list(self.args), dict(self.kwargs))[0]
        return isinstance(output, Output)


SPECS: list[CallbackSpec] = []


def callback(*args, memo: bool | Callable[[], object] = False, **kwargs):
    """Record a callback spec (same arguments as `dash.callback`).

    `memo=True` keeps the answer in the data cache, keyed by the caller's scope, the inputs and
    what triggered the call and the day, until the next import or data change (see
    `_memoized`): for the callbacks that only read (figures, tables, the pickers a page opens
    with), never for callbacks that write, audit or download. A view that depends on something
    else (the date the page takes for «today») passes `memo=` a function returning it; it joins
    the key. Memoised views are also noted (data_access.view_demand), so that an import answers
    them again for its new data before it commits (callbacks.warm): replaying must be harmless,
    which reading only guarantees.
    """

    def decorate(func: Callable) -> Callable:
        SPECS.append(CallbackSpec(func, args, kwargs, memo))
        return func

    return decorate


def _memoized(spec: CallbackSpec, args: tuple, kwargs: dict):
    """The callback's answer for this scope and these inputs, computed once per data version.

    The answer is kept as the JSON the renderer receives (components and figures already
    converted), so a repeated view costs a cache read instead of queries and figure building.
    An output left as it was (`no_update`) is kept as such; a crash is never kept.
    """
    import orjson
    from dash import ctx
    from plotly.io.json import to_json_plotly

    from dashboard.auth import current_scope
    from data_access import cache

    scope = current_scope()
    also = spec.memo() if callable(spec.memo) else dt.date.today()
    key = {"inputs": [args, kwargs], "triggered": sorted(ctx.triggered_prop_ids), "also": also}
    name = f"view:{spec}"
    hit = cache.lookup(scope, name, key)
    if hit is not None:
        _note_view(scope, name)
        return hit[0] if spec.single_output else [_restored(v) for v in hit]
    value = spec.func(*args, **kwargs)
    values = [value] if spec.single_output else list(value)
    if (spec.single_output and value is no_update) or g.get("oko_callback_error"):
        return value
    kept = [KEPT_NO_UPDATE if v is no_update else orjson.loads(to_json_plotly(v)) for v in values]
    cache.store(scope, name, key, kept)
    _note_view(scope, name)
    return value


#: Set in `g` while callbacks.warm answers noted views again inside an import.
WARMING = "oko_warming"


def _note_view(scope, name: str) -> None:
    """Note the view for `callbacks.warm` (data_access.view_demand): its request as sent."""
    from flask import request

    from data_access import view_demand

    if not has_request_context() or g.get(WARMING):
        return
    body = request.get_json(silent=True)
    if isinstance(body, dict) and "output" in body:
        view_demand.note(scope, name, body)


#: How a kept answer marks an output the callback left as it was (`no_update`).
KEPT_NO_UPDATE = {"oko:no_update": True}


def _restored(value):
    return no_update if value == KEPT_NO_UPDATE else value


def _error_value(output: Output, message: str | None = None):
    """What a block shows when its callback crashed (or, with `message`, could not answer
    now): the message where it can show one."""
    from dashboard.figures.template import empty_figure
    from dashboard.web.components import error_alert, refusal_alert

    if not isinstance(output.component_id, str):
        return no_update  # pattern-matching outputs expect a list of unknown length
    if output.component_property == "figure":
        return empty_figure(message or _message())
    if output.component_property == "children":
        return refusal_alert(message) if message else error_alert()
    return no_update


def _message() -> str:
    from dashboard import strings

    return strings.CALLBACK_ERROR


def failure_response(spec: CallbackSpec, message: str | None = None):
    """The outputs of a crashed callback: an error in each block that can show one, and the
    page-level error banner (so a callback that only updates data still shows something).
    `message` replaces the generic text (the database does not answer)."""
    from dashboard.ids import Shell

    values = [_error_value(o, message) for o in spec.outputs]
    set_props(Shell.ERROR, {"children": message or _message(), "is_open": True})
    if has_request_context():
        g.oko_callback_error = True
    if not values:
        return None
    return values[0] if spec.single_output else values


def busy_response(spec: CallbackSpec):
    """The outputs when the user has used this minute's new model fits: the Russian reason in
    each block that can show one; neither a refusal (204) nor a crash, and never memoised."""
    from dashboard import strings

    values = [_error_value(o, strings.CALLBACK_BUSY) for o in spec.outputs]
    if not values:
        raise PreventUpdate
    return values[0] if spec.single_output else values


def guarded(spec: CallbackSpec) -> Callable:
    """Refusals answer nothing (204); anything else that goes wrong is a logged server error.

    Every callback is a public endpoint taking any JSON. An out-of-scope object is audited and
    answered with nothing; an input the parsers reject (`BadInput`) is answered with nothing.
    Any other exception is a bug: it is logged with its traceback and the user sees a generic
    message in the block that failed, never a silent 204 that looks like a refusal.
    """
    func = spec.func

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            if spec.memo:
                return _memoized(spec, args, kwargs)
            return func(*args, **kwargs)
        except PreventUpdate:
            raise
        except OutOfScope as refused:
            from callbacks.refusals import audit_refusal

            if not g.get(WARMING):  # nobody asked: a view noted earlier, out of reach now
                audit_refusal(refused, func.__name__)
            raise PreventUpdate from refused
        except BadInput as bad:
            log.info("callback %s refused input: %s", func.__name__, bad)
            raise PreventUpdate from bad
        except FitBudgetExceeded as busy:
            log.info("callback %s: %s", func.__name__, busy)
            return busy_response(spec)
        except Exception as error:
            if database_unavailable(error):  # fail fast with the reason, not a generic crash
                from dashboard import strings

                log.warning("callback %s: the database does not answer (%s)", spec, error)
                return failure_response(spec, strings.DATABASE_UNAVAILABLE)
            log.exception("callback %s failed", spec)
            return failure_response(spec)

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
        app.callback(*spec.args, **spec.kwargs)(guarded(spec))

    @app.server.after_request
    def mark_failed_callback(response):
        if g.get("oko_callback_error"):
            response.headers[ERROR_HEADER] = "1"
        return response
