"""Applies commands: each exactly once, in one database transaction, outcome stored.

Every transaction first locks the school's ``change_sequences`` row and reads the last
change-feed number from it. That row lock serialises a school's writers, so two purchases on
one wallet can never both see the same balance, and feed numbers commit in order: each new
command takes the next number, and the row is moved past them in the same transaction.

On PostgreSQL the connection runs in pipeline mode (``pipeline``), so a command's writes and
the commit cost one round trip together while the school's lock is held.
"""

from __future__ import annotations

import itertools
import random
import threading
import time
import uuid
from collections.abc import Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, select
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session

from models import (
    Account,
)
from office_app.db import is_sqlite, make_sessionmaker
from office_app.domain.commands import Command, CommandResult
from office_app.domain.localtime import Clock
from office_app.domain.payloads import DepositCash, DepositOnline, Purchase
from office_app.ledger import decisions, pipeline, prepared
from office_app.ledger.bulk import PendingRows
from office_app.ledger.context import ApplyContext, DeviceRef, SchoolPolicy
from office_app.ledger.errors import Rejection
from office_app.ledger.handlers import CHECK_FIRST, HANDLERS
from office_app.ledger.wallets import GroupWallets

RETRY_SECONDS = 20.0
POLICY_SECONDS = 2.0
RETRYABLE_SQLSTATES = {"40001", "40P01"}
#: Commands per transaction: big enough to share one commit among many office commands,
#: small enough that the school's lock is never held long while terminals wait for it.
GROUP_SIZE = 100


@dataclass(frozen=True)
class Pending:
    """A command waiting in a group: who sent it, its content hash, its request's roles."""

    device: DeviceRef
    command: Command
    digest: str
    roles: dict[str, str | None]


