"""Printed output: statements, cash receipts and the day-end cash report, as PDF.

Queries read the office replica into plain dataclasses; renderers turn those into PDF bytes;
:mod:`office_app.reports.printing` saves them and sends them to the printer.
"""

from office_app.reports.cash_pdf import DayEndRenderer, ReceiptRenderer
from office_app.reports.cash_queries import cash_receipt, cash_receipt_by_number, day_end_report
from office_app.reports.data import CashReceipt, DayEndReport, Statement, StatementLine
from office_app.reports.printing import (
    PrintOutcome,
    SaveError,
    day_end_file_name,
    receipt_file_name,
    save_and_print,
    statement_file_name,
)
from office_app.reports.queries import (
    ReportError,
    find_class,
    find_household,
    find_student,
    find_student_by_card,
    statement,
    statements,
)
from office_app.reports.statement_pdf import StatementRenderer

__all__ = [
    "CashReceipt",
    "DayEndRenderer",
    "DayEndReport",
    "PrintOutcome",
    "ReceiptRenderer",
    "ReportError",
    "SaveError",
    "Statement",
    "StatementLine",
    "StatementRenderer",
    "cash_receipt",
    "cash_receipt_by_number",
    "day_end_file_name",
    "day_end_report",
    "find_class",
    "find_household",
    "find_student",
    "find_student_by_card",
    "receipt_file_name",
    "save_and_print",
    "statement",
    "statement_file_name",
    "statements",
]
