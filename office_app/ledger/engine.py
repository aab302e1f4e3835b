"""Applies commands: each exactly once, in one database transaction, outcome stored.

Every new command first takes the school's next change-feed number by updating the school's
``change_sequences`` row. That row lock serialises a school's writers, so two purchases on
one wallet can never both see the same balance, and feed numbers commit in order.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import json
import random
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager, nullcontext
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session

from models import (
    Account,
    Card,
    DeclinedPurchase,
)
from office_app.db import is_sqlite, make_sessionmaker
from office_app.domain.audit import audit_hash
from office_app.domain.commands import Command, CommandResult, Purchase
from office_app.ledger import statements
from office_app.ledger.context import ApplyContext, DeviceRef, SchoolPolicy
from office_app.ledger.errors import Rejection
from office_app.ledger.handlers import CHECK_FIRST, HANDLERS
from office_app.ledger.roles import allowed

Clock = Callable[[], dt.datetime]
RETRY_SECONDS = 20.0
POLICY_SECONDS = 2.0
LEDGER_CHAIN = "ledger"
RETRYABLE_SQLSTATES = {"40001", "40P01"}


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def content_hash(device: DeviceRef, command: Command) -> str:
    """What makes a resend "the same command": sender and every field, payload normalised."""
    canonical = json.dumps(
        {"device_id": str(device.id), **command.canonical()}, sort_keys=True, separators=(",", ":")
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


class Ledger:
    """The command-applying core of the ledger server, usable without HTTP."""

    def __init__(self, engine: Engine, clock: Clock = utc_now) -> None:
        self.engine = engine
        self.sessions = make_sessionmaker(engine)
        self.clock = clock
        self._system_accounts: dict[uuid.UUID, dict[str, uuid.UUID]] = {}
        self._policies: dict[uuid.UUID, tuple[float, SchoolPolicy]] = {}
        self._sqlite_lock = threading.Lock() if is_sqlite(engine) else None

    def apply(self, device: DeviceRef, commands: Sequence[Command]) -> list[CommandResult]:
        """Apply commands in order, each in its own transaction.

        A staff member's role is looked up once per batch: one request, one decision.
        """
        roles: dict[str, str | None] = {}
        return [self.apply_one(device, command, roles) for command in commands]

    def apply_one(
        self, device: DeviceRef, command: Command, roles: dict[str, str | None] | None = None
    ) -> CommandResult:
        """Apply one command, retrying serialization failures and deadlocks for a while."""
        digest = content_hash(device, command)
        deadline = time.monotonic() + RETRY_SECONDS
        for attempt in itertools.count():
            try:
                with self._writer(), self.sessions() as session, session.begin():
                    return self._apply_in_transaction(
                        session, device, command, digest, {} if roles is None else roles
                    )
            except IntegrityError:
                # Only a command id committed at the same moment by another school's writer
                # can collide here; anything else is a bug and must surface.
                with self.sessions() as session:
                    stored = _stored(session, command.command_id)
                    if stored is None:
                        raise
                    return _replay(stored, digest)
            except DBAPIError as error:
                if not _retryable(error) or time.monotonic() > deadline:
                    raise
                time.sleep(random.uniform(0, min(0.05, 0.001 * 2**attempt)))  # noqa: S311
        raise AssertionError("unreachable")  # pragma: no cover - the loop only returns or raises

    def _writer(self) -> AbstractContextManager[object]:
        """On SQLite, one writer at a time per process, queued fairly in Python.

        SQLite allows one writer per database anyway; queueing on a lock here instead of on
        SQLite's busy handler (which sleeps and polls) keeps waiting times short and fair.
        ``BEGIN IMMEDIATE`` still guards against writers in other processes.
        """
        if self._sqlite_lock is None:
            return nullcontext()
        return self._sqlite_lock

    def _apply_in_transaction(
        self,
        session: Session,
        device: DeviceRef,
        command: Command,
        digest: str,
        roles: dict[str, str | None],
    ) -> CommandResult:
        connection = session.connection()
        seq, audit_index, prev_hash = connection.execute(
            statements.NEXT_SEQ, {"b_school_id": device.school_id}
        ).one()
        # Looked up under the school's lock, so a resend racing its original waits for it.
        stored = _stored(session, command.command_id)
        if stored is not None:
            session.rollback()
            return _replay(stored, digest)

        now = self.clock()
        context = ApplyContext(
            session=session,
            school=self._policy_of(session, device.school_id),
            device=device,
            command=command,
            staff_role=None,
            seq=seq,
            now=now,
            system_accounts=self._system_accounts_of(session, device.school_id),
        )
        try:
            context.staff_role = _authorise(session, device, command, roles)
            handler = HANDLERS[command.type]
            if command.type in CHECK_FIRST:
                outcome = handler(context, command.payload)
            else:
                with session.begin_nested():
                    outcome = handler(context, command.payload)
            status, code, message, result = "applied", "ok", outcome.message, outcome.result
        except Rejection as rejection:
            status, code, message, result = "rejected", rejection.code, rejection.message, {}
            if isinstance(command.payload, Purchase):
                _record_declined_purchase(context, command.payload, rejection.code)

        connection.execute(
            statements.INSERT_COMMAND,
            {
                "command_id": command.command_id,
                "school_id": device.school_id,
                "device_id": device.id,
                "device_seq": command.device_seq,
                "type": command.type,
                "staff": command.staff,
                "occurred_at": command.occurred_at,
                "received_at": now,
                "content_hash": digest,
                "payload": command.payload.model_dump(mode="json"),
                "status": status,
                "code": code,
                "message": message,
                "seq": seq,
                "result": result,
            },
        )
        self._audit(context, audit_index + 1, prev_hash, status, code)
        return CommandResult(
            command_id=command.command_id,
            status="applied" if status == "applied" else "rejected",
            code=code,
            message=message,
            seq=seq,
            result=result,
            content_hash=digest,
        )

    def _audit(
        self, context: ApplyContext, index: int, prev_hash: str, status: str, code: str
    ) -> None:
        command = context.command
        details = {"status": status, "code": code, **context.audit_details}
        fields: dict[str, Any] = {
            "school_id": context.school_id,
            "chain": LEDGER_CHAIN,
            "chain_index": index,
            "occurred_at": context.now,
            "device_id": context.device.id,
            "staff": command.staff,
            "action": command.type,
            "subject": context.audit_subject,
            "details": details,
            "command_id": command.command_id,
        }
        new_hash = audit_hash(prev_hash, **fields)
        connection = context.session.connection()
        connection.execute(
            statements.INSERT_AUDIT, fields | {"prev_hash": prev_hash, "hash": new_hash}
        )
        connection.execute(
            statements.SET_AUDIT_HEAD,
            {"b_school_id": context.school_id, "b_index": index, "b_hash": new_hash},
        )

    def _policy_of(self, session: Session, school_id: uuid.UUID) -> SchoolPolicy:
        """The school's policy, read at most once every POLICY_SECONDS per school.

        A changed fee or threshold applies to commands from POLICY_SECONDS later on.
        """
        now = time.monotonic()
        cached = self._policies.get(school_id)
        if cached is None or cached[0] < now:
            cached = (now + POLICY_SECONDS, _policy(session, school_id))
            self._policies[school_id] = cached
        return cached[1]

    def _system_accounts_of(self, session: Session, school_id: uuid.UUID) -> dict[str, uuid.UUID]:
        cached = self._system_accounts.get(school_id)
        if cached is None:
            rows = session.execute(
                select(Account.kind, Account.id).where(
                    Account.school_id == school_id, Account.student_id.is_(None)
                )
            ).all()
            cached = {kind: account_id for kind, account_id in rows}
            self._system_accounts[school_id] = cached
        return cached


def _stored(session: Session, command_id: uuid.UUID) -> CommandResult | None:
    """The outcome stored for a command id, if the ledger has seen it."""
    found = (
        session.connection()
        .execute(statements.STORED_OUTCOME, {"command_id": command_id})
        .one_or_none()
    )
    if found is None:
        return None
    return CommandResult(
        command_id=found.command_id,
        status=found.status,
        code=found.code,
        message=found.message,
        seq=found.seq,
        result=found.result,
        content_hash=found.content_hash,
    )


def _policy(session: Session, school_id: uuid.UUID) -> SchoolPolicy:
    row = session.connection().execute(statements.POLICY, {"school_id": school_id}).one()
    return SchoolPolicy(school_id, *row)


def _authorise(
    session: Session, device: DeviceRef, command: Command, roles: dict[str, str | None]
) -> str | None:
    role: str | None = None
    if device.kind == "office":
        if command.staff is None:
            raise Rejection("forbidden", "An office command must name the staff member")
        if command.staff not in roles:
            roles[command.staff] = (
                session.connection()
                .execute(
                    statements.STAFF_ROLE,
                    {"school_id": device.school_id, "username": command.staff},
                )
                .scalar()
            )
        role = roles[command.staff]
        if role is None:
            raise Rejection("forbidden", f"Staff member {command.staff!r} is not known here")
    if not allowed(device.kind, role, command.type):
        who = f"{device.kind} device" + (f" ({role})" if role else "")
        raise Rejection("forbidden", f"A {who} may not send {command.type}")
    return role


def _record_declined_purchase(context: ApplyContext, purchase: Purchase, code: str) -> None:
    card = context.session.scalar(
        select(Card).where(
            Card.school_id == context.school_id, Card.card_number == purchase.card_number
        )
    )
    context.audit_subject = purchase.card_number
    context.session.add(
        DeclinedPurchase(
            command_id=context.command.command_id,
            school_id=context.school_id,
            card_number=purchase.card_number,
            card_id=card.id if card else None,
            student_id=card.student_id if card else None,
            amount_ore=purchase.amount_ore,
            code=code,
            occurred_at=context.now,
            seq=context.seq,
        )
    )


def _replay(stored: CommandResult, digest: str) -> CommandResult:
    if stored.content_hash != digest:
        return CommandResult(
            command_id=stored.command_id,
            status="rejected",
            code="payload_mismatch",
            message="This command id was already used for a command with other content",
            seq=None,
            result={},
        )
    return stored


def _retryable(error: DBAPIError) -> bool:
    sqlstate = getattr(error.orig, "sqlstate", None)
    if sqlstate in RETRYABLE_SQLSTATES:
        return True
    return "database is locked" in str(error.orig)
