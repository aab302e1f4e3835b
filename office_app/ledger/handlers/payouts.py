"""Payouts to a parent's bank account, from request to the bank's answer.

Request reserves the money (wallet to payout clearing); a second admin approves above the
school's threshold; an approved payout goes into a bank file (``payout.send``: sent, not
paid); the bank's status report or an admin's confirmation makes it paid (``payout.settle``:
payout clearing to bank). An admin may reject it until it is sent; after that only the bank
can (``payout.bank_reject``), and the reservation returns to the wallet. A transfer the bank
sends back after it was paid (``payout.return``) goes back to the wallet from the bank, as a
transaction of its own.
"""

from __future__ import annotations

from sqlalchemy import select

from models import Payout, School
from office_app.domain.bank import BankAccountError, validate_account_no, validate_reg_no
from office_app.domain.bankdays import is_bank_day
from office_app.domain.money import format_kr
from office_app.domain.payloads import (
    PayoutApprove,
    PayoutBankReject,
    PayoutReject,
    PayoutRequest,
    PayoutReturn,
    PayoutSend,
    PayoutSettle,
)
from office_app.i18n.rules import rule_text
from office_app.ledger.context import ApplyContext, Outcome
from office_app.ledger.errors import PAYOUT, Rejection, checked_amount


def request_payout(context: ApplyContext, payload: PayoutRequest) -> Outcome:
    student = context.student(payload.student_id)
    context.audit_subject = str(student.id)
    checked_amount(payload.amount_ore, field=PAYOUT)
    if not payload.holder_name:
        raise Rejection("invalid_field", "holder_name: name the account holder")
    try:
        reg_no = validate_reg_no(payload.reg_no)
        account_no = validate_account_no(payload.account_no)
    except BankAccountError as error:
        said = rule_text(error, "en")
        raise Rejection("invalid_bank_account", f"{error.field}: {said}") from None
    payout_id = payload.payout_id or context.command.command_id
    if context.session.get(Payout, payout_id) is not None:
        raise Rejection("invalid_field", f"payout_id: {payout_id} is already used")
    wallet = context.wallet(student.id)
    if payload.amount_ore > wallet.balance_ore:
        raise Rejection(
            "insufficient_funds",
            f"The payout {format_kr(payload.amount_ore)} is more than the balance "
            f"{format_kr(wallet.balance_ore)}",
        )
    needs_approval = payload.amount_ore > context.school.payout_approval_threshold_ore
    payout = Payout(
        id=payout_id,
        school_id=context.school_id,
        student_id=student.id,
        amount_ore=payload.amount_ore,
        holder_name=payload.holder_name,
        reg_no=reg_no,
        account_no=account_no,
        message=payload.message,
        status="pending_approval" if needs_approval else "approved",
        requested_by=context.command.staff,
        requested_device_id=context.device.id,
        requested_at=context.now,
        seq=context.seq,
    )
    context.session.add(payout)
    txn_id = context.post(
        "payout_reserve",
        [
            (wallet.id, -payload.amount_ore),
            (context.system_account("payout_clearing"), payload.amount_ore),
        ],
        student_id=student.id,
        text=f"Payout to {reg_no} {account_no}",
    )
    waits = " and waits for a second staff member's approval" if needs_approval else ""
    return Outcome(
        f"Payout of {format_kr(payload.amount_ore)} reserved{waits}",
        {
            "payout_id": str(payout.id),
            "status": payout.status,
            "txn_id": str(txn_id),
            "balance_ore": wallet.balance_ore,
        },
    )


def _payout(context: ApplyContext, payout_id: object, allowed_states: set[str]) -> Payout:
    payout = context.session.get(Payout, payout_id)
    if payout is None or payout.school_id != context.school_id:
        raise Rejection("unknown_payout", f"No payout {payout_id}")
    context.audit_subject = str(payout.id)
    if payout.status not in allowed_states:
        raise Rejection("payout_state", f"The payout is {payout.status.replace('_', ' ')}")
    return payout


def _decide(context: ApplyContext, payout: Payout, status: str) -> None:
    payout.status = status
    payout.decided_by = context.command.staff
    payout.decided_at = context.now
    payout.seq = context.seq


def approve_payout(context: ApplyContext, payload: PayoutApprove) -> Outcome:
    payout = _payout(context, payload.payout_id, {"pending_approval"})
    if payout.requested_by is not None and payout.requested_by == context.command.staff:
        raise Rejection("four_eyes_required", "A second staff member must approve this payout")
    _decide(context, payout, "approved")
    return Outcome(
        f"Payout of {format_kr(payout.amount_ore)} approved", {"payout_id": str(payout.id)}
    )


