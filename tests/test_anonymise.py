"""``office-app ledger anonymise``: a leaver at zero balance loses its name, guardians and
contact data everywhere they were kept, every amount stays, ``verify`` and both audit chains
pass afterwards on SQLite and PostgreSQL, and an office replica follows through the feed.
A child with money is refused in one line."""

from __future__ import annotations

import datetime as dt
import shutil
import uuid
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr
from sqlalchemy import Engine, Uuid, column, inspect, select, text

from models import Guardian, LedgerEntry, OutboxCommand, Payout, Student
from office_app.cli import main
from office_app.config import Settings
from office_app.db import make_engine, make_sessionmaker, reading
from office_app.desk.audit_chains import verify_chain
from office_app.desk.audit_log import OFFICE, SCHOOL
from office_app.desk.queries import student_rows
from office_app.ledger.anonymise import AnonymiseRefused, anonymise_student
from office_app.ledger.embedded import embedded_server
from office_app.ledger.verify import verify
from office_app.sync.outbox import append_audit, record
from office_app.sync.run import client_for, sync_once
from tests.privacy_support import Family, build_family
from tests.sync_checks import assert_replica_equals_ledger
from tests.world import World, make_world

KEPT_REASON = "Jens Jensen henter pengene til Asta Jensen-Holm"


@pytest.fixture
def world(ledger_engine: Engine) -> World:
    return make_world(ledger_engine)


def _amounts(engine: Engine, school_id: uuid.UUID) -> list[tuple[Any, ...]]:
    with engine.connect() as connection:
        return sorted(
            (str(txn), str(account), amount)
            for txn, account, amount in connection.execute(
                select(LedgerEntry.txn_id, LedgerEntry.account_id, LedgerEntry.amount_ore).where(
                    LedgerEntry.school_id == school_id
                )
            )
        )


def _every_text(engine: Engine, school_id: uuid.UUID) -> str:
    """Every value of every table of the school, as text: where erased words must not be."""
    found = []
    schema = inspect(engine)
    tables = {
        table: {column["name"] for column in schema.get_columns(table)}
        for table in schema.get_table_names()
    }
    with reading(engine).connect() as connection:
        for table, columns in tables.items():
            query = select(text("*")).select_from(text(f'"{table}"'))
            if "school_id" in columns:
                query = query.where(column("school_id", Uuid()) == school_id)
            elif table == "schools":
                query = query.where(column("id", Uuid()) == school_id)
            for row in connection.execute(query):
                found.append(" ".join(str(value) for value in row))
    return "\n".join(found)


def _file_bytes(engine: Engine) -> bytes:
    """What a SQLite file holds on disk, free space included, once its log is written back."""
    raw = engine.raw_connection()  # outside a transaction, where a checkpoint may run
    try:
        raw.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        raw.close()
    path = Path(str(engine.url.database))
    wal = path.with_name(path.name + "-wal")
    return path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


def _office_acts_about_the_child(world: World, replica: Engine, family: Family) -> None:
    """The office's own records about the child: a reason in its chain, a command it sent."""
    with replica.begin() as connection:
        append_audit(
            connection,
            world.school_id,
            None,
            staff="ole",
            action="leaver.keep",
            subject=str(family.child),
            details={"balance_ore": 0, "reason": KEPT_REASON},
            now=world.clock(),
        )
    record(
        replica,
        world.school_id,
        None,
        "cap.set",
        {"student_id": str(family.child), "daily_cap_ore": 5_000},
        staff="hanne",
        now=world.clock(),
    )
    record(
        replica,
        world.school_id,
        None,
        "payout.request",
        {
            "student_id": str(family.child),
            "amount_ore": 100,
            "holder_name": "Jens Jensen",
            "reg_no": "6050",
            "account_no": "6050401234",
            "message": "Til Asta Jensen-Holm",
        },
        staff="ole",
        now=world.clock(),
    )


