"""``office-app ledger devices ...`` and ``office-app ledger staff ...``: who may talk to the
ledger and who may sign in at an office, after set-up."""

from __future__ import annotations

import argparse
import datetime as dt
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING

from sqlalchemy import Engine

from office_app.cli.common import CliError, print_json, read_password
from office_app.domain.localtime import LOCAL, wall_clock

DIRECTORY_COMMANDS = ("devices", "staff")
if TYPE_CHECKING:
    Parsers = argparse._SubParsersAction[argparse.ArgumentParser]


def _uuid(what: str) -> Callable[[str], uuid.UUID]:
    def parse(text: str) -> uuid.UUID:
        try:
            return uuid.UUID(text.strip())
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a {what} id (a UUID)") from None

    return parse


def _child(parsers: Parsers, name: str, text: str) -> argparse.ArgumentParser:
    """A subcommand whose options may also come before it: they keep the value given there
    (argparse would otherwise put the subcommand's default over it)."""
    child = parsers.add_parser(name, help=text)
    child.add_argument("--database", default=argparse.SUPPRESS, help="as before the command")
    child.add_argument(
        "--school", type=_uuid("school"), default=argparse.SUPPRESS, help="the school"
    )
    child.add_argument("--json", action="store_true", default=argparse.SUPPRESS)
    return child


def add_directory_commands(
    ledger_commands: Parsers,
    with_database: Callable[[argparse.ArgumentParser], argparse.ArgumentParser],
) -> None:
    devices = with_database(
        ledger_commands.add_parser("devices", help="list, revoke or rotate device tokens")
    )
    devices.add_argument("--school", type=_uuid("school"), help="only this school's devices")
    devices.add_argument("--json", action="store_true")
    device_commands = devices.add_subparsers(dest="devices_command", metavar="COMMAND")
    for name, text in (
        ("revoke", "refuse a device's token from now on"),
        ("rotate", "give a device a new token (shown once); the old one stops working"),
    ):
        _child(device_commands, name, text).add_argument(
            "--device", type=_uuid("device"), required=True
        )
    _child(device_commands, "list", "every device (the default)")

    staff = with_database(
        ledger_commands.add_parser("staff", help="list, deactivate staff, reset a password")
    )
    staff.add_argument("--school", type=_uuid("school"), help="the school (if several)")
    staff.add_argument("--json", action="store_true")
    staff_commands = staff.add_subparsers(dest="staff_command", metavar="COMMAND")
    for name, text in (
        ("deactivate", "the staff member can no longer sign in (every office, after sync)"),
        ("reset-password", "set a new password (read from the terminal or stdin)"),
    ):
        _child(staff_commands, name, text).add_argument("--username", required=True)
    _child(staff_commands, "list", "every staff member (the default)")


def run_directory_command(engine: Engine, args: argparse.Namespace) -> int:
    if args.ledger_command == "devices":
        return _devices(engine, args)
    return _staff(engine, args)


def _when(moment: dt.datetime | None) -> str:
    return moment.astimezone(LOCAL).strftime("%Y-%m-%d %H:%M") if moment else "-"


def _devices(engine: Engine, args: argparse.Namespace) -> int:
    from office_app.ledger import management

    command = args.devices_command or "list"
    if command == "revoke":
        changed = management.revoke_device(engine, args.device, clock=wall_clock)
        print(f"Device {args.device} " + ("revoked" if changed else "was revoked already"))
        return 0
    if command == "rotate":
        rotated = management.rotate_device_token(engine, args.device, clock=wall_clock)
        if args.json:
            print_json({"device_id": str(rotated.device_id), "token": rotated.token})
        else:
            print(f"Device {rotated.device_id} has a new token; the old one no longer works.")
            print(f"Its token, shown only now: {rotated.token}")
        return 0
    lines = management.list_devices(engine, args.school)
    if args.json:
        print_json(
            [
                {
                    "device_id": str(line.device_id),
                    "school_id": str(line.school_id),
                    "kind": line.kind,
                    "name": line.name,
                    "created_at": line.created_at.isoformat(),
                    "revoked_at": line.revoked_at.isoformat() if line.revoked_at else None,
                }
                for line in lines
            ]
        )
        return 0
    for line in lines:
        state = f"revoked {_when(line.revoked_at)}" if line.revoked_at else "active"
        print(f"{line.device_id}  {line.kind:<8}  {state:<24}  {line.name}")
    if not lines:
        print("No devices.")
    return 0


def _staff(engine: Engine, args: argparse.Namespace) -> int:
    from office_app.ledger import management

    command = args.staff_command or "list"
    if command == "list":
        lines = management.list_staff(engine, args.school)
        if args.json:
            print_json(
                [
                    {
                        "school_id": str(line.school_id),
                        "username": line.username,
                        "display_name": line.display_name,
                        "role": line.role,
                        "active": line.active,
                        "created_at": line.created_at.isoformat(),
                    }
                    for line in lines
                ]
            )
            return 0
        for line in lines:
            state = "active" if line.active else "deactivated"
            print(f"{line.username:<20}  {line.role:<9}  {state:<11}  {line.display_name}")
        if not lines:
            print("No staff.")
        return 0
    school_id = management.only_school(engine, args.school)
    username = args.username.strip()
    if command == "deactivate":
        changed = management.deactivate_staff(engine, school_id, username, clock=wall_clock)
        print(
            f"{username} can no longer sign in; every office follows at its next sync"
            if changed
            else f"{username} was deactivated already"
        )
        return 0
    if command == "reset-password":
        password = read_password(f"New password for {username}: ")
        management.reset_password(engine, school_id, username, password, clock=wall_clock)
        print(f"New password set for {username}; every office follows at its next sync")
        return 0
    raise CliError(f"unknown command staff {command}")
