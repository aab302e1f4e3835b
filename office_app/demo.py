"""``office-app demo``: a demo ledger on SQLite in a data folder, seeded once and reused."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_dir

DEMO_STUDENTS = 120
DEMO_DAYS = 30


def demo_data_dir(explicit: str | None) -> Path:
    chosen = explicit or os.environ.get("OFFICE_APP_DATA_DIR") or user_data_dir("office-app")
    return Path(chosen).expanduser() / "demo"


def run_demo(data_dir: str | None) -> int:
    from office_app.db import make_engine, migrate
    from office_app.ledger.admin import create_school
    from office_app.ledger.seed import DEMO_PASSWORD, DEMO_STAFF, seed_demo
    from office_app.ledger.verify import verify

    folder = demo_data_dir(data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    database = folder / "ledger.db"
    fresh = not database.exists()
    engine = make_engine(str(database))
    migrate(engine)
    if fresh:
        print(f"Creating the demo school in {database} ...")
        school_id = create_school(engine, "Demoskolen", address="Skolevej 1, 8000 Aarhus C")
        report = seed_demo(engine, school_id, students=DEMO_STUDENTS, days=DEMO_DAYS, seed=2026)
        print(f"{report.students} students, {report.commands} ledger commands")
    problems = verify(engine)
    print(f"Demo ledger: {database}")
    print("Invariants: " + ("all hold" if not problems else f"{len(problems)} broken"))
    for username, role, name in DEMO_STAFF:
        print(f"Demo login: {username} / {DEMO_PASSWORD} ({name}, {role})")
    return 0 if not problems else 1
