"""Payouts to a parent's bank account: reserve, approve (four eyes), reject, settle."""

from __future__ import annotations

from models import Payout
from office_app.domain.bank import BankAccountError, validate_account_no, validate_reg_no
from office_app.domain.money import format_kr
from office_app.domain.payloads import PayoutApprove, PayoutReject, PayoutRequest, PayoutSettle
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
        raise Rejection("invalid_bank_account", f"{error.field}: {error.message_en}") from None
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


def reject_payout(context: ApplyContext, payload: PayoutReject) -> Outcome:
    payout = _payout(context, payload.payout_id, {"pending_approval", "approved"})
    _decide(context, payout, "rejected")
    payout.reject_reason = payload.reason
    wallet = context.wallet(payout.student_id)
    txn_id = context.post(
        "payout_return",
        [
            (context.system_account("payout_clearing"), -payout.amount_ore),
            (wallet.id, payout.amount_ore),
        ],
        student_id=payout.student_id,
        text=f"Payout rejected: {payload.reason}",
    )
    context.wallet_credited(payout.student_id, wallet.balance_ore)
    return Outcome(
        f"Payout rejected; {format_kr(payout.amount_ore)} returned to the wallet",
        {"payout_id": str(payout.id), "txn_id": str(txn_id), "balance_ore": wallet.balance_ore},
    )


def settle_payout(context: ApplyContext, payload: PayoutSettle) -> Outcome:
    payout = _payout(context, payload.payout_id, {"approved"})
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
