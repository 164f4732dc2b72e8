"""User administration and the audit log in data_access: only an admin may use them, on each
backend; the log filters, pages and encodes what it stores."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from sqlalchemy import select

from dashboard.auth.passwords import WeakPassword, verify_password
from dashboard.models import AuditEvent, User
from data_access import audit, database, sessions, users
from data_access.scope import OutOfScope

PASSWORD = "Длинный-пароль-42"
NON_ADMIN = ["region", "municipality", "school", "viewer"]


def _login(prefix: str = "t") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


def _row(scope, login: str) -> dict:
    return next(row for row in users.list_users(scope) if row["login"] == login)


# ------------------------------------------------------------------ users


def test_admin_lists_the_demo_users(scopes):
    rows = users.list_users(scopes["admin"])
    logins = {row["login"] for row in rows}
    assert {"admin", "region", "district", "director", "viewer"} <= logins
    director = next(row for row in rows if row["login"] == "director")
    assert director["role"] == "school" and director["school_code"] and director["is_active"]


def test_admin_adds_a_user_and_disabling_ends_its_sessions(scopes):
    admin = scopes["admin"]
    login = _login()
    user_id = users.add_user(admin, login, PASSWORD, "viewer")
    assert _row(admin, login)["is_active"] is True
    sid = sessions.start(user_id, "10.0.0.1")
    day = dt.timedelta(days=1)
    assert sessions.check(sid, user_id, idle=day, lifetime=day)
    assert users.sessions_count(admin)[login] == 1

    users.set_active(admin, login, False)
    assert _row(admin, login)["is_active"] is False
    assert login not in users.sessions_count(admin)
    assert not sessions.check(sid, user_id, idle=day, lifetime=day)

    users.set_active(admin, login, True)  # re-enabling does not revive the old session
    assert _row(admin, login)["is_active"] is True
    assert not sessions.check(sid, user_id, idle=day, lifetime=day)
    assert login not in users.sessions_count(admin)


def test_sessions_count_ignores_ended_and_stale_sessions(scopes):
    admin = scopes["admin"]
    login = _login()
    user_id = users.add_user(admin, login, PASSWORD, "region")
    live, ended = sessions.start(user_id, None), sessions.start(user_id, None)
    sessions.end(ended)
    assert live and users.sessions_count(admin)[login] == 1
    future = dt.datetime.now(dt.UTC) + dt.timedelta(hours=1)
    assert login not in users.sessions_count(admin, seen_since=future)
    assert login not in users.sessions_count(admin, created_since=future)


def test_admin_adds_users_scoped_to_their_role(scopes, demo_engine):
    admin, director = scopes["admin"], scopes["school"]
    code = users.own_school_code(director)
    login = _login()
    users.add_user(admin, login, PASSWORD, "school", school_code=code)
    row = _row(admin, login)
    assert row["role"] == "school" and row["school_code"] == code and row["municipality_code"]
    with pytest.raises(users.UserError):
        users.add_user(admin, login, PASSWORD, "viewer")  # the login is taken
    with pytest.raises(users.UserError):
        users.add_user(admin, _login(), PASSWORD, "school", school_code="no-such-school")
    with pytest.raises(WeakPassword):
        users.add_user(admin, _login(), "12345678", "viewer")


def test_reset_password_sets_the_new_hash_and_ends_sessions(scopes, demo_engine):
    admin = scopes["admin"]
    login = _login()
    user_id = users.add_user(admin, login, PASSWORD, "viewer")
    sessions.start(user_id, None)
    users.reset_password(admin, login, "Совсем-другой-пароль-7")
    assert login not in users.sessions_count(admin)
    with demo_engine.connect() as conn:
        stored = conn.execute(select(User.password_hash).where(User.login == login)).scalar_one()
    assert verify_password(stored, "Совсем-другой-пароль-7")
    assert not verify_password(stored, PASSWORD)
    with pytest.raises(users.UserError):
        users.reset_password(admin, "no-such-login", "Совсем-другой-пароль-7")


USER_FUNCTIONS = {
    "list_users": lambda scope: users.list_users(scope),
    "add_user": lambda scope: users.add_user(scope, _login("forged"), PASSWORD, "admin"),
    "set_active": lambda scope: users.set_active(scope, "admin", False),
    "reset_password": lambda scope: users.reset_password(scope, "admin", PASSWORD),
    "reset_own_password_as_admin": lambda scope: users.reset_password(scope, scope.login, PASSWORD),
    "set_password_of_another": lambda scope: users.set_password(scope, "admin", PASSWORD),
    "sessions_count": lambda scope: users.sessions_count(scope),
    "require_admin": lambda scope: users.require_admin(scope),
    "list_events": lambda scope: audit.list_events(scope),
    "count_events": lambda scope: audit.count_events(scope),
    "distinct_actions": lambda scope: audit.distinct_actions(scope),
}


@pytest.mark.parametrize("role", NON_ADMIN)
@pytest.mark.parametrize("function", list(USER_FUNCTIONS))
def test_every_non_admin_role_is_refused(scopes, demo_engine, role, function):
    before = _users_state(demo_engine)
    with pytest.raises(OutOfScope):
        USER_FUNCTIONS[function](scopes[role])
    assert _users_state(demo_engine) == before


def _users_state(engine) -> list[tuple]:
    with engine.connect() as conn:
        return conn.execute(
            select(
                User.login, User.is_active, User.password_hash, User.sessions_invalidated_at
            ).order_by(User.login)
        ).all()


# ------------------------------------------------------------------ the audit log


@pytest.fixture
def planted(demo_engine):
    """Five events of a fresh action name at known instants around a UTC midnight."""
    action = f"test_{uuid.uuid4().hex[:8]}"
    utc = dt.UTC
    rows = [
        (dt.datetime(2001, 2, 3, 23, 59, 59, tzinfo=utc), "Alice.Admin", "success"),
        (dt.datetime(2001, 2, 4, 0, 0, 0, tzinfo=utc), "bob", "failure"),
        (dt.datetime(2001, 2, 4, 12, 30, 0, tzinfo=utc), "alice", "denied"),
        (dt.datetime(2001, 2, 4, 23, 59, 59, tzinfo=utc), "a%b_c", "success"),
        (dt.datetime(2001, 2, 5, 0, 0, 0, tzinfo=utc), "carol", "success"),
    ]
    with database.write() as conn:
        for at, login, outcome in rows:
            conn.execute(
                AuditEvent.__table__.insert().values(
                    at=at, user_login=login, role="admin", action=action, outcome=outcome
                )
            )
    return action, rows


def _logins(frame) -> list[str]:
    return frame["user_login"].tolist()


def test_list_events_is_newest_first_with_utc_times(scopes, planted):
    action, rows = planted
    frame = audit.list_events(scopes["admin"], action=action)
    assert _logins(frame) == [login for _, login, _ in reversed(rows)]
    assert [ts.to_pydatetime() for ts in frame["at"]] == [at for at, _, _ in reversed(rows)]
    assert str(frame["at"].dt.tz) == "UTC"
    assert audit.count_events(scopes["admin"], action=action) == 5


@pytest.mark.parametrize(
    ("zone", "day_logins", "before", "after"),
    [
        ("UTC", ["a%b_c", "alice", "bob"], ["Alice.Admin"], ["carol"]),
        # UTC+5: 23:59:59 UTC on the 3rd is already the 4th there, 23:59:59 on the 4th the 5th
        ("Asia/Yekaterinburg", ["alice", "bob", "Alice.Admin"], [], ["carol", "a%b_c"]),
    ],
)
def test_date_filters_take_whole_days_of_the_regions_zone(
    scopes, planted, monkeypatch, zone, day_logins, before, after
):
    monkeypatch.setenv("OKO_TIMEZONE", zone)
    action, _ = planted
    admin = scopes["admin"]
    day = dt.date(2001, 2, 4)
    assert _logins(audit.list_events(admin, action=action, since=day, until=day)) == day_logins
    assert _logins(audit.list_events(admin, action=action, until=dt.date(2001, 2, 3))) == before
    assert _logins(audit.list_events(admin, action=action, since=dt.date(2001, 2, 5))) == after
    moment = dt.datetime(2001, 2, 4, 12, 30, tzinfo=dt.UTC)
    assert _logins(audit.list_events(admin, action=action, since=moment, until=moment)) == ["alice"]
    assert audit.count_events(admin, action=action, since=day, until=day) == 3


def test_login_outcome_and_action_filters(scopes, planted):
    action, _ = planted
    admin = scopes["admin"]
    assert _logins(audit.list_events(admin, action=action, login="ALICE")) == [
        "alice",
        "Alice.Admin",
    ]
    assert _logins(audit.list_events(admin, action=action, login="%")) == ["a%b_c"]  # no wildcard
    assert _logins(audit.list_events(admin, action=action, login="b_")) == ["a%b_c"]
    assert _logins(audit.list_events(admin, action=action, outcome="denied")) == ["alice"]
    assert audit.list_events(admin, action=action + "-other").empty
    assert list(audit.list_events(admin, action=action + "-other").columns) == [
        *audit.EVENT_COLUMNS,
        *audit.PLACE_COLUMNS,
    ]


def test_events_are_paged_on_the_server(scopes, planted):
    action, _ = planted
    admin = scopes["admin"]
    first = audit.list_events(admin, action=action, limit=2, offset=0)
    second = audit.list_events(admin, action=action, limit=2, offset=2)
    last = audit.list_events(admin, action=action, limit=2, offset=4)
    assert _logins(first) + _logins(second) + _logins(last) == _logins(
        audit.list_events(admin, action=action)
    )
    assert len(last) == 1
    assert len(audit.list_events(admin, action=action, limit=10_000)) == 5  # clamped, not refused


def test_distinct_actions_lists_what_was_logged(scopes, planted):
    action, _ = planted
    actions = audit.distinct_actions(scopes["admin"])
    assert action in actions and actions == sorted(actions)


def test_line_breaks_in_logged_values_are_encoded(scopes, demo_engine):
    action = f"test_{uuid.uuid4().hex[:8]}"
    audit.record(
        action,
        "failure",
        login="mallory\r\n2024-01-01 admin success",
        detail="first\nsecond\x00third",
        asked="a\tb",
        ip="1.2.3.4\n",
    )
    frame = audit.list_events(scopes["admin"], action=action)
    event = frame.iloc[0]
    assert event["user_login"].startswith("mallory\\x0d\\x0a2024")
    assert event["detail"] == "first\\x0asecond\\x00third"
    assert event["scope_asked"] == "a\\x09b"
    assert event["ip"] == "1.2.3.4\\x0a"
    for value in event.drop("at"):
        assert "\n" not in str(value) and "\r" not in str(value)


def test_filters_of_the_wrong_type_are_refused(scopes):
    with pytest.raises(TypeError):
        audit.list_events(scopes["admin"], login=["admin"])
    with pytest.raises(TypeError):
        audit.list_events(scopes["admin"], since="2001-01-01")


def test_the_granted_scope_is_named_by_its_municipality_or_school(scopes, demo_engine):
    from dashboard.models import Municipality, School

    action = f"test_{uuid.uuid4().hex[:8]}"
    for who in ("admin", "municipality", "school"):
        audit.record(action, "success", scope=scopes[who])
    audit.record(action, "failure", login="nobody")
    frame = audit.list_events(scopes["admin"], action=action)
    with demo_engine.connect() as conn:
        municipality = conn.execute(
            select(Municipality.name).where(
                Municipality.id == scopes["municipality"].municipality_id
            )
        ).scalar_one()
        school = conn.execute(
            select(School.name).where(School.id == scopes["school"].school_id)
        ).scalar_one()
    places = list(zip(frame["scope_role"], frame["scope_level"], frame["scope_place"], strict=True))
    assert places == [
        (None, None, None),  # a failed sign-in has no scope
        ("school", "school", school),
        ("municipality", "municipality", municipality),
        ("admin", "region", None),
    ]
    assert audit.parse_granted("viewer region=None") == ("viewer", "region", None)
    assert audit.parse_granted("odd text") == (None, None, None)
