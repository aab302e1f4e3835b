"""``office-app demo``: a demo ledger on SQLite in a data folder, seeded once and reused."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_dir

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


def run_demo(data_dir: str | None) -> int:
    from office_app.db import make_engine
    from office_app.ledger.seed import DEMO_PASSWORD, DEMO_STAFF
    from office_app.ledger.verify import verify

    database = prepare_demo_ledger(demo_data_dir(data_dir))
    engine = make_engine(str(database))
    problems = verify(engine)
    engine.dispose()
    print(f"Demo ledger: {database}")
    print("Invariants: " + ("all hold" if not problems else f"{len(problems)} broken"))
    for problem in problems:
        print(f"  {problem}")
    for username, role, name in DEMO_STAFF:
        print(f"Demo login: {username} / {DEMO_PASSWORD} ({name}, {role})")
    return 0 if not problems else 1
