"""Charts a person can read: at most MAX_CATEGORIES bars or rows by default.

A long list is cut to its top and bottom by value, the user's own rows always kept, and the
chart says how many were left out (a «показать все» switch brings them back).
"""

from __future__ import annotations

import pandas as pd

from dashboard.figures.template import MAX_CATEGORIES


def top_and_bottom(
    frame: pd.DataFrame,
    value: str,
    *,
    limit: int = MAX_CATEGORIES,
    own: str | None = "own",
    show_all: bool = False,
) -> tuple[pd.DataFrame, int]:
    """The rows to draw (sorted by `value`, highest first) and how many were left out.

    Keeps the best and the worst halves of `limit`, plus every row whose `own` column is
    true; rows with no value go last and are the first to be left out.
    """
    ordered = frame.sort_values(value, ascending=False, na_position="last", kind="stable")
    if show_all or len(ordered) <= limit:
        return ordered, 0
    valued = ordered[ordered[value].notna()]
    half = max(1, limit // 2)
    keep = pd.Index(valued.index[:half]).union(valued.index[-half:])
    if own and own in ordered.columns:
        keep = keep.union(ordered.index[ordered[own].fillna(False).astype(bool)])
    shown = ordered.loc[ordered.index.isin(keep)]
    return shown, len(ordered) - len(shown)


def natural_key(label: object) -> tuple:
    """Sort «школа 2» before «школа 10»: digits compare as numbers, text as text."""
    import re

    parts = re.split(r"(\d+)", str(label))
    return tuple(int(p) if p.isdigit() else p.casefold() for p in parts)
