"""Carry out one request from the desk: do the work, decide about printing, word the outcome.

Runs in a worker thread and blocks; framework-free. A command is queued, sync is asked to run
at once, and while the office is online the desk waits a few seconds for the ledger's answer,
so that what it says is already true: "the card is blocked" only once the ledger has the block,
"will be blocked once the office is online again" while it has not, and the ledger's refusal
in words when it refused. Input the desk refuses (FieldProblem) and what the local database or
the disk refuse come back as a failed ``Performed``; nothing is half done (each action is one
local transaction) and no traceback reaches the screen.
"""

from __future__ import annotations

import traceback
import uuid
from collections.abc import Callable

from sqlalchemy.exc import SQLAlchemyError

from office_app.desk import approvals, day_end, leavers, printouts, today
from office_app.desk.actions import Decision, Desk, await_decision
from office_app.desk.bank_file import BankFilePlan, describe_outcome, make_bank_file
from office_app.desk.fields import FieldProblem
from office_app.desk.password import change_own_password
from office_app.desk.requests import (
    ApplyRoster,
    BlockCard,
    CancelAgreement,
    ChangePassword,
    CloseDay,
    Decide,
    Deposit,
    KeepLeaverMoney,
    MoveToSibling,
    Performed,
    PrintHouseholdStatement,
    PrintStatement,
    ReactivateCard,
    ReopenDayEnd,
    ReplaceCard,
    ReprintReceipt,
    Request,
    RequestPayout,
    RequestReversal,
    SetCap,
    WriteBankFile,
)
from office_app.desk.roster import apply
from office_app.desk.wording import describe, refusal, txn_text
from office_app.i18n import money, tr
from office_app.reports.printing import SaveError
from office_app.reports.queries import ReportError


def perform(
    desk: Desk | None, request: Request, sync_now: Callable[[], None] = lambda: None
) -> Performed:
    """Do what ``request`` asks at ``desk`` (None while nobody is signed in); ``sync_now``
    wakes the office's sync loop so that a queued command goes at once."""
    try:
        if desk is None:
            raise FieldProblem(tr("login.no_staff"))
        return _perform(desk, request, sync_now)
    except FieldProblem as problem:
        return Performed(str(problem), failed=True)
    except (SQLAlchemyError, OSError, ValueError):
        # Not the secretary's words: the details go to the crash log for support.
        from office_app.crash_log import log_error

        written = log_error(desk.data_dir, traceback.format_exc(), desk.clock()) if desk else None
        return Performed(tr("app.error", path=written or "-"), failed=True)


def _printed(make: printouts.Printout) -> str:
    """Save (and print) a document; what happened, in words. A document that cannot be made
    or saved is said, never raised: the action it belongs to is already done."""
    try:
        return make().message
    except (SaveError, ReportError) as error:
        return str(error)


def _worded(decided: Decision, done: str, queued: str) -> Performed:
    """``done`` once the ledger applied the command, ``queued`` while it waits to be sent or
    decided, the ledger's reason in words when it refused."""
    if decided.state == "applied":
        return Performed(done)
    if decided.state == "rejected":
        return Performed(tr("refused.sentence", reason=refusal(decided.code)), failed=True)
    return Performed(queued)


