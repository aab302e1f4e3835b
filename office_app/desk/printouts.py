"""The desk's documents: a cash deposit's receipt, a child's statement and a household's,
made from the replica, saved where staff can find them and printed when a printer is set."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable

from office_app.db import make_sessionmaker, reading
from office_app.desk.actions import Desk
from office_app.desk.people import household_ids
from office_app.domain.localtime import local_date
from office_app.i18n import language, tr
from office_app.reports.cash_pdf import ReceiptRenderer
from office_app.reports.cash_queries import cash_receipt
from office_app.reports.printing import (
    PrintOutcome,
    receipt_file_name,
    save_and_print,
    statement_file_name,
)
from office_app.reports.queries import statement as statement_data
from office_app.reports.queries import statements as statements_data
from office_app.reports.statement_pdf import StatementRenderer

#: A document to save and print, made when called.
Printout = Callable[[], PrintOutcome]


def receipt(desk: Desk, command_id: uuid.UUID) -> PrintOutcome:
    """The cash receipt of a queued deposit."""
    with make_sessionmaker(reading(desk.engine))() as session:
        found = cash_receipt(session, command_id)
    renderer = ReceiptRenderer(language())
    return save_and_print(
        renderer.render(found, created_at=desk.clock()),
        receipt_file_name(found.receipt_no, language()),
        data_dir=desk.data_dir,
        printer=desk.printer,
        language=language(),
        title=f"{renderer.texts['receipt']} {found.receipt_no}",
        paper="A5",
    )


def statement(desk: Desk, student_id: uuid.UUID, first: dt.date, last: dt.date) -> PrintOutcome:
    """A child's statement for a period."""
    now = desk.clock()
    with make_sessionmaker(reading(desk.engine))() as session:
        wanted = statement_data(session, student_id, first, last, local_date(now))
    renderer = StatementRenderer(language())
    subject = f"{wanted.class_label} {wanted.student_name}"
    return save_statements(desk, renderer.render(wanted, created_at=now), subject, first, last)


def household_statement(
    desk: Desk, student_id: uuid.UUID, first: dt.date, last: dt.date
) -> PrintOutcome:
    """One document with the statement of every child of the household, each on its own
    pages, in name order: what a parent with several children at the school is handed."""
    now = desk.clock()
    with make_sessionmaker(reading(desk.engine))() as session:
        children = household_ids(session.connection(), student_id)
        wanted = statements_data(session, children, first, last, local_date(now))
    renderer = StatementRenderer(language())
    named = next((found for found in wanted if found.student_id == student_id), wanted[0])
    subject = f"{tr('household.title')} {named.student_name}"
    return save_statements(desk, renderer.render(wanted, created_at=now), subject, first, last)


def save_statements(
    desk: Desk, pdf: bytes, subject: str, first: dt.date, last: dt.date
) -> PrintOutcome:
    """Save (and print) statements of ``subject`` (a child, a class, a household) for the
    period, under a name that says whose and when, with a job title that says the same."""
    texts = StatementRenderer(language()).texts
    return save_and_print(
        pdf,
        statement_file_name(subject, first, last, language()),
        data_dir=desk.data_dir,
        printer=desk.printer,
        language=language(),
        title=f"{texts['statement']} {subject}",
    )
