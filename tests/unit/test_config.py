"""Configuration from the environment, and production's refusal to start without a secret."""

import pytest

from dashboard.config import ConfigError, Settings


def test_defaults_point_into_var(tmp_path, monkeypatch):
    monkeypatch.setattr("dashboard.config.VAR_DIR", tmp_path)
    settings = Settings.from_env({})
    assert settings.database_url == f"sqlite:///{tmp_path / 'oko.sqlite3'}"
    assert settings.cache_url == f"filesystem://{tmp_path / 'cache'}"
    assert len(settings.secret_key) >= 32
    # generated once: the next start reads the same key
    assert Settings.from_env({}).secret_key == settings.secret_key


def test_production_refuses_missing_or_weak_secret():
    with pytest.raises(ConfigError, match="OKO_SECRET_KEY"):
        Settings.from_env({"OKO_ENV": "production"})
    with pytest.raises(ConfigError):
        Settings.from_env({"OKO_ENV": "production", "OKO_SECRET_KEY": "a" * 64})


def test_production_accepts_strong_secret():
    key = "Zq8vN3xL0pR7tY2uW5eK9mB4cH6jD1fS"
    settings = Settings.from_env({"OKO_ENV": "production", "OKO_SECRET_KEY": key})
    assert settings.production and settings.secret_key == key


def test_remember_me_is_bounded():
    with pytest.raises(ConfigError, match="14"):
        Settings.from_env({"OKO_REMEMBER_DAYS": "30", "OKO_SECRET_KEY": "x" * 40})


def test_unknown_env_is_refused():
    with pytest.raises(ConfigError):
        Settings.from_env({"OKO_ENV": "staging"})
