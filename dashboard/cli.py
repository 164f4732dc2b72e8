"""The `oko` command: init, demo, serve, users. Exit 1 on bad input, 2 on usage errors."""

from __future__ import annotations

import sys

import click

from dashboard.config import ConfigError, Settings

DEMO_PASSWORD = "OkoDemo2024!"
DEMO_USERS = (
    ("admin", "admin", {}),
    ("region", "region", {}),
    ("district", "municipality", {"municipality": True}),
    ("director", "school", {"school": True}),
    ("viewer", "viewer", {}),
)


def _settings() -> Settings:
    try:
        return Settings.from_env()
    except ConfigError as error:
        raise click.ClickException(str(error)) from error


def _bound(settings: Settings):
    from dashboard.db import get_engine
    from data_access.database import bind

    return bind(get_engine(settings.database_url))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="oko-dashboard", prog_name="oko")
def main() -> None:
    """OKO: education-quality assessment dashboard."""


@main.command()
def init() -> None:
    """Create the database schema, or upgrade it to the newest migration."""
    from dashboard.db import upgrade

    settings = _settings()
    upgrade(settings.database_url)
    click.echo(f"schema is up to date: {_redacted(settings.database_url)}")


@main.command()
@click.option(
    "--scale",
    type=click.Choice(["district", "region", "large", "national"]),
    default="region",
    show_default=True,
    help="size of the synthetic region",
)
@click.option("--seed", type=int, default=42, show_default=True, help="random seed")
@click.option("--reset", is_flag=True, help="delete existing data first")
@click.option("--if-empty", is_flag=True, help="do nothing when data is already present")
def demo(scale: str, seed: int, reset: bool, if_empty: bool) -> None:
    """Build the deterministic synthetic demo region and the demo users."""
    from dashboard.db import get_engine, upgrade
    from dashboard.demo import DemoExists, build
    from data_access.cache import cache_from_url, invalidate

    settings = _settings()
    upgrade(settings.database_url)
    engine = get_engine(settings.database_url)
    try:
        summary = build(engine, scale=scale, seed=seed, reset=reset)
    except DemoExists as exists:
        if if_empty:
            click.echo("demo data already present; nothing to do")
            _print_demo_logins()
            return
        raise click.ClickException(f"{exists} (use --reset to rebuild)") from exists
    with _bound(settings):
        invalidate(cache_from_url(settings.cache_url))
    click.echo(f"demo '{scale}' built in {summary.seconds:.1f} s (seed {seed})")
    for table, count in summary.counts.items():
        click.echo(f"  {table:<24} {count:>10,}")
    with _bound(settings):
        _create_demo_users()
    _print_demo_logins()


def _create_demo_users() -> None:
    from sqlalchemy import select

    from dashboard.models import Municipality, School
    from data_access import database, users

    with database.read() as conn:
        municipality = conn.execute(select(Municipality.code).order_by(Municipality.code)).scalar()
        school = conn.execute(
            select(School.school_code)
            .join(Municipality, Municipality.id == School.municipality_id)
            .where(Municipality.code == municipality)
            .order_by(School.school_code)
        ).scalar()
    existing = {u["login"] for u in users.list_users(users.SYSTEM)}
    for login, role, needs in DEMO_USERS:
        if login in existing:
            continue
        users.add_user(
            users.SYSTEM,
            login,
            DEMO_PASSWORD,
            role,
            municipality_code=municipality if needs.get("municipality") else None,
            school_code=school if needs.get("school") else None,
        )


def _print_demo_logins() -> None:
    click.echo("\nDemo logins (password for all: " + DEMO_PASSWORD + "):")
    for login, role, _needs in DEMO_USERS:
        click.echo(f"  {login:<10} role {role}")


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8050, show_default=True, type=int)
@click.option("--debug", is_flag=True, help="Dash dev tools and reloader (never in production)")
@click.option(
    "--production",
    is_flag=True,
    help="check the production settings, migrate, then run gunicorn with gunicorn.conf.py "
    "(OKO_BIND, OKO_WORKERS, OKO_THREADS; --host/--port override OKO_BIND)",
)
def serve(host: str, port: int, debug: bool, production: bool) -> None:
    """Serve the dashboard with the development server, or with --production under gunicorn."""
    from dashboard.app import create_app
    from dashboard.db import upgrade

    if production:
        if debug:
            raise click.UsageError("--debug cannot be used with --production")
        context = click.get_current_context()
        explicit = any(
            context.get_parameter_source(name) != click.core.ParameterSource.DEFAULT
            for name in ("host", "port")
        )
        _serve_production(f"{host}:{port}" if explicit else None)
        return
    settings = _settings()
    upgrade(settings.database_url)  # a development checkout may have new migrations
    app = create_app(settings)
    app.run(host=host, port=port, debug=debug)


