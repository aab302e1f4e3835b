"""Cards: issue, block, reactivate, replace (with fee or waiver); and the daily cap."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from models import Card, CardEvent, DailyCap
from office_app.domain.cards import LEFT_SCHOOL
from office_app.domain.ids import uuid7
from office_app.domain.money import format_kr
from office_app.domain.payloads import CapSet, CardBlock, CardIssue, CardReactivate, CardReplace
from office_app.ledger.context import ApplyContext, Outcome
from office_app.ledger.errors import DAILY_CAP, FEE, Rejection, checked_amount


def _event(context: ApplyContext, card: Card, event: str, reason: str | None = None) -> None:
    context.session.add(
        CardEvent(
            school_id=context.school_id,
            card_id=card.id,
            event=event,
            reason=reason,
            staff=context.command.staff,
            command_id=context.command.command_id,
            occurred_at=context.now,
            seq=context.seq,
        )
    )
    context.audit_subject = card.card_number


def _set_status(context: ApplyContext, card: Card, status: str, reason: str | None) -> None:
    card.status = status
    card.block_reason = reason if status == "blocked" else None
    card.status_changed_at = context.now
    card.seq = context.seq


def _new_card(context: ApplyContext, student_id: object, card_number: str) -> Card:
    taken = context.session.scalar(
        select(Card.id).where(Card.school_id == context.school_id, Card.card_number == card_number)
    )
    if taken is not None:
        raise Rejection("duplicate_card", f"Card {card_number} is already registered")
    card = Card(
        id=uuid7(),
        school_id=context.school_id,
        student_id=student_id,
        card_number=card_number,
        status="active",
        issued_at=context.now,
        status_changed_at=context.now,
        seq=context.seq,
    )
    context.session.add(card)
    context.session.flush()
    _event(context, card, "issued")
    return card


def issue_card(context: ApplyContext, payload: CardIssue) -> Outcome:
    student = context.student(payload.student_id)
    card = _new_card(context, student.id, payload.card_number)
    return Outcome(
        f"Card {card.card_number} issued to {student.name}",
        {"card_id": str(card.id), "student_id": str(student.id)},
    )


def block_card(context: ApplyContext, payload: CardBlock) -> Outcome:
    card = context.card(payload.card_number)
    result = {"card_id": str(card.id), "student_id": str(card.student_id), "status": card.status}
    if card.status != "active":
        context.audit_subject = card.card_number
        return Outcome(f"Card {card.card_number} was already {card.status}; no change", result)
    _set_status(context, card, "blocked", payload.reason)
    _event(context, card, "blocked", payload.reason)
    return Outcome(f"Card {card.card_number} blocked", {**result, "status": "blocked"})


def block_cards_of_leaver(context: ApplyContext, student_id: uuid.UUID) -> list[str]:
    """Block every active card of a child who leaves, reason ``left``; their numbers."""
    cards = context.session.scalars(
        select(Card)
        .where(Card.student_id == student_id, Card.status == "active")
        .order_by(Card.card_number)
    ).all()
    for card in cards:
        _set_status(context, card, "blocked", LEFT_SCHOOL)
        _event(context, card, "blocked", LEFT_SCHOOL)
    return [card.card_number for card in cards]


def reactivate_card(context: ApplyContext, payload: CardReactivate) -> Outcome:
    card = context.card(payload.card_number)
    if card.status == "replaced":
        raise Rejection("card_replaced", f"Card {card.card_number} was replaced and stays retired")
    result = {"card_id": str(card.id), "student_id": str(card.student_id), "status": "active"}
    if card.status == "active":
        context.audit_subject = card.card_number
        return Outcome(f"Card {card.card_number} was already active; no change", result)
    _set_status(context, card, "active", None)
    _event(context, card, "reactivated")
    return Outcome(f"Card {card.card_number} reactivated", result)


def replace_card(context: ApplyContext, payload: CardReplace) -> Outcome:
    old_card = context.card(payload.old_card_number)
    if old_card.status == "replaced":
        raise Rejection("card_replaced", f"Card {old_card.card_number} was already replaced")
    policy_fee = context.school.replacement_fee_ore
    checked_amount(
        payload.fee_ore,
        field=FEE,
        payload_field="fee_ore",
        allow_zero=True,
        max_ore=policy_fee,
        max_reason="school_fee",
    )
    waiver = (payload.fee_waiver_reason or "").strip()
    if payload.fee_ore < policy_fee and not waiver:
        raise Rejection("invalid_field", "fee_waiver_reason: say why the fee is reduced or waived")
    wallet = context.wallet(old_card.student_id)
    if payload.fee_ore > wallet.balance_ore:
        raise Rejection(
            "insufficient_funds",
            f"The fee of {format_kr(payload.fee_ore)} is more than the balance "
            f"{format_kr(wallet.balance_ore)}",
        )
    new_card = _new_card(context, old_card.student_id, payload.new_card_number)
    _set_status(context, old_card, "replaced", None)
    old_card.replaced_by_card_id = new_card.id
    _event(context, old_card, "replaced", waiver or None)
    result = {
        "card_id": str(new_card.id),
        "student_id": str(old_card.student_id),
        "fee_ore": payload.fee_ore,
    }
    if payload.fee_ore > 0:
        txn_id = context.post(
            "card_fee",
            [
                (wallet.id, -payload.fee_ore),
                (context.system_account("fee_revenue"), payload.fee_ore),
            ],
            student_id=old_card.student_id,
            text=f"Card {new_card.card_number} replaces {old_card.card_number}",
        )
        result["txn_id"] = str(txn_id)
    result["balance_ore"] = wallet.balance_ore
    context.audit_details = {"waiver_reason": waiver} if waiver else {}
    return Outcome(f"Card {old_card.card_number} replaced by {new_card.card_number}", result)


def set_cap(context: ApplyContext, payload: CapSet) -> Outcome:
    student = context.student(payload.student_id)
    if payload.daily_cap_ore is not None:
        checked_amount(
            payload.daily_cap_ore, field=DAILY_CAP, payload_field="daily_cap_ore", allow_zero=True
        )
    cap = context.session.get(DailyCap, student.id)
    if cap is None:
        cap = DailyCap(student_id=student.id, school_id=context.school_id)
        context.session.add(cap)
    cap.daily_cap_ore = payload.daily_cap_ore
    cap.set_at = context.now
    cap.set_by = context.command.staff
    cap.seq = context.seq
    context.audit_subject = str(student.id)
    text = (
        "cleared" if payload.daily_cap_ore is None else f"set to {format_kr(payload.daily_cap_ore)}"
    )
    return Outcome(
        f"Daily cap for {student.name} {text}",
        {"student_id": str(student.id), "daily_cap_ore": payload.daily_cap_ore},
    )
