"""One warm kaleido browser per process: every PDF and chart image of the reports goes through it.

Starting Chromium takes seconds, so kaleido's sync server (one browser, kept open on a
background thread) is started on first use and reused by every later report: a story export
renders all its charts and pages in that one browser rather than one browser per chart.
`render` hands kaleido a batch of figures in one call.

kaleido's server answers one caller at a time through a shared queue (two threads calling at
once could swap their answers), so calls are serialised here by a lock. A forked worker
(gunicorn) does not inherit the browser thread: it starts its own on first use.
"""

from __future__ import annotations

import os
import tempfile
import threading
import warnings
from collections.abc import Sequence
from pathlib import Path

import plotly.graph_objects as go

_lock = threading.Lock()
_pid: int | None = None  # the process that started the browser
starts = 0  # browsers started by this process (a test checks an export starts at most one)


def _ensure_started() -> None:
    """Start kaleido's browser unless this process already has it (call under `_lock`)."""
    global _pid, starts
    import kaleido

    if _pid == os.getpid():
        return
    if _pid is not None:  # inherited through fork: the browser thread is not ours
        kaleido.stop_sync_server(silence_warnings=True)
    kaleido.start_sync_server(silence_warnings=True)
    _pid = os.getpid()
    starts += 1


def warm() -> None:
    """Start the browser now (e.g. before a long export) rather than on the first image."""
    with _lock:
        _ensure_started()


def _figure_dict(fig: go.Figure | dict) -> dict:
    return fig.to_dict() if isinstance(fig, go.Figure) else go.Figure(fig).to_dict()


def render(
    figures: Sequence[go.Figure | dict],
    fmt: str = "png",
    width: int = 1200,
    height: int = 600,
    scale: float = 1,
) -> list[bytes]:
    """The figures rendered by the warm browser, in order, as `fmt` ("png", "svg", "pdf")
    at `width`×`height` CSS pixels (`scale` multiplies the pixels of raster formats)."""
    if not figures:
        return []
    opts = {"format": fmt, "width": width, "height": height, "scale": scale}
    with _lock, tempfile.TemporaryDirectory(prefix="oko-kaleido-") as folder:
        _ensure_started()
        paths = [Path(folder) / f"{n}.{fmt}" for n in range(len(figures))]
        specs = [
            {"fig": _figure_dict(fig), "path": path, "opts": opts}
            for fig, path in zip(figures, paths, strict=True)
        ]
        import kaleido

        with warnings.catch_warnings():  # plotly's version notice is not ours to act on
            warnings.simplefilter("ignore", UserWarning)
            kaleido.write_fig_from_object_sync(specs, cancel_on_error=True)
        return [path.read_bytes() for path in paths]


def render_one(fig: go.Figure | dict, fmt: str, width: int, height: int, scale: float = 1) -> bytes:
    """One figure as `fmt` bytes (see `render`)."""
    return render([fig], fmt, width, height, scale)[0]
