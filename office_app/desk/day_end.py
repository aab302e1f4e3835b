"""Day end at the cash drawer: what each staff member took in cash today at this office, the
expected total, the counted amount and the difference with its reason.

The figures come from this office's own cash deposits (the outbox keeps who took each one,
sent or still waiting; a deposit the ledger refused took the cash all the same, so it counts
towards what the drawer holds and is named apart as refused). Closing writes an audit
event with every figure, in the office's hash chain, and the day's cash report
(office_app.reports) with the count and the reason, saved and printed like every printout.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Engine, select

from models import AuditEvent
from office_app.db import make_sessionmaker, reading
from office_app.desk.actions import Desk
from office_app.domain.audit import readable_details
from office_app.domain.localtime import day_bounds, local_date
from office_app.i18n import language
from office_app.reports.cash_pdf import DayEndRenderer
from office_app.reports.cash_queries import day_end_report
from office_app.reports.data import DayEndReport
from office_app.reports.printing import PrintOutcome, day_end_file_name, save_and_print
from office_app.sync.outbox import OFFICE_CHAIN, append_audit

CLOSE_ACTION = "dayend.close"


@dataclass(frozen=True)
class DrawerDay:
    """Today's cash day (the one model the dialog, the audit event and the report read) and
    the counts already recorded for it."""

    cash: DayEndReport
    closed_before: tuple[dict[str, object], ...]

    @property
    def day(self) -> dt.date:
        return self.cash.day

    @property
    def expected_ore(self) -> int:
        return self.cash.expected_ore


@dataclass(frozen=True)
class DrawerClosed:
    day: dt.date
    expected_ore: int
    counted_ore: int
    reason: str
    closed_by: str
    closed_at: dt.datetime

    @property
    def difference_ore(self) -> int:
        return self.counted_ore - self.expected_ore


def drawer_day(engine: Engine, now: dt.datetime) -> DrawerDay:
    """Today's (Europe/Copenhagen) cash deposits at this office, by staff member."""
    day = local_date(now)
    start, end = day_bounds(day)
    with make_sessionmaker(reading(engine))() as session:
        cash = day_end_report(session, day)
        closed = [
            readable_details(details, personal)
            for details, personal in session.execute(
                select(AuditEvent.details, AuditEvent.personal)
                .where(
                    AuditEvent.chain == OFFICE_CHAIN,
                    AuditEvent.action == CLOSE_ACTION,
                    AuditEvent.occurred_at >= start,
                    AuditEvent.occurred_at < end,
                )
                .order_by(AuditEvent.chain_index)
            )
        ]
    return DrawerDay(cash, tuple(closed))


def close_day(desk: Desk, counted_ore: int, reason: str) -> tuple[DrawerClosed, PrintOutcome]:
    """Record the count in the audit chain, then save (and print) the day's cash report."""
    now = desk.clock()
    today = drawer_day(desk.engine, now)
    cash = today.cash
    closed = DrawerClosed(cash.day, cash.expected_ore, counted_ore, reason, desk.staff, now)
    with desk.engine.begin() as connection:
        append_audit(
            connection,
            desk.school_id,
            desk.device_id,
            staff=desk.staff,
            action=CLOSE_ACTION,
            details={
                "day": cash.day.isoformat(),
                "expected_ore": closed.expected_ore,
                "refused_ore": cash.refused_ore,
                "counted_ore": counted_ore,
                "difference_ore": closed.difference_ore,
                "reason": reason,
                "by_staff": {staff.staff: staff.total_ore for staff in cash.by_staff},
            },
            now=now,
        )
    counted = dataclasses.replace(
        cash, counted_ore=counted_ore, difference_reason=reason, closed_by=desk.staff
    )
    outcome = save_and_print(
        DayEndRenderer(language()).render(counted),
        day_end_file_name(cash.day, language()),
        data_dir=desk.data_dir,
        printer=desk.printer,
        language=language(),
    )
    return closed, outcome
