"""Ledger server throughput and latency over real HTTP on 127.0.0.1 (a benchmark, not a test).

Runs ``office-app ledger serve`` as its own process over a fresh database, then measures:

1. purchases from one terminal, sequential over one keep-alive connection;
2. purchases from 20 concurrent terminals;
3. 10,000 office commands pushed in batches of 500.

Before the concurrent part, the floor (bench/floor.py) takes the same 20 terminals on the same
database: a minimal FastAPI endpoint doing one durable double-entry commit per purchase, the
least a purchase must do; the ledger's rate is also given as a ratio to it.

Afterwards it checks the database: every command sent is stored exactly once, and the
ledger's invariants hold (``office-app ledger verify``).

Usage: ``.venv/bin/python bench/ledger_bench.py [--postgres URL] [--purchases N] [--only PART]``
(``make bench`` runs it on SQLite and on a throwaway PostgreSQL server). ``--only`` narrows
the run to a database (``sqlite``, ``postgres``) or a measurement (``sequential``,
``concurrent``, ``push``); it may be given more than once.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from floor import FloorProcess, floor_applied, floor_body, prepare_floor
from sqlalchemy import func, select, text

from models import CommandRecord
from office_app.db import make_engine, migrate
from office_app.domain.commands import make_command
from office_app.domain.ids import uuid7
from office_app.domain.localtime import wall_clock
from office_app.ledger.directory import add_device, add_staff, authenticate, create_school
from office_app.ledger.engine import Ledger
from office_app.ledger.verify import verify

STUDENTS = 200
TERMINALS = 20
OFFICE_COMMANDS = 10_000
DATABASES = ("sqlite", "postgres")
PARTS = ("sequential", "concurrent", "push")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def prepare(url: str) -> dict[str, Any]:
    """A school with STUDENTS children, each with a card and 10,000 kr."""
    engine = make_engine(url)
    migrate(engine)
    school_id = create_school(engine, "Benchmark School", clock=wall_clock, max_deposit_ore=10**9)
    tokens = {
        kind: add_device(engine, school_id, kind, kind, clock=wall_clock).token
        for kind in ("terminal", "portal", "office")
    }
    portal = authenticate(engine, tokens["portal"])
    office_token = tokens["office"]
    add_staff(engine, school_id, "admin", "admin", "benchmark-password", clock=wall_clock)
    office = authenticate(engine, office_token)
    assert portal is not None and office is not None
    ledger = Ledger(engine, clock=wall_clock)
    now = wall_clock()
    students = []
    for index in range(STUDENTS):
        student_id = uuid7()
        students.append(student_id)
        for command_type, payload, device, staff in (
            (
                "student.upsert",
                {
                    "student_id": student_id,
                    "external_ref": f"B{index}",
                    "name": f"Elev {index}",
                    "class_label": "5.B",
                },
                office,
                "admin",
            ),
            (
                "card.issue",
                {"student_id": student_id, "card_number": f"{10_000_000 + index}"},
                office,
                "admin",
            ),
            (
                "deposit.online",
                {
                    "student_id": student_id,
                    "amount_ore": 100_000_000,
                    "method": "card",
                    "payment_ref": "B",
                },
                portal,
                None,
            ),
        ):
            result = ledger.apply_one(
                device, make_command(command_type, payload, occurred_at=now, staff=staff)
            )
            assert result.status == "applied", result
    engine.dispose()
    return {"tokens": tokens, "students": students, "school_id": school_id}


def purchase_body(index: int) -> dict[str, Any]:
    return {
        "commands": [
            {
                "command_id": str(uuid.uuid4()),
                "device_seq": index,
                "type": "purchase",
                "occurred_at": wall_clock().isoformat(),
                "payload": {"card_number": f"{10_000_000 + index % STUDENTS}", "amount_ore": 100},
            }
        ]
    }


def summarise(label: str, latencies: list[float], elapsed: float) -> str:
    ordered = sorted(latencies)
    p50 = statistics.median(ordered) * 1000
    p90 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.90))] * 1000
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000
    return (
        f"{label:<40} {len(ordered) / elapsed:>6.0f}/s  "
        f"p50 {p50:5.1f} ms  p90 {p90:5.1f} ms  p99 {p99:5.1f} ms"
    )


def sequential(base: str, token: str, count: int) -> str:
    latencies = []
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=base, headers=headers, timeout=30) as client:
        started = time.perf_counter()
        for index in range(count):
            sent = time.perf_counter()
            response = client.post("/v1/commands", json=purchase_body(index))
            latencies.append(time.perf_counter() - sent)
            assert response.status_code == 200 and response.json()["results"][0]["code"] == "ok"
        elapsed = time.perf_counter() - started
    return summarise("purchases, 1 terminal, sequential", latencies, elapsed)


@dataclass(frozen=True)
class Endpoint:
    """Where a terminal's purchases go, what each looks like, and whether one was approved."""

    path: str
    body: Callable[[int], dict[str, Any]]
    approved: Callable[[dict[str, Any]], bool]