# An arbitrary constant: the PostgreSQL advisory lock that lets one starting host migrate
# while the others wait (several app hosts start at once behind a load balancer).
MIGRATION_LOCK = 0x4F4B4F


def production_problems(settings: Settings) -> list[str]:
    """Why these settings are not a production profile (Settings.validate checked the rest:
    the secret, a shared cache with several workers)."""
    problems = []
    if not settings.production:
        problems.append("OKO_ENV must be production")
    if settings.workers > 1 and not settings.cache_url.startswith("redis"):
        problems.append("OKO_CACHE_URL must be a shared cache (redis://...) with several workers")
    return problems


def _upgrade_once(url: str) -> None:
    """`oko init`, serialised across hosts on PostgreSQL by an advisory lock."""
    from sqlalchemy import create_engine, func, select
    from sqlalchemy.engine import make_url
    from sqlalchemy.pool import NullPool

    from dashboard.db import upgrade

    if make_url(url).get_backend_name() != "postgresql":
        upgrade(url)
        return
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as conn:
            conn.execute(select(func.pg_advisory_lock(MIGRATION_LOCK)))
            try:
                upgrade(url)
            finally:
                conn.execute(select(func.pg_advisory_unlock(MIGRATION_LOCK)))
    finally:
        engine.dispose()


def _serve_production(bind: str | None) -> None:
    import os
    from pathlib import Path

    from dashboard.config import PROJECT_ROOT

    settings = _settings()  # OKO_ENV=production: refuses a weak secret or a per-host cache
    problems = production_problems(settings)
    if problems:
        raise click.ClickException("not a production profile: " + "; ".join(problems))
    conf = Path(PROJECT_ROOT) / "gunicorn.conf.py"
    if not conf.is_file():
        raise click.ClickException(f"{conf} is missing (run OKO from its checkout)")
    if settings.database_url.startswith("sqlite"):
        click.echo("warning: SQLite in production; use PostgreSQL (docs/deploy.md)", err=True)
    if not settings.celery_broker_url:
        click.echo(
            "warning: OKO_CELERY_BROKER_URL is not set: jobs run on this host only (diskcache)",
            err=True,
        )
    _upgrade_once(settings.database_url)
    click.echo(f"schema is up to date: {_redacted(settings.database_url)}")
    argv = [sys.executable, "-m", "gunicorn", "-c", str(conf)]
    if bind:
        argv += ["--bind", bind]
    argv.append("dashboard.wsgi:server")
    sys.stdout.flush()
    os.execv(sys.executable, argv)  # gunicorn replaces this process: signals reach it directly


@main.command(context_settings={"ignore_unknown_options": True, "allow_interspersed_args": False})
@click.option(
    "--concurrency",
    type=click.IntRange(min=1),
    default=None,
    help="worker processes [default: OKO_CELERY_CONCURRENCY, else 2]",
)
@click.option("--loglevel", default="INFO", show_default=True)
@click.argument("celery_args", nargs=-1, type=click.UNPROCESSED)
def worker(concurrency: int | None, loglevel: str, celery_args: tuple[str, ...]) -> None:
    """Run a Celery worker for the background jobs (needs OKO_CELERY_BROKER_URL); any further
    arguments go to `celery worker` as they are."""
    import os

    settings = _settings()
    if not settings.celery_broker_url:
        raise click.ClickException(
            "OKO_CELERY_BROKER_URL is not set: without it jobs run in the web process "
            "(diskcache) and no worker is needed"
        )
    concurrency = concurrency or int(os.environ.get("OKO_CELERY_CONCURRENCY") or 2)
    argv = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "dashboard.celery_app",
        "worker",
        f"--concurrency={concurrency}",
        f"--loglevel={loglevel}",
        # one job at a time per process: jobs are long, a prefetched one would wait behind it
        "--prefetch-multiplier=1",
        "-O",
        "fair",
        # pandas and kaleido fragment memory over many jobs: a fresh process now and then
        "--max-tasks-per-child=50",
        *celery_args,
    ]
    # Jobs yield the CPU to page requests on a shared host: an import under load must not
    # push page callbacks past a second (measured in bench/results/load-large-postgres.md).
    niceness = int(os.environ.get("OKO_WORKER_NICE") or 10)
    if niceness:
        os.nice(niceness)
    sys.stdout.flush()
    os.execv(sys.executable, argv)


