"""The office TUI's speed (a benchmark, not a test).

1. Start to a usable search screen, headless, for the office app and for a minimal Textual
   app in the same run, each in a fresh interpreter (imports included): the ratio of medians.
2. Search as you type over 50,000 students: from each keystroke to its results on screen,
   median and p99.

Usage: ``.venv/bin/python bench/tui_bench.py [--students N] [--starts N]``
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from pydantic import SecretStr
from sqlalchemy import insert

from models import (
    Account,
    Card,
    Guardian,
    Household,
    School,
    Student,
    StudentGuardian,
    SyncState,
)
from office_app.app import make_app
from office_app.config import Settings
from office_app.db import make_engine, migrate
from office_app.desk.queries import StudentRow
from office_app.desk.session import SignedIn
from office_app.domain.ids import uuid7
from office_app.domain.localtime import wall_clock
from office_app.ledger.tools.demo_names import BOYS, GIRLS, SURNAMES
from office_app.ledger.tools.seed import CLASSES
from screens.search import SearchScreen

NOW = dt.datetime(2026, 11, 24, 8, 0, tzinfo=dt.UTC)
OFFLINE_LEDGER = "http://127.0.0.1:9"
STAFF = SignedIn("hanne", "Hanne Sørensen", "secretary")
QUERIES = [
    "søren",
    "hansen",
    "mette lar",
    "5.B",
    "4400012",
    "ærø",
    "oest",
    "emil n",
    "ida kristensen",
    "9c",
    "aase",
    "frederik",
    "nielsen",
    "4412345",
    "zoe",
    "lærke",
    "mads p",
    "christian",
    "0.A",
    "sofie",
    "oscar 5b",
    "forælder4711@",
    "E31415",
    "hansen 9c",
]

MINIMAL_PROBE = """
from textual.app import App
from textual.widgets import Input, Header, Footer, DataTable

class Minimal(App[None]):
    def compose(self):
        yield Header()
        yield Input()
        yield DataTable()
        yield Footer()

async def ready(pilot):
    import sys, time
    print(time.monotonic() - float(sys.argv[2]))
    pilot.app.exit()

Minimal().run(headless=True, auto_pilot=ready)
"""

OFFICE_PROBE = """
import sys
from pathlib import Path
from pydantic import SecretStr
from office_app.app import make_app
from office_app.config import Settings
from office_app.desk.session import SignedIn
from office_app.domain.localtime import wall_clock

async def ready(pilot):
    from screens.search import SearchScreen
    for _ in range(2000):
        screen = pilot.app.screen
        if isinstance(screen, SearchScreen) and screen.query_one("#search").has_focus:
            break
        await pilot.pause(0.005)
    import time
    print(time.monotonic() - float(sys.argv[2]))
    pilot.app.exit()

