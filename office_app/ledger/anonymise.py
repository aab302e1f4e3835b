"""Anonymising children who left long ago and owe nothing (DESIGN section 9).

A leaver's name, roster reference, class and household link go, and so do the guardians no
other child has, the bank accounts and names on its payouts, the payment references of its
top-up agreements, and the words typed about it (reasons, consent, waivers) wherever they were
stored: transaction texts, card events, the command log, the audit chain's personal words.
Every amount, id, time, card number and hash stays, so ``verify`` and every audit chain pass
afterwards and the bookkeeping is complete.

One child is done in one transaction under the school's lock (no command can move its money
meanwhile), as a ``student.anonymise`` event in the school's chain whose change number every
changed row takes: the change feed carries the anonymisation to every office, and each office
then erases the same words from its own outbox and chain.

A child with money (on its wallet or held in suspense for it), a payout under way, a reversal
waiting or an automatic top-up still open is refused, with the reason in one line.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import Engine, delete, func, or_, select
from sqlalchemy.orm import Session

from models import (
    Account,
    AuditEvent,
    Card,
    CardEvent,
    ChangeSequence,
    CommandRecord,
    DeclinedPurchase,
    Guardian,
    LedgerEntry,
    LedgerTransaction,
    Payout,
    Reversal,
    Student,
    StudentGuardian,
    TopUpAgreement,
)
from office_app.db import make_sessionmaker, reading
from office_app.domain.audit import LEDGER_CHAIN
from office_app.domain.cards import ALL_BLOCK_REASONS
from office_app.domain.localtime import Clock
from office_app.domain.money import format_kr
from office_app.domain.personal import anonymised_reference, erased_payload, erased_text
from office_app.ledger.admin_events import record_admin_event

BLOCK_REASONS = frozenset(ALL_BLOCK_REASONS)


class AnonymiseRefused(Exception):
    """A child that may not be anonymised (yet), with the reason in one line."""


@dataclass(frozen=True)
class Leaver:
    student_id: uuid.UUID
    school_id: uuid.UUID
    name: str
    class_label: str
    left_at: dt.datetime


@dataclass(frozen=True)
class Erased:
    """How many rows of each kind lost personal data."""

    guardians: int
    payouts: int
    transactions: int
    commands: int
    events: int


def leavers_before(
    engine: Engine, before: dt.datetime, school_id: uuid.UUID | None = None
) -> list[Leaver]:
    """Children who left before ``before`` and are not anonymised yet, oldest leavers first."""
    query = (
        select(Student)
        .where(
            Student.status == "left",
            Student.left_at < before,
            Student.anonymised_at.is_(None),
        )
        .order_by(Student.left_at, Student.id)
    )
    if school_id is not None:
        query = query.where(Student.school_id == school_id)
    with make_sessionmaker(reading(engine))() as session:
        return [
            Leaver(s.id, s.school_id, s.name, s.class_label, s.left_at or before)
            for s in session.scalars(query)
        ]


def _refusal(
    session: Session, student: Student, wallet: Account | None, txn_ids: list[uuid.UUID]
) -> str | None:
    """Why this child may not be anonymised now, or None."""
    if wallet is not None and wallet.balance_ore != 0:
        return (
            f"has {format_kr(wallet.balance_ore)} on the account; "
            "pay it out or move it to a sibling first"
        )
    suspense = session.scalar(
        select(func.coalesce(func.sum(LedgerEntry.amount_ore), 0))
        .join(Account, Account.id == LedgerEntry.account_id)
        .join(LedgerTransaction, LedgerTransaction.id == LedgerEntry.txn_id)
        .where(Account.kind == "suspense", LedgerTransaction.student_id == student.id)
    )
    if suspense:
        return f"has {format_kr(int(suspense))} held in suspense for it; settle that first"
    if session.scalar(
        select(func.count()).where(
            Payout.student_id == student.id, Payout.status.in_(("pending_approval", "approved"))
        )
    ):
        return "has a payout under way; let it be paid or rejected first"
    if session.scalar(
        select(func.count()).where(
            TopUpAgreement.student_id == student.id, TopUpAgreement.status != "cancelled"
        )
    ):
        return "has an automatic top-up agreement; cancel it first"
    if txn_ids and session.scalar(
        select(func.count()).where(
            Reversal.txn_id.in_(txn_ids), Reversal.status == "pending_approval"
        )
    ):
        return "has a reversal waiting for approval; decide it first"
    return None


def anonymise_student(
    engine: Engine, student_id: uuid.UUID, *, left_before: dt.datetime, clock: Clock
) -> Erased:
    """Erase one leaver's personal data; raises AnonymiseRefused naming why not."""
    now = clock()
    with make_sessionmaker(engine).begin() as session:
        found = session.get(Student, student_id)
        if found is None:
            raise AnonymiseRefused(f"no child with id {student_id}")
        # The school's lock first, as every writer takes it: then nothing moves meanwhile.
        session.get(ChangeSequence, found.school_id, with_for_update=True)
        student = session.get(Student, student_id, populate_existing=True)
        assert student is not None
        if student.anonymised_at is not None:
            raise AnonymiseRefused("was anonymised already")
        if student.status != "left":
            raise AnonymiseRefused("has not left the school")
        if student.left_at is None or student.left_at >= left_before:
            raise AnonymiseRefused(f"left after {left_before.date().isoformat()}")
        wallet = session.scalar(select(Account).where(Account.student_id == student.id))
        txns = _transactions(session, student.id, wallet)
        refusal = _refusal(session, student, wallet, [txn.id for txn in txns])
        if refusal is not None:
            raise AnonymiseRefused(refusal)
        return _erase(session, student, txns, now)


