"""Password policy and argon2id hashing."""

import pytest

from dashboard.auth.passwords import (
    HASHER,
    WeakPassword,
    check_policy,
    hash_password,
    verify_password,
)


def test_argon2id_with_owasp_minimum_parameters():
    encoded = hash_password("длинный пароль 2024")
    assert encoded.startswith("$argon2id$")
    assert "m=19456,t=2,p=1" in encoded
    assert HASHER.memory_cost >= 19 * 1024


@pytest.mark.parametrize(
    "password", ["пароль-на-кириллице-7", "x" * 200 + "Ё", "Correct Horse Battery"]
)
def test_long_and_cyrillic_passwords_verify_exactly(password):
    encoded = hash_password(password)
    assert verify_password(encoded, password)
    assert not verify_password(encoded, password + " ")
    assert not verify_password(encoded, password.upper())


def test_nfc_and_nfd_forms_of_the_same_password_match():
    composed = "пароль-ёлка-42"
    decomposed = composed.replace("ё", "е\u0308")
    assert verify_password(hash_password(composed), decomposed)


@pytest.mark.parametrize("password", ["short7", "password1", "12345678", "aaaaaaaaaa", "йцукенгш"])
def test_weak_passwords_are_refused(password):
    with pytest.raises(WeakPassword):
        check_policy(password)


def test_password_containing_login_is_refused():
    with pytest.raises(WeakPassword):
        check_policy("ivanov-2024-secret", login="ivanov")


def test_broken_hash_does_not_verify():
    assert not verify_password("not-a-hash", "anything")


# ------------------------------------------------------------------ the common-password list


@pytest.mark.parametrize("password", ["jennifer", "computer", "corvette", "midnight", "Whatever"])
def test_passwords_from_the_ten_thousand_most_common_are_refused(password):
    """Issue 18 §8: these are in the shipped list of the 10,000 most common (not in the old
    list of ~60), long enough and varied enough to pass every other rule."""
    with pytest.raises(WeakPassword):
        check_policy(password)


def test_the_list_ships_in_the_package_with_ten_thousand_entries():
    import tomllib
    from importlib import resources
    from pathlib import Path

    from dashboard.auth.passwords import COMMON_FILE, common_passwords

    shipped = resources.files("dashboard.auth").joinpath(COMMON_FILE).read_text(encoding="utf-8")
    assert len(shipped.splitlines()) >= 10_000
    assert len(common_passwords()) >= 10_000
    pyproject = Path(__file__).resolve().parents[2] / "pyproject.toml"
    package_data = tomllib.loads(pyproject.read_text())["tool"]["setuptools"]["package-data"]
    assert f"auth/{COMMON_FILE}" in package_data["dashboard"]
