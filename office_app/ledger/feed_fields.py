"""Need to know: what each kind of device may read from the change feed.

One declared allow-list per device kind and row kind, and nothing else decides it: a kind
that is not listed for a device is never sent to it, and a field that is not listed is left
out of every row. ``entries`` (a transaction's entries) and ``guardian_ids`` (a student's
guardians) are fields the feed adds to a row; a row's ``school_id`` and a device's token hash
are never sent to anyone.

- An office keeps a full replica of its school, for the desk and for signing in offline, so
  it gets every field of every kind, staff password hashes (argon2id) included.
- The parent portal gets children, guardians, cards, daily caps, wallet balances, top-up
  agreements and transactions: what a parent sees and acts on. Never staff, devices, the
  audit chain, or the school's own accounts.
- A canteen terminal gets what a till needs to identify a card and show whose it is: the
  card's number and status and the child's name and class.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

#: A field the feed adds to a transaction: its entries, ``[{account_id, amount_ore}]``.
ENTRIES = "entries"
#: A field the feed adds to a student: the ids of the student's guardians.
GUARDIAN_IDS = "guardian_ids"

OFFICE: dict[str, frozenset[str]] = {
    "school": frozenset(
        {
            "id",
            "name",
            "address",
            "cvr",
            "contact",
            "bank_reg_no",
            "bank_account_no",
            "bank_agreement_id",
            "replacement_fee_ore",
            "payout_approval_threshold_ore",
            "low_balance_threshold_ore",
            "max_deposit_ore",
            "created_at",
            "seq",
        }
    ),
    "device": frozenset({"id", "kind", "name", "created_at", "revoked_at"}),
    "staff": frozenset(
        {
            "id",
            "username",
            "display_name",
            "role",
            "password_hash",
            "active",
            "created_at",
            "seq",
        }
    ),
    "household": frozenset({"id", "seq"}),
    "guardian": frozenset({"id", "household_id", "name", "email", "seq"}),
    "student": frozenset(
        {
            "id",
            "external_ref",
            "name",
            "class_label",
            "household_id",
            "status",
            "left_at",
            "anonymised_at",
            "created_at",
            "seq",
            GUARDIAN_IDS,
        }
    ),
    "account": frozenset({"id", "kind", "student_id", "balance_ore", "seq"}),
    "card": frozenset(
        {
            "id",
            "student_id",
            "card_number",
            "status",
            "block_reason",
            "replaced_by_card_id",
            "issued_at",
            "status_changed_at",
            "seq",
        }
    ),
    "card_event": frozenset(
        {"id", "card_id", "event", "reason", "staff", "command_id", "occurred_at", "seq"}
    ),
    "daily_cap": frozenset({"student_id", "daily_cap_ore", "set_at", "set_by", "seq"}),
    "agreement": frozenset(
        {
            "id",
            "student_id",
            "amount_ore",
            "payment_ref",
            "status",
            "created_at",
            "activated_at",
            "cancelled_at",
            "seq",
        }
    ),
    "transaction": frozenset(
        {
            "id",
            "kind",
            "student_id",
            "command_id",
            "posted_at",
            "occurred_at",
            "text",
            "reverses_txn_id",
            "entries_digest",
            "seq",
            ENTRIES,
        }
    ),
    "daily_spend": frozenset({"student_id", "day", "spent_ore", "seq"}),
    "payout": frozenset(
        {
            "id",
            "student_id",
            "amount_ore",
            "holder_name",
            "reg_no",
            "account_no",
            "message",
            "status",
            "requested_by",
            "requested_device_id",
            "requested_at",
            "decided_by",
            "decided_at",
            "reject_reason",
            "bank_ref",
            "batch_id",
            "execution_date",
            "sent_by",
            "sent_at",
            "settled_at",
            "returned_at",
            "return_reason",
            "seq",
        }
    ),
    "reversal": frozenset(
        {
            "id",
            "txn_id",
            "reason",
            "status",
            "requested_by",
            "requested_at",
            "decided_by",
            "decided_at",
            "reject_reason",
            "reversal_txn_id",
            "seq",
        }
    ),
    "declined_purchase": frozenset(
        {"command_id", "card_number", "card_id", "student_id", "amount_ore", "code", "occurred_at"}
        | {"seq"}
    ),
    "audit_event": frozenset(
        {
            "chain",
            "chain_index",
            "occurred_at",
            "device_id",
            "staff",
            "action",
            "subject",
            "details",
            "personal",
            "personal_digest",
            "command_id",
            "prev_hash",
            "hash",
            "seq",
        }
    ),
}

PORTAL: dict[str, frozenset[str]] = {
    "school": frozenset({"id", "name", "address", "replacement_fee_ore", "max_deposit_ore", "seq"}),
    "household": frozenset({"id", "seq"}),
    "guardian": frozenset({"id", "household_id", "name", "email", "seq"}),
    "student": frozenset(
        {"id", "name", "class_label", "household_id", "status", "left_at", "seq", GUARDIAN_IDS}
    ),
    "account": frozenset({"id", "kind", "student_id", "balance_ore", "seq"}),
    "card": frozenset(
        {
            "id",
            "student_id",
            "card_number",
            "status",
            "block_reason",
            "replaced_by_card_id",
            "issued_at",
            "status_changed_at",
            "seq",
        }
    ),
    "daily_cap": frozenset({"student_id", "daily_cap_ore", "set_at", "seq"}),
    "agreement": OFFICE["agreement"],
    "transaction": frozenset(
        {
            "id",
            "kind",
            "student_id",
            "command_id",
            "posted_at",
            "occurred_at",
            "text",
            "reverses_txn_id",
            "seq",
            ENTRIES,
        }
    ),
}

TERMINAL: dict[str, frozenset[str]] = {
    "school": frozenset({"id", "name", "seq"}),
    "student": frozenset({"id", "name", "class_label", "seq"}),
    "card": frozenset({"id", "student_id", "card_number", "status", "seq"}),
}

FEED_FIELDS: dict[str, dict[str, frozenset[str]]] = {
    "office": OFFICE,
    "portal": PORTAL,
    "terminal": TERMINAL,
}


def _is_wallet(row: Any) -> bool:
    return row.student_id is not None


#: Rows of a kind a device gets only when they pass a test: the portal sees the children's
#: wallets, not the balances of the school's own accounts (cash drawer, revenue, bank).
ROW_FILTERS: dict[tuple[str, str], Callable[[Any], bool]] = {
    ("portal", "account"): _is_wallet,
}


def fields_for(device_kind: str) -> dict[str, frozenset[str]]:
    """The allow-list of a device kind; an unknown kind reads nothing."""
    return FEED_FIELDS.get(device_kind, {})
