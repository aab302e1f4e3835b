"""``office-app demo``: a demo ledger on SQLite in a data folder, seeded once and reused,
with a canteen buying against it and this office's TUI in front."""

from __future__ import annotations

import datetime as dt
import json
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from platformdirs import user_data_dir
from pydantic import SecretStr
from sqlalchemy import select

from office_app.config import Settings, private_folder
from office_app.domain.localtime import Clock, local_today

if TYPE_CHECKING:
    from office_app.ledger.verify import Problem

DEMO_STUDENTS = 120
DEMO_DAYS = 30
DEMO_SEED = 2026


def demo_data_dir(explicit: str | None) -> Path:
    """``--data-dir``, else ``$OFFICE_APP_DATA_DIR/demo``, else the user's data folder."""
    if explicit:
        return Path(explicit).expanduser()
    base = os.environ.get("OFFICE_APP_DATA_DIR") or user_data_dir("office-app")
    return Path(base).expanduser() / "demo"


def prepare_demo_ledger(folder: Path, clock: Clock) -> Path:
    """The demo ledger file, created and seeded on first use.

    Seeding writes to a separate file that is renamed into place only when complete, so an
    interrupted first run starts over instead of leaving a half-made school behind.
    """
    from office_app.db import make_engine, migrate
    from office_app.domain.school import SchoolSettingsInput
    from office_app.ledger.directory import create_school
    from office_app.ledger.school_settings import set_school
    from office_app.ledger.tools.seed import seed_demo

    private_folder(folder)
    database = folder / "ledger.db"
    if database.exists():
        engine = make_engine(str(database))
        migrate(engine)
        engine.dispose()
        return database
    partial = folder / "ledger.db.partial"
    for leftover in folder.glob("ledger.db.partial*"):
        leftover.unlink()
    print(f"Creating the demo school in {database} ...")
    engine = make_engine(str(partial))
    migrate(engine)
    school_id = create_school(
        engine, "Demoskolen", clock=clock, address="Skolevej 1, 8000 Aarhus C"
    )
    set_school(
        engine,
        school_id,
        SchoolSettingsInput(
            cvr="29189919",
            contact="Kontoret 86 12 34 56, kontor@demoskolen.dk",
            bank_reg="3001",
            bank_account="0011223344",
            bank_agreement="DEMO-4471",
        ),
        clock=clock,
    )
    # History ends yesterday: today's purchases come live from the canteen.
    yesterday = local_today(clock) - dt.timedelta(days=1)
    report = seed_demo(
        engine,
        school_id,
        students=DEMO_STUDENTS,
        days=DEMO_DAYS,
        seed=DEMO_SEED,
        today=yesterday,
    )
    engine.dispose()
    partial.rename(database)
    print(f"{report.students} students, {report.commands} ledger commands")
    return database


def demo_devices(database: Path, clock: Clock) -> dict[str, str]:
    """Tokens for the demo's own office, terminal and portal, made once and kept beside it."""
    from models import School
    from office_app.db import make_engine
    from office_app.ledger.directory import add_device

    store = database.parent / "demo-devices.json"
    if store.exists():
        saved: dict[str, str] = json.loads(store.read_text())
        return saved
    engine = make_engine(str(database))
    with engine.connect() as connection:
        school_id = connection.execute(select(School.id)).scalar_one()
    tokens = {
        kind: add_device(engine, school_id, kind, f"Demo {kind}", clock=clock).token
        for kind in ("office", "terminal", "portal")
    }
    engine.dispose()
    store.write_text(json.dumps(tokens))
    store.chmod(0o600)
    return tokens


@dataclass(frozen=True)
class DemoLedger:
    url: str
    tokens: dict[str, str]
    folder: Path
    problems: list[Problem]

    def office_settings(self, language: str = "da") -> Settings:
        """This demo office: its replica lives beside the demo ledger and is kept between runs."""
        return Settings(
            self.url, SecretStr(self.tokens["office"]), self.folder / "office", language=language
        )


