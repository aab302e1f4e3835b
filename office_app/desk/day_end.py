"""Day end at the cash drawer: what each staff member took in cash today at this office, the
opening float, the expected total, the counted amount and the difference with its reason, who
counted and who checked the count.

The figures come from this office's own cash deposits (the outbox keeps who took each one,
sent or still waiting; a deposit the ledger refused took no money). Closing writes an audit
event with every figure, in the office's hash chain, and the day's cash report
(office_app.reports) with the count and the reason, saved and printed like every printout.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, select

from models import AuditEvent, OutboxCommand, Staff
from office_app.db import reading
from office_app.desk.actions import Desk
from office_app.domain.localtime import day_bounds, local_date
from office_app.i18n import language
from office_app.sync.outbox import OFFICE_CHAIN, append_audit

if TYPE_CHECKING:
    from office_app.reports.printing import PrintOutcome

CLOSE_ACTION = "dayend.close"


@dataclass(frozen=True)
class StaffTakings:
    staff: str
    deposits: int
    total_ore: int


@dataclass(frozen=True)
class DrawerDay:
    """Today's deposits by staff member, earlier closings today, and the school's staff
    (username to full name) who may check the count."""

    day: dt.date
    takings: tuple[StaffTakings, ...]
    closed_before: tuple[dict[str, object], ...]
    staff_names: dict[str, str] = dataclasses.field(default_factory=dict)

    @property
    def expected_ore(self) -> int:
        """The day's cash deposits; the drawer holds these and its opening float."""
        return sum(taking.total_ore for taking in self.takings)


@dataclass(frozen=True)
class DrawerClosed:
    day: dt.date
    takings: tuple[StaffTakings, ...]
    expected_ore: int
    counted_ore: int
    reason: str
    closed_by: str
    closed_at: dt.datetime
    opening_float_ore: int = 0
    checked_by: str = ""

    @property
    def difference_ore(self) -> int:
        return self.counted_ore - self.expected_ore


def drawer_day(engine: Engine, now: dt.datetime) -> DrawerDay:
    """Today's (Europe/Copenhagen) cash deposits at this office, by staff member."""
    day = local_date(now)
    start, end = day_bounds(day)
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    with reading(engine).connect() as connection:
        for staff, payload in connection.execute(
            select(OutboxCommand.staff, OutboxCommand.payload).where(
                OutboxCommand.type == "deposit.cash",
                OutboxCommand.state != "rejected",
                OutboxCommand.occurred_at >= start,
                OutboxCommand.occurred_at < end,
            )
        ):
            totals[staff or ""][0] += 1
            totals[staff or ""][1] += int(payload["amount_ore"])
        closed = [
            details
            for details in connection.execute(
                select(AuditEvent.details)
                .where(
                    AuditEvent.chain == OFFICE_CHAIN,
                    AuditEvent.action == CLOSE_ACTION,
                    AuditEvent.occurred_at >= start,
                    AuditEvent.occurred_at < end,
                )
                .order_by(AuditEvent.chain_index)
            ).scalars()
        ]
        staff_names = {
            username: display_name or username
            for username, display_name in connection.execute(
                select(Staff.username, Staff.display_name).where(Staff.active.is_(True))
            )
        }
    takings = tuple(
        StaffTakings(staff, count, total) for staff, (count, total) in sorted(totals.items())
    )
    return DrawerDay(day, takings, tuple(closed), staff_names)


def close_day(
    desk: Desk,
    counted_ore: int,
    reason: str,
    *,
    data_dir: Path,
    printer: str | None,
    opening_float_ore: int = 0,
    checked_by: str = "",
) -> tuple[DrawerClosed, PrintOutcome]:
    """Record the count in the audit chain, then save (and print) the day's cash report.

    The drawer should hold its opening float and the day's deposits; ``checked_by`` is the
    username of the colleague who checked the count, or empty for a report to sign by hand.
    """
    from office_app.db import make_sessionmaker
    from office_app.reports.cash_pdf import DayEndRenderer
    from office_app.reports.cash_queries import day_end_report
    from office_app.reports.printing import day_end_file_name, save_and_print

    now = desk.clock()
    today = drawer_day(desk.engine, now)
    closed = DrawerClosed(
        today.day,
        today.takings,
        opening_float_ore + today.expected_ore,
        counted_ore,
        reason,
        desk.staff,
        now,
        opening_float_ore,
        checked_by,
    )
    with desk.engine.begin() as connection:
        append_audit(
            connection,
            desk.school_id,
            desk.device_id,
            staff=desk.staff,
            action=CLOSE_ACTION,
            details={
                "day": today.day.isoformat(),
                "expected_ore": closed.expected_ore,
                "counted_ore": counted_ore,
                "difference_ore": closed.difference_ore,
                "reason": reason,
                "opening_float_ore": opening_float_ore,
                "checked_by": checked_by,
                "by_staff": {t.staff: t.total_ore for t in today.takings},
            },
            now=now,
        )
    with make_sessionmaker(reading(desk.engine))() as session:
        report = day_end_report(session, today.day)
    names = today.staff_names
    counted = dataclasses.replace(
        report,
        counted_ore=counted_ore,
        difference_reason=reason,
        closed_by=names.get(desk.staff, desk.staff),
        checked_by=names.get(checked_by, checked_by),
        opening_float_ore=opening_float_ore,
        closed_at=now,
    )
    renderer = DayEndRenderer(language())
    pdf = renderer.render(counted, created_at=now)
    outcome = save_and_print(
        pdf,
        day_end_file_name(today.day, language()),
        data_dir=data_dir,
        printer=printer,
        language=language(),
        title=f"{renderer.texts['day_end']} {today.day:%d.%m.%Y}",
    )
    return closed, outcome
