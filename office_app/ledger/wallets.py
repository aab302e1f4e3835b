"""What deposits and purchases decide on, read once for a whole group of commands.

A group's deposits name their students and its purchases their cards up front, so the first
deposit reads every student's wallet, and the first purchase every card's facts, in one query
instead of one query (one round trip to PostgreSQL) per command. What the group's own
check-first commands change afterwards is kept up to date here: a posting moves a cached
wallet's balance, a purchase adds to the day's spending, a deposit that starts a waiting
top-up clears its flag. Any other handler may change students, cards, caps and wallets in ways
not followed here, so the engine calls ``forget`` before it runs one, and later commands read
again.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Connection

from office_app.ledger import prepared


@dataclass
class StudentWallet:
    """A student's status and name, their wallet and whether a top-up waits for it."""

    status: str
    name: str
    wallet_id: uuid.UUID
    balance_ore: int
    agreement_waits: bool


@dataclass
class CardFacts:
    """A card with its child's wallet, daily cap and spending on one day (None: no row)."""

    status: str
    student_id: uuid.UUID
    wallet_id: uuid.UUID
    balance_ore: int
    daily_cap_ore: int | None
    spent_ore: int | None


class GroupWallets:
    """Wallets and cards as the group's transaction sees them, read on first use."""

    def __init__(
        self, student_ids: Iterable[uuid.UUID] = (), card_numbers: Iterable[str] = ()
    ) -> None:
        self._wanted_students = list(dict.fromkeys(student_ids))
        self._wanted_cards = list(dict.fromkeys(card_numbers))
        self._students: dict[uuid.UUID, StudentWallet | None] = {}
        self._cards: dict[tuple[str, dt.date], CardFacts | None] = {}
        self._by_wallet: dict[uuid.UUID, list[StudentWallet | CardFacts]] = {}

    def student(
        self, connection: Connection, school_id: uuid.UUID, student_id: uuid.UUID
    ) -> StudentWallet | None:
        """The student's wallet, or None when the school has no such student."""
        if student_id not in self._students:
            unread = [wanted for wanted in self._wanted_students if wanted not in self._students]
            self._read_students(connection, school_id, [student_id, *unread])
        return self._students[student_id]

    def card(
        self, connection: Connection, school_id: uuid.UUID, card_number: str, day: dt.date
    ) -> CardFacts | None:
        """The card's facts on a day, or None when the school has no such card."""
        if (card_number, day) not in self._cards:
            unread = [wanted for wanted in self._wanted_cards if (wanted, day) not in self._cards]
            self._read_cards(connection, school_id, [card_number, *unread], day)
        return self._cards[card_number, day]

    def moved(self, account_id: uuid.UUID, amount_ore: int) -> None:
        """A posting moved an account's balance."""
        for found in self._by_wallet.get(account_id, ()):
            found.balance_ore += amount_ore

    def spent(self, student_id: uuid.UUID, day: dt.date, amount_ore: int) -> None:
        """A purchase added to the child's spending on a day."""
        for (_, card_day), found in self._cards.items():
            if found is not None and found.student_id == student_id and card_day == day:
                found.spent_ore = (found.spent_ore or 0) + amount_ore

    def top_up_started(self, student_id: uuid.UUID) -> None:
        """The student's waiting top-up is active now."""
        found = self._students.get(student_id)
        if found is not None:
            found.agreement_waits = False

    def forget(self) -> None:
        """Read again on next use: something not followed here may have changed."""
        self._students.clear()
        self._cards.clear()
        self._by_wallet.clear()

    def _read_students(
        self, connection: Connection, school_id: uuid.UUID, student_ids: list[uuid.UUID]
    ) -> None:
        rows = connection.execute(
            prepared.STUDENT_WALLETS,
            {"student_ids": list(dict.fromkeys(student_ids)), "school_id": school_id},
        )
        for student_id in student_ids:
            self._students[student_id] = None
        for student_id, status, name, wallet_id, balance_ore, agreement_waits in rows:
            found = StudentWallet(status, name, wallet_id, balance_ore, bool(agreement_waits))
            self._students[student_id] = found
            self._by_wallet.setdefault(wallet_id, []).append(found)

    def _read_cards(
        self, connection: Connection, school_id: uuid.UUID, card_numbers: list[str], day: dt.date
    ) -> None:
        rows = connection.execute(
            prepared.PURCHASE_FACTS,
            {"card_numbers": list(dict.fromkeys(card_numbers)), "school_id": school_id, "day": day},
        )
        for card_number in card_numbers:
            self._cards[card_number, day] = None
        for card_number, *facts in rows:
            found = CardFacts(*facts)
            self._cards[card_number, day] = found
            self._by_wallet.setdefault(found.wallet_id, []).append(found)
