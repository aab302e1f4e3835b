"""Money in and out of wallets: deposits, purchases and automatic top-up."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from models import TopUpAgreement
from office_app.domain.ids import uuid7
from office_app.domain.money import format_kr
from office_app.domain.payloads import (
    AutoTopUpCancel,
    AutoTopUpCreate,
    DepositCash,
    DepositOnline,
    Purchase,
)
from office_app.ledger import prepared
from office_app.ledger.context import (
    AUTO_TOPUP_ACTIVATES_AT_ORE,
    AUTO_TOPUP_BELOW_ORE,
    ApplyContext,
    Outcome,
)
from office_app.ledger.errors import DEPOSIT, PURCHASE, Rejection, checked_amount


def _check_deposit_amount(context: ApplyContext, amount_ore: int) -> None:
    checked_amount(
        amount_ore,
        field=DEPOSIT,
        max_ore=context.school.max_deposit_ore,
        max_reason="school_limit",
    )


def _deposit(
    context: ApplyContext,
    student_id: uuid.UUID,
    amount_ore: int,
    source: str,
    kind: str,
    text: str,
) -> Outcome:
    """Credit a wallet, or suspense for a child who has left (recorded, never refused)."""
    found = context.student_wallet(student_id)
    if found is None:
        raise Rejection("unknown_student", f"No student with id {student_id} at this school")
    status, name, wallet_id = found.status, found.name, found.wallet_id
    balance_ore, agreement_waits = found.balance_ore, found.agreement_waits
    _check_deposit_amount(context, amount_ore)
    context.audit_subject = str(student_id)
    if status == "left":
        txn_id = context.post(
            kind,
            [
                (context.system_account(source), -amount_ore),
                (context.system_account("suspense"), amount_ore),
            ],
            student_id=student_id,
            text=f"{text} for {name}, who has left: held in suspense",
        )
        context.audit_details = {"suspense": True}
        return Outcome(
            f"{name} has left: {format_kr(amount_ore)} is held in suspense",
            {"student_id": str(student_id), "txn_id": str(txn_id), "suspense": True},
        )
    txn_id = context.post(
        kind,
        [(context.system_account(source), -amount_ore), (wallet_id, amount_ore)],
        student_id=student_id,
        text=text,
    )
    balance_ore += amount_ore
    if agreement_waits:
        context.wallet_credited(student_id, balance_ore)
    return Outcome(
        f"{format_kr(amount_ore)} deposited for {name}",
        {"student_id": str(student_id), "txn_id": str(txn_id), "balance_ore": balance_ore},
    )


def deposit_cash(context: ApplyContext, payload: DepositCash) -> Outcome:
    return _deposit(
        context,
        payload.student_id,
        payload.amount_ore,
        "cash_drawer",
        "cash_deposit",
        f"Cash deposit, receipt {payload.receipt_no}",
    )


def deposit_online(context: ApplyContext, payload: DepositOnline) -> Outcome:
    method = "MobilePay" if payload.method == "mobilepay" else "card"
    return _deposit(
        context,
        payload.student_id,
        payload.amount_ore,
        "provider_clearing",
        "online_deposit",
        f"Online deposit by {method}, {payload.payment_ref}",
    )


def purchase(context: ApplyContext, payload: Purchase) -> Outcome:
    """Authorise a canteen purchase: the card, the daily cap, then the balance.

    This is the ledger's busiest path, so it reads everything it decides on in one query (one
    for the whole group's cards) and writes with plain statements rather than loading objects.
    """
    checked_amount(payload.amount_ore, field=PURCHASE)
    day = context.local_day
    context.audit_subject = payload.card_number
    found = context.card_facts(payload.card_number, day)
    if found is None:
        raise Rejection("unknown_card", f"Card {payload.card_number} is not known at this school")
    status, student_id, wallet_id = found.status, found.student_id, found.wallet_id
    balance_ore, cap_ore, spent_today = found.balance_ore, found.daily_cap_ore, found.spent_ore
    if status == "blocked":
        raise Rejection("card_blocked", f"Card {payload.card_number} is blocked")
    if status == "replaced":
        raise Rejection("card_replaced", f"Card {payload.card_number} has been replaced")
    spent_ore = spent_today or 0
    if cap_ore is not None and spent_ore + payload.amount_ore > cap_ore:
        raise Rejection(
            "daily_cap_exceeded",
            f"Daily cap {format_kr(cap_ore)} reached ({format_kr(spent_ore)} spent today)",
        )
    if payload.amount_ore > balance_ore:
        raise Rejection("insufficient_funds", f"Balance {format_kr(balance_ore)} is not enough")
    txn_id = context.post(
        "purchase",
        [
            (wallet_id, -payload.amount_ore),
            (context.system_account("canteen_revenue"), payload.amount_ore),
        ],
        student_id=student_id,
        text="Canteen purchase",
    )
    context.add_spend(student_id, day, payload.amount_ore, first=spent_today is None)
    balance_ore -= payload.amount_ore
    result: dict[str, object] = {
        "student_id": str(student_id),
        "txn_id": str(txn_id),
        "spent_today_ore": spent_ore + payload.amount_ore,
    }
    if balance_ore < AUTO_TOPUP_BELOW_ORE:
        topped_up = _auto_top_up(context, student_id, wallet_id)
        if topped_up is not None:
            result["autotopup_txn_id"] = str(topped_up[0])
            balance_ore += topped_up[1]
    result["balance_ore"] = balance_ore
    return Outcome(f"Purchase of {format_kr(payload.amount_ore)} approved", result)


def _auto_top_up(
    context: ApplyContext, student_id: uuid.UUID, wallet_id: uuid.UUID
) -> tuple[uuid.UUID, int] | None:
    """Top up from the parent's payment agreement when a purchase leaves less than 50 kr."""
    agreement = (
        context.session.connection()
        .execute(prepared.ACTIVE_AGREEMENT, {"student_id": student_id})
        .one_or_none()
    )
    if agreement is None:
        return None
    amount_ore, payment_ref = agreement
    txn_id = context.post(
        "autotopup",
        [(context.system_account("provider_clearing"), -amount_ore), (wallet_id, amount_ore)],
        student_id=student_id,
        text=f"Automatic top-up, {payment_ref}",
    )
    return txn_id, amount_ore


