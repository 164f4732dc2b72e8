"""Password hashing (argon2id, OWASP minimum) and the password policy."""

from __future__ import annotations

import unicodedata
from functools import cache
from importlib import resources

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError

from dashboard import strings

# OWASP Password Storage Cheat Sheet minimum for argon2id: 19 MiB, t=2, p=1.
HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1, type=Type.ID)
MIN_LENGTH = 8
MAX_LENGTH = 256

# A few common passwords of Russian-speaking users (Cyrillic, and Cyrillic typed on a Latin
# layout) that the English-language breach list below lacks.
EXTRA_COMMON = frozenset(
    """
    йцукенгш пароль123 парольпароль пароль1234 123456789a changeme1 00000000 password123
    admin123 administrator q1w2e3r4t5 123qweasd qweasdzxc gfhjkm123 gfhjkmgfhjkm ghbdtn123
    """.split()
)
COMMON_FILE = "common_passwords.txt"


@cache
def common_passwords() -> frozenset[str]:
    """The 10,000 most common passwords (SecLists' 10k-most-common.txt, shipped in the
    package: no network), lowercased, plus EXTRA_COMMON."""
    text = resources.files("dashboard.auth").joinpath(COMMON_FILE).read_text(encoding="utf-8")
    listed = {line.strip().lower() for line in text.splitlines() if line.strip()}
    return frozenset(listed | EXTRA_COMMON)


class WeakPassword(ValueError):
    """The password breaks the policy; the message is shown to the user (Russian)."""


def normalise(password: str) -> str:
    """NFC so that the same Cyrillic password typed on two keyboards hashes the same."""
    return unicodedata.normalize("NFC", password)


def check_policy(password: str, login: str = "") -> None:
    password = normalise(password)
    if len(password) < MIN_LENGTH:
        raise WeakPassword(strings.PASSWORD_TOO_SHORT.format(n=MIN_LENGTH))
    if len(password) > MAX_LENGTH:
        raise WeakPassword(strings.PASSWORD_TOO_LONG.format(n=MAX_LENGTH))
    lowered = password.lower()
    if lowered in common_passwords() or len(set(password)) < 4:
        raise WeakPassword(strings.PASSWORD_TOO_COMMON)
    if login and login.lower() in lowered:
        raise WeakPassword(strings.PASSWORD_HAS_LOGIN)


def hash_password(password: str) -> str:
    return HASHER.hash(normalise(password))


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return HASHER.verify(password_hash, normalise(password))
    except (VerificationError, InvalidHashError):
        return False


# Verified against when the login is unknown, so both paths cost the same time.
DUMMY_HASH = HASHER.hash("not a real password, only for timing")
