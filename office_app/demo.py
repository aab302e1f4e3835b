"""``office-app demo``: a demo ledger on SQLite in a data folder, seeded once and reused."""

from __future__ import annotations

import json
import os
from contextlib import suppress
from pathlib import Path

from platformdirs import user_data_dir
from sqlalchemy import select

DEMO_STUDENTS = 120
DEMO_DAYS = 30
DEMO_SEED = 2026


def demo_data_dir(explicit: str | None) -> Path:
    """``--data-dir``, else ``$OFFICE_APP_DATA_DIR/demo``, else the user's data folder."""
    if explicit:
        return Path(explicit).expanduser()
    base = os.environ.get("OFFICE_APP_DATA_DIR") or user_data_dir("office-app")
    return Path(base).expanduser() / "demo"


def prepare_demo_ledger(folder: Path) -> Path:
    """The demo ledger file, created and seeded on first use.

    Seeding writes to a separate file that is renamed into place only when complete, so an
    interrupted first run starts over instead of leaving a half-made school behind.
    """
    from office_app.db import make_engine, migrate
    from office_app.ledger.admin import create_school
    from office_app.ledger.seed import seed_demo

    folder.mkdir(parents=True, exist_ok=True)
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
    school_id = create_school(engine, "Demoskolen", address="Skolevej 1, 8000 Aarhus C")
    report = seed_demo(engine, school_id, students=DEMO_STUDENTS, days=DEMO_DAYS, seed=DEMO_SEED)
    engine.dispose()
    partial.rename(database)
    print(f"{report.students} students, {report.commands} ledger commands")
    return database


def demo_devices(database: Path) -> dict[str, str]:
    """Tokens for the demo's own office, terminal and portal, made once and kept beside it."""
    from models import School
    from office_app.db import make_engine
    from office_app.ledger.admin import add_device

    store = database.parent / "demo-devices.json"
    if store.exists():
        saved: dict[str, str] = json.loads(store.read_text())
        return saved
    engine = make_engine(str(database))
    with engine.connect() as connection:
        school_id = connection.execute(select(School.id)).scalar_one()
    tokens = {
        kind: add_device(engine, school_id, kind, f"Demo {kind}").token
        for kind in ("office", "terminal", "portal")
    }
    engine.dispose()
    store.write_text(json.dumps(tokens))
    store.chmod(0o600)
    return tokens


def run_demo(data_dir: str | None, port: int = 8765, duration: float | None = None) -> int:
    """Serve the demo ledger on 127.0.0.1 with a canteen running against it.

    Runs until interrupted, or for ``duration`` seconds.
    """
    from office_app.db import make_engine
    from office_app.ledger.embedded import embedded_server
    from office_app.ledger.seed import DEMO_PASSWORD, DEMO_STAFF
    from office_app.ledger.verify import verify

    database = prepare_demo_ledger(demo_data_dir(data_dir))
    tokens = demo_devices(database)
    engine = make_engine(str(database))
    problems = verify(engine)
    print(f"Demo ledger: {database}")
    print("Invariants: " + ("all hold" if not problems else f"{len(problems)} broken"))
    for problem in problems:
        print(f"  {problem}")
    with embedded_server(engine, port) as url:
        print(f"Ledger server: {url} (OpenAPI at {url}/openapi.json)")
        print(f"Office device token: {tokens['office']}")
        print(f"  curl -H 'Authorization: Bearer {tokens['office']}' '{url}/v1/changes?after=0'")
        for username, role, name in DEMO_STAFF:
            print(f"Demo login: {username} / {DEMO_PASSWORD} ({name}, {role})")
        print("A canteen is buying lunch against it. Stop with Ctrl-C.")
        report = run_canteen(url, tokens, duration)
    engine.dispose()
    for line in report:
        print(line)
    return 0 if not problems else 1


def run_canteen(url: str, tokens: dict[str, str], duration: float | None) -> list[str]:
    """Two purchases a second until ``duration`` ends or Ctrl-C, then the canteen's report."""
    from office_app.ledger.simulator import MAX_DURATION_SECONDS, CanteenSimulator

    simulator = CanteenSimulator(url, tokens["terminal"], tokens["portal"])
    with suppress(KeyboardInterrupt):
        simulator.run(rate=2, duration=duration or MAX_DURATION_SECONDS)
    return ["Canteen so far:", *(f"  {line}" for line in simulator.report.lines())]
