"""Protocol v1 payloads: one schema per command type, checked strictly (an amount must be a
JSON integer of øre); business rules are the ledger's to decide."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictInt,
    StrictStr,
)

from office_app.domain.cards import BlockReason, normalise_card_number
from office_app.domain.money import MAX_ORE


def _date_time_text(value: object) -> object:
    """A time on the wire is an ISO 8601 string; a bare number is not taken for a date."""
    if not isinstance(value, str | dt.datetime):
        raise ValueError("must be a date and time such as 2026-11-24T08:12:03Z")
    return value


def _date_text(value: object) -> object:
    """A day on the wire is an ISO 8601 date string; a bare number is not taken for a day."""
    if not isinstance(value, str | dt.date):
        raise ValueError("must be a date such as 2026-11-25")
    return value


def _aware(value: dt.datetime) -> dt.datetime:
    if value.tzinfo is None:
        raise ValueError("must include a time zone, e.g. 2026-11-24T08:12:03Z")
    return value.astimezone(dt.UTC)


def _printable(value: str) -> str:
    if any(ord(character) < 32 and character not in "\t" for character in value):
        raise ValueError("may not contain control characters")
    return value


#: The largest integer every JSON reader keeps exactly (2**53 - 1); sequence numbers stay below.
MAX_JSON_INT = 2**53 - 1
#: Payouts in one bank file; more go in the next one.
MAX_PAYOUTS_PER_FILE = 500
#: Guardians one child may have (custody holders, step-parents, foster parents).
MAX_GUARDIANS = 20

#: A card number refused carries its ``CardNumberError`` as the validation error's cause,
#: for office_app/i18n to word.
CardNumber = Annotated[StrictStr, AfterValidator(normalise_card_number)]
Text = Annotated[StrictStr, Field(max_length=200), AfterValidator(_printable)]
ShortText = Annotated[StrictStr, Field(max_length=64), AfterValidator(_printable)]
Ore = Annotated[StrictInt, Field(ge=-MAX_ORE, le=MAX_ORE)]
AwareDatetime = Annotated[dt.datetime, BeforeValidator(_date_time_text), AfterValidator(_aware)]
Day = Annotated[dt.date, BeforeValidator(_date_text)]


class Payload(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class GuardianIn(Payload):
    """A custody holder; an empty ``email`` for one the school has no address for."""

    name: Text
    email: Annotated[StrictStr, Field(max_length=320), AfterValidator(_printable)] = ""


class StudentUpsert(Payload):
    """A child as the class list has them; ``guardians`` None leaves the guardians as they are
    (a list without guardian columns), a list replaces them."""

    student_id: uuid.UUID
    external_ref: ShortText
    name: Text
    class_label: Annotated[StrictStr, Field(max_length=16), AfterValidator(_printable)]
    guardians: Annotated[list[GuardianIn], Field(max_length=MAX_GUARDIANS)] | None = None


class StudentLeave(Payload):
    student_id: uuid.UUID


class CardIssue(Payload):
    student_id: uuid.UUID
    card_number: CardNumber


class CardBlock(Payload):
    card_number: CardNumber
    reason: BlockReason


class CardReactivate(Payload):
    card_number: CardNumber


class CardReplace(Payload):
    old_card_number: CardNumber
    new_card_number: CardNumber
    fee_ore: Ore
    fee_waiver_reason: Text | None = None


class CapSet(Payload):
    student_id: uuid.UUID
    daily_cap_ore: Ore | None


class DepositCash(Payload):
    student_id: uuid.UUID
    amount_ore: Ore
    receipt_no: ShortText


class DepositOnline(Payload):
    student_id: uuid.UUID
    amount_ore: Ore
    method: Literal["card", "mobilepay"]
    payment_ref: Text


class AutoTopUpCreate(Payload):
    student_id: uuid.UUID
    amount_ore: Ore
    payment_ref: Text


class AutoTopUpCancel(Payload):
    student_id: uuid.UUID


class Purchase(Payload):
    card_number: CardNumber
    amount_ore: Ore


class PayoutRequest(Payload):
    student_id: uuid.UUID
    amount_ore: Ore
    holder_name: Text
    reg_no: Annotated[StrictStr, Field(max_length=16), AfterValidator(_printable)]
    account_no: Annotated[StrictStr, Field(max_length=24), AfterValidator(_printable)]
    message: Text = ""
    payout_id: uuid.UUID | None = None


class PayoutApprove(Payload):
    payout_id: uuid.UUID


class PayoutReject(Payload):
    payout_id: uuid.UUID
    reason: Text


class PayoutSend(Payload):
    """Approved payouts put in one bank file (a pain.001 message): sent to the bank, not paid.

    ``total_ore`` is the file's control sum; ``execution_date`` the bank day it asks for.
    """

    batch_id: uuid.UUID
    payout_ids: Annotated[list[uuid.UUID], Field(min_length=1, max_length=MAX_PAYOUTS_PER_FILE)]
    total_ore: Ore
    execution_date: Day
    file_name: ShortText


class PayoutSettle(Payload):
    """A payout sent to the bank is paid: the bank accepted it, or an admin confirmed it."""

    payout_id: uuid.UUID
    bank_ref: Text


class PayoutBankReject(Payload):
    """The bank refused a payout it was sent; the money goes back to the wallet."""

    payout_id: uuid.UUID
    reason: Text
    bank_ref: Text = ""


class PayoutReturn(Payload):
    """The bank sent back a transfer it had paid; the money goes back to the wallet."""

    payout_id: uuid.UUID
    reason: Text
    bank_ref: Text = ""


class TxnReverse(Payload):
    txn_id: uuid.UUID
    reason: Text
    reversal_id: uuid.UUID | None = None


class ReversalApprove(Payload):
    reversal_id: uuid.UUID


class ReversalReject(Payload):
    reversal_id: uuid.UUID
    reason: Text


class BalanceTransfer(Payload):
    """A leaver's money moved to a sibling's wallet, with the guardian's consent in words."""

    from_student_id: uuid.UUID
    to_student_id: uuid.UUID
    amount_ore: Ore
    consent: Text


class StaffPassword(Payload):
    """A signed-in staff member's new password, as an argon2id hash made at the office: the
    password itself never leaves the desk, so it is in no request, log or command record."""

    password_hash: Annotated[StrictStr, Field(max_length=200), AfterValidator(_printable)]
