"""Reading statements out of the office replica.

Every function takes a session the caller opened for one action and returns plain frozen
dataclasses. Periods are whole days in Europe/Copenhagen; a transaction belongs to the day
the ledger posted it, and lines come in the order the ledger applied them.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import replace

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from models import (
    Account,
    Card,
    DeclinedPurchase,
    Guardian,
    LedgerEntry,
    LedgerTransaction,
    OutboxCommand,
    Payout,
    School,
    Student,
    StudentGuardian,
)
from office_app.domain.bank import masked
from office_app.domain.localtime import period_bounds
from office_app.reports.data import (
    DeclinedLine,
    KindTotal,
    SchoolHeader,
    Statement,
    StatementLine,
)

#: The order totals are printed in; kinds not named here follow alphabetically.
KIND_ORDER = (
    "cash_deposit",
    "online_deposit",
    "autotopup",
    "purchase",
    "card_fee",
    "payout_reserve",
    "payout_return",
    "payout_bank_return",
    "reversal",
)


class ReportError(Exception):
    """A report that cannot be made, with a message naming the field and the rule."""


def local_span(first: dt.date, last: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The UTC instants from the start of ``first`` to the end of ``last``, local time."""
    if first > last:
        raise ReportError(f"--from: {first.isoformat()} is after --to {last.isoformat()}")
    return period_bounds(first, last)


def find_student(session: Session, reference: str) -> uuid.UUID:
    """A student by id (a UUID) or by the school's own reference for them."""
    text = reference.strip()
    try:
        student_id: uuid.UUID | None = session.scalar(
            select(Student.id).where(Student.id == uuid.UUID(text))
        )
    except ValueError:
        student_id = session.scalar(select(Student.id).where(Student.external_ref == text))
    if student_id is None:
        raise ReportError(f"--student: no student {text!r} in the office's data")
    return student_id


def find_student_by_card(session: Session, card_number: str) -> uuid.UUID:
    """The child a card belongs or belonged to; a replaced card still names its child."""
    number = card_number.strip()
    student_id = session.scalar(select(Card.student_id).where(Card.card_number == number))
    if student_id is None:
        raise ReportError(f"--card: no card {number!r} in the office's data")
    return student_id


def find_class(session: Session, class_label: str) -> list[uuid.UUID]:
    """The class's children who have not left, by name."""
    label = class_label.strip()
    ids = list(
        session.scalars(
            select(Student.id)
            .where(Student.class_label == label, Student.status == "active")
            .order_by(Student.name, Student.id)
        )
    )
    if not ids:
        raise ReportError(f"--class: no class {label!r} with children in the office's data")
    return ids


def find_household(session: Session, guardian_email: str) -> list[uuid.UUID]:
    """Every child of the guardian with this e-mail address, by name."""
    email = guardian_email.strip()
    ids = list(
        session.scalars(
            select(Student.id)
            .join(StudentGuardian, StudentGuardian.student_id == Student.id)
            .join(Guardian, Guardian.id == StudentGuardian.guardian_id)
            .where(func.lower(Guardian.email) == email.lower())
            .order_by(Student.name, Student.id)
        )
    )
    if not ids:
        raise ReportError(f"--household: no guardian with e-mail {email!r} and children")
    return ids


def statement(
    session: Session,
    student_id: uuid.UUID,
    first: dt.date,
    last: dt.date,
    issued_on: dt.date | None = None,
) -> Statement:
    """One child's statement from ``first`` to ``last`` (both included), made ``issued_on``."""
    start, end = local_span(first, last)
    found = session.execute(
        select(
            Student.name,
            Student.class_label,
            School.name,
            School.address,
            School.cvr,
            School.contact,
            Account.id,
        )
        .join(School, School.id == Student.school_id)
        .join(Account, Account.student_id == Student.id)
        .where(Student.id == student_id)
    ).one_or_none()
    if found is None:
        raise ReportError(f"student: no student {student_id} with a wallet in the office's data")
    name, class_label, school_name, school_address, cvr, contact, wallet_id = found
    opening_ore = int(
        session.scalar(
            select(func.coalesce(func.sum(LedgerEntry.amount_ore), 0))
            .join(LedgerTransaction, LedgerTransaction.id == LedgerEntry.txn_id)
            .where(LedgerEntry.account_id == wallet_id, LedgerTransaction.posted_at < start)
        )
        or 0
    )
    lines = _with_accounts(session, student_id, _lines(session, wallet_id, start, end, opening_ore))
    return Statement(
        school=SchoolHeader(school_name, school_address, cvr, contact),
        student_id=student_id,
        student_name=name,
        class_label=class_label,
        period_from=first,
        period_to=last,
        opening_balance_ore=opening_ore,
        closing_balance_ore=lines[-1].balance_ore if lines else opening_ore,
        lines=lines,
        totals=totals_by_kind(lines),
        declined=_declined(session, student_id, start, end),
        pending_deposits_ore=_pending_deposits(session, student_id, start, end),
        issued_on=issued_on,
        addressees=_guardian_names(session, student_id),
        cards=_cards(session, student_id),
    )


def statements(
    session: Session,
    student_ids: Iterable[uuid.UUID],
    first: dt.date,
    last: dt.date,
    issued_on: dt.date | None = None,
) -> list[Statement]:
    return [statement(session, student_id, first, last, issued_on) for student_id in student_ids]


