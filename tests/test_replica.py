"""An office replica pulled from the change feed equals the ledger, page by page."""

from __future__ import annotations

import shutil
from pathlib import Path

import httpx
from sqlalchemy import Engine

from office_app.db import make_engine
from office_app.ledger.embedded import embedded_server
from office_app.ledger.tools.seed import seed_demo
from office_app.ledger.verify import verify
from office_app.sync.puller import cursor, pull
from tests.sync_checks import assert_replica_equals_ledger, assert_stored_alike
from tests.world import YESTERDAY, make_world


def test_replica_bootstrapped_from_the_feed_equals_the_ledger(
    sqlite_engine: Engine, sqlite_template: Path, tmp_path: Path
) -> None:
    world = make_world(sqlite_engine)
    seed_demo(sqlite_engine, world.school_id, students=20, days=3, seed=4, today=YESTERDAY)
    shutil.copy(sqlite_template, tmp_path / "replica.db")
    replica = make_engine(str(tmp_path / "replica.db"))
    pages: list[int] = []
    with embedded_server(sqlite_engine, clock=world.clock) as url:
        headers = {"Authorization": f"Bearer {world.tokens['office']}"}
        with httpx.Client(base_url=url, headers=headers) as client:
            applied = pull(
                replica, client, world.school_id, limit=9, progress=lambda c, _n: pages.append(c)
            )
            assert applied > 0 and len(pages) > 3
            assert_replica_equals_ledger(replica, sqlite_engine, world.school_id)
            assert_stored_alike(replica, sqlite_engine)
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
            assert_replica_equals_ledger(replica, sqlite_engine, world.school_id)
    replica.dispose()


def test_a_replaced_card_arrives_before_its_replacement_changed_later(
    sqlite_engine: Engine, sqlite_template: Path, tmp_path: Path
) -> None:
    """The old card refers to its replacement, which a later block moved further on in the feed:
    the page with the old card carries the replacement's current state, and both apply."""
    world = make_world(sqlite_engine)
    student = world.child_with_card(balance_ore=5000, card_number="5500001")
    for step in range(3):
        world.deposit(student, 100 + step)
    world.office_send("card.block", {"card_number": "5500001", "reason": "lost"})
    replace = {
        "old_card_number": "5500001",
        "new_card_number": "5500002",
        "fee_ore": 0,
        "fee_waiver_reason": "Kortet var defekt",
    }
    assert world.office_send("card.replace", replace).status == "applied"
    for step in range(3):
        world.deposit(student, 200 + step)
    world.office_send("card.block", {"card_number": "5500002", "reason": "stolen"})
    headers = {"Authorization": f"Bearer {world.tokens['office']}"}
    with (
        embedded_server(sqlite_engine, clock=world.clock) as url,
        httpx.Client(base_url=url, headers=headers) as client,
    ):
        for limit in (1, 2, 3, 500):
            shutil.copy(sqlite_template, tmp_path / f"replica-{limit}.db")
            replica = make_engine(str(tmp_path / f"replica-{limit}.db"))
            pull(replica, client, world.school_id, limit=limit)
            assert_replica_equals_ledger(replica, sqlite_engine, world.school_id)
            assert verify(replica, world.school_id) == []
            replica.dispose()
