"""``office-app ledger subject-access`` and ``office-app ledger anonymise``: what the school
holds about a child, for a parent who asks (GDPR art. 15), and erasing the personal data of
children who left long ago and owe nothing (DESIGN section 9)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine

from office_app.cli.common import CliError
from office_app.domain.localtime import LOCAL, day_bounds, wall_clock

if TYPE_CHECKING:
    Parsers = argparse._SubParsersAction[argparse.ArgumentParser]

PRIVACY_COMMANDS = ("subject-access", "anonymise")
#: Tables whose old row versions PostgreSQL keeps until a VACUUM; emptied after anonymising.
ERASED_TABLES = (
    "students",
    "guardians",
    "student_guardians",
    "payouts",
    "topup_agreements",
    "reversals",
    "ledger_transactions",
    "card_events",
    "commands",
    "audit_events",
)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date such as 2020-07-31") from None


def _id(text: str) -> uuid.UUID:
    try:
        return uuid.UUID(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an id (a UUID)") from None


def add_privacy_commands(
    ledger_commands: Parsers,
    with_database: Callable[[argparse.ArgumentParser], argparse.ArgumentParser],
) -> None:
    access = with_database(
        ledger_commands.add_parser(
            "subject-access", help="everything held about a child, as JSON and PDF"
        )
    )
    access.add_argument("--student", required=True, metavar="ID", help="id or roster reference")
    access.add_argument(
        "-o", "--output", required=True, metavar="FILE", help="writes FILE.json and FILE.pdf"
    )
    access.add_argument("--lang", choices=("da", "en"), default="da")
    anonymise = with_database(
        ledger_commands.add_parser(
            "anonymise", help="erase the personal data of children who left before a date"
        )
    )
    anonymise.add_argument("--left-before", type=_date, required=True, metavar="YYYY-MM-DD")
    anonymise.add_argument("--school", type=_id, help="only this school")
    anonymise.add_argument("--student", type=_id, help="only this child")
    anonymise.add_argument("--yes", action="store_true", help="do it without asking")


def run_privacy_command(engine: Engine, args: argparse.Namespace) -> int:
    if args.ledger_command == "subject-access":
        return _subject_access(engine, args)
    return _anonymise(engine, args)


def _private_file(path: Path, content: bytes) -> None:
    """Written readable by its owner only: it is a child's personal data."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as written:
        written.write(content)


def _subject_access(engine: Engine, args: argparse.Namespace) -> int:
    from office_app.ledger.subject_access import SubjectAccessError, subject_access
    from office_app.reports.subject_access_pdf import SubjectAccessRenderer

    given = Path(args.output).expanduser()
    base = given.with_suffix("") if given.suffix.lower() in (".pdf", ".json") else given
    if not base.parent.is_dir():
        raise CliError(f"-o: the folder {base.parent} does not exist")
    try:
        report = subject_access(engine, args.student, now=wall_clock())
    except SubjectAccessError as error:
        raise CliError(str(error)) from None
    json_file, pdf_file = base.with_name(base.name + ".json"), base.with_name(base.name + ".pdf")
    text = json.dumps(report, ensure_ascii=False, indent=2, sort_keys=True)
    try:
        _private_file(json_file, text.encode())
        _private_file(pdf_file, SubjectAccessRenderer(args.lang).render(report))
    except OSError as error:
        raise CliError(f"-o: cannot write {base}: {error.strerror}") from None
    print(f"Everything held about the child: {pdf_file} (readable) and {json_file} (JSON)")
    return 0


def _anonymise(engine: Engine, args: argparse.Namespace) -> int:
    from office_app.ledger.anonymise import AnonymiseRefused, anonymise_student, leavers_before
    from office_app.ledger.verify import verify

    before = day_bounds(args.left_before)[0]
    leavers = [
        leaver
        for leaver in leavers_before(engine, before, args.school)
        if args.student is None or leaver.student_id == args.student
    ]
    if not leavers:
        print(f"No child who left before {args.left_before} is still to be anonymised.")
        return 0
    print(
        f"{len(leavers)} child(ren) left before {args.left_before}: their names, roster "
        "references, classes, guardians, bank accounts and typed reasons will be erased for "
        "good; every amount stays. A child with money is left as it is."
    )
    if not args.yes:
        if not sys.stdin.isatty():
            raise CliError("--yes: anonymising cannot be undone; give --yes to do it unasked")
        if input("Anonymise them? This cannot be undone [y/N] ").strip().lower() not in ("y", "j"):
            print("Nothing was changed.")
            return 1
    refused = 0
    for leaver in leavers:
        left = leaver.left_at.astimezone(LOCAL).date().isoformat()
        who = f"{leaver.student_id} ({leaver.class_label} {leaver.name}, left {left})"
        try:
            erased = anonymise_student(
                engine, leaver.student_id, left_before=before, clock=wall_clock
            )
        except AnonymiseRefused as refusal:
            print(f"office-app: {who}: not anonymised: {refusal}", file=sys.stderr)
            refused += 1
            continue
        print(
            f"{leaver.student_id} anonymised: {erased.guardians} guardian(s), "
            f"{erased.payouts} payout(s), {erased.transactions} transaction text(s), "
            f"{erased.commands} command(s), {erased.events} audit word(s)"
        )
    _vacuum(engine)
    problems = verify(engine, args.school)
    for problem in problems:
        print(problem)
    print("verify: all invariants hold" if not problems else f"verify: {len(problems)} broken")
    return 1 if refused or problems else 0


def _vacuum(engine: Engine) -> None:
    """On PostgreSQL, drop the old row versions that still hold the erased words."""
    if engine.dialect.name != "postgresql":
        return
    with engine.execution_options(isolation_level="AUTOCOMMIT").connect() as connection:
        for table in ERASED_TABLES:
            connection.exec_driver_sql(f"VACUUM {table}")
