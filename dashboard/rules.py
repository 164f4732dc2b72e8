"""Rules users may argue about, each with its reason, in one place.

Thresholds for bias signs, rankings categories and the like join this module as the
issues that need them land.
"""

from __future__ import annotations

import os

# Small-number suppression: an aggregate over fewer pupils than this is not shown, so that a
# tiny rural class cannot be re-identified and noise is not read as a result. 5 follows the
# usual statistical-disclosure practice; OKO_MIN_CELL overrides it.
DEFAULT_MIN_CELL = 5


def min_cell() -> int:
    return int(os.environ.get("OKO_MIN_CELL", DEFAULT_MIN_CELL))