settings = Settings("http://127.0.0.1:9", SecretStr("token"), Path(sys.argv[1]))
app = make_app(
    settings, staff=SignedIn("hanne", "Hanne", "secretary"), sync_interval=3600, clock=wall_clock
)
app.run(headless=True, auto_pilot=ready)
"""


def build_replica(folder: Path, students: int) -> None:
    """An office replica of a school of ``students`` children, written directly (fast)."""
    folder.mkdir(parents=True, exist_ok=True)
    engine = make_engine(str(folder / "office.db"))
    migrate(engine)
    rng = random.Random(7)
    school_id = uuid7()
    student_rows, account_rows, card_rows = [], [], []
    household_rows, guardian_rows, link_rows = [], [], []
    for number in range(students):
        first = rng.choice(GIRLS + BOYS)
        surname = rng.choice(SURNAMES)
        student_id, household_id, guardian_id = uuid7(), uuid7(), uuid7()
        household_rows.append({"id": household_id, "school_id": school_id, "seq": 1})
        guardian_rows.append(
            {
                "id": guardian_id,
                "school_id": school_id,
                "household_id": household_id,
                "name": f"{rng.choice(GIRLS + BOYS)} {surname}",
                "email": f"forælder{number}@example.dk",
                "seq": 1,
            }
        )
        link_rows.append(
            {"student_id": student_id, "guardian_id": guardian_id, "school_id": school_id}
        )
        student_rows.append(
            {
                "id": student_id,
                "school_id": school_id,
                "external_ref": f"E{number}",
                "name": f"{first} {surname}",
                "class_label": rng.choice(CLASSES),
                "household_id": household_id,
                "status": "active",
                "created_at": NOW,
                "seq": 1,
            }
        )
        account_rows.append(
            {
                "id": uuid7(),
                "school_id": school_id,
                "kind": "wallet",
                "student_id": student_id,
                "balance_ore": rng.randrange(0, 50000),
                "seq": 1,
            }
        )
        card_rows.append(
            {
                "id": uuid7(),
                "school_id": school_id,
                "student_id": student_id,
                "card_number": f"{4400000 + number}",
                "status": "active",
                "issued_at": NOW,
                "status_changed_at": NOW,
                "seq": 1,
            }
        )
    with engine.begin() as connection:
        connection.execute(
            insert(School).values(
                id=school_id, name="Benchskolen", address="", created_at=NOW, seq=1
            )
        )
        connection.execute(insert(Household), household_rows)
        connection.execute(insert(Student), student_rows)
        connection.execute(insert(Guardian), guardian_rows)
        connection.execute(insert(StudentGuardian), link_rows)
        connection.execute(insert(Account), account_rows)
        connection.execute(insert(Card), card_rows)
        connection.execute(
            insert(SyncState).values(id=1, school_id=school_id, cursor_seq=1, bootstrapped=True)
        )
    engine.dispose()


def time_start(code: str, folder: Path, runs: int) -> list[float]:
    """Seconds from starting a fresh interpreter to the app's first usable screen.

    The probe prints the time itself, so work the app goes on with in the background (the
    replica and the search index load in a worker) is not counted as start time.
    """
    seconds = []
    for _ in range(runs):
        launched = time.monotonic()
        probe = subprocess.run(
            [sys.executable, "-c", code, str(folder), repr(launched)],
            check=True,
            timeout=120,
            capture_output=True,
            text=True,
        )
        seconds.append(float(probe.stdout.strip().splitlines()[-1]))
    return seconds


async def search_latencies(folder: Path) -> list[float]:
    """Milliseconds from each keystroke to its results on screen."""
    app = make_app(
        Settings(OFFLINE_LEDGER, SecretStr("token"), folder),
        staff=STAFF,
        sync_interval=3600,
        clock=wall_clock,
    )
    shown: dict[str, float] = {}
    latencies: list[float] = []
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(2400):
            if app.index is not None and isinstance(app.screen, SearchScreen):
                break
            await pilot.pause(0.05)
        screen = app.screen
        assert isinstance(screen, SearchScreen) and app.index is not None
        original = screen._show

        def recorded(query: str, rows: list[StudentRow], total: int, *, more: bool = False) -> None:
            original(query, rows, total, more=more)
            shown[query] = time.perf_counter()

        screen._show = recorded  # type: ignore[method-assign]
        search = screen.query_one("#search")
        for query in QUERIES:
            search.value = ""  # type: ignore[attr-defined]
            await pilot.pause(0.05)
            typed = ""
            for character in query:
                typed += character
                started = time.perf_counter()
                await pilot.press(character)
                for _ in range(2000):
                    if typed in shown:
                        break
                    await pilot.pause(0.001)
                latencies.append((shown.pop(typed) - started) * 1000)
                shown.clear()
    return latencies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--students", type=int, default=50_000)
    parser.add_argument("--starts", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="office-tui-bench-") as temp:
        folder = Path(temp)
        started = time.perf_counter()
        build_replica(folder, args.students)
        print(
            f"replica of {args.students:,} students built in {time.perf_counter() - started:.1f} s"
        )

        minimal = time_start(MINIMAL_PROBE, folder, args.starts)
        office = time_start(OFFICE_PROBE, folder, args.starts)
        ratio = statistics.median(office) / statistics.median(minimal)
        print(
            f"start to usable screen (median of {args.starts}): minimal Textual app "
            f"{statistics.median(minimal) * 1000:.0f} ms, office search screen "
            f"{statistics.median(office) * 1000:.0f} ms, ratio {ratio:.2f} (target <= 2.0)"
        )

        latencies = sorted(asyncio.run(search_latencies(folder)))
        p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
        print(
            f"search as you type over {args.students:,} students, {len(latencies)} keystrokes: "
            f"median {statistics.median(latencies):.1f} ms, p99 {p99:.1f} ms (target p99 <= 30 ms)"
        )


if __name__ == "__main__":
    main()
