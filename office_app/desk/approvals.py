"""The administrator's desk: payouts, approvals with four eyes, reversals.

Each action checks its input and queues commands in the outbox like the secretary's actions;
the ledger decides, and enforces four eyes itself. What the screens show is read from the
replica together with the outbox, so a decision already queued is never offered twice. The
bank file of approved payouts is :mod:`office_app.desk.bank_file`.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import Engine, select
from sqlalchemy.engine import Connection

from models import (
    Account,
    LedgerEntry,
    LedgerTransaction,
    OutboxCommand,
    Payout,
    Reversal,
    School,
    Student,
)
from office_app.db import make_sessionmaker, reading
from office_app.desk.actions import Desk
from office_app.desk.fields import FieldProblem, PayoutForm
from office_app.i18n import tr
from office_app.sync.outbox import QueuedCommand, record

#: Transactions corrected another way: a payout through its payout, a reversal never again.
NOT_REVERSIBLE = (
    "reversal",
    "payout_reserve",
    "payout_return",
    "payout_settle",
    "payout_bank_return",
)
DECISIONS = ("payout.approve", "payout.reject", "reversal.approve", "reversal.reject")
#: What the bank's answers become: paid, refused, or sent back after it was paid.
BANK_ANSWERS = ("payout.settle", "payout.bank_reject", "payout.return")


def request_payout(desk: Desk, student_id: uuid.UUID, form: PayoutForm) -> QueuedCommand:
    return _queue(
        desk,
        "payout.request",
        {
            "student_id": str(student_id),
            "amount_ore": form.amount_ore,
            "holder_name": form.holder_name,
            "reg_no": form.reg_no,
            "account_no": form.account_no,
            "message": form.message,
        },
    )


def _queue(desk: Desk, command_type: str, payload: dict[str, object]) -> QueuedCommand:
    return record(
        desk.engine,
        desk.school_id,
        desk.device_id,
        command_type,
        payload,
        staff=desk.staff,
        now=desk.clock(),
    )


def _reason(text: str) -> str:
    reason = " ".join(text.split())
    if not reason:
        raise FieldProblem(tr("approvals.reason_empty"))
    return reason


def decide(desk: Desk, line: ApprovalLine, approve: bool, reason: str = "") -> QueuedCommand:
    """Approve or reject a waiting payout or reversal; never one's own request."""
    if approve and line.requested_by == desk.staff:
        raise FieldProblem(tr("approvals.own"))
    verb = "approve" if approve else "reject"
    payload: dict[str, object] = {f"{line.kind}_id": str(line.request_id)}
    if not approve:
        payload["reason"] = _reason(reason)
    return _queue(desk, f"{line.kind}.{verb}", payload)


def request_reversal(desk: Desk, txn_id: uuid.UUID, reason: str) -> QueuedCommand:
    return _queue(desk, "txn.reverse", {"txn_id": str(txn_id), "reason": _reason(reason)})


@dataclass(frozen=True)
class ApprovalLine:
    """A payout or reversal waiting for a second staff member, or a payout for the bank.

    ``queued`` when a decision (or, for an approved payout, its settlement) already waits in
    the outbox.
    """

    kind: str
    request_id: uuid.UUID
    student_name: str
    class_label: str
    amount_ore: int
    requested_by: str
    requested_at: dt.datetime
    status: str
    detail: str
    queued: bool


#: For a payout or reversal in each state, the queued commands that settle what comes next.
SETTLED_BY = {
    "pending_approval": {"payout.approve", "payout.reject", "reversal.approve", "reversal.reject"},
    "approved": {"payout.reject", "payout.send"},
    "sent": set(BANK_ANSWERS),
}


def _outbox_targets(engine: Engine) -> dict[str, set[str]]:
    """For each payout and reversal, the commands about it this office has queued."""
    queued: dict[str, set[str]] = {}
    with reading(engine).connect() as connection:
        for command_type, payload in connection.execute(
            select(OutboxCommand.type, OutboxCommand.payload).where(
                OutboxCommand.type.in_((*DECISIONS, *BANK_ANSWERS, "payout.send")),
                OutboxCommand.state != "rejected",
            )
        ):
            targets = payload.get("payout_ids") or [
                payload.get("payout_id") or payload.get("reversal_id")
            ]
            for target in targets:
                queued.setdefault(str(target), set()).add(command_type)
    return queued


