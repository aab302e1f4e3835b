"""What the bank said about payouts it was sent, as ledger commands.

The bank's pain.002 status report, an admin's confirmation that a bank file was executed, and a
transfer the bank sent back after paying it each become commands: ``payout.settle`` (paid),
``payout.bank_reject`` (refused: the money goes back to the wallet) and ``payout.return``
(sent back after payment: the money goes back to the wallet). A plan is shown first; payouts
already answered for, in the replica or in the outbox, are never answered twice.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, select

from models import OutboxCommand, Payout, Student
from office_app.db import reading
from office_app.desk.actions import Desk
from office_app.desk.approvals import BANK_ANSWERS
from office_app.desk.fields import FieldProblem
from office_app.i18n import bank_reason, money, tr
from office_app.reports.pain001 import payout_of
from office_app.reports.pain002 import PAID, REFUSED, StatusReport, TransferStatus
from office_app.sync.outbox import record_on


@dataclass(frozen=True)
class SentPayout:
    payout_id: uuid.UUID
    student_name: str
    amount_ore: int
    status: str
    bank_ref: str

    @property
    def what(self) -> str:
        return f"{self.student_name} {money(self.amount_ore)}"


@dataclass(frozen=True)
class BankAnswer:
    """One payout and what the bank's word makes of it: ``paid``, ``rejected``, ``returned``,
    ``waiting`` (still with the bank) or ``done_before``; ``command`` to queue, if any."""

    payout: SentPayout
    outcome: str
    status: str
    reason: str
    command: tuple[str, dict[str, Any]] | None

    def text(self) -> str:
        return tr(
            f"bankstatus.{self.outcome}",
            what=self.payout.what,
            reason=self.reason,
            status=self.status,
        )


@dataclass(frozen=True)
class BankAnswers:
    answers: tuple[BankAnswer, ...]
    unknown: tuple[TransferStatus, ...] = ()

    @property
    def commands(self) -> list[tuple[str, dict[str, Any]]]:
        return [answer.command for answer in self.answers if answer.command is not None]

    def count(self, outcome: str) -> int:
        return sum(1 for answer in self.answers if answer.outcome == outcome)

    def summary(self) -> str:
        return tr(
            "bankstatus.summary",
            paid=self.count("paid"),
            rejected=self.count("rejected"),
            returned=self.count("returned"),
            waiting=self.count("waiting"),
        )


def _answered(engine: Engine) -> dict[str, set[str]]:
    """For each payout, the bank answers this office already queued (sent or not)."""
    answered: dict[str, set[str]] = {}
    with reading(engine).connect() as connection:
        for command_type, payload in connection.execute(
            select(OutboxCommand.type, OutboxCommand.payload).where(
                OutboxCommand.type.in_(BANK_ANSWERS), OutboxCommand.state != "rejected"
            )
        ):
            answered.setdefault(str(payload.get("payout_id")), set()).add(command_type)
    return answered


def _payouts(engine: Engine, *conditions: Any) -> list[SentPayout]:
    with reading(engine).connect() as connection:
        rows = connection.execute(
            select(Payout.id, Student.name, Payout.amount_ore, Payout.status, Payout.bank_ref)
            .join(Student, Student.id == Payout.student_id)
            .where(*conditions)
            .order_by(Payout.requested_at, Payout.id)
        ).all()
    return [SentPayout(row[0], row[1], row[2], row[3], row[4] or "") for row in rows]


def _answer(
    payout: SentPayout, status: str, reason: str, bank_ref: str, answered: dict[str, set[str]]
) -> BankAnswer:
    """What the bank's ``status`` makes of the payout, given what is queued for it already."""
    payout_id = str(payout.payout_id)
    queued = answered.get(payout_id, set())
    done = BankAnswer(payout, "done_before", status, reason, None)
    if status in PAID:
        if payout.status != "sent" or queued:
            return done
        command = ("payout.settle", {"payout_id": payout_id, "bank_ref": bank_ref})
        return BankAnswer(payout, "paid", status, reason, command)
    if status in REFUSED:
        payload = {"payout_id": payout_id, "reason": reason[:200], "bank_ref": bank_ref}
        if queued & {"payout.bank_reject", "payout.return"}:
            return done
        if payout.status == "sent" and not queued:
            return BankAnswer(payout, "rejected", status, reason, ("payout.bank_reject", payload))
        if payout.status in ("sent", "settled"):
            return BankAnswer(payout, "returned", status, reason, ("payout.return", payload))
        return done
    return BankAnswer(payout, "waiting", status or "-", reason, None)


def answers_from_report(engine: Engine, report: StatusReport) -> BankAnswers:
    """Every payout of the file the report is about, with what the report says of it."""
    batch_id = payout_of(report.original_message_id)
    payouts = _payouts(engine, Payout.batch_id == batch_id) if batch_id is not None else []
    if not payouts:
        raise FieldProblem(tr("bankstatus.no_file", message_id=report.original_message_id))
    by_end_to_end = {transfer.end_to_end_id: transfer for transfer in report.transfers}
    answered = _answered(engine)
    bank_ref = f"{payouts[0].bank_ref} / {report.message_id or report.original_message_id}"
    answers = []
    for payout in payouts:
        named = by_end_to_end.pop(payout.payout_id.hex, None)
        status = named.status if named is not None else report.group_status or ""
        why = named.reason if named is not None else report.group_reason
        reason = bank_reason(why.code, why.text) if why is not None else bank_reason("MS03")
        answers.append(_answer(payout, status, reason, bank_ref[:200], answered))
    return BankAnswers(tuple(answers), tuple(by_end_to_end.values()))


def answers_for_confirmation(engine: Engine, file: str, staff_name: str) -> BankAnswers:
    """A bank file an admin saw executed on the school's account: every payout in it paid.

    ``file`` is the file's name (with or without its folder) or its message id.
    """
    name = file.strip().rsplit("/", 1)[-1]
    batch_id = payout_of(name)
    condition = Payout.batch_id == batch_id if batch_id is not None else Payout.bank_ref == name
    payouts = [payout for payout in _payouts(engine, condition) if payout.status == "sent"]
    if not payouts:
        raise FieldProblem(tr("payouts.no_such_file", file=name))
    answered = _answered(engine)
    bank_ref = f"{payouts[0].bank_ref} / {staff_name}"[:200]
    return BankAnswers(tuple(_answer(payout, "ACSC", "", bank_ref, answered) for payout in payouts))


def answer_for_return(engine: Engine, payout_ref: str, reason: str, bank_ref: str) -> BankAnswer:
    """A paid payout the bank sent back, found by its id or the EndToEndId the bank quotes."""
    why = " ".join(reason.split())
    if not why:
        raise FieldProblem(tr("payouts.reason_empty"))
    payout_id = payout_of(payout_ref.replace("-", ""))
    found = _payouts(engine, Payout.id == payout_id) if payout_id is not None else []
    settled = found and (
        found[0].status == "settled"
        or "payout.settle" in _answered(engine).get(str(found[0].payout_id), set())
    )
    if not settled:
        raise FieldProblem(tr("payouts.no_such_payout", payout=payout_ref))
    return _answer(found[0], "RJCT", why, bank_ref, _answered(engine))


def queue_answers(desk: Desk, commands: list[tuple[str, dict[str, Any]]]) -> int:
    """Queue the commands in one local transaction: all of them or none."""
    now = desk.clock()
    with desk.engine.begin() as connection:
        for command_type, payload in commands:
            record_on(
                connection,
                desk.school_id,
                desk.device_id,
                command_type,
                payload,
                staff=desk.staff,
                now=now,
            )
    return len(commands)
