"""Staff sign-in against the password hashes replicated from the ledger, so it works offline.

After three wrong attempts in a row the desk pauses before it accepts another, doubling the
pause with each further failure (up to a minute), so a password cannot be guessed at speed.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Engine

from office_app.desk.queries import staff_hash
from office_app.desk.session import SignedIn

FREE_ATTEMPTS = 3
FIRST_PAUSE_SECONDS = 5.0
LONGEST_PAUSE_SECONDS = 60.0


@cache
def _decoy_hash() -> str:
    """Verified against when the username is unknown, so both answers take the same time."""
    return PasswordHasher().hash("not a password anyone has")


class LoginPaused(Exception):
    def __init__(self, seconds: int) -> None:
        super().__init__(f"wait {seconds} s")
        self.seconds = seconds


class LoginGuard:
    """Checks usernames and passwords, and throttles repeated failures."""

    def __init__(self, engine: Engine, clock: Callable[[], float] = time.monotonic) -> None:
        self._engine = engine
        self._clock = clock
        self._hasher = PasswordHasher()
        self._failures = 0
        self._paused_until = 0.0

    def sign_in(self, username: str, password: str) -> SignedIn | None:
        """The staff member, or None for a wrong username or password.

        Raises ``LoginPaused`` while a pause after repeated failures lasts.
        """
        waiting = self._paused_until - self._clock()
        if waiting > 0:
            raise LoginPaused(math.ceil(waiting))
        found = staff_hash(self._engine, username.strip())
        try:
            self._hasher.verify(found[0] if found else _decoy_hash(), password)
        except (VerificationError, InvalidHashError):
            found = None
        if found is None:
            self._failed()
            return None
        self._failures = 0
        return SignedIn(username.strip(), found[1] or username.strip(), found[2])

    def _failed(self) -> None:
        self._failures += 1
        if self._failures >= FREE_ATTEMPTS:
            pause = FIRST_PAUSE_SECONDS * 2 ** (self._failures - FREE_ATTEMPTS)
            self._paused_until = self._clock() + min(pause, LONGEST_PAUSE_SECONDS)
