"""Carry out one request from the desk: do the work, decide about printing, word the outcome.

Runs in a worker thread and blocks; framework-free. Input the desk refuses (FieldProblem)
and what the local database or the disk refuse come back as a failed ``Performed`` with one
sentence in the member of staff's language: nothing is half done (each action is one local
transaction) and no traceback reaches the screen.
"""

from __future__ import annotations

from sqlalchemy.exc import SQLAlchemyError

from office_app.desk import approvals, day_end, leavers, printouts
from office_app.desk.actions import Desk
from office_app.desk.bank_file import BankFilePlan, describe_outcome, make_bank_file
from office_app.desk.fields import FieldProblem
from office_app.desk.requests import (
    ApplyRoster,
    BlockCard,
    CloseDay,
    Decide,
    Deposit,
    KeepLeaverMoney,
    MoveToSibling,
    Performed,
    PrintStatement,
    ReactivateCard,
    ReplaceCard,
    Request,
    RequestPayout,
    RequestReversal,
    SetCap,
    WriteBankFile,
)
from office_app.desk.roster import apply
from office_app.desk.wording import txn_text
from office_app.i18n import money, tr
from office_app.reports.printing import SaveError
from office_app.reports.queries import ReportError


def perform(desk: Desk | None, request: Request) -> Performed:
    """Do what ``request`` asks at ``desk`` (None while nobody is signed in)."""
    try:
        if desk is None:
            raise FieldProblem(tr("login.no_staff"))
        return Performed(_perform(desk, request))
    except FieldProblem as problem:
        return Performed(str(problem), failed=True)
    except (SQLAlchemyError, OSError, ValueError) as error:
        return Performed(tr("app.error", reason=str(error).splitlines()[0]), failed=True)


def _printed(make: printouts.Printout) -> str:
    """Save (and print) a document; what happened, in words. A document that cannot be made
    or saved is said, never raised: the action it belongs to is already done."""
    try:
        return make().message
    except (SaveError, ReportError) as error:
        return str(error)


def _perform(desk: Desk, request: Request) -> str:
    match request:
        case Deposit(student, amount_ore, receipt_no):
            queued = desk.deposit(student.student_id, amount_ore, receipt_no)
            done = tr(
                "deposit.done", amount=money(amount_ore), name=student.name, receipt=receipt_no
            )
            if student.status == "left":
                done += " " + tr("deposit.left", name=student.name)
            printed = _printed(lambda: printouts.receipt(desk, queued.command_id))
            return f"{done} {printed}"
        case PrintStatement(student, first, last):
            return _printed(lambda: printouts.statement(desk, student.student_id, first, last))
        case BlockCard(card_number, reason):
            desk.block(card_number, reason)
            return tr("block.done", number=card_number, reason=tr(f"block.reason.{reason}").lower())
        case ReactivateCard(card_number):
            desk.reactivate(card_number)
            return tr("reactivate.done", number=card_number)
        case ReplaceCard(old, new, fee_ore, waiver):
            desk.replace(old, new, fee_ore, waiver)
            fee = (
                tr("replace.done_waived") if waiver else tr("replace.done_fee", fee=money(fee_ore))
            )
            return tr("replace.done", old=old, new=new, fee=fee)
        case SetCap(student, None):
            desk.set_cap(student.student_id, None)
            return tr("cap.cleared", name=student.name)
        case SetCap(student, daily_cap_ore):
            desk.set_cap(student.student_id, daily_cap_ore)
            return tr("cap.done", name=student.name, cap=money(daily_cap_ore or 0))
        case RequestPayout(student, form):
            approvals.request_payout(desk, student.student_id, form)
            return tr("payout.done", amount=money(form.amount_ore), name=student.name)
        case RequestReversal(txn, reason):
            approvals.request_reversal(desk, txn.txn_id, reason)
            return tr("reversal.done", what=txn_text(txn))
        case Decide(line, approve, reason):
            approvals.decide(desk, line, approve, reason)
            key = "approvals.approved" if approve else "approvals.rejected"
            return tr(key, what=approvals.describe(line))
        case WriteBankFile(plan):
            return _bank_file(desk, plan)
        case CloseDay(counted_ore, reason, opening_float_ore, checked_by):
            closed, report = day_end.close_day(
                desk,
                counted_ore,
                reason,
                opening_float_ore=opening_float_ore,
                checked_by=checked_by,
            )
            return tr(
                "dayend.done",
                counted=money(closed.counted_ore),
                difference=money(closed.difference_ore),
                printed=report.message,
            )
        case MoveToSibling(leaver, sibling_id, amount_ore, consent):
            leavers.move_to_sibling(desk, leaver, sibling_id, amount_ore, consent)
            sibling = next(name for sid, name, _ in leaver.siblings if sid == sibling_id)
            return tr("leavers.moved", amount=money(amount_ore), name=leaver.name, sibling=sibling)
        case KeepLeaverMoney(leaver, reason):
            leavers.keep(desk, leaver, reason)
            return tr("leavers.kept_done", name=leaver.name)
        case ApplyRoster(roster_plan, left_out):
            count = apply(
                desk.engine,
                desk.school_id,
                desk.device_id,
                roster_plan,
                staff=desk.staff,
                now=desk.clock(),
                left_out=left_out,
            )
            return tr("roster.queued", count=count)


def _bank_file(desk: Desk, plan: BankFilePlan) -> str:
    """Write the file and queue its payouts as sent; the sync worker brings the ledger's
    answer, and the file gets its name then (the app says so)."""
    outcomes = make_bank_file(desk, desk.data_dir / "bank", plan, lambda: None)
    said = [describe_outcome(outcome) for outcome in outcomes]
    if plan.left_for_next:
        said.append(tr("bankfile.more", count=plan.left_for_next))
    return " ".join(said)
