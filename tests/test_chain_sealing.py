"""Audit chains whose personal words can be erased: revision 0003 seals existing chains so
they verify as before, and the database lets exactly the erasure of personal data through."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine, TextClause, Uuid, bindparam, select, text

from models import AuditEvent
from office_app.db import downgrade, make_engine, migrate
from office_app.desk.audit_chains import verify_chain
from office_app.desk.audit_log import OFFICE, SCHOOL
from office_app.domain.audit import GENESIS_HASH, LEDGER_CHAIN, audit_hash
from office_app.ledger.embedded import embedded_server
from office_app.ledger.verify import verify
from office_app.sync.outbox import OFFICE_CHAIN, append_audit
from office_app.sync.puller import cursor, pull
from tests.conftest import create_postgres_database, postgres_base_url
from tests.sync_checks import assert_replica_equals_ledger
from tests.world import World, make_world

WAIVER = "Mette Nielsen ringede: kortet knækkede i skolegården"


def _waived_replacement(world: World) -> None:
    student = world.child_with_card(5000, card_number="6600001")
    replace = {
        "old_card_number": "6600001",
        "new_card_number": "6600002",
        "fee_ore": 0,
        "fee_waiver_reason": WAIVER,
    }
    assert world.office_send("card.replace", replace).status == "applied"
    world.deposit(student, 700)


def _chain_as_written_before_0003(engine: Engine, chain: str) -> list[dict[str, Any]]:
    """The chain read with the columns revision 0002 has, each event checked by its old rule."""
    with engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT school_id, chain, chain_index, occurred_at, device_id, staff, action, "
                "subject, details, command_id, prev_hash, hash FROM audit_events "
                "WHERE chain = :chain ORDER BY chain_index"
            ),
            {"chain": chain},
        ).all()
    events = []
    prev = GENESIS_HASH
    for row in rows:
        event = dict(row._mapping)
        for key in ("school_id", "device_id", "command_id"):
            if isinstance(event[key], str):
                event[key] = uuid.UUID(event[key])
        if isinstance(event["details"], str):
            event["details"] = json.loads(event["details"])
        occurred = event["occurred_at"]
        if isinstance(occurred, str):
            occurred = dt.datetime.fromisoformat(occurred)
        if occurred.tzinfo is None:
            occurred = occurred.replace(tzinfo=dt.UTC)
        recomputed = audit_hash(
            event["prev_hash"],
            school_id=event["school_id"],
            chain=event["chain"],
            chain_index=event["chain_index"],
            occurred_at=occurred,
            device_id=event["device_id"],
            staff=event["staff"],
            action=event["action"],
            subject=event["subject"],
            details=event["details"],
            command_id=event["command_id"],
        )
        event["valid"] = recomputed == event["hash"] and event["prev_hash"] == prev
        prev = event["hash"]
        events.append(event)
    return events


def _own_database(backend: str, tmp_path: Path) -> Engine:
    """A database of this test's own: it goes down a revision and up again."""
    if backend == "sqlite":
        engine = make_engine(str(tmp_path / "ledger.db"))
    else:
        base_url = postgres_base_url()
        if base_url is None:
            pytest.skip("OFFICE_APP_TEST_POSTGRES not set")
        engine = make_engine(create_postgres_database(base_url))
    migrate(engine)
    return engine


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_a_chain_with_personal_words_is_sealed_again_and_verifies(
    backend: str, tmp_path: Path
) -> None:
    engine = _own_database(backend, tmp_path)
    world = make_world(engine)
    _waived_replacement(world)
    downgrade(engine, "0002")
    try:
        before = [
            event
            for event in _chain_as_written_before_0003(engine, LEDGER_CHAIN)
            if event["school_id"] == world.school_id
        ]
        assert all(event["valid"] for event in before)
        assert [e["details"].get("waiver_reason") for e in before].count(WAIVER) == 1
    finally:
        migrate(engine)
    assert verify(engine, world.school_id) == []
    with engine.connect() as connection:
        sealed = connection.execute(
            select(AuditEvent).where(
                AuditEvent.school_id == world.school_id, AuditEvent.action == "card.replace"
            )
        ).one()
    assert "waiver_reason" not in sealed.details
    assert sealed.personal is not None and sealed.personal["values"] == {"waiver_reason": WAIVER}
    assert sealed.personal_digest is not None
    engine.dispose()


