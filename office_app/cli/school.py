"""The administrator's commands, with the office's settings as ``office-app sync`` uses them.

``office-app import-roster FILE [--apply] --staff USERNAME``: the replica is brought up to date
first, so the dry run compares the file with what the ledger knows now; ``--apply`` then
queues the changes and runs one sync round.

``office-app export --out DIR``: every child's balance and the whole ledger as CSV, from the
replica after one pull (or as the office last saw it, said so, when the ledger is away).
"""

from __future__ import annotations

import argparse
import sys
import uuid
from pathlib import Path

from sqlalchemy import Engine, select

from models import Staff, SyncState
from office_app.config import Settings
from office_app.desk.export import export
from office_app.desk.roster import RosterPlan, apply, plan
from office_app.desk.roster_file import RosterFileError, parse
from office_app.domain.localtime import Clock
from office_app.domain.money import format_plain
from office_app.i18n import money, set_language, tr
from office_app.sync.puller import PullError, Unanswered, pull, replica_school
from office_app.sync.run import SyncError, client_for, open_replica, sync_once


class AdminCliError(Exception):
    """A failure to report as one line."""


def run_import(args: argparse.Namespace, settings: Settings, clock: Clock) -> int:
    set_language(settings.language)
    path = Path(args.file)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise AdminCliError(f"{path}: cannot be read ({error.strerror})") from None
    try:
        roster = parse(raw)
    except RosterFileError as error:
        raise AdminCliError(f"{path}: {error}") from None
    if args.apply and not args.staff:
        raise AdminCliError("--staff: --apply needs the username of an admin")
    engine = open_replica(settings)
    try:
        with client_for(settings) as client:
            try:
                pull(engine, client)
            except Unanswered as error:
                if args.apply:
                    raise AdminCliError(
                        f"{settings.ledger_url}: {error}; --apply needs the ledger, so that the"
                        " file is compared with what it knows now"
                    ) from None
                print(f"office-app: {error}; comparing with the office's copy", file=sys.stderr)
            except PullError as error:
                raise AdminCliError(f"{settings.ledger_url}: {error}") from None
            school_id = replica_school(engine)
            if school_id is None:
                raise AdminCliError(
                    "the office has no copy of the school yet: run `office-app sync --once`"
                )
            roster_plan = plan(engine, school_id, roster)
            print_plan(roster_plan)
            skip = args.skip_bad_rows
            if skip is not None and skip != roster_plan.left_out:
                raise AdminCliError(tr("roster.skip_mismatch", count=roster_plan.left_out))
            if not roster_plan.can_apply and skip is None:
                print(tr("roster.refused", count=roster_plan.left_out))
                return 1
            if not args.apply:
                return 0
            check_admin(engine, args.staff)
            queued = apply(
                engine,
                school_id,
                replica_device_id(engine),
                roster_plan,
                staff=args.staff,
                now=clock(),
                left_out=skip,
            )
            print(tr("roster.queued", count=queued))
            try:
                status = sync_once(settings, engine, client, clock=clock)
            except SyncError as error:
                raise AdminCliError(
                    f"{error}; the changes wait in the outbox for `office-app sync`"
                ) from None
    finally:
        engine.dispose()
    print(
        f"Synced with {settings.ledger_url}. Waiting: {status.waiting}. "
        f"Needs attention: {status.needs_attention}."
    )
    return 1 if status.needs_attention else 0


def run_export(args: argparse.Namespace, settings: Settings) -> int:
    folder = Path(args.out)
    if folder.exists() and not folder.is_dir():
        raise AdminCliError(f"--out: {folder} is a file, not a folder")
    engine = open_replica(settings)
    try:
        with client_for(settings) as client:
            try:
                pull(engine, client)
            except Unanswered as error:
                print(f"office-app: {error}; exporting the office's copy", file=sys.stderr)
            except PullError as error:
                raise AdminCliError(f"{settings.ledger_url}: {error}") from None
        school_id = replica_school(engine)
        if school_id is None:
            raise AdminCliError(
                "the office has no copy of the school yet: run `office-app sync --once`"
            )
        try:
            summary = export(engine, school_id, folder)
        except OSError as error:
            raise AdminCliError(f"--out: cannot write to {folder} ({error.strerror})") from None
    finally:
        engine.dispose()
    owed = format_plain(summary.owed_ore)
    print(
        f"{summary.balances_path}: {summary.children} children, owed in all {owed} kr.\n"
        f"{summary.ledger_path}: {summary.entries} ledger entries"
    )
    return 0


def print_plan(roster_plan: RosterPlan) -> None:
    roster = roster_plan.roster
    separator = "tab" if roster.separator == "\t" else roster.separator
    print(f"{roster.encoding}, '{separator}'")
    if roster.layout == "tabulex":
        print(tr("roster.layout.tabulex"))
    if not roster.has_guardians:
        print(tr("roster.keeps_guardians"))
    if roster.ignored_columns:
        print(tr("roster.ignored_columns", columns=", ".join(roster.ignored_columns)))
    for addition in roster_plan.additions:
        row = addition.row
        print(tr("roster.added", name=row.name, class_label=row.class_label, ref=row.external_ref))
    for change in roster_plan.changes:
        row = change.row
        what = "; ".join(change.what)
        print(tr("roster.changed", name=row.name, class_label=row.class_label, what=what))
    for leaver in roster_plan.leavers:
        print(
            tr(
                "roster.leaving",
                name=leaver.name,
                class_label=leaver.class_label,
                balance=money(leaver.balance_ore),
            )
        )
    print(
        tr(
            "roster.summary",
            added=len(roster_plan.additions),
            changed=len(roster_plan.changes),
            leaving=len(roster_plan.leavers),
            unchanged=roster_plan.unchanged,
        )
    )
    if roster.problems:
        print(tr("roster.problems", count=len(roster.problems)))
        for problem in roster.problems:
            print("  " + tr("roster.line", line=problem.line, reason=problem.reason))
    if roster_plan.leavers_unsure:
        print(tr("roster.leavers_unsure"))


def check_admin(engine: Engine, username: str) -> None:
    with engine.connect() as connection:
        role = connection.execute(
            select(Staff.role).where(Staff.username == username, Staff.active.is_(True))
        ).scalar()
    if role != "admin":
        raise AdminCliError(f"--staff: {username!r} is not an active admin of this school")


def replica_device_id(engine: Engine) -> uuid.UUID | None:
    with engine.connect() as connection:
        found: uuid.UUID | None = connection.execute(
            select(SyncState.device_id).where(SyncState.id == 1)
        ).scalar()
    return found
