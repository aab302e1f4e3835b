"""What a command handler works with: the session, who sent it, and posting helpers."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.util import identity_key

from models import (
    Account,
    Card,
    Student,
)
from office_app.domain.commands import Command
from office_app.domain.ids import uuid7
from office_app.domain.localtime import LOCAL as LOCAL_TZ
from office_app.ledger import bulk, prepared
from office_app.ledger.bulk import PendingRows
from office_app.ledger.errors import Rejection
from office_app.ledger.wallets import CardFacts, GroupWallets, StudentWallet

AUTO_TOPUP_BELOW_ORE = 5000
AUTO_TOPUP_ACTIVATES_AT_ORE = 10000


@dataclass(frozen=True)
class Outcome:
    """What an applied command reports back: a sentence and a small JSON result."""

    message: str
    result: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class SchoolPolicy:
    """The school's money policy, read once per command."""

    id: uuid.UUID
    replacement_fee_ore: int
    payout_approval_threshold_ore: int
    max_deposit_ore: int


@dataclass(frozen=True)
class DeviceRef:
    """The authenticated sender of a batch of commands."""

    id: uuid.UUID
    school_id: uuid.UUID
    kind: str


@dataclass
class ApplyContext:
    """One command being applied inside its database transaction."""

    session: Session
    school: SchoolPolicy
    device: DeviceRef
    command: Command
    staff_role: str | None
    seq: int
    now: dt.datetime
    system_accounts: dict[str, uuid.UUID]
    audit_subject: str = ""
    audit_details: dict[str, Any] = field(default_factory=dict)
    #: Where ``post`` leaves its rows to be inserted with the group's others; None: at once.
    pending_rows: PendingRows | None = None
    #: The group's students' wallets, read once and followed; None: read from the database.
    wallets: GroupWallets | None = None
    #: status, code, message and result, once the handler has decided
    outcome: tuple[str, str, str, dict[str, Any]] = ("rejected", "undecided", "", {})

    @property
    def school_id(self) -> uuid.UUID:
        return self.school.id

    @property
    def local_day(self) -> dt.date:
        """Today in Europe/Copenhagen, the calendar a daily cap counts by."""
        return self.now.astimezone(LOCAL_TZ).date()

    def student(self, student_id: uuid.UUID) -> Student:
        found = self.session.get(Student, student_id)
        if found is None or found.school_id != self.school_id:
            raise Rejection("unknown_student", f"No student with id {student_id} at this school")
        return found

    def card(self, card_number: str) -> Card:
        found = self.session.scalar(
            select(Card).where(Card.school_id == self.school_id, Card.card_number == card_number)
        )
        if found is None:
            raise Rejection("unknown_card", f"Card {card_number} is not known at this school")
        return found

    def wallet(self, student_id: uuid.UUID) -> Account:
        wallet = self.session.scalar(select(Account).where(Account.student_id == student_id))
        if wallet is None:
            raise Rejection("unknown_student", f"Student {student_id} has no wallet")
        return wallet

    def student_wallet(self, student_id: uuid.UUID) -> StudentWallet | None:
        """The school's student with their wallet, or None: what a deposit decides on."""
        wallets = self.wallets if self.wallets is not None else GroupWallets()
        return wallets.student(self.session.connection(), self.school_id, student_id)

    def card_facts(self, card_number: str, day: dt.date) -> CardFacts | None:
        """The school's card with what a purchase on ``day`` decides on, or None."""
        wallets = self.wallets if self.wallets is not None else GroupWallets()
        return wallets.card(self.session.connection(), self.school_id, card_number, day)

    def add_spend(
        self, student_id: uuid.UUID, day: dt.date, amount_ore: int, *, first: bool
    ) -> None:
        """Add an approved purchase to the child's spending on ``day``; ``first``: no row yet."""
        if first:
            self.session.connection().execute(
                prepared.INSERT_SPEND,
                {
                    "student_id": student_id,
                    "day": day,
                    "school_id": self.school_id,
                    "spent_ore": amount_ore,
                    "seq": self.seq,
                },
            )
        else:
            self.session.connection().execute(
                prepared.ADD_SPEND,
                {
                    "b_student_id": student_id,
                    "b_day": day,
                    "b_amount": amount_ore,
                    "b_seq": self.seq,
                },
            )
        if self.wallets is not None:
            self.wallets.spent(student_id, day, amount_ore)

    def system_account(self, kind: str) -> uuid.UUID:
        return self.system_accounts[kind]

    def post(
        self,
        kind: str,
        legs: list[tuple[uuid.UUID, int]],
        *,
        student_id: uuid.UUID | None,
        text: str,
        reverses_txn_id: uuid.UUID | None = None,
    ) -> uuid.UUID:
        """Write one balanced transaction and move the cached balances with it.

        Returns the transaction's id. The transaction and its entries wait in
        ``pending_rows`` when the context has one. Balances move by ``UPDATE ... SET balance_ore =
        balance_ore + :amount``, and any account row already loaded in the session is given
        its new balance, so handlers that hold it read the truth. When none is loaded, no
        balance is read back, so on PostgreSQL the whole posting waits in the pipeline.
        """
        amounts = [amount for _, amount in legs]
        if len(legs) < 2 or sum(amounts) != 0 or 0 in amounts:
            raise ValueError(f"unbalanced posting {legs!r}")
        txn_id = uuid7(int(self.now.timestamp() * 1000))
        txn_row = {
            "id": txn_id,
            "school_id": self.school_id,
            "kind": kind,
            "student_id": student_id,
            "command_id": self.command.command_id,
            "posted_at": self.now,
            "occurred_at": self.command.occurred_at,
            "text": text,
            "reverses_txn_id": reverses_txn_id,
            "entries_digest": entries_digest(txn_id, legs),
            "seq": self.seq,
        }
        entry_rows = [
            {
                "school_id": self.school_id,
                "txn_id": txn_id,
                "account_id": account,
                "amount_ore": amount,
            }
            for account, amount in legs
        ]
        connection = self.session.connection()
        if self.pending_rows is not None:
            self.pending_rows.add(prepared.TRANSACTIONS, [txn_row])
            self.pending_rows.add(prepared.ENTRIES, entry_rows)
        else:
            bulk.insert_rows(
                connection, {prepared.TRANSACTIONS: [txn_row], prepared.ENTRIES: entry_rows}
            )
        if self.wallets is not None:
            for account_id, amount in legs:
                self.wallets.moved(account_id, amount)
        loaded = {
            account_id: account
            for account_id, _ in legs
            if (account := self.session.identity_map.get(identity_key(Account, account_id)))
            is not None
        }
        if len(legs) == 2 and legs[0][0] != legs[1][0]:
            (first, first_amount), (second, second_amount) = legs
            values = {
                "b_first": first,
                "b_second": second,
                "b_first_amount": first_amount,
                "b_second_amount": second_amount,
                "b_seq": self.seq,
            }
            if not loaded:
                connection.execute(prepared.MOVE_TWO_BALANCES_QUIETLY, values)
                return txn_id
            balances = dict(connection.execute(prepared.MOVE_TWO_BALANCES, values).all())
        else:
            balances = {
                account_id: connection.execute(
                    prepared.MOVE_BALANCE,
                    {"b_account_id": account_id, "b_amount": amount, "b_seq": self.seq},
                ).scalar_one()
                for account_id, amount in legs
            }
        for account_id, account in loaded.items():
            set_committed_value(account, "balance_ore", balances[account_id])
            set_committed_value(account, "seq", self.seq)
        return txn_id

    def wallet_credited(self, student_id: uuid.UUID, balance_ore: int) -> None:
        """Start a waiting auto top-up the first time the balance reaches 100 kr."""
        if balance_ore < AUTO_TOPUP_ACTIVATES_AT_ORE:
            return
        self.session.connection().execute(
            prepared.START_WAITING_AGREEMENT,
            {"b_student_id": student_id, "b_now": self.now, "b_seq": self.seq},
        )
        if self.wallets is not None:
            self.wallets.top_up_started(student_id)


def entries_digest(txn_id: uuid.UUID, legs: list[tuple[uuid.UUID, int]]) -> str:
    """SHA-256 over a transaction's entries in a canonical order."""
    canonical = json.dumps(
        [str(txn_id), sorted([str(account_id), amount] for account_id, amount in legs)],
        separators=(",", ":"),
    )
    return hashlib.sha256(canonical.encode()).hexdigest()
