"""``office-app ledger ...``: set up, seed and verify a ledger database."""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError, SQLAlchemyError
from sqlalchemy.exc import DatabaseError as SQLDatabaseError

from office_app.cli.common import CliError, print_json, read_password
from office_app.cli.directory import DIRECTORY_COMMANDS, run_directory_command
from office_app.cli.privacy import PRIVACY_COMMANDS, run_privacy_command
from office_app.db import DatabaseError, make_engine, migrate
from office_app.domain.localtime import local_today, wall_clock

if TYPE_CHECKING:
    from office_app.domain.school import SchoolSettingError


def open_database(url: str | None, *, create: bool = False) -> Engine:
    """Open the ledger database, turning every way it can fail into one clear line."""
    if not url:
        raise CliError("--database: give a database URL or set OFFICE_APP_LEDGER_DATABASE")
    if "://" not in url and not create and not Path(url).expanduser().exists():
        raise CliError(f"--database: {url} does not exist; create it with office-app ledger init")
    try:
        engine = make_engine(url)
        has_schema = inspect(engine).has_table("schools")
    except DatabaseError as error:
        raise CliError(f"--database: {error}") from None
    except (ArgumentError, NoSuchModuleError):
        raise CliError(f"--database: {url!r} is not a database URL") from None
    except (OperationalError, SQLDatabaseError) as error:
        raise CliError(f"--database: cannot open the database: {_first_line(error)}") from None
    if not create and not has_schema:
        raise CliError("--database: not a ledger database; create it with office-app ledger init")
    return engine


def _first_line(error: Exception) -> str:
    text = str(getattr(error, "orig", None) or error)
    return text.strip().splitlines()[0] if text.strip() else type(error).__name__


def run_ledger_command(args: argparse.Namespace) -> int:
    try:
        return _dispatch(args)
    except SQLAlchemyError as error:
        raise CliError(f"database error: {_first_line(error)}") from None


def _dispatch(args: argparse.Namespace) -> int:
    from office_app.ledger.directory import DirectoryError

    command = args.ledger_command
    try:
        if command == "init":
            return _init(args)
        if command == "simulate":
            return _simulate(args)
        if command in ("backup", "restore"):
            from office_app.cli.backup import run_backup_command

            return run_backup_command(args, open_database)
        engine = open_database(args.database)
        if command == "add-device":
            return _add_device(engine, args)
        if command == "add-staff":
            return _add_staff(engine, args)
        if command == "set-school":
            return _set_school(engine, args)
        if command == "seed-demo":
            return _seed_demo(engine, args)
        if command == "verify":
            return _verify(engine)
        if command in DIRECTORY_COMMANDS:
            return run_directory_command(engine, args)
        if command in PRIVACY_COMMANDS:
            return run_privacy_command(engine, args)
        if command == "serve":
            from office_app.cli.serve import serve

            return serve(engine, args)
    except DirectoryError as error:
        raise CliError(str(error)) from None
    raise CliError(f"unknown command {command}")


def _init(args: argparse.Namespace) -> int:
    from office_app.ledger.directory import create_school

    engine = open_database(args.database, create=True)
    migrate(engine)
    school_id = create_school(engine, args.school_name, clock=wall_clock)
    if args.json:
        print_json({"school_id": str(school_id)})
    else:
        print(f"Created school {args.school_name!r} with id {school_id}")
    return 0


def _add_device(engine: Engine, args: argparse.Namespace) -> int:
    from office_app.ledger.directory import add_device

    device = add_device(engine, args.school, args.kind, args.name, clock=wall_clock)
    if args.json:
        print_json({"device_id": str(device.device_id), "token": device.token})
    else:
        print(f"Device {args.name!r} ({args.kind}) has id {device.device_id}")
        print(f"Its token, shown only now: {device.token}")
    return 0


def _add_staff(engine: Engine, args: argparse.Namespace) -> int:
    from office_app.ledger.directory import add_staff

    password = read_password(f"Password for {args.username}: ")
    staff_id = add_staff(
        engine,
        args.school,
        args.username,
        args.role,
        password,
        clock=wall_clock,
        display_name=args.name,
    )
    print(f"Staff member {args.username!r} ({args.role}) added with id {staff_id}")
    return 0