def _queued(queued: dict[str, set[str]], target: uuid.UUID, status: str) -> bool:
    """A decision about the line is already on its way to the ledger."""
    return bool(queued.get(str(target), set()) & SETTLED_BY.get(status, set()))


def approval_lines(engine: Engine) -> list[ApprovalLine]:
    """Waiting payouts and reversals, approved payouts for the next bank file, and payouts
    sent to the bank that it has not answered for yet."""
    queued_commands = _outbox_targets(engine)
    lines: list[ApprovalLine] = []
    with make_sessionmaker(reading(engine))() as session:
        for payout, name, label in session.execute(
            select(Payout, Student.name, Student.class_label)
            .join(Student, Student.id == Payout.student_id)
            .where(Payout.status.in_(("pending_approval", "approved", "sent")))
            .order_by(Payout.requested_at)
        ):
            queued = _queued(queued_commands, payout.id, payout.status)
            detail = f"{payout.holder_name}, {payout.reg_no} {payout.account_no}"
            if payout.status == "sent" and payout.execution_date is not None:
                detail += f"; {payout.bank_ref} ({payout.execution_date:%d.%m.%Y})"
            lines.append(
                ApprovalLine(
                    "payout",
                    payout.id,
                    name,
                    label,
                    payout.amount_ore,
                    payout.requested_by or "",
                    payout.requested_at,
                    payout.status,
                    f"{detail}, {payout.message}" if payout.message else detail,
                    queued,
                )
            )
        for reversal, txn_kind, name, label in session.execute(
            select(Reversal, LedgerTransaction.kind, Student.name, Student.class_label)
            .join(LedgerTransaction, LedgerTransaction.id == Reversal.txn_id)
            .outerjoin(Student, Student.id == LedgerTransaction.student_id)
            .where(Reversal.status == "pending_approval")
            .order_by(Reversal.requested_at)
        ):
            lines.append(
                ApprovalLine(
                    "reversal",
                    reversal.id,
                    name or "",
                    label or "",
                    _txn_amount(session.connection(), reversal.txn_id),
                    reversal.requested_by,
                    reversal.requested_at,
                    reversal.status,
                    f"{txn_kind}: {reversal.reason}",
                    _queued(queued_commands, reversal.id, reversal.status),
                )
            )
    return lines


def _txn_amount(connection: Connection, txn_id: uuid.UUID) -> int:
    """What a transaction did to a child's wallet, or its size when it touched no wallet."""
    entries = connection.execute(
        select(LedgerEntry.amount_ore, Account.kind)
        .join(Account, Account.id == LedgerEntry.account_id)
        .where(LedgerEntry.txn_id == txn_id)
    ).all()
    wallet = [amount for amount, kind in entries if kind == "wallet"]
    return sum(wallet) if wallet else sum(amount for amount, _ in entries if amount > 0)


@dataclass(frozen=True)
class ReversibleTxn:
    txn_id: uuid.UUID
    kind: str
    posted_at: dt.datetime
    amount_ore: int
    text: str


def reversible_transactions(
    engine: Engine, student_id: uuid.UUID, limit: int = 50
) -> list[ReversibleTxn]:
    """A child's newest transactions that may still be reversed."""
    with reading(engine).connect() as connection:
        open_requests = select(Reversal.txn_id).where(Reversal.status != "rejected")
        rows = connection.execute(
            select(
                LedgerTransaction.id,
                LedgerTransaction.kind,
                LedgerTransaction.posted_at,
                LedgerTransaction.text,
            )
            .where(
                LedgerTransaction.student_id == student_id,
                LedgerTransaction.kind.not_in(NOT_REVERSIBLE),
                LedgerTransaction.id.not_in(open_requests),
            )
            .order_by(LedgerTransaction.seq.desc())
            .limit(limit)
        ).all()
        return [
            ReversibleTxn(
                row.id, row.kind, row.posted_at, _txn_amount(connection, row.id), row.text
            )
            for row in rows
        ]


def payout_threshold_ore(engine: Engine) -> int:
    """Payouts above this need a second staff member's approval."""
    with reading(engine).connect() as connection:
        found = connection.execute(select(School.payout_approval_threshold_ore).limit(1)).scalar()
    return 50000 if found is None else int(found)
