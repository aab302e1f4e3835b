"""``office-app ledger backup`` and ``office-app ledger restore``: one line for each outcome."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Protocol

from sqlalchemy import Engine

from office_app.cli.common import CliError


class OpenDatabase(Protocol):
    def __call__(self, url: str | None, *, create: bool = False) -> Engine: ...


def run_backup_command(args: argparse.Namespace, open_database: OpenDatabase) -> int:
    """``open_database(url, create=...)`` opens the ledger's database, or fails in one line."""
    from office_app.db import normalise_url
    from office_app.ledger.backup import BackupError, backup, restorable_into, restore

    try:
        if args.ledger_command == "backup":
            engine = open_database(args.database)
            made = backup(engine, Path(args.out))
            engine.dispose()
            print(f"Backed up the ledger to {made.path} ({made.size_bytes:,} bytes)")
            return 0
        # Checked first: a file that is no backup of the kind creates no empty database.
        if args.database:
            target = "sqlite" if normalise_url(args.database).startswith("sqlite") else "postgres"
            restorable_into(Path(args.file), target)
        engine = open_database(args.database, create=True)
        restore(engine, Path(args.file), overwrite=args.overwrite)
    except BackupError as error:
        raise CliError(str(error)) from None
    print(
        f"Restored {args.file}. Check it with office-app ledger verify before serving it; "
        "offices that were ahead of it are told so, and send again what it lost"
    )
    return 0
