"""Schools and their policy, staff, devices and the per-school change sequence."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, feed_index, school_fk, seq_column


class School(Base):
    """A school, what its printouts and bank files say about it, and its money policy.

    Amounts in øre. The school's own bank account (``bank_reg_no`` and ``bank_account_no``,
    empty until an admin sets them) is the account payouts are paid from; ``cvr`` is its
    8-digit business number; ``bank_agreement_id`` is the id its bank gave its payment
    agreement, which a bank file names.
    """

    __tablename__ = "schools"
    __table_args__ = (
        CheckConstraint("replacement_fee_ore >= 0", name="replacement_fee_ore_non_negative"),
        CheckConstraint("payout_approval_threshold_ore >= 0", name="payout_threshold_non_negative"),
        CheckConstraint("max_deposit_ore > 0", name="max_deposit_ore_positive"),
        CheckConstraint("low_balance_threshold_ore >= 0", name="low_balance_non_negative"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(String(400), default="")
    cvr: Mapped[str] = mapped_column(String(8), default="")
    contact: Mapped[str] = mapped_column(String(200), default="")
    bank_reg_no: Mapped[str] = mapped_column(String(4), default="")
    bank_account_no: Mapped[str] = mapped_column(String(10), default="")
    bank_agreement_id: Mapped[str] = mapped_column(String(35), default="")
    replacement_fee_ore: Mapped[int] = mapped_column(default=3000)
    payout_approval_threshold_ore: Mapped[int] = mapped_column(default=50000)
    low_balance_threshold_ore: Mapped[int] = mapped_column(default=5000)
    max_deposit_ore: Mapped[int] = mapped_column(default=200000)
    created_at: Mapped[dt.datetime]
    seq: Mapped[int] = seq_column()


class ChangeSequence(Base):
    """The last change-feed number handed out for a school.

    A command takes the next number by updating this row first, inside its own transaction.
    The row stays locked until commit, so numbers become visible in the order they were
    given and a reader following ``after=N`` never skips a row that committed late. It also
    holds the head of the school's ledger audit chain, advanced under the same lock.
    """

    __tablename__ = "change_sequences"

    school_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("schools.id"), primary_key=True)
    last_seq: Mapped[int] = mapped_column(default=0)
    audit_index: Mapped[int] = mapped_column(default=0)
    audit_hash: Mapped[str] = mapped_column(String(64), default="0" * 64)


class Staff(Base):
    """A staff member who signs in at an office; the password is an argon2id hash."""

    __tablename__ = "staff"
    __table_args__ = (
        UniqueConstraint("school_id", "username"),
        CheckConstraint("role IN ('secretary', 'admin')", name="role_known"),
        feed_index("staff"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    school_id: Mapped[uuid.UUID] = school_fk()
    username: Mapped[str] = mapped_column(String(64))
    display_name: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[dt.datetime]
    seq: Mapped[int] = seq_column()


class Device(Base):
    """An office, canteen terminal or parent portal allowed to talk to the ledger.

    Only a SHA-256 hash of the random bearer token is kept; the token is shown once.
    """

    __tablename__ = "devices"
    __table_args__ = (
        CheckConstraint("kind IN ('office', 'terminal', 'portal')", name="kind_known"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    school_id: Mapped[uuid.UUID] = school_fk()
    kind: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(200))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime]
    revoked_at: Mapped[dt.datetime | None]
