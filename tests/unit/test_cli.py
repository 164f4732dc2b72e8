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