class Ledger:
    """The command-applying core of the ledger server, usable without HTTP."""

    def __init__(self, engine: Engine, clock: Clock) -> None:
        self.engine = engine
        self.sessions = make_sessionmaker(engine)
        self.clock = clock
        self._system_accounts: dict[uuid.UUID, dict[str, uuid.UUID]] = {}
        self._policies: dict[uuid.UUID, tuple[float, SchoolPolicy]] = {}
        self._sqlite_lock = threading.Lock() if is_sqlite(engine) else None
        if not is_sqlite(engine):
            pipeline.answer_unless_deferrable(engine)

    def apply(self, device: DeviceRef, commands: Sequence[Command]) -> list[CommandResult]:
        """Apply one request's commands in order, each exactly once."""
        return self.apply_requests([(device, commands)])[0]

    def apply_one(self, device: DeviceRef, command: Command) -> CommandResult:
        """Apply one command in its own transaction."""
        return self.apply_requests([(device, [command])])[0][0]

    def connect(self) -> AbstractContextManager[Connection | None]:
        """A connection for a group's work on PostgreSQL; None on SQLite, where a
        connection costs nothing to take."""
        if self._sqlite_lock is not None:
            return nullcontext()
        return self.engine.connect()

    def apply_requests(
        self,
        requests: Sequence[tuple[DeviceRef, Sequence[Command]]],
        connection: Connection | None = None,
    ) -> list[list[CommandResult]]:
        """Apply requests of one school in order, up to GROUP_SIZE commands per transaction.

        Commands of a group commit together (group commit): each one's effects and its stored
        outcome land together or not at all, a rejected command's writes are undone without
        touching the others, and a resend replays the stored outcome. A staff member's role
        is looked up once per request: one request, one decision. The transactions run on
        ``connection`` when given (outside any transaction), else on one from the pool.
        """
        if len({device.school_id for device, _ in requests}) > 1:
            raise ValueError("one group of requests must come from one school")
        pending: list[Pending] = []
        for device, commands in requests:
            roles: dict[str, str | None] = {}
            pending += [
                Pending(device, command, decisions.content_hash(device, command), roles)
                for command in commands
            ]
        results: list[CommandResult] = []
        for start in range(0, len(pending), GROUP_SIZE):
            results += self._apply_group(pending[start : start + GROUP_SIZE], connection)
        answers: list[list[CommandResult]] = []
        for _, commands in requests:
            answers.append(results[: len(commands)])
            del results[: len(commands)]
        return answers

    def _apply_group(
        self, group: list[Pending], connection: Connection | None
    ) -> list[CommandResult]:
        """Apply commands in one transaction, retrying serialization failures and deadlocks.

        Any other database error in a group of several falls back to one transaction per
        command, so a command that cannot be stored never takes the others down with it.
        """
        deadline = time.monotonic() + RETRY_SECONDS
        for attempt in itertools.count():
            try:
                return self._in_one_transaction(group, connection)
            except DBAPIError as error:
                if len(group) > 1 and not decisions.retryable(error):
                    return [self._apply_group([one], connection)[0] for one in group]
                if isinstance(error, IntegrityError):
                    # Only a command id committed at the same moment by another school's
                    # writer can collide here; anything else is a bug and must surface.
                    command_id = group[0].command.command_id
                    with self.sessions() as session:
                        stored = decisions.stored_outcomes(session, [command_id])
                    if not stored:
                        raise
                    return [decisions.replay(stored[command_id], group[0].digest)]
                if not decisions.retryable(error) or time.monotonic() > deadline:
                    raise
                time.sleep(random.uniform(0, min(0.05, 0.001 * 2**attempt)))  # noqa: S311
        raise AssertionError("unreachable")  # pragma: no cover - the loop only returns or raises

    def _in_one_transaction(
        self, group: list[Pending], given: Connection | None
    ) -> list[CommandResult]:
        connecting = nullcontext(given) if given is not None else self.engine.connect()
        with self._writer(), connecting as connection:
            session = self.sessions(bind=connection)
            try:
                with pipeline.pipelined(connection):
                    results, changed = self._apply_all(session, group)
                    if changed:
                        session.commit()
                    else:
                        session.rollback()
                return results
            except BaseException:
                # Outside the pipeline, so the error that ended the transaction is the one
                # that is raised.
                session.rollback()
                raise
            finally:
                session.close()

    def _writer(self) -> AbstractContextManager[object]:
        """On SQLite, one writer at a time per process, queued fairly in Python.

        SQLite allows one writer per database anyway; queueing on a lock here instead of on
        SQLite's busy handler (which sleeps and polls) keeps waiting times short and fair.
        ``BEGIN IMMEDIATE`` still guards against writers in other processes.
        """
        if self._sqlite_lock is None:
            return nullcontext()
        return self._sqlite_lock

    def _apply_all(
        self, session: Session, group: list[Pending]
    ) -> tuple[list[CommandResult], bool]:
        """Every command of a group under the school's lock; True when anything is new.

        Outcomes are looked up under the lock, so a resend racing its original waits for it;
        a command id repeated within the group replays the first one's outcome.
        """
        school_id = group[0].device.school_id
        connection = session.connection()
        head = decisions.Head(
            *connection.execute(prepared.LOCK_HEAD, {"b_school_id": school_id}).one()
        )
        outcomes = decisions.stored_outcomes(session, [item.command.command_id for item in group])
        pending_rows = PendingRows()
        wallets = GroupWallets(
            student_ids=[
                item.command.payload.student_id
                for item in group
                if isinstance(item.command.payload, DepositCash | DepositOnline)
            ],
            card_numbers=[
                item.command.payload.card_number
                for item in group
                if isinstance(item.command.payload, Purchase)
            ],
        )
        results: list[CommandResult] = []
        new_commands = 0
        for item in group:
            device, command, digest = item.device, item.command, item.digest
            earlier = outcomes.get(command.command_id)
            if earlier is not None:
                results.append(decisions.replay(earlier, digest))
                continue
            head.seq += 1
            context = self._decide(
                session, device, command, head.seq, item.roles, pending_rows, wallets
            )
            status, code, message, result = context.outcome
            pending_rows.add(
                prepared.COMMANDS,
                [
                    {
                        "command_id": command.command_id,
                        "school_id": device.school_id,
                        "device_id": device.id,
                        "device_seq": command.device_seq,
                        "type": command.type,
                        "staff": command.staff,
                        "occurred_at": command.occurred_at,
                        "received_at": context.now,
                        "content_hash": digest,
                        "payload": command.payload.model_dump(mode="json"),
                        "status": status,
                        "code": code,
                        "message": message,
                        "seq": head.seq,
                        "result": result,
                    }
                ],
            )
            pending_rows.add(prepared.AUDIT_EVENTS, [decisions.audit_row(context, head)])
            new_commands += 1
            outcome = CommandResult(
                command_id=command.command_id,
                status="applied" if status == "applied" else "rejected",
                code=code,
                message=message,
                seq=head.seq,
                result=result,
                content_hash=digest,
            )
            outcomes[command.command_id] = outcome
            results.append(outcome)
            # The next command starts from the database, as in a session of its own.
            session.flush()
            session.expunge_all()
        if not new_commands:
            return results, False
        pending_rows.flush(connection)
        connection.execute(
            prepared.SET_HEAD,
            {
                "b_school_id": school_id,
                "b_seq": head.seq,
                "b_index": head.audit_index,
                "b_hash": head.audit_hash,
            },
        )
        return results, True

    def _decide(
        self,
        session: Session,
        device: DeviceRef,
        command: Command,
        seq: int,
        roles: dict[str, str | None],
        pending_rows: PendingRows,
        wallets: GroupWallets,
    ) -> ApplyContext:
        """Run the command's handler; its outcome is left on the returned context.

        A check-first handler's postings wait in ``pending_rows`` with the group's other rows,
        and it reads wallets from the group's ``wallets``. Any other handler may read what the
        group wrote before it, so those rows go first, its own postings are written at once,
        inside its savepoint, and the wallets it may change are read again afterwards.
        """
        context = ApplyContext(
            session=session,
            school=self._policy_of(session, device.school_id),
            device=device,
            command=command,
            staff_role=None,
            seq=seq,
            now=self.clock(),
            system_accounts=self._system_accounts_of(session, device.school_id),
        )
        try:
            context.staff_role = decisions.authorise(session, device, command, roles)
            handler = HANDLERS[command.type]
            if command.type in CHECK_FIRST:
                context.pending_rows = pending_rows
                context.wallets = wallets
                outcome = handler(context, command.payload)
            else:
                pending_rows.flush(session.connection())
                wallets.forget()
                with session.begin_nested():
                    outcome = handler(context, command.payload)
            context.outcome = ("applied", "ok", outcome.message, outcome.result)
        except Rejection as rejection:
            context.outcome = ("rejected", rejection.code, rejection.message, {})
            if isinstance(command.payload, Purchase):
                decisions.record_declined_purchase(context, command.payload, rejection.code)
        return context

    def _policy_of(self, session: Session, school_id: uuid.UUID) -> SchoolPolicy:
        """The school's policy, read at most once every POLICY_SECONDS per school.

        A changed fee or threshold applies to commands from POLICY_SECONDS later on.
        """
        now = time.monotonic()
        cached = self._policies.get(school_id)
        if cached is None or cached[0] < now:
            cached = (now + POLICY_SECONDS, decisions.school_policy(session, school_id))
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
