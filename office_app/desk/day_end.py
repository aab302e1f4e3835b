"""Day end at the cash drawer: what each staff member took in cash today at this office, the
opening float, the expected total, the counted amount and the difference with its reason, who
counted and who checked the count.

The figures come from this office's own cash deposits (the outbox keeps who took each one,
sent or still waiting; a deposit the ledger refused took the cash all the same, so it counts
towards what the drawer holds and is named apart as refused). Closing writes an audit
event with every figure, in the office's hash chain, and the day's cash report
(office_app.reports) with the count and the reason, saved and printed like every printout.
Earlier day ends are read back from those events, and their saved reports opened again.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Engine, select

from models import AuditEvent, Staff
from office_app.db import make_sessionmaker, reading
from office_app.desk.actions import Desk
from office_app.domain.audit import readable_details
from office_app.domain.localtime import day_bounds, local_date
from office_app.i18n import language, tr
from office_app.reports.cash_pdf import DayEndRenderer
from office_app.reports.cash_queries import day_end_report
from office_app.reports.data import DayEndReport
from office_app.reports.printing import (
    STATEMENTS_FOLDER,
    PrintOutcome,
    day_end_file_name,
    save_and_print,
    save_pdf,
)
from office_app.reports.queries import ReportError
from office_app.sync.outbox import OFFICE_CHAIN, append_audit

CLOSE_ACTION = "dayend.close"


@dataclass(frozen=True)
class DrawerDay:
    """Today's cash day (the one model the dialog, the audit event and the report read), the
    counts already recorded for it, and the school's staff (username to full name) who may
    check a count."""

    cash: DayEndReport
    closed_before: tuple[dict[str, object], ...]
    staff_names: dict[str, str] = dataclasses.field(default_factory=dict)

    @property
    def day(self) -> dt.date:
        return self.cash.day

    @property
    def expected_ore(self) -> int:
        """The day's cash deposits; the drawer holds these and its opening float."""
        return self.cash.deposits_ore


@dataclass(frozen=True)
class DrawerClosed:
    day: dt.date
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
        staff_names = {
            username: display_name or username
            for username, display_name in session.execute(
                select(Staff.username, Staff.display_name).where(Staff.active.is_(True))
            )
        }
    return DrawerDay(cash, tuple(closed), staff_names)


def close_day(
    desk: Desk,
    counted_ore: int,
    reason: str,
    *,
    opening_float_ore: int = 0,
    checked_by: str = "",
) -> tuple[DrawerClosed, PrintOutcome]:
    """Save the day's cash report, record the count in the audit chain with the report's file
    name (so the day end can be reopened later), then print the report when a printer is set.

    The drawer should hold its opening float and the day's deposits; ``checked_by`` is the
    username of the colleague who checked the count, or empty for a report signed by hand.
    """
    now = desk.clock()
    today = drawer_day(desk.engine, now)
    cash = dataclasses.replace(today.cash, opening_float_ore=opening_float_ore)
    closed = DrawerClosed(
        cash.day,
        cash.expected_ore,
        counted_ore,
        reason,
        desk.staff,
        now,
        opening_float_ore,
        checked_by,
    )
    names = today.staff_names
    counted = dataclasses.replace(
        cash,
        counted_ore=counted_ore,
        difference_reason=reason,
        closed_by=names.get(desk.staff, desk.staff),
        checked_by=names.get(checked_by, checked_by),
        closed_at=now,
    )
    renderer = DayEndRenderer(language())
    pdf = renderer.render(counted, created_at=now)
    file_name = day_end_file_name(cash.day, language())
    # Saved before it is recorded, so that the record names the file a reopening shows.
    saved = save_pdf(pdf, file_name, desk.data_dir, language())
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
                "opening_float_ore": opening_float_ore,
                "checked_by": checked_by,
                "by_staff": {staff.staff: staff.total_ore for staff in cash.by_staff},
                "file": saved.name,
            },
            now=now,
        )
    outcome = save_and_print(
        pdf,
        saved.name,
        data_dir=desk.data_dir,
        printer=desk.printer,
        language=language(),
        title=f"{renderer.texts['day_end']} {cash.day:%d.%m.%Y}",
    )
    return closed, outcome


@dataclass(frozen=True)
class ClosedDay:
    """A day end recorded in this office's chain: its figures as counted, and the report's
    file in the data folder (empty for a day end recorded without one)."""

    day: dt.date
    closed_at: dt.datetime
    closed_by: str
    expected_ore: int
    counted_ore: int
    difference_ore: int
    reason: str
    opening_float_ore: int
    checked_by: str
    file_name: str


def closed_days(engine: Engine, limit: int = 400) -> list[ClosedDay]:
    """The day ends recorded at this office, newest first."""
    with make_sessionmaker(reading(engine))() as session:
        names = {
            username: display or username
            for username, display in session.execute(select(Staff.username, Staff.display_name))
        }
        rows = session.execute(
            select(
                AuditEvent.details, AuditEvent.personal, AuditEvent.occurred_at, AuditEvent.staff
            )
            .where(AuditEvent.chain == OFFICE_CHAIN, AuditEvent.action == CLOSE_ACTION)
            .order_by(AuditEvent.chain_index.desc())
            .limit(limit)
        ).all()
    found = []
    for details, personal, occurred_at, staff in rows:
        figures = readable_details(details, personal)
        checker = str(figures.get("checked_by") or "")
        found.append(
            ClosedDay(
                dt.date.fromisoformat(str(figures["day"])),
                occurred_at,
                names.get(staff or "", staff or ""),
                _ore(figures, "expected_ore"),
                _ore(figures, "counted_ore"),
                _ore(figures, "difference_ore"),
                str(figures.get("reason") or ""),
                _ore(figures, "opening_float_ore"),
                names.get(checker, checker),
                str(figures.get("file") or ""),
            )
        )
    return found


def _ore(figures: dict[str, object], key: str) -> int:
    return int(str(figures.get(key) or 0))


def reopen(desk: Desk, closed: ClosedDay) -> PrintOutcome:
    """The saved report of a day end, found again and sent to the printer when one is set."""
    path = desk.data_dir / STATEMENTS_FOLDER / closed.file_name
    if not closed.file_name or not path.is_file():
        raise ReportError(tr("dayend.history_missing", day=closed.day.strftime("%d.%m.%Y")))
    return save_and_print(
        path.read_bytes(),
        closed.file_name,
        data_dir=desk.data_dir,
        printer=desk.printer,
        language=language(),
        title=path.stem,
    )
