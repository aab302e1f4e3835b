"""Payouts from approval to the bank and back, through the office and the real ledger: the
bank file, the bank's status report, a return after payment; a payout is in exactly one file
whatever point the office stops at, and a file is only named once the ledger took it."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from sqlalchemy import Engine, select

from models import OutboxCommand, Payout
from office_app.db import make_engine, make_sessionmaker
from office_app.desk.actions import Desk
from office_app.desk.bank_file import BankFilePlan, make_bank_file, plan_bank_file
from office_app.desk.bank_status import (
    answer_for_return,
    answers_for_confirmation,
    answers_from_report,
    queue_answers,
)
from office_app.desk.fields import FieldProblem
from office_app.domain.school import SchoolSettingsInput
from office_app.i18n import set_language
from office_app.ledger.embedded import embedded_server
from office_app.ledger.school_settings import set_school
from office_app.ledger.verify import verify
from office_app.reports.pain002 import read_status_report
from office_app.sync.puller import pull
from office_app.sync.sender import send_pending
from tests.bank_support import pain001_schema, status_report
from tests.world import World, make_world

NOW = dt.datetime(2026, 11, 24, 13, 0, tzinfo=dt.UTC)


def approved_payouts(world: World, amounts: list[int], name: str = "Freja Nielsen") -> list[str]:
    """Payouts asked for by one administrator and approved by another."""
    ids = []
    for amount in amounts:
        student = world.add_student(name)
        world.deposit(student, amount)
        asked = world.office_send(
            "payout.request",
            {
                "student_id": student,
                "amount_ore": amount,
                "holder_name": "Mette Nielsen",
                "reg_no": "1234",
                "account_no": "0012345678",
                "message": "",
            },
            staff="ole",
        )
        payout_id = asked.result["payout_id"]
        if asked.result["status"] == "pending_approval":
            approved = world.office_send("payout.approve", {"payout_id": payout_id}, staff="birgit")
            assert approved.status == "applied", approved
        ids.append(payout_id)
    return ids


@dataclass
class Bank:
    """A school whose office makes bank files against the real ledger on 127.0.0.1."""

    world: World
    desk: Desk
    client: httpx.Client
    folder: Path

    def sync(self) -> None:
        send_pending(self.desk.engine, self.client, now=self.world.clock())
        pull(self.desk.engine, self.client)

    def plan(self) -> BankFilePlan:
        pull(self.desk.engine, self.client)
        return plan_bank_file(self.desk.engine, self.world.clock())

    def status(self, payout_id: str) -> str:
        with make_sessionmaker(self.world.engine)() as session:
            payout = session.get(Payout, uuid.UUID(payout_id))
            assert payout is not None
            return payout.status


@pytest.fixture
def bank(sqlite_engine: Engine, sqlite_template: Path, tmp_path: Path) -> Iterator[Bank]:
    set_language("da")
    world = make_world(sqlite_engine)
    set_school(
        sqlite_engine,
        world.school_id,
        SchoolSettingsInput(
            address="Skovbovej 12, 4600 Køge",
            cvr="12345678",
            bank_reg="3001",
            bank_account="0011223344",
            bank_agreement="AFT-4471",
        ),
        clock=world.clock,
    )
    shutil.copy(sqlite_template, tmp_path / "replica.db")
    replica = make_engine(str(tmp_path / "replica.db"))
    with embedded_server(sqlite_engine, clock=world.clock) as url:
        headers = {"Authorization": f"Bearer {world.tokens['office']}"}
        with httpx.Client(base_url=url, headers=headers) as client:
            pull(replica, client, world.school_id)
            desk = Desk(
                replica, world.school_id, None, "ole", world.clock, tmp_path / "office", None
            )
            yield Bank(world, desk, client, tmp_path / "bank")
    replica.dispose()


def test_payouts_go_to_the_bank_and_become_paid_or_come_back(bank: Bank) -> None:
    paid, refused, returned = approved_payouts(bank.world, [60000, 12500, 30000], "Åse Ærø")
    plan = bank.plan()
    assert (len(plan.payouts), plan.total_ore) == (3, 102500)
    assert plan.execution_date == dt.date(2026, 11, 25), "the next bank day"
    assert "3 udbetalinger, i alt 1.025,00 kr." in plan.confirmation()
    assert "3001 0011223344" in plan.confirmation()

    (outcome,) = make_bank_file(bank.desk, bank.folder, plan, bank.sync)
    assert outcome.state == "named"
    assert [path.name for path in bank.folder.iterdir()] == [outcome.path.name]
    content = outcome.path.read_bytes()
    pain001_schema().validate(content.decode())
    assert uuid.UUID(paid).hex.encode() in content
    assert {bank.status(payout) for payout in (paid, refused, returned)} == {"sent"}
    assert bank.world.system_balance("bank") == 0, "sent is not paid"
    assert bank.plan().problem == "Ingen godkendte udbetalinger", "never in a second file"

    with bank.world.engine.connect() as connection:
        message_id = connection.execute(
            select(Payout.batch_id).where(Payout.id == uuid.UUID(paid))
        ).scalar_one()
    assert message_id is not None
    report = read_status_report(
        status_report(
            message_id.hex,
            [
                (uuid.UUID(paid).hex, "ACSC", "", ""),
                (uuid.UUID(refused).hex, "RJCT", "AC01", ""),
                (uuid.UUID(returned).hex, "ACSC", "", ""),
                ("ffffffffffffffffffffffffffffffff", "ACSC", "", ""),
            ],
        )
    )
    answers = answers_from_report(bank.desk.engine, report)
    assert [answer.outcome for answer in answers.answers] == ["paid", "rejected", "paid"]
    assert [transfer.end_to_end_id for transfer in answers.unknown] == ["f" * 32]
    assert answers.answers[1].reason == "AC01 kontonummeret er forkert"
    assert queue_answers(bank.desk, answers.commands) == 3
    bank.sync()
    assert [bank.status(p) for p in (paid, refused, returned)] == ["settled", "rejected", "settled"]
    assert bank.world.system_balance("bank") == 90000
    assert bank.world.system_balance("payout_clearing") == 0
    again = answers_from_report(bank.desk.engine, report)
    assert {answer.outcome for answer in again.answers} == {"done_before"}, "exactly once"
    assert again.commands == []

    back = answer_for_return(bank.desk.engine, uuid.UUID(returned).hex, "AC04", "R-77")
    assert back.outcome == "returned"
    queue_answers(bank.desk, [back.command] if back.command else [])
    bank.sync()
    assert bank.status(returned) == "returned"
    assert bank.world.system_balance("bank") == 60000
    with make_sessionmaker(bank.world.engine)() as session:
        rows = {row.id: row for row in session.scalars(select(Payout))}
    assert rows[uuid.UUID(refused)].reject_reason == "The bank: AC01 kontonummeret er forkert"
    assert rows[uuid.UUID(returned)].return_reason == "AC04"
    with pytest.raises(FieldProblem, match="ikke en betalt udbetaling"):
        answer_for_return(bank.desk.engine, refused, "AC04", "")
    assert verify(bank.world.engine) == []


def test_a_whole_file_refused_by_the_bank_returns_every_payout(bank: Bank) -> None:
    payouts = approved_payouts(bank.world, [10000, 20000])
    (outcome,) = make_bank_file(bank.desk, bank.folder, bank.plan(), bank.sync)
    message_id = outcome.path.read_text().split("<MsgId>")[1].split("<")[0]
    report = read_status_report(status_report(message_id, group_status="RJCT", group_reason="FF01"))
    answers = answers_from_report(bank.desk.engine, report)
    assert [answer.outcome for answer in answers.answers] == ["rejected", "rejected"]
    queue_answers(bank.desk, answers.commands)
    bank.sync()
    assert [bank.status(payout) for payout in payouts] == ["rejected", "rejected"]
    assert bank.world.system_balance("payout_clearing") == 0
    with pytest.raises(FieldProblem, match="ikke har sendt"):
        answers_from_report(bank.desk.engine, read_status_report(status_report("ukendt")))


def test_an_admin_confirms_a_file_as_executed(bank: Bank) -> None:
    payouts = approved_payouts(bank.world, [10000, 20000])
    (outcome,) = make_bank_file(bank.desk, bank.folder, bank.plan(), bank.sync)
    answers = answers_for_confirmation(bank.desk.engine, str(outcome.path), "Ole Admin")
    assert [answer.outcome for answer in answers.answers] == ["paid", "paid"]
    queue_answers(bank.desk, answers.commands)
    bank.sync()
    assert [bank.status(payout) for payout in payouts] == ["settled", "settled"]
    with pytest.raises(FieldProblem, match="ingen bankfil"):
        answers_for_confirmation(bank.desk.engine, outcome.path.name, "Ole Admin")


def test_without_the_schools_account_there_is_no_file(
    sqlite_engine: Engine, sqlite_template: Path, tmp_path: Path
) -> None:
    set_language("da")
    world = make_world(sqlite_engine)
    approved_payouts(world, [10000])
    shutil.copy(sqlite_template, tmp_path / "replica.db")
    replica = make_engine(str(tmp_path / "replica.db"))
    with embedded_server(sqlite_engine, clock=world.clock) as url:
        headers = {"Authorization": f"Bearer {world.tokens['office']}"}
        with httpx.Client(base_url=url, headers=headers) as client:
            pull(replica, client, world.school_id)
    plan = plan_bank_file(replica, NOW)
    assert plan.problem.startswith("Skolen har ingen bankkonto at betale fra")
    assert "office-app ledger set-school --bank-reg" in plan.problem
    desk = Desk(replica, world.school_id, None, "ole", world.clock, tmp_path / "office", None)
    with pytest.raises(FieldProblem, match="ingen bankkonto"):
        make_bank_file(desk, tmp_path / "bank", plan, lambda: None)
    assert not (tmp_path / "bank").exists()
    replica.dispose()


def _sent_files(bank: Bank) -> list[str]:
    with bank.desk.engine.connect() as connection:
        return [
            str(payload["file_name"])
            for payload in connection.execute(
                select(OutboxCommand.payload).where(OutboxCommand.type == "payout.send")
            ).scalars()
        ]


def _crash(monkeypatch: pytest.MonkeyPatch, target: str) -> Callable[[], None]:
    real = getattr(os, target)

    def power_cut(*_args: object) -> None:
        raise OSError("the office lost power")

    monkeypatch.setattr(os, target, power_cut)
    return lambda: monkeypatch.setattr(os, target, real)


def test_a_crash_after_the_commit_names_the_same_file_and_never_a_second(
    bank: Bank, monkeypatch: pytest.MonkeyPatch
) -> None:
    approved_payouts(bank.world, [60000, 70000])
    restore = _crash(monkeypatch, "replace")
    with pytest.raises(OSError, match="lost power"):
        make_bank_file(bank.desk, bank.folder, bank.plan(), bank.sync)
    restore()
    assert len(_sent_files(bank)) == 1, "the file's command was committed"
    assert list(bank.folder.glob("*.xml")) == []

    assert bank.plan().problem == "Ingen godkendte udbetalinger", "nothing is left to pay"
    from office_app.desk.bank_file import release_bank_files

    (named,) = release_bank_files(bank.desk.engine, bank.folder, remove_orphans=True)
    assert (named.state, named.path.name) == ("named", _sent_files(bank)[0])
    assert [path.name for path in bank.folder.iterdir()] == [named.path.name]


def test_a_crash_before_the_commit_leaves_the_payouts_for_the_next_file(
    bank: Bank, monkeypatch: pytest.MonkeyPatch
) -> None:
    approved_payouts(bank.world, [60000, 70000])
    restore = _crash(monkeypatch, "fsync")
    with pytest.raises(OSError, match="lost power"):
        make_bank_file(bank.desk, bank.folder, bank.plan(), bank.sync)
    restore()
    assert _sent_files(bank) == [], "nothing was queued"
    assert len(list(bank.folder.glob("*.partial"))) == 1

    (outcome,) = make_bank_file(bank.desk, bank.folder, bank.plan(), bank.sync)
    assert outcome.state == "named"
    assert [path.name for path in bank.folder.iterdir()] == [outcome.path.name], "broken one gone"
    assert outcome.path.read_bytes().count(b"<CdtTrfTxInf>") == 2


def test_a_file_the_ledger_refuses_is_removed_and_nothing_is_sent(bank: Bank) -> None:
    (payout,) = approved_payouts(bank.world, [25000])
    plan = bank.plan()
    rejected = bank.world.office_send(
        "payout.reject", {"payout_id": payout, "reason": "Forælder fortrød"}, staff="birgit"
    )
    assert rejected.status == "applied", "another office rejected it meanwhile"
    (outcome,) = make_bank_file(bank.desk, bank.folder, plan, bank.sync)
    assert outcome.state == "refused"
    assert "The payout is rejected" in outcome.reason
    assert list(bank.folder.iterdir()) == []
    assert bank.status(payout) == "rejected"


def test_a_file_waits_while_the_ledger_does_not_answer(bank: Bank) -> None:
    approved_payouts(bank.world, [25000])
    (outcome,) = make_bank_file(bank.desk, bank.folder, bank.plan(), lambda: None)
    assert outcome.state == "waiting"
    assert [path.suffix for path in bank.folder.iterdir()] == [".partial"]
    bank.sync()
    from office_app.desk.bank_file import release_bank_files

    (named,) = release_bank_files(bank.desk.engine, bank.folder)
    assert named.state == "named" and named.path.exists()
