"""Office sync over real HTTP on 127.0.0.1 (a benchmark, not a test).

Runs ``office-app ledger serve`` as its own process on a SQLite ledger and measures the office:

1. push: 10,000 commands queued in the office outbox (cash deposits and daily-cap changes
   across 500 students) sent to the ledger by the office's sender (target: 10 s);
2. bootstrap: a new office replica of a 1,000-student school with 180 days of history pulled
   from the change feed from scratch (target: 60 s), and the replica's file size.

The seeded school is cached in a temporary folder, keyed by the seed parameters and the
schema revision, because seeding it takes minutes; seeding time is printed on its own.

Usage: ``.venv/bin/python bench/sync_bench.py [--only push|bootstrap] [--commands N]
[--students N] [--days N] [--page-limit N] [--cache-dir DIR] [--profile FILE]``
(``make bench-sync`` runs it).
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import functools
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, select

from models import Student
from office_app.db import alembic_config, make_engine, migrate
from office_app.desk.audit_chains import verify_chain
from office_app.desk.audit_log import SCHOOL, AuditFilter, audit_lines
from office_app.domain.commands import make_command
from office_app.domain.ids import uuid7
from office_app.domain.localtime import wall_clock
from office_app.ledger.directory import add_device, add_staff, authenticate, create_school
from office_app.ledger.engine import Ledger
from office_app.ledger.tools.process import LedgerProcess
from office_app.ledger.tools.seed import seed_demo
from office_app.ledger.verify import verify
from office_app.sync.outbox import record, status
from office_app.sync.puller import PAGE_LIMIT, pull, replica_school
from office_app.sync.sender import send_pending

SEED = 2026
SEED_TODAY = dt.date(2026, 11, 24)
PUSH_STUDENTS = 500


def client(url: str, token: str) -> httpx.Client:
    return httpx.Client(base_url=url, headers={"Authorization": f"Bearer {token}"}, timeout=300)


def office_replica(folder: Path) -> Engine:
    engine = make_engine(str(folder / "office.db"))
    migrate(engine)
    return engine


@contextmanager
def profiled(path: str | None) -> Iterator[None]:
    """Profile the block into ``path`` when one is given (read it with ``python -m pstats``)."""
    if path is None:
        yield
        return
    profiler = cProfile.Profile()
    profiler.enable()
    try:
        yield
    finally:
        profiler.disable()
        profiler.dump_stats(path)


def prepare_push_ledger(database: Path) -> tuple[str, list[uuid.UUID]]:
    """A school with PUSH_STUDENTS children and an office; returns its token and the children."""
    engine = make_engine(str(database))
    migrate(engine)
    school_id = create_school(engine, "Push School", clock=wall_clock, max_deposit_ore=10**9)
    token = add_device(engine, school_id, "office", "Kontor", clock=wall_clock).token
    add_staff(engine, school_id, "hanne", "secretary", "benchmark-password", clock=wall_clock)
    add_staff(engine, school_id, "ole", "admin", "benchmark-password", clock=wall_clock)
    office = authenticate(engine, token)
    assert office is not None
    ledger = Ledger(engine, clock=wall_clock)
    now = wall_clock()
    students = [uuid7() for _ in range(PUSH_STUDENTS)]
    for index, student_id in enumerate(students):
        payload = {
            "student_id": student_id,
            "external_ref": f"P{index}",
            "name": f"Elev {index}",
            "class_label": f"{index % 10}.A",
        }
        result = ledger.apply_one(
            office, make_command("student.upsert", payload, occurred_at=now, staff="ole")
        )
        assert result.status == "applied", result
    engine.dispose()
    return token, students


def queue_office_commands(
    engine: Engine,
    school_id: uuid.UUID,
    device_id: uuid.UUID,
    students: list[uuid.UUID],
    total: int,
) -> None:
    """Four cash deposits to every cap change, round the students."""
    now = wall_clock()
    for number in range(total):
        student_id = students[number % len(students)]
        if number % 5 == 4:
            command_type = "cap.set"
            payload: dict[str, Any] = {
                "student_id": student_id,
                "daily_cap_ore": 3000 + 500 * (number % 7),
            }
        else:
            command_type = "deposit.cash"
            payload = {"student_id": student_id, "amount_ore": 2000, "receipt_no": f"K-{number}"}
        record(engine, school_id, device_id, command_type, payload, staff="hanne", now=now)


def bench_push(folder: Path, total: int, profile: str | None) -> list[str]:
    token, students = prepare_push_ledger(folder / "push-ledger.db")
    replica = office_replica(folder)
    lines = []
    with LedgerProcess(str(folder / "push-ledger.db")) as server, client(server.url, token) as http:
        pull(replica, http)
        school_id = replica_school(replica)
        assert school_id is not None
        device_id = authenticate_office(folder / "push-ledger.db", token)
        started = time.perf_counter()
        queue_office_commands(replica, school_id, device_id, students, total)
        queued = time.perf_counter() - started
        lines.append(f"{'queue commands in the outbox':<44} {queued:6.1f} s  ({total} commands)")
        started = time.perf_counter()
        office_cpu = time.process_time()
        with profiled(profile):
            report = send_pending(replica, http, now=wall_clock())
        pushed = time.perf_counter() - started
        office_cpu = time.process_time() - office_cpu
        assert (report.applied, report.rejected) == (total, 0), report
        assert status(replica).waiting == 0
        lines += [
            f"{'push the outbox (target <= 10 s)':<44} {pushed:6.1f} s  "
            f"({total / pushed:.0f} commands/s)",
            f"{'  the office process on the CPU meanwhile':<44} {office_cpu:6.1f} s",
        ]
        started = time.perf_counter()
        changes = pull(replica, http)
        lines.append(
            f"{'pull what the push changed':<44} {time.perf_counter() - started:6.1f} s  "
            f"({changes} changes)"
        )
    assert verify(replica, school_id) == []
    replica.dispose()
    return lines


def authenticate_office(database: Path, token: str) -> uuid.UUID:
    engine = make_engine(str(database))
    device = authenticate(engine, token)
    engine.dispose()
    assert device is not None
    return device.id


def schema_revision() -> str:
    engine = make_engine("sqlite://")
    head = ScriptDirectory.from_config(alembic_config(engine)).get_current_head()
    engine.dispose()
    return head or "base"


def seeded_school(cache_dir: Path, students: int, days: int) -> tuple[Path, str, str]:
    """The cached seeded ledger (made now if missing), its office token and how it was got."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    name = f"school-{students}x{days}-seed{SEED}-{SEED_TODAY}-{schema_revision()}"
    database = cache_dir / f"{name}.db"
    token_file = cache_dir / f"{name}.json"
    if database.exists() and token_file.exists():
        return database, json.loads(token_file.read_text())["office_token"], "cached"
    partial = cache_dir / f"{name}.partial.db"
    for leftover in cache_dir.glob(f"{name}.partial.db*"):
        leftover.unlink()
    started = time.perf_counter()
    engine = make_engine(str(partial))
    migrate(engine)
    school_id = create_school(engine, "Bench Skole", clock=wall_clock)
    report = seed_demo(engine, school_id, students=students, days=days, seed=SEED, today=SEED_TODAY)
    token = add_device(engine, school_id, "office", "Bench office", clock=wall_clock).token
    engine.dispose()
    partial.rename(database)
    token_file.write_text(json.dumps({"office_token": token}))
    seconds = time.perf_counter() - started
    return database, token, f"seeded in {seconds:.0f} s ({report.commands} commands)"


