"""Views of the administration pages: pure functions from the rows data_access returns
(already limited to an administrator) to the table frames the pages show.

Times go through dashboard.formatting.format_date as UTC-aware instants (a naive time is
taken as UTC, as the database stores it); format_date shows them in the region's time zone.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

import pandas as pd

from dashboard import strings
from dashboard.formatting import NO_VALUE, format_date, format_number
from dashboard.ingest.schemas import KINDS, choice_name, column_title


def time_text(value: object, fmt: str = strings.ADMIN_TIME_FORMAT) -> str:
    """A stored time as text in `fmt` (through format_date); `NO_VALUE` for anything else."""
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
            columns["created_at"]: [time_text(r["created_at"]) for r in kept],
            columns["sessions"]: pd.Series(
                [int(live.get(r["login"], 0)) for r in kept], dtype="int64"
            ),
        }
    )


# ------------------------------------------------------------------ /admin/audit


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and pd.isna(value))


def scope_text(role: object, place: object, level: object = None) -> str:
    """Who acted, in users' terms: «муниципалитет, Карабашский городской округ»,
    «администратор, весь регион»; only the role when the place is unknown; "" for nobody."""
    if _missing(role):
        return ""
    name = {**strings.ROLE_NAMES, "cli": strings.AUDIT_ROLE_CLI}.get(str(role), str(role))
    if not _missing(place):
        return strings.AUDIT_SCOPE.format(role=name, place=place)
    if level == "region":
        return strings.AUDIT_SCOPE.format(role=name, place=strings.AUDIT_SCOPE_REGION)
    return name


ROADMAP_ITEM = re.compile(r"^roadmap_item=(\w+)$")
IMPORT_DETAIL = re.compile(r"^run=\S+ file=(?P<file>.*) sha256=\S+ errors=(?P<errors>\d+)$")
NO_TOTP = "admin without TOTP"


def asked_text(action: object, asked: object) -> str:
    """What was asked: an import's kind by its Russian title, a roadmap item in words."""
    if _missing(asked):
        return ""
    asked = str(asked)
    if action == "import" and asked in strings.INGEST_KIND_TITLES:
        return strings.INGEST_KIND_TITLES[asked]
    if found := ROADMAP_ITEM.match(asked):
        return strings.AUDIT_ASKED_ROADMAP_ITEM.format(id=found[1])
    return asked


STATUS_DONE = re.compile(
    r"^(?P<roadmap>\S+) (?P<number>\S+): (?P<old>\w+)->(?P<new>\w+) progress=(?P<progress>\d+)$"
)
STATUS_REFUSED = re.compile(r"^(?P<old>\w+)->(?P<new>\w+): (?P<reason>\w+)$")
ROADMAP = re.compile(r"^roadmap=(?P<code>\S+)$")
EVIDENCE = re.compile(r"^(?P<kind>link|file) (?P<title>.*?)(?: sha256=\w+)?$")
REVIEW = re.compile(r"^(?P<old>\w+) → (?P<new>\w+)$")
# callbacks.downloads.download_detail: "<what> format=<fmt>[ rows=<n>][ ... file=<name>]".
DOWNLOAD = re.compile(
    r"^(?P<what>[\w.]+) format=(?P<fmt>\w+)(?: rows=(?P<rows>\d+))?(?: .*?file=(?P<file>.*))?$"
)


def _name(names: dict, code: str) -> str:
    return names.get(code, code)


def _status_done(found: re.Match) -> str:
    statuses = strings.ROADMAP_STATUS_NAMES
    place = strings.AUDIT_DETAIL_ITEM.format(roadmap=found["roadmap"], number=found["number"])
    return strings.AUDIT_DETAIL_STATUS.format(
        place=place,
        old=_name(statuses, found["old"]),
        new=_name(statuses, found["new"]),
        progress=found["progress"],
    )


def _status_refused(found: re.Match) -> str:
    statuses = strings.ROADMAP_STATUS_NAMES
    reason = strings.ITEM_CHANGE_ERRORS.get(found["reason"], found["reason"]).rstrip(".")
    return strings.AUDIT_DETAIL_REFUSED.format(
        old=_name(statuses, found["old"]), new=_name(statuses, found["new"]), reason=reason
    )


