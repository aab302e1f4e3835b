"""A class at the desk: its children with balance, daily cap and card, those low on money
marked, and the class's statements for a period as one PDF.

The low-balance mark uses the school's own threshold (``School.low_balance_threshold_ore``,
set by an administrator with ``ledger set-school --low-balance-threshold`` and replicated), so
the office and the parents' reminders agree on what "low" means.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Engine, select

from models import School, SyncState
from office_app.db import make_sessionmaker, reading
from office_app.desk.actions import Desk
from office_app.desk.printouts import save_statements
from office_app.desk.queries import StudentRow, student_rows
from office_app.domain.localtime import local_date
from office_app.i18n import language
from office_app.reports.printing import PrintOutcome
from office_app.reports.queries import ReportError, find_class, statement
from office_app.reports.statement_pdf import StatementRenderer

#: What a class statement reports as it goes: children done so far, and how many in all.
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class ClassList:
    """A class's children who have not left, by name, and the school's low-balance mark."""

    class_label: str
    children: tuple[StudentRow, ...]
    low_balance_ore: int

    def is_low(self, child: StudentRow) -> bool:
        return child.balance_ore < self.low_balance_ore

    @property
    def low_count(self) -> int:
        return sum(1 for child in self.children if self.is_low(child))

    @property
    def total_ore(self) -> int:
        return sum(child.balance_ore for child in self.children)


def low_balance_threshold(engine: Engine) -> int:
    """The school's low-balance threshold in øre, as the replica holds it."""
    with reading(engine).connect() as connection:
        threshold = connection.scalar(
            select(School.low_balance_threshold_ore)
            .join(SyncState, SyncState.school_id == School.id)
            .where(SyncState.id == 1)
        )
        if threshold is None:
            threshold = connection.scalar(select(School.low_balance_threshold_ore).limit(1))
    return int(threshold or 0)


def class_list(engine: Engine, class_label: str) -> ClassList:
    """The class ``class_label`` (as the replica writes it, e.g. ``5.B``); no children when
    the class has none."""
    with make_sessionmaker(reading(engine))() as session:
        try:
            ids = find_class(session, class_label)
        except ReportError:
            ids = []
    return ClassList(class_label, tuple(student_rows(engine, ids)), low_balance_threshold(engine))


def class_statements(
    desk: Desk,
    class_label: str,
    first: dt.date,
    last: dt.date,
    progress: Progress = lambda _done, _total: None,
) -> PrintOutcome:
    """Every child's statement of the class for the period in one PDF, each child on pages of
    its own; ``progress`` hears after each child (and once more when the PDF is made)."""
    now = desk.clock()
    with make_sessionmaker(reading(desk.engine))() as session:
        ids = find_class(session, class_label)
        total = len(ids) + 1
        batch = []
        for done, student_id in enumerate(ids, start=1):
            batch.append(statement(session, student_id, first, last, local_date(now)))
            progress(done, total)
    renderer = StatementRenderer(language())
    pdf = renderer.render(batch, created_at=now)
    progress(total, total)
    subject = f"{renderer.texts['class']} {class_label}"
    return save_statements(desk, pdf, subject, first, last)