def read_feed(http: httpx.Client, limit: int) -> float:
    """Seconds to read the whole feed without applying it: the ledger's share of a bootstrap."""
    started = time.perf_counter()
    after, more = 0, True
    while more:
        response = http.get("/v1/changes", params={"after": after, "limit": limit})
        page = response.json()
        after, more = page["last_seq"], page["has_more"]
    return time.perf_counter() - started


def bench_bootstrap(
    folder: Path, cache_dir: Path, students: int, days: int, limit: int, profile: str | None
) -> list[str]:
    cached, token, origin = seeded_school(cache_dir, students, days)
    database = folder / "bootstrap-ledger.db"
    shutil.copy(cached, database)
    lines = [f"{'school ' + f'{students} students x {days} days':<44} {origin}"]
    replica = office_replica(folder)
    pages = [0]

    def count_page(_cursor: int, _applied: int) -> None:
        pages[0] += 1

    with LedgerProcess(str(database)) as server, client(server.url, token) as http:
        started = time.perf_counter()
        office_cpu = time.process_time()
        with profiled(profile):
            changes = pull(replica, http, limit=limit, progress=count_page)
        seconds = time.perf_counter() - started
        office_cpu = time.process_time() - office_cpu
        feed_alone = read_feed(http, limit)
    problems = verify(replica)
    started = time.perf_counter()
    chain = verify_chain(replica, SCHOOL)
    chain_seconds = time.perf_counter() - started
    filters = {
        "newest": AuditFilter(),
        "child": AuditFilter(child=_some_child(replica)),
        "staff": AuditFilter(staff="hanne"),
    }
    log_ms = {
        label: _median_ms(functools.partial(audit_lines, replica, wanted))
        for label, wanted in filters.items()
    }
    replica.dispose()
    size = sum(path.stat().st_size for path in folder.glob("office.db*"))
    lines += [
        f"{'bootstrap a replica (target <= 60 s)':<44} {seconds:6.1f} s  "
        f"({changes} changes in {pages[0]} pages of {limit}, {changes / seconds:.0f}/s)",
        f"{'  the office process on the CPU meanwhile':<44} {office_cpu:6.1f} s",
        f"{'  the same pages only read, nothing applied':<44} {feed_alone:6.1f} s",
        f"{'replica file size':<44} {size / 1e6:6.1f} MB",
        f"{'replica invariants':<44} " + ("all hold" if not problems else f"{problems[:3]}"),
        f"{'the ledger audit chain checked on the office':<44} {chain_seconds:6.1f} s  "
        f"({chain.events} events, " + ("intact)" if chain.intact else f"{chain.problems[:3]})"),
        f"{'the audit log screen: newest 500 events':<44} {log_ms['newest']:6.0f} ms",
        f"{'  filtered by one child':<44} {log_ms['child']:6.0f} ms",
        f"{'  filtered by one staff member':<44} {log_ms['staff']:6.0f} ms",
    ]
    return lines


