"""Statement benchmark: query plus PDF for one child, a class, and 500 statements in one PDF.

A school's history is made through the real ledger engine in a SQLite file: 30 children in
one class, 60 wallet movements each. It prints

* one statement of 60 transactions, database query included: median ms (target <= 20 ms);
* a class of 30 statements into one PDF, queries included: seconds;
* 500 statements into one PDF against plain ReportLab drawing the same tables (same font,
  column widths and row heights, no page header, footer or page numbers) in the same run,
  the two taking turns: the ratio of median CPU times (target <= 2.0).

Run: ``make bench-statements`` (or ``.venv/bin/python bench/statements_bench.py``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, SimpleDocTemplate, Table, TableStyle

from office_app.db import make_engine, make_sessionmaker, migrate, reading
from office_app.domain.commands import make_command
from office_app.domain.money import format_amount
from office_app.i18n.printed import DANISH
from office_app.ledger.context import DeviceRef
from office_app.ledger.directory import add_device, add_staff, authenticate, create_school
from office_app.ledger.engine import Ledger
from office_app.reports import Statement, StatementRenderer, statement, statements
from office_app.reports.layout import FONT, register_fonts

FIRST, LAST = dt.date(2026, 11, 1), dt.date(2026, 11, 30)
START = dt.datetime(2026, 11, 2, 7, 0, tzinfo=dt.UTC)


class History:
    """A class of children with a month of deposits and canteen purchases."""

    def __init__(self, folder: Path, children: int, movements: int) -> None:
        self.engine = make_engine(str(folder / "ledger.db"))
        migrate(self.engine)
        self.now = START
        school_id = create_school(
            self.engine, "Skovbo Skole", clock=self.clock, address="Skolevej 1, 4000 Roskilde"
        )
        add_staff(self.engine, school_id, "hanne", "admin", "bench-password", clock=self.clock)
        self.office = self._device(school_id, "office")
        self.terminal = self._device(school_id, "terminal")
        self.ledger = Ledger(self.engine, clock=self.clock)
        self.sequence = 0
        self.student_ids = [self._child(index, movements) for index in range(children)]

    def clock(self) -> dt.datetime:
        """The history's simulated time."""
        return self.now

    def _device(self, school_id: uuid.UUID, kind: str) -> DeviceRef:
        device = authenticate(
            self.engine, add_device(self.engine, school_id, kind, kind, clock=self.clock).token
        )
        assert device is not None
        return device

    def send(self, device: DeviceRef, command_type: str, payload: dict[str, Any]) -> None:
        self.sequence += 1
        staff = "hanne" if device is self.office else None
        command = make_command(
            command_type, payload, occurred_at=self.now, device_seq=self.sequence, staff=staff
        )
        result = self.ledger.apply_one(device, command)
        assert result.status == "applied", result

    def _child(self, index: int, movements: int) -> uuid.UUID:
        student_id = uuid.uuid4()
        card = f"{7_000_000 + index}"
        self.now = START
        self.send(
            self.office,
            "student.upsert",
            {
                "student_id": student_id,
                "external_ref": f"B{index}",
                "name": f"Barn {index:02d} Østergård",
                "class_label": "5.B",
                "guardians": [{"name": "Forælder", "email": f"f{index}@example.dk"}],
            },
        )
        self.send(self.office, "card.issue", {"student_id": student_id, "card_number": card})
        for number in range(movements):
            self.now += dt.timedelta(hours=9)
            if number % 10 == 0:
                payload = {"student_id": student_id, "amount_ore": 50000, "receipt_no": "K"}
                self.send(self.office, "deposit.cash", payload)
            else:
                payload = {"card_number": card, "amount_ore": 2500 + number}
                self.send(self.terminal, "purchase", payload)
        return student_id


