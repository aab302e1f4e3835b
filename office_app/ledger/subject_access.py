"""Everything the ledger holds about one child and its guardians (GDPR art. 15).

The child's row, its guardians, wallet, cards and their history, daily cap and spending,
top-up agreements, payouts, every movement of money with the balance after it, declined
purchases, reversals, the command log and the audit events about it. Nothing about another
child: rows are chosen by the child's own ids, entries on other accounts are left out, and
in every text (a transaction's, a command's, an event's) another child's name, reference or
id, and another family's guardian's name or e-mail, is replaced by a placeholder.

The result is plain JSON data (amounts in øre, times in ISO 8601); the PDF is drawn from it.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Engine, func, or_, select
from sqlalchemy.orm import Session

from models import (
    Account,
    AuditEvent,
    Card,
    CardEvent,
    CommandRecord,
    DailyCap,
    DailySpend,
    DeclinedPurchase,
    Device,
    Guardian,
    LedgerEntry,
    LedgerTransaction,
    Payout,
    Reversal,
    School,
    Student,
    StudentGuardian,
    TopUpAgreement,
)
from office_app.db import make_sessionmaker, reading
from office_app.domain.audit import LEDGER_CHAIN, readable_details

#: What another child's data is replaced by in any text of the report.
SOMEONE_ELSE = "[…]"


class SubjectAccessError(LookupError):
    """The child asked about cannot be found, with a message naming the option."""


def _json(value: Any) -> Any:
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value


def _row(row: Any, *names: str) -> dict[str, Any]:
    return {name: _json(getattr(row, name)) for name in names}


def find_student(session: Session, given: str) -> Student:
    """The child with this id, or with this reference from the school's roster."""
    text = given.strip()
    try:
        found = session.get(Student, uuid.UUID(text))
    except ValueError:
        matches = session.scalars(select(Student).where(Student.external_ref == text)).all()
        if len(matches) > 1:
            raise SubjectAccessError(
                f"--student: {text!r} is a reference at several schools; give the id"
            ) from None
        found = matches[0] if matches else None
    if found is None:
        raise SubjectAccessError(f"--student: no child with the id or reference {text!r}")
    return found


class _Others:
    """Replaces another child's (or another family's) name, reference or id in any text."""

    def __init__(self, session: Session, student: Student, own_guardians: set[uuid.UUID]):
        words: set[str] = set()
        for student_id, name, ref in session.execute(
            select(Student.id, Student.name, Student.external_ref).where(
                Student.school_id == student.school_id, Student.id != student.id
            )
        ):
            words |= {str(student_id), name, ref}
        for guardian_id, name, email in session.execute(
            select(Guardian.id, Guardian.name, Guardian.email).where(
                Guardian.school_id == student.school_id
            )
        ):
            if guardian_id not in own_guardians:
                words |= {str(guardian_id), name, email or ""}
        own = {student.name, student.external_ref, str(student.id)}
        kept = sorted((w for w in words if len(w.strip()) >= 2 and w not in own), key=len)
        alternatives = "|".join(re.escape(word) for word in reversed(kept))
        self.pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)") if kept else None

    def __call__(self, value: Any) -> Any:
        if isinstance(value, str):
            return self.pattern.sub(SOMEONE_ELSE, value) if self.pattern else value
        if isinstance(value, dict):
            return {key: self(item) for key, item in value.items()}
        if isinstance(value, list):
            return [self(item) for item in value]
        return value


def subject_access(engine: Engine, given: str, *, now: dt.datetime) -> dict[str, Any]:
    """Everything held about the child ``given`` (its id or roster reference)."""
    with make_sessionmaker(reading(engine))() as session:
        student = find_student(session, given)
        return _collect(session, student, now)