def create_auto_top_up(context: ApplyContext, payload: AutoTopUpCreate) -> Outcome:
    student = context.student(payload.student_id)
    context.audit_subject = str(student.id)
    _check_deposit_amount(context, payload.amount_ore)
    existing = context.session.scalar(
        select(TopUpAgreement.id).where(
            TopUpAgreement.student_id == student.id, TopUpAgreement.status != "cancelled"
        )
    )
    if existing is not None:
        raise Rejection(
            "agreement_exists",
            "An automatic top-up already exists; cancel it before creating a new one",
        )
    balance = context.wallet(student.id).balance_ore
    active = balance >= AUTO_TOPUP_ACTIVATES_AT_ORE
    agreement = TopUpAgreement(
        id=uuid7(),
        school_id=context.school_id,
        student_id=student.id,
        amount_ore=payload.amount_ore,
        payment_ref=payload.payment_ref,
        status="active" if active else "waiting",
        created_at=context.now,
        activated_at=context.now if active else None,
        seq=context.seq,
    )
    context.session.add(agreement)
    state = "active" if active else "waiting until the balance reaches 100,00 kr."
    return Outcome(
        f"Automatic top-up of {format_kr(payload.amount_ore)} for {student.name}: {state}",
        {"agreement_id": str(agreement.id), "status": agreement.status},
    )


def cancel_auto_top_up(context: ApplyContext, payload: AutoTopUpCancel) -> Outcome:
    student = context.student(payload.student_id)
    context.audit_subject = str(student.id)
    agreement = context.session.scalar(
        select(TopUpAgreement).where(
            TopUpAgreement.student_id == student.id, TopUpAgreement.status != "cancelled"
        )
    )
    if agreement is None:
        raise Rejection("no_agreement", f"{student.name} has no automatic top-up")
    agreement.status = "cancelled"
    agreement.cancelled_at = context.now
    agreement.seq = context.seq
    return Outcome(
        f"Automatic top-up for {student.name} cancelled", {"agreement_id": str(agreement.id)}
    )
