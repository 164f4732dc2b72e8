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
    settings = Settings.from_env(
        {"OKO_ENV": "production", "OKO_SECRET_KEY": key, "OKO_CACHE_URL": "redis://cache:6379/0"}
    )
    assert settings.production and settings.secret_key == key


@pytest.mark.parametrize("url", ["simple://", "filesystem:///var/cache/oko"])
def test_production_refuses_a_per_process_cache_with_several_workers(url):
    """Issue 18 §3: throttles, jobs and limits kept per process would not hold across workers."""
    key = "Zq8vN3xL0pR7tY2uW5eK9mB4cH6jD1fS"
    env = {"OKO_ENV": "production", "OKO_SECRET_KEY": key, "OKO_CACHE_URL": url}
    with pytest.raises(ConfigError, match="OKO_CACHE_URL"):
        Settings.from_env({**env, "OKO_WORKERS": "4"})
    assert Settings.from_env({**env, "OKO_WORKERS": "1"}).workers == 1


def test_remember_me_is_bounded():
    with pytest.raises(ConfigError, match="14"):
        Settings.from_env({"OKO_REMEMBER_DAYS": "30", "OKO_SECRET_KEY": "x" * 40})


def test_unknown_env_is_refused():
    with pytest.raises(ConfigError):
        Settings.from_env({"OKO_ENV": "staging"})


# ------------------------------------------------------------------ one suppression threshold


def test_min_cell_defaults_to_the_rule():
    from dashboard import rules

    assert Settings().min_cell == rules.DEFAULT_MIN_CELL
    assert Settings.from_env({"OKO_SECRET_KEY": "x" * 40}).min_cell == rules.DEFAULT_MIN_CELL
    assert Settings.from_env({"OKO_SECRET_KEY": "x" * 40, "OKO_MIN_CELL": "12"}).min_cell == 12


def test_the_apps_settings_are_the_one_source_of_min_cell(tmp_path, monkeypatch):
    """Inside an app the threshold is its Settings.min_cell: suppression and the rule the
    pages print both say 7, whatever the environment says meanwhile."""
    import pandas as pd

    from dashboard import rules, strings
    from dashboard.app import create_server
    from data_access.suppression import suppress_small

    monkeypatch.setenv("OKO_MIN_CELL", "3")  # must not be consulted inside the app
    server = create_server(
        Settings(
            env="test",
            secret_key="x" * 40,
            cache_url="null://",
            database_url=f"sqlite:///{tmp_path / 'oko.sqlite3'}",
            min_cell=7,
            testing=True,
        )
    )
    frame = pd.DataFrame({"participants": [3, 6, 7, 30], "mean_percent": [50.0, 60.0, 70.0, 80.0]})
    with server.app_context():
        assert rules.min_cell() == 7
        shown = suppress_small(frame)
        note = strings.SUPPRESSION_RULE.format(n=rules.min_cell())
    assert shown["suppressed"].tolist() == [True, True, False, False]
    assert shown["mean_percent"].isna().tolist() == [True, True, False, False]
    assert "менее 7 участников" in note


def test_min_cell_outside_an_app_is_the_configured_value(monkeypatch):
    """The CLI and data_access used directly (no app context) read the same configuration
    through Settings.from_env, without generating a development secret."""
    from dashboard import rules

    monkeypatch.setattr(
        "dashboard.config._development_secret",
        lambda: pytest.fail("min_cell() must not generate a secret"),
    )
    monkeypatch.setenv("OKO_MIN_CELL", "9")
    assert rules.min_cell() == 9
    monkeypatch.delenv("OKO_MIN_CELL")
    assert rules.min_cell() == rules.DEFAULT_MIN_CELL


# ------------------------------------------------------------------ the region's time zone


