"""Reversals: requested with a reason, applied only when a second staff member approves."""

from __future__ import annotations

from sqlalchemy import select

from models import Account, LedgerEntry, LedgerTransaction, Reversal
from office_app.domain.money import format_kr
from office_app.domain.payloads import ReversalApprove, ReversalReject, TxnReverse
from office_app.ledger.context import ApplyContext, Outcome
from office_app.ledger.errors import Rejection

NOT_REVERSIBLE = {
    "reversal",
    "payout_reserve",
    "payout_return",
    "payout_settle",
    "payout_bank_return",
}


def request_reversal(context: ApplyContext, payload: TxnReverse) -> Outcome:
    txn = context.session.get(LedgerTransaction, payload.txn_id)
    if txn is None or txn.school_id != context.school_id:
        raise Rejection("unknown_txn", f"No transaction {payload.txn_id}")
    context.audit_subject = str(txn.id)
    if txn.kind in NOT_REVERSIBLE:
        raise Rejection(
            "not_reversible", f"A {txn.kind.replace('_', ' ')} is corrected through its payout"
        )
    if not payload.reason:
        raise Rejection("invalid_field", "reason: say why the transaction is reversed")
    open_request = context.session.scalar(
        select(Reversal.status).where(Reversal.txn_id == txn.id, Reversal.status != "rejected")
    )
    if open_request is not None:
        state = "already reversed" if open_request == "applied" else "already waiting for approval"
        raise Rejection("already_reversed", f"The transaction is {state}")
    reversal_id = payload.reversal_id or context.command.command_id
    if context.session.get(Reversal, reversal_id) is not None:
        raise Rejection("invalid_field", f"reversal_id: {reversal_id} is already used")
    reversal = Reversal(
        id=reversal_id,
        school_id=context.school_id,
        txn_id=txn.id,
        reason=payload.reason,
        status="pending_approval",
        requested_by=context.command.staff or "",
        requested_at=context.now,
        seq=context.seq,
    )
    context.session.add(reversal)
    return Outcome(
        "Reversal requested; it waits for a second staff member's approval",
        {"reversal_id": str(reversal.id), "status": reversal.status},
    )


def _pending(context: ApplyContext, reversal_id: object) -> Reversal:
    reversal = context.session.get(Reversal, reversal_id)
    if reversal is None or reversal.school_id != context.school_id:
        raise Rejection("unknown_reversal", f"No reversal {reversal_id}")
    context.audit_subject = str(reversal.txn_id)
    if reversal.status != "pending_approval":
        raise Rejection("reversal_state", f"The reversal is {reversal.status.replace('_', ' ')}")
    return reversal


def approve_reversal(context: ApplyContext, payload: ReversalApprove) -> Outcome:
    reversal = _pending(context, payload.reversal_id)
    if reversal.requested_by == context.command.staff:
        raise Rejection("four_eyes_required", "A second staff member must approve this reversal")
    original = context.session.get(LedgerTransaction, reversal.txn_id)
    assert original is not None
    entries = context.session.execute(
        select(LedgerEntry.account_id, LedgerEntry.amount_ore, Account.kind, Account.balance_ore)
        .join(Account, Account.id == LedgerEntry.account_id)
        .where(LedgerEntry.txn_id == original.id)
        .order_by(LedgerEntry.id)
    ).all()
    for _account_id, amount, kind, balance in entries:
        if kind == "wallet" and balance - amount < 0:
            raise Rejection(
                "insufficient_funds",
                f"Reversing would take the wallet below zero (balance {format_kr(balance)})",
            )
    txn_id = context.post(
        "reversal",
        [(account_id, -amount) for account_id, amount, _kind, _balance in entries],
        student_id=original.student_id,
        text=f"Reversal: {reversal.reason}",
        reverses_txn_id=original.id,
    )
    for account_id, amount, kind, _balance in entries:
        if kind == "wallet" and amount < 0 and original.student_id is not None:
            account = context.session.get(Account, account_id)
            assert account is not None
            context.wallet_credited(original.student_id, account.balance_ore)
    reversal.status = "applied"
    reversal.decided_by = context.command.staff
    reversal.decided_at = context.now
    reversal.reversal_txn_id = txn_id
    reversal.seq = context.seq
    return Outcome("Transaction reversed", {"reversal_id": str(reversal.id), "txn_id": str(txn_id)})


def reject_reversal(context: ApplyContext, payload: ReversalReject) -> Outcome:
    reversal = _pending(context, payload.reversal_id)
    reversal.status = "rejected"
    reversal.reject_reason = payload.reason
    reversal.decided_by = context.command.staff
    reversal.decided_at = context.now
    reversal.seq = context.seq
    return Outcome("Reversal rejected", {"reversal_id": str(reversal.id)})
