"""Which stored words are personal data, and what is left of them once erased.

One home for the rule, used by the ledger's anonymiser (its command log and transactions)
and by an office replica that follows it (its outbox): the same fields go the same way.
"""

from __future__ import annotations

from typing import Any

#: Per command type, the payload fields that name or describe a child or a guardian, or hold
#: words a person typed. Ids, amounts, card numbers and codes are not among them.
PERSONAL_PAYLOAD_FIELDS: dict[str, frozenset[str]] = {
    "student.upsert": frozenset({"name", "external_ref", "class_label", "guardians"}),
    "payout.request": frozenset({"holder_name", "reg_no", "account_no", "message"}),
    "payout.reject": frozenset({"reason"}),
    "balance.transfer": frozenset({"consent"}),
    "card.replace": frozenset({"fee_waiver_reason"}),
    "txn.reverse": frozenset({"reason"}),
    "reversal.reject": frozenset({"reason"}),
    "autotopup.create": frozenset({"payment_ref"}),
    "deposit.online": frozenset({"payment_ref"}),
}

#: A transaction's text once its words are erased: what kind of movement it was, no more.
ERASED_TRANSACTION_TEXT: dict[str, str] = {
    "purchase": "Canteen purchase",
    "cash_deposit": "Cash deposit",
    "online_deposit": "Online deposit",
    "autotopup": "Automatic top-up",
    "card_fee": "Fee for a new card",
    "payout_reserve": "Payout to a bank account",
    "payout_return": "Payout rejected, amount returned",
    "payout_settle": "Payout paid to the bank",
    "reversal": "Reversal",
    "transfer": "Moved to a sibling with the guardian's consent",
}


def erased_payload(command_type: str, payload: dict[str, Any]) -> dict[str, Any]:
    """The payload with its personal fields emptied (text to "", lists to []); the rest kept."""
    personal = PERSONAL_PAYLOAD_FIELDS.get(command_type, frozenset())
    return {
        key: ([] if isinstance(value, list) else "" if isinstance(value, str) else value)
        if key in personal
        else value
        for key, value in payload.items()
    }


def erased_text(kind: str) -> str:
    """A transaction's text without the names, accounts and reasons it may have held."""
    return ERASED_TRANSACTION_TEXT.get(kind, kind.replace("_", " ").capitalize())


def anonymised_reference(row_id: object) -> str:
    """What stands in for a roster reference or an e-mail address: unique, and never either."""
    return f"anonymised:{row_id}"