@main.command("backup")
@click.argument("folder", type=click.Path(file_okay=False))
def backup_command(folder: str) -> None:
    """Back up the database and the evidence files into FOLDER (new or empty), with a
    manifest (schema revision, time, row counts, SHA-256 of every file)."""
    from pathlib import Path

    from dashboard import backup, evidence_store

    settings = _settings()
    try:
        manifest = backup.backup(
            settings.database_url, Path(folder), evidence_store.root(), echo=click.echo
        )
    except backup.BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"backup written to {folder} ({len(manifest.files)} files, {manifest.created_at})")


@main.command("restore")
@click.argument("folder", type=click.Path(exists=True, file_okay=False))
@click.option("--yes", is_flag=True, help="do not ask before replacing the database")
def restore_command(folder: str, yes: bool) -> None:
    """Replace the database and restore the evidence files from a backup FOLDER; refused
    unless every file matches the manifest. Stop OKO first; run `oko init` afterwards."""
    from pathlib import Path

    from dashboard import backup, evidence_store

    settings = _settings()
    try:
        manifest = backup.verify(Path(folder), settings.database_url)
        if not yes:
            click.confirm(
                f"Replace {_redacted(settings.database_url)} with the backup of "
                f"{manifest.created_at}?",
                abort=True,
            )
        backup.restore(settings.database_url, Path(folder), evidence_store.root(), echo=click.echo)
    except backup.BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"restored the backup of {manifest.created_at} (revision {manifest.revision})")


@main.command()
def refresh() -> None:
    """Recompute the pupil summary tables from the pupil rows, then the pages' stored
    region-wide results (after a rule change)."""
    import time

    from data_access import cache, database, precompute, summaries

    settings = _settings()
    started = time.perf_counter()
    with _bound(settings):
        with database.current_engine().begin() as conn:
            written = summaries.refresh(conn)
        click.echo(f"summaries refreshed in {time.perf_counter() - started:.1f} s")
        for table, rows in written.items():
            click.echo(f"  {table:<24} {rows:>10,}")
        started = time.perf_counter()
        timings = precompute.refresh()
        cache.invalidate()
    click.echo(f"derived results stored in {time.perf_counter() - started:.1f} s")
    for name, seconds in timings.items():
        click.echo(f"  {name:<24} {seconds:>9.1f} s")


@main.command()
@click.option(
    "--scale",
    type=click.Choice(["district", "region", "large", "national"]),
    default="region",
    show_default=True,
)
@click.option(
    "--db",
    type=click.Choice(["sqlite", "postgres"]),
    default="sqlite",
    show_default=True,
    help="sqlite: var/bench/<scale>-sqlite.sqlite3; postgres: OKO_BENCH_DATABASE_URL or "
    "OKO_DATABASE_URL (reset and rebuilt when empty or with --rebuild)",
)
@click.option("--database-url", help="benchmark this URL (rebuilt only if empty or --rebuild)")
@click.option("--rebuild", is_flag=True, help="build the demo again even if it is current")
@click.option(
    "--repeat",
    type=click.IntRange(min=1),
    default=30,
    show_default=True,
    help="warm calls per HTTP probe",
)
@click.option("--json", "json_path", type=click.Path(dir_okay=False), help="write the records here")
@click.option("--pages", is_flag=True, help="time every page in headless Chromium instead")
@click.option(
    "--visits",
    type=click.IntRange(min=1),
    default=3,
    show_default=True,
    help="visits per page with --pages (cold: the first, warm: the last)",
)
@click.option("--no-fit", is_flag=True, help="skip the synthetic school-effects fit lines")
@click.option(
    "--data-dir",
    type=click.Path(file_okay=False),
    help="where SQLite bench databases live (default: var/bench)",
)
def bench(
    scale: str,
    db: str,
    database_url: str | None,
    rebuild: bool,
    repeat: int,
    json_path: str | None,
    pages: bool,
    visits: int,
    no_fit: bool,
    data_dir: str | None,
) -> None:
    """Measure the demo, the aggregations and every page's main callback over HTTP
    (cold, warm p50/p95, bytes, SQL floor, naive pandas); --pages: whole pages in Chromium."""
    from dashboard import bench as benchmarks
    from dashboard.bench_server import BenchError

    try:
        benchmarks.run(
            scale,
            db,
            database_url=database_url,
            rebuild=rebuild,
            folder=data_dir,
            repeat=repeat,
            json_path=json_path,
            pages=pages,
            visits=visits,
            fit=not no_fit,
            echo=click.echo,
        )
    except (BenchError, benchmarks.BenchSetupError) as error:
        raise click.ClickException(str(error)) from error


