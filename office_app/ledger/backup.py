"""Backing the ledger up while it serves, and restoring a backup into an empty database.

- SQLite: SQLite's online backup API copies every page in one read transaction, so the copy
  is the ledger as of one moment while the server keeps writing (WAL lets writers go on).
  The copy is a plain single file (rollback journal), checked with ``quick_check``.
- PostgreSQL: ``pg_dump`` in its custom format, which reads in one snapshot; ``pg_restore``
  loads it in one transaction, so a failed restore leaves the target as it was.

A backup is written next to its destination and renamed into place once complete, so a
file with the backup's name is always a whole backup. A restore refuses a target that
already holds tables unless told to replace them. Every failure is a BackupError with one
line for a person; passwords go to ``pg_dump`` through its environment, never its arguments.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, inspect

from office_app.db import is_sqlite, libpq_connection

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_DUMP_MAGIC = b"PGDMP"
#: Where Debian installs each PostgreSQL version's programs; the newest is used.
POSTGRES_PROGRAMS = Path("/usr/lib/postgresql")
PROGRAMS_ENV = "OFFICE_APP_POSTGRES_BIN"
TOOL_SECONDS = 6 * 3600


class BackupError(Exception):
    """A backup or restore that cannot be done, in one line naming what to fix."""


@dataclass(frozen=True)
class Backup:
    path: Path
    size_bytes: int
    kind: str  # "sqlite" or "postgres"


def backup(engine: Engine, out: Path) -> Backup:
    """Write a consistent copy of the ledger to ``out`` while the server may be writing."""
    out = out.expanduser()
    if not out.parent.is_dir():
        raise BackupError(f"--out: folder {out.parent} does not exist")
    partial = out.with_name(f".{out.name}.partial")
    partial.unlink(missing_ok=True)
    try:
        if is_sqlite(engine):
            _backup_sqlite(engine, partial)
        else:
            _run_tool(engine, "pg_dump", "--format=custom", f"--file={partial}")
        _sync(partial)
        partial.replace(out)
        _sync(out.parent)
    finally:
        partial.unlink(missing_ok=True)
    return Backup(out, out.stat().st_size, "sqlite" if is_sqlite(engine) else "postgres")


def restore(engine: Engine, source: Path, *, overwrite: bool = False) -> str:
    """Load a backup into the database of ``engine``; returns the kind of backup.

    Refuses a target that holds tables already unless ``overwrite``.
    """
    source = source.expanduser()
    kind = restorable_into(source, "sqlite" if is_sqlite(engine) else "postgres")
    tables = _tables(engine)
    if tables and not overwrite:
        raise BackupError(
            f"--database: the target already holds {len(tables)} tables (a ledger?); restore "
            "into an empty database, or give --overwrite to replace what it holds"
        )
    if kind == "sqlite":
        _restore_sqlite(engine, source)
    else:
        cleaning = ["--clean", "--if-exists"] if tables else []
        _run_tool(
            engine,
            "pg_restore",
            "--single-transaction",
            "--exit-on-error",
            "--no-owner",
            *cleaning,
            str(source),
        )
    engine.dispose()
    return kind


_NAMES = {"sqlite": "SQLite", "postgres": "PostgreSQL"}


def restorable_into(source: Path, target: str) -> str:
    """The kind of the backup in ``source`` when it can go into a ``target`` database
    (``sqlite`` or ``postgres``); else BackupError."""
    kind = backup_kind(source)
    if kind != target:
        raise BackupError(
            f"{source}: a {_NAMES[kind]} backup cannot be restored into a {_NAMES[target]} "
            "database; give a --database of the same kind"
        )
    return kind


def backup_kind(path: Path) -> str:
    """``sqlite`` or ``postgres``, from the file's first bytes."""
    try:
        with path.open("rb") as file:
            start = file.read(len(SQLITE_MAGIC))
    except OSError as error:
        raise BackupError(f"{path}: cannot be read ({error.strerror})") from None
    if start.startswith(SQLITE_MAGIC):
        return "sqlite"
    if start.startswith(PG_DUMP_MAGIC):
        return "postgres"
    raise BackupError(f"{path}: not a ledger backup (neither SQLite nor pg_dump's custom format)")


def _tables(engine: Engine) -> list[str]:
    try:
        return inspect(engine).get_table_names()
    except Exception as error:  # noqa: BLE001 - any way the target cannot be read, in words
        raise BackupError(f"--database: cannot open the target ({_first_line(error)})") from None


def _backup_sqlite(engine: Engine, partial: Path) -> None:
    source = engine.raw_connection()
    try:
        driver = source.driver_connection
        assert isinstance(driver, sqlite3.Connection)
        with contextlib.closing(sqlite3.connect(partial)) as copy:
            driver.backup(copy)  # all pages in one step: one read transaction, one moment
            copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
            checked = copy.execute("PRAGMA quick_check").fetchone()[0]
        if checked != "ok":
            raise BackupError(f"--out: the copy did not pass SQLite's check ({checked})")
    except sqlite3.Error as error:
        raise BackupError(f"--out: cannot write the backup ({error})") from None
    finally:
        source.close()


def _restore_sqlite(engine: Engine, source: Path) -> None:
    """Copy the backup over the target's pages with the backup API, which also takes care
    of the target's write-ahead log."""
    try:
        with contextlib.closing(
            sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
        ) as backup_file:
            names = {row[0] for row in backup_file.execute("SELECT name FROM sqlite_master")}
            if not {"schools", "alembic_version"} <= names:
                raise BackupError(f"{source}: a SQLite file, but not a ledger backup")
            target = engine.raw_connection()
            try:
                driver = target.driver_connection
                assert isinstance(driver, sqlite3.Connection)
                backup_file.backup(driver)
            finally:
                target.close()
    except sqlite3.Error as error:
        raise BackupError(f"{source}: cannot be restored ({error})") from None


def postgres_program(name: str) -> str:
    """The newest installed PostgreSQL's ``name`` (it must be at least the server's version),
    from ``$OFFICE_APP_POSTGRES_BIN``, Debian's folders, or the PATH."""
    chosen = os.environ.get(PROGRAMS_ENV)
    if chosen:
        return str(Path(chosen) / name)
    versions = sorted(
        (folder for folder in POSTGRES_PROGRAMS.glob("*/bin") if (folder / name).is_file()),
        key=lambda folder: int(folder.parent.name) if folder.parent.name.isdigit() else 0,
    )
    if versions:
        return str(versions[-1] / name)
    found = shutil.which(name)
    if found is None:
        raise BackupError(f"{name}: not installed; install PostgreSQL's client programs")
    return found


def _run_tool(engine: Engine, name: str, *arguments: str) -> None:
    conninfo, environment = libpq_connection(engine.url)
    command = [postgres_program(name), f"--dbname={conninfo}", *arguments]
    try:
        finished = subprocess.run(  # noqa: S603 - our own arguments, no shell
            command,
            env=os.environ | environment,
            capture_output=True,
            text=True,
            timeout=TOOL_SECONDS,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise BackupError(f"{name}: could not run ({error})") from None
    if finished.returncode != 0:
        lines = [line for line in finished.stderr.splitlines() if line.strip()]
        raise BackupError(f"{name}: {lines[0] if lines else f'exit status {finished.returncode}'}")


def _sync(path: Path) -> None:
    """Make a file's content, or a folder's entries, durable."""
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _first_line(error: Exception) -> str:
    text = str(getattr(error, "orig", None) or error).strip()
    return text.splitlines()[0] if text else type(error).__name__
