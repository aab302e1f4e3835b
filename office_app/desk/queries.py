"""What the office screens show, read from the local replica as plain frozen rows.

One connection per call; nothing here is kept between actions, so a screen always shows the
replica as it is now, including what the last sync pulled and what waits in the outbox.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.engine import Connection

from models import (
    Account,
    Card,
    CardEvent,
    DailyCap,
    DailySpend,
    DeclinedPurchase,
    LedgerEntry,
    LedgerTransaction,
    OutboxCommand,
    Payout,
    School,
    Staff,
    Student,
)
from office_app.db import reading
from office_app.desk.people import (
    AgreementView,
    GuardianView,
    HouseholdChild,
    agreement_of,
    guardians_of,
    household_children,
)
from office_app.domain.catalogue import wallet_changes
from office_app.domain.localtime import LOCAL
from office_app.i18n import tr

CARD_ORDER = {"active": 0, "blocked": 1, "replaced": 2}


@dataclass(frozen=True)
class CardView:
    card_number: str
    status: str
    block_reason: str | None


@dataclass(frozen=True)
class StudentRow:
    """One search result: enough to tell children apart and see their state at a glance."""

    student_id: uuid.UUID
    name: str
    class_label: str
    status: str
    balance_ore: int
    card: CardView | None
    daily_cap_ore: int | None
    #: The school's pupil number (the roster's id).
    external_ref: str = ""
    #: The guardians' names, to tell children of the same name apart.
    guardian_names: tuple[str, ...] = ()


@dataclass(frozen=True)
class ActivityLine:
    """One thing that happened to a child's account, newest first on screen.

    ``kind`` is a transaction kind (a payout's reservation with ``code`` the payout's state),
    ``declined`` (with ``code``) or ``card_event`` (with ``code`` the event and
    ``card_number``). ``amount_ore`` is the wallet's change, if any.
    """

    at: dt.datetime
    seq: int
    kind: str
    amount_ore: int | None
    code: str = ""
    card_number: str = ""


@dataclass(frozen=True)
class PendingCommand:
    """A command in the outbox that concerns this child and has not been decided yet."""

    type: str
    payload: dict[str, Any]
    wallet_change_ore: int


@dataclass(frozen=True)
class AccountView:
    student: StudentRow
    cards: tuple[CardView, ...]
    spent_today_ore: int
    agreement: AgreementView | None
    activity: tuple[ActivityLine, ...]
    pending: tuple[PendingCommand, ...]
    #: The other children of the household, by name, with their balances.
    siblings: tuple[HouseholdChild, ...]
    guardians: tuple[GuardianView, ...] = ()

    @property
    def pending_ore(self) -> int:
        return sum(command.wallet_change_ore for command in self.pending)


@dataclass(frozen=True)
class SchoolFacts:
    school_id: uuid.UUID
    name: str
    replacement_fee_ore: int
    max_deposit_ore: int


def school_facts(engine: Engine) -> SchoolFacts | None:
    with reading(engine).connect() as connection:
        row = connection.execute(
            select(
                School.id, School.name, School.replacement_fee_ore, School.max_deposit_ore
            ).limit(1)
        ).one_or_none()
    return SchoolFacts(*row) if row else None


def _best_cards(connection: Connection, ids: list[uuid.UUID]) -> dict[uuid.UUID, CardView]:
    """Each child's card to show: an active one before a blocked one, the newest first."""
    rows = sorted(
        connection.execute(
            select(
                Card.student_id, Card.card_number, Card.status, Card.block_reason, Card.issued_at
            ).where(Card.student_id.in_(ids))
        ),
        key=lambda row: (CARD_ORDER.get(row.status, 3), -row.issued_at.timestamp()),
    )
    best: dict[uuid.UUID, CardView] = {}
    for row in rows:
        best.setdefault(row.student_id, CardView(row.card_number, row.status, row.block_reason))
    return best


