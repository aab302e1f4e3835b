"""Leavers who still have money: pay it out, move it to a sibling, or keep it for now.

A decision to keep is written to the office's audit chain with its reason, so the list says
who decided and why; a payout or a move waiting in the outbox is shown as such.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import Engine, select

from models import Account, AuditEvent, OutboxCommand, Student
from office_app.db import reading
from office_app.desk.actions import Desk
from office_app.desk.fields import FieldProblem
from office_app.domain.audit import readable_details
from office_app.i18n import tr
from office_app.sync.outbox import OFFICE_CHAIN, QueuedCommand, append_audit, record

KEEP_ACTION = "leaver.keep"
MONEY_OUT = ("payout.request", "balance.transfer")


@dataclass(frozen=True)
class LeaverLine:
    student_id: uuid.UUID
    name: str
    class_label: str
    balance_ore: int
    siblings: tuple[tuple[uuid.UUID, str, str], ...]
    waiting: bool
    kept_reason: str


def leavers_with_money(engine: Engine) -> list[LeaverLine]:
    """Children marked as leaving whose wallet is not empty, by class and name."""
    with reading(engine).connect() as connection:
        leavers = connection.execute(
            select(
                Student.id,
                Student.name,
                Student.class_label,
                Student.household_id,
                Account.balance_ore,
            )
            .join(Account, Account.student_id == Student.id)
            .where(Student.status == "left", Account.balance_ore > 0)
            .order_by(Student.class_label, Student.name)
        ).all()
        households = {row.household_id for row in leavers if row.household_id is not None}
        members: dict[uuid.UUID, list[tuple[uuid.UUID, str, str]]] = defaultdict(list)
        for student_id, name, label, household in connection.execute(
            select(Student.id, Student.name, Student.class_label, Student.household_id).where(
                Student.household_id.in_(households), Student.status == "active"
            )
        ):
            if household is not None:
                members[household].append((student_id, name, label))
        waiting = {
            str(payload.get("student_id") or payload.get("from_student_id"))
            for payload in connection.execute(
                select(OutboxCommand.payload).where(
                    OutboxCommand.type.in_(MONEY_OUT), OutboxCommand.state == "pending"
                )
            ).scalars()
        }
        kept: dict[str, dict[str, object]] = {
            subject: readable_details(details, personal)
            for subject, details, personal in connection.execute(
                select(AuditEvent.subject, AuditEvent.details, AuditEvent.personal)
                .where(AuditEvent.chain == OFFICE_CHAIN, AuditEvent.action == KEEP_ACTION)
                .order_by(AuditEvent.chain_index)
            )
        }
    return [
        LeaverLine(
            row.id,
            row.name,
            row.class_label,
            row.balance_ore,
            tuple(
                sorted(
                    members.get(row.household_id, []) if row.household_id else [],
                    key=lambda member: member[1],
                )
            ),
            str(row.id) in waiting,
            str(kept.get(str(row.id), {}).get("reason", "")),
        )
        for row in leavers
    ]


def move_to_sibling(
    desk: Desk, leaver: LeaverLine, sibling_id: uuid.UUID, amount_ore: int, consent: str
) -> QueuedCommand:
    if sibling_id not in {sibling[0] for sibling in leaver.siblings}:
        raise FieldProblem(tr("leavers.not_sibling"))
    return record(
        desk.engine,
        desk.school_id,
        desk.device_id,
        "balance.transfer",
        {
            "from_student_id": str(leaver.student_id),
            "to_student_id": str(sibling_id),
            "amount_ore": amount_ore,
            "consent": consent,
        },
        staff=desk.staff,
        now=desk.clock(),
    )


def keep(desk: Desk, leaver: LeaverLine, reason: str) -> None:
    """Record that the money stays for now, and why."""
    words = " ".join(reason.split())
    if not words:
        raise FieldProblem(tr("approvals.reason_empty"))
    with desk.engine.begin() as connection:
        append_audit(
            connection,
            desk.school_id,
            desk.device_id,
            staff=desk.staff,
            action=KEEP_ACTION,
            subject=str(leaver.student_id),
            details={"balance_ore": leaver.balance_ore, "reason": words},
            now=desk.clock(),
        )
