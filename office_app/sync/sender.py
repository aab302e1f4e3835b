"""Sending the outbox to the ledger: in order, in batches, the same command on every resend.

No answer (a network error, a timeout, a 5xx) means "unknown": the commands stay pending and
go again, unchanged, after a capped and jittered pause. A business rejection is final and
moves the command to the needs-attention list with the ledger's message.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
from sqlalchemy import Engine, bindparam, func, select, update

from models import OutboxCommand, SyncState
from office_app.sync.puller import PullError, Unanswered

BATCH = 500
MAX_BATCHES = 100_000


@dataclass
class SendReport:
    applied: int = 0
    rejected: int = 0


@dataclass
class Backoff:
    """Capped, jittered exponential pauses between attempts that got no answer."""

    first_seconds: float = 0.5
    cap_seconds: float = 60.0
    failures: int = 0

    def next_pause(self) -> float:
        self.failures += 1
        ceiling = min(self.cap_seconds, self.first_seconds * 2 ** (self.failures - 1))
        return random.uniform(ceiling / 2, ceiling)  # noqa: S311 - spreading retries, not secrets

    def reset(self) -> None:
        self.failures = 0


def _as_json(row: Any) -> dict[str, Any]:
    return {
        "command_id": str(row.command_id),
        "device_seq": row.device_seq,
        "type": row.type,
        "occurred_at": row.occurred_at.isoformat(),
        "staff": row.staff,
        "payload": row.payload,
    }


_PENDING = (
    select(
        OutboxCommand.command_id,
        OutboxCommand.device_seq,
        OutboxCommand.type,
        OutboxCommand.occurred_at,
        OutboxCommand.staff,
        OutboxCommand.payload,
    )
    .where(OutboxCommand.state == "pending")
    .order_by(OutboxCommand.device_seq)
    .limit(bindparam("batch"))
)

_OUTCOME = (
    update(OutboxCommand)
    .where(OutboxCommand.command_id == bindparam("b_command_id"))
    .values(
        state=bindparam("b_state"),
        attempts=OutboxCommand.attempts + 1,
        last_attempt_at=bindparam("b_now"),
        last_error=None,
        code=bindparam("b_code"),
        message=bindparam("b_message"),
        seq=bindparam("b_seq"),
        result=bindparam("b_result", type_=OutboxCommand.__table__.c.result.type),
    )
)


def send_pending(
    engine: Engine,
    client: httpx.Client,
    *,
    now: dt.datetime,
    batch: int = BATCH,
    progress: Callable[[int, int], None] | None = None,
) -> SendReport:
    """Send every pending command in device order; record each batch's outcomes as they come.

    ``progress`` is told the commands decided so far and how many there are to send.
    """
    report = SendReport()
    total = pending_count(engine)
    for _ in range(MAX_BATCHES):
        with engine.connect() as connection:
            rows = connection.execute(_PENDING, {"batch": batch}).all()
        if not rows:
            return report
        results = _post(client, [_as_json(row) for row in rows])
        outcomes = [
            {
                "b_command_id": uuid.UUID(result["command_id"]),
                "b_state": "applied" if result["status"] == "applied" else "rejected",
                "b_now": now,
                "b_code": result["code"],
                "b_message": result["message"],
                "b_seq": result["seq"],
                "b_result": result["result"],
            }
            for result in results
        ]
        with engine.begin() as connection:
            connection.execute(_OUTCOME, outcomes)
            connection.execute(
                update(SyncState).where(SyncState.id == 1).values(last_success_at=now)
            )
        applied = sum(outcome["b_state"] == "applied" for outcome in outcomes)
        report.applied += applied
        report.rejected += len(outcomes) - applied
        if progress is not None:
            decided = report.applied + report.rejected
            total = max(total, decided)
            progress(decided, total)
    return report


def pending_count(engine: Engine) -> int:
    with engine.connect() as connection:
        return connection.execute(
            select(func.count()).where(OutboxCommand.state == "pending")
        ).scalar_one()


def _post(client: httpx.Client, commands: list[dict[str, Any]]) -> list[dict[str, Any]]:
    try:
        response = client.post("/v1/commands", json={"commands": commands})
    except httpx.HTTPError as error:
        raise Unanswered(f"no answer from the ledger: {error}") from None
    if response.status_code == 401:
        raise PullError("the ledger refused this office's device token", "refused_token")
    if response.status_code >= 500 or response.status_code == 413:
        raise Unanswered(f"the ledger answered {response.status_code}", "ledger_trouble")
    if response.status_code != 200:
        raise PullError(f"the ledger refused the commands: {response.text[:300]}")
    try:
        results: list[dict[str, Any]] = response.json()["results"]
    except (ValueError, KeyError, TypeError):
        raise Unanswered("the ledger's answer could not be read", "ledger_trouble") from None
    if len(results) != len(commands) or any(
        result.get("command_id") != command["command_id"]
        for result, command in zip(results, commands, strict=True)
    ):
        raise Unanswered("the ledger's answer does not match the commands sent", "ledger_trouble")
    return results
