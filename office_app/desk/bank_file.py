"""The bank file: approved payouts as one pain.001 file for the school's bank.

A payout is in exactly one file, and a file is only handed over once the ledger has taken
every payout in it as sent. The file is written in full under a temporary name and forced to
disk; its ``payout.send`` command is queued and committed; then, once the ledger has applied
that command, the file gets its name (``release_bank_files``). The ledger refuses the command
when a payout in it was rejected meanwhile at another office, or the sum disagrees: then the
temporary file is removed and nothing was sent. A crash before the commit leaves a temporary
file with no command: it is removed and its payouts go in the next file. A crash after the
commit leaves one whose command waits: it is named when the ledger applies it.
"""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, select

from models import OutboxCommand, Payout, School, Student, SyncState
from office_app.db import reading
from office_app.desk.actions import Desk
from office_app.desk.fields import FieldProblem
from office_app.domain.bank import DanishAccount
from office_app.domain.bankdays import next_bank_day
from office_app.domain.ids import uuid7
from office_app.domain.localtime import LOCAL, local_date
from office_app.domain.payloads import MAX_PAYOUTS_PER_FILE
from office_app.i18n import money, tr
from office_app.reports.pain001 import BankFile, Payer, Transfer, pain001
from office_app.sync.outbox import record_on

BANK_FILE_PATTERN = "udbetalinger-*.xml"
PARTIAL = ".partial"
SEND = "payout.send"


@dataclass(frozen=True)
class BankPayout:
    payout_id: uuid.UUID
    student_name: str
    class_label: str
    amount_ore: int
    holder_name: str
    reg_no: str
    account_no: str
    message: str


@dataclass(frozen=True)
class BankFilePlan:
    """What the next bank file would hold, and from which account; ``problem`` when none."""

    payouts: tuple[BankPayout, ...]
    payer: Payer | None
    execution_date: dt.date
    left_for_next: int
    problem: str = ""

    @property
    def total_ore(self) -> int:
        return sum(payout.amount_ore for payout in self.payouts)

    def confirmation(self) -> str:
        """What writing the file will do, in words, for the person to confirm."""
        assert self.payer is not None
        account = f"{self.payer.account.reg_no} {self.payer.account.account_no}"
        return tr(
            "bankfile.confirm",
            count=len(self.payouts),
            total=money(self.total_ore),
            date=self.execution_date.strftime("%d.%m.%Y"),
            account=account,
        )


@dataclass(frozen=True)
class PreparedFile:
    batch_id: uuid.UUID
    partial: Path
    path: Path
    count: int
    total_ore: int


@dataclass(frozen=True)
class FileOutcome:
    """A temporary bank file after the ledger's answer: ``named``, ``refused`` or ``waiting``."""

    path: Path
    state: str
    reason: str = ""


def _queued_for_sending(engine: Engine) -> set[str]:
    with reading(engine).connect() as connection:
        return {
            payout_id
            for payload in connection.execute(
                select(OutboxCommand.payload).where(
                    OutboxCommand.type == SEND, OutboxCommand.state != "rejected"
                )
            ).scalars()
            for payout_id in payload.get("payout_ids", [])
        }


def _payer(engine: Engine) -> Payer | None:
    with reading(engine).connect() as connection:
        school = connection.execute(
            select(
                School.name,
                School.address,
                School.cvr,
                School.bank_reg_no,
                School.bank_account_no,
                School.bank_agreement_id,
            )
            .join(SyncState, SyncState.school_id == School.id)
            .where(SyncState.id == 1)
        ).one_or_none()
    if school is None or not (school.bank_reg_no and school.bank_account_no):
        return None
    account = DanishAccount(school.bank_reg_no, school.bank_account_no)
    return Payer(school.name, school.address, school.cvr, account, school.bank_agreement_id)


def plan_bank_file(engine: Engine, now: dt.datetime) -> BankFilePlan:
    """The approved payouts not yet in a file, oldest first, up to one file's worth."""
    queued = _queued_for_sending(engine)
    with reading(engine).connect() as connection:
        rows = connection.execute(
            select(
                Payout.id,
                Student.name,
                Student.class_label,
                Payout.amount_ore,
                Payout.holder_name,
                Payout.reg_no,
                Payout.account_no,
                Payout.message,
            )
            .join(Student, Student.id == Payout.student_id)
            .where(Payout.status == "approved")
            .order_by(Payout.requested_at, Payout.id)
        ).all()
    waiting = [BankPayout(*row) for row in rows if str(row[0]) not in queued]
    payer = _payer(engine)
    problem = "" if waiting else tr("approvals.bank_none")
    if waiting and payer is None:
        problem = tr("bankfile.no_account")
    return BankFilePlan(
        tuple(waiting[:MAX_PAYOUTS_PER_FILE]),
        payer,
        next_bank_day(local_date(now)),
        max(0, len(waiting) - MAX_PAYOUTS_PER_FILE),
        problem,
    )


