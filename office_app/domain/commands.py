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
    BaseModel,
    ConfigDict,
    Field,
    StrictInt,
    ValidationError,
)

from office_app.domain.cards import CardNumberError
from office_app.domain.catalogue import CATALOGUE, SECRET_FIELDS, CommandType
from office_app.domain.payloads import MAX_JSON_INT, AwareDatetime, Payload, ShortText


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

    def recorded_payload(self) -> dict[str, Any]:
        """The payload as the ledger's command record keeps it: secrets left out."""
        payload = self.payload.model_dump(mode="json")
        for name in SECRET_FIELDS.get(self.type, ()):
            if name in payload:
                payload[name] = "[hidden]"
        return payload

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
    """A command whose shape is wrong; ``errors`` holds one ``(field, rule)`` per problem.

    ``refusals`` holds, by field, a card number's ``CardNumberError`` behind a problem, for
    office_app/i18n to word; its entry in ``errors`` says only its code.
    """

    def __init__(
        self, errors: list[tuple[str, str]], refusals: dict[str, CardNumberError] | None = None
    ) -> None:
        self.errors = errors
        self.refusals = refusals or {}
        super().__init__("; ".join(f"{field}: {rule}" for field, rule in errors))


def _format_error(error: ValidationError, prefix: str) -> CommandFormatError:
    found = []
    refusals: dict[str, CardNumberError] = {}
    for item in error.errors(include_url=False):
        path = ".".join(str(part) for part in (prefix, *item["loc"]) if part != "") or "body"
        message = item["msg"]
        if message.startswith("Value error, "):
            message = message.removeprefix("Value error, ")
        cause = item.get("ctx", {}).get("error")
        if isinstance(cause, CardNumberError):
            refusals[path] = cause
        found.append((path, message))
    return CommandFormatError(found, refusals)


def parse_command(data: Any, *, prefix: str = "") -> Command:
    """Validate one command's envelope and payload; raise CommandFormatError naming fields."""
    try:
        envelope = CommandEnvelope.model_validate(data)
    except ValidationError as error:
        raise _format_error(error, prefix) from None
    payload_type = CATALOGUE[envelope.type].payload
    payload_prefix = f"{prefix}.payload" if prefix else "payload"
    try:
        payload = payload_type.model_validate(envelope.payload)
    except ValidationError as error:
        raise _format_error(error, payload_prefix) from None
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
