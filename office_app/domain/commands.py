"""Protocol v1 commands: the envelope, one payload schema per type, and parsing with
precise errors that name the field.

Types are checked strictly here (an amount must be a JSON integer of øre); business rules
such as "more than zero" or "no more than the school's largest deposit" are the ledger's to
decide, so a sender learns them as a stored ``rejected`` outcome with a stable code.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictInt,
    StrictStr,
    ValidationError,
)

from office_app.domain.cards import CardNumberError, normalise_card_number
from office_app.domain.money import MAX_ORE


def _card_number(value: str) -> str:
    try:
        return normalise_card_number(value)
    except CardNumberError as error:
        raise ValueError(error.message_en) from error


def _date_time_text(value: object) -> object:
    """A time on the wire is an ISO 8601 string; a bare number is not taken for a date."""
    if not isinstance(value, str | dt.datetime):
        raise ValueError("must be a date and time such as 2026-11-24T08:12:03Z")
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

CardNumber = Annotated[StrictStr, AfterValidator(_card_number)]
Text = Annotated[StrictStr, Field(max_length=200), AfterValidator(_printable)]
ShortText = Annotated[StrictStr, Field(max_length=64), AfterValidator(_printable)]
Ore = Annotated[StrictInt, Field(ge=-MAX_ORE, le=MAX_ORE)]
AwareDatetime = Annotated[dt.datetime, BeforeValidator(_date_time_text), AfterValidator(_aware)]


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
    reason: Literal["lost", "stolen", "damaged", "other"]


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
    execution_date: dt.date
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


PAYLOAD_TYPES: dict[str, type[Payload]] = {
    "student.upsert": StudentUpsert,
    "student.leave": StudentLeave,
    "card.issue": CardIssue,
    "card.block": CardBlock,
    "card.reactivate": CardReactivate,
    "card.replace": CardReplace,
    "cap.set": CapSet,
    "deposit.cash": DepositCash,
    "deposit.online": DepositOnline,
    "autotopup.create": AutoTopUpCreate,
    "autotopup.cancel": AutoTopUpCancel,
    "purchase": Purchase,
    "payout.request": PayoutRequest,
    "payout.approve": PayoutApprove,
    "payout.reject": PayoutReject,
    "payout.send": PayoutSend,
    "payout.settle": PayoutSettle,
    "payout.bank_reject": PayoutBankReject,
    "payout.return": PayoutReturn,
    "txn.reverse": TxnReverse,
    "reversal.approve": ReversalApprove,
    "reversal.reject": ReversalReject,
    "balance.transfer": BalanceTransfer,
}

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
]


class CommandEnvelope(BaseModel):
    """A command as it travels: the payload is checked against its type's schema."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    command_id: uuid.UUID
    device_seq: Annotated[StrictInt, Field(ge=0, le=MAX_JSON_INT)]
    type: CommandType
    occurred_at: AwareDatetime
    staff: ShortText | None = None
    payload: dict[str, Any]


class Command(BaseModel):
    """A parsed command with its typed payload."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    command_id: uuid.UUID
    device_seq: int
    type: str
    occurred_at: dt.datetime
    staff: str | None
    payload: Payload

    def canonical(self) -> dict[str, Any]:
        """The command as JSON data, payload normalised: what its content hash covers."""
        return {
            "command_id": str(self.command_id),
            "device_seq": self.device_seq,
            "type": self.type,
            "occurred_at": self.occurred_at.isoformat(),
            "staff": self.staff,
            "payload": self.payload.model_dump(mode="json"),
        }


class CommandFormatError(ValueError):
    """A command whose shape is wrong; ``errors`` holds one ``(field, rule)`` per problem."""

    def __init__(self, errors: list[tuple[str, str]]) -> None:
        self.errors = errors
        super().__init__("; ".join(f"{field}: {rule}" for field, rule in errors))


def _field_errors(error: ValidationError, prefix: str) -> list[tuple[str, str]]:
    found = []
    for item in error.errors(include_url=False):
        path = ".".join(str(part) for part in (prefix, *item["loc"]) if part != "")
        message = item["msg"]
        if message.startswith("Value error, "):
            message = message.removeprefix("Value error, ")
        found.append((path or "body", message))
    return found


def parse_command(data: Any, *, prefix: str = "") -> Command:
    """Validate one command's envelope and payload; raise CommandFormatError naming fields."""
    try:
        envelope = CommandEnvelope.model_validate(data)
    except ValidationError as error:
        raise CommandFormatError(_field_errors(error, prefix)) from None
    payload_type = PAYLOAD_TYPES[envelope.type]
    payload_prefix = f"{prefix}.payload" if prefix else "payload"
    try:
        payload = payload_type.model_validate(envelope.payload)
    except ValidationError as error:
        raise CommandFormatError(_field_errors(error, payload_prefix)) from None
    return Command(
        command_id=envelope.command_id,
        device_seq=envelope.device_seq,
        type=envelope.type,
        occurred_at=envelope.occurred_at,
        staff=envelope.staff,
        payload=payload,
    )


def make_command(
    command_type: str,
    payload: dict[str, Any],
    *,
    occurred_at: dt.datetime,
    device_seq: int = 0,
    staff: str | None = None,
    command_id: uuid.UUID | None = None,
) -> Command:
    """Build a command in code (seeding, simulators, the office), validated like any other."""
    from office_app.domain.ids import uuid7

    return parse_command(
        {
            "command_id": str(command_id or uuid7()),
            "device_seq": device_seq,
            "type": command_type,
            "occurred_at": occurred_at.isoformat(),
            "staff": staff,
            "payload": _jsonable(payload),
        }
    )


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_jsonable(item) for item in value]
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


class CommandResult(BaseModel):
    """The outcome of one command, as stored by the ledger and returned on every resend."""

    model_config = ConfigDict(frozen=True)

    command_id: uuid.UUID
    status: Literal["applied", "rejected"]
    code: str
    message: str
    seq: int | None
    result: dict[str, Any]
    content_hash: Annotated[str | None, Field(exclude=True, repr=False)] = None
