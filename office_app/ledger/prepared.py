"""The statements every command runs, built once with bound parameters.

Building a SQLAlchemy statement costs more than running it on SQLite, so the ledger's
per-command statements are made here once and executed with a dictionary of values.
"""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import (
    BigInteger,
    Table,
    Uuid,
    bindparam,
    case,
    exists,
    insert,
    select,
    update,
)

from models import (
    Account,
    AuditEvent,
    Card,
    ChangeSequence,
    CommandRecord,
    DailyCap,
    DailySpend,
    LedgerEntry,
    LedgerTransaction,
    School,
    Staff,
    Student,
    TopUpAgreement,
)


def _table(model: Any) -> Table:
    return cast(Table, model.__table__)


commands = _table(CommandRecord).c
sequences = _table(ChangeSequence).c
accounts = _table(Account).c
cards = _table(Card).c
caps = _table(DailyCap).c
spends = _table(DailySpend).c

STORED_OUTCOMES = select(
    commands.command_id,
    commands.content_hash,
    commands.status,
    commands.code,
    commands.message,
    commands.seq,
    commands.result,
).where(commands.command_id.in_(bindparam("command_ids", expanding=True)))

#: Takes the school's writer lock (the row lock) and reads the feed and audit heads.
LOCK_HEAD = (
    update(_table(ChangeSequence))
    .where(sequences.school_id == bindparam("b_school_id"))
    .values(last_seq=sequences.last_seq)
    .returning(sequences.last_seq, sequences.audit_index, sequences.audit_hash)
)

SET_HEAD = (
    update(_table(ChangeSequence))
    .where(sequences.school_id == bindparam("b_school_id"))
    .values(
        last_seq=bindparam("b_seq"),
        audit_index=bindparam("b_index"),
        audit_hash=bindparam("b_hash"),
    )
)

POLICY = select(
    _table(School).c.replacement_fee_ore,
    _table(School).c.payout_approval_threshold_ore,
    _table(School).c.max_deposit_ore,
).where(_table(School).c.id == bindparam("school_id"))

STAFF_ROLE = select(_table(Staff).c.role).where(
    _table(Staff).c.school_id == bindparam("school_id"),
    _table(Staff).c.username == bindparam("username"),
    _table(Staff).c.active.is_(True),
)

#: The tables whose rows a command adds and nobody reads during its group: ``bulk``
#: inserts them many at a time.
COMMANDS = _table(CommandRecord)
AUDIT_EVENTS = _table(AuditEvent)
TRANSACTIONS = _table(LedgerTransaction)
ENTRIES = _table(LedgerEntry)

MOVE_BALANCE = (
    update(_table(Account))
    .where(accounts.id == bindparam("b_account_id"))
    .values(balance_ore=accounts.balance_ore + bindparam("b_amount"), seq=bindparam("b_seq"))
    .returning(accounts.balance_ore)
)

MOVE_TWO_BALANCES_QUIETLY = (
    update(_table(Account))
    .where(
        accounts.id.in_([bindparam("b_first", type_=Uuid()), bindparam("b_second", type_=Uuid())])
    )
    .values(
        balance_ore=accounts.balance_ore
        + case(
            (
                accounts.id == bindparam("b_first", type_=Uuid()),
                bindparam("b_first_amount", type_=BigInteger),
            ),
            else_=bindparam("b_second_amount", type_=BigInteger),
        ),
        seq=bindparam("b_seq"),
    )
)
MOVE_TWO_BALANCES = MOVE_TWO_BALANCES_QUIETLY.returning(accounts.id, accounts.balance_ore)

#: What purchases decide on, per card of the school: one query for a group's cards.
PURCHASE_FACTS = (
    select(
        cards.card_number,
        cards.status,
        cards.student_id,
        accounts.id,
        accounts.balance_ore,
        caps.daily_cap_ore,
        spends.spent_ore,
    )
    .join(_table(Account), accounts.student_id == cards.student_id)
    .outerjoin(_table(DailyCap), caps.student_id == cards.student_id)
    .outerjoin(
        _table(DailySpend),
        (spends.student_id == cards.student_id) & (spends.day == bindparam("day")),
    )
    .where(
        cards.school_id == bindparam("school_id"),
        cards.card_number.in_(bindparam("card_numbers", expanding=True)),
    )
)

INSERT_SPEND = insert(_table(DailySpend)).inline()
ADD_SPEND = (
    update(_table(DailySpend))
    .where(spends.student_id == bindparam("b_student_id"), spends.day == bindparam("b_day"))
    .values(spent_ore=spends.spent_ore + bindparam("b_amount"), seq=bindparam("b_seq"))
)

ACTIVE_AGREEMENT = select(
    _table(TopUpAgreement).c.amount_ore, _table(TopUpAgreement).c.payment_ref
).where(
    _table(TopUpAgreement).c.student_id == bindparam("student_id"),
    _table(TopUpAgreement).c.status == "active",
)

students = _table(Student).c
agreements = _table(TopUpAgreement).c

#: Students of a school with their wallets, for deposits: one query for a group's students.
STUDENT_WALLETS = (
    select(
        students.id,
        students.status,
        students.name,
        accounts.id,
        accounts.balance_ore,
        exists()
        .where(agreements.student_id == students.id, agreements.status == "waiting")
        .label("agreement_waits"),
    )
    .join(_table(Account), accounts.student_id == students.id)
    .where(
        students.id.in_(bindparam("student_ids", expanding=True)),
        students.school_id == bindparam("school_id"),
    )
)

START_WAITING_AGREEMENT = (
    update(_table(TopUpAgreement))
    .where(agreements.student_id == bindparam("b_student_id"), agreements.status == "waiting")
    .values(status="active", activated_at=bindparam("b_now"), seq=bindparam("b_seq"))
)

#: Writes whose results nobody reads. On PostgreSQL they travel in the connection's pipeline
#: and reach the server together with the next statement that needs an answer, or the commit.
DEFERRABLE = frozenset(
    {
        MOVE_TWO_BALANCES_QUIETLY,
        INSERT_SPEND,
        ADD_SPEND,
        START_WAITING_AGREEMENT,
        SET_HEAD,
    }
)