LEDGER = Endpoint(
    "/v1/commands", purchase_body, lambda answer: answer["results"][0]["code"] == "ok"
)
FLOOR = Endpoint(
    "/purchase",
    lambda index: floor_body(0, index % STUDENTS, 100),
    lambda answer: answer["code"] == "ok",
)


async def _terminal(
    client: httpx.AsyncClient, endpoint: Endpoint, first: int, count: int, latencies: list[float]
) -> None:
    for index in range(first, first + count):
        sent = time.perf_counter()
        response = await client.post(endpoint.path, json=endpoint.body(index))
        latencies.append(time.perf_counter() - sent)
        assert response.status_code == 200 and endpoint.approved(response.json())


async def _concurrent(
    base: str, token: str, per_terminal: int, endpoint: Endpoint
) -> tuple[list[float], float]:
    """Each terminal is a device of its own: its own client and keep-alive connection."""
    latencies: list[float] = []
    headers = {"Authorization": f"Bearer {token}"}
    clients = [
        httpx.AsyncClient(base_url=base, headers=headers, timeout=60) for _ in range(TERMINALS)
    ]
    try:
        # Each terminal opens its connection first, as a real one does when it starts.
        warm_up: list[float] = []
        await asyncio.gather(
            *(
                _terminal(client, endpoint, 10**6 + n, 1, warm_up)
                for n, client in enumerate(clients)
            )
        )
        started = time.perf_counter()
        await asyncio.gather(
            *(
                _terminal(client, endpoint, n * per_terminal, per_terminal, latencies)
                for n, client in enumerate(clients)
            )
        )
        return latencies, time.perf_counter() - started
    finally:
        for client in clients:
            await client.aclose()


