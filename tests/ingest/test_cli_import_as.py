"""`oko import --as LOGIN`: the import runs under that user's scope and names them in
import_run and the audit; without --as it names the OS user running the command."""

from __future__ import annotations

import getpass
import socket

import pytest
from sqlalchemy import func, select

from dashboard.models import AuditEvent, ImportRun, School
from data_access import database
from data_access import users as accounts
from tests.ingest.test_cli import EXAMPLES, cli  # noqa: F401 (the fixture)

PASSWORD = "Cli-Import-2024!"


@pytest.fixture
def people(cli):  # noqa: F811
    """An admin, a school director and a disabled admin in the command's database."""
    with database.bind(cli.engine):
        accounts.add_user(accounts.SYSTEM, "boss", PASSWORD, "admin")
        accounts.add_user(accounts.SYSTEM, "regional", PASSWORD, "region")
        accounts.add_user(accounts.SYSTEM, "gone", PASSWORD, "admin")
        accounts.set_active(accounts.SYSTEM, "gone", False)
    return cli


def _last(engine, model):
    with engine.connect() as conn:
        return conn.execute(select(model).order_by(model.id.desc()).limit(1)).first()


def _count(engine, model) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(model)).scalar_one()


def test_import_as_an_admin_names_them(people):
    result = people("schools", str(EXAMPLES / "schools.csv"), "--as", "boss")
    assert result.exit_code == 0, result.output
    run = _last(people.engine, ImportRun)
    assert (run.user_login, run.outcome, run.rows_inserted) == ("boss", "success", 2)
    event = _last(people.engine, AuditEvent)
    assert (event.action, event.outcome, event.user_login, event.role) == (
        "import",
        "success",
        "boss",
        "admin",
    )
    assert event.ip == socket.gethostname() and f"run={run.id} " in event.detail


def test_a_user_who_may_not_import_the_kind_is_refused_and_audited(people):
    result = people("schools", str(EXAMPLES / "schools.csv"), "--as", "regional")
    assert result.exit_code == 1 and "may not import schools" in result.output
    assert _count(people.engine, School) == 0 and _count(people.engine, ImportRun) == 0
    event = _last(people.engine, AuditEvent)
    assert (event.action, event.outcome, event.user_login) == ("import", "denied", "regional")


@pytest.mark.parametrize("login", ["gone", "nobody", "bad login!"])
def test_a_missing_or_disabled_user_is_refused(people, login):
    result = people("schools", str(EXAMPLES / "schools.csv"), "--as", login)
    assert result.exit_code == 1 and "no active user" in result.output
    assert _count(people.engine, School) == 0 and _count(people.engine, ImportRun) == 0


def test_without_as_the_os_user_is_named(cli):  # noqa: F811
    result = cli("schools", str(EXAMPLES / "schools.csv"))
    assert result.exit_code == 0, result.output
    run = _last(cli.engine, ImportRun)
    assert run.user_login == f"cli:{getpass.getuser()}"
    event = _last(cli.engine, AuditEvent)
    assert (event.user_login, event.outcome, event.ip) == (
        f"cli:{getpass.getuser()}",
        "success",
        socket.gethostname(),
    )
