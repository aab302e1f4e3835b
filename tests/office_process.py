"""An office as a process of its own, for tests that kill it with SIGKILL part-way.

``python -m tests.office_process record REPLICA SCHOOL DEVICE STUDENT... --count N``
    records N cash deposits through the outbox, round the students, and prints each command's
    id as soon as its local transaction has committed; nothing is sent.
``python -m tests.office_process pull REPLICA URL TOKEN --limit N``
    prints ``start <cursor>``, then ``page <cursor> <applied>`` after every page it applies.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import uuid
from collections.abc import Sequence

import httpx

from office_app.db import make_engine
from office_app.sync.outbox import record
from office_app.sync.puller import cursor, pull

DEPOSIT_ORE = 2000

#: When the deposits are recorded: a fixed moment, whatever the wall clock says.
RECORDED_AT = dt.datetime(2026, 11, 24, 8, 0, tzinfo=dt.UTC)


def _record(args: argparse.Namespace) -> None:
    engine = make_engine(args.replica)
    students = [uuid.UUID(text) for text in args.students]
    for number in range(args.count):
        queued = record(
            engine,
            uuid.UUID(args.school),
            uuid.UUID(args.device),
            "deposit.cash",
            {
                "student_id": students[number % len(students)],
                "amount_ore": DEPOSIT_ORE,
                "receipt_no": f"K-{number}",
            },
            staff="hanne",
            now=RECORDED_AT,
        )
        print(queued.command_id, flush=True)


def _pull(args: argparse.Namespace) -> None:
    engine = make_engine(args.replica)
    print(f"start {cursor(engine)}", flush=True)
    headers = {"Authorization": f"Bearer {args.token}"}
    with httpx.Client(base_url=args.url, headers=headers, timeout=30) as client:
        pull(
            engine,
            client,
            limit=args.limit,
            progress=lambda at, applied: print(f"page {at} {applied}", flush=True),
        )
    print("done", flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="office_process")
    modes = parser.add_subparsers(dest="mode", required=True)
    recording = modes.add_parser("record")
    recording.add_argument("replica")
    recording.add_argument("school")
    recording.add_argument("device")
    recording.add_argument("students", nargs="+")
    recording.add_argument("--count", type=int, required=True)
    pulling = modes.add_parser("pull")
    pulling.add_argument("replica")
    pulling.add_argument("url")
    pulling.add_argument("token")
    pulling.add_argument("--limit", type=int, required=True)
    args = parser.parse_args(argv)
    if args.mode == "record":
        _record(args)
    else:
        _pull(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