@main.command()
@click.option(
    "--out", type=click.Path(file_okay=False), default="docs/screenshots", show_default=True
)
@click.option(
    "--login",
    "logins",
    multiple=True,
    help="demo login (repeatable) [default: district and director; region with --present]",
)
@click.option(
    "--size",
    default=None,
    help="viewport, WIDTHxHEIGHT [default: 1366x768; 1280x720 with --present]",
)
@click.option(
    "--present",
    is_flag=True,
    help="presentation mode (?present=1): a few pages and a story slide, for the README",
)
def screenshots(out: str, logins: tuple[str, ...], size: str | None, present: bool) -> None:
    """The first screen of every page as each demo login sees it (PNG, headless Chromium);
    with --present, presentation mode as a projector shows it."""
    from pathlib import Path

    from dashboard import screenshots as shots
    from dashboard.bench_server import BenchError

    if not logins:
        logins = ("region",) if present else ("district", "director")
    if size is None:
        size = "1280x720" if present else "1366x768"
    try:
        width, height = (int(part) for part in size.lower().split("x"))
    except ValueError as error:
        raise click.BadParameter("WIDTHxHEIGHT, e.g. 1366x768", param_hint="--size") from error
    settings = _settings()
    try:
        written = shots.take(
            settings.database_url,
            Path(out),
            list(logins),
            (width, height),
            DEMO_PASSWORD,
            click.echo,
            present=present,
        )
    except BenchError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"{len(written)} screenshots in {out}")


@main.group()
def users() -> None:
    """Manage user accounts."""


def _cli_actor() -> tuple[str, str]:
    """(who, where) of a change made with this command: the OS user running it and the host
    name, as the audit log records them (role "cli")."""
    import getpass
    import socket

    try:
        who = getpass.getuser()
    except (OSError, KeyError):  # no login name in the environment or the password database
        who = "unknown"
    return who, socket.gethostname()


def _cli_change(action: str, target: str, change, detail: str | None = None) -> None:
    """Run one user change and audit it like the /admin/users form does (success, or failure
    with the reason), with the OS user and host name as who and where; a refused change
    becomes the command's error."""
    from dashboard.auth.passwords import WeakPassword
    from data_access import audit
    from data_access import users as accounts

    who, host = _cli_actor()
    try:
        change()
    except (accounts.UserError, WeakPassword) as error:
        reason = f"{detail}: {error}" if detail else str(error)
        audit.record(action, "failure", login=who, role="cli", ip=host, asked=target, detail=reason)
        raise click.ClickException(str(error)) from error
    audit.record(action, "success", login=who, role="cli", ip=host, asked=target, detail=detail)


@users.command("add")
@click.argument("login")
@click.option(
    "--role",
    required=True,
    type=click.Choice(["admin", "region", "municipality", "school", "viewer"]),
)
@click.option("--municipality", "municipality_code", help="municipality code (role municipality)")
@click.option("--school", "school_code", help="school code (role school)")
@click.option("--password-stdin", is_flag=True, required=True, help="read the password from stdin")
def users_add(login, role, municipality_code, school_code, password_stdin) -> None:
    """Add a user; the password is read from standard input."""
    from data_access import users as accounts

    password = sys.stdin.readline().rstrip("\r\n")
    given = (("role", role), ("municipality", municipality_code), ("school", school_code))
    detail = " ".join(f"{key}={value}" for key, value in given if value)  # as /admin/users
    with _bound(_settings()):
        _cli_change(
            "user_add",
            login,
            lambda: accounts.add_user(
                accounts.SYSTEM, login, password, role, municipality_code, school_code
            ),
            detail,
        )
    click.echo(f"user {login} added with role {role}")


@users.command("disable")
@click.argument("login")
def users_disable(login) -> None:
    """Disable a user and end its live sessions."""
    from data_access import users as accounts

    with _bound(_settings()):
        _cli_change(
            "user_disable", login, lambda: accounts.set_active(accounts.SYSTEM, login, False)
        )
    click.echo(f"user {login} disabled")


@users.command("totp")
@click.argument("login")
@click.option("--disable", is_flag=True, help="turn the second factor off")
def users_totp(login, disable) -> None:
    """Turn on the TOTP second factor and print its provisioning URI (required for admins
    when OKO_ENV=production)."""
    import pyotp

    from data_access import users as accounts

    secret = None if disable else pyotp.random_base32()
    with _bound(_settings()):
        _cli_change(
            "user_totp",
            login,
            lambda: accounts.set_totp(accounts.SYSTEM, login, secret),
            "off" if disable else "on",
        )
    if disable:
        click.echo(f"TOTP disabled for {login}")
        return
    uri = pyotp.TOTP(secret).provisioning_uri(name=login, issuer_name="OKO")
    click.echo(f"TOTP enabled for {login}. Add it to an authenticator app:\n{uri}")


