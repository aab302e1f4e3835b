"""Money in and out of wallets: deposits, purchases and automatic top-up."""

from __future__ import annotations

from sqlalchemy import select

from models import DailyCap, DailySpend, Student, TopUpAgreement
from office_app.domain.commands import (
    AutoTopUpCancel,
    AutoTopUpCreate,
    DepositCash,
    DepositOnline,
    Purchase,
)
from office_app.domain.ids import uuid7
from office_app.domain.money import format_kr
from office_app.ledger.context import (
    AUTO_TOPUP_ACTIVATES_AT_ORE,
    AUTO_TOPUP_BELOW_ORE,
    ApplyContext,
    Outcome,
)
from office_app.ledger.errors import Rejection


def _check_deposit_amount(context: ApplyContext, amount_ore: int) -> None:
    if amount_ore <= 0:
        raise Rejection("invalid_amount", "amount_ore: a deposit must be more than 0 kr.")
    largest = context.school.max_deposit_ore
    if amount_ore > largest:
        raise Rejection(
            "invalid_amount",
            f"amount_ore: a deposit may be at most {format_kr(largest)} (the school's limit)",
        )


def _deposit(
    context: ApplyContext, student: Student, amount_ore: int, source: str, kind: str, text: str
) -> Outcome:
    """Credit a wallet, or suspense for a child who has left (recorded, never refused)."""
    context.audit_subject = str(student.id)
    if student.status == "left":
        txn = context.post(
            kind,
            [
                (context.system_account(source), -amount_ore),
                (context.system_account("suspense"), amount_ore),
            ],
            student_id=student.id,
            text=f"{text} for {student.name}, who has left: held in suspense",
        )
        context.audit_details = {"suspense": True}
        return Outcome(
            f"{student.name} has left: {format_kr(amount_ore)} is held in suspense",
            {"student_id": str(student.id), "txn_id": str(txn.id), "suspense": True},
        )
    wallet = context.wallet(student.id)
    txn = context.post(
        kind,
        [(context.system_account(source), -amount_ore), (wallet.id, amount_ore)],
        student_id=student.id,
        text=text,
    )
    context.wallet_credited(student.id, wallet.balance_ore)
    return Outcome(
        f"{format_kr(amount_ore)} deposited for {student.name}",
        {"student_id": str(student.id), "txn_id": str(txn.id), "balance_ore": wallet.balance_ore},
    )


def deposit_cash(context: ApplyContext, payload: DepositCash) -> Outcome:
    student = context.student(payload.student_id)
    _check_deposit_amount(context, payload.amount_ore)
    return _deposit(
        context,
        student,
        payload.amount_ore,
        "cash_drawer",
        "cash_deposit",
        f"Cash deposit, receipt {payload.receipt_no}",
    )


def deposit_online(context: ApplyContext, payload: DepositOnline) -> Outcome:
    student = context.student(payload.student_id)
    _check_deposit_amount(context, payload.amount_ore)
    method = "MobilePay" if payload.method == "mobilepay" else "card"
    return _deposit(
        context,
        student,
        payload.amount_ore,
        "provider_clearing",
        "online_deposit",
        f"Online deposit by {method}, {payload.payment_ref}",
    )


def purchase(context: ApplyContext, payload: Purchase) -> Outcome:
    if payload.amount_ore <= 0:
        raise Rejection("invalid_amount", "amount_ore: a purchase must be more than 0 kr.")
    card = context.card(payload.card_number)
    context.audit_subject = card.card_number
    if card.status == "blocked":
        raise Rejection("card_blocked", f"Card {card.card_number} is blocked")
    if card.status == "replaced":
        raise Rejection("card_replaced", f"Card {card.card_number} has been replaced")
    session = context.session
    day = context.local_day
    spend = session.get(DailySpend, (card.student_id, day))
    spent_ore = spend.spent_ore if spend else 0
    cap = session.get(DailyCap, card.student_id)
    cap_ore = cap.daily_cap_ore if cap is not None else None
    if cap_ore is not None and spent_ore + payload.amount_ore > cap_ore:
        raise Rejection(
            "daily_cap_exceeded",
            f"Daily cap {format_kr(cap_ore)} reached ({format_kr(spent_ore)} spent today)",
        )
    wallet = context.wallet(card.student_id)
    if payload.amount_ore > wallet.balance_ore:
        raise Rejection(
            "insufficient_funds", f"Balance {format_kr(wallet.balance_ore)} is not enough"
        )
    txn = context.post(
        "purchase",
        [
            (wallet.id, -payload.amount_ore),
            (context.system_account("canteen_revenue"), payload.amount_ore),
        ],
        student_id=card.student_id,
        text="Canteen purchase",
    )
    if spend is None:
        spend = DailySpend(student_id=card.student_id, day=day, school_id=context.school_id)
        spend.spent_ore = 0
        session.add(spend)
    spend.spent_ore += payload.amount_ore
    spend.seq = context.seq
    result = {
        "student_id": str(card.student_id),
        "txn_id": str(txn.id),
        "spent_today_ore": spend.spent_ore,
    }
    topped_up = _auto_top_up(context, card.student_id, wallet.balance_ore)
    if topped_up is not None:
        result["autotopup_txn_id"] = topped_up
    result["balance_ore"] = wallet.balance_ore
    return Outcome(f"Purchase of {format_kr(payload.amount_ore)} approved", result)


def _auto_top_up(context: ApplyContext, student_id: object, balance_ore: int) -> str | None:
    """Top up from the parent's payment agreement when a purchase leaves less than 50 kr."""
    if balance_ore >= AUTO_TOPUP_BELOW_ORE:
        return None
    agreement = context.session.scalar(
        select(TopUpAgreement).where(
            TopUpAgreement.student_id == student_id, TopUpAgreement.status == "active"
        )
    )
    if agreement is None:
        return None
    wallet = context.wallet(agreement.student_id)
    txn = context.post(
        "autotopup",
        [
            (context.system_account("provider_clearing"), -agreement.amount_ore),
            (wallet.id, agreement.amount_ore),
        ],
        student_id=agreement.student_id,
        text=f"Automatic top-up, {agreement.payment_ref}",
    )
    return str(txn.id)


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