def test_a_leaver_is_anonymised_every_amount_kept_and_an_office_follows(
    world: World,
    ledger_engine: Engine,
    sqlite_template: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    family = build_family(world)
    for leaver in (family.child, family.sibling):
        world.office_send("student.leave", {"student_id": leaver})
    world.clock.advance(days=400)
    amounts_before = _amounts(ledger_engine, world.school_id)
    shutil.copy(sqlite_template, tmp_path / "office.db")
    with embedded_server(ledger_engine, clock=world.clock) as url:
        settings = Settings(url, SecretStr(world.tokens["office"]), tmp_path)
        replica = make_engine(str(tmp_path / "office.db"))
        with client_for(settings) as client:
            sync_once(settings, replica, client, clock=world.clock)
            _office_acts_about_the_child(world, replica, family)
            sync_once(settings, replica, client, clock=world.clock)
            assert "Asta Jensen-Holm" in _every_text(replica, world.school_id)

            database = ledger_engine.url.render_as_string(hide_password=False)
            left_before = (world.clock() - dt.timedelta(days=30)).date().isoformat()
            code = main(
                [
                    "ledger",
                    "anonymise",
                    "--database",
                    database,
                    "--left-before",
                    left_before,
                    "--school",
                    str(world.school_id),
                    "--yes",
                ]
            )
            out, err = capsys.readouterr()
            # The sibling has money: refused in one line; the child is anonymised.
            assert code == 1
            refusals = err.strip().splitlines()
            assert len(refusals) == 1 and str(family.sibling) in refusals[0]
            assert (
                "has 250,00 kr. on the account; pay it out or move it to a sibling first"
                in refusals[0]
            )
            assert f"{family.child} anonymised" in out
            assert "verify: all invariants hold" in out

            sync_once(settings, replica, client, clock=world.clock)
            assert_replica_equals_ledger(replica, ledger_engine, world.school_id)
    assert verify(ledger_engine, world.school_id) == []
    assert _amounts(ledger_engine, world.school_id) == amounts_before
    with make_sessionmaker(ledger_engine)() as session:
        child = session.get(Student, family.child)
        sibling = session.get(Student, family.sibling)
        assert child is not None and sibling is not None
        assert (child.name, child.class_label, child.household_id) == ("", "", None)
        assert child.anonymised_at is not None and sibling.anonymised_at is None
        assert sibling.name == "Bror Jensen-Holm"
        emails = set(session.scalars(select(Guardian.email)))
        assert "mette.holm@example.dk" in emails  # the sibling's guardian stays
        holders = set(
            session.scalars(select(Payout.holder_name).where(Payout.student_id == family.child))
        )
        assert holders == {""}
    everything = _every_text(ledger_engine, world.school_id)
    for word in (*family.child_words, KEPT_REASON):
        assert word not in everything, word
    for word in family.sibling_words + family.other_words:
        assert word in everything, word  # nobody else lost anything
    # The office: the same rows as the ledger, its own copies erased, both chains intact.
    assert verify(replica, world.school_id) == []
    assert verify_chain(replica, SCHOOL).intact and verify_chain(replica, OFFICE).intact
    on_disk = _file_bytes(replica)
    for word in (*family.child_words, KEPT_REASON):
        assert word.encode() not in on_disk, word
    shown = student_rows(replica, [family.child])[0]
    assert (shown.name, shown.class_label, shown.balance_ore) == ("(anonymiseret elev)", "", 0)
    with make_sessionmaker(replica)() as session:
        sent = session.scalars(
            select(OutboxCommand).where(OutboxCommand.type == "payout.request")
        ).one()
        assert sent.state == "rejected"  # the child had no money left: still the office's record
        assert (sent.payload["holder_name"], sent.payload["account_no"]) == ("", "")
        assert (sent.payload["student_id"], sent.payload["amount_ore"]) == (str(family.child), 100)
    if ledger_engine.dialect.name == "sqlite":
        ledger_bytes = _file_bytes(ledger_engine)
        for word in family.child_words:
            assert word.encode() not in ledger_bytes, word
    replica.dispose()


def test_a_child_with_money_is_refused_in_one_line_and_nothing_changes(
    world: World, ledger_engine: Engine, capsys: pytest.CaptureFixture[str]
) -> None:
    family = build_family(world)
    world.office_send("student.leave", {"student_id": family.sibling})
    world.clock.advance(days=10)
    before = _every_text(ledger_engine, world.school_id)
    with pytest.raises(AnonymiseRefused, match=r"has 250,00 kr\. on the account"):
        anonymise_student(
            ledger_engine, family.sibling, left_before=world.clock(), clock=world.clock
        )
    with pytest.raises(AnonymiseRefused, match="has not left the school"):
        anonymise_student(ledger_engine, family.other, left_before=world.clock(), clock=world.clock)
    assert _every_text(ledger_engine, world.school_id) == before
    database = ledger_engine.url.render_as_string(hide_password=False)
    code = main(
        [
            "ledger",
            "anonymise",
            "--database",
            database,
            "--student",
            str(family.sibling),
            "--left-before",
            world.clock().date().isoformat(),
            "--yes",
        ]
    )
    err = capsys.readouterr().err
    assert code == 1 and len(err.strip().splitlines()) == 1
    assert err.startswith(f"office-app: {family.sibling} (6.A Bror Jensen-Holm, left ")
    # Without --yes and no terminal to ask on: refused before anything happens.
    code = main(["ledger", "anonymise", "--database", database, "--left-before", "2100-01-01"])
    assert code == 1 and "--yes: anonymising cannot be undone" in capsys.readouterr().err
    assert verify(ledger_engine, world.school_id) == []
