"""The administrator's desk: payouts, approvals with four eyes, the bank file, reversals.

Each action checks its input and queues commands in the outbox like the secretary's actions;
the ledger decides, and enforces four eyes itself. What the screens show is read from the
replica together with the outbox, so a decision already queued is never offered twice and an
approved payout never goes into a second bank file.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import uuid
from dataclasses import dataclass
from pathlib import Path

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
from office_app.desk.export import kr, neutralise
from office_app.desk.fields import FieldProblem, PayoutForm
from office_app.domain.localtime import LOCAL
from office_app.i18n import money, tr
from office_app.sync.outbox import QueuedCommand, record, record_on

#: Transactions corrected another way: a payout through its payout, a reversal never again.
NOT_REVERSIBLE = (
    "reversal",
    "payout_reserve",
    "payout_return",
    "payout_settle",
    "payout_bank_return",
)
DECISIONS = ("payout.approve", "payout.reject", "reversal.approve", "reversal.reject")


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


def _outbox_targets(engine: Engine) -> tuple[set[str], set[str]]:
    """Ids already decided in the outbox, and payouts whose settlement is queued."""
    decided: set[str] = set()
    settling: set[str] = set()
    with reading(engine).connect() as connection:
        for command_type, payload in connection.execute(
            select(OutboxCommand.type, OutboxCommand.payload).where(
                OutboxCommand.type.in_((*DECISIONS, "payout.settle")),
                OutboxCommand.state != "rejected",
            )
        ):
            target = str(payload.get("payout_id") or payload.get("reversal_id"))
            (settling if command_type == "payout.settle" else decided).add(target)
    return decided, settling


def approval_lines(engine: Engine) -> list[ApprovalLine]:
    """Waiting payouts and reversals, then approved payouts not yet in a bank file."""
    decided, settling = _outbox_targets(engine)
    lines: list[ApprovalLine] = []
    with make_sessionmaker(reading(engine))() as session:
        for payout, name, label in session.execute(
            select(Payout, Student.name, Student.class_label)
            .join(Student, Student.id == Payout.student_id)
            .where(Payout.status.in_(("pending_approval", "approved")))
            .order_by(Payout.requested_at)
        ):
            queued = str(payout.id) in (decided if payout.status != "approved" else settling)
            if payout.status == "approved" and queued:
                continue
            detail = f"{payout.holder_name}, {payout.reg_no} {payout.account_no}"
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
                    str(reversal.id) in decided,
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


BANK_COLUMNS = ("regnr", "kontonr", "beloeb", "modtager", "tekst", "reference")


BANK_FILE_PATTERN = "udbetalinger-*.csv"
PARTIAL = ".partial"


def write_bank_file(desk: Desk, folder: Path) -> tuple[Path, int, int] | None:
    """Every approved payout not yet paid into one bank transfer file, each then settled.

    The file is written in full under a temporary name and forced to disk, the settlements
    are queued and committed, and only then does the file get its name: a payout is in
    exactly one file. A crash after the commit leaves a temporary file whose settlements are
    queued; ``finish_bank_files`` (run first every time) gives it its name. A crash before
    leaves one whose settlements are not; it is removed, and its payouts go in the next file.
    Returns the file, how many payouts and their total, or None when no payout is approved.
    """
    finish_bank_files(desk.engine, folder)
    payouts = [
        line for line in approval_lines(desk.engine) if line.kind == "payout" and not line.queued
    ]
    payouts = [line for line in payouts if line.status == "approved"]
    if not payouts:
        return None
    now = desk.clock()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"udbetalinger-{now.astimezone(LOCAL):%Y%m%d-%H%M%S}.csv"
    partial = path.with_name(path.name + PARTIAL)
    with make_sessionmaker(reading(desk.engine))() as session:
        details = {
            payout.id: payout
            for payout in session.scalars(
                select(Payout).where(Payout.id.in_([line.request_id for line in payouts]))
            )
        }
    with (
        desk.engine.begin() as connection,
        partial.open("w", encoding="utf-8-sig", newline="") as handle,
    ):
        writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        writer.writerow(BANK_COLUMNS)
        for number, line in enumerate(payouts, start=1):
            payout = details[line.request_id]
            text = payout.message or tr("payout.bank_text", name=line.student_name)
            writer.writerow(
                [
                    payout.reg_no,
                    payout.account_no,
                    kr(payout.amount_ore),
                    neutralise(payout.holder_name),
                    neutralise(text),
                    str(payout.id),
                ]
            )
            record_on(
                connection,
                desk.school_id,
                desk.device_id,
                "payout.settle",
                {"payout_id": str(payout.id), "bank_ref": f"{path.name} #{number}"},
                staff=desk.staff,
                now=now,
            )
        handle.flush()
        os.fsync(handle.fileno())
    _name(partial, path)
    return path, len(payouts), sum(line.amount_ore for line in payouts)


def finish_bank_files(engine: Engine, folder: Path) -> list[Path]:
    """Complete bank files a crash left under their temporary name; the ones completed.

    A file whose settlements were committed is named; one whose were not is removed.
    """
    if not folder.is_dir():
        return []
    with reading(engine).connect() as connection:
        settled = {
            str(payload.get("bank_ref", "")).split(" #", 1)[0]
            for payload in connection.execute(
                select(OutboxCommand.payload).where(OutboxCommand.type == "payout.settle")
            ).scalars()
        }
    finished = []
    for partial in sorted(folder.glob(BANK_FILE_PATTERN + PARTIAL)):
        path = partial.with_name(partial.name.removesuffix(PARTIAL))
        if path.name in settled:
            _name(partial, path)
            finished.append(path)
        else:
            partial.unlink()
    return finished


def _name(partial: Path, path: Path) -> None:
    """Give a finished file its name, durably."""
    os.replace(partial, path)
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


def describe(line: ApprovalLine) -> str:
    """One line for a notification: what, for whom, how much."""
    return tr(
        f"approvals.kind.{line.kind}",
        name=line.student_name,
        amount=money(abs(line.amount_ore)),
    )


def payout_threshold_ore(engine: Engine) -> int:
    """Payouts above this need a second staff member's approval."""
    with reading(engine).connect() as connection:
        found = connection.execute(select(School.payout_approval_threshold_ore).limit(1)).scalar()
    return 50000 if found is None else int(found)
