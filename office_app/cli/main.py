"""The ``office-app`` command: the office terminal, the demo and the ledger's admin commands.

Every failure a person can cause (a bad value, a missing database, an unreachable server)
ends as one line on stderr and a non-zero exit status, never a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from office_app.cli.common import CliError
from office_app.cli.directory import add_directory_commands
from office_app.cli.privacy import add_privacy_commands
from office_app.cli.setup import add_setup_command, run_setup

DATABASE_ENV = "OFFICE_APP_LEDGER_DATABASE"


def _school_id(text: str) -> uuid.UUID:
    try:
        return uuid.UUID(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a school id (a UUID)") from None


def _positive(limit: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if not 0 < value <= limit:
            raise argparse.ArgumentTypeError(f"must be between 1 and {limit}")
        return value

    return parse


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return value


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number") from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError("must be between 0 and 65535")
    return value


def _number(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError("must be a number above 0")
    return value


def _seed(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None


def _add_statement(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    statement = commands.add_parser(
        "statement", help="write a statement (kontoudtog) PDF from the office's local data"
    )
    who = statement.add_mutually_exclusive_group(required=True)
    who.add_argument("--student", metavar="ID", help="the student's id or school reference")
    who.add_argument("--card", metavar="NUMBER", help="a card number the child has or had")
    who.add_argument("--class", dest="class_label", metavar="CLASS", help="a class, e.g. 5.B")
    who.add_argument(
        "--household", metavar="EMAIL", help="every child of the guardian with this e-mail"
    )
    statement.add_argument("--from", dest="first", metavar="YYYY-MM-DD", required=True)
    statement.add_argument("--to", dest="last", metavar="YYYY-MM-DD", required=True)
    statement.add_argument("-o", "--output", metavar="FILE.pdf", required=True)
    statement.add_argument("--lang", choices=("da", "en"), default="da")


def _serve_arguments(serve: argparse.ArgumentParser) -> None:
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=_port, default=8765)
    serve.add_argument(
        "--certificate", type=Path, help="serve HTTPS with this PEM certificate (with --key)"
    )
    serve.add_argument("--key", type=Path, help="the PEM private key of --certificate")
    serve.add_argument(
        "--workers",
        type=_positive(64),
        default=1,
        help="server processes sharing the port (above 1 only on PostgreSQL)",
    )
    serve.add_argument("--log-level", choices=("debug", "info", "warning", "error"), default="info")
    serve.add_argument(
        "--log-format", choices=("json", "text"), default="json", help="how stderr's lines look"
    )


def _backup_arguments(backup: argparse.ArgumentParser, restore: argparse.ArgumentParser) -> None:
    backup.add_argument("--out", required=True, metavar="FILE", help="replaced once complete")
    restore.add_argument("file", metavar="FILE", help="a file made by office-app ledger backup")
    restore.add_argument(
        "--overwrite", action="store_true", help="replace what the target database holds"
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="office-app", description="School-office terminal and central ledger."
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    _add_demo_and_sync(commands)
    _add_statement(commands)
    _add_office_admin_commands(commands)
    add_setup_command(commands)
    _add_payouts_commands(commands)

    ledger = commands.add_parser("ledger", help="administer and run the central ledger")
    ledger_commands = ledger.add_subparsers(dest="ledger_command", metavar="COMMAND", required=True)

    def with_database(sub: argparse.ArgumentParser) -> argparse.ArgumentParser:
        sub.add_argument(
            "--database",
            default=os.environ.get(DATABASE_ENV),
            help=f"database URL or SQLite file (default: ${DATABASE_ENV})",
        )
        return sub

    init = with_database(ledger_commands.add_parser("init", help="migrate and create a school"))
    init.add_argument("--school-name", required=True)
    init.add_argument("--json", action="store_true")

    device = with_database(ledger_commands.add_parser("add-device", help="register a device"))
    device.add_argument("--school", type=_school_id, required=True)
    device.add_argument("--kind", choices=("office", "terminal", "portal"), required=True)
    device.add_argument("--name", required=True)
    device.add_argument("--json", action="store_true")

    staff = with_database(ledger_commands.add_parser("add-staff", help="add a staff member"))
    staff.add_argument("--school", type=_school_id, required=True)
    staff.add_argument("--username", required=True)
    staff.add_argument("--role", choices=("secretary", "admin"), required=True)
    staff.add_argument("--name", required=True, help="full name, as receipts and reports print it")

    _add_set_school(
        with_database(
            ledger_commands.add_parser(
                "set-school",
                help="set the school's address, CVR, contact, bank account, thresholds",
            )
        )
    )

    seed = with_database(ledger_commands.add_parser("seed-demo", help="create demo history"))
    seed.add_argument("--school", type=_school_id, required=True)
    seed.add_argument("--students", type=_positive(100_000), default=600)
    seed.add_argument("--days", type=_positive(3650), default=60)
    seed.add_argument("--seed", type=_seed, default=1)

    with_database(ledger_commands.add_parser("verify", help="check the ledger's invariants"))
    _backup_arguments(
        with_database(ledger_commands.add_parser("backup", help="a copy, also while serving")),
        with_database(ledger_commands.add_parser("restore", help="load a backup")),
    )
    add_directory_commands(ledger_commands, with_database)
    add_privacy_commands(ledger_commands, with_database)

    _serve_arguments(
        with_database(ledger_commands.add_parser("serve", help="run the ledger server"))
    )

    simulate = ledger_commands.add_parser("simulate", help="run a canteen against a ledger")
    simulate.add_argument(
        "--url", required=True, help="the ledger server, e.g. http://127.0.0.1:8765"
    )
    simulate.add_argument("--terminal-token", required=True)
    simulate.add_argument("--portal-token", required=True)
    simulate.add_argument("--rate", type=_number, default=5.0, help="events per second")
    simulate.add_argument("--duration", type=_number, default=60.0, help="seconds")
    simulate.add_argument("--seed", type=_seed, default=None)
    return parser


def _add_demo_and_sync(commands: argparse._SubParsersAction[Any]) -> None:
    demo = commands.add_parser("demo", help="run the demo on an embedded ledger")
    demo.add_argument("--data-dir", help="folder for the demo's files")
    demo.add_argument("--port", type=_port, default=8765, help="the demo ledger's port")
    demo.add_argument("--duration", type=_number, default=None, help="stop after seconds")
    demo.add_argument(
        "--no-office",
        action="store_true",
        help="serve the demo ledger and its canteen without opening the office",
    )
    demo.add_argument("--lang", choices=("da", "en"), default="da", help="the office's language")

    sync = commands.add_parser("sync", help="sync this office with the ledger")
    mode = sync.add_mutually_exclusive_group(required=True)
    mode.add_argument("--once", action="store_true", help="one round, then exit")
    mode.add_argument("--watch", action="store_true", help="keep syncing until Ctrl-C")
    sync.add_argument("--interval", type=_number, default=5.0, help="seconds between rounds")
    sync.add_argument("--rounds", type=_positive(10**9), default=None, help=argparse.SUPPRESS)


def _add_set_school(school: argparse.ArgumentParser) -> None:
    school.add_argument("--school", type=_school_id, required=True)
    for option, shown in (
        ("--name", "TEXT"),
        ("--address", "TEXT"),
        ("--cvr", "12345678"),
        ("--contact", "TEXT"),
        ("--bank-reg", "1234"),
        ("--bank-account", "0012345678"),
        ("--bank-iban", "DK5000400440116243"),
        ("--bank-agreement", "ID"),
        ("--payout-threshold", "KR"),
        ("--low-balance-threshold", "KR"),
    ):
        school.add_argument(option, metavar=shown)
    school.add_argument("--json", action="store_true")


def _add_payouts_commands(commands: argparse._SubParsersAction[Any]) -> None:
    payouts = commands.add_parser("payouts", help="payouts and the bank: files, status, returns")
    sub = payouts.add_subparsers(dest="payouts_command", metavar="COMMAND", required=True)
    sub.add_parser("list", help="every payout and its state")
    bank_file = sub.add_parser("bank-file", help="the approved payouts as a pain.001 bank file")
    bank_file.add_argument("--out", required=True, metavar="DIR", help="folder for the file")
    status = sub.add_parser("import-status", help="read the bank's pain.002 status report")
    status.add_argument("file", metavar="FILE")
    confirm = sub.add_parser("confirm", help="a bank file seen executed: its payouts are paid")
    confirm.add_argument("file", metavar="FILE", help="the bank file's name or message id")
    returned = sub.add_parser("return", help="a paid transfer the bank sent back")
    returned.add_argument("payout", metavar="PAYOUT", help="payout id or the bank's EndToEndId")
    returned.add_argument("--reason", required=True, help="the bank's reason")
    returned.add_argument("--bank-ref", default="", help="the bank's reference for the return")
    for parser in (bank_file, status, confirm, returned):
        parser.add_argument("--staff", required=True, help="the admin's username")
        parser.add_argument("--yes", action="store_true", help="confirm without asking")


def _add_office_admin_commands(commands: argparse._SubParsersAction[Any]) -> None:
    roster = commands.add_parser(
        "import-roster", help="compare a class list with the school, then apply it"
    )
    roster.add_argument("file", metavar="FILE", help="CSV export of the school's class lists")
    roster.add_argument("--apply", action="store_true", help="queue the changes and sync")
    roster.add_argument("--staff", help="the admin's username (needed with --apply)")
    roster.add_argument(
        "--skip-bad-rows",
        type=_count,
        metavar="N",
        help="apply the good rows, leaving out the N rows with problems the dry run listed",
    )
    export = commands.add_parser("export", help="every balance and the whole ledger as CSV")
    export.add_argument("--out", required=True, metavar="DIR", help="folder for the CSV files")


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "ledger":
            from office_app.cli.ledger import run_ledger_command

            return run_ledger_command(args)
        if args.command == "sync":
            return _sync(args)
        if args.command == "statement":
            from office_app.cli.statement import run_statement

            return run_statement(args)
        if args.command in ("import-roster", "export", "payouts"):
            return _office_admin(args)
        if args.command == "setup":
            return run_setup(args)
        if args.command == "demo":
            from office_app.cli.demo import run_demo
            from office_app.domain.localtime import wall_clock
            from office_app.ledger.embedded import ServerStartError

            try:
                return run_demo(
                    args.data_dir,
                    port=args.port,
                    duration=args.duration,
                    clock=wall_clock,
                    open_office=not args.no_office,
                    language=args.lang,
                )
            except ServerStartError as error:
                raise CliError(f"{error}; choose another port") from None
        return _office()
    except CliError as error:
        print(f"office-app: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("office-app: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader of our output went away (``| head``); nothing is left to tell it.
        sys.stderr.close()
        return 141


def _office() -> int:
    """The office's TUI against the configured ledger."""
    from office_app.config import SettingsError, load_settings

    try:
        settings = load_settings()
    except SettingsError as error:
        raise CliError(f"{error} (or try `office-app demo`)") from None
    from office_app.app import make_app
    from office_app.domain.localtime import wall_clock

    make_app(settings, clock=wall_clock).run()
    return 0


