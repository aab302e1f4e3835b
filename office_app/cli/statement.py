"""``office-app statement ...``: a statement PDF from the office's local replica.

It reads only the local database, so it works with the ledger out of reach; the statement
shows what the office has synced.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
from pathlib import Path

from pydantic import SecretStr
from sqlalchemy.exc import SQLAlchemyError

from office_app.cli.common import CliError
from office_app.config import Settings, data_dir_from
from office_app.db import make_sessionmaker, reading
from office_app.domain.localtime import local_today, wall_clock
from office_app.reports import (
    ReportError,
    StatementRenderer,
    find_class,
    find_household,
    find_student,
    find_student_by_card,
    statements,
)
from office_app.sync.run import SyncError, open_replica


def _date(option: str, text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise CliError(f"{option}: {text!r} is not a date; write it as YYYY-MM-DD") from None


def _output(text: str) -> Path:
    path = Path(text).expanduser()
    if path.is_dir():
        raise CliError(f"-o: {path} is a folder; give a file name such as kontoudtog.pdf")
    if path.parent.exists() and not path.parent.is_dir():
        raise CliError(f"-o: {path.parent} is not a folder")
    if not path.parent.is_dir():
        raise CliError(f"-o: the folder {path.parent} does not exist")
    if not os.access(path.parent, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise CliError(f"-o: {path} cannot be written (no permission)")
    return path


def run_statement(args: argparse.Namespace) -> int:
    first = _date("--from", args.first)
    last = _date("--to", args.last)
    if first > last:
        raise CliError(f"--from: {first.isoformat()} is after --to {last.isoformat()}")
    output = _output(args.output)
    data_dir = data_dir_from()
    replica = data_dir / "office.db"
    if not replica.is_file():
        raise CliError(
            f"{replica}: this office has no local data yet; run office-app sync --once first"
        )
    try:
        engine = open_replica(
            Settings(ledger_url="", device_token=SecretStr(""), data_dir=data_dir)
        )
    except SyncError as error:
        raise CliError(str(error)) from None
    try:
        with make_sessionmaker(reading(engine))() as session:
            if args.student is not None:
                student_ids = [find_student(session, args.student)]
            elif args.card is not None:
                student_ids = [find_student_by_card(session, args.card)]
            elif args.class_label is not None:
                student_ids = find_class(session, args.class_label)
            else:
                student_ids = find_household(session, args.household)
            batch = statements(session, student_ids, first, last, local_today(wall_clock))
    except ReportError as error:
        raise CliError(str(error)) from None
    except SQLAlchemyError as error:
        reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
        raise CliError(f"{replica}: cannot read the office's local data ({reason})") from None
    finally:
        engine.dispose()
    pdf = StatementRenderer(args.lang).render(batch, created_at=wall_clock())
    try:
        output.write_bytes(pdf)
    except OSError as error:
        raise CliError(f"-o: cannot write {output}: {error.strerror or error}") from None
    children = "1 child" if len(batch) == 1 else f"{len(batch)} children"
    print(f"Statement for {children}, {first.isoformat()} to {last.isoformat()}: {output}")
    return 0
