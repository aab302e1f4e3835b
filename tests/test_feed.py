"""The change feed rebuilds a school's whole state and never skips a late commit."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine, select

from office_app.db import make_sessionmaker
from office_app.ledger.embedded import embedded_server
from office_app.ledger.feed import APPLY_ORDER, KINDS
from office_app.ledger.tools.seed import seed_demo
from tests.world import YESTERDAY, World, make_world


@pytest.fixture
def world(ledger_engine: Engine) -> World:
    return make_world(ledger_engine)


@pytest.fixture
def base_url(ledger_engine: Engine, world: World) -> Iterator[str]:
    with embedded_server(ledger_engine, clock=world.clock) as url:
        yield url


def follow(
    base_url: str, token: str, after: int = 0, limit: int = 50
) -> tuple[dict[str, dict[str, Any]], int]:
    """Apply every page as a replica would: the latest state of each row, by kind and id."""
    state: dict[str, dict[str, Any]] = {kind: {} for kind in APPLY_ORDER}
    headers = {"Authorization": f"Bearer {token}"}
    for _ in range(10_000):
        page = httpx.get(
            f"{base_url}/v1/changes", params={"after": after, "limit": limit}, headers=headers
        ).json()
        for change in page["changes"]:
            data = change["data"]
            key = str(
                data.get("id")
                or data.get("command_id")
                or f"{data['student_id']}/{data.get('day', '')}"
            )
            state[change["kind"]][key] = data
        after = page["last_seq"]
        if not page["has_more"]:
            return state, after
    raise AssertionError("the feed did not end")


def _database_state(engine: Engine, school_id: Any) -> dict[str, set[tuple[str, int]]]:
    found: dict[str, set[tuple[str, int]]] = {}
    with make_sessionmaker(engine)() as session:
        for kind, model in KINDS.items():
            owner = model.id if kind == "school" else model.school_id  # type: ignore[attr-defined]
            rows = session.scalars(select(model).where(owner == school_id)).all()
            found[kind] = {(str(_key(kind, row)), row.seq) for row in rows}  # type: ignore[attr-defined]
    return found


def _key(kind: str, row: Any) -> str:
    if kind in ("declined_purchase", "audit_event"):
        return str(row.command_id)
    if kind in ("daily_cap",):
        return str(row.student_id) + "/"
    if kind == "daily_spend":
        return f"{row.student_id}/{row.day.isoformat()}"
    return str(row.id)


def test_following_the_feed_from_zero_rebuilds_every_row_of_the_school(
    world: World, base_url: str, ledger_engine: Engine
) -> None:
    seed_demo(ledger_engine, world.school_id, students=25, days=4, seed=9, today=YESTERDAY)
    state, _ = follow(base_url, world.tokens["office"])
    expected = _database_state(ledger_engine, world.school_id)
    for kind in KINDS:
        replica = {(key, data["seq"]) for key, data in state[kind].items()}
        assert replica == expected[kind], kind
    assert state["staff"] and all(
        s["password_hash"].startswith("$argon2id$") for s in state["staff"].values()
    )
    assert all(
        sum(entry["amount_ore"] for entry in txn["entries"]) == 0
        for txn in state["transaction"].values()
    )


def test_a_reader_following_during_writes_misses_nothing(
    world: World, base_url: str, ledger_engine: Engine
) -> None:
    """Writers commit while a reader pages the feed; at the end it has every transaction."""
    students = [world.add_student(f"Elev {n}") for n in range(4)]
    for n, student in enumerate(students):
        world.add_card(student, f"880000{n}")
    stop = threading.Event()
    seen: set[str] = set()

    def reader() -> None:
        after = 0
        headers = {"Authorization": f"Bearer {world.tokens['office']}"}
        for _ in range(100_000):
            page = httpx.get(
                f"{base_url}/v1/changes", params={"after": after, "limit": 7}, headers=headers
            ).json()
            seen.update(c["data"]["id"] for c in page["changes"] if c["kind"] == "transaction")
            after = page["last_seq"]
            if stop.is_set() and not page["has_more"]:
                return

    def writer(n: int) -> None:
        for _ in range(15):
            world.deposit(students[n], 1000)
            world.buy(f"880000{n}", 500)

    follower = threading.Thread(target=reader)
    follower.start()
    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(writer, range(4)))
    stop.set()
    follower.join(timeout=60)
    expected = {key for key, _ in _database_state(ledger_engine, world.school_id)["transaction"]}
    assert len(expected) == 120
    assert seen == expected