def _review(found: re.Match) -> str:
    return strings.AUDIT_DETAIL_CHANGE.format(
        old=_name(strings.OBJ_STATUS, found["old"]), new=_name(strings.OBJ_STATUS, found["new"])
    )


def _download(found: re.Match) -> str:
    what = strings.AUDIT_DOWNLOADS.get(found["what"], found["what"])
    fmt = found["fmt"].upper()
    if found["file"] is not None:
        return strings.AUDIT_DETAIL_DOWNLOAD_FILE.format(what=what, file=found["file"], format=fmt)
    if found["rows"] is not None:
        return strings.AUDIT_DETAIL_DOWNLOAD_ROWS.format(what=what, format=fmt, rows=found["rows"])
    return strings.AUDIT_DETAIL_DOWNLOAD.format(what=what, format=fmt)


# (action, pattern, words) for the details the log keeps in a technical form.
DETAILS = (
    ("import", IMPORT_DETAIL, lambda f: strings.AUDIT_DETAIL_IMPORT.format(**f.groupdict())),
    ("roadmap_status", STATUS_DONE, _status_done),
    ("roadmap_status", STATUS_REFUSED, _status_refused),
    ("roadmap_status", ROADMAP, lambda f: strings.AUDIT_DETAIL_ROADMAP.format(code=f["code"])),
    ("roadmap_evidence", ROADMAP, lambda f: strings.AUDIT_DETAIL_ROADMAP.format(code=f["code"])),
    (
        "roadmap_evidence",
        EVIDENCE,
        lambda f: strings.AUDIT_DETAIL_EVIDENCE[f["kind"]].format(title=f["title"]),
    ),
    ("objectivity_review", REVIEW, _review),
    ("download", DOWNLOAD, _download),
)


def detail_text(detail: object, action: object = None) -> str:
    """The details, with the forms the log stores technically put in words."""
    if _missing(detail):
        return ""
    detail = str(detail)
    if detail == NO_TOTP:
        return strings.AUDIT_DETAIL_NO_TOTP
    if action == "roadmap_evidence" and detail in strings.AUDIT_EVIDENCE_REASONS:
        return strings.AUDIT_EVIDENCE_REASONS[detail]
    if action == "user_totp" and detail in strings.AUDIT_DETAIL_TOTP:
        return strings.AUDIT_DETAIL_TOTP[detail]
    if action == "objectivity_review" and detail == "comment required":
        return strings.AUDIT_DETAIL_COMMENT_REQUIRED
    for kind, pattern, words in DETAILS:
        if kind == action and (found := pattern.match(detail)):
            return words(found)
    return detail


