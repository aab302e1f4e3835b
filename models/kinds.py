"""The kinds of row the change feed carries, by the name the protocol gives them.

In the order a replica applies them: every row after the rows it refers to. The ledger's
feed and the office's replica both read this one table of names.
"""

from __future__ import annotations

from sqlalchemy.orm import DeclarativeBase

from models.ledger import (
    Account,
    AuditEvent,
    DailySpend,
    DeclinedPurchase,
    LedgerTransaction,
    Payout,
    Reversal,
    TopUpAgreement,
)
from models.people import Card, CardEvent, DailyCap, Guardian, Household, Student
from models.school import Device, School, Staff

FEED_KINDS: dict[str, type[DeclarativeBase]] = {
    "school": School,
    "device": Device,
    "staff": Staff,
    "household": Household,
    "guardian": Guardian,
    "student": Student,
    "account": Account,
    "card": Card,
    "card_event": CardEvent,
    "daily_cap": DailyCap,
    "agreement": TopUpAgreement,
    "transaction": LedgerTransaction,
    "daily_spend": DailySpend,
    "payout": Payout,
    "reversal": Reversal,
    "declined_purchase": DeclinedPurchase,
    "audit_event": AuditEvent,
}
