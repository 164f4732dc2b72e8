"""Views of the administration pages: pure functions from the rows data_access returns
(already limited to an administrator) to the table frames the pages show.

Times are shown in UTC, as the pages say: a naive time is taken as UTC (as the database
stores it), an aware one is converted.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from dashboard import strings
from dashboard.formatting import NO_VALUE, format_date


def utc_text(value: object, fmt: str = strings.ADMIN_TIME_FORMAT) -> str:
    """A datetime as UTC text in `fmt`; `NO_VALUE` for anything that is not a time."""
    try:
        stamp = pd.Timestamp(value)
    except (TypeError, ValueError):
        return NO_VALUE
    if pd.isna(stamp):
        return NO_VALUE
    stamp = stamp.tz_localize("UTC") if stamp.tzinfo is None else stamp.tz_convert("UTC")
    return format_date(stamp, fmt)


def _text(value: object) -> str:
    """A cell as text: '' for a missing value (None, NaN)."""
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)


# ------------------------------------------------------------------ /admin/users


def users_frame(
    rows: Sequence[dict], live: dict[str, int], role: str | None = None, state: str | None = None
) -> pd.DataFrame:
    """The user table: one row per account with its live sessions; `role` and `state`
    ("active" / "disabled") keep only the matching accounts."""
    columns = strings.USERS_COLUMNS
    kept = [
        r
        for r in rows
        if (role is None or r["role"] == role)
        and (state is None or bool(r["is_active"]) == (state == "active"))
    ]
    return pd.DataFrame(
        {
            columns["login"]: [r["login"] for r in kept],
            columns["role"]: [strings.ROLE_NAMES.get(r["role"], r["role"]) for r in kept],
            columns["municipality_code"]: [r["municipality_code"] or NO_VALUE for r in kept],
            columns["school_code"]: [r["school_code"] or NO_VALUE for r in kept],
            columns["state"]: [
                strings.USER_ACTIVE if r["is_active"] else strings.USER_DISABLED for r in kept
            ],
            columns["created_at"]: [utc_text(r["created_at"]) for r in kept],
            columns["sessions"]: pd.Series(
                [int(live.get(r["login"], 0)) for r in kept], dtype="int64"
            ),
        }
    )


# ------------------------------------------------------------------ /admin/audit


def events_frame(events: pd.DataFrame) -> pd.DataFrame:
    """One page of audit events with Russian labels; the time is UTC to the second."""
    columns = strings.AUDIT_COLUMNS
    if events.empty:
        return pd.DataFrame({label: pd.Series(dtype="object") for label in columns.values()})
    labelled = {
        "at": [
            utc_text(v, strings.AUDIT_TIME_FORMAT) if not pd.isna(v) else "" for v in events["at"]
        ],
        "role": [strings.ROLE_NAMES.get(v, _text(v)) for v in events["role"]],
        "action": [strings.AUDIT_ACTIONS.get(v, _text(v)) for v in events["action"]],
        "outcome": [strings.AUDIT_OUTCOMES.get(v, _text(v)) for v in events["outcome"]],
    }
    return pd.DataFrame(
        {
            label: labelled[name] if name in labelled else [_text(v) for v in events[name]]
            for name, label in columns.items()
        }
    )


# ------------------------------------------------------------------ /admin/imports


def runs_frame(rows: Sequence[dict]) -> pd.DataFrame:
    """The latest imports, newest first; counts stay numbers (the grid sorts them)."""
    columns = strings.IMPORTS_RUN_COLUMNS
    counts = ("rows_inserted", "rows_updated", "rows_unchanged", "error_count")

    def values(name: str) -> list | pd.Series:
        if name == "at":
            return [utc_text(r["at"]) for r in rows]
        if name == "outcome":
            return [strings.IMPORTS_OUTCOMES.get(r["outcome"], r["outcome"]) for r in rows]
        if name in counts:
            return pd.Series([int(r[name] or 0) for r in rows], dtype="int64")
        return [_text(r[name]) for r in rows]

    return pd.DataFrame({label: values(name) for name, label in columns.items()})


def errors_frame(errors: Sequence[dict]) -> pd.DataFrame:
    """The errors of a refused file as text (line, column, message), in file order."""
    columns = strings.IMPORTS_ERROR_COLUMNS
    return pd.DataFrame(
        {
            columns["line"]: [NO_VALUE if e["line"] is None else str(e["line"]) for e in errors],
            columns["column"]: [e["column"] or NO_VALUE for e in errors],
            columns["message"]: [str(e["message"]) for e in errors],
        },
        dtype="object",
    )


def preview_frame(fields: Sequence[str], records: Sequence[dict]) -> pd.DataFrame:
    """The first rows of a file as read: every value as text, so a year is not shown as a
    number with a thousands space."""
    return pd.DataFrame(
        [[NO_VALUE if r.get(f) is None else str(r.get(f)) for f in fields] for r in records],
        columns=list(fields),
        dtype="object",
    )