def student_rows(engine: Engine, ids: Iterable[uuid.UUID]) -> list[StudentRow]:
    """The rows for ``ids``, in the order given (the search index's order)."""
    wanted = list(ids)
    if not wanted:
        return []
    with reading(engine).connect() as connection:
        found = {
            row.id: row
            for row in connection.execute(
                select(
                    Student.id,
                    Student.name,
                    Student.class_label,
                    Student.status,
                    Account.balance_ore,
                    DailyCap.daily_cap_ore,
                    Student.external_ref,
                )
                .outerjoin(Account, Account.student_id == Student.id)
                .outerjoin(DailyCap, DailyCap.student_id == Student.id)
                .where(Student.id.in_(wanted))
            )
        }
        cards = _best_cards(connection, wanted)
        guardians = guardians_of(connection, wanted)
    return [
        StudentRow(
            row.id,
            row.name or tr("student.anonymised"),
            row.class_label,
            row.status,
            row.balance_ore or 0,
            cards.get(row.id),
            row.daily_cap_ore,
            row.external_ref or "",
            tuple(guardian.name for guardian in guardians.get(row.id, ())),
        )
        for student_id in wanted
        if (row := found.get(student_id)) is not None
    ]


def _activity(
    connection: Connection, student_id: uuid.UUID, card_numbers: dict[uuid.UUID, str], limit: int
) -> list[ActivityLine]:
    payouts = _payout_states(connection, student_id)
    lines = [
        ActivityLine(
            at, seq, kind, amount, code=payouts.get(posted, "") if kind == "payout_reserve" else ""
        )
        for at, seq, kind, amount, posted in connection.execute(
            select(
                LedgerTransaction.occurred_at,
                LedgerTransaction.seq,
                LedgerTransaction.kind,
                LedgerEntry.amount_ore,
                LedgerTransaction.posted_at,
            )
            .join(LedgerEntry, LedgerEntry.txn_id == LedgerTransaction.id)
            .join(Account, Account.id == LedgerEntry.account_id)
            .where(Account.student_id == student_id)
            .order_by(LedgerTransaction.occurred_at.desc())
            .limit(limit)
        )
    ]
    lines += [
        ActivityLine(at, seq, "declined", amount, code=code, card_number=number)
        for at, seq, amount, code, number in connection.execute(
            select(
                DeclinedPurchase.occurred_at,
                DeclinedPurchase.seq,
                DeclinedPurchase.amount_ore,
                DeclinedPurchase.code,
                DeclinedPurchase.card_number,
            )
            .where(DeclinedPurchase.student_id == student_id)
            .order_by(DeclinedPurchase.occurred_at.desc())
            .limit(limit)
        )
    ]
    if card_numbers:
        lines += [
            ActivityLine(at, seq, "card_event", None, code=event, card_number=card_numbers[card_id])
            for at, seq, event, card_id in connection.execute(
                select(CardEvent.occurred_at, CardEvent.seq, CardEvent.event, CardEvent.card_id)
                .where(CardEvent.card_id.in_(list(card_numbers)))
                .order_by(CardEvent.occurred_at.desc())
                .limit(limit)
            )
        ]
    lines.sort(key=lambda line: (line.at, line.seq), reverse=True)
    return lines[:limit]


def _payout_states(connection: Connection, student_id: uuid.UUID) -> dict[dt.datetime, str]:
    """Each payout's state (pending_approval, approved, sent, settled, rejected, returned), by
    the moment the ledger reserved its amount: the reservation is posted by the request."""
    return {
        requested_at: status
        for requested_at, status in connection.execute(
            select(Payout.requested_at, Payout.status).where(Payout.student_id == student_id)
        )
    }