def _sync(args: argparse.Namespace) -> int:
    from office_app.config import SettingsError, load_settings
    from office_app.domain.localtime import wall_clock
    from office_app.sync.run import SyncError, client_for, open_replica, sync_round, watch

    try:
        settings = load_settings()
        engine = open_replica(settings)
        try:
            with client_for(settings) as client:
                if args.watch:
                    watch(
                        settings,
                        engine,
                        client,
                        clock=wall_clock,
                        interval=args.interval,
                        rounds=args.rounds,
                    )
                    return 0
                result = sync_round(settings, engine, client, clock=wall_clock)
            from office_app.desk.bank_file import describe_outcome, release_bank_files

            for outcome in release_bank_files(engine, settings.data_dir / "bank"):
                print(describe_outcome(outcome))
        finally:
            engine.dispose()
    except (SettingsError, SyncError) as error:
        raise CliError(str(error)) from None
    if result.error is not None:
        raise CliError(result.error)
    status = result.status
    print(
        f"Synced with {settings.ledger_url}. Waiting: {status.waiting}. "
        f"Needs attention: {status.needs_attention}."
    )
    if status.notice:
        print(status.notice)
    return 0


def _office_admin(args: argparse.Namespace) -> int:
    from office_app.cli.school import AdminCliError, run_export, run_import
    from office_app.config import SettingsError, load_settings
    from office_app.domain.localtime import wall_clock
    from office_app.sync.run import SyncError

    try:
        if args.command == "import-roster":
            return run_import(args, load_settings(), wall_clock)
        if args.command == "payouts":
            from office_app.cli.payouts import run_payouts

            return run_payouts(args, load_settings(), wall_clock)
        return run_export(args, load_settings())
    except (SettingsError, SyncError, AdminCliError) as error:
        raise CliError(str(error)) from None
