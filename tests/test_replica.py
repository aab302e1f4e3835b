"""An office replica pulled from the change feed equals the ledger, page by page."""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import Engine, select

from office_app.db import make_engine
from office_app.ledger.embedded import embedded_server
from office_app.ledger.seed import seed_demo
from office_app.ledger.verify import verify
from office_app.sync.puller import cursor, pull
from office_app.sync.replica import TABLES
from tests.world import make_world

SKIPPED_COLUMNS = {"token_hash"}


def _rows(engine: Engine, school_id: uuid.UUID) -> dict[str, set[tuple[Any, ...]]]:
    """Every replicated row of the school, all columns, as comparable tuples."""
    found: dict[str, set[tuple[Any, ...]]] = {}
    with engine.connect() as connection:
        for kind, model in TABLES.items():
            table = model.__table__
            columns = [c for c in table.columns if c.key not in SKIPPED_COLUMNS]
            owner = table.c.id if kind == "school" else table.c.school_id
            found[kind] = set(connection.execute(select(*columns).where(owner == school_id)).all())
    return found


def test_replica_bootstrapped_from_the_feed_equals_the_ledger(
    sqlite_engine: Engine, sqlite_template: Path, tmp_path: Path
) -> None:
    world = make_world(sqlite_engine)
    seed_demo(sqlite_engine, world.school_id, students=20, days=3, seed=4)
    shutil.copy(sqlite_template, tmp_path / "replica.db")
    replica = make_engine(str(tmp_path / "replica.db"))
    pages: list[int] = []
    with embedded_server(sqlite_engine) as url:
        headers = {"Authorization": f"Bearer {world.tokens['office']}"}
        with httpx.Client(base_url=url, headers=headers) as client:
            applied = pull(
                replica, client, world.school_id, limit=9, progress=lambda c, n: pages.append(c)
            )
            assert applied > 0 and len(pages) > 3
            expected = _rows(sqlite_engine, world.school_id)
            ledger_devices = expected.pop("device")
            mirrored = _rows(replica, world.school_id)
            replica_devices = mirrored.pop("device")
            assert mirrored == expected
            assert replica_devices <= ledger_devices
            assert verify(replica, world.school_id) == []
            assert pull(replica, client, world.school_id) == 0

            student = world.add_student("Ærø Ågård")
            world.add_card(student, "7700001")
            world.deposit(student, 5500)
            assert pull(replica, client, world.school_id) > 0
            # A replaced card names its successor, which comes later in the same page.
            replaced = world.office_send(
                "card.replace",
                {"old_card_number": "7700001", "new_card_number": "7700002", "fee_ore": 3000},
            )
            assert replaced.status == "applied", replaced
            assert pull(replica, client, world.school_id) > 0
            assert cursor(replica) > pages[-1]
            after = _rows(replica, world.school_id)
            after.pop("device")
            expected_after = _rows(sqlite_engine, world.school_id)
            expected_after.pop("device")
            assert after == expected_after
    replica.dispose()