def demo_logins() -> str:
    from office_app.ledger.tools.seed import DEMO_PASSWORD, DEMO_STAFF

    return ", ".join(f"{username} / {DEMO_PASSWORD}" for username, _role, _name in DEMO_STAFF)


@contextmanager
def demo_ledger(data_dir: str | None, port: int, clock: Clock) -> Iterator[DemoLedger]:
    """The demo ledger, made on first use, verified and served on 127.0.0.1 while open."""
    from office_app.db import make_engine
    from office_app.ledger.embedded import embedded_server
    from office_app.ledger.verify import verify

    database = prepare_demo_ledger(demo_data_dir(data_dir), clock)
    tokens = demo_devices(database, clock)
    engine = make_engine(str(database))
    try:
        problems = verify(engine)
        with embedded_server(engine, port, clock=clock) as url:
            yield DemoLedger(url, tokens, database.parent, problems)
    finally:
        engine.dispose()


def run_demo(
    data_dir: str | None,
    port: int = 8765,
    duration: float | None = None,
    *,
    clock: Clock,
    open_office: bool = True,
    language: str = "da",
) -> int:
    """The demo ledger with a canteen buying against it, and this office's TUI on top.

    Without the office it serves until interrupted, or for ``duration`` seconds.
    """
    from office_app.ledger.tools.seed import DEMO_PASSWORD, DEMO_STAFF

    with demo_ledger(data_dir, port, clock) as ledger:
        url = ledger.url
        print(f"Demo ledger: {ledger.folder / 'ledger.db'}")
        print(
            "Invariants: "
            + ("all hold" if not ledger.problems else f"{len(ledger.problems)} broken")
        )
        for problem in ledger.problems:
            print(f"  {problem}")
        print(f"Ledger server: {url} (OpenAPI at {url}/openapi.json)")
        office_token = ledger.tokens["office"]
        print(f"Office device token: {office_token}")
        print(f"  curl -H 'Authorization: Bearer {office_token}' '{url}/v1/changes?after=0'")
        for username, role, name in DEMO_STAFF:
            print(f"Demo login: {username} / {DEMO_PASSWORD} ({name}, {role})")
        if open_office:
            report = _office_with_canteen(ledger, duration, language, clock)
        else:
            print("A canteen is buying lunch against it. Stop with Ctrl-C.")
            report = run_canteen(url, ledger.tokens, duration, clock)
    for line in report:
        print(line)
    return 0 if not ledger.problems else 1


def _office_with_canteen(
    ledger: DemoLedger, duration: float | None, language: str, clock: Clock
) -> list[str]:
    """The office's TUI in front while the canteen buys in a background thread."""
    from office_app.app import make_app
    from office_app.ledger.tools.simulator import MAX_DURATION_SECONDS, CanteenSimulator

    simulator = CanteenSimulator(
        ledger.url, ledger.tokens["terminal"], ledger.tokens["portal"], clock=clock
    )
    closing = threading.Event()
    canteen = threading.Thread(
        target=simulator.run,
        kwargs={
            "rate": 2,
            "duration": duration or MAX_DURATION_SECONDS,
            "should_stop": closing.is_set,
        },
        name="demo-canteen",
        daemon=True,
    )
    canteen.start()
    app = make_app(ledger.office_settings(language), demo_logins=demo_logins(), clock=clock)
    if duration is not None:
        app.call_later(app.set_timer, duration, app.exit)
    try:
        app.run()
    finally:
        closing.set()
        canteen.join(timeout=10)
    return ["Canteen so far:", *(f"  {line}" for line in simulator.report.lines())]


def run_canteen(
    url: str, tokens: dict[str, str], duration: float | None, clock: Clock
) -> list[str]:
    """Two purchases a second until ``duration`` ends or Ctrl-C, then the canteen's report."""
    from office_app.ledger.tools.simulator import MAX_DURATION_SECONDS, CanteenSimulator

    simulator = CanteenSimulator(url, tokens["terminal"], tokens["portal"], clock=clock)
    with suppress(KeyboardInterrupt):
        simulator.run(rate=2, duration=duration or MAX_DURATION_SECONDS)
    return ["Canteen so far:", *(f"  {line}" for line in simulator.report.lines())]