def _transactions(
    session: Session, student_id: uuid.UUID, wallet: Account | None
) -> list[LedgerTransaction]:
    """The child's transactions: about it, or moving money on its wallet."""
    touching = select(LedgerEntry.txn_id).where(
        LedgerEntry.account_id == (wallet.id if wallet else None)
    )
    return list(
        session.scalars(
            select(LedgerTransaction).where(
                or_(LedgerTransaction.student_id == student_id, LedgerTransaction.id.in_(touching))
            )
        )
    )


def _erase(
    session: Session, student: Student, txns: list[LedgerTransaction], now: dt.datetime
) -> Erased:
    school_id = student.school_id
    guardian_ids = set(
        session.scalars(
            select(StudentGuardian.guardian_id).where(StudentGuardian.student_id == student.id)
        )
    )
    personal_words = {student.name, student.external_ref}
    cards = session.scalars(select(Card).where(Card.student_id == student.id)).all()
    payouts = session.scalars(select(Payout).where(Payout.student_id == student.id)).all()
    for payout in payouts:
        personal_words |= {payout.holder_name, payout.account_no}
    guardians = session.scalars(select(Guardian).where(Guardian.id.in_(guardian_ids))).all()
    personal_words |= {g.name for g in guardians} | {g.email for g in guardians if g.email}
    subjects = {str(student.id), *(c.card_number for c in cards), *(str(p.id) for p in payouts)}
    subjects |= {str(txn.id) for txn in txns}
    events = session.scalars(
        select(AuditEvent).where(
            AuditEvent.school_id == school_id,
            AuditEvent.chain == LEDGER_CHAIN,
            AuditEvent.subject.in_(sorted(subjects)),
        )
    ).all()
    command_ids = {e.command_id for e in events if e.command_id} | {t.command_id for t in txns}
    command_ids |= set(
        session.scalars(
            select(DeclinedPurchase.command_id).where(DeclinedPurchase.student_id == student.id)
        )
    )
    seq = record_admin_event(
        session,
        school_id,
        action="student.anonymise",
        subject=str(student.id),
        details={"left_at": student.left_at.isoformat() if student.left_at else None},
        now=now,
    )
    student.name, student.class_label = "", ""
    student.external_ref = anonymised_reference(student.id)
    student.household_id, student.anonymised_at, student.seq = None, now, seq
    session.execute(delete(StudentGuardian).where(StudentGuardian.student_id == student.id))
    session.flush()
    still_linked = set(
        session.scalars(
            select(StudentGuardian.guardian_id).where(StudentGuardian.guardian_id.in_(guardian_ids))
        )
    )
    erased_guardians = [g for g in guardians if g.id not in still_linked]
    for guardian in erased_guardians:
        guardian.name, guardian.email, guardian.seq = "", anonymised_reference(guardian.id), seq
    for payout in payouts:
        payout.holder_name, payout.reg_no, payout.account_no, payout.message = "", "", "", ""
        payout.reject_reason = "" if payout.reject_reason is not None else None
        payout.seq = seq
    for agreement in session.scalars(
        select(TopUpAgreement).where(TopUpAgreement.student_id == student.id)
    ):
        agreement.payment_ref, agreement.seq = "", seq
    txn_ids = [txn.id for txn in txns]
    for reversal in session.scalars(select(Reversal).where(Reversal.txn_id.in_(txn_ids))):
        reversal.reason = ""
        reversal.reject_reason = "" if reversal.reject_reason is not None else None
        reversal.seq = seq
    changed_txns = 0
    for txn in txns:
        if txn.text != erased_text(txn.kind):
            txn.text, txn.seq = erased_text(txn.kind), seq
            changed_txns += 1
    for event in session.scalars(
        select(CardEvent).where(
            CardEvent.card_id.in_([c.id for c in cards]), CardEvent.reason.is_not(None)
        )
    ):
        if event.reason not in BLOCK_REASONS:
            event.reason, event.seq = None, seq
    erased_events = 0
    for audit_event in events:
        if audit_event.personal is not None:
            audit_event.personal, audit_event.seq = None, seq
            erased_events += 1
    erased_commands = _erase_commands(session, command_ids, personal_words)
    session.flush()
    return Erased(len(erased_guardians), len(payouts), changed_txns, erased_commands, erased_events)


def _erase_commands(session: Session, command_ids: set[uuid.UUID], personal_words: set[str]) -> int:
    """The command log's copies: personal payload fields, and messages that name the child."""
    words = [word for word in personal_words if word and len(word) >= 2]
    changed = 0
    wanted = sorted(command_ids)
    for start in range(0, len(wanted), 900):
        for command in session.scalars(
            select(CommandRecord).where(CommandRecord.command_id.in_(wanted[start : start + 900]))
        ):
            payload = erased_payload(command.type, command.payload)
            message = "" if any(word in command.message for word in words) else command.message
            if payload != command.payload or message != command.message:
                command.payload, command.message = payload, message
                changed += 1
    return changed