def _collect(session: Session, student: Student, now: dt.datetime) -> dict[str, Any]:
    school = session.get(School, student.school_id)
    assert school is not None
    guardians = session.scalars(
        select(Guardian)
        .join(StudentGuardian, StudentGuardian.guardian_id == Guardian.id)
        .where(StudentGuardian.student_id == student.id)
        .order_by(Guardian.name)
    ).all()
    others = _Others(session, student, {guardian.id for guardian in guardians})
    wallet = session.scalar(select(Account).where(Account.student_id == student.id))
    cards = session.scalars(
        select(Card).where(Card.student_id == student.id).order_by(Card.issued_at)
    ).all()
    numbers = {card.id: card.card_number for card in cards}
    movements, txn_ids = _movements(session, student.id, wallet.id if wallet else None, others)
    payouts = session.scalars(
        select(Payout).where(Payout.student_id == student.id).order_by(Payout.requested_at)
    ).all()
    subjects = {str(student.id), *numbers.values(), *(str(p.id) for p in payouts), *txn_ids}
    declined = session.scalars(
        select(DeclinedPurchase)
        .where(DeclinedPurchase.student_id == student.id)
        .order_by(DeclinedPurchase.occurred_at)
    ).all()
    events = _events(session, student.school_id, subjects, others)
    command_ids = {e["command_id"] for e in events if e["command_id"]}
    command_ids |= {m["command_id"] for m in movements}
    command_ids |= {str(d.command_id) for d in declined}
    cap = session.get(DailyCap, student.id)
    return {
        "generated_at": now.isoformat(),
        "school": _row(school, "name", "address"),
        "student": _row(
            student,
            "id",
            "external_ref",
            "name",
            "class_label",
            "status",
            "created_at",
            "left_at",
            "anonymised_at",
        ),
        "guardians": [_row(g, "id", "name", "email") for g in guardians],
        "wallet": {"balance_ore": wallet.balance_ore if wallet else 0},
        "cards": [
            _row(c, "card_number", "status", "block_reason", "issued_at", "status_changed_at")
            | {"replaced_by": numbers.get(c.replaced_by_card_id) if c.replaced_by_card_id else None}
            for c in cards
        ],
        "card_events": [
            {"card_number": numbers[e.card_id]}
            | others(_row(e, "event", "reason", "staff", "occurred_at"))
            for e in session.scalars(
                select(CardEvent)
                .where(CardEvent.card_id.in_(list(numbers)))
                .order_by(CardEvent.occurred_at, CardEvent.id)
            )
        ],
        "daily_cap": _row(cap, "daily_cap_ore", "set_at", "set_by") if cap else None,
        "daily_spend": [
            _row(s, "day", "spent_ore")
            for s in session.scalars(
                select(DailySpend)
                .where(DailySpend.student_id == student.id)
                .order_by(DailySpend.day)
            )
        ],
        "agreements": [
            _row(a, "amount_ore", "payment_ref", "status", "created_at")
            | _row(a, "activated_at", "cancelled_at")
            for a in session.scalars(
                select(TopUpAgreement)
                .where(TopUpAgreement.student_id == student.id)
                .order_by(TopUpAgreement.created_at)
            )
        ],
        "payouts": [
            others(
                _row(p, "id", "amount_ore", "holder_name", "reg_no", "account_no", "message")
                | _row(p, "status", "requested_by", "requested_at", "decided_by", "decided_at")
                | _row(p, "reject_reason", "bank_ref", "settled_at")
            )
            for p in payouts
        ],
        "movements": movements,
        "reversals": [
            others(_row(r, "txn_id", "reason", "status", "requested_by", "requested_at"))
            | others(_row(r, "decided_by", "decided_at", "reject_reason"))
            for r in session.scalars(
                select(Reversal)
                .where(Reversal.txn_id.in_([uuid.UUID(t) for t in txn_ids]))
                .order_by(Reversal.requested_at)
            )
        ],
        "declined_purchases": [
            _row(d, "card_number", "amount_ore", "code", "occurred_at") for d in declined
        ],
        "commands": _commands(session, command_ids, others),
        "audit_events": events,
    }


def _movements(
    session: Session, student_id: uuid.UUID, wallet_id: uuid.UUID | None, others: _Others
) -> tuple[list[dict[str, Any]], set[str]]:
    """Every transaction on the child's wallet or about the child, oldest first, with the
    amount on the wallet and the wallet's balance after it."""
    touching = select(LedgerEntry.txn_id).where(LedgerEntry.account_id == wallet_id)
    # In the order they were posted: a transaction's entries are numbered as they are written.
    first_entry = (
        select(func.min(LedgerEntry.id))
        .where(LedgerEntry.txn_id == LedgerTransaction.id)
        .correlate(LedgerTransaction)
        .scalar_subquery()
    )
    txns = session.scalars(
        select(LedgerTransaction)
        .where(or_(LedgerTransaction.student_id == student_id, LedgerTransaction.id.in_(touching)))
        .order_by(LedgerTransaction.posted_at, first_entry)
    ).all()
    on_wallet: dict[uuid.UUID, int] = defaultdict(int)
    for txn_id, amount in session.execute(
        select(LedgerEntry.txn_id, LedgerEntry.amount_ore).where(
            LedgerEntry.account_id == wallet_id
        )
    ):
        on_wallet[txn_id] += amount
    balance = 0
    lines = []
    for txn in txns:
        moved = on_wallet.get(txn.id)
        balance += moved or 0
        lines.append(
            _row(txn, "id", "command_id", "posted_at", "occurred_at", "kind", "reverses_txn_id")
            | {
                "text": others(txn.text),
                "amount_ore": moved,
                "balance_after_ore": balance if moved is not None else None,
            }
        )
    return lines, {line["id"] for line in lines}


def _events(
    session: Session, school_id: uuid.UUID, subjects: Iterable[str], others: _Others
) -> list[dict[str, Any]]:
    devices = dict(session.execute(select(Device.id, Device.name)).all())
    found = session.scalars(
        select(AuditEvent)
        .where(
            AuditEvent.school_id == school_id,
            AuditEvent.chain == LEDGER_CHAIN,
            AuditEvent.subject.in_(sorted(set(subjects))),
        )
        .order_by(AuditEvent.chain_index)
    )
    return [
        others(
            _row(e, "chain_index", "occurred_at", "action", "subject", "staff", "command_id")
            | {
                "device": devices.get(e.device_id, "") if e.device_id else "",
                "details": readable_details(e.details, e.personal),
            }
        )
        for e in found
    ]


def _commands(session: Session, command_ids: set[str], others: _Others) -> list[dict[str, Any]]:
    wanted = [uuid.UUID(command_id) for command_id in command_ids]
    devices = dict(session.execute(select(Device.id, Device.name)).all())
    rows: list[CommandRecord] = []
    for start in range(0, len(wanted), 900):
        rows += session.scalars(
            select(CommandRecord).where(CommandRecord.command_id.in_(wanted[start : start + 900]))
        ).all()
    rows.sort(key=lambda row: (row.received_at, row.seq))
    return [
        others(
            _row(row, "command_id", "type", "occurred_at", "received_at", "staff", "status")
            | _row(row, "code", "message", "payload")
            | {"device": devices.get(row.device_id, "")}
        )
        for row in rows
    ]