def pending_for(
    connection: Connection, student_id: uuid.UUID, card_numbers: Iterable[str]
) -> list[PendingCommand]:
    """Outbox commands not yet decided that touch this child or one of its cards."""
    numbers = set(card_numbers)
    pending = []
    for command_type, payload in connection.execute(
        select(OutboxCommand.type, OutboxCommand.payload)
        .where(OutboxCommand.state == "pending")
        .order_by(OutboxCommand.device_seq)
    ):
        names = {
            payload.get("student_id"),
            payload.get("from_student_id"),
            payload.get("to_student_id"),
        }
        concerns = str(student_id) in names or bool(
            numbers & {payload.get("card_number"), payload.get("old_card_number")}
        )
        if not concerns:
            continue
        changes = wallet_changes(command_type, payload)
        change = changes.get(str(student_id), 0) + sum(
            changes.get(f"card:{number}", 0) for number in numbers
        )
        pending.append(PendingCommand(command_type, payload, change))
    return pending


def account_view(
    engine: Engine, student_id: uuid.UUID, now: dt.datetime, activity_limit: int = 30
) -> AccountView | None:
    """Everything the account screen shows for one child; None when the child is unknown."""
    rows = student_rows(engine, [student_id])
    if not rows:
        return None
    student = rows[0]
    today = now.astimezone(LOCAL).date()
    with reading(engine).connect() as connection:
        card_rows = connection.execute(
            select(Card.id, Card.card_number, Card.status, Card.block_reason, Card.issued_at)
            .where(Card.student_id == student_id)
            .order_by(Card.issued_at.desc())
        ).all()
        cards = sorted(
            (CardView(number, status, reason) for _, number, status, reason, _ in card_rows),
            key=lambda card: CARD_ORDER.get(card.status, 3),
        )
        spent = connection.execute(
            select(DailySpend.spent_ore).where(
                DailySpend.student_id == student_id, DailySpend.day == today
            )
        ).scalar()
        agreement = agreement_of(connection, student_id)
        siblings = [
            child
            for child in household_children(connection, student_id)
            if child.student_id != student_id
        ]
        guardians = guardians_of(connection, [student_id]).get(student_id, ())
        activity = _activity(
            connection, student_id, {row[0]: row[1] for row in card_rows}, activity_limit
        )
        pending = pending_for(connection, student_id, (card.card_number for card in cards))
    return AccountView(
        student=student,
        cards=tuple(cards),
        spent_today_ore=spent or 0,
        agreement=agreement,
        activity=tuple(activity),
        pending=tuple(pending),
        siblings=tuple(siblings),
        guardians=guardians,
    )


def card_owner(engine: Engine, card_number: str) -> tuple[uuid.UUID, str] | None:
    """The child a card number belongs to, with the child's name."""
    with reading(engine).connect() as connection:
        row = connection.execute(
            select(Student.id, Student.name)
            .join(Card, Card.student_id == Student.id)
            .where(Card.card_number == card_number)
        ).one_or_none()
    return (row[0], row[1]) if row else None


def staff_hash(engine: Engine, username: str) -> tuple[str, str, str] | None:
    """An active staff member's password hash, display name and role.

    The hash is the newest this office knows: a password changed here and not yet back
    from the ledger (a ``staff.password`` command waiting in the outbox, or decided but not
    yet pulled) wins over the replica's, so the new password works at once, also offline.
    """
    with reading(engine).connect() as connection:
        row = connection.execute(
            select(Staff.password_hash, Staff.display_name, Staff.role, Staff.seq).where(
                Staff.username == username, Staff.active.is_(True)
            )
        ).one_or_none()
        if row is None:
            return None
        changed = connection.execute(
            select(OutboxCommand.payload, OutboxCommand.seq)
            .where(
                OutboxCommand.type == "staff.password",
                OutboxCommand.staff == username,
                OutboxCommand.state != "rejected",
            )
            .order_by(OutboxCommand.device_seq.desc())
            .limit(1)
        ).one_or_none()
    password_hash = row.password_hash
    if changed is not None and (changed.seq is None or changed.seq > row.seq):
        password_hash = str(changed.payload.get("password_hash") or password_hash)
    return (password_hash, row.display_name, row.role)


def staff_count(engine: Engine) -> int:
    with reading(engine).connect() as connection:
        return len(connection.execute(select(Staff.id).where(Staff.active.is_(True))).all())
