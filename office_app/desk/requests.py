"""What a member of staff asks the desk to do: one frozen, named request per action.

A screen builds one from what was typed (already checked by the dialog) and posts it up; the
app hands it to a worker thread, which calls ``office_app.desk.perform.perform``. Nothing here
does any work or imports a framework.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from office_app.desk.approvals import ApprovalLine, ReversibleTxn
    from office_app.desk.bank_file import BankFilePlan
    from office_app.desk.day_end import ClosedDay
    from office_app.desk.fields import PayoutForm
    from office_app.desk.leavers import LeaverLine
    from office_app.desk.queries import StudentRow
    from office_app.desk.roster import RosterPlan


@dataclass(frozen=True)
class Deposit:
    """Cash handed over at the desk; the office gives it the next receipt number."""

    student: StudentRow
    amount_ore: int


@dataclass(frozen=True)
class BlockCard:
    card_number: str
    reason: str


@dataclass(frozen=True)
class ReactivateCard:
    card_number: str


@dataclass(frozen=True)
class ReplaceCard:
    """A new card for an old one; ``waiver_reason`` None charges the fee, text waives it."""

    old_card_number: str
    new_card_number: str
    fee_ore: int
    waiver_reason: str | None


@dataclass(frozen=True)
class SetCap:
    """A daily cap in øre, or None for no cap."""

    student: StudentRow
    daily_cap_ore: int | None


@dataclass(frozen=True)
class PrintStatement:
    student: StudentRow
    first: dt.date
    last: dt.date


@dataclass(frozen=True)
class CancelAgreement:
    """Stop the child's automatic top-up for the parent."""

    student: StudentRow


@dataclass(frozen=True)
class PrintHouseholdStatement:
    """One document with the statement of each child of ``student``'s household."""

    student: StudentRow
    first: dt.date
    last: dt.date


@dataclass(frozen=True)
class RequestPayout:
    student: StudentRow
    form: PayoutForm


@dataclass(frozen=True)
class RequestReversal:
    txn: ReversibleTxn
    reason: str


@dataclass(frozen=True)
class Decide:
    """Approve or reject a payout or reversal another member of staff asked for."""

    line: ApprovalLine
    approve: bool
    reason: str = ""


@dataclass(frozen=True)
class WriteBankFile:
    """The approved payouts of a confirmed plan into one bank file for the school's bank."""

    plan: BankFilePlan


@dataclass(frozen=True)
class CloseDay:
    """The cash counted in the drawer at day end, why it differs when it does, the float the
    drawer started with, and the colleague who checked the count (a username, or empty)."""

    counted_ore: int
    reason: str
    opening_float_ore: int = 0
    checked_by: str = ""


@dataclass(frozen=True)
class ReprintReceipt:
    """A copy of a receipt given earlier, marked as a copy."""

    receipt_no: str


@dataclass(frozen=True)
class ReopenDayEnd:
    """An earlier day end's saved report, opened again (and printed when a printer is set)."""

    closed: ClosedDay


@dataclass(frozen=True)
class MoveToSibling:
    leaver: LeaverLine
    sibling_id: uuid.UUID
    amount_ore: int
    consent: str


@dataclass(frozen=True)
class KeepLeaverMoney:
    leaver: LeaverLine
    reason: str


@dataclass(frozen=True)
class ApplyRoster:
    """A class list's plan; with bad rows, ``left_out`` confirms how many are left out."""

    plan: RosterPlan
    left_out: int | None = None


@dataclass(frozen=True)
class ChangePassword:
    """The signed-in staff member's own password: the current one and the new one twice.

    Kept out of ``repr``, so no log of messages ever shows them.
    """

    current: str = field(repr=False)
    new: str = field(repr=False)
    repeated: str = field(repr=False)


Request = (
    Deposit
    | BlockCard
    | ReactivateCard
    | ReplaceCard
    | SetCap
    | PrintStatement
    | CancelAgreement
    | PrintHouseholdStatement
    | RequestPayout
    | RequestReversal
    | Decide
    | WriteBankFile
    | CloseDay
    | ReprintReceipt
    | ReopenDayEnd
    | MoveToSibling
    | KeepLeaverMoney
    | ApplyRoster
    | ChangePassword
)


@dataclass(frozen=True)
class Performed:
    """What became of a request, in the member of staff's language; ``failed`` when nothing
    was done (the message then says why)."""

    message: str
    failed: bool = False