@users.command("list")
def users_list() -> None:
    """List users with their roles and scopes."""
    from data_access import users as accounts

    with _bound(_settings()):
        rows = accounts.list_users(accounts.SYSTEM)
    for row in rows:
        state = "active" if row["is_active"] else "disabled"
        where = row["school_code"] or row["municipality_code"] or "-"
        click.echo(f"{row['login']:<20} {row['role']:<13} {where:<10} {state}")


@main.command("import")
@click.argument(
    "kind",
    type=click.Choice(
        [
            "schools",
            "context",
            "procedures",
            "results",
            "pupil-results",
            "skill-results",
            "experts",
            "expert-activities",
            "roadmap-items",
            "pd-programmes",
            "subject-teachers",
            "pd-completions",
            "indicator-norms",
        ]
    ),
)
@click.argument("path", type=click.Path(exists=True, dir_okay=False, readable=True))
@click.option("--dry-run", is_flag=True, help="validate and report, write nothing")
@click.option("--sheet", help="XLSX sheet name (default: the first sheet)")
@click.option(
    "--as",
    "as_login",
    metavar="LOGIN",
    help="import as this active OKO user, under their rights (default: as the OS user, "
    "with an administrator's rights)",
)
def import_file(
    kind: str, path: str, dry_run: bool, sheet: str | None, as_login: str | None
) -> None:
    """Import a CSV or XLSX file of KIND (see docs/data-formats.md); all-or-nothing."""
    from pathlib import Path

    from dashboard.app import create_app
    from dashboard.ingest import parse
    from data_access import imports

    settings = _settings()
    source = Path(path)
    max_bytes = settings.max_upload_mb * 2**20
    if source.stat().st_size > max_bytes:  # refuse before reading it into memory
        click.echo(f"rejected: file is larger than OKO_MAX_UPLOAD_MB={settings.max_upload_mb}")
        sys.exit(1)
    parsed = parse(kind, source.read_bytes(), source.name, sheet=sheet, max_bytes=max_bytes)
    _who, host = _cli_actor()
    # The app, not only its engine: an import answers its readers' views ahead of its commit
    # (callbacks.warm), as a web import does.
    app = create_app(settings)
    with app.server.app_context():
        scope = _import_scope(as_login, kind, host)
        try:
            result = imports.run_import(scope, parsed, dry_run=dry_run, ip=host)
        except Exception as error:  # recorded as a failed run with its reason, and audited
            raise click.ClickException(f"import failed: {type(error).__name__}: {error}") from error
    for issue in result.errors:
        click.echo(f"  {issue}")
    if result.error_count > len(result.errors):
        click.echo(f"  … and {result.error_count - len(result.errors)} more errors")
    if not result.ok:
        click.echo(f"rejected: {result.error_count} errors, nothing written")
        sys.exit(1)
    verb = "would import" if dry_run else "imported"
    click.echo(
        f"{verb} {kind}: {result.inserted} inserted, {result.updated} updated, "
        f"{result.unchanged} unchanged"
    )
    if result.views_warmed:
        click.echo(f"{result.views_warmed} views readers opened lately answered for the new data")


def _import_scope(as_login: str | None, kind: str, host: str):
    """Whose import this is. With --as, that user's own scope: the account must exist and be
    active, and the import is refused (and audited) unless they may import `kind`. Without it,
    the OS user running the command, with an administrator's rights as before (shell access to
    the server is full trust), named "cli:<OS user>", which no OKO login can be."""
    from data_access import audit, imports, users
    from data_access.scope import OutOfScope, Scope

    if as_login is None:
        who, _host = _cli_actor()
        return Scope(login=f"cli:{who}"[:80], role="admin")
    account = users.account_by_login(as_login)
    if account is None or not account.is_active:
        raise click.ClickException(f"no active user {as_login!r}")
    scope = users.scope_for(account)
    try:
        imports.require_importer(scope, kind)
    except OutOfScope as refused:
        who, _host = _cli_actor()
        audit.record("import", "denied", scope=scope, ip=host, asked=kind, detail=f"cli:{who}")
        raise click.ClickException(
            f"{as_login} ({account.role}) may not import {kind}"
        ) from refused
    return scope


def _redacted(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


if __name__ == "__main__":
    main()
