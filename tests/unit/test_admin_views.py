"""The administration pages' selections (address ↔ controls) and table views, on hand-made rows."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest

from callbacks.admin_audit_query import AuditSelection
from callbacks.admin_imports_query import ImportsSelection
from callbacks.admin_users_query import UsersSelection
from callbacks.uploads import UploadRefused, decode_upload
from dashboard import strings
from dashboard.figures import admin as views
from dashboard.formatting import format_date
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


def _shown(utc: str, fmt: str = strings.ADMIN_TIME_FORMAT) -> str:
    """How format_date shows this UTC instant (in the region's time zone)."""
    return format_date(pd.Timestamp(utc, tz="UTC"), fmt)


def test_users_frame_labels_counts_and_times():
    frame = views.users_frame(_users(), {"ann": 2})
    columns = strings.USERS_COLUMNS
    assert list(frame.columns) == list(columns.values())
    ann, bob = frame.to_dict("records")
    assert ann[columns["role"]] == strings.ROLE_NAMES["school"]
    assert ann[columns["created_at"]] == _shown("2024-03-01 04:05")  # the +05:00 instant
    assert bob[columns["created_at"]] == _shown("2024-03-02 23:59")  # naive means UTC
    assert "UTC" not in " ".join(columns.values())
    assert (ann[columns["sessions"]], bob[columns["sessions"]]) == (2, 0)
    assert bob[columns["state"]] == strings.USER_DISABLED and bob[columns["school_code"]] == "—"
    assert pd.api.types.is_integer_dtype(frame[columns["sessions"]])


def test_users_frame_filters_by_role_and_state():
    login = strings.USERS_COLUMNS["login"]
    assert views.users_frame(_users(), {}, role="region")[login].tolist() == ["bob"]
    assert views.users_frame(_users(), {}, state="active")[login].tolist() == ["ann"]
    empty = views.users_frame(_users(), {}, role="admin")
    assert empty.empty and list(empty.columns) == list(strings.USERS_COLUMNS.values())


def _events() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "id": [3, 2, 1],
            "at": pd.to_datetime(["2024-05-01 10:11:12", "2024-05-01 09:00:00", None], utc=True),
            "user_login": ["ann", "bob", None],
            "role": ["admin", "municipality", None],
            "ip": ["10.0.0.1", None, None],
            "action": ["login", "import", "custom_action"],
            "scope_asked": [None, "schools", "roadmap_item=12"],
            "scope_granted": ["admin region=None", "municipality municipality=4", None],
            "outcome": ["denied", "refused", "odd"],
            "detail": [
                "admin without TOTP",
                "run=7 file=a b.csv sha256=ab12 errors=3",
                float("nan"),
            ],
            "scope_role": ["admin", "municipality", None],
            "scope_level": ["region", "municipality", None],
            "scope_place": [None, "Северный район", None],
        }
    )


def test_events_frame_speaks_russian_and_keeps_the_unknown():
    frame = views.events_frame(_events())
    columns = strings.AUDIT_COLUMNS
    assert list(frame.columns) == list(columns.values())
    first, second, third = frame.to_dict("records")
    assert first[columns["at"]] == _shown("2024-05-01 10:11:12", strings.AUDIT_TIME_FORMAT)
    assert third[columns["at"]] == ""
    assert first[columns["action"]] == strings.AUDIT_ACTIONS["login"] == "вход"
    assert second[columns["action"]] == "импорт данных"
    assert third[columns["action"]] == "custom_action" and third[columns["outcome"]] == "odd"
    assert first[columns["outcome"]] == strings.AUDIT_OUTCOMES["denied"]
    assert second[columns["outcome"]] == "отклонено"
    # the granted scope in users' terms, never the stored «region=None»
    assert first[columns["scope"]] == "администратор, весь регион"
    assert second[columns["scope"]] == "муниципалитет, Северный район"
    assert third[columns["scope"]] == ""
    assert second[columns["scope_asked"]] == strings.INGEST_KIND_TITLES["schools"]
    assert third[columns["scope_asked"]] == "мероприятие дорожной карты (№ 12 в базе)"
    assert second[columns["detail"]] == "файл «a b.csv», ошибок: 3"
    assert first[columns["detail"]] == strings.AUDIT_DETAIL_NO_TOTP
    assert third[columns["detail"]] == "" and third[columns["user_login"]] == ""
    shown = frame.to_string()
    assert "None" not in shown and "region=" not in shown and "UTC" not in shown
    assert views.events_frame(_events().iloc[0:0]).empty


def test_a_scope_without_its_place_shows_the_role_only():
    assert views.scope_text("school", None, "school") == strings.ROLE_NAMES["school"]
    assert views.scope_text(None, "x") == ""


def _recorded_actions() -> set[str]:
    """Every action code the code base writes to the audit log, read from the source: the
    first argument of audit.record / audited / _audited_change, `action=` arguments,
    require_editor's action and the action tables of the user and expert forms."""
    root = Path(__file__).resolve().parents[2]
    patterns = (
        r'audit\.record\(\s*"(\w+)"',
        r'audited\(\s*"(\w+)"',
        r'_audited_change\(\s*"(\w+)"',
        r'action(?:: str)?\s*=\s*"(\w+)"',
        r'require_editor\([^)]*"(\w+)"\)',
        r'ids\.\w+: \(\s*"(\w+)",',
        r'"(expert_\w+)" if .* else "(expert_\w+)"',
    )
    found: set[str] = set()
    for folder in ("callbacks", "data_access", "dashboard", "pages"):
        for path in (root / folder).rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            for pattern in patterns:
                for match in re.finditer(pattern, text):
                    found.update(group for group in match.groups() if group)
    return found


