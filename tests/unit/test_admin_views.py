"""The administration pages' selections (address ↔ controls) and table views, on hand-made rows."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from callbacks.admin_audit_query import AuditSelection
from callbacks.admin_imports_query import ImportsSelection
from callbacks.admin_users_query import UsersSelection
from callbacks.uploads import UploadRefused, decode_upload
from dashboard import strings
from dashboard.figures import admin as views
from dashboard.web import tables

# ------------------------------------------------------------------ selections


def test_audit_selection_round_trips_through_the_address():
    picked = AuditSelection.parse(
        "2024-01-31", "2024-02-29T00:00:00", "  Dir ", "login", "denied", 3
    )
    assert picked == AuditSelection(
        dt.date(2024, 1, 31), dt.date(2024, 2, 29), "Dir", "login", "denied", 3
    )
    query = picked.query()
    assert query == (
        "?since=2024-01-31&until=2024-02-29&login=Dir&action=login&outcome=denied&page=3"
    )
    assert AuditSelection.from_query(query) == picked
    assert picked.controls() == ("2024-01-31", "2024-02-29", "Dir", "login", "denied")
    assert picked.filters == {
        "since": dt.date(2024, 1, 31),
        "until": dt.date(2024, 2, 29),
        "login": "Dir",
        "action": "login",
        "outcome": "denied",
    }


def test_audit_selection_leaves_out_what_is_not_set():
    assert AuditSelection().query() == ""
    assert AuditSelection(page=1, login="a").query() == "?login=a"  # page 1 is the default
    assert AuditSelection.from_query("") == AuditSelection()


@pytest.mark.parametrize("junk", [None, ["x"], {"a": 1}, "2024-13-45", 3.5, -1, True, "x" * 500])
def test_audit_selection_of_junk_is_no_filter(junk):
    texts = None if isinstance(junk, str) and len(junk) < 20 else junk  # a short text is a filter
    assert AuditSelection.parse(junk, junk, texts, texts, texts, junk) == AuditSelection()
    assert AuditSelection.from_query(junk) == AuditSelection()


def test_audit_selection_of_a_forged_address():
    forged = AuditSelection.from_query("?since=yesterday&page=-4&login=" + "x" * 300 + "&action=a")
    assert forged == AuditSelection(action="a")


def test_users_selection_round_trips_and_refuses_unknown_values():
    picked = UsersSelection.parse("school", "disabled")
    assert picked.query() == "?role=school&state=disabled"
    assert UsersSelection.from_query(picked.query()) == picked
    assert UsersSelection.parse("superuser", ["active"]) == UsersSelection()
    assert UsersSelection().query() == ""


def test_imports_selection_round_trips_known_kinds_only():
    assert ImportsSelection.from_query(ImportsSelection.parse("context").query()).kind == "context"
    assert ImportsSelection.parse("../etc").kind is None
    assert ImportsSelection.parse({"kind": "context"}).query() == ""


# ------------------------------------------------------------------ views


def _users() -> list[dict]:
    created = dt.datetime(2024, 3, 1, 9, 5, tzinfo=dt.timezone(dt.timedelta(hours=5)))
    return [
        {
            "login": "ann",
            "role": "school",
            "municipality_code": None,
            "school_code": "740101",
            "is_active": True,
            "created_at": created,
        },
        {
            "login": "bob",
            "role": "region",
            "municipality_code": None,
            "school_code": None,
            "is_active": False,
            "created_at": dt.datetime(2024, 3, 2, 23, 59),
        },
    ]


def test_users_frame_labels_counts_and_shows_utc():
    frame = views.users_frame(_users(), {"ann": 2})
    columns = strings.USERS_COLUMNS
    assert list(frame.columns) == list(columns.values())
    ann, bob = frame.to_dict("records")
    assert ann[columns["role"]] == strings.ROLE_NAMES["school"]
    assert ann[columns["created_at"]] == "01.03.2024 04:05"  # +05:00 shown in UTC
    assert bob[columns["created_at"]] == "02.03.2024 23:59"  # naive means UTC already
    assert (ann[columns["sessions"]], bob[columns["sessions"]]) == (2, 0)
    assert bob[columns["state"]] == strings.USER_DISABLED and bob[columns["school_code"]] == "—"
    assert pd.api.types.is_integer_dtype(frame[columns["sessions"]])


def test_users_frame_filters_by_role_and_state():
    login = strings.USERS_COLUMNS["login"]
    assert views.users_frame(_users(), {}, role="region")[login].tolist() == ["bob"]
    assert views.users_frame(_users(), {}, state="active")[login].tolist() == ["ann"]
    empty = views.users_frame(_users(), {}, role="admin")
    assert empty.empty and list(empty.columns) == list(strings.USERS_COLUMNS.values())


def test_events_frame_translates_codes_and_keeps_the_unknown():
    events = pd.DataFrame(
        {
            "id": [2, 1],
            "at": pd.to_datetime(["2024-05-01 10:11:12", None], utc=True),
            "user_login": ["ann", None],
            "role": ["admin", None],
            "ip": ["10.0.0.1", None],
            "action": ["login", "custom_action"],
            "scope_asked": [None, "740101"],
            "scope_granted": ["region", None],
            "outcome": ["denied", "odd"],
            "detail": [None, float("nan")],
        }
    )
    frame = views.events_frame(events)
    columns = strings.AUDIT_COLUMNS
    assert list(frame.columns) == list(columns.values())
    first, second = frame.to_dict("records")
    assert first[columns["at"]] == "01.05.2024 10:11:12 UTC" and second[columns["at"]] == ""
    assert first[columns["action"]] == strings.AUDIT_ACTIONS["login"]
    assert second[columns["action"]] == "custom_action" and second[columns["outcome"]] == "odd"
    assert first[columns["outcome"]] == strings.AUDIT_OUTCOMES["denied"]
    assert second[columns["detail"]] == "" and second[columns["user_login"]] == ""
    assert views.events_frame(events.iloc[0:0]).empty


def test_runs_frame_keeps_counts_as_numbers():
    rows = [
        {
            "id": 1,
            "at": dt.datetime(2024, 1, 2, 3, 4, tzinfo=dt.UTC),
            "user_login": "admin",
            "file_name": "c.csv",
            "kind": "context",
            "rows_inserted": 1200,
            "rows_updated": 0,
            "rows_unchanged": 3,
            "outcome": "rejected",
            "error_count": 2,
            "sha256": "x",
        }
    ]
    frame = views.runs_frame(rows)
    columns = strings.IMPORTS_RUN_COLUMNS
    assert list(frame.columns) == list(columns.values())
    row = frame.iloc[0]
    assert row[columns["at"]] == "02.01.2024 03:04"
    assert row[columns["outcome"]] == strings.IMPORTS_OUTCOMES["rejected"]
    assert row[columns["rows_inserted"]] == 1200
    assert pd.api.types.is_integer_dtype(frame[columns["error_count"]])


def test_preview_and_errors_stay_text():
    preview = views.preview_frame(
        ["school_code", "year", "value"], [{"school_code": "740101", "year": 2024, "value": None}]
    )
    assert preview.iloc[0].tolist() == ["740101", "2024", "—"]
    errors = views.errors_frame(
        [
            {"line": 3, "column": None, "message": "плохо"},
            {"line": None, "column": "year", "message": "x"},
        ]
    )
    assert errors.values.tolist() == [["3", "—", "плохо"], ["—", "year", "x"]]


def test_row_classes_point_at_the_column_of_the_frame():
    frame = views.runs_frame([])
    rules = tables.row_classes(
        frame,
        strings.IMPORTS_RUN_COLUMNS["outcome"],
        {"отклонён": "bg-danger-subtle", "ошибка": "bg-danger-subtle"},
    )
    index = list(strings.IMPORTS_RUN_COLUMNS).index("outcome")
    assert rules == {
        "bg-danger-subtle": f'params.data.c{index} === "отклонён" || '
        f'params.data.c{index} === "ошибка"'
    }


# ------------------------------------------------------------------ uploads


def test_upload_refusals_name_their_reason():
    with pytest.raises(UploadRefused) as unreadable:
        decode_upload("not a data url", 100)
    assert unreadable.value.reason == "unreadable"
    with pytest.raises(UploadRefused) as large:
        decode_upload("data:text/csv;base64," + "QUJD" * 100, 10)
    assert large.value.reason == "too_large"
    assert decode_upload("data:text/csv;base64,QUJD", 10) == b"ABC"