def plain_reportlab(batch: list[Statement]) -> bytes:
    """The same transaction and totals tables drawn with bare ReportLab."""
    output = io.BytesIO()
    document = SimpleDocTemplate(output, pagesize=A4, invariant=1)
    widths = [30 * mm, 92 * mm, 26 * mm, 26 * mm]
    story: list[Any] = []
    for data in batch:
        rows = [["Dato", "Tekst", "Beløb (kr.)", "Saldo (kr.)"]]
        rows += [
            [
                DANISH.moment(line.posted_at),
                DANISH.kind(line.kind),
                format_amount(line.amount_ore),
                format_amount(line.balance_ore),
            ]
            for line in data.lines
        ]
        table = Table(rows, colWidths=widths, rowHeights=[13.0] * len(rows), repeatRows=1)
        table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), FONT, 8.5)]))
        totals = [
            [DANISH.kind(t.kind), str(t.count), format_amount(t.amount_ore)] for t in data.totals
        ]
        total_table = Table(totals, colWidths=[122 * mm, 26 * mm, 26 * mm])
        total_table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), FONT, 8.5)]))
        story += [table, total_table, PageBreak()]
    document.build(story)
    return output.getvalue()


@dataclass
class Times:
    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)


def interleaved(
    first: Callable[[], object], second: Callable[[], object], pairs: int
) -> tuple[Times, Times]:
    """Run two actions in turn, so that load from other work on the machine hits both alike.

    CPU time of this process is reported next to wall time: on a shared machine it is the
    fairer comparison.
    """
    times = (Times(), Times())
    for _ in range(pairs):
        for action, record in ((first, times[0]), (second, times[1])):
            wall, cpu = time.perf_counter(), time.process_time()
            action()
            record.wall.append(time.perf_counter() - wall)
            record.cpu.append(time.process_time() - cpu)
    return times


def timed(action: Callable[[], object], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30, help="runs of the one-child figure")
    parser.add_argument("--pairs", type=int, default=5, help="runs of the 500-statement figure")
    args = parser.parse_args()
    register_fonts()
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        history = History(Path(folder), children=30, movements=60)
        print(f"history: 30 children x 60 movements made in {time.perf_counter() - started:.1f} s")
        sessions = make_sessionmaker(reading(history.engine))
        renderer = StatementRenderer()
        first_child = history.student_ids[0]

        def one() -> bytes:
            with sessions() as session:
                return renderer.render(statement(session, first_child, FIRST, LAST))

        with sessions() as session:
            assert len(statement(session, first_child, FIRST, LAST).lines) == 60
        one()  # warm up fonts and statement caches
        single = timed(one, args.repeat)
        median_ms = statistics.median(single) * 1000
        print(
            f"one statement, 60 transactions, query included: median {median_ms:.1f} ms"
            f" (best {min(single) * 1000:.1f} ms, target <= 20 ms)"
        )

        def whole_class() -> bytes:
            with sessions() as session:
                return renderer.render(statements(session, history.student_ids, FIRST, LAST))

        class_times = timed(whole_class, 3)
        print(
            f"a class of 30 into one PDF, queries included: {statistics.median(class_times):.2f} s"
        )

        with sessions() as session:
            loaded = statements(session, history.student_ids, FIRST, LAST)
        batch = [loaded[index % len(loaded)] for index in range(500)]
        ours, plain = interleaved(
            lambda: renderer.render(batch), lambda: plain_reportlab(batch), pairs=args.pairs
        )
        ratio = statistics.median(ours.cpu) / statistics.median(plain.cpu)
        print(
            f"500 statements into one PDF: {statistics.median(ours.wall):.2f} s wall,"
            f" {statistics.median(ours.cpu):.2f} s CPU; plain ReportLab"
            f" {statistics.median(plain.wall):.2f} s wall,"
            f" {statistics.median(plain.cpu):.2f} s CPU;"
            f" ratio {ratio:.2f} by CPU time (target <= 2.0)"
        )
        history.engine.dispose()


if __name__ == "__main__":
    main()
