"""Which device kind and staff role may send which command type."""

from __future__ import annotations

SECRETARY_TYPES = frozenset(
    {
        "card.issue",
        "card.block",
        "card.reactivate",
        "card.replace",
        "cap.set",
        "deposit.cash",
        "autotopup.cancel",
        "payout.request",
    }
)
ADMIN_ONLY_TYPES = frozenset(
    {
        "student.upsert",
        "student.leave",
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
    }
)
PORTAL_TYPES = frozenset(
    {
        "card.block",
        "card.reactivate",
        "cap.set",
        "deposit.online",
        "autotopup.create",
        "autotopup.cancel",
        "payout.request",
    }
)
TERMINAL_TYPES = frozenset({"purchase"})


def allowed(device_kind: str, staff_role: str | None, command_type: str) -> bool:
    """True when this sender may send this command type at all."""
    if device_kind == "terminal":
        return command_type in TERMINAL_TYPES
    if device_kind == "portal":
        return command_type in PORTAL_TYPES
    if device_kind == "office":
        if staff_role == "admin":
            return command_type in SECRETARY_TYPES | ADMIN_ONLY_TYPES
        if staff_role == "secretary":
            return command_type in SECRETARY_TYPES
    return False
