"""Cash receipts and the day-end cash report from a real office replica and outbox."""

from __future__ import annotations

import datetime as dt
import itertools
import shutil
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from sqlalchemy import Engine, update

from models import Staff
from office_app.db import make_engine, make_sessionmaker
from office_app.ledger.embedded import embedded_server
from office_app.reports import (
    DayEndRenderer,
    ReceiptRenderer,
    ReportError,
    StatementRenderer,
    cash_receipt,
    cash_receipt_by_number,
    day_end_report,
    statement,
)
from office_app.reports.layout import ELLIPSIS
from office_app.sync.outbox import record
from office_app.sync.puller import pull
from office_app.sync.sender import send_pending
from tests.pdf_text import TextRun, page_texts, text_runs
from tests.world import World, make_world

MORNING = dt.datetime(2026, 11, 24, 7, 5, tzinfo=dt.UTC)  # 08:05 in Copenhagen
LONG_NAME = "Valdemar-Æbeltoft Østergaard-Kristiansen " * 4 + "Ågesen"


def runs_baseline(runs: list[TextRun], text: str) -> float:
    return next(run.baseline for run in runs if run.text == text)


@dataclass
class Office:
    world: World
    replica: Engine
    client: httpx.Client

    def deposit(
        self, student: uuid.UUID, amount_ore: int, receipt_no: str, staff: str, at: dt.datetime
    ) -> uuid.UUID:
        payload = {"student_id": student, "amount_ore": amount_ore, "receipt_no": receipt_no}
        queued = record(
            self.replica,
            self.world.school_id,
            self.world.office.id,
            "deposit.cash",
            payload,
            staff=staff,
            now=at,
        )
        return queued.command_id

    def sync(self) -> None:
        send_pending(self.replica, self.client, now=MORNING)
        pull(self.replica, self.client)


@pytest.fixture
def office(sqlite_engine: Engine, sqlite_template: Path, tmp_path: Path) -> Iterator[Office]:
    world = make_world(sqlite_engine)
    with make_sessionmaker(sqlite_engine).begin() as session:
        session.execute(
            update(Staff).where(Staff.username == "hanne").values(display_name="Hanne Sørensen")
        )
    shutil.copy(sqlite_template, tmp_path / "office.db")
    replica = make_engine(str(tmp_path / "office.db"))
    headers = {"Authorization": f"Bearer {world.tokens['office']}"}
    with (
        embedded_server(sqlite_engine, clock=world.clock) as url,
        httpx.Client(base_url=url, headers=headers) as client,
    ):
        yield Office(world, replica, client)
    replica.dispose()


def test_a_receipt_says_pending_until_the_ledger_has_the_deposit(office: Office) -> None:
    student = office.world.add_student("Åse Østergård", "3.A")
    office.world.deposit(student, 2500)
    pull(office.replica, office.client)
    command_id = office.deposit(student, 20000, "K-000017", "hanne", MORNING)

    with make_sessionmaker(office.replica)() as session:
        pending = cash_receipt(session, command_id)
    assert (pending.state, pending.balance_ore) == ("pending", None)
    text = page_texts(ReceiptRenderer().render(pending))[0]
    for words in (
        "Kvittering for kontant indbetaling",
        "K-000017",
        "Åse Østergård",
        "3.A",
        "200,00 kr.",
        "afventer synkronisering",
        "Hanne Sørensen",
        "24.11.2026 08:05",
        "Side 1 af 1",
    ):
        assert words in text, words

    office.sync()
    with make_sessionmaker(office.replica)() as session:
        applied = cash_receipt_by_number(session, "K-000017")
    assert (applied.state, applied.balance_ore) == ("applied", 22500)
    text = page_texts(ReceiptRenderer().render(applied))[0]
    assert "Ny saldo" in text and "225,00 kr." in text
    assert "afventer" not in text
    english = page_texts(ReceiptRenderer("en").render(applied))[0]
    assert "Receipt for cash deposit" in english and "225.00 kr." in english
    assert ReceiptRenderer().render(applied) == ReceiptRenderer().render(applied)


def test_a_statement_mentions_cash_that_is_not_yet_synced(office: Office) -> None:
    student = office.world.add_student("Freja Nielsen", "5.B")
    pull(office.replica, office.client)
    office.deposit(student, 15000, "K-7", "hanne", MORNING)
    november = (dt.date(2026, 11, 1), dt.date(2026, 11, 30))

    with make_sessionmaker(office.replica)() as session:
        before = statement(session, student, *november)
    assert before.lines == () and before.pending_deposits_ore == 15000
    text = page_texts(StatementRenderer().render(before))[0]
    assert "Kontant indbetalt 150,00 kr. afventer synkronisering" in text

    office.sync()
    with make_sessionmaker(office.replica)() as session:
        after = statement(session, student, *november)
    assert [line.amount_ore for line in after.lines] == [15000]
    assert after.pending_deposits_ore == 0
    assert "afventer" not in page_texts(StatementRenderer().render(after))[0]