def _guardian_names(session: Session, student_id: uuid.UUID) -> tuple[str, ...]:
    return tuple(
        session.scalars(
            select(Guardian.name)
            .join(StudentGuardian, StudentGuardian.guardian_id == Guardian.id)
            .where(StudentGuardian.student_id == student_id)
            .order_by(Guardian.name, Guardian.id)
        )
    )


def _cards(session: Session, student_id: uuid.UUID) -> tuple[tuple[str, str], ...]:
    """The child's cards and their states, the active one first, then newest first."""
    rows = session.execute(
        select(Card.card_number, Card.status)
        .where(Card.student_id == student_id)
        .order_by(Card.status != "active", Card.issued_at.desc(), Card.card_number)
    ).all()
    return tuple((number, status) for number, status in rows)


def _with_accounts(
    session: Session, student_id: uuid.UUID, lines: tuple[StatementLine, ...]
) -> tuple[StatementLine, ...]:
    """A payout's lines say which account the money went to (masked): the reservation when it
    was asked for, its return when the school or the bank gave it back."""
    payouts = session.execute(
        select(
            Payout.reg_no,
            Payout.account_no,
            Payout.requested_at,
            Payout.decided_at,
            Payout.returned_at,
        ).where(Payout.student_id == student_id)
    ).all()
    by_moment: dict[tuple[str, dt.datetime], str] = {}
    for reg_no, account_no, requested_at, decided_at, returned_at in payouts:
        shown = masked(reg_no, account_no)
        by_moment[("payout_reserve", requested_at)] = shown
        if decided_at is not None:
            by_moment[("payout_return", decided_at)] = shown
        if returned_at is not None:
            by_moment[("payout_bank_return", returned_at)] = shown
    return tuple(
        replace(line, account=by_moment.get((line.kind, line.posted_at), ""))
        if line.kind.startswith("payout")
        else line
        for line in lines
    )


def _lines(
    session: Session,
    wallet_id: uuid.UUID,
    start: dt.datetime,
    end: dt.datetime,
    opening_ore: int,
) -> tuple[StatementLine, ...]:
    original = aliased(LedgerTransaction)
    rows = list(
        session.execute(
            select(
                LedgerTransaction.id,
                LedgerTransaction.posted_at,
                LedgerTransaction.seq,
                LedgerTransaction.kind,
                LedgerTransaction.text,
                func.sum(LedgerEntry.amount_ore),
                original.kind,
                original.posted_at,
            )
            .join(LedgerEntry, LedgerEntry.txn_id == LedgerTransaction.id)
            .outerjoin(original, original.id == LedgerTransaction.reverses_txn_id)
            .where(
                LedgerEntry.account_id == wallet_id,
                LedgerTransaction.posted_at >= start,
                LedgerTransaction.posted_at < end,
            )
            .group_by(LedgerTransaction.id, original.id)
        )
    )
    # One command can post two transactions at the same instant (a purchase and the
    # automatic top-up it set off); the top-up comes second, as the ledger applied it.
    rows.sort(key=lambda row: (row[1], row[2], row[3] == "autotopup", row[0]))
    balance_ore = opening_ore
    lines: list[StatementLine] = []
    for txn_id, posted_at, _seq, kind, text, amount_ore, reversed_kind, reversed_at in rows:
        if not amount_ore:
            continue
        balance_ore += int(amount_ore)  # PostgreSQL sums BIGINT as NUMERIC
        lines.append(
            StatementLine(
                txn_id=txn_id,
                posted_at=posted_at,
                kind=kind,
                amount_ore=int(amount_ore),
                balance_ore=balance_ore,
                ledger_text=text,
                reversed_kind=reversed_kind,
                reversed_at=reversed_at,
            )
        )
    return tuple(lines)


def totals_by_kind(lines: Sequence[StatementLine]) -> tuple[KindTotal, ...]:
    counts: dict[str, int] = defaultdict(int)
    sums: dict[str, int] = defaultdict(int)
    for line in lines:
        counts[line.kind] += 1
        sums[line.kind] += line.amount_ore
    rank = {kind: index for index, kind in enumerate(KIND_ORDER)}
    ordered = sorted(counts, key=lambda kind: (rank.get(kind, len(rank)), kind))
    return tuple(KindTotal(kind, counts[kind], sums[kind]) for kind in ordered)


def _declined(
    session: Session, student_id: uuid.UUID, start: dt.datetime, end: dt.datetime
) -> tuple[DeclinedLine, ...]:
    rows = session.execute(
        select(DeclinedPurchase.occurred_at, DeclinedPurchase.amount_ore, DeclinedPurchase.code)
        .where(
            DeclinedPurchase.student_id == student_id,
            DeclinedPurchase.occurred_at >= start,
            DeclinedPurchase.occurred_at < end,
        )
        .order_by(DeclinedPurchase.occurred_at, DeclinedPurchase.command_id)
    ).all()
    return tuple(
        DeclinedLine(occurred_at, amount_ore, code) for occurred_at, amount_ore, code in rows
    )


def _pending_deposits(
    session: Session, student_id: uuid.UUID, start: dt.datetime, end: dt.datetime
) -> int:
    """Cash deposits for the child still waiting in this office's outbox."""
    amounts = session.scalars(
        select(OutboxCommand.payload).where(
            OutboxCommand.type == "deposit.cash",
            OutboxCommand.state == "pending",
            OutboxCommand.payload["student_id"].as_string() == str(student_id),
            OutboxCommand.occurred_at >= start,
            OutboxCommand.occurred_at < end,
        )
    )
    return sum(int(payload["amount_ore"]) for payload in amounts)
