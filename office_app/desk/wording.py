"""How the office words a child's state and its history, in the current language."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from office_app.domain.localtime import LOCAL
from office_app.i18n import TEXTS, money, tr

if TYPE_CHECKING:
    from office_app.desk.approvals import ReversibleTxn
    from office_app.desk.queries import ActivityLine


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
    return tr(key) if key in TEXTS else line.kind


def command_text(command_type: str, payload: dict[str, object]) -> str:
    """An outbox command in words, e.g. "Indbetaling 200,00 kr."."""
    if command_type == "deposit.cash":
        return tr("pending.deposit.cash", amount=money(int(str(payload["amount_ore"]))))
    if command_type in ("card.block", "card.reactivate"):
        return tr(f"pending.{command_type}", number=payload["card_number"])
    if command_type == "card.replace":
        return tr("pending.card.replace", number=payload["new_card_number"])
    if command_type == "cap.set":
        value = payload["daily_cap_ore"]
        return tr("pending.cap.set", cap=cap(None if value is None else int(str(value))))
    return tr("pending.other", type=command_type)


def txn_text(txn: ReversibleTxn) -> str:
    """A transaction the way the reversal list shows it: when, what, how much."""
    kind = tr(f"kind.{txn.kind}") if f"kind.{txn.kind}" in TEXTS else txn.kind
    return f"{local_time(txn.posted_at)}  {kind}  {signed(txn.amount_ore)}"
