"""One round of sync, as ``office-app sync --once`` and the office's background worker run it:
bring the replica up to date, send the outbox, then pull what the commands changed."""

from __future__ import annotations

import os
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import httpx
from sqlalchemy import Engine
from sqlalchemy.exc import DatabaseError as SQLDatabaseError

from office_app.config import OWNER_ONLY_FILE, Settings, private_folder
from office_app.db import DatabaseError, make_engine, migrate
from office_app.domain.localtime import Clock
from office_app.sync.outbox import SyncStatus, record_contact, status
from office_app.sync.puller import PullError, Unanswered, pull
from office_app.sync.replica import ReplicaError
from office_app.sync.sender import Backoff, send_pending


class SyncError(Exception):
    """Sync could not run: one sentence naming what to check.

    ``retry`` is true when the ledger simply did not answer (try again later) and false when
    something must be fixed first (a refused token, a damaged file).
    """

    def __init__(self, message: str, *, retry: bool = False) -> None:
        super().__init__(message)
        self.retry = retry


def open_replica(settings: Settings) -> Engine:
    """The office's local database, migrated; a damaged file is reported, never replaced.

    The folder and the file are readable by their owner only (SQLite gives its journal files
    the database file's mode).
    """
    try:
        private_folder(settings.data_dir)
        path = settings.replica_path
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, OWNER_ONLY_FILE))
        if os.name == "posix" and path.stat().st_uid == os.getuid():
            path.chmod(OWNER_ONLY_FILE)
        engine = make_engine(str(path))
        migrate(engine)
    except (DatabaseError, SQLDatabaseError, OSError) as error:
        reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
        raise SyncError(
            f"{settings.replica_path}: the office's local database cannot be opened ({reason});"
            " keep the file for support and ask them to restore it"
        ) from None
    return engine


def client_for(settings: Settings) -> httpx.Client:
    """The ledger's HTTP client; with ``ca_bundle`` it trusts only certificates from that CA."""
    verify: ssl.SSLContext | bool = True
    if settings.ca_bundle:
        try:
            verify = ssl.create_default_context(cafile=str(settings.ca_bundle))
        except (ssl.SSLError, OSError) as error:
            raise SyncError(
                f"ca_bundle: {settings.ca_bundle} is not a readable PEM certificate file"
                f" ({getattr(error, 'reason', None) or error})"
            ) from None
    return httpx.Client(
        base_url=settings.ledger_url,
        headers={"Authorization": f"Bearer {settings.device_token.get_secret_value()}"},
        verify=verify,
        timeout=15,
    )


@dataclass(frozen=True)
class SyncProgress:
    """How far a round has come: changes applied while pulling, commands decided while sending.

    ``total`` is the number of commands to send; while pulling the feed's end is not known.
    """

    step: Literal["pulling", "sending"]
    done: int
    total: int | None = None


@dataclass(frozen=True)
class RoundResult:
    """One round's end: the status to show, and why it failed if it did.

    ``retry`` is false when trying again cannot help until something is fixed.
    """

    status: SyncStatus
    error: str | None = None
    retry: bool = True


ProgressCallback = Callable[[SyncProgress], None]


def sync_once(
    settings: Settings,
    engine: Engine,
    client: httpx.Client,
    *,
    clock: Clock,
    progress: ProgressCallback | None = None,
) -> SyncStatus:
    """Pull, send the outbox, pull again; remember how the contact went; raise SyncError."""
    now = clock()

    def pulled(_cursor: int, applied: int) -> None:
        if progress is not None:
            progress(SyncProgress("pulling", applied))

    def sent(decided: int, total: int) -> None:
        if progress is not None:
            progress(SyncProgress("sending", decided, total))

    try:
        pull(engine, client, progress=pulled)
        send_pending(engine, client, now=now, progress=sent)
        pull(engine, client, progress=pulled)
    except Unanswered as error:
        failure = SyncError(f"{settings.ledger_url}: {error}", retry=True)
    except (PullError, ReplicaError) as error:
        failure = SyncError(f"{settings.ledger_url}: {error}")
    else:
        record_contact(engine, now, None)
        return status(engine)
    record_contact(engine, now, str(failure))
    raise failure


def sync_round(
    settings: Settings,
    engine: Engine,
    client: httpx.Client,
    *,
    clock: Clock,
    progress: ProgressCallback | None = None,
) -> RoundResult:
    """One round for a background worker thread: never raises for a failed contact.

    Opens its own local transactions, so it may run in a thread of its own while the office
    keeps recording commands; ``progress`` is called from that thread.
    """
    try:
        return RoundResult(sync_once(settings, engine, client, clock=clock, progress=progress))
    except SyncError as error:
        return RoundResult(status(engine), str(error), error.retry)


def watch(
    settings: Settings,
    engine: Engine,
    client: httpx.Client,
    *,
    clock: Clock,
    interval: float,
    rounds: int | None = None,
    report: Callable[[str], None] = print,
    sleep: Callable[[float], None] = time.sleep,
) -> None:
    """Sync every ``interval`` seconds; while the ledger does not answer, back off and retry.

    Stops after ``rounds`` rounds when given, and on any error that retrying cannot fix.
    """
    backoff = Backoff()
    done = 0
    while rounds is None or done < rounds:
        done += 1
        try:
            current = sync_once(settings, engine, client, clock=clock)
        except SyncError as error:
            if not error.retry:
                raise
            pause = backoff.next_pause()
            report(f"Offline ({error}); trying again in {pause:.0f} s")
            sleep(pause)
            continue
        backoff.reset()
        report(f"Online. Waiting: {current.waiting}. Needs attention: {current.needs_attention}.")
        sleep(interval)
