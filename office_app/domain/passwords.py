"""Staff passwords: the one rule for a new password, and how passwords are kept (argon2id).

The ledger hashes at set-up and reset; an office hashes when a staff member changes their own
password, so the password itself never leaves the desk. Both use these functions.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from argon2 import PasswordHasher

MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_LENGTH = 200


@cache
def _hasher() -> PasswordHasher:
    """Loaded on first use: the desk's first screen checks lengths long before it hashes."""
    from argon2 import PasswordHasher

    return PasswordHasher()


def password_length_ok(password: str) -> bool:
    """The rule for a new password: 8 to 200 characters."""
    return MIN_PASSWORD_LENGTH <= len(password) <= MAX_PASSWORD_LENGTH


def hash_password(password: str) -> str:
    """An argon2id hash, replicated to offices so staff can sign in offline."""
    return _hasher().hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher().verify(password_hash, password)
    except Exception:  # noqa: BLE001 - any mismatch or damaged hash means "no"
        return False