def test_every_audited_action_has_a_russian_name():
    actions = _recorded_actions()
    known = {
        "login",
        "callback",
        "import",
        "objectivity_review",
        "roadmap_status",
        "roadmap_evidence",
    }
    assert (
        known | {"user_disable", "user_password_reset", "kpi_target", "expert_exclude"} <= actions
    )
    assert actions <= set(strings.AUDIT_ACTIONS), actions - set(strings.AUDIT_ACTIONS)
    for name in strings.AUDIT_ACTIONS.values():
        assert re.search("[а-яё]", name) and not re.search("[a-z]", name), name


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
    assert row[columns["at"]] == _shown("2024-01-02 03:04")
    assert row[columns["kind"]] == strings.INGEST_KIND_TITLES["context"]
    assert row[columns["outcome"]] == strings.IMPORTS_OUTCOMES["rejected"]
    assert row[columns["rows_inserted"]] == 1200
    assert pd.api.types.is_integer_dtype(frame[columns["error_count"]])


def test_preview_speaks_russian_and_keeps_years_and_codes_as_written():
    preview = views.preview_frame(
        "schools",
        ["school_code", "kind", "locality", "latitude", "address"],
        [
            {
                "school_code": "740101",
                "kind": "gymnasium",
                "locality": "rural",
                "latitude": 54.17655,
                "address": None,
            }
        ],
    )
    assert list(preview.columns) == ["Код ОО", "Тип", "Местность", "Широта", "Адрес"]
    assert preview.iloc[0].tolist() == ["740101", "гимназия", "сельская", "54,17655", "—"]
    dates = views.preview_frame(
        "procedures",
        ["year", "held_on", "max_score", "kind"],
        [{"year": 2024, "held_on": dt.date(2024, 4, 15), "max_score": 1234.5, "kind": "vpr"}],
    )
    assert dates.iloc[0].tolist() == ["2024", "15.04.2024", "1\u2009234,5", "ВПР"]


def test_errors_stay_text_and_name_columns_in_russian():
    errors = [
        {"line": 3, "column": None, "message": "плохо"},
        {"line": None, "column": "year", "message": "x"},
    ]
    assert views.errors_frame(errors).values.tolist() == [["3", "—", "плохо"], ["—", "year", "x"]]
    assert views.errors_frame(errors, "context").values.tolist()[1] == ["—", "Год", "x"]


def test_changes_show_old_and_new_values_in_russian_terms():
    change = SimpleNamespace(
        line=4,
        key={"procedure_code": "p1", "school_code": "740101"},
        columns=[("mean_score", 13.24, 18.4), ("marks_2", None, 4)],
    )
    frame = views.changes_frame("results", [change])
    assert list(frame.columns) == list(strings.IMPORTS_CHANGE_COLUMNS.values())
    assert frame.values.tolist() == [
        ["4", "Код процедуры: p1; Код ОО: 740101", "Средний балл", "13,24 → 18,4"],
        ["4", "Код процедуры: p1; Код ОО: 740101", "Отметка 2", "— → 4"],
    ]
    assert views.changes_frame("results", []).empty


def test_row_classes_point_at_the_column_of_the_frame():
    frame = views.runs_frame([])
    rules = tables.row_classes(
        frame,
        strings.IMPORTS_RUN_COLUMNS["outcome"],
        {"отклонён": "bg-danger-subtle", "ошибка": "bg-danger-subtle"},
    )
    index = list(strings.IMPORTS_RUN_COLUMNS).index("outcome")
    assert rules == {
        "bg-danger-subtle": f'!!params.data && (params.data.c{index} === "отклонён" || '
        f'params.data.c{index} === "ошибка")'
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


@pytest.mark.parametrize(
    ("action", "detail", "shown"),
    [
        (
            "roadmap_status",
            "msoko-2025 1.2: planned->done progress=100",
            "msoko-2025, п. 1.2: запланировано → выполнено, выполнение 100 %",
        ),
        (
            "roadmap_status",
            "planned->cancelled: cancel_needs_comment",
            "запланировано → отменено: При отмене укажите причину в комментарии",
        ),
        ("roadmap_status", "roadmap=region-2018", "дорожная карта region-2018"),
        ("roadmap_evidence", "file Справка sha256=ab12", "файл: Справка"),
        ("roadmap_evidence", "link Сайт ИРО", "ссылка: Сайт ИРО"),
        ("roadmap_evidence", "too_large", "файл слишком большой"),
        ("objectivity_review", "new → confirmed", "новый → подтверждён"),
        ("objectivity_review", "comment required", "нужен комментарий"),
        ("callback", "profile_header", "profile_header"),  # anything else as stored
    ],
)
def test_technical_details_are_put_in_words(action, detail, shown):
    assert views.detail_text(detail, action) == shown