def _median_ms(work: Callable[[], object], runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def _some_child(engine: Engine) -> str:
    """The first name of a child in the middle of the school."""
    with engine.connect() as connection:
        names = connection.execute(select(Student.name).order_by(Student.name)).scalars().all()
    return names[len(names) // 2]


def run_timed(label: str, work: Callable[[], list[str]]) -> list[str]:
    print(f"{label} ...", flush=True)
    return work()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--only", choices=("push", "bootstrap"))
    parser.add_argument("--commands", type=int, default=10_000)
    parser.add_argument("--students", type=int, default=1000)
    parser.add_argument("--days", type=int, default=180)
    parser.add_argument("--page-limit", type=int, default=PAGE_LIMIT)
    parser.add_argument(
        "--cache-dir", type=Path, default=Path(tempfile.gettempdir()) / "office-app-bench"
    )
    parser.add_argument("--profile", help="write a cProfile of the timed part to this file")
    args = parser.parse_args()
    lines = []
    with tempfile.TemporaryDirectory() as work:
        if args.only in (None, "push"):
            folder = Path(work) / "push"
            folder.mkdir()
            lines += run_timed("push", lambda: bench_push(folder, args.commands, args.profile))
        if args.only in (None, "bootstrap"):
            folder = Path(work) / "bootstrap"
            folder.mkdir()
            lines += run_timed(
                "bootstrap",
                lambda: bench_bootstrap(
                    folder, args.cache_dir, args.students, args.days, args.page_limit, args.profile
                ),
            )
    print(f"{os.cpu_count()} cores, Python {sys.version.split()[0]}, ledger on SQLite")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
