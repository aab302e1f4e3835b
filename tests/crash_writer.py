"""The office process that the crash-safety test kills: it queues commands as fast as it can.

After each ``record`` returns (its transaction committed), the command id is sent to the
test, so the test knows which commands the office was told were safe. "ready" follows the
first one, once the process is warm and writing at full speed.
"""

from __future__ import annotations

import datetime as dt
import uuid
from multiprocessing.connection import Connection

from office_app.db import make_engine
from office_app.sync.outbox import record

START = dt.datetime(2026, 11, 24, 8, 0, tzinfo=dt.UTC)
ROUNDS = 1_000_000


def write_until_killed(path: str, school_id: uuid.UUID, student_id: str, ids: Connection) -> None:
    engine = make_engine(path)
    for number in range(ROUNDS):
        queued = record(
            engine,
            school_id,
            None,
            "deposit.cash",
            {"student_id": student_id, "amount_ore": 100 + number, "receipt_no": f"K-{number}"},
            staff="hanne",
            now=START + dt.timedelta(seconds=number),
        )
        ids.send(str(queued.command_id))
        if number == 0:
            ids.send("ready")