def events_frame(events: pd.DataFrame) -> pd.DataFrame:
    """One page of audit events with Russian labels, to the second. The scope is named by the
    role and the municipality or school (data_access.audit adds `scope_role`/`scope_place`);
    an event without a granted scope (a failed sign-in) shows the role it was stored with."""
    columns = strings.AUDIT_COLUMNS
    if events.empty:
        return pd.DataFrame({label: pd.Series(dtype="object") for label in columns.values()})

    def column(name: str) -> list:
        return list(events[name]) if name in events else [None] * len(events)

    roles = [
        granted if not _missing(granted) else stored
        for granted, stored in zip(column("scope_role"), column("role"), strict=True)
    ]
    labelled = {
        "at": [
            time_text(v, strings.AUDIT_TIME_FORMAT) if not pd.isna(v) else "" for v in events["at"]
        ],
        "scope": [
            scope_text(role, place, level)
            for role, place, level in zip(
                roles, column("scope_place"), column("scope_level"), strict=True
            )
        ],
        "action": [strings.AUDIT_ACTIONS.get(v, _text(v)) for v in events["action"]],
        "scope_asked": [
            asked_text(action, asked)
            for action, asked in zip(events["action"], events["scope_asked"], strict=True)
        ],
        "outcome": [strings.AUDIT_OUTCOMES.get(v, _text(v)) for v in events["outcome"]],
        "detail": [
            detail_text(detail, action)
            for detail, action in zip(events["detail"], events["action"], strict=True)
        ],
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
            return [time_text(r["at"]) for r in rows]
        if name == "outcome":
            return [strings.IMPORTS_OUTCOMES.get(r["outcome"], r["outcome"]) for r in rows]
        if name == "kind":
            return [strings.INGEST_KIND_TITLES.get(r["kind"], _text(r["kind"])) for r in rows]
        if name in counts:
            return pd.Series([int(r[name] or 0) for r in rows], dtype="int64")
        if name == "reason":
            return [_run_state(r) for r in rows]
        return [_text(r[name]) for r in rows]

    return pd.DataFrame({label: values(name) for name, label in columns.items()})


def _run_state(run: dict) -> str:
    """Why a run failed, in Russian (the stored reason is "interrupted" or the error's class
    and message); where and how recently a running one is alive; '' otherwise."""
    outcome, reason = run.get("outcome"), run.get("reason")
    if outcome == "running":
        return strings.IMPORT_RUN_ALIVE.format(
            worker=_text(run.get("worker")), heartbeat=time_text(run.get("heartbeat_at"))
        )
    if outcome != "failed":
        return ""
    if reason == "interrupted":
        return strings.IMPORT_RUN_INTERRUPTED
    return strings.IMPORT_RUN_ERROR.format(error=_text(reason) or NO_VALUE)


def errors_frame(errors: Sequence[dict], kind: str | None = None) -> pd.DataFrame:
    """The errors of a refused file as text (line, column, message), in file order; a column
    by its Russian name when the kind is known."""
    columns = strings.IMPORTS_ERROR_COLUMNS
    return pd.DataFrame(
        {
            columns["line"]: [NO_VALUE if e["line"] is None else str(e["line"]) for e in errors],
            columns["column"]: [
                column_title(kind, e["column"]) if kind and e["column"] else e["column"] or NO_VALUE
                for e in errors
            ],
            columns["message"]: [str(e["message"]) for e in errors],
        },
        dtype="object",
    )


def _decimals(value: float, most: int = 6) -> int:
    """How many decimals `value` needs (at most `most`): 18.4 → 1, 54.17655 → 5, 30.0 → 0."""
    text = f"{value:.{most}f}".rstrip("0")
    return len(text.partition(".")[2])


def cell_text(kind: str, name: str, value: object) -> str:
    """One value of a file as the preview shows it: numbers with a decimal comma, dates as
    dd.mm.yyyy, choice codes by their Russian names; whole numbers (years, classes, counts)
    without a thousands space; `NO_VALUE` for an empty cell."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return NO_VALUE
    field = FIELD_TYPES.get((kind, name))
    if isinstance(value, bool):
        return strings.FORMAT_YES if value else strings.FORMAT_NO
    if field == "float" and isinstance(value, int | float):
        return format_number(value, _decimals(float(value)))
    if field == "date" and isinstance(value, dt.date):
        return format_date(value)
    if field == "choice":
        return str(choice_name(kind, name, value))
    return str(value)


FIELD_TYPES = {(kind.name, f.name): f.type for kind in KINDS.values() for f in kind.fields}


def preview_frame(kind: str, fields: Sequence[str], records: Sequence[dict]) -> pd.DataFrame:
    """The first rows of a file as read, under the Russian column names, every value as text
    (cell_text)."""
    return pd.DataFrame(
        [[cell_text(kind, f, r.get(f)) for f in fields] for r in records],
        columns=[column_title(kind, f) for f in fields],
        dtype="object",
    )


def record_text(kind: str, key: dict) -> str:
    """A row's natural key in words: «Код ОО: 740101» (parts joined by «; »)."""
    return "; ".join(
        strings.IMPORTS_RECORD_PART.format(
            column=column_title(kind, name), value=cell_text(kind, name, value)
        )
        for name, value in key.items()
    )


def changes_frame(kind: str, changes: Sequence) -> pd.DataFrame:
    """What an import changes (data_access.import_changes.Change rows): one line per changed
    column, «старое → новое» in the file's Russian terms."""
    columns = strings.IMPORTS_CHANGE_COLUMNS
    lines = [
        {
            columns["line"]: str(change.line),
            columns["record"]: record_text(kind, change.key),
            columns["column"]: column_title(kind, name),
            columns["change"]: strings.IMPORTS_CHANGE.format(
                before=cell_text(kind, name, before), after=cell_text(kind, name, after)
            ),
        }
        for change in changes
        for name, before, after in change.columns
    ]
    return pd.DataFrame(lines, columns=list(columns.values()), dtype="object")
