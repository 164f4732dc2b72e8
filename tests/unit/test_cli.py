"""The oko command: help for every command, exit 1 on bad input, 2 on usage errors."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from dashboard.cli import main


@pytest.fixture
def env(tmp_path, monkeypatch):
    monkeypatch.setenv("OKO_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.sqlite3'}")
    monkeypatch.setenv("OKO_VAR_DIR", str(tmp_path))
    monkeypatch.setenv("OKO_CACHE_URL", "simple://")
    runner = CliRunner()
    assert runner.invoke(main, ["init"]).exit_code == 0
    return runner


@pytest.mark.parametrize(
    "command",
    [
        [],
        ["init"],
        ["demo"],
        ["refresh"],
        ["serve"],
        ["users"],
        ["users", "add"],
        ["users", "disable"],
        ["users", "list"],
    ],
)
def test_every_command_has_help(command):
    result = CliRunner().invoke(main, [*command, "--help"])
    assert result.exit_code == 0
    assert "Usage:" in result.output


def test_usage_errors_exit_2(env):
    assert env.invoke(main, ["users", "add", "x"]).exit_code == 2  # no --role
    assert env.invoke(main, ["demo", "--scale", "galaxy"]).exit_code == 2
    assert env.invoke(main, ["nonsense"]).exit_code == 2


def test_users_add_list_disable(env):
    result = env.invoke(
        main,
        ["users", "add", "boss", "--role", "admin", "--password-stdin"],
        input="Надёжный-пароль-77\n",
    )
    assert result.exit_code == 0, result.output
    listing = env.invoke(main, ["users", "list"])
    assert "boss" in listing.output and "active" in listing.output
    assert env.invoke(main, ["users", "disable", "boss"]).exit_code == 0
    assert "disabled" in env.invoke(main, ["users", "list"]).output


def test_weak_password_exits_1(env):
    result = env.invoke(
        main, ["users", "add", "boss", "--role", "admin", "--password-stdin"], input="12345678\n"
    )
    assert result.exit_code == 1
    assert "Пароль" in result.output


def test_unknown_school_exits_1(env):
    result = env.invoke(
        main,
        ["users", "add", "dir", "--role", "school", "--school", "999999", "--password-stdin"],
        input="Надёжный-пароль-77\n",
    )
    assert result.exit_code == 1
    assert "999999" in result.output


def test_disable_unknown_user_exits_1(env):
    assert env.invoke(main, ["users", "disable", "ghost"]).exit_code == 1


def test_totp_enable_and_disable(env):
    env.invoke(
        main,
        ["users", "add", "boss", "--role", "admin", "--password-stdin"],
        input="Надёжный-пароль-77\n",
    )
    result = env.invoke(main, ["users", "totp", "boss"])
    assert result.exit_code == 0 and "otpauth://totp/" in result.output
    assert env.invoke(main, ["users", "totp", "boss", "--disable"]).exit_code == 0
    assert env.invoke(main, ["users", "totp", "ghost"]).exit_code == 1


def test_refresh_rebuilds_the_summaries_from_the_pupil_rows(env, tmp_path):
    from sqlalchemy import create_engine, text

    assert env.invoke(main, ["demo", "--scale", "district", "--seed", "3"]).exit_code == 0
    engine = create_engine(f"sqlite:///{tmp_path / 'cli.sqlite3'}")
    with engine.begin() as conn:
        expected = conn.execute(text("SELECT COUNT(*) FROM school_pupil_summary")).scalar()
        conn.execute(text("DELETE FROM school_pupil_summary"))
    result = env.invoke(main, ["refresh"])
    assert result.exit_code == 0, result.output
    assert f"school_pupil_summary {expected:>10,}".split() == result.output.split("\n")[1].split()
    with engine.connect() as conn:
        assert (
            conn.execute(text("SELECT COUNT(*) FROM school_pupil_summary")).scalar() == expected > 0
        )
    engine.dispose()


def _audit_rows(tmp_path) -> list[tuple]:
    from sqlalchemy import create_engine, text

    engine = create_engine(f"sqlite:///{tmp_path / 'cli.sqlite3'}")
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT action, outcome, user_login, role, ip, scope_asked, detail "
                "FROM audit_log ORDER BY id"
            )
        ).all()
    engine.dispose()
    return [tuple(row) for row in rows]


def test_user_changes_made_with_the_command_are_audited(env, tmp_path, monkeypatch):
    """Who: the OS user running `oko` (role «cli»); where: the host name; what: the change,
    its target and, for a refused change, the reason."""
    import getpass
    import socket

    monkeypatch.setattr(getpass, "getuser", lambda: "ops-alice")
    monkeypatch.setattr(socket, "gethostname", lambda: "oko-host-1")
    password = "Надёжный-пароль-77\n"
    add = ["users", "add", "boss", "--role", "admin", "--password-stdin"]
    assert env.invoke(main, add, input=password).exit_code == 0
    assert env.invoke(main, [*add[:2], "weak", *add[3:]], input="12345678\n").exit_code == 1
    assert env.invoke(main, ["users", "totp", "boss"]).exit_code == 0
    assert env.invoke(main, ["users", "totp", "boss", "--disable"]).exit_code == 0
    assert env.invoke(main, ["users", "disable", "boss"]).exit_code == 0
    assert env.invoke(main, ["users", "disable", "ghost"]).exit_code == 1
    rows = _audit_rows(tmp_path)
    assert {(user, role, ip) for _, _, user, role, ip, _, _ in rows} == {
        ("ops-alice", "cli", "oko-host-1")
    }
    assert [(a, o, asked) for a, o, _, _, _, asked, _ in rows] == [
        ("user_add", "success", "boss"),
        ("user_add", "failure", "weak"),
        ("user_totp", "success", "boss"),
        ("user_totp", "success", "boss"),
        ("user_disable", "success", "boss"),
        ("user_disable", "failure", "ghost"),
    ]
    details = [detail for *_, detail in rows]
    assert details[0] == "role=admin" and "Пароль" in details[1]
    assert details[2:4] == ["on", "off"]
    # the password never reaches the log
    assert not any("Надёжный" in str(value) for row in rows for value in row)


def test_the_audit_page_names_a_command_line_change_in_russian():
    import pandas as pd

    from dashboard import strings
    from dashboard.figures import admin as views

    event = {
        "at": None,
        "user_login": "ops-alice",
        "role": "cli",
        "ip": "oko-host-1",
        "action": "user_totp",
        "scope_asked": "boss",
        "scope_granted": None,
        "outcome": "success",
        "detail": "on",
    }
    shown = views.events_frame(pd.DataFrame([event])).iloc[0]
    columns = strings.AUDIT_COLUMNS
    assert shown[columns["scope"]] == strings.AUDIT_ROLE_CLI
    assert shown[columns["action"]] == strings.AUDIT_ACTIONS["user_totp"]
    assert shown[columns["detail"]] == strings.AUDIT_DETAIL_TOTP["on"]
