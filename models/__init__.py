"""SQLAlchemy models: one schema for the central ledger and for the office replica."""

from models.base import Base
from models.ledger import (
    ACCOUNT_KINDS,
    Account,
    AuditEvent,
    CommandRecord,
    DailySpend,
    DeclinedPurchase,
    LedgerEntry,
    LedgerTransaction,
    Payout,
    Reversal,
    TopUpAgreement,
)
from models.office import OutboxCommand, SyncState
from models.people import Card, CardEvent, DailyCap, Guardian, Household, Student, StudentGuardian
from models.school import ChangeSequence, Device, School, Staff

__all__ = [
    "ACCOUNT_KINDS",
    "Account",
    "AuditEvent",
    "Base",
    "Card",
    "CardEvent",
    "ChangeSequence",
    "CommandRecord",
    "DailyCap",
    "DailySpend",
    "DeclinedPurchase",
    "Device",
    "Guardian",
    "Household",
    "LedgerEntry",
    "LedgerTransaction",
    "OutboxCommand",
    "Payout",
    "Reversal",
    "School",
    "Staff",
    "Student",
    "StudentGuardian",
    "SyncState",
    "TopUpAgreement",
]
