"""The school's audit log reaches the office: every device's commands, the ledger's hash chain
verified on the office's replica, and this office's own actions that the ledger has not yet
recorded shown once, beside it."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import httpx
from sqlalchemy import Engine, select, update

from models import AuditEvent, SyncState
from office_app.db import make_engine
from office_app.desk.audit_chains import verify_chain
from office_app.desk.audit_log import OFFICE, SCHOOL, AuditFilter, audit_lines
from office_app.domain.audit import LEDGER_CHAIN
from office_app.ledger.embedded import embedded_server
from office_app.ledger.verify import verify
from office_app.sync.outbox import record
from office_app.sync.puller import pull
from office_app.sync.sender import send_pending
from tests.sync_checks import assert_replica_equals_ledger
from tests.world import make_world

NOW = dt.datetime(2026, 11, 24, 9, 30, tzinfo=dt.UTC)


def test_the_office_sees_every_device_and_verifies_the_ledgers_chain(
    sqlite_engine: Engine, sqlite_template: Path, tmp_path: Path
) -> None:
    world = make_world(sqlite_engine)
    anna = world.add_student("Anna Ærø")
    world.deposit(anna, 5000)
    world.add_card(anna, "5500001")
    bo = world.add_student("Bo Berg")
    world.add_card(bo, "5500002")
    assert world.buy("5500001", 2000).status == "applied"
    world.office_send("card.block", {"card_number": "5500002", "reason": "lost"})
    assert world.buy("5500002", 1500).code == "card_blocked"

    shutil.copy(sqlite_template, tmp_path / "replica.db")
    replica = make_engine(str(tmp_path / "replica.db"))
    with embedded_server(sqlite_engine, clock=world.clock) as url:
        headers = {"Authorization": f"Bearer {world.tokens['office']}"}
        with httpx.Client(base_url=url, headers=headers) as client:
            pull(replica, client, world.school_id, limit=7)
            assert_replica_equals_ledger(replica, sqlite_engine, world.school_id)

            lines = audit_lines(replica, AuditFilter())
            assert all(line.chain == LEDGER_CHAIN for line in lines)
            assert [line.chain_index for line in lines] == list(range(len(lines), 0, -1))
            declined = lines[0]
            assert (declined.action, declined.state, declined.code) == (
                "purchase",
                "rejected",
                "card_blocked",
            )
            assert (declined.device_kind, declined.device_name) == ("terminal", "terminal 1")
            assert (declined.student_name, declined.amount_ore) == ("Bo Berg", 1500)
            bought = next(
                line for line in lines if line.action == "purchase" and line is not declined
            )
            assert (bought.state, bought.amount_ore, bought.student_name) == (
                "applied",
                2000,
                "Anna Ærø",
            )
            assert not any(line.own for line in lines), "the office has not sent anything yet"
            report = verify_chain(replica, SCHOOL)
            assert report.intact and report.events == len(lines)

            # An action taken here waits in the outbox: the school's log shows it, once.
            queued = record(
                replica,
                world.school_id,
                None,
                "deposit.cash",
                {"student_id": anna, "amount_ore": 10000, "receipt_no": "K-000001"},
                staff="hanne",
                now=NOW,
            )
            waiting = audit_lines(replica, AuditFilter(child="ærø"))
            assert (waiting[0].chain, waiting[0].state, waiting[0].own) == (OFFICE, "pending", True)
            assert waiting[0].command_id == queued.command_id

            send_pending(replica, client, now=NOW)
            pull(replica, client, world.school_id)
            mine = [
                line
                for line in audit_lines(replica, AuditFilter(child="anna"))
                if line.command_id == queued.command_id
            ]
            assert [(line.chain, line.state, line.own) for line in mine] == [
                (LEDGER_CHAIN, "applied", True)
            ], "the ledger's event replaces the waiting one"
            assert mine[0].staff == "hanne" and mine[0].amount_ore == 10000
            with replica.connect() as connection:
                own = connection.execute(select(SyncState.device_id)).scalar()
            assert own is not None, "the office learned its own device from the ledger's chain"
            by_staff = audit_lines(replica, AuditFilter(staff="HANNE"))
            assert by_staff and all(line.staff == "hanne" for line in by_staff)
            assert audit_lines(replica, AuditFilter(child="bo", staff="nobody")) == []
            assert audit_lines(replica, AuditFilter(day=dt.date(2020, 1, 1))) == []
            office_only = audit_lines(replica, AuditFilter(view=OFFICE))
            assert [line.command_id for line in office_only] == [queued.command_id]
            assert verify_chain(replica, OFFICE).intact
            assert verify_chain(replica, SCHOOL).intact
            assert verify(replica, world.school_id) == []

    # Someone with the replica file in hand changes who did a purchase.
    with replica.begin() as connection:
        connection.exec_driver_sql("DROP TRIGGER trg_audit_events_no_update")
        connection.execute(
            update(AuditEvent)
            .where(AuditEvent.chain == LEDGER_CHAIN, AuditEvent.action == "purchase")
            .values(staff="ole")
        )
    broken = verify_chain(replica, SCHOOL)
    assert not broken.intact
    assert {problem.kind for problem in broken.problems} == {"changed"}
    replica.dispose()


def test_an_event_taken_out_of_the_ledgers_chain_shows_on_the_office(
    sqlite_engine: Engine, sqlite_template: Path, tmp_path: Path
) -> None:
    world = make_world(sqlite_engine)
    for number in range(3):
        world.add_student(f"Elev {number}")
    shutil.copy(sqlite_template, tmp_path / "replica.db")
    replica = make_engine(str(tmp_path / "replica.db"))
    with embedded_server(sqlite_engine, clock=world.clock) as url:
        headers = {"Authorization": f"Bearer {world.tokens['office']}"}
        with httpx.Client(base_url=url, headers=headers) as client:
            pull(replica, client, world.school_id)
    with replica.begin() as connection:
        connection.exec_driver_sql("DROP TRIGGER trg_audit_events_no_delete")
        connection.exec_driver_sql(
            "DELETE FROM audit_events WHERE chain = 'ledger' AND chain_index = 2"
        )
    report = verify_chain(replica, SCHOOL)
    assert [(p.kind, p.position, p.after) for p in report.problems] == [("broken_link", 3, 1)]
    replica.dispose()


def test_a_replica_made_before_the_feed_carried_audit_events_reads_the_school_again(
    sqlite_engine: Engine, sqlite_template: Path, tmp_path: Path
) -> None:
    """An office upgraded from revision 0001 gets the whole ledger chain on its next pull."""
    from office_app.db import downgrade, migrate
    from office_app.sync.puller import cursor

    world = make_world(sqlite_engine)
    student = world.add_student("Elev Ældre")
    world.deposit(student, 5000)
    shutil.copy(sqlite_template, tmp_path / "replica.db")
    replica = make_engine(str(tmp_path / "replica.db"))
    with embedded_server(sqlite_engine, clock=world.clock) as url:
        headers = {"Authorization": f"Bearer {world.tokens['office']}"}
        with httpx.Client(base_url=url, headers=headers) as client:
            pull(replica, client, world.school_id)
            followed = cursor(replica)
            # As it was before: the schema of 0001, and no ledger events in the replica.
            downgrade(replica, "0001")
            with replica.begin() as connection:
                connection.exec_driver_sql("DROP TRIGGER trg_audit_events_no_delete")
                connection.exec_driver_sql("DELETE FROM audit_events")
            migrate(replica)
            with replica.begin() as connection:
                connection.exec_driver_sql(
                    "CREATE TRIGGER trg_audit_events_no_delete BEFORE DELETE ON audit_events "
                    "BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END"
                )
            assert cursor(replica) == 0
            pull(replica, client, world.school_id)
            assert cursor(replica) == followed
            assert_replica_equals_ledger(replica, sqlite_engine, world.school_id)
            report = verify_chain(replica, SCHOOL)
            assert report.intact and report.events == 2
            assert verify(replica, world.school_id) == []
    replica.dispose()
