"""The simulated clock and the clients: terminals and the portal, and offices with replicas."""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import Engine, func, select

from models import OutboxCommand
from office_app.db import make_engine
from office_app.simulation.network import BASE_URL, Network, OfficeCrashed
from office_app.sync.outbox import record
from office_app.sync.puller import PullError, Unanswered, pull
from office_app.sync.sender import send_pending

MAX_BATCH = 50


@dataclass
class SimClock:
    """Simulated UTC time; each client reads it through its own skew."""

    now: dt.datetime

    def advance(self, seconds: float) -> None:
        self.now += dt.timedelta(seconds=seconds)

    def millis(self) -> int:
        return int(self.now.timestamp() * 1000)


@dataclass
class Sender:
    """A terminal or the portal: commands made here, resent until the ledger answers them."""

    name: str
    token: str
    network: Network
    rng: random.Random
    skew_seconds: float = 0.0
    device_seq: int = 0
    pending: dict[str, dict[str, Any]] = field(default_factory=dict)
    made: list[str] = field(default_factory=list)
    client: httpx.Client = field(init=False)

    def __post_init__(self) -> None:
        self.client = httpx.Client(
            base_url=BASE_URL,
            headers={"Authorization": f"Bearer {self.token}"},
            transport=self.network.transport(self.name),
        )

    def make(self, command_type: str, payload: dict[str, Any], now: dt.datetime) -> None:
        self.device_seq += 1
        command_id = str(uuid.UUID(int=self.rng.getrandbits(128), version=4))
        occurred = now + dt.timedelta(seconds=self.skew_seconds)
        self.pending[command_id] = {
            "command_id": command_id,
            "device_seq": self.device_seq,
            "type": command_type,
            "occurred_at": occurred.isoformat(),
            "staff": None,
            "payload": payload,
        }
        self.made.append(command_id)

    def flush(self) -> list[dict[str, Any]]:
        """Send what is pending (sometimes in shuffled order); the results that came back."""
        batch = list(self.pending.values())[:MAX_BATCH]
        if not batch:
            return []
        if self.rng.random() < 0.1:
            self.rng.shuffle(batch)
            self.network.faults["reordered_batch"] += 1
        try:
            response = self.client.post("/v1/commands", json={"commands": batch})
        except httpx.HTTPError:
            return []
        if response.status_code != 200:
            self.network.violations.append(
                f"{self.name}: commands refused with {response.status_code}: {response.text}"
            )
            return []
        results: list[dict[str, Any]] = response.json()["results"]
        for result in results:
            self.pending.pop(result["command_id"], None)
        return results


@dataclass
class Office:
    """An office: its replica and outbox in a SQLite file, synced with the real sync code."""

    name: str
    path: Path
    school_id: uuid.UUID
    device_id: uuid.UUID
    token: str
    network: Network
    skew_seconds: float = 0.0
    engine: Engine = field(init=False)
    client: httpx.Client = field(init=False)

    def __post_init__(self) -> None:
        self.engine = make_engine(str(self.path))
        self.client = httpx.Client(
            base_url=BASE_URL,
            headers={"Authorization": f"Bearer {self.token}"},
            transport=self.network.transport(self.name),
        )

    def record(
        self, command_type: str, payload: dict[str, Any], staff: str, now: dt.datetime
    ) -> None:
        local_now = now + dt.timedelta(seconds=self.skew_seconds)
        record(
            self.engine,
            self.school_id,
            self.device_id,
            command_type,
            payload,
            staff=staff,
            now=local_now,
        )

    def sync(self, now: dt.datetime, counts: Counter[str]) -> None:
        """One round as the office's worker runs it: pull, send the outbox, pull again."""
        local_now = now + dt.timedelta(seconds=self.skew_seconds)
        try:
            pull(self.engine, self.client, self.school_id)
            send_pending(self.engine, self.client, now=local_now)
            pull(self.engine, self.client, self.school_id)
            counts["sync_ok"] += 1
        except Unanswered:
            counts["sync_unanswered"] += 1
        except PullError as error:
            self.network.violations.append(f"{self.name}: sync refused: {error}")
        except OfficeCrashed:
            self.crash()

    def crash(self) -> None:
        """The process dies: nothing in memory survives; the office reopens its file."""
        self.engine.dispose()
        self.engine = make_engine(str(self.path))

    def waiting(self) -> int:
        with self.engine.connect() as connection:
            return int(
                connection.execute(
                    select(func.count()).where(OutboxCommand.state == "pending")
                ).scalar_one()
            )

    def close(self) -> None:
        self.client.close()
        self.engine.dispose()
