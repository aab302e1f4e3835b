"""The command catalogue: for every command type of protocol v1, its payload's schema, who
may send it, and what it does to a child's wallet once applied.

The one home of these facts: the ledger checks senders here, the office shows what waits in
its outbox with the wallet effects here, and the protocol's schemas are the payloads here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal, get_args

from office_app.domain.payloads import (
    AutoTopUpCancel,
    AutoTopUpCreate,
    BalanceTransfer,
    CapSet,
    CardBlock,
    CardIssue,
    CardReactivate,
    CardReplace,
    DepositCash,
    DepositOnline,
    Payload,
    PayoutApprove,
    PayoutBankReject,
    PayoutReject,
    PayoutRequest,
    PayoutReturn,
    PayoutSend,
    PayoutSettle,
    Purchase,
    ReversalApprove,
    ReversalReject,
    StaffPassword,
    StudentLeave,
    StudentUpsert,
    TxnReverse,
)

#: The names of protocol v1's command types; ``CATALOGUE`` says what each one is.
CommandType = Literal[
    "student.upsert",
    "student.leave",
    "card.issue",
    "card.block",
    "card.reactivate",
    "card.replace",
    "cap.set",
    "deposit.cash",
    "deposit.online",
    "autotopup.create",
    "autotopup.cancel",
    "purchase",
    "payout.request",
    "payout.approve",
    "payout.reject",
    "payout.send",
    "payout.settle",
    "payout.bank_reject",
    "payout.return",
    "txn.reverse",
    "reversal.approve",
    "reversal.reject",
    "balance.transfer",
    "staff.password",
]

#: Who sends a command: a device kind, and for an office the staff member's role.
Sender = Literal["terminal", "portal", "secretary", "admin"]
#: A command's change to the wallets it touches, by student id, read from its payload; the
#: change a card's child sees is under the key ``card:<number>`` when the payload names only
#: the card.
WalletEffect = Callable[[Mapping[str, Any]], dict[str, int]]

DESK: frozenset[Sender] = frozenset({"secretary", "admin"})
ADMIN: frozenset[Sender] = frozenset({"admin"})


def _none(_payload: Mapping[str, Any]) -> dict[str, int]:
    return {}


def _into_child(payload: Mapping[str, Any]) -> dict[str, int]:
    return {str(payload["student_id"]): int(payload["amount_ore"])}


def _out_of_child(payload: Mapping[str, Any]) -> dict[str, int]:
    return {str(payload["student_id"]): -int(payload["amount_ore"])}


def _out_of_card(payload: Mapping[str, Any]) -> dict[str, int]:
    return {f"card:{payload['card_number']}": -int(payload["amount_ore"])}


def _replacement_fee(payload: Mapping[str, Any]) -> dict[str, int]:
    fee = int(payload["fee_ore"])
    return {f"card:{payload['old_card_number']}": -fee} if fee else {}


def _between_siblings(payload: Mapping[str, Any]) -> dict[str, int]:
    amount = int(payload["amount_ore"])
    return {str(payload["from_student_id"]): -amount, str(payload["to_student_id"]): amount}


@dataclass(frozen=True)
class Entry:
    """One command type: its payload's schema, who may send it, its effect on wallets."""

    payload: type[Payload]
    senders: frozenset[Sender]
    wallets: WalletEffect = _none


CATALOGUE: dict[str, Entry] = {
    "student.upsert": Entry(StudentUpsert, ADMIN),
    "student.leave": Entry(StudentLeave, ADMIN),
    "card.issue": Entry(CardIssue, DESK),
    "card.block": Entry(CardBlock, DESK | {"portal"}),
    "card.reactivate": Entry(CardReactivate, DESK | {"portal"}),
    "card.replace": Entry(CardReplace, DESK, _replacement_fee),
    "cap.set": Entry(CapSet, DESK | {"portal"}),
    "deposit.cash": Entry(DepositCash, DESK, _into_child),
    "deposit.online": Entry(DepositOnline, frozenset({"portal"}), _into_child),
    "autotopup.create": Entry(AutoTopUpCreate, frozenset({"portal"})),
    "autotopup.cancel": Entry(AutoTopUpCancel, DESK | {"portal"}),
    "purchase": Entry(Purchase, frozenset({"terminal"}), _out_of_card),
    "payout.request": Entry(PayoutRequest, DESK | {"portal"}, _out_of_child),
    "payout.approve": Entry(PayoutApprove, ADMIN),
    "payout.reject": Entry(PayoutReject, ADMIN),
    "payout.send": Entry(PayoutSend, ADMIN),
    "payout.settle": Entry(PayoutSettle, ADMIN),
    "payout.bank_reject": Entry(PayoutBankReject, ADMIN),
    "payout.return": Entry(PayoutReturn, ADMIN),
    "txn.reverse": Entry(TxnReverse, ADMIN),
    "reversal.approve": Entry(ReversalApprove, ADMIN),
    "reversal.reject": Entry(ReversalReject, ADMIN),
    "balance.transfer": Entry(BalanceTransfer, ADMIN, _between_siblings),
    # The staff member's own password: the ledger changes only the sender's.
    "staff.password": Entry(StaffPassword, DESK),
}

#: Payload fields kept out of the ledger's command record (``commands.payload``): the content
#: hash still covers them, so a resend is recognised, but no copy of them is stored there.
SECRET_FIELDS: dict[str, frozenset[str]] = {"staff.password": frozenset({"password_hash"})}

#: Each command type's payload schema.
PAYLOAD_TYPES: dict[str, type[Payload]] = {name: entry.payload for name, entry in CATALOGUE.items()}

if set(CATALOGUE) != set(get_args(CommandType)):  # pragma: no cover - a programming error
    raise RuntimeError("the command catalogue and CommandType name different types")


def may_send(device_kind: str, staff_role: str | None, command_type: str) -> bool:
    """True when this sender may send this command type at all."""
    entry = CATALOGUE.get(command_type)
    if entry is None:
        return False
    sender = staff_role if device_kind == "office" else device_kind
    return sender in entry.senders


def wallet_changes(command_type: str, payload: Mapping[str, Any]) -> dict[str, int]:
    """What an applied command of this type changes in the wallets its payload names."""
    entry = CATALOGUE.get(command_type)
    return entry.wallets(payload) if entry is not None else {}