def test_an_unknown_receipt_is_named(office: Office) -> None:
    with make_sessionmaker(office.replica)() as session:
        with pytest.raises(ReportError, match="receipt: no cash deposit with receipt number"):
            cash_receipt_by_number(session, "K-999")
        with pytest.raises(ReportError, match="receipt: no cash deposit"):
            cash_receipt(session, uuid.uuid4())


def test_the_day_end_report_adds_up_the_drawer_by_staff_member(office: Office) -> None:
    world = office.world
    freja = world.add_student("Freja Nielsen", "5.B")
    long_named = world.add_student(LONG_NAME, "5.B")
    pull(office.replica, office.client)
    office.deposit(freja, 10000, "K-1", "hanne", MORNING)
    office.deposit(long_named, 5050, "K-2", "hanne", MORNING + dt.timedelta(hours=2))
    office.deposit(freja, 20000, "K-3", "ole", MORNING + dt.timedelta(hours=3))
    evening_before = MORNING - dt.timedelta(hours=10)  # 22:05 on the 23rd in Copenhagen
    office.deposit(freja, 99900, "K-4", "hanne", evening_before)
    office.sync()
    office.deposit(freja, 1234, "K-5", "ole", MORNING + dt.timedelta(hours=15, minutes=30))

    with make_sessionmaker(office.replica)() as session:
        report = day_end_report(session, dt.date(2026, 11, 24))
        empty = day_end_report(session, dt.date(2026, 11, 20))
    assert [(staff.staff_name, staff.total_ore) for staff in report.by_staff] == [
        ("Hanne Sørensen", 15050),
        ("Ole Madsen", 21234),
    ]
    assert report.expected_ore == 36284 and report.deposit_count == 4
    assert [deposit.state for deposit in report.by_staff[1].deposits] == ["applied", "pending"]

    pdf = DayEndRenderer().render(report)
    text = page_texts(pdf)[0]
    for words in (
        "Kasseopgørelse",
        "24.11.2026",
        "Hanne Sørensen",
        "I alt Hanne Sørensen",
        "150,50",
        "212,34",
        "Forventet i kassen",
        "362,84 kr.",
        "Optalt",
        "Difference",
        "Underskrift",
        "afventer synkronisering",
        "bogført",
        "23:35",  # 22:35 UTC is 23:35 in Copenhagen, still the 24th
    ):
        assert words in text, words
    assert "K-4" not in text and "998,00" not in text
    runs = text_runs(pdf)
    name = next(run for run in runs if run.text.startswith("Valdemar"))
    state = min(run.left for run in runs if run.text == "Status")
    assert name.text.endswith(ELLIPSIS) and name.right < state
    header = sorted(
        (run for run in runs if run.baseline == runs_baseline(runs, "Kvittering")),
        key=lambda run: run.left,
    )
    assert [run.text for run in header] == ["Kl.", "Kvittering", "Elev", "Status", "Beløb (kr.)"]
    for left, right in itertools.pairwise(header):
        assert left.right < right.left  # column headings never run into each other

    empty_text = page_texts(DayEndRenderer().render(empty))[0]
    assert "Ingen kontante indbetalinger denne dag." in empty_text
    assert "0,00 kr." in empty_text


def test_a_day_with_a_refused_deposit_is_one_cash_day_in_the_dialog_the_audit_and_the_pdf(
    office: Office, tmp_path: Path
) -> None:
    """Cash the ledger refused was still handed over: the drawer holds it, and the dialog's
    figures, the audit event and the printed report all say so, and how much."""
    from office_app.desk.actions import Desk
    from office_app.desk.audit_log import AuditFilter, audit_lines
    from office_app.desk.day_end import close_day, drawer_day

    world = office.world
    freja = world.add_student("Freja Nielsen", "5.B")
    world.set_policy(max_deposit_ore=100_000)
    pull(office.replica, office.client)
    office.deposit(freja, 20_000, "K-1", "hanne", MORNING)
    office.deposit(freja, 150_000, "K-2", "ole", MORNING + dt.timedelta(hours=1))  # over the max
    office.sync()
    evening = MORNING + dt.timedelta(hours=8)

    drawer = drawer_day(office.replica, evening)
    with make_sessionmaker(office.replica)() as session:
        report = day_end_report(session, drawer.day)
    assert drawer.cash == report
    assert [d.state for staff in report.by_staff for d in staff.deposits] == ["applied", "rejected"]
    assert (report.expected_ore, report.refused_ore) == (170_000, 150_000)

    desk = Desk(
        office.replica, world.school_id, world.office.id, "ole", lambda: evening, tmp_path, None
    )
    closed, printed = close_day(desk, 170_000, "")
    assert (closed.expected_ore, closed.difference_ore) == (170_000, 0)
    event = audit_lines(office.replica, AuditFilter(staff="ole"))[0]
    assert event.action == "dayend.close"
    assert (event.details["expected_ore"], event.details["refused_ore"]) == (170_000, 150_000)
    assert event.details["by_staff"] == {"hanne": 20_000, "ole": 150_000}
    text = "\n".join(page_texts(printed.path.read_bytes()))
    assert "Forventet i kassen\n1.700,00 kr.\nHeraf afvist af hovedbogen\n1.500,00 kr." in text
