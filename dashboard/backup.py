"""`oko backup DIR` / `oko restore DIR`: the database and the evidence files, with a manifest.

A backup folder holds the database (PostgreSQL: `pg_dump -Fc` of one snapshot; SQLite: a copy
made with SQLite's online backup API), a copy of every evidence file, and `manifest.json`: the
Alembic revision, the time, the row count of every table (read from the same snapshot the dump
is taken from) and the SHA-256 of every file. A restore checks the whole manifest before it
touches anything, so a truncated, edited or foreign backup is refused, and checks the row counts
of the restored database afterwards.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

from sqlalchemy import Connection, column, create_engine, func, inspect, select, table
from sqlalchemy.engine import URL, make_url
from sqlalchemy.pool import NullPool

FORMAT = "oko-backup/1"
MANIFEST = "manifest.json"
EVIDENCE = "evidence"
DUMP_FILES = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
CHUNK = 2**20


class BackupError(RuntimeError):
    """The backup or restore cannot be done; the message says why (shown by the CLI)."""


@dataclass(frozen=True)
class Manifest:
    """What a backup folder holds; `files` maps a path inside the folder to its SHA-256."""

    backend: str
    revision: str
    created_at: str
    oko_version: str
    tables: dict[str, int]
    files: dict[str, str]

    def to_json(self) -> str:
        body = {"format": FORMAT, **self.__dict__}
        return json.dumps(body, ensure_ascii=False, indent=2, sort_keys=True) + "\n"

    @classmethod
    def read(cls, folder: Path) -> Manifest:
        path = folder / MANIFEST
        try:
            body = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise BackupError(f"{path} is missing: not an OKO backup folder") from None
        except (OSError, ValueError) as error:
            raise BackupError(f"{path} is unreadable: {error}") from None
        if not isinstance(body, dict) or body.get("format") != FORMAT:
            raise BackupError(f"{path}: unknown format (expected {FORMAT})")
        try:
            return cls(
                backend=str(body["backend"]),
                revision=str(body["revision"]),
                created_at=str(body["created_at"]),
                oko_version=str(body["oko_version"]),
                tables={str(k): int(v) for k, v in body["tables"].items()},
                files={str(k): str(v) for k, v in body["files"].items()},
            )
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            raise BackupError(f"{path}: malformed manifest ({error!r})") from None


def _backend(url: str) -> str:
    name = make_url(url).get_backend_name()
    if name not in DUMP_FILES:
        raise BackupError(f"backups support PostgreSQL and SQLite, not {name}")
    return name


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


def row_counts(conn: Connection) -> dict[str, int]:
    """Rows of every table in the database (Alembic's stamp included), by table name."""
    names = sorted(inspect(conn).get_table_names())
    return {
        name: conn.execute(select(func.count()).select_from(table(name))).scalar_one()
        for name in names
    }


def _revision(conn: Connection) -> str:
    if "alembic_version" not in inspect(conn).get_table_names():
        raise BackupError("the database has no schema: run `oko init` first")
    revision = conn.execute(select(table("alembic_version", column("version_num")))).scalar()
    if not revision:
        raise BackupError("the database has no Alembic revision: run `oko init` first")
    return revision


def _known_revision(url: str, revision: str) -> bool:
    """Whether this checkout's migrations know the revision (a backup of a newer OKO is not)."""
    from alembic.script import ScriptDirectory
    from alembic.util import CommandError

    from dashboard.db import alembic_config

    try:
        return ScriptDirectory.from_config(alembic_config(url)).get_revision(revision) is not None
    except CommandError:
        return False


# ------------------------------------------------------------------------------ PostgreSQL


def _libpq(url: URL) -> tuple[str, dict[str, str]]:
    """A conninfo string for pg_dump/pg_restore and the environment carrying the password
    (PGPASSWORD: a password on the command line would be visible to every local user)."""
    from psycopg.conninfo import make_conninfo

    params = {key: value for key, value in url.query.items() if isinstance(value, str)}
    for key, value in (
        ("host", url.host),
        ("port", url.port),
        ("user", url.username),
        ("dbname", url.database),
    ):
        if value is not None:
            params[key] = str(value)
    env = dict(os.environ)
    if url.password is not None:
        env["PGPASSWORD"] = str(url.password)
    return make_conninfo(**params), env


def _run(command: list[str], env: dict[str, str]) -> None:
    tool = shutil.which(command[0])
    if tool is None:
        raise BackupError(
            f"{command[0]} is not installed (Debian: apt-get install postgresql-client)"
        )
    done = subprocess.run([tool, *command[1:]], env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(f"{command[0]} failed: {done.stderr.strip()[-2000:]}")


def _dump_postgres(url: str, target: Path) -> tuple[str, dict[str, int]]:
    """pg_dump of one exported snapshot; the revision and row counts come from the same one."""
    engine = create_engine(url, poolclass=NullPool)
    conninfo, env = _libpq(make_url(url))
    try:
        with engine.connect().execution_options(isolation_level="REPEATABLE READ") as conn:
            with conn.begin():
                snapshot = conn.execute(select(func.pg_export_snapshot())).scalar_one()
                revision = _revision(conn)
                counts = row_counts(conn)
                _run(
                    [
                        "pg_dump",
                        "-Fc",
                        "--no-owner",
                        f"--snapshot={snapshot}",
                        "-f",
                        str(target),
                        "-d",
                        conninfo,
                    ],
                    env,
                )
    finally:
        engine.dispose()
    return revision, counts


def _restore_postgres(url: str, source: Path) -> None:
    conninfo, env = _libpq(make_url(url))
    _run(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",  # all or nothing: a failed restore leaves the target as it was
            "--exit-on-error",
            "-d",
            conninfo,
            str(source),
        ],
        env,
    )


# ---------------------------------------------------------------------------------- SQLite


def _sqlite_path(url: str) -> Path:
    database = make_url(url).database
    if not database or database == ":memory:":
        raise BackupError("an in-memory SQLite database cannot be backed up or restored")
    return Path(database)


def _copy_sqlite(source: Path, target: Path, *, plain: bool) -> None:
    """SQLite's online backup API: a consistent copy even while the app writes."""
    src = sqlite3.connect(source.resolve().as_uri() + "?mode=ro", uri=True)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
        if plain:  # the backup file needs no -wal/-shm files beside it
            dst.execute("PRAGMA journal_mode=DELETE")
    finally:
        dst.close()
        src.close()


def _dump_sqlite(url: str, target: Path) -> tuple[str, dict[str, int]]:
    path = _sqlite_path(url)
    if not path.exists():
        raise BackupError(f"{path} does not exist")
    _copy_sqlite(path, target, plain=True)
    engine = create_engine(f"sqlite:///{target}", poolclass=NullPool)
    try:
        with engine.connect() as conn:
            return _revision(conn), row_counts(conn)
    finally:
        engine.dispose()


# ------------------------------------------------------------------------------ the whole


def backup(
    database_url: str, folder: Path, evidence_dir: Path, echo: Callable[[str], None] = print
) -> Manifest:
    """Write the database, the evidence files and the manifest into `folder` (new or empty)."""
    from dashboard import __version__

    backend = _backend(database_url)
    folder = Path(folder)
    if folder.exists() and any(folder.iterdir()):
        raise BackupError(f"{folder} is not empty: a backup never overwrites another")
    folder.mkdir(parents=True, exist_ok=True)
    created_at = datetime.now(UTC).isoformat(timespec="seconds")
    dump = folder / DUMP_FILES[backend]
    dumper = _dump_postgres if backend == "postgresql" else _dump_sqlite
    revision, counts = dumper(database_url, dump)
    echo(f"database: {sum(counts.values()):,} rows in {len(counts)} tables, revision {revision}")
    files = {dump.name: sha256(dump)}
    # After the database: a file an evidence row of the dump names was written before its row.
    copied = 0
    if evidence_dir.is_dir():
        for path in sorted(p for p in evidence_dir.rglob("*") if p.is_file()):
            relative = Path(EVIDENCE) / path.relative_to(evidence_dir)
            (folder / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, folder / relative)
            files[relative.as_posix()] = sha256(folder / relative)
            copied += 1
    echo(f"evidence: {copied} files from {evidence_dir}")
    manifest = Manifest(backend, revision, created_at, __version__, counts, files)
    (folder / MANIFEST).write_text(manifest.to_json(), encoding="utf-8")
    return manifest


def verify(folder: Path, database_url: str) -> Manifest:
    """The manifest, if the folder matches it and it fits this database; else BackupError."""
    folder = Path(folder)
    manifest = Manifest.read(folder)
    backend = _backend(database_url)
    if manifest.backend != backend:
        raise BackupError(
            f"the backup is of a {manifest.backend} database; the target is {backend}"
        )
    if not _known_revision(database_url, manifest.revision):
        raise BackupError(
            f"the backup's schema revision {manifest.revision} is unknown to this OKO "
            f"({manifest.oko_version} made it): restore it with that version or a newer one"
        )
    if DUMP_FILES[backend] not in manifest.files:
        raise BackupError(f"the manifest lists no {DUMP_FILES[backend]}")
    for name, digest in manifest.files.items():
        path = folder / name
        parts = PurePosixPath(name).parts
        # restored under the evidence folder by this name: no way up or out of it
        plain = ".." not in parts and not PurePosixPath(name).is_absolute() and "\\" not in name
        expected = name == DUMP_FILES[backend] or (parts[:1] == (EVIDENCE,) and len(parts) > 1)
        if not (plain and expected and path.resolve().is_relative_to(folder.resolve())):
            raise BackupError(f"the manifest names a file outside the backup: {name}")
        if not path.is_file():
            raise BackupError(f"{name} is listed in the manifest but missing")
        if sha256(path) != digest:
            raise BackupError(f"{name} does not match its SHA-256 in the manifest")
    return manifest


def restore(
    database_url: str, folder: Path, evidence_dir: Path, echo: Callable[[str], None] = print
) -> Manifest:
    """Replace the database and put back the evidence files of a verified backup; the restored
    row counts are then compared with the manifest's. Run it with OKO stopped."""
    folder = Path(folder)
    manifest = verify(folder, database_url)
    dump = folder / DUMP_FILES[manifest.backend]
    if manifest.backend == "postgresql":
        _restore_postgres(database_url, dump)
    else:
        target = _sqlite_path(database_url)
        target.parent.mkdir(parents=True, exist_ok=True)
        _copy_sqlite(dump, target, plain=False)
    echo(f"database restored from {dump}")
    evidence = [name for name in manifest.files if name.startswith(EVIDENCE + "/")]
    for name in evidence:
        target = evidence_dir / Path(name).relative_to(EVIDENCE)
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(target.name + ".restoring")
        shutil.copy2(folder / name, partial)
        os.replace(partial, target)  # never a half-written evidence file under its real name
    echo(f"evidence: {len(evidence)} files into {evidence_dir}")
    _check_restored(database_url, manifest)
    return manifest


def _check_restored(database_url: str, manifest: Manifest) -> None:
    engine = create_engine(database_url, poolclass=NullPool)
    try:
        with engine.connect() as conn:
            revision = _revision(conn)
            counts = row_counts(conn)
    finally:
        engine.dispose()
    if revision != manifest.revision:
        raise BackupError(f"restored revision {revision}, the manifest says {manifest.revision}")
    wrong = {
        name: (counts.get(name), rows)
        for name, rows in manifest.tables.items()
        if counts.get(name) != rows
    }
    if wrong:
        raise BackupError(
            f"restored row counts differ from the manifest (found, expected): {wrong}"
        )
