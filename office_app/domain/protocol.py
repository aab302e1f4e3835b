"""Protocol v1 on the wire: the request and response bodies the OpenAPI document publishes.

Each command type gets its own envelope model, joined in a union discriminated by ``type``,
so the published schema tells other vendors exactly which payload goes with which type.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TYPE_CHECKING, Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, create_model

from office_app.domain.catalogue import PAYLOAD_TYPES
from office_app.domain.commands import Command, CommandResult
from office_app.domain.payloads import MAX_JSON_INT, AwareDatetime, ShortText

MAX_BATCH = 500


class EnvelopeBase(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    command_id: uuid.UUID
    device_seq: Annotated[int, Field(ge=0, le=MAX_JSON_INT, strict=True)]
    occurred_at: AwareDatetime
    staff: ShortText | None = None

    def to_command(self) -> Command:
        return Command(
            command_id=self.command_id,
            device_seq=self.device_seq,
            type=getattr(self, "type"),  # noqa: B009 - each subclass adds its own literal
            occurred_at=self.occurred_at,
            staff=self.staff,
            payload=getattr(self, "payload"),  # noqa: B009
        )


def _envelope_model(command_type: str) -> type[EnvelopeBase]:
    name = "".join(part.title() for part in command_type.replace(".", "_").split("_"))
    return create_model(
        f"{name}Command",
        __base__=EnvelopeBase,
        type=(Literal[command_type], ...),  # type: ignore[arg-type]
        payload=(PAYLOAD_TYPES[command_type], ...),
    )


ENVELOPES = tuple(_envelope_model(command_type) for command_type in PAYLOAD_TYPES)

if TYPE_CHECKING:
    AnyCommand = EnvelopeBase
else:
    AnyCommand = Annotated[Union[ENVELOPES], Field(discriminator="type")]  # noqa: UP007


class CommandBatch(BaseModel):
    """``POST /v1/commands``: 1 to 500 commands, applied in order."""

    model_config = ConfigDict(extra="forbid")

    commands: Annotated[list[AnyCommand], Field(min_length=1, max_length=MAX_BATCH)]


class CommandsResponse(BaseModel):
    results: list[CommandResult]
    server_time: dt.datetime


class Change(BaseModel):
    """One changed thing: its kind, the change number it carries, and its current state."""

    seq: int
    kind: str
    data: dict[str, Any]


class ChangesResponse(BaseModel):
    changes: list[Change]
    last_seq: int
    has_more: bool


class ErrorResponse(BaseModel):
    """Every refusal at the HTTP level: a stable code and a sentence naming the field."""

    error: str
    message: str
    fields: list[dict[str, str]] = []


class Health(BaseModel):
    status: Literal["ok"]
    server_time: dt.datetime
