"""Configuration from environment variables (documented in README.md)."""

from __future__ import annotations

import ipaddress
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dashboard.rules import DEFAULT_MIN_CELL, DEFAULT_TIMEZONE

PROJECT_ROOT = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("OKO_VAR_DIR", PROJECT_ROOT / "var"))

MIN_SECRET_LENGTH = 32
# Caches not shared by gunicorn's workers the way production needs (refused there).
PER_HOST_CACHES = ("simple:", "filesystem:")


class ConfigError(RuntimeError):
    """The environment does not describe a runnable configuration."""


def _default_database_url() -> str:
    return f"sqlite:///{VAR_DIR / 'oko.sqlite3'}"


def _default_cache_url() -> str:
    return f"filesystem://{VAR_DIR / 'cache'}"


def _development_secret() -> str:
    """Generate a secret once into var/ so sessions survive restarts in development."""
    path = VAR_DIR / "secret_key"
    if path.exists():
        return path.read_text().strip()
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    path.write_text(key)
    path.chmod(0o600)
    return key


def _default_workers(env) -> int:
    """gunicorn's worker count: OKO_WORKERS, else gunicorn.conf.py's default (2)."""
    return int(env.get("OKO_WORKERS") or 2)


def _known_zone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True


def _networks(value: str) -> tuple:
    parts = [part.strip() for part in value.split(",") if part.strip()]
    if "*" in parts:
        return (ipaddress.ip_network("0.0.0.0/0"), ipaddress.ip_network("::/0"))
    return tuple(ipaddress.ip_network(part, strict=False) for part in parts)


@dataclass
class Settings:
    """Everything the app reads from the environment, resolved once."""

    env: str = "development"
    database_url: str = field(default_factory=_default_database_url)
    cache_url: str = field(default_factory=_default_cache_url)
    secret_key: str = ""
    min_cell: int = DEFAULT_MIN_CELL  # read through dashboard.rules.min_cell()
    timezone: str = DEFAULT_TIMEZONE  # read through dashboard.rules.timezone()
    session_idle_minutes: int = 60
    session_max_hours: int = 12
    remember_days: int = 0
    max_upload_mb: int = 50
    max_callback_kb: int = 1024  # a callback body without a file (dashboard.web.security)
    fits_per_minute: int = 6  # uncached rankings fits per user (data_access.fit_budget)
    workers: int = field(default_factory=lambda: _default_workers(os.environ))
    testing: bool = False
    # peers whose X-Forwarded-For names the client (gunicorn.conf.py reads the same variable)
    forwarded_allow_ips: str = "127.0.0.1"
    # roles that must sign in with TOTP in production ("admin" always among them)
    totp_roles: tuple[str, ...] = ("admin",)
    # production at scale (docs/deploy.md)
    read_database_url: str = ""  # a replica for read-only page queries; "" = database_url
    celery_broker_url: str = ""  # background jobs on Celery; "" = diskcache in var/
    statement_timeout_ms: int = 15000  # PostgreSQL: longest page query
    connect_timeout_s: int = 2  # PostgreSQL connect, Redis connect and socket
    pool_size: int = 5  # SQLAlchemy pool per process (PostgreSQL)
    max_overflow: int = 5

    @property
    def production(self) -> bool:
        return self.env == "production"

    @property
    def forwarded_networks(self) -> tuple:
        """OKO_FORWARDED_ALLOW_IPS parsed: addresses or networks, "*" for any peer."""
        return _networks(self.forwarded_allow_ips)

    @classmethod
    def from_env(
        cls, environ: os._Environ | dict | None = None, *, validate: bool = True
    ) -> Settings:
        """The settings the environment describes: the one place that reads OKO_* variables.

        `validate=False` only parses (no development secret is generated): for a value read
        outside any app, such as rules.min_cell() in the CLI.
        """
        env = os.environ if environ is None else environ
        settings = cls(
            env=env.get("OKO_ENV", "development"),
            database_url=env.get("OKO_DATABASE_URL") or _default_database_url(),
            cache_url=env.get("OKO_CACHE_URL") or _default_cache_url(),
            secret_key=env.get("OKO_SECRET_KEY", ""),
            min_cell=int(env.get("OKO_MIN_CELL", DEFAULT_MIN_CELL)),
            timezone=env.get("OKO_TIMEZONE") or DEFAULT_TIMEZONE,
            session_idle_minutes=int(env.get("OKO_SESSION_IDLE_MINUTES", "60")),
            session_max_hours=int(env.get("OKO_SESSION_MAX_HOURS", "12")),
            remember_days=int(env.get("OKO_REMEMBER_DAYS", "0")),
            max_upload_mb=int(env.get("OKO_MAX_UPLOAD_MB", "50")),
            max_callback_kb=int(env.get("OKO_MAX_CALLBACK_KB", "1024")),
            fits_per_minute=int(env.get("OKO_FITS_PER_MINUTE", "6")),
            workers=_default_workers(env),
            forwarded_allow_ips=env.get("OKO_FORWARDED_ALLOW_IPS", "127.0.0.1"),
            totp_roles=tuple(
                sorted({"admin", *env.get("OKO_TOTP_ROLES", "admin").replace(",", " ").split()})
            ),
            read_database_url=env.get("OKO_READ_DATABASE_URL", ""),
            celery_broker_url=env.get("OKO_CELERY_BROKER_URL", ""),
            statement_timeout_ms=int(env.get("OKO_STATEMENT_TIMEOUT_MS", "15000")),
            connect_timeout_s=int(env.get("OKO_CONNECT_TIMEOUT_S", "2")),
            pool_size=int(env.get("OKO_DB_POOL_SIZE", "5")),
            max_overflow=int(env.get("OKO_DB_MAX_OVERFLOW", "5")),
        )
        if validate:
            settings.validate()
        return settings

    def validate(self) -> None:
        if self.env not in {"development", "production", "test"}:
            raise ConfigError(f"OKO_ENV must be development, production or test, not {self.env!r}")
        if not _known_zone(self.timezone):
            raise ConfigError(
                f"OKO_TIMEZONE must be an IANA time zone such as Europe/Moscow, "
                f"not {self.timezone!r}"
            )
        try:
            _networks(self.forwarded_allow_ips)
        except ValueError as error:
            raise ConfigError(
                "OKO_FORWARDED_ALLOW_IPS must list addresses or networks separated by commas, "
                f"or *: {error}"
            ) from None
        from dashboard.models.accounts import ROLES

        unknown = sorted(set(self.totp_roles) - set(ROLES))
        if unknown:
            raise ConfigError(f"OKO_TOTP_ROLES: unknown roles {unknown}; known: {', '.join(ROLES)}")
        if not 0 <= self.remember_days <= 14:
            raise ConfigError("OKO_REMEMBER_DAYS must be between 0 (off) and 14")
        if self.production:
            if len(self.secret_key) < MIN_SECRET_LENGTH or len(set(self.secret_key)) < 10:
                raise ConfigError(
                    "OKO_ENV=production needs OKO_SECRET_KEY of at least "
                    f"{MIN_SECRET_LENGTH} random characters"
                )
        elif not self.secret_key:
            self.secret_key = _development_secret()
        if self.production and self.workers > 1 and self.cache_url.startswith(PER_HOST_CACHES):
            raise ConfigError(
                "OKO_ENV=production with several workers needs a shared cache "
                "(OKO_CACHE_URL=redis://...): a simple:// cache is one per process (import jobs "
                "and limits would not be seen by the other workers) and a filesystem:// cache "
                "counts without locks; or set OKO_WORKERS=1"
            )
