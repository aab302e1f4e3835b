"""Cash receipts and the day-end drawer report, read from the office's own outbox.

The outbox holds every deposit this office took, sent or not, so the drawer report counts
the cash in the drawer even while the ledger is out of reach.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import OutboxCommand, School, Staff, Student, SyncState
from office_app.reports.data import (
    CashReceipt,
    DayEndReport,
    DrawerDeposit,
    SchoolHeader,
    StaffDeposits,
)
from office_app.reports.queries import ReportError, local_span

DEPOSIT = "deposit.cash"


def school_header(session: Session) -> SchoolHeader:
    """The school this office belongs to (the replica holds one)."""
    columns = (School.name, School.address, School.cvr, School.contact)
    row = session.execute(
        select(*columns).join(SyncState, SyncState.school_id == School.id).where(SyncState.id == 1)
    ).one_or_none()
    if row is None:
        row = session.execute(select(*columns).order_by(School.id)).first()
    if row is None:
        raise ReportError("school: the office's data has no school yet; sync first")
    return SchoolHeader(*row)


def _staff_names(session: Session) -> dict[str, str]:
    return {
        username: display_name or username
        for username, display_name in session.execute(select(Staff.username, Staff.display_name))
    }


def _students(session: Session, ids: set[uuid.UUID]) -> dict[uuid.UUID, tuple[str, str]]:
    if not ids:
        return {}
    rows = session.execute(
        select(Student.id, Student.name, Student.class_label).where(Student.id.in_(ids))
    )
    return {student_id: (name, class_label) for student_id, name, class_label in rows}


def _student_id(payload: dict[str, Any]) -> uuid.UUID:
    return uuid.UUID(str(payload["student_id"]))


def cash_receipt(session: Session, command_id: uuid.UUID) -> CashReceipt:
    """The receipt for the cash deposit the office queued as ``command_id``."""
    row = session.get(OutboxCommand, command_id)
    if row is None or row.type != DEPOSIT:
        raise ReportError(f"receipt: no cash deposit {command_id} in this office's outbox")
    return _receipt(session, row)


def cash_receipt_by_number(session: Session, receipt_no: str) -> CashReceipt:
    """The receipt with this number, for a reprint."""
    number = receipt_no.strip()
    row = session.scalars(
        select(OutboxCommand)
        .where(
            OutboxCommand.type == DEPOSIT,
            OutboxCommand.payload["receipt_no"].as_string() == number,
        )
        .order_by(OutboxCommand.device_seq)
        .limit(1)
    ).first()
    if row is not None:
        return _receipt(session, row)
    raise ReportError(f"receipt: no cash deposit with receipt number {number!r}")


def _receipt(session: Session, row: OutboxCommand) -> CashReceipt:
    student_id = _student_id(row.payload)
    name, class_label = _students(session, {student_id}).get(student_id, (str(student_id), ""))
    balance_ore = (row.result or {}).get("balance_ore") if row.state == "applied" else None
    return CashReceipt(
        school=school_header(session),
        receipt_no=str(row.payload["receipt_no"]),
        student_name=name,
        class_label=class_label,
        amount_ore=int(row.payload["amount_ore"]),
        balance_ore=None if balance_ore is None else int(balance_ore),
        state=row.state,
        staff_name=_staff_names(session).get(row.staff or "", row.staff or ""),
        taken_at=row.occurred_at,
        message=row.message or "",
    )


def day_end_report(session: Session, day: dt.date) -> DayEndReport:
    """Every cash deposit this office took on ``day`` (local time), by staff member."""
    start, end = local_span(day, day)
    rows = list(
        session.scalars(
            select(OutboxCommand)
            .where(
                OutboxCommand.type == DEPOSIT,
                OutboxCommand.occurred_at >= start,
                OutboxCommand.occurred_at < end,
            )
            .order_by(OutboxCommand.occurred_at, OutboxCommand.device_seq)
        )
    )
    students = _students(session, {_student_id(row.payload) for row in rows})
    staff_names = _staff_names(session)
    by_staff: dict[str, list[DrawerDeposit]] = defaultdict(list)
    for row in rows:
        student_id = _student_id(row.payload)
        by_staff[row.staff or ""].append(
            DrawerDeposit(
                taken_at=row.occurred_at,
                receipt_no=str(row.payload["receipt_no"]),
                student_name=students.get(student_id, (str(student_id), ""))[0],
                amount_ore=int(row.payload["amount_ore"]),
                state=row.state,
            )
        )
    return DayEndReport(
        school=school_header(session),
        day=day,
        by_staff=tuple(
            StaffDeposits(staff, staff_names.get(staff, staff), tuple(deposits))
            for staff, deposits in sorted(by_staff.items())
        ),
    )
