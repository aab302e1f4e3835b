"""How the office words a child's state and its history, in the current language."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from office_app.domain.localtime import LOCAL
from office_app.domain.money import format_amount, format_amount_en
from office_app.i18n import TEXTS, language, money, tr

if TYPE_CHECKING:
    from office_app.desk.approvals import ApprovalLine, ReversibleTxn
    from office_app.desk.queries import ActivityLine, CardView, PendingCommand


def card_status(status: str | None, reason: str | None = None) -> str:
    if status is None:
        return tr("card.none")
    text = tr(f"card.{status}") if f"card.{status}" in TEXTS else status
    if status == "blocked" and reason and f"block.reason.{reason}" in TEXTS:
        return f"{text} ({tr(f'block.reason.{reason}').lower()})"
    return text


def cap(daily_cap_ore: int | None) -> str:
    return tr("cap.none") if daily_cap_ore is None else money(daily_cap_ore)


def local_time(moment: dt.datetime) -> str:
    return moment.astimezone(LOCAL).strftime("%d.%m.%Y %H:%M")


def decline_reason(code: str) -> str:
    key = f"decline.{code}"
    return tr(key) if key in TEXTS else code


def signed(amount_ore: int) -> str:
    return ("+" if amount_ore > 0 else "") + money(amount_ore)


def activity_text(line: ActivityLine) -> str:
    if line.kind == "declined":
        return tr("kind.declined", reason=decline_reason(line.code))
    if line.kind == "card_event":
        event = tr(f"event.{line.code}") if f"event.{line.code}" in TEXTS else line.code
        return tr("kind.card_event", number=line.card_number, event=event)
    key = f"kind.{line.kind}"
    if line.kind == "payout_reserve" and line.code:
        return tr("kind.payout_state", what=tr(key), state=tr(f"payout.state.{line.code}"))
    return tr(key) if key in TEXTS else line.kind


def command_text(command_type: str, payload: dict[str, object]) -> str:
    """An outbox command in words, e.g. "Indbetaling 200,00 kr.", never its protocol code."""
    amount = payload.get("amount_ore")
    words: dict[str, object] = {
        "amount": money(int(str(amount))) if amount is not None else "",
        "number": payload.get("card_number") or payload.get("new_card_number") or "",
    }
    if command_type == "cap.set":
        value = payload["daily_cap_ore"]
        words["cap"] = cap(None if value is None else int(str(value)))
    key = f"pending.{command_type}"
    return tr(key, **words) if key in TEXTS else tr("pending.other")


def txn_text(txn: ReversibleTxn) -> str:
    """A transaction the way the reversal list shows it: when, what, how much."""
    kind = tr(f"kind.{txn.kind}") if f"kind.{txn.kind}" in TEXTS else txn.kind
    return f"{local_time(txn.posted_at)}  {kind}  {signed(txn.amount_ore)}"


def refusal(code: str) -> str:
    """Why the ledger refused a command, from its stable code, in the staff member's words."""
    key = f"refused.{code}"
    return tr(key) if key in TEXTS else tr("refused.other")


def describe(line: ApprovalLine) -> str:
    """A payout or reversal waiting for approval in a few words: what, for whom, how much."""
    return tr(
        f"approvals.kind.{line.kind}",
        name=line.student_name,
        amount=money(abs(line.amount_ore)),
    )


def card_state(card: CardView, pending: Iterable[PendingCommand], *, online: bool) -> str:
    """A card's state as the ledger has it, and what still waits to change it: a block the
    canteen does not know yet is never shown as done."""
    status = card_status(card.status, card.block_reason)
    for command in pending:
        if command.payload.get("card_number") != card.card_number:
            continue
        if command.type == "card.block":
            return tr("card.blocking" if online else "card.blocking_offline", status=status)
        if command.type == "card.reactivate":
            return tr("card.reactivating" if online else "card.reactivating_offline", status=status)
    return status


def day_text(day: dt.date) -> str:
    """A day as the office writes it: 24.11.2026 in Danish, 2026-11-24 in English."""
    return day.strftime("%d.%m.%Y") if language() == "da" else day.isoformat()


def amount_text(amount_ore: int) -> str:
    """An amount to edit in a field, as the staff member's language writes it: 1.234,50 or
    1,234.50 (no currency)."""
    return format_amount(amount_ore) if language() == "da" else format_amount_en(amount_ore)
