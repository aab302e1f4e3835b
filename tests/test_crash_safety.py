"""The office's SQLite file survives its process being killed in the middle of writing.

A child process queues commands in a loop through the real outbox; it is killed with
SIGKILL at a random moment, again and again, over the same file. After every kill the file
passes SQLite's integrity and foreign-key checks, every command whose commit had returned
is there with its audit row, and device numbers have no gaps.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
import sqlite3
import time
from pathlib import Path

from office_app.db import make_engine, migrate
from office_app.domain.ids import uuid7
from office_app.ledger.directory import create_school
from office_app.ledger.verify import verify
from tests.crash_writer import write_until_killed
from tests.world import Clock

KILLS = 200
READY_SECONDS = 60


def _check(path: Path, committed: set[str]) -> int:
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        stored = {uuid_hex for (uuid_hex,) in connection.execute("SELECT command_id FROM outbox")}
        sequence = [seq for (seq,) in connection.execute("SELECT device_seq FROM outbox")]
        audited = connection.execute(
            "SELECT count(*) FROM audit_events WHERE chain = 'office' "
            "AND command_id IN (SELECT command_id FROM outbox)"
        ).fetchone()[0]
    connection.close()
    assert {command_id.replace("-", "") for command_id in committed} <= stored
    assert sorted(sequence) == list(range(1, len(sequence) + 1))
    assert audited == len(stored)
    return len(stored)


def test_killing_the_office_while_it_writes_loses_nothing_committed(tmp_path: Path) -> None:
    path = tmp_path / "office.db"
    engine = make_engine(str(path))
    migrate(engine)
    school_id = create_school(engine, "Skovbo Skole", clock=Clock())
    engine.dispose()
    student_id = str(uuid7())
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["tests.crash_writer"])
    rng = random.Random(8)
    committed: set[str] = set()
    stored = 0
    for _ in range(KILLS):
        receiver, sender = context.Pipe(duplex=False)
        child = context.Process(
            target=write_until_killed, args=(str(path), school_id, student_id, sender)
        )
        child.start()
        sender.close()
        first = receiver.recv() if receiver.poll(READY_SECONDS) else None
        assert first is not None and receiver.recv() == "ready"
        committed.add(first)
        time.sleep(rng.uniform(0, 0.04))
        assert child.pid is not None
        os.kill(child.pid, signal.SIGKILL)
        child.join()
        assert child.exitcode == -signal.SIGKILL
        received = []
        while True:
            try:
                received.append(receiver.recv())
            except (EOFError, OSError):
                break
        receiver.close()
        committed.update(received)
        stored = _check(path, committed)
    assert len(committed) > KILLS and stored >= len(committed)
    engine = make_engine(str(path))
    assert verify(engine) == []
    engine.dispose()


def test_every_sqlite_connection_commits_to_disk_before_returning(tmp_path: Path) -> None:
    """WAL with synchronous=FULL: a committed transaction survives a power cut, not only a
    crash of the process; foreign keys are enforced."""
    engine = make_engine(str(tmp_path / "office.db"))
    with engine.connect() as connection:
        pragmas = [
            connection.exec_driver_sql(f"PRAGMA {name}").scalar()
            for name in ("journal_mode", "synchronous", "foreign_keys")
        ]
    engine.dispose()
    assert pragmas == ["wal", 2, 1]
