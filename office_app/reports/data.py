"""The plain data a printed document is made from: frozen dataclasses, amounts in øre.

Queries build these from the office replica; renderers turn them into PDF. Neither side
holds a database session or a live ORM row.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass


@dataclass(frozen=True)
class SchoolHeader:
    """The school as every printout names it at the top: name, address, CVR and contact."""

    name: str
    address: str
    cvr: str = ""
    contact: str = ""


@dataclass(frozen=True)
class StatementLine:
    """One movement on the child's wallet; ``balance_ore`` is the balance right after it.

    ``kind`` is the ledger transaction kind; for a reversal, ``reversed_kind`` and
    ``reversed_at`` say what was reversed.
    """

    txn_id: uuid.UUID
    posted_at: dt.datetime
    kind: str
    amount_ore: int
    balance_ore: int
    ledger_text: str = ""
    reversed_kind: str | None = None
    reversed_at: dt.datetime | None = None
    #: For a payout's lines, the account it went to, masked ("1234 ****5678").
    account: str = ""


@dataclass(frozen=True)
class KindTotal:
    kind: str
    count: int
    amount_ore: int


@dataclass(frozen=True)
class DeclinedLine:
    """A purchase the canteen refused: no money moved, but a parent may ask why."""

    occurred_at: dt.datetime
    amount_ore: int
    code: str


@dataclass(frozen=True)
class Statement:
    """A child's wallet over a period of whole local days, ``period_from`` to ``period_to``.

    ``pending_deposits_ore`` is cash this office took in the period that the ledger has not
    confirmed yet: not a line (the ledger has not applied it), but said under the table.
    """

    school: SchoolHeader
    student_id: uuid.UUID
    student_name: str
    class_label: str
    period_from: dt.date
    period_to: dt.date
    opening_balance_ore: int
    closing_balance_ore: int
    lines: tuple[StatementLine, ...]
    totals: tuple[KindTotal, ...]
    declined: tuple[DeclinedLine, ...] = ()
    pending_deposits_ore: int = 0
    #: The day it was made (part of what is printed, so a reprint of the same day matches).
    issued_on: dt.date | None = None
    #: The child's guardians, to whom the statement is addressed.
    addressees: tuple[str, ...] = ()
    #: The child's cards with their states (active, blocked, replaced), the active one first.
    cards: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class CashReceipt:
    """A cash deposit as the office recorded it.

    ``balance_ore`` is the ledger's new balance once it has applied the deposit, ``None``
    while the deposit waits in the outbox. ``state`` is the outbox state: ``pending``,
    ``applied`` or ``rejected`` (then ``message`` says why).
    """

    school: SchoolHeader
    receipt_no: str
    student_name: str
    class_label: str
    amount_ore: int
    balance_ore: int | None
    state: str
    staff_name: str
    taken_at: dt.datetime
    message: str = ""


@dataclass(frozen=True)
class DrawerDeposit:
    taken_at: dt.datetime
    receipt_no: str
    student_name: str
    amount_ore: int
    state: str


@dataclass(frozen=True)
class StaffDeposits:
    """The cash one member of staff took: ``staff`` the username, ``staff_name`` as printed."""

    staff: str
    staff_name: str
    deposits: tuple[DrawerDeposit, ...]

    @property
    def total_ore(self) -> int:
        return sum(deposit.amount_ore for deposit in self.deposits)

    @property
    def refused_ore(self) -> int:
        return sum(d.amount_ore for d in self.deposits if d.state == "rejected")


@dataclass(frozen=True)
class DayEndReport:
    """The cash this office took on one local day, by staff member: the one model of a cash
    day, which the day-end dialog, its audit event and the printed report all read.

    Every deposit taken is in the drawer, so each counts towards what is expected there; one
    the ledger refused took the cash all the same and waits on the needs-attention list, so
    ``refused_ore`` says how much of the expected total that is.

    Without a count the report leaves room to write the counted amount and the difference by
    hand; with one (``counted_ore``, ``closed_by`` who counted, ``checked_by`` who checked the
    count, ``closed_at``) it prints them, with the reason for any difference. Names are staff
    members' full names.
    """

    school: SchoolHeader
    day: dt.date
    by_staff: tuple[StaffDeposits, ...]
    counted_ore: int | None = None
    difference_reason: str = ""
    closed_by: str = ""
    #: The change the drawer started the day with; expected = float + the day's deposits.
    opening_float_ore: int = 0
    checked_by: str = ""
    closed_at: dt.datetime | None = None

    @property
    def difference_ore(self) -> int | None:
        return None if self.counted_ore is None else self.counted_ore - self.expected_ore

    @property
    def deposits_ore(self) -> int:
        return sum(staff.total_ore for staff in self.by_staff)

    @property
    def expected_ore(self) -> int:
        return self.opening_float_ore + self.deposits_ore

    @property
    def refused_ore(self) -> int:
        return sum(staff.refused_ore for staff in self.by_staff)

    @property
    def deposit_count(self) -> int:
        return sum(len(staff.deposits) for staff in self.by_staff)