def _back_to_wallet(context: ApplyContext, payout: Payout, source: str, text: str) -> Outcome:
    """Move the payout's amount from ``source`` (a system account) back to the child."""
    wallet = context.wallet(payout.student_id)
    kind = "payout_return" if source == "payout_clearing" else "payout_bank_return"
    txn_id = context.post(
        kind,
        [(context.system_account(source), -payout.amount_ore), (wallet.id, payout.amount_ore)],
        student_id=payout.student_id,
        text=text,
    )
    context.wallet_credited(payout.student_id, wallet.balance_ore)
    return Outcome(
        f"{format_kr(payout.amount_ore)} returned to the wallet",
        {"payout_id": str(payout.id), "txn_id": str(txn_id), "balance_ore": wallet.balance_ore},
    )


def reject_payout(context: ApplyContext, payload: PayoutReject) -> Outcome:
    payout = _payout(context, payload.payout_id, {"pending_approval", "approved"})
    _decide(context, payout, "rejected")
    payout.reject_reason = payload.reason
    done = _back_to_wallet(context, payout, "payout_clearing", f"Payout rejected: {payload.reason}")
    return Outcome(f"Payout rejected; {done.message}", done.result)


def send_payouts(context: ApplyContext, payload: PayoutSend) -> Outcome:
    """Every payout of a bank file, or none: approved, not in another file, the sum agreed."""
    context.audit_subject = str(payload.batch_id)
    if len(set(payload.payout_ids)) != len(payload.payout_ids):
        raise Rejection("invalid_field", "payout_ids: a payout is named twice")
    if not is_bank_day(payload.execution_date):
        raise Rejection(
            "invalid_field",
            f"execution_date: {payload.execution_date.isoformat()} is not a Danish bank day",
        )
    school = context.session.get(School, context.school_id)
    assert school is not None
    if not (school.bank_reg_no and school.bank_account_no):
        raise Rejection(
            "no_school_account", "The school has no bank account to pay from: set it first"
        )
    already = context.session.scalar(
        select(Payout.id).where(Payout.batch_id == payload.batch_id).limit(1)
    )
    if already is not None:
        raise Rejection("invalid_field", f"batch_id: {payload.batch_id} is already used")
    payouts = [_payout(context, payout_id, {"approved"}) for payout_id in payload.payout_ids]
    context.audit_subject = str(payload.batch_id)
    total_ore = sum(payout.amount_ore for payout in payouts)
    if total_ore != payload.total_ore:
        raise Rejection(
            "invalid_amount",
            f"total_ore: the payouts sum to {format_kr(total_ore)}, "
            f"the file says {format_kr(payload.total_ore)}",
        )
    for payout in payouts:
        payout.status = "sent"
        payout.batch_id = payload.batch_id
        payout.execution_date = payload.execution_date
        payout.sent_by = context.command.staff
        payout.sent_at = context.now
        payout.bank_ref = payload.file_name
        payout.seq = context.seq
    context.audit_details = {"payouts": len(payouts), "total_ore": total_ore}
    return Outcome(
        f"{len(payouts)} payouts of {format_kr(total_ore)} sent to the bank in "
        f"{payload.file_name}, to be paid on {payload.execution_date.isoformat()}",
        {"batch_id": str(payload.batch_id), "payouts": len(payouts), "total_ore": total_ore},
    )


def settle_payout(context: ApplyContext, payload: PayoutSettle) -> Outcome:
    payout = _payout(context, payload.payout_id, {"sent"})
    payout.status = "settled"
    payout.bank_ref = payload.bank_ref
    payout.settled_at = context.now
    payout.seq = context.seq
    txn_id = context.post(
        "payout_settle",
        [
            (context.system_account("payout_clearing"), -payout.amount_ore),
            (context.system_account("bank"), payout.amount_ore),
        ],
        student_id=payout.student_id,
        text=f"Paid to {payout.reg_no} {payout.account_no}, {payload.bank_ref}",
    )
    return Outcome(
        f"Payout of {format_kr(payout.amount_ore)} settled",
        {"payout_id": str(payout.id), "txn_id": str(txn_id)},
    )


def bank_reject_payout(context: ApplyContext, payload: PayoutBankReject) -> Outcome:
    payout = _payout(context, payload.payout_id, {"sent"})
    _decide(context, payout, "rejected")
    payout.reject_reason = f"The bank: {payload.reason}"
    if payload.bank_ref:
        payout.bank_ref = payload.bank_ref
    done = _back_to_wallet(
        context, payout, "payout_clearing", f"Payout rejected by the bank: {payload.reason}"
    )
    return Outcome(f"The bank rejected the payout; {done.message}", done.result)


def return_payout(context: ApplyContext, payload: PayoutReturn) -> Outcome:
    payout = _payout(context, payload.payout_id, {"settled"})
    payout.status = "returned"
    payout.returned_at = context.now
    payout.return_reason = payload.reason
    if payload.bank_ref:
        payout.bank_ref = payload.bank_ref
    payout.seq = context.seq
    done = _back_to_wallet(
        context, payout, "bank", f"Payout returned by the bank: {payload.reason}"
    )
    return Outcome(f"The bank returned the payout; {done.message}", done.result)