def concurrent(
    base: str, token: str, count: int, endpoint: Endpoint = LEDGER, label: str = "purchases"
) -> tuple[str, float]:
    """Sends TERMINALS warm-up purchases and then ``count`` rounded down to TERMINALS; the
    line to print and the purchases per second."""
    latencies, elapsed = asyncio.run(_concurrent(base, token, max(1, count // TERMINALS), endpoint))
    line = summarise(f"{label}, {TERMINALS} concurrent terminals", latencies, elapsed)
    return line, len(latencies) / elapsed


def floor(url: str, count: int) -> tuple[str, float]:
    """The floor (bench/floor.py) on the same database, measured as the concurrent part."""
    engine = make_engine(url)
    prepare_floor(engine, 1, STUDENTS, 10**9)
    with FloorProcess(url) as server:
        line, rate = concurrent(server.url, "floor", count, FLOOR, "floor")
    sent = TERMINALS + max(1, count // TERMINALS) * TERMINALS
    if floor_applied(engine) != sent:
        raise SystemExit("the floor did not store each of its purchases once")
    engine.dispose()
    return line, rate


def check(url: str, school_id: uuid.UUID, commands_sent: int) -> str:
    """Every command stored exactly once, and the ledger's invariants hold."""
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            stored = connection.execute(
                select(func.count()).where(CommandRecord.school_id == school_id)
            ).scalar_one()
            settings = (
                ""
                if engine.dialect.name == "sqlite"
                else "; server "
                + ", ".join(
                    f"{name}={connection.execute(text(f'SHOW {name}')).scalar_one()}"
                    for name in ("fsync", "synchronous_commit", "full_page_writes")
                )
            )
        problems = verify(engine, school_id)
    finally:
        engine.dispose()
    for problem in problems:
        print(problem)
    if problems:
        raise SystemExit(f"{len(problems)} broken invariant(s) after the benchmark")
    if stored != commands_sent:
        raise SystemExit(f"{stored} commands stored for {commands_sent} sent: not exactly once")
    return f"checked: {stored} commands stored once each, invariants hold{settings}"


def office_push(base: str, token: str, students: list[uuid.UUID], total: int = 10_000) -> str:
    headers = {"Authorization": f"Bearer {token}"}
    now = wall_clock().isoformat()
    batches = []
    for start in range(0, total, 500):
        batches.append(
            {
                "commands": [
                    {
                        "command_id": str(uuid.uuid4()),
                        "device_seq": n,
                        "type": "deposit.cash",
                        "occurred_at": now,
                        "staff": "admin",
                        "payload": {
                            "student_id": str(students[n % len(students)]),
                            "amount_ore": 2000,
                            "receipt_no": f"K-{n}",
                        },
                    }
                    for n in range(start, min(start + 500, total))
                ]
            }
        )
    with httpx.Client(base_url=base, headers=headers, timeout=300) as client:
        started = time.perf_counter()
        for batch in batches:
            response = client.post("/v1/commands", json=batch)
            assert response.status_code == 200
            assert all(r["code"] == "ok" for r in response.json()["results"])
        elapsed = time.perf_counter() - started
    label = "office commands, batches of 500"
    return f"{label:<40} {total / elapsed:>6.0f}/s  ({total} in {elapsed:.1f} s)"


def run(url: str, label: str, purchases: int, parts: Collection[str] = PARTS) -> list[str]:
    school = prepare(url)
    if "concurrent" in parts:
        floor_line, floor_rate = floor(url, purchases)
    port = _free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "office_app",
            "ledger",
            "serve",
            "--database",
            url,
            "--port",
            str(port),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,  # a JSON line per request
    )
    base = f"http://127.0.0.1:{port}"
    sent = 3 * STUDENTS
    try:
        for _ in range(300):
            try:
                if httpx.get(f"{base}/health").status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        terminal = school["tokens"]["terminal"]
        sequential(base, terminal, 200)  # warm-up
        sent += 200
        lines = [f"[{label}]"]
        if "sequential" in parts:
            lines.append(sequential(base, terminal, purchases))
            sent += purchases
        if "concurrent" in parts:
            line, rate = concurrent(base, terminal, purchases)
            lines += [
                floor_line,
                line,
                f"{'ledger / floor, concurrent':<40} {rate / floor_rate:6.2f}",
            ]
            sent += TERMINALS + max(1, purchases // TERMINALS) * TERMINALS
        if "push" in parts:
            office_token = school["tokens"]["office"]
            lines.append(office_push(base, office_token, school["students"], OFFICE_COMMANDS))
            sent += OFFICE_COMMANDS
    finally:
        server.terminate()
        server.wait(timeout=30)
    return [*lines, check(url, school["school_id"], sent)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--postgres", default=os.environ.get("OFFICE_APP_TEST_POSTGRES"))
    parser.add_argument("--purchases", type=int, default=4000)
    parser.add_argument(
        "--only",
        action="append",
        choices=DATABASES + PARTS,
        default=[],
        help="run only this database or measurement (repeatable)",
    )
    args = parser.parse_args()
    databases = [name for name in DATABASES if name in args.only] or DATABASES
    parts = [name for name in PARTS if name in args.only] or PARTS
    lines = []
    if "sqlite" in databases:
        with tempfile.TemporaryDirectory() as folder:
            lines += run(str(Path(folder) / "bench.db"), "SQLite", args.purchases, parts)
    if args.postgres and "postgres" in databases:
        lines += run(args.postgres, "PostgreSQL", args.purchases, parts)
    print(f"{os.cpu_count()} cores, Python {sys.version.split()[0]}")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