def test_timezone_defaults_to_moscow_and_is_configurable():
    from dashboard import rules

    assert Settings().timezone == rules.DEFAULT_TIMEZONE == "Europe/Moscow"
    secret = {"OKO_SECRET_KEY": "x" * 40}
    assert Settings.from_env(secret).timezone == "Europe/Moscow"
    zone = {**secret, "OKO_TIMEZONE": "Asia/Yekaterinburg"}
    assert Settings.from_env(zone).timezone == "Asia/Yekaterinburg"


@pytest.mark.parametrize("zone", ["Moscow", "Europe", "../etc/passwd", "UTC+3"])
def test_an_unknown_timezone_is_refused(zone):
    with pytest.raises(ConfigError, match="OKO_TIMEZONE"):
        Settings.from_env({"OKO_SECRET_KEY": "x" * 40, "OKO_TIMEZONE": zone})


def test_timezone_is_the_apps_setting_inside_an_app_and_the_environment_outside(
    tmp_path, monkeypatch
):
    from dashboard import rules
    from dashboard.app import create_server

    monkeypatch.setenv("OKO_TIMEZONE", "Asia/Vladivostok")
    assert rules.timezone() == "Asia/Vladivostok"
    server = create_server(
        Settings(
            env="test",
            secret_key="x" * 40,
            cache_url="null://",
            database_url=f"sqlite:///{tmp_path / 'oko.sqlite3'}",
            timezone="Asia/Yekaterinburg",
            testing=True,
        )
    )
    with server.app_context():
        assert rules.timezone() == "Asia/Yekaterinburg"
    monkeypatch.delenv("OKO_TIMEZONE")
    assert rules.timezone() == rules.DEFAULT_TIMEZONE


# ------------------------------------------------------------------ sign-in (issue 18 §1, §4)


def test_totp_roles_always_include_admin_and_refuse_unknown_roles():
    secret = {"OKO_SECRET_KEY": "x" * 40}
    assert Settings.from_env(secret).totp_roles == ("admin",)
    roles = Settings.from_env({**secret, "OKO_TOTP_ROLES": "region, municipality"}).totp_roles
    assert roles == ("admin", "municipality", "region")
    with pytest.raises(ConfigError, match="OKO_TOTP_ROLES"):
        Settings.from_env({**secret, "OKO_TOTP_ROLES": "region,superuser"})


def test_forwarded_allow_ips_parses_addresses_and_networks():
    import ipaddress

    secret = {"OKO_SECRET_KEY": "x" * 40}
    default = Settings.from_env(secret).forwarded_networks
    assert default == (ipaddress.ip_network("127.0.0.1/32"),)
    given = Settings.from_env({**secret, "OKO_FORWARDED_ALLOW_IPS": "10.0.0.0/8, ::1"})
    assert ipaddress.ip_address("10.1.2.3") in given.forwarded_networks[0]
    with pytest.raises(ConfigError, match="OKO_FORWARDED_ALLOW_IPS"):
        Settings.from_env({**secret, "OKO_FORWARDED_ALLOW_IPS": "proxy.local"})


def test_the_readme_documents_the_sign_in_variables():
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    for name in ("OKO_TOTP_ROLES", "OKO_FORWARDED_ALLOW_IPS"):
        assert f"| `{name}` |" in readme, name


def test_the_deploy_guide_documents_every_variable_the_server_reads():
    """docs/deploy.md's Environment table names every OKO_* variable that the settings,
    gunicorn and the CLI read (OKO_BENCH_* belongs to `oko bench`, said under the table)."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    guide = (root / "docs" / "deploy.md").read_text(encoding="utf-8")
    read = set()
    for source in ("dashboard/config.py", "gunicorn.conf.py", "dashboard/cli.py"):
        text = (root / source).read_text(encoding="utf-8")
        read |= set(re.findall(r"environ(?:\.get)?\(\s*\"(OKO_[A-Z_]+)\"", text))
        read |= set(re.findall(r"env\.get\(\s*\"(OKO_[A-Z_]+)\"", text))
    read -= {"OKO_BENCH_DATABASE_URL"}
    assert len(read) > 20
    missing = sorted(name for name in read if f"| `{name}` |" not in guide)
    assert not missing, missing
