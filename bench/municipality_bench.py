"""A municipality's lunch on one ledger: 30 schools, 5 terminals each, every lunch at once
(a benchmark, not a test).

``office-app ledger serve`` runs as its own process over durable PostgreSQL (fsync and
synchronous commit on: ``WITH_POSTGRES_DURABLE=1 bash scripts/with-postgres ...``). Each
terminal is a device of its own with its own connection. Next to it, in the same run, on the
same machine and database, the floor (bench/floor.py): a minimal FastAPI endpoint doing one
durable double-entry commit per purchase, the least a purchase must do.

1. Capacity: every terminal buys flat out (the next purchase as soon as the answer is in),
   first on the floor, then on the ledger: purchases per second, p50 and p99.
2. The lunch peak: every terminal buys at a fixed pace that adds up to half the floor's
   capacity, on the ledger and then on the floor; latency counts from when a purchase was due.

Goal: the ledger's capacity at least half the floor's, and its p99 at the lunch peak under
100 ms. Afterwards every command sent is stored exactly once and ``verify`` passes.

``.venv/bin/python bench/municipality_bench.py [--postgres URL] [--workers N] [--flat N]
[--paced N]`` (``make bench-municipality`` runs it on a throwaway durable PostgreSQL).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from floor import FloorProcess, floor_applied, floor_body, prepare_floor
from loadgen import Terminal, as_json, drive
from sqlalchemy import Engine, func, select, text

from models import CommandRecord
from office_app.db import make_engine, migrate
from office_app.domain.commands import make_command
from office_app.domain.ids import uuid7
from office_app.domain.localtime import wall_clock
from office_app.ledger.context import DeviceRef
from office_app.ledger.directory import add_device, add_staff, authenticate, create_school
from office_app.ledger.engine import Ledger
from office_app.ledger.tools.process import LedgerProcess
from office_app.ledger.verify import verify

SCHOOLS = 30
TERMINALS_PER_SCHOOL = 5
CHILDREN_PER_SCHOOL = 60
STARTING_ORE = 200_000
PRICE_ORE = 3500
P99_GOAL_SECONDS = 0.100
CAPACITY_GOAL = 0.5


def card_number(school: int, child: int) -> str:
    return f"{10_000_000 + school * 1000 + child}"


def _setup_commands(
    office: DeviceRef, portal: DeviceRef, school: int
) -> list[tuple[DeviceRef, list[Any]]]:
    now = wall_clock()
    office_commands, portal_commands = [], []
    for child in range(CHILDREN_PER_SCHOOL):
        student_id = uuid7()
        office_commands += [
            make_command(
                "student.upsert",
                {
                    "student_id": student_id,
                    "external_ref": f"M{school}-{child}",
                    "name": f"Elev {child}",
                    "class_label": "5.B",
                },
                occurred_at=now,
                staff="admin",
            ),
            make_command(
                "card.issue",
                {"student_id": student_id, "card_number": card_number(school, child)},
                occurred_at=now,
                staff="admin",
            ),
        ]
        portal_commands.append(
            make_command(
                "deposit.online",
                {
                    "student_id": student_id,
                    "amount_ore": STARTING_ORE,
                    "method": "card",
                    "payment_ref": f"M{school}-{child}",
                },
                occurred_at=now,
            )
        )
    return [(office, office_commands), (portal, portal_commands)]


def prepare_schools(engine: Engine) -> tuple[list[list[str]], int]:
    """The schools with their children, cards and money; each school's terminals' tokens, and
    how many commands setting them up took."""
    ledger = Ledger(engine, clock=wall_clock)
    tokens: list[list[str]] = []
    commands = 0
    for school in range(SCHOOLS):
        school_id = create_school(
            engine, f"Skole {school + 1}", clock=wall_clock, max_deposit_ore=10**7
        )
        add_staff(engine, school_id, "admin", "admin", "benchmark-password", clock=wall_clock)
        devices = {
            kind: authenticate(
                engine, add_device(engine, school_id, kind, kind, clock=wall_clock).token
            )
            for kind in ("office", "portal")
        }
        office, portal = devices["office"], devices["portal"]
        assert office is not None and portal is not None
        for device, batch in _setup_commands(office, portal, school):
            for result in ledger.apply(device, batch):
                assert result.status == "applied", result
            commands += len(batch)
        tokens.append(
            [
                add_device(engine, school_id, "terminal", f"Kasse {n + 1}", clock=wall_clock).token
                for n in range(TERMINALS_PER_SCHOOL)
            ]
        )
    return tokens, commands


def ledger_terminals(tokens: list[list[str]], per_terminal: int) -> list[Terminal]:
    terminals = []
    occurred_at = wall_clock().isoformat()
    for school, school_tokens in enumerate(tokens):
        for number, token in enumerate(school_tokens):
            bodies = [
                as_json(
                    {
                        "commands": [
                            {
                                "command_id": str(uuid.uuid4()),
                                "device_seq": sale,
                                "type": "purchase",
                                "occurred_at": occurred_at,
                                "payload": {
                                    "card_number": card_number(
                                        school,
                                        (number + sale * TERMINALS_PER_SCHOOL)
                                        % CHILDREN_PER_SCHOOL,
                                    ),
                                    "amount_ore": PRICE_ORE,
                                },
                            }
                        ]
                    }
                )
                for sale in range(per_terminal)
            ]
            terminals.append(Terminal(token, bodies))
    return terminals


def floor_terminals(per_terminal: int) -> list[Terminal]:
    return [
        Terminal(
            "floor",
            [
                as_json(
                    floor_body(
                        school,
                        (number + sale * TERMINALS_PER_SCHOOL) % CHILDREN_PER_SCHOOL,
                        PRICE_ORE,
                    )
                )
                for sale in range(per_terminal)
            ],
        )
        for school in range(SCHOOLS)
        for number in range(TERMINALS_PER_SCHOOL)
    ]


def ledger_accepted(answer: bytes) -> bool:
    return bool(json.loads(answer)["results"][0]["code"] == "ok")


def floor_accepted(answer: bytes) -> bool:
    return bool(json.loads(answer)["code"] == "ok")


def check(engine: Engine, sent: int, floor_sent: int) -> str:
    with engine.connect() as connection:
        stored = connection.execute(select(func.count()).select_from(CommandRecord)).scalar_one()
        settings = ", ".join(
            f"{name}={connection.execute(text(f'SHOW {name}')).scalar_one()}"
            for name in ("fsync", "synchronous_commit", "full_page_writes")
        )
    problems = verify(engine)
    for problem in problems[:20]:
        print(problem)
    if problems:
        raise SystemExit(f"{len(problems)} broken invariant(s) after the benchmark")
    if stored != sent:
        raise SystemExit(f"{stored} commands stored for {sent} sent: not exactly once")
    floor_stored = floor_applied(engine)
    if floor_stored != floor_sent:
        raise SystemExit(f"the floor stored {floor_stored} purchases for {floor_sent} sent")
    return f"checked: {stored} commands stored once each, invariants hold; server {settings}"


@contextmanager
def profiled(server: LedgerProcess, output: str | None) -> Iterator[None]:
    """py-spy records the server's processes while the block runs, into ``output``."""
    if output is None:
        yield
        return
    command = ["py-spy", "record", "--pid", str(server.pid), "--subprocesses"]
    recorder = subprocess.Popen([*command, "--rate", "250", "--format", "raw", "-o", output])
    time.sleep(2)
    try:
        yield
    finally:
        recorder.send_signal(signal.SIGINT)
        recorder.wait(timeout=120)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--postgres", default=os.environ.get("OFFICE_APP_TEST_POSTGRES"))
    parser.add_argument("--workers", type=int, default=1, help="server processes, both servers")
    parser.add_argument("--flat", type=int, default=30, help="purchases per terminal, flat out")
    parser.add_argument("--paced", type=int, default=20, help="purchases per terminal, paced")
    parser.add_argument(
        "--profile",
        metavar="FILE",
        help="record the ledger's processes with py-spy (pip install py-spy) into FILE",
    )
    args = parser.parse_args()
    if not args.postgres:
        print("municipality_bench: give --postgres URL (or run it under scripts/with-postgres)")
        return 2
    engine = make_engine(args.postgres)
    migrate(engine)
    started = time.perf_counter()
    tokens, sent = prepare_schools(engine)
    prepare_floor(engine, SCHOOLS, CHILDREN_PER_SCHOOL, STARTING_ORE)
    terminal_count = SCHOOLS * TERMINALS_PER_SCHOOL
    print(
        f"{SCHOOLS} schools x {TERMINALS_PER_SCHOOL} terminals ({terminal_count} connections), "
        f"{SCHOOLS * CHILDREN_PER_SCHOOL} children; set up in {time.perf_counter() - started:.0f} s"
    )
    lines = []
    floor_sent = 0
    with FloorProcess(args.postgres, args.workers) as floor:
        drive(floor.port, "/purchase", floor_terminals(1), floor_accepted)
        floor_flat = drive(floor.port, "/purchase", floor_terminals(args.flat), floor_accepted)
        floor_sent += terminal_count * (1 + args.flat)
    with (
        LedgerProcess(args.postgres, workers=args.workers) as server,
        profiled(server, args.profile),
    ):
        port = server.port
        drive(port, "/v1/commands", ledger_terminals(tokens, 1), ledger_accepted)
        ledger_flat = drive(
            port, "/v1/commands", ledger_terminals(tokens, args.flat), ledger_accepted
        )
        interval = terminal_count / (CAPACITY_GOAL * floor_flat.per_second)
        ledger_paced = drive(
            port, "/v1/commands", ledger_terminals(tokens, args.paced), ledger_accepted, interval
        )
        sent += terminal_count * (1 + args.flat + args.paced)
    with FloorProcess(args.postgres, args.workers) as floor:
        floor_paced = drive(
            floor.port, "/purchase", floor_terminals(args.paced), floor_accepted, interval
        )
        floor_sent += terminal_count * args.paced
    for run in (floor_flat, ledger_flat, ledger_paced, floor_paced):
        if run.refused:
            raise SystemExit(f"{run.refused} purchases were refused; the children ran out of money")
    ratio = ledger_flat.per_second / floor_flat.per_second
    lines = [
        floor_flat.line("floor, flat out"),
        ledger_flat.line("ledger, flat out"),
        f"{'ledger capacity / floor capacity':<46} {ratio:6.2f}  (goal >= {CAPACITY_GOAL})",
        ledger_paced.line(f"ledger, lunch peak ({interval:.2f} s per terminal)"),
        floor_paced.line(f"floor, lunch peak ({interval:.2f} s per terminal)"),
        f"{'ledger p99 at the lunch peak':<46} {ledger_paced.percentile(0.99) * 1000:6.1f} ms"
        f"  (goal < {P99_GOAL_SECONDS * 1000:.0f} ms)",
    ]
    print(
        f"{os.cpu_count()} cores, Python {sys.version.split()[0]}, {args.workers} process(es) each"
    )
    print("\n".join(lines))
    print(check(engine, sent, floor_sent))
    engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
