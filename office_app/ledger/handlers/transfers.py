"""balance.transfer: a leaver's money moved to a sibling, with the guardian's consent."""

from __future__ import annotations

from office_app.domain.money import format_kr
from office_app.domain.payloads import BalanceTransfer
from office_app.ledger.context import ApplyContext, Outcome
from office_app.ledger.errors import TRANSFER, Rejection, checked_amount


def transfer_balance(context: ApplyContext, payload: BalanceTransfer) -> Outcome:
    """Move money between two wallets of one household; never below zero (an authorising
    write), and only with the consent written down."""
    giver = context.student(payload.from_student_id)
    receiver = context.student(payload.to_student_id)
    context.audit_subject = str(giver.id)
    checked_amount(payload.amount_ore, field=TRANSFER)
    if giver.id == receiver.id:
        raise Rejection("invalid_field", "to_student_id: must be another child")
    if giver.household_id is None or giver.household_id != receiver.household_id:
        raise Rejection("invalid_field", "to_student_id: is not a sibling (same household)")
    if not payload.consent:
        raise Rejection("invalid_field", "consent: record the guardian's consent")
    from_wallet, to_wallet = context.wallet(giver.id), context.wallet(receiver.id)
    if payload.amount_ore > from_wallet.balance_ore:
        raise Rejection(
            "insufficient_funds",
            f"The transfer {format_kr(payload.amount_ore)} is more than the balance "
            f"{format_kr(from_wallet.balance_ore)}",
        )
    txn_id = context.post(
        "transfer",
        [(from_wallet.id, -payload.amount_ore), (to_wallet.id, payload.amount_ore)],
        student_id=giver.id,
        text=f"Moved to {receiver.name}; consent: {payload.consent}",
    )
    context.wallet_credited(receiver.id, to_wallet.balance_ore)
    return Outcome(
        f"{format_kr(payload.amount_ore)} moved from {giver.name} to {receiver.name}",
        {"txn_id": str(txn_id), "balance_ore": from_wallet.balance_ore},
    )
