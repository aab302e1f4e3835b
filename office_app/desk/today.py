"""What this office did today: the cash receipts it gave (for a reprint marked "KOPI"), and
one staff member's own work, each with the ledger's answer so far.

Both come from the office's outbox, which keeps every command made here with who made it,
when, and its state (``pending`` until the ledger decides, then ``applied`` or ``rejected``),
so they are complete while the ledger is out of reach too.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, select

from models import OutboxCommand, Staff, Student
from office_app.db import make_sessionmaker, reading
from office_app.desk.actions import Desk
from office_app.domain.localtime import day_bounds, local_date
from office_app.i18n import language
from office_app.reports.cash_pdf import ReceiptRenderer
from office_app.reports.cash_queries import DEPOSIT, cash_receipt_by_number
from office_app.reports.printing import PrintOutcome, receipt_file_name, save_and_print


@dataclass(frozen=True)
class ReceiptLine:
    """One cash receipt given today; ``state`` is the outbox state of its deposit."""

    receipt_no: str
    student_name: str
    class_label: str
    amount_ore: int
    staff_name: str
    taken_at: dt.datetime
    state: str


@dataclass(frozen=True)
class WorkLine:
    """One command a staff member made today: its type and payload (for wording), the child
    it was about when it names one, its state and the ledger's code when refused."""

    at: dt.datetime
    command_type: str
    payload: dict[str, Any]
    student_name: str
    state: str
    code: str


def _today(engine: Engine, now: dt.datetime, *conditions: Any) -> list[OutboxCommand]:
    start, end = day_bounds(local_date(now))
    with make_sessionmaker(reading(engine))() as session:
        rows = session.scalars(
            select(OutboxCommand)
            .where(OutboxCommand.occurred_at >= start, OutboxCommand.occurred_at < end, *conditions)
            .order_by(OutboxCommand.device_seq)
        ).all()
        session.expunge_all()
    return list(rows)


def _names(engine: Engine, payloads: list[dict[str, Any]]) -> dict[str, tuple[str, str]]:
    """Child id (as text) to name and class, for the payloads that name a child."""
    ids = {str(p["student_id"]) for p in payloads if p.get("student_id")}
    if not ids:
        return {}
    with reading(engine).connect() as connection:
        rows = connection.execute(
            select(Student.id, Student.name, Student.class_label).where(
                Student.id.in_([uuid.UUID(text) for text in ids])
            )
        )
        return {str(sid): (name or "", label or "") for sid, name, label in rows}


def receipts_today(engine: Engine, now: dt.datetime) -> list[ReceiptLine]:
    """Every cash receipt this office gave today (Europe/Copenhagen), in the order given."""
    rows = _today(engine, now, OutboxCommand.type == DEPOSIT)
    names = _names(engine, [row.payload for row in rows])
    with reading(engine).connect() as connection:
        staff = {
            username: display or username
            for username, display in connection.execute(select(Staff.username, Staff.display_name))
        }
    return [
        ReceiptLine(
            str(row.payload["receipt_no"]),
            *names.get(str(row.payload["student_id"]), (str(row.payload["student_id"]), "")),
            int(row.payload["amount_ore"]),
            staff.get(row.staff or "", row.staff or ""),
            row.occurred_at,
            row.state,
        )
        for row in rows
    ]


def work_today(engine: Engine, now: dt.datetime, staff: str) -> list[WorkLine]:
    """What ``staff`` did today at this office, in the order done, with each one's state."""
    rows = _today(engine, now, OutboxCommand.staff == staff)
    names = _names(engine, [row.payload for row in rows])
    return [
        WorkLine(
            row.occurred_at,
            row.type,
            dict(row.payload),
            names.get(str(row.payload.get("student_id", "")), ("", ""))[0],
            row.state,
            row.code or "",
        )
        for row in rows
    ]


def reprint_receipt(desk: Desk, receipt_no: str) -> PrintOutcome:
    """A copy of a receipt given earlier, marked as a copy on the page, with the ledger's
    balance when it has applied the deposit since."""
    with make_sessionmaker(reading(desk.engine))() as session:
        found = cash_receipt_by_number(session, receipt_no)
    renderer = ReceiptRenderer(language(), copy=True)
    return save_and_print(
        renderer.render(found, created_at=desk.clock()),
        receipt_file_name(found.receipt_no, language(), copy=True),
        data_dir=desk.data_dir,
        printer=desk.printer,
        language=language(),
        title=f"{renderer.texts['receipt']} {found.receipt_no} ({renderer.texts['copy']})",
        paper="A5",
    )
