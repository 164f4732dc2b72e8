"""`oko import`: exit 0 on success, 1 on rejected input, 2 on usage errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from dashboard.cli import main
from dashboard.db import get_engine, upgrade
from dashboard.models import ImportRun, School

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"


@pytest.fixture
def cli(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    upgrade(url)
    monkeypatch.setenv("OKO_DATABASE_URL", url)
    monkeypatch.setenv("OKO_CACHE_URL", "null://")
    monkeypatch.setenv("OKO_SECRET_KEY", "k" * 40)
    runner = CliRunner()

    def run(*args: str):
        return runner.invoke(main, ["import", *args])

    run.engine = get_engine(url)
    return run


def _count(engine, model) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(model)).scalar_one()


def test_import_succeeds_then_changes_nothing(cli):
    path = str(EXAMPLES / "schools.csv")
    first = cli("schools", path)
    assert first.exit_code == 0, first.output
    assert "2 inserted" in first.output
    again = cli("schools", path)
    assert again.exit_code == 0 and "0 inserted, 0 updated, 2 unchanged" in again.output
    assert _count(cli.engine, School) == 2


def test_dry_run_writes_nothing(cli):
    result = cli("schools", str(EXAMPLES / "schools.csv"), "--dry-run")
    assert result.exit_code == 0 and "would import" in result.output
    assert _count(cli.engine, School) == 0
    assert _count(cli.engine, ImportRun) == 0


def test_rejected_input_exits_1_with_the_report(cli, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("school_code;year;indicator;value\n740101;2024;pupils;abc\n", encoding="utf-8")
    result = cli("context", str(bad))
    assert result.exit_code == 1
    assert "строка 2, столбец value" in result.output and "nothing written" in result.output


def test_usage_errors_exit_2(cli, tmp_path):
    assert cli("nonsense", str(EXAMPLES / "schools.csv")).exit_code == 2
    assert cli("schools", str(tmp_path / "missing.csv")).exit_code == 2
    assert cli("schools").exit_code == 2


def test_sheet_option_and_oversize(cli, tmp_path, monkeypatch):
    from tests.ingest.helpers import xlsx_bytes

    table = [
        line.split(";")
        for line in (EXAMPLES / "schools.csv").read_text(encoding="utf-8").splitlines()
    ]
    book = tmp_path / "schools.xlsx"
    book.write_bytes(xlsx_bytes(table, sheet="ОО"))
    assert cli("schools", str(book), "--sheet", "ОО").exit_code == 0
    assert cli("schools", str(book), "--sheet", "Нет такого").exit_code == 1
    monkeypatch.setenv("OKO_MAX_UPLOAD_MB", "0")
    assert cli("schools", str(book)).exit_code == 1


def test_oko_import_offers_every_kind_the_importer_writes():
    """The CLI's hand-written kind list keeps up with the import kinds (indicator norms too)."""
    from dashboard.cli import import_file
    from data_access.import_writers import SUPPORTED_KINDS

    offered = next(p for p in import_file.params if p.name == "kind").type.choices
    assert set(offered) == set(SUPPORTED_KINDS)
