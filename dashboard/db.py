"""Engine creation and schema migration; the one place that knows database URLs."""

from __future__ import annotations

import threading
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

_engines: dict[str, Engine] = {}
_lock = threading.Lock()

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def make_engine(
    url: str,
    *,
    statement_timeout_ms: int | None = None,
    connect_timeout_s: int = 2,
    pool_size: int = 5,
    max_overflow: int = 5,
    **kwargs,
) -> Engine:
    """Create an engine with sane pooling; SQLite files get their folder and WAL mode.

    PostgreSQL: a connect timeout, a pre-ping on checkout (a restarted server costs no
    restart of OKO) and, for the engine of page reads, a statement timeout.
    """
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30}, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if parsed.get_backend_name() == "postgresql":
        connect_args = {"connect_timeout": connect_timeout_s, **kwargs.pop("connect_args", {})}
        if statement_timeout_ms:
            connect_args["options"] = f"-c statement_timeout={int(statement_timeout_ms)}"
        kwargs["connect_args"] = connect_args
    if "poolclass" not in kwargs:
        kwargs.update(pool_pre_ping=True, pool_size=pool_size, max_overflow=max_overflow)
    return create_engine(url, **kwargs)


def get_engine(
    url: str,
    *,
    statement_timeout_ms: int | None = None,
    connect_timeout_s: int = 2,
    pool_size: int = 5,
    max_overflow: int = 5,
    watch: bool = False,
) -> Engine:
    """One engine per URL and options per process (gunicorn workers each build their own
    after fork). `watch` (the app's engines, not the CLI's): a PostgreSQL engine is watched
    (data_access.db_watchdog) so requests fail fast while the server does not answer."""
    from data_access import db_watchdog

    options = (statement_timeout_ms, connect_timeout_s, pool_size, max_overflow)
    key = url if options == (None, 2, 5, 5) else f"{url}#{options}"
    with _lock:
        engine = _engines.get(key)
        if engine is None:
            engine = _engines[key] = make_engine(
                url,
                statement_timeout_ms=statement_timeout_ms,
                connect_timeout_s=connect_timeout_s,
                pool_size=pool_size,
                max_overflow=max_overflow,
            )
        if watch:
            # only page reads (the engine with a statement timeout) are cut off when the
            # server hangs; an import's connection is left to finish or fail on its own
            db_watchdog.attach(engine, connect_timeout_s, shut=statement_timeout_ms is not None)
        return engine


def engines_for(settings) -> tuple[Engine, Engine]:
    """The app's (primary, read) engines: writes go to the primary; page reads go to the
    replica (OKO_READ_DATABASE_URL) or the primary, under the page statement timeout."""
    sizes = {
        "connect_timeout_s": settings.connect_timeout_s,
        "pool_size": settings.pool_size,
        "max_overflow": settings.max_overflow,
    }
    primary = get_engine(settings.database_url, watch=True, **sizes)
    read_url = settings.read_database_url or settings.database_url
    if make_url(read_url).get_backend_name() == "sqlite" and read_url == settings.database_url:
        return primary, primary  # one file: no statement timeout to set, no second pool
    read = get_engine(
        read_url, statement_timeout_ms=settings.statement_timeout_ms, watch=True, **sizes
    )
    return primary, read


def dispose_engines() -> None:
    from data_access import db_watchdog

    with _lock:
        for engine in _engines.values():
            engine.dispose()
        _engines.clear()
    db_watchdog.stop_all()


def alembic_config(url: str):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def upgrade(url: str) -> None:
    """Create or upgrade the schema to the newest migration."""
    from alembic import command

    command.upgrade(alembic_config(url), "head")
