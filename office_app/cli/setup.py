"""``office-app setup``: where this office's ledger is and its device token, in the settings
file of its data folder, readable by the office's user only."""

from __future__ import annotations

import argparse
from pathlib import Path

from office_app.cli.common import CliError, read_password
from office_app.config import SettingsError, data_dir_from, write_settings


def add_setup_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    setup = commands.add_parser(
        "setup", help="save the ledger's address and this office's device token"
    )
    setup.add_argument("--ledger-url", required=True, help="e.g. https://ledger.example")
    setup.add_argument("--ca-bundle", type=Path, help="a CA file the ledger's certificate is from")
    setup.add_argument("--lang", choices=("da", "en"), help="the office's language")


def run_setup(args: argparse.Namespace) -> int:
    """Save the settings; the token is read from the terminal (or stdin), never an argument."""
    url = args.ledger_url.strip().rstrip("/")
    if not url.startswith(("http://", "https://")):
        raise CliError(f"--ledger-url: {url!r} must start with http:// or https://")
    if args.ca_bundle is not None and not args.ca_bundle.expanduser().is_file():
        raise CliError(f"--ca-bundle: {args.ca_bundle} is not a file")
    token = read_password("Device token: ", confirm=False).strip()
    if not token:
        raise CliError("device token: give this office's token (shown once by add-device)")
    values = {"ledger_url": url, "device_token": token}
    if args.ca_bundle is not None:
        values["ca_bundle"] = str(args.ca_bundle.expanduser().resolve())
    if args.lang:
        values["language"] = args.lang
    try:
        written = write_settings(data_dir_from(), **values)
    except (SettingsError, OSError) as error:
        raise CliError(f"settings: {error}") from None
    print(f"Settings saved in {written}, readable by you only.")
    return 0
