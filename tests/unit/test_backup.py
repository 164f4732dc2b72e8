"""`oko backup` / `oko restore` on SQLite and PostgreSQL: a restore into a fresh database has
every table's rows and every evidence file back, and a backup that does not match its manifest
is refused before anything is touched."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from sqlalchemy import create_engine, func, inspect, select, table
from sqlalchemy.pool import NullPool

from dashboard import backup, evidence_store
from dashboard.cli import main
from tests.private_db import drop, private_url

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
PDF = b"%PDF-1.4\n% evidence of a roadmap item\n%%EOF\n"


def _counts(url: str) -> dict[str, int]:
    """Rows per table, counted here independently of dashboard.backup."""
    engine = create_engine(url, poolclass=NullPool)
    with engine.connect() as conn:
        names = inspect(conn).get_table_names()
        counts = {
            name: conn.execute(select(func.count()).select_from(table(name))).scalar_one()
            for name in names
        }
    engine.dispose()
    return counts


def _files(folder) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.fixture
def evidence(tmp_path, monkeypatch):
    """Two stored evidence files under a private OKO_VAR_DIR (as the upload form stores them)."""
    monkeypatch.setenv("OKO_VAR_DIR", str(tmp_path / "var"))
    folder = evidence_store.root()
    evidence_store.store(PNG, "photo.png")
    evidence_store.store(PDF, "act.pdf")
    return folder


@pytest.fixture
def restore_target(database_url, tmp_path):
    """A fresh, empty database on the same backend as the demo."""
    backend = "sqlite" if database_url.startswith("sqlite") else "postgresql"
    url, admin = private_url(backend, tmp_path, "restore")
    yield url
    drop(create_engine(url), admin)


def test_backup_then_restore_into_a_fresh_database(demo_url, evidence, restore_target, tmp_path):
    source_counts = _counts(demo_url)
    assert source_counts["school"] > 0 and source_counts["pupil_result"] > 0
    originals = _files(evidence)
    folder = tmp_path / "backup"

    manifest = backup.backup(demo_url, folder, evidence, echo=lambda _line: None)

    written = json.loads((folder / "manifest.json").read_text())
    assert written["revision"] == manifest.revision and written["created_at"]
    assert written["tables"] == source_counts
    assert len([name for name in written["files"] if name.startswith("evidence/")]) == 2

    restored_evidence = tmp_path / "elsewhere" / "evidence"
    backup.restore(restore_target, folder, restored_evidence, echo=lambda _line: None)

    assert _counts(restore_target) == source_counts  # every table, every row count
    assert _files(restored_evidence) == originals  # every evidence file, byte for byte


def test_a_tampered_evidence_file_is_refused_before_anything_changes(
    demo_url, evidence, restore_target, tmp_path
):
    folder = tmp_path / "backup"
    backup.backup(demo_url, folder, evidence, echo=lambda _line: None)
    victim = next((folder / "evidence").iterdir())
    victim.write_bytes(victim.read_bytes() + b"tampered")
    target_evidence = tmp_path / "target-evidence"
    before = _counts(restore_target)

    with pytest.raises(backup.BackupError, match="does not match its SHA-256"):
        backup.restore(restore_target, folder, target_evidence, echo=lambda _line: None)

    assert _counts(restore_target) == before  # the database was not touched
    assert not target_evidence.exists()


@pytest.mark.parametrize(
    "edit, message",
    [
        (lambda m: m.update(revision="ffffffffffff"), "unknown to this OKO"),
        (lambda m: m.update(format="something-else/9"), "unknown format"),
        (lambda m: m["files"].update({"../outside.txt": "0" * 64}), "outside the backup"),
        (lambda m: m["files"].update({"evidence/../x.pdf": "0" * 64}), "outside the backup"),
        (lambda m: m["files"].update({"evidence/missing.pdf": "0" * 64}), "missing"),
    ],
    ids=["newer-schema", "format", "path-escape", "evidence-escape", "missing-file"],
)
def test_a_manifest_that_does_not_match_is_refused(demo_url, evidence, tmp_path, edit, message):
    folder = tmp_path / "backup"
    backup.backup(demo_url, folder, evidence, echo=lambda _line: None)
    body = json.loads((folder / "manifest.json").read_text())
    edit(body)
    (folder / "manifest.json").write_text(json.dumps(body))
    with pytest.raises(backup.BackupError, match=message):
        backup.verify(folder, demo_url)


def test_a_backup_of_one_backend_is_refused_by_the_other(tmp_path, evidence):
    folder = tmp_path / "backup"
    folder.mkdir()
    (folder / "manifest.json").write_text(
        json.dumps(
            {
                "format": backup.FORMAT,
                "backend": "postgresql",
                "revision": "0013",
                "created_at": "2026-01-01T00:00:00+00:00",
                "oko_version": "0.1.0",
                "tables": {},
                "files": {},
            }
        )
    )
    with pytest.raises(backup.BackupError, match="postgresql database; the target is sqlite"):
        backup.verify(folder, f"sqlite:///{tmp_path / 'x.sqlite3'}")


def test_backup_refuses_a_folder_that_is_not_empty(demo_url, evidence, tmp_path):
    folder = tmp_path / "backup"
    folder.mkdir()
    (folder / "old.txt").write_text("an earlier backup")
    with pytest.raises(backup.BackupError, match="not empty"):
        backup.backup(demo_url, folder, evidence, echo=lambda _line: None)


def test_the_commands_back_up_and_restore(tmp_path, monkeypatch):
    """`oko backup DIR` then `oko restore DIR --yes` on a SQLite checkout; a restore without
    --yes asks first and does nothing when refused."""
    monkeypatch.setenv("OKO_VAR_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("OKO_CACHE_URL", "simple://")
    monkeypatch.setenv("OKO_DATABASE_URL", f"sqlite:///{tmp_path / 'oko.sqlite3'}")
    runner = CliRunner()
    assert runner.invoke(main, ["init"]).exit_code == 0
    evidence_store.store(PDF, "act.pdf")
    added = runner.invoke(
        main,
        ["users", "add", "boss", "--role", "admin", "--password-stdin"],
        input="Надёжный-пароль-77\n",
    )
    assert added.exit_code == 0, added.output
    made = runner.invoke(main, ["backup", str(tmp_path / "b")])
    assert made.exit_code == 0, made.output
    assert runner.invoke(main, ["users", "disable", "boss"]).exit_code == 0
    for stored in evidence_store.root().iterdir():
        stored.unlink()

    refused = runner.invoke(main, ["restore", str(tmp_path / "b")], input="n\n")
    assert refused.exit_code == 1
    assert "disabled" in runner.invoke(main, ["users", "list"]).output

    restored = runner.invoke(main, ["restore", str(tmp_path / "b"), "--yes"])
    assert restored.exit_code == 0, restored.output
    assert "active" in runner.invoke(main, ["users", "list"]).output  # back as backed up
    assert [p.read_bytes() for p in evidence_store.root().iterdir()] == [PDF]
