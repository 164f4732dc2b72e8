"""Sign-in state in the database (issue 18 §1, §4): throttle windows and TOTP steps behave the
same on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

from dashboard.db import get_engine
from data_access import database, sessions, users

WINDOW = dict(
    limit=3,
    window=dt.timedelta(seconds=60),
    block=dt.timedelta(seconds=60),
    max_block=dt.timedelta(seconds=300),
    forget_after=dt.timedelta(days=1),
)


def test_a_window_counts_then_blocks_then_grows_then_forgets(database_url):
    t0 = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)
    with database.bind(get_engine(database_url)):
        sessions.throttle_clear()
        assert sessions.throttle_failure("k", t0, **WINDOW) is None
        assert sessions.throttle_failure("k", t0 + dt.timedelta(seconds=61), **WINDOW) is None
        assert sessions.throttle_failure("k", t0 + dt.timedelta(seconds=62), **WINDOW) is None
        third = t0 + dt.timedelta(seconds=63)
        assert sessions.throttle_failure("k", third, **WINDOW) == third + dt.timedelta(seconds=60)
        assert sessions.throttle_blocked_until("k") == third + dt.timedelta(seconds=60)
        assert sessions.throttle_blocked_until("other") is None
        later = third + dt.timedelta(seconds=200)
        for n in range(2):
            assert sessions.throttle_failure("k", later + dt.timedelta(seconds=n), **WINDOW) is None
        again = later + dt.timedelta(seconds=2)
        assert sessions.throttle_failure("k", again, **WINDOW) == again + dt.timedelta(seconds=120)
        next_day = again + dt.timedelta(days=2)
        for n in range(2):
            sessions.throttle_failure("k", next_day + dt.timedelta(seconds=n), **WINDOW)
        end = next_day + dt.timedelta(seconds=2)
        assert sessions.throttle_failure("k", end, **WINDOW) == end + dt.timedelta(seconds=60)
        sessions.throttle_clear("k")
        assert sessions.throttle_blocked_until("k") is None


def test_a_totp_step_is_claimed_once_and_never_an_older_one(database_url):
    with database.bind(get_engine(database_url)):
        login = "step-claimer"
        if users.account_by_login(login) is None:
            users.add_user(users.SYSTEM, login, "Шаговый-пароль-41", "viewer")
        user_id = users.account_by_login(login).id
        assert sessions.claim_totp_step(user_id, 1000)
        assert not sessions.claim_totp_step(user_id, 1000)  # the same code again
        assert not sessions.claim_totp_step(user_id, 999)  # an older code
        assert sessions.claim_totp_step(user_id, 1001)
