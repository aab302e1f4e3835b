"""``office-app payouts ...``: payouts and the bank, with the office's settings.

``list`` shows every payout and its state. ``bank-file --out DIR`` writes the approved payouts
as one pain.001 file for the school's bank, named once the ledger has taken them as sent.
``import-status FILE`` reads the bank's pain.002 status report: executed payouts become paid,
refused ones go back to the child's wallet with the bank's reason. ``confirm FILE`` marks a
file's payouts paid when an admin saw it executed on the school's account. ``return PAYOUT``
puts a transfer the bank sent back after paying it on the child's card again. Whatever moves
money says what it will do and asks first (``--yes`` answers on the command line).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select

from models import Payout, Student
from office_app.cli.common import CliError
from office_app.config import Settings
from office_app.db import make_sessionmaker
from office_app.desk.actions import Desk
from office_app.domain.localtime import LOCAL, Clock
from office_app.i18n import money, set_language, tr
from office_app.sync.puller import PullError, Unanswered, pull, replica_school
from office_app.sync.run import SyncError, client_for, open_replica, sync_once


def run_payouts(args: argparse.Namespace, settings: Settings, clock: Clock) -> int:
    set_language(settings.language)
    engine = open_replica(settings)
    try:
        with client_for(settings) as client:
            try:
                pull(engine, client)
            except Unanswered as error:
                print(tr("cli.offline", url=settings.ledger_url, reason=error), file=sys.stderr)
            except PullError as error:
                raise CliError(f"{settings.ledger_url}: {error}") from None
            if args.payouts_command == "list":
                return _list(engine)
            desk = _desk(engine, args.staff, clock, settings)

            def sync() -> None:
                try:
                    status = sync_once(settings, engine, client, clock=clock)
                except SyncError as error:
                    print(f"office-app: {error}", file=sys.stderr)
                    return
                print(
                    tr(
                        "cli.synced",
                        url=settings.ledger_url,
                        waiting=status.waiting,
                        attention=status.needs_attention,
                    )
                )

            return _run(args, desk, sync)
    except SyncError as error:
        raise CliError(str(error)) from None
    finally:
        engine.dispose()


def _desk(engine: Engine, staff: str, clock: Clock, settings: Settings) -> Desk:
    from office_app.cli.school import AdminCliError, check_admin, replica_device_id

    school_id = replica_school(engine)
    if school_id is None:
        raise CliError("the office has no copy of the school yet: run `office-app sync --once`")
    try:
        check_admin(engine, staff)
    except AdminCliError as error:
        raise CliError(str(error)) from None
    device_id = replica_device_id(engine)
    return Desk(engine, school_id, device_id, staff, clock, settings.data_dir, settings.printer)


def _run(args: argparse.Namespace, desk: Desk, sync: Any) -> int:
    from office_app.desk.fields import FieldProblem

    try:
        if args.payouts_command == "bank-file":
            return _bank_file(desk, Path(args.out), args.yes, sync)
        return _answers(args, desk, sync)
    except FieldProblem as problem:
        raise CliError(str(problem)) from None
    except OSError as error:
        raise CliError(f"{error.filename or ''}: {error.strerror}") from None


def confirm(question: str, yes: bool) -> None:
    """Say what will happen; go on with ``--yes`` or when the person types yes."""
    print(question)
    if yes:
        return
    if not sys.stdin.isatty():
        raise CliError(tr("cli.needs_yes"))
    if input(tr("cli.confirm_prompt")).strip().casefold() not in ("ja", "j", "yes", "y"):
        raise CliError(tr("cli.not_confirmed"))


def _list(engine: Engine) -> int:
    with make_sessionmaker(engine)() as session:
        rows = session.execute(
            select(Payout, Student.name, Student.class_label)
            .join(Student, Student.id == Payout.student_id)
            .order_by(Payout.requested_at, Payout.id)
        ).all()
    for payout, name, class_label in rows:
        state = tr(f"payout.state.{payout.status}")
        when = payout.requested_at.astimezone(LOCAL).strftime("%d.%m.%Y %H:%M")
        extra = payout.bank_ref or payout.reject_reason or payout.return_reason or ""
        print(
            f"{when}  {payout.id.hex}  {name} ({class_label})  {money(payout.amount_ore)}  "
            f"{payout.reg_no} {payout.account_no}  {state}" + (f"  {extra}" if extra else "")
        )
    return 0


def _bank_file(desk: Desk, folder: Path, yes: bool, sync: Any) -> int:
    from office_app.desk.bank_file import describe_outcome, make_bank_file, plan_bank_file

    plan = plan_bank_file(desk.engine, desk.clock())
    if plan.problem:
        print(plan.problem)
        return 1 if plan.payouts else 0
    confirm(plan.confirmation(), yes)
    outcomes = make_bank_file(desk, folder, plan, sync)
    for outcome in outcomes:
        print(describe_outcome(outcome))
    if plan.left_for_next:
        print(tr("bankfile.more", count=plan.left_for_next))
    return 0 if all(outcome.state == "named" for outcome in outcomes) else 1


def _answers(args: argparse.Namespace, desk: Desk, sync: Any) -> int:
    from office_app.desk.bank_status import (
        BankAnswers,
        answer_for_return,
        answers_for_confirmation,
        answers_from_report,
        queue_answers,
    )
    from office_app.reports.pain002 import StatusReportError, read_status_report

    if args.payouts_command == "import-status":
        path = Path(args.file)
        try:
            report = read_status_report(path.read_bytes())
        except StatusReportError as error:
            raise CliError(f"{path}: {error}") from None
        answers = answers_from_report(desk.engine, report)
        for unknown in answers.unknown:
            print(tr("bankstatus.unknown", end_to_end=unknown.end_to_end_id, status=unknown.status))
    elif args.payouts_command == "confirm":
        answers = answers_for_confirmation(desk.engine, args.file, desk.staff)
    else:
        answers = BankAnswers(
            (answer_for_return(desk.engine, args.payout, args.reason, args.bank_ref),)
        )
    for answer in answers.answers:
        print(answer.text())
    print(answers.summary())
    if not answers.commands:
        return 0
    confirm(tr("payouts.will_queue", count=len(answers.commands)), args.yes)
    queue_answers(desk, answers.commands)
    print(tr("payouts.queued", count=len(answers.commands)))
    sync()
    return 0