def _own(statement: str) -> TextClause:
    return text(statement).bindparams(bindparam("school", type_=Uuid()))


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_only_the_erasure_of_personal_data_gets_past_the_append_only_triggers(
    backend: str, request: pytest.FixtureRequest
) -> None:
    engine: Engine = request.getfixturevalue(
        "sqlite_engine" if backend == "sqlite" else "postgres_engine_shared"
    )
    world = make_world(engine)
    _waived_replacement(world)
    school = {"school": world.school_id}
    own = "school_id = :school"
    erasures = [
        f"UPDATE audit_events SET personal = NULL WHERE {own}",
        f"UPDATE ledger_transactions SET text = '' WHERE {own}",
        f"UPDATE card_events SET reason = NULL, seq = seq + 1 WHERE {own}",
        f"UPDATE commands SET message = '' WHERE {own}",
    ]
    for statement in erasures:
        with engine.begin() as connection:
            connection.execute(_own(statement), school)
    refused = [
        f"UPDATE audit_events SET staff = 'x' WHERE {own}",
        f"UPDATE audit_events SET hash = prev_hash WHERE {own}",
        f"UPDATE ledger_transactions SET kind = 'x' WHERE {own}",
        f"UPDATE ledger_transactions SET entries_digest = 'x' WHERE {own}",
        f"UPDATE ledger_entries SET amount_ore = amount_ore WHERE {own}",
        f"UPDATE card_events SET event = 'x' WHERE {own}",
        f"UPDATE commands SET status = 'rejected' WHERE {own}",
        f"UPDATE commands SET content_hash = 'x' WHERE {own}",
        f"DELETE FROM commands WHERE {own}",
        f"DELETE FROM audit_events WHERE {own}",
        f"DELETE FROM ledger_transactions WHERE {own}",
    ]
    for statement in refused:
        with pytest.raises(Exception, match="append-only"), engine.begin() as connection:
            connection.execute(_own(statement), school)
    # Personal words may go, never come back or change.
    with pytest.raises(Exception, match="append-only"), engine.begin() as connection:
        connection.execute(_own(f"UPDATE audit_events SET personal = details WHERE {own}"), school)
    assert verify(engine, world.school_id) == []


def test_a_replica_seals_its_own_chain_and_takes_the_ledgers_sealed_chain_again(
    sqlite_engine: Engine, sqlite_template: Path, tmp_path: Path
) -> None:
    world = make_world(sqlite_engine)
    _waived_replacement(world)
    shutil.copy(sqlite_template, tmp_path / "replica.db")
    replica = make_engine(str(tmp_path / "replica.db"))
    with embedded_server(sqlite_engine, clock=world.clock) as url:
        headers = {"Authorization": f"Bearer {world.tokens['office']}"}
        with httpx.Client(base_url=url, headers=headers) as client:
            pull(replica, client, world.school_id)
            followed = cursor(replica)
            with replica.begin() as connection:
                append_audit(
                    connection,
                    world.school_id,
                    None,
                    staff="ole",
                    action="leaver.keep",
                    subject="x",
                    details={"balance_ore": 0, "reason": "Mor henter pengene fredag"},
                    now=world.clock(),
                )
            downgrade(sqlite_engine, "0002")
            downgrade(replica, "0002")
            office_before = _chain_as_written_before_0003(replica, OFFICE_CHAIN)
            assert office_before and all(event["valid"] for event in office_before)
            migrate(sqlite_engine)
            migrate(replica)
            with replica.connect() as connection:
                ledger_copy = connection.execute(
                    select(AuditEvent.id).where(AuditEvent.chain == LEDGER_CHAIN)
                ).all()
            assert ledger_copy == [] and cursor(replica) == 0
            assert verify_chain(replica, OFFICE).intact
            pull(replica, client, world.school_id)
            assert cursor(replica) == followed
            assert_replica_equals_ledger(replica, sqlite_engine, world.school_id)
            assert verify_chain(replica, SCHOOL).intact
            assert verify(replica, world.school_id) == []
    replica.dispose()


def test_an_event_that_did_not_verify_before_sealing_still_does_not(
    sqlite_engine: Engine,
) -> None:
    world = make_world(sqlite_engine)
    _waived_replacement(world)
    downgrade(sqlite_engine, "0002")
    with sqlite_engine.begin() as connection:
        connection.exec_driver_sql("DROP TRIGGER trg_audit_events_no_update")
        connection.exec_driver_sql(
            "UPDATE audit_events SET staff = 'mallory' WHERE chain_index = 2"
        )
        connection.exec_driver_sql(
            "CREATE TRIGGER trg_audit_events_no_update BEFORE UPDATE ON audit_events "
            "BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END"
        )
    migrate(sqlite_engine)
    problems = [str(problem) for problem in verify(sqlite_engine, world.school_id)]
    assert any("event 2: content does not match its hash" in problem for problem in problems)
