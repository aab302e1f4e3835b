"""Roster import of a large school (a benchmark, not a test).

A class list of N children (5,000 by default) in UTF-8 with a BOM, against a fresh ledger on
SQLite served on 127.0.0.1 and an office replica: parse, dry run, queue (one local
transaction), send to the ledger, and pull the result back; then the same file again, which
changes nothing. Seconds per step.

Usage: ``.venv/bin/python bench/roster_bench.py [--students N]``
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import httpx

from office_app.db import make_engine, migrate
from office_app.desk.roster import apply, plan
from office_app.desk.roster_file import parse
from office_app.domain.localtime import wall_clock
from office_app.ledger.directory import add_device, add_staff, authenticate, create_school
from office_app.ledger.embedded import embedded_server
from office_app.sync.puller import pull
from office_app.sync.sender import send_pending

HEADING = "Elevnr;Fornavn;Efternavn;Klasse;Forældrenavn;Forældre e-mail"
Result = TypeVar("Result")


def roster_bytes(students: int) -> bytes:
    rows = [
        f"{100000 + n};Barn{n};Æblegård;{n % 10}.{'ABCD'[n % 4]};"
        f"Forælder {n // 2};foraelder{n // 2}@example.dk"
        for n in range(students)
    ]
    return ("\ufeff" + "\r\n".join([HEADING, *rows]) + "\r\n").encode()


def timed(label: str, step: Callable[[], Result]) -> Result:
    start = time.perf_counter()
    result = step()
    print(f"{label:<28} {time.perf_counter() - start:7.2f} s")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--students", type=int, default=5000)
    args = parser.parse_args()
    raw = roster_bytes(args.students)
    with tempfile.TemporaryDirectory() as folder:
        ledger = make_engine(str(Path(folder) / "ledger.db"))
        migrate(ledger)
        office = make_engine(str(Path(folder) / "office.db"))
        migrate(office)
        school_id = create_school(ledger, "Benchskolen", clock=wall_clock)
        token = add_device(ledger, school_id, "office", "office 1", clock=wall_clock).token
        assert authenticate(ledger, token) is not None
        add_staff(ledger, school_id, "ole", "admin", "bench-password", clock=wall_clock)
        now = wall_clock()
        headers = {"Authorization": f"Bearer {token}"}
        with (
            embedded_server(ledger, clock=wall_clock) as url,
            httpx.Client(base_url=url, headers=headers, timeout=300) as client,
        ):
            pull(office, client, school_id)
            print(f"roster import of {args.students} children, SQLite, 127.0.0.1")
            roster = timed("parse", lambda: parse(raw))
            dry_run = timed("dry run", lambda: plan(office, school_id, roster))
            timed(
                "queue (one transaction)",
                lambda: apply(office, school_id, None, dry_run, staff="ole", now=now),
            )
            report = timed("send to the ledger", lambda: send_pending(office, client, now=now))
            timed("pull the result", lambda: pull(office, client))
            again = timed("dry run of the same file", lambda: plan(office, school_id, roster))
        print(f"applied {report.applied}, rejected {report.rejected}; unchanged {again.unchanged}")
        ledger.dispose()
        office.dispose()


if __name__ == "__main__":
    main()
