"""Students, guardians and households, cards with their status history, and daily caps."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, BigIntPK, feed_index, school_fk, seq_column


class Household(Base):
    """Children who share a guardian; the office switches between siblings through it."""

    __tablename__ = "households"
    __table_args__ = (feed_index("households"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    school_id: Mapped[uuid.UUID] = school_fk()
    seq: Mapped[int] = seq_column()


class Guardian(Base):
    """A parent or other custody holder, known to the school by e-mail address.

    ``email`` is None for a guardian the school has no address for (address protection);
    such a guardian is known by name among the guardians of the child's household.
    """

    __tablename__ = "guardians"
    __table_args__ = (UniqueConstraint("school_id", "email"), feed_index("guardians"))

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    school_id: Mapped[uuid.UUID] = school_fk()
    household_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("households.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(320))
    seq: Mapped[int] = seq_column()


class Student(Base):
    """A child with a wallet. ``status`` is ``active`` or ``left`` (a leaver).

    ``anonymised_at``: when the child's name, roster reference, class and guardians were
    erased (long after leaving, at zero balance); the wallet and every amount stay.
    """

    __tablename__ = "students"
    __table_args__ = (
        UniqueConstraint("school_id", "external_ref"),
        CheckConstraint("status IN ('active', 'left')", name="status_known"),
        feed_index("students"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    school_id: Mapped[uuid.UUID] = school_fk()
    external_ref: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    class_label: Mapped[str] = mapped_column(String(16), index=True)
    household_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("households.id"), index=True)
    status: Mapped[str] = mapped_column(String(16), default="active")
    left_at: Mapped[dt.datetime | None]
    created_at: Mapped[dt.datetime]
    seq: Mapped[int] = seq_column()
    anonymised_at: Mapped[dt.datetime | None]


class StudentGuardian(Base):
    """Which guardians a student has; replaced whole by ``student.upsert``."""

    __tablename__ = "student_guardians"

    student_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("students.id"), primary_key=True)
    guardian_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("guardians.id"), primary_key=True, index=True
    )
    school_id: Mapped[uuid.UUID] = school_fk()


class Card(Base):
    """A payment card. ``status``: ``active``, ``blocked`` or ``replaced`` (retired for good)."""

    __tablename__ = "cards"
    __table_args__ = (
        UniqueConstraint("school_id", "card_number"),
        CheckConstraint("status IN ('active', 'blocked', 'replaced')", name="status_known"),
        feed_index("cards"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    school_id: Mapped[uuid.UUID] = school_fk()
    student_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("students.id"), index=True)
    card_number: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(16), default="active")
    block_reason: Mapped[str | None] = mapped_column(String(16))
    replaced_by_card_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("cards.id"))
    issued_at: Mapped[dt.datetime]
    status_changed_at: Mapped[dt.datetime]
    seq: Mapped[int] = seq_column()


class CardEvent(Base):
    """The status history of a card: issued, blocked, reactivated, replaced. Append-only."""

    __tablename__ = "card_events"
    __table_args__ = (feed_index("card_events"),)

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    school_id: Mapped[uuid.UUID] = school_fk()
    card_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cards.id"), index=True)
    event: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str | None] = mapped_column(String(200))
    staff: Mapped[str | None] = mapped_column(String(64))
    command_id: Mapped[uuid.UUID]
    occurred_at: Mapped[dt.datetime]
    seq: Mapped[int] = seq_column()


class DailyCap(Base):
    """The most a child may spend per Europe/Copenhagen calendar day; ``None`` means no cap."""

    __tablename__ = "daily_caps"
    __table_args__ = (
        CheckConstraint("daily_cap_ore IS NULL OR daily_cap_ore >= 0", name="cap_non_negative"),
        feed_index("daily_caps"),
    )

    student_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("students.id"), primary_key=True)
    school_id: Mapped[uuid.UUID] = school_fk()
    daily_cap_ore: Mapped[int | None]
    set_at: Mapped[dt.datetime]
    set_by: Mapped[str | None] = mapped_column(String(64))
    seq: Mapped[int] = seq_column()