def _transfer(payout: BankPayout, school_name: str) -> Transfer:
    first_name = payout.student_name.split(maxsplit=1)[0] if payout.student_name else ""
    statement = payout.message or tr("payout.bank_text", name=first_name)
    advice = tr(
        "payout.bank_advice",
        name=payout.student_name,
        class_label=payout.class_label,
        school=school_name,
    )
    return Transfer(
        payout.payout_id,
        payout.amount_ore,
        payout.holder_name,
        DanishAccount(payout.reg_no, payout.account_no),
        statement,
        f"{advice} {payout.message}".strip() if payout.message else advice,
    )


def prepare_bank_file(desk: Desk, folder: Path, plan: BankFilePlan) -> PreparedFile:
    """Write the file under its temporary name and queue its ``payout.send``, committed."""
    if plan.problem or plan.payer is None:
        raise FieldProblem(plan.problem or tr("bankfile.no_account"))
    now = desk.clock()
    batch_id = uuid7()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"udbetalinger-{now.astimezone(LOCAL):%Y%m%d-%H%M%S}-{batch_id.hex[-6:]}.xml"
    partial = path.with_name(path.name + PARTIAL)
    bank_file = BankFile(
        batch_id,
        now.astimezone(LOCAL),
        plan.execution_date,
        plan.payer,
        tuple(_transfer(payout, plan.payer.name) for payout in plan.payouts),
    )
    content = pain001(bank_file)
    with desk.engine.begin() as connection, partial.open("wb") as handle:
        handle.write(content)
        handle.flush()
        os.fsync(handle.fileno())
        record_on(
            connection,
            desk.school_id,
            desk.device_id,
            SEND,
            {
                "batch_id": str(batch_id),
                "payout_ids": [str(payout.payout_id) for payout in plan.payouts],
                "total_ore": bank_file.total_ore,
                "execution_date": plan.execution_date.isoformat(),
                "file_name": path.name,
            },
            staff=desk.staff,
            now=now,
        )
    return PreparedFile(batch_id, partial, path, len(plan.payouts), bank_file.total_ore)


def release_bank_files(
    engine: Engine, folder: Path, *, remove_orphans: bool = False
) -> list[FileOutcome]:
    """Name each temporary bank file whose payouts the ledger took as sent; remove those it
    refused; leave those still waiting.

    With ``remove_orphans`` also remove those with no command, which a crash left before its
    commit; only the one making a bank file may, as a file being written has none yet.
    """
    if not folder.is_dir():
        return []
    with reading(engine).connect() as connection:
        commands = {
            str(payload.get("file_name", "")): (state, message or "")
            for payload, state, message in connection.execute(
                select(OutboxCommand.payload, OutboxCommand.state, OutboxCommand.message).where(
                    OutboxCommand.type == SEND
                )
            )
        }
    outcomes = []
    for partial in sorted(folder.glob(BANK_FILE_PATTERN + PARTIAL)):
        path = partial.with_name(partial.name.removesuffix(PARTIAL))
        state, message = commands.get(path.name, ("", ""))
        if state == "applied":
            _name(partial, path)
            outcomes.append(FileOutcome(path, "named"))
        elif state == "pending":
            outcomes.append(FileOutcome(path, "waiting"))
        elif state == "rejected":
            partial.unlink()
            outcomes.append(FileOutcome(path, "refused", message))
        elif remove_orphans:
            partial.unlink()
    return outcomes


def make_bank_file(
    desk: Desk, folder: Path, plan: BankFilePlan, sync: Callable[[], None]
) -> list[FileOutcome]:
    """Write the file, let ``sync`` bring the ledger's answer, then name or remove it.

    Returns what became of this file and of any earlier one a crash or an outage left.
    """
    release_bank_files(desk.engine, folder, remove_orphans=True)
    prepared = prepare_bank_file(desk, folder, plan)
    sync()
    return [
        outcome
        for outcome in release_bank_files(desk.engine, folder)
        if outcome.path == prepared.path or outcome.state != "waiting"
    ]


def _name(partial: Path, path: Path) -> None:
    """Give a finished file its name, durably."""
    os.replace(partial, path)
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


def describe_outcome(outcome: FileOutcome) -> str:
    return tr(f"bankfile.{outcome.state}", path=outcome.path, reason=outcome.reason)
