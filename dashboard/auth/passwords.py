"""Password hashing (argon2id, OWASP minimum) and the password policy."""

from __future__ import annotations

import unicodedata

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError

from dashboard import strings

# OWASP Password Storage Cheat Sheet minimum for argon2id: 19 MiB, t=2, p=1.
HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1, type=Type.ID)
MIN_LENGTH = 8
MAX_LENGTH = 256

# The most common passwords of public breach lists, Latin and Cyrillic keyboard variants.
COMMON_PASSWORDS = frozenset(
    """
    12345678 123456789 1234567890 12341234 11111111 00000000 87654321 88888888 12344321
    password password1 password123 passw0rd qwertyui qwerty123 qwerty12 1qaz2wsx zaq12wsx
    iloveyou sunshine princess football baseball welcome1 admin123 administrator letmein1
    abcd1234 abc12345 q1w2e3r4 q1w2e3r4t5 asdfghjk zxcvbnm1 trustno1 superman starwars
    11223344 123123123 123qweasd 1q2w3e4r 1q2w3e4r5t qweasdzxc master12 dragon12 monkey12
    йцукенгш пароль123 парольпароль qwertyuiop 123456789a 1234qwer changeme changeme1
    """.split()
)


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
    if lowered in COMMON_PASSWORDS or len(set(password)) < 4:
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
