"""Export of what the school owes to whom: every child's balance and the whole ledger history.

Two CSV files the Danish way, as Excel and LibreOffice open them by a double click: UTF-8 with
a BOM, ``;`` between fields, Danish column headings, a decimal comma and no thousands
separator (``1234,50``), so every amount is exact to the øre; each amount is also given in øre
as a whole number for other programs. Times are local Danish time as a spreadsheet reads a
date and time (``2026-11-11 07:30:00``), with the offset from UTC in a column of its own
(``UTC+01:00``), so the moment stays exact across the daylight-saving changes. Kinds, statuses,
account kinds and the ledger's texts are in Danish (each kind also by its code). A text field
that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is prefixed with ``'``
so a spreadsheet shows it as text instead of running it as a formula.

- ``balances.csv``: one row per child: external id, name, class, status, balance.
- ``ledger.csv``: one row per ledger entry, in ledger order: the transaction (id, kind, times,
  text, its child, the transaction it reverses) and the entry (account, account kind, the
  account's child, amount). The entries of each account sum to its balance.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, Engine, func, select
from sqlalchemy.orm import aliased

from models import Account, LedgerEntry, LedgerTransaction, Student
from office_app.db import reading
from office_app.domain.localtime import LOCAL
from office_app.domain.money import format_plain
from office_app.i18n.ledger_texts import ledger_text
from office_app.i18n.printed import DANISH

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

BALANCE_COLUMNS = (
    "Elev-id",
    "Navn",
    "Klasse",
    "Status",
    "Saldo (kr.)",
    "Saldo (øre)",
    "Elevens nøgle",
)
LEDGER_COLUMNS = (
    "Transaktion",
    "Bogført",
    "Bogført, UTC-forskydning",
    "Sket",
    "Sket, UTC-forskydning",
    "Art",
    "Art (kode)",
    "Tekst",
    "Elev-id",
    "Elev",
    "Konto",
    "Kontoart",
    "Kontoens elev-id",
    "Beløb (kr.)",
    "Beløb (øre)",
    "Tilbagefører",
    "Kommando",
)
STATUSES = {"active": "aktiv", "left": "udmeldt"}
ACCOUNT_KINDS = {
    "wallet": "elevkonto",
    "cash_drawer": "kasse",
    "provider_clearing": "betalingsudbyder, mellemregning",
    "canteen_revenue": "kantinesalg",
    "fee_revenue": "gebyrer",
    "payout_clearing": "udbetalinger, mellemregning",
    "bank": "bank",
    "suspense": "uafklarede beløb",
}


@dataclass(frozen=True)
class ExportSummary:
    children: int
    entries: int
    owed_ore: int
    balances_path: Path
    ledger_path: Path


def neutralise(text: str) -> str:
    """Text a spreadsheet will show, never evaluate."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def local_time(moment: dt.datetime) -> tuple[str, str]:
    """A moment as a Danish spreadsheet reads it, local time, and its offset from UTC written
    so that a spreadsheet keeps it as text (``UTC+01:00``; a bare ``+01:00`` becomes a time)."""
    local = moment.astimezone(LOCAL)
    offset = local.strftime("%z")
    return f"{local:%Y-%m-%d %H:%M:%S}", f"UTC{offset[:3]}:{offset[3:]}"


def _write(path: Path, header: Iterable[str], rows: Iterable[Iterable[object]]) -> int:
    """Write the file whole or not at all: to a temporary name first, then renamed."""
    partial = path.with_name(path.name + ".partial")
    count = 0
    with partial.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        writer.writerow(header)
        for row in rows:
            writer.writerow(row)
            count += 1
    os.replace(partial, path)
    return count


def _balance_rows(
    connection: Connection, school_id: uuid.UUID, owed: list[int]
) -> Iterator[list[object]]:
    for row in connection.execute(
        select(
            Student.id,
            Student.external_ref,
            Student.name,
            Student.class_label,
            Student.status,
            func.coalesce(Account.balance_ore, 0),
        )
        .outerjoin(Account, Account.student_id == Student.id)
        .where(Student.school_id == school_id)
        .order_by(Student.class_label, Student.name, Student.id)
    ):
        student_id, ref, name, class_label, status, balance = row
        owed[0] += balance
        yield [
            neutralise(ref),
            neutralise(name),
            neutralise(class_label),
            STATUSES.get(status, status),
            format_plain(balance),
            balance,
            str(student_id),
        ]


def _ledger_rows(connection: Connection, school_id: uuid.UUID) -> Iterator[list[object]]:
    txn_student = aliased(Student)
    account_student = aliased(Student)
    query = (
        select(
            LedgerTransaction.id,
            LedgerTransaction.posted_at,
            LedgerTransaction.occurred_at,
            LedgerTransaction.kind,
            LedgerTransaction.text,
            txn_student.external_ref,
            txn_student.name,
            Account.id,
            Account.kind,
            account_student.external_ref,
            LedgerEntry.amount_ore,
            LedgerTransaction.reverses_txn_id,
            LedgerTransaction.command_id,
        )
        .join(LedgerEntry, LedgerEntry.txn_id == LedgerTransaction.id)
        .join(Account, Account.id == LedgerEntry.account_id)
        .outerjoin(txn_student, txn_student.id == LedgerTransaction.student_id)
        .outerjoin(account_student, account_student.id == Account.student_id)
        .where(LedgerTransaction.school_id == school_id)
        .order_by(
            LedgerTransaction.seq,
            LedgerTransaction.posted_at,
            LedgerTransaction.id,
            LedgerEntry.id,
        )
    )
    for row in connection.execute(query):
        (txn_id, posted, occurred, kind, text, ref, name, account_id, account_kind) = row[:9]
        account_ref, amount, reverses, command_id = row[9:]
        yield [
            str(txn_id),
            *local_time(posted),
            *local_time(occurred),
            DANISH.kind(kind),
            kind,
            neutralise(ledger_text(text or "", "da")),
            neutralise(ref or ""),
            neutralise(name or ""),
            str(account_id),
            ACCOUNT_KINDS.get(account_kind, account_kind),
            neutralise(account_ref or ""),
            format_plain(amount),
            amount,
            str(reverses) if reverses else "",
            str(command_id),
        ]


def export(engine: Engine, school_id: uuid.UUID, folder: Path) -> ExportSummary:
    """Write ``balances.csv`` and ``ledger.csv`` for the school into ``folder``.

    Both are read in one transaction, so they show the same moment even while sync runs.
    """
    folder.mkdir(parents=True, exist_ok=True)
    owed = [0]
    balances_path, ledger_path = folder / "balances.csv", folder / "ledger.csv"
    with reading(engine).connect() as connection, connection.begin():
        children = _write(
            balances_path, BALANCE_COLUMNS, _balance_rows(connection, school_id, owed)
        )
        entries = _write(ledger_path, LEDGER_COLUMNS, _ledger_rows(connection, school_id))
    return ExportSummary(children, entries, owed[0], balances_path, ledger_path)