def _perform(desk: Desk, request: Request, sync_now: Callable[[], None]) -> Performed:
    def decided(command_id: uuid.UUID) -> Decision:
        return await_decision(desk.engine, command_id, sync_now)

    match request:
        case Deposit(student, amount_ore):
            queued, receipt_no = desk.deposit(student.student_id, amount_ore)
            outcome = decided(queued.command_id)
            done = tr(
                "deposit.done", amount=money(amount_ore), name=student.name, receipt=receipt_no
            )
            if student.status == "left":
                done += " " + tr("deposit.left", name=student.name)
            if outcome.state == "pending":
                done += " " + tr("deposit.pending")
            printed = _printed(lambda: printouts.receipt(desk, queued.command_id))
            return Performed(f"{done} {printed}")
        case PrintStatement(student, first, last):
            return Performed(
                _printed(lambda: printouts.statement(desk, student.student_id, first, last))
            )
        case PrintHouseholdStatement() | CancelAgreement():
            return _for_a_family(desk, request, decided)
        case BlockCard(card_number, reason):
            why = tr(f"block.reason.{reason}").lower()
            return _worded(
                decided(desk.block(card_number, reason).command_id),
                tr("block.done", number=card_number, reason=why),
                tr("block.queued", number=card_number, reason=why),
            )
        case ReactivateCard(card_number):
            return _worded(
                decided(desk.reactivate(card_number).command_id),
                tr("reactivate.done", number=card_number),
                tr("reactivate.queued", number=card_number),
            )
        case ReplaceCard(old, new, fee_ore, waiver):
            fee = (
                tr("replace.done_waived") if waiver else tr("replace.done_fee", fee=money(fee_ore))
            )
            return _worded(
                decided(desk.replace(old, new, fee_ore, waiver).command_id),
                tr("replace.done", old=old, new=new, fee=fee),
                tr("replace.queued", old=old, new=new),
            )
        case SetCap(student, daily_cap_ore):
            queued = desk.set_cap(student.student_id, daily_cap_ore)
            key = "cap.cleared" if daily_cap_ore is None else "cap.done"
            words = {"name": student.name, "cap": money(daily_cap_ore or 0)}
            return _worded(
                decided(queued.command_id), tr(key, **words), tr(f"{key}_queued", **words)
            )
        case RequestPayout(student, form):
            queued = approvals.request_payout(desk, student.student_id, form)
            outcome = decided(queued.command_id)
            amount = money(form.amount_ore)
            state = str(outcome.result.get("status", ""))
            done = tr(f"payout.done.{state or 'approved'}", amount=amount, name=student.name)
            return _worded(outcome, done, tr("payout.queued", amount=amount, name=student.name))
        case RequestReversal(txn, reason):
            return _worded(
                decided(approvals.request_reversal(desk, txn.txn_id, reason).command_id),
                tr("reversal.done", what=txn_text(txn)),
                tr("reversal.queued", what=txn_text(txn)),
            )
        case Decide(line, approve, reason):
            key = "approvals.approved" if approve else "approvals.rejected"
            what = describe(line)
            return _worded(
                decided(approvals.decide(desk, line, approve, reason).command_id),
                tr(key, what=what),
                tr(f"{key}_queued", what=what),
            )
        case WriteBankFile(plan):
            return Performed(_bank_file(desk, plan))
        case CloseDay(counted_ore, reason, opening_float_ore, checked_by):
            try:
                closed, report = day_end.close_day(
                    desk,
                    counted_ore,
                    reason,
                    opening_float_ore=opening_float_ore,
                    checked_by=checked_by,
                )
            except SaveError as error:  # nothing was recorded: the count can be given again
                return Performed(str(error), failed=True)
            return Performed(
                tr(
                    "dayend.done",
                    counted=money(closed.counted_ore),
                    difference=money(closed.difference_ore),
                    printed=report.message,
                )
            )
        case ReprintReceipt(receipt_no):
            return Performed(
                tr("receipts.reprinted", receipt=receipt_no)
                + " "
                + _printed(lambda: today.reprint_receipt(desk, receipt_no))
            )
        case ReopenDayEnd(closed):
            return Performed(_printed(lambda: day_end.reopen(desk, closed)))
        case MoveToSibling(leaver, sibling_id, amount_ore, consent):
            queued = leavers.move_to_sibling(desk, leaver, sibling_id, amount_ore, consent)
            sibling = next(name for sid, name, _ in leaver.siblings if sid == sibling_id)
            words = {"amount": money(amount_ore), "name": leaver.name, "sibling": sibling}
            return _worded(
                decided(queued.command_id),
                tr("leavers.moved", **words),
                tr("leavers.moved_queued", **words),
            )
        case KeepLeaverMoney(leaver, reason):
            leavers.keep(desk, leaver, reason)
            return Performed(tr("leavers.kept_done", name=leaver.name))
        case ChangePassword(current, new, repeated):
            change_own_password(desk, current, new, repeated)
            return Performed(tr("password.done"))
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
            sync_now()
            return Performed(tr("roster.queued", count=count))


def _for_a_family(
    desk: Desk,
    request: PrintHouseholdStatement | CancelAgreement,
    decided: Callable[[uuid.UUID], Decision],
) -> Performed:
    """A household's statement, or stopping a child's automatic top-up for the parent."""
    if isinstance(request, PrintHouseholdStatement):
        student_id, first, last = request.student.student_id, request.first, request.last
        return Performed(
            _printed(lambda: printouts.household_statement(desk, student_id, first, last))
        )
    student = request.student
    return _worded(
        decided(desk.cancel_agreement(student.student_id).command_id),
        tr("agreement.cancel_done", name=student.name),
        tr("agreement.cancel_queued", name=student.name),
    )


def _bank_file(desk: Desk, plan: BankFilePlan) -> str:
    """Write the file and queue its payouts as sent; the sync worker brings the ledger's
    answer, and the file gets its name then (the app says so)."""
    outcomes = make_bank_file(desk, desk.data_dir / "bank", plan, lambda: None)
    said = [describe_outcome(outcome) for outcome in outcomes]
    if plan.left_for_next:
        said.append(tr("bankfile.more", count=plan.left_for_next))
    return " ".join(said)
