"""The double-entry ledger: accounts, transactions, entries and the rows money rules need."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import JSON, CheckConstraint, Date, ForeignKey, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, BigIntPK, feed_index, school_fk, seq_column

ACCOUNT_KINDS = (
    "wallet",
    "cash_drawer",
    "provider_clearing",
    "canteen_revenue",
    "fee_revenue",
    "payout_clearing",
    "bank",
    "suspense",
)


class Account(Base):
    """A ledger account: one wallet per child, and one of each system account per school.

    ``balance_ore`` is the sum of the account's entries, kept in the same transaction as them.
    """

    __tablename__ = "accounts"
    __table_args__ = (
        CheckConstraint(
            "kind IN ('wallet', 'cash_drawer', 'provider_clearing', 'canteen_revenue', "
            "'fee_revenue', 'payout_clearing', 'bank', 'suspense')",
            name="kind_known",
        ),
        CheckConstraint("(kind = 'wallet') = (student_id IS NOT NULL)", name="wallet_has_student"),
        Index(
            "uq_accounts_school_id_kind_system",
            "school_id",
            "kind",
            unique=True,
            sqlite_where=text("student_id IS NULL"),
            postgresql_where=text("student_id IS NULL"),
        ),
        feed_index("accounts"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    school_id: Mapped[uuid.UUID] = school_fk()
    kind: Mapped[str] = mapped_column(String(24))
    student_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("students.id"), unique=True)
    balance_ore: Mapped[int] = mapped_column(default=0)
    seq: Mapped[int] = seq_column()


class LedgerTransaction(Base):
    """One balanced movement of money. Append-only: corrected only by a reversing transaction.

    ``entries_digest`` is a SHA-256 over the entries as written, so a changed entry shows.
    """

    __tablename__ = "ledger_transactions"
    __table_args__ = (feed_index("ledger_transactions"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    school_id: Mapped[uuid.UUID] = school_fk()
    kind: Mapped[str] = mapped_column(String(24))
    student_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("students.id"), index=True)
    command_id: Mapped[uuid.UUID] = mapped_column(index=True)
    posted_at: Mapped[dt.datetime]
    occurred_at: Mapped[dt.datetime]
    text: Mapped[str] = mapped_column(String(400), default="")
    reverses_txn_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("ledger_transactions.id"), unique=True
    )
    entries_digest: Mapped[str] = mapped_column(String(64))
    seq: Mapped[int] = seq_column()


class LedgerEntry(Base):
    """One side of a transaction: a signed amount in øre on one account. Append-only."""

    __tablename__ = "ledger_entries"
    __table_args__ = (CheckConstraint("amount_ore <> 0", name="amount_non_zero"),)

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    school_id: Mapped[uuid.UUID] = school_fk()
    txn_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("ledger_transactions.id"), index=True)
    account_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("accounts.id"), index=True)
    amount_ore: Mapped[int]


class DailySpend(Base):
    """Approved purchases per child per Europe/Copenhagen calendar day, for the daily cap."""

    __tablename__ = "daily_spend"
    __table_args__ = (
        CheckConstraint("spent_ore >= 0", name="spent_non_negative"),
        feed_index("daily_spend"),
    )

    student_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("students.id"), primary_key=True)
    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    school_id: Mapped[uuid.UUID] = school_fk()
    spent_ore: Mapped[int] = mapped_column(default=0)
    seq: Mapped[int] = seq_column()


class TopUpAgreement(Base):
    """An automatic top-up. ``waiting`` until the balance first reaches 100 kr, then ``active``."""

    __tablename__ = "topup_agreements"
    __table_args__ = (
        CheckConstraint("amount_ore > 0", name="amount_positive"),
        CheckConstraint("status IN ('waiting', 'active', 'cancelled')", name="status_known"),
        Index(
            "uq_topup_agreements_student_open",
            "student_id",
            unique=True,
            sqlite_where=text("status <> 'cancelled'"),
            postgresql_where=text("status <> 'cancelled'"),
        ),
        feed_index("topup_agreements"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    school_id: Mapped[uuid.UUID] = school_fk()
    student_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("students.id"), index=True)
    amount_ore: Mapped[int]
    payment_ref: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[dt.datetime]
    activated_at: Mapped[dt.datetime | None]
    cancelled_at: Mapped[dt.datetime | None]
    seq: Mapped[int] = seq_column()


PAYOUT_STATES = ("pending_approval", "approved", "sent", "settled", "rejected", "returned")


class Payout(Base):
    """A payout of a wallet balance to a Danish bank account.

    The amount is reserved (wallet to payout clearing) at request. ``pending_approval`` waits
    for a second admin; ``approved`` waits for the next bank file; ``sent`` is in the bank
    file ``batch_id`` (a pain.001 message), not yet paid; ``settled`` is paid (the bank
    accepted it, or an admin confirmed the file; payout clearing to bank); ``rejected`` by an
    admin or by the bank (the reservation went back to the wallet, ``reject_reason`` says
    why); ``returned`` when the bank sent a paid transfer back (bank to wallet).
    """

    __tablename__ = "payouts"
    __table_args__ = (
        CheckConstraint("amount_ore > 0", name="amount_positive"),
        CheckConstraint(
            "status IN ('pending_approval', 'approved', 'sent', 'settled', 'rejected', 'returned')",
            name="status_known",
        ),
        feed_index("payouts"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    school_id: Mapped[uuid.UUID] = school_fk()
    student_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("students.id"), index=True)
    amount_ore: Mapped[int]
    holder_name: Mapped[str] = mapped_column(String(200))
    reg_no: Mapped[str] = mapped_column(String(4))
    account_no: Mapped[str] = mapped_column(String(10))
    message: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[str] = mapped_column(String(24))
    requested_by: Mapped[str | None] = mapped_column(String(64))
    requested_device_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("devices.id"))
    requested_at: Mapped[dt.datetime]
    decided_by: Mapped[str | None] = mapped_column(String(64))
    decided_at: Mapped[dt.datetime | None]
    reject_reason: Mapped[str | None] = mapped_column(String(400))
    batch_id: Mapped[uuid.UUID | None] = mapped_column(index=True)
    execution_date: Mapped[dt.date | None] = mapped_column(Date)
    sent_by: Mapped[str | None] = mapped_column(String(64))
    sent_at: Mapped[dt.datetime | None]
    bank_ref: Mapped[str | None] = mapped_column(String(200))
    settled_at: Mapped[dt.datetime | None]
    returned_at: Mapped[dt.datetime | None]
    return_reason: Mapped[str | None] = mapped_column(String(400))
    seq: Mapped[int] = seq_column()


class Reversal(Base):
    """A request to reverse a transaction; a second staff member approves it (four eyes).

    States: ``pending_approval``, ``applied``, ``rejected``.
    """

    __tablename__ = "reversals"
    __table_args__ = (
        CheckConstraint(
            "status IN ('pending_approval', 'applied', 'rejected')", name="status_known"
        ),
        Index(
            "uq_reversals_txn_open",
            "txn_id",
            unique=True,
            sqlite_where=text("status <> 'rejected'"),
            postgresql_where=text("status <> 'rejected'"),
        ),
        feed_index("reversals"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    school_id: Mapped[uuid.UUID] = school_fk()
    txn_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("ledger_transactions.id"))
    reason: Mapped[str] = mapped_column(String(400))
    status: Mapped[str] = mapped_column(String(24))
    requested_by: Mapped[str] = mapped_column(String(64))
    requested_at: Mapped[dt.datetime]
    decided_by: Mapped[str | None] = mapped_column(String(64))
    decided_at: Mapped[dt.datetime | None]
    reject_reason: Mapped[str | None] = mapped_column(String(400))
    reversal_txn_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("ledger_transactions.id"))
    seq: Mapped[int] = seq_column()


class DeclinedPurchase(Base):
    """A purchase the ledger refused, kept so the office can tell a parent why."""

    __tablename__ = "declined_purchases"
    __table_args__ = (feed_index("declined_purchases"),)

    command_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    school_id: Mapped[uuid.UUID] = school_fk()
    card_number: Mapped[str] = mapped_column(String(40))
    card_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("cards.id"))
    student_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("students.id"), index=True)
    amount_ore: Mapped[int]
    code: Mapped[str] = mapped_column(String(40))
    occurred_at: Mapped[dt.datetime]
    seq: Mapped[int] = seq_column()


class CommandRecord(Base):
    """Every command the ledger received, with its stored outcome, returned again on resend.

    ``content_hash`` covers the whole command, so a reused id with other content is refused.
    """

    __tablename__ = "commands"
    __table_args__ = (
        CheckConstraint("status IN ('applied', 'rejected')", name="status_known"),
        Index("ix_commands_device_id_device_seq", "device_id", "device_seq"),
    )

    command_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    school_id: Mapped[uuid.UUID] = school_fk()
    device_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("devices.id"))
    device_seq: Mapped[int]
    type: Mapped[str] = mapped_column(String(40))
    staff: Mapped[str | None] = mapped_column(String(64))
    occurred_at: Mapped[dt.datetime]
    received_at: Mapped[dt.datetime]
    content_hash: Mapped[str] = mapped_column(String(64))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(16))
    code: Mapped[str] = mapped_column(String(40))
    message: Mapped[str] = mapped_column(String(400))
    seq: Mapped[int]
    result: Mapped[dict[str, Any]] = mapped_column(JSON)


class AuditEvent(Base):
    """Who did what, when, from which device: a hash chain per school and chain name.

    ``hash`` = SHA-256 of ``prev_hash`` and the event's canonical content, so removing or
    changing any event breaks every hash after it. The ledger's own chain carries the change
    number of its command (``seq``), so the change feed brings it to every office; an office's
    local chain has none.

    Words a person typed (a reason) are kept in ``personal`` with a random salt, outside the
    hashed content, which covers their ``personal_digest`` instead: erasing them leaves the
    chain intact. The row is append-only but for that erasure (a database trigger).
    """

    __tablename__ = "audit_events"
    __table_args__ = (
        Index("uq_audit_events_chain", "school_id", "chain", "chain_index", unique=True),
        feed_index("audit_events"),
    )

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    school_id: Mapped[uuid.UUID] = school_fk()
    chain: Mapped[str] = mapped_column(String(64))
    chain_index: Mapped[int]
    occurred_at: Mapped[dt.datetime]
    device_id: Mapped[uuid.UUID | None]
    staff: Mapped[str | None] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(40))
    subject: Mapped[str] = mapped_column(String(200), default="")
    details: Mapped[dict[str, Any]] = mapped_column(JSON)
    command_id: Mapped[uuid.UUID | None] = mapped_column(index=True)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    seq: Mapped[int | None]
    personal: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))
    personal_digest: Mapped[str | None] = mapped_column(String(64))
