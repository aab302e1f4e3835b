"""The office's own tables: the outbox of commands it made and its sync state."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import JSON, CheckConstraint, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base


class OutboxCommand(Base):
    """A command the office made, kept until the ledger has decided it.

    ``command_id`` and ``device_seq`` never change, so a resend is recognised as the same
    command. ``state``: ``pending`` (not yet decided), ``applied``, or ``rejected`` (needs
    attention, with the ledger's message).
    """

    __tablename__ = "outbox"
    __table_args__ = (
        CheckConstraint("state IN ('pending', 'applied', 'rejected')", name="state_known"),
    )

    command_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    device_seq: Mapped[int] = mapped_column(unique=True)
    type: Mapped[str] = mapped_column(String(40))
    staff: Mapped[str | None] = mapped_column(String(64))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    occurred_at: Mapped[dt.datetime]
    created_at: Mapped[dt.datetime]
    state: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    last_attempt_at: Mapped[dt.datetime | None]
    last_error: Mapped[str | None] = mapped_column(String(400))
    code: Mapped[str | None] = mapped_column(String(40))
    message: Mapped[str | None] = mapped_column(String(400))
    seq: Mapped[int | None]
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class SyncState(Base):
    """The office's single row of sync progress: its school, device and change-feed cursor."""

    __tablename__ = "sync_state"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)

    id: Mapped[int] = mapped_column(primary_key=True, default=1)
    school_id: Mapped[uuid.UUID | None]
    device_id: Mapped[uuid.UUID | None]
    cursor_seq: Mapped[int] = mapped_column(default=0)
    bootstrapped: Mapped[bool] = mapped_column(default=False)
    last_success_at: Mapped[dt.datetime | None]
    last_error: Mapped[str | None] = mapped_column(String(400))
    #: When this office found the ledger behind its replica (restored from an earlier backup)
    #: and began to follow it again from its start.
    ledger_behind_at: Mapped[dt.datetime | None]
    #: How many commands the ledger had lost that this office queued to send again; None
    #: while that is still to be worked out (once the replica has followed the ledger again).
    resent_commands: Mapped[int | None]