SETTING_NAMES = {
    "name": "Name",
    "address": "Address",
    "cvr": "CVR",
    "contact": "Contact",
    "bank_reg_no": "Bank reg. no.",
    "bank_account_no": "Bank account no.",
    "bank_agreement_id": "Bank agreement id",
    "payout_approval_threshold_ore": "Payouts above this need a second admin",
    "low_balance_threshold_ore": "Low balance below",
}


def _refused_setting(error: SchoolSettingError) -> str:
    """A refused setting in one line naming its option: a bank account detail's rule as
    office_app/i18n words it, an amount's rule without the amount's name (the option is it)."""
    from office_app.domain.money import MoneyError
    from office_app.i18n.rules import rule_text

    if isinstance(error.refusal, MoneyError):
        said = rule_text(error.refusal, "en", field_name="").lstrip(": ")
    elif error.refusal is not None:
        said = rule_text(error.refusal, "en")
    else:
        said = error.rule
    return f"{error.option}: {said}"


def _set_school(engine: Engine, args: argparse.Namespace) -> int:
    from office_app.domain.bank_registry import bank_name
    from office_app.domain.money import format_kr_en
    from office_app.domain.school import SchoolSettingError, SchoolSettingsInput
    from office_app.ledger.school_settings import set_school

    typed = SchoolSettingsInput(
        name=args.name,
        address=args.address,
        cvr=args.cvr,
        contact=args.contact,
        bank_reg=args.bank_reg,
        bank_account=args.bank_account,
        bank_iban=args.bank_iban,
        bank_agreement=args.bank_agreement,
        payout_threshold=args.payout_threshold,
        low_balance_threshold=args.low_balance_threshold,
    )
    try:
        changed = set_school(engine, args.school, typed, clock=wall_clock)
    except SchoolSettingError as error:
        raise CliError(_refused_setting(error)) from None
    if args.json:
        print_json({"changed": changed})
        return 0
    if not changed:
        print("Nothing changed: the school already has these settings")
        return 0
    for column, value in changed.items():
        shown = format_kr_en(value) if isinstance(value, int) else repr(value)
        print(f"{SETTING_NAMES.get(column, column)}: {shown}")
    reg_no = changed.get("bank_reg_no")
    if isinstance(reg_no, str):
        name = bank_name(reg_no)
        hint = f"the bank registry names {name}" if name else "not in the bank registry"
        print(f"Reg. no. {reg_no}: {hint} (a hint only; check it against the bank's papers)")
    print("Offices get the new settings with their next sync")
    return 0


def _seed_demo(engine: Engine, args: argparse.Namespace) -> int:
    from office_app.ledger.directory import DirectoryError
    from office_app.ledger.tools.seed import seed_demo

    with engine.connect() as connection:
        found = connection.exec_driver_sql(
            "SELECT count(*) FROM schools WHERE id = ?"
            if engine.dialect.name == "sqlite"
            else "SELECT count(*) FROM schools WHERE id = %s",
            (args.school.hex if engine.dialect.name == "sqlite" else args.school,),
        ).scalar()
    if not found:
        raise DirectoryError(f"--school: no school with id {args.school}")
    started = time.perf_counter()
    report = seed_demo(
        engine,
        args.school,
        students=args.students,
        days=args.days,
        seed=args.seed,
        today=local_today(wall_clock),
        progress=print,
    )
    elapsed = time.perf_counter() - started
    print(f"{report.students} students, {report.commands} commands in {elapsed:.1f} s")
    for outcome, count in sorted(report.outcomes.items()):
        print(f"  {outcome:<36} {count:>8}")
    return 0


def _verify(engine: Engine) -> int:
    from office_app.ledger.verify import verify

    problems = verify(engine)
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} broken invariant(s)")
        return 1
    print(
        "All invariants hold: I1 conservation, I2 balanced transactions, I3 cached balances, "
        "I10 append-only, I11 attribution and audit chain"
    )
    return 0


def _simulate(args: argparse.Namespace) -> int:
    from office_app.ledger.tools.simulator import CanteenSimulator, SimulatorError

    simulator = CanteenSimulator(
        args.url, args.terminal_token, args.portal_token, clock=wall_clock, seed=args.seed
    )
    try:
        simulator.load_school()
        print(f"{len(simulator.cards)} cards; {args.rate:g} events/s for {args.duration:g} s")
        report = simulator.run(args.rate, args.duration)
    except SimulatorError as error:
        raise CliError(str(error)) from None
    for line in report.lines():
        print(line)
    return 0
