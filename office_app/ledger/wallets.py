"""The student and wallet facts a deposit decides on, read once for a whole group.

A group's deposits name their students up front, so the first deposit reads every one of
them in one query instead of one query (one round trip to PostgreSQL) per deposit. What the
group's own check-first commands change afterwards is kept up to date here: a posting moves
a cached wallet's balance, a deposit that starts a waiting top-up clears its flag. Any other
handler may change students and wallets in ways not followed here, so the engine calls
``forget`` before it runs one, and later deposits read again.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Connection

from office_app.ledger import statements


@dataclass
class StudentWallet:
    """A student's status and name, their wallet and whether a top-up waits for it."""

    status: str
    name: str
    wallet_id: uuid.UUID
    balance_ore: int
    agreement_waits: bool


class GroupWallets:
    """Students' wallets as the group's transaction sees them, read on first use."""

    def __init__(self, student_ids: Iterable[uuid.UUID]) -> None:
        self._wanted = list(dict.fromkeys(student_ids))
        self._found: dict[uuid.UUID, StudentWallet | None] = {}
        self._by_wallet: dict[uuid.UUID, StudentWallet] = {}

    def get(
        self, connection: Connection, school_id: uuid.UUID, student_id: uuid.UUID
    ) -> StudentWallet | None:
        """The student's wallet, or None when the school has no such student."""
        if student_id not in self._found:
            unread = [wanted for wanted in self._wanted if wanted not in self._found]
            self._read(connection, school_id, [student_id, *unread])
        return self._found[student_id]

    def moved(self, account_id: uuid.UUID, amount_ore: int) -> None:
        """A posting moved an account's balance."""
        found = self._by_wallet.get(account_id)
        if found is not None:
            found.balance_ore += amount_ore

    def top_up_started(self, student_id: uuid.UUID) -> None:
        """The student's waiting top-up is active now."""
        found = self._found.get(student_id)
        if found is not None:
            found.agreement_waits = False

    def forget(self) -> None:
        """Read again on next use: something not followed here may have changed."""
        self._found.clear()
        self._by_wallet.clear()

    def _read(
        self, connection: Connection, school_id: uuid.UUID, student_ids: list[uuid.UUID]
    ) -> None:
        rows = connection.execute(
            statements.STUDENT_WALLETS,
            {"student_ids": list(dict.fromkeys(student_ids)), "school_id": school_id},
        )
        for student_id in student_ids:
            self._found[student_id] = None
        for student_id, status, name, wallet_id, balance_ore, agreement_waits in rows:
            found = StudentWallet(status, name, wallet_id, balance_ore, bool(agreement_waits))
            self._found[student_id] = found
            self._by_wallet[wallet_id] = found
