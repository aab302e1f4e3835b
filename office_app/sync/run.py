"""Sync: one round brings the replica up to date, sends the outbox, then pulls what the
commands changed; ``keep_syncing`` repeats rounds, backing off while the ledger does not answer.

This is the one way the office syncs: ``office-app sync --once`` runs one round,
``office-app sync --watch`` and the office's background worker run ``keep_syncing``, and
tests/test_sync_faults.py proves both against lost answers, a killed ledger and outages.
"""

from __future__ import annotations

import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import httpx
from sqlalchemy import Engine
from sqlalchemy.exc import DatabaseError as SQLDatabaseError
from sqlalchemy.exc import SQLAlchemyError

from office_app.config import Settings
from office_app.db import DatabaseError, make_engine, migrate
from office_app.domain.localtime import Clock
from office_app.sync.outbox import SyncStatus, record_contact, status
from office_app.sync.puller import PullError, Unanswered, cursor, pull
from office_app.sync.replica import ReplicaError
from office_app.sync.sender import Backoff, send_pending


class SyncError(Exception):
    """Sync could not run: one sentence naming what to check.

    ``retry`` is true when trying again later may help and false when something must be fixed
    first (a refused token, a damaged file); ``answered`` is false when the ledger could not be
    reached at all (the office is offline), true when it answered but the round still failed.
    """

    def __init__(self, message: str, *, retry: bool = False, answered: bool = True) -> None:
        super().__init__(message)
        self.retry = retry
        self.answered = answered


def open_replica(settings: Settings) -> Engine:
    """The office's local database, migrated; a damaged file is reported, never replaced."""
    try:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        engine = make_engine(str(settings.replica_path))
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
        headers={"Authorization": f"Bearer {settings.device_token}"},
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

    ``retry`` is false when trying again cannot help until something is fixed (the ledger
    refused this office's token); ``online`` when the ledger answered; ``pulled`` when the
    replica changed in the round.
    """

    status: SyncStatus
    error: str | None = None
    retry: bool = True
    pulled: bool = False
    online: bool = True


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
        failure = SyncError(f"{settings.ledger_url}: {error}", retry=True, answered=False)
    except PullError as error:
        failure = SyncError(f"{settings.ledger_url}: {error}")
    except ReplicaError as error:
        # A page this replica cannot apply now: shown, and tried again after a pause.
        failure = SyncError(f"{settings.ledger_url}: {error}", retry=True)
    except SQLAlchemyError as error:
        reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
        failure = SyncError(f"{settings.replica_path}: {reason}", retry=True)
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
    before = cursor(engine)
    try:
        current = sync_once(settings, engine, client, clock=clock, progress=progress)
    except SyncError as error:
        return RoundResult(
            status(engine), str(error), error.retry, cursor(engine) != before, error.answered
        )
    return RoundResult(current, pulled=cursor(engine) != before)


def keep_syncing(
    settings: Settings,
    engine: Engine,
    client: httpx.Client,
    *,
    clock: Clock,
    interval: float,
    pause: Callable[[float], bool],
    report: Callable[[RoundResult], None],
    rounds: int | None = None,
) -> RoundResult | None:
    """Sync every ``interval`` seconds; while the ledger does not answer, back off and retry.

    After each round ``report`` gets its result, then ``pause(seconds)`` waits and says
    whether to go on (a worker returns False when it is cancelled, and may return early when
    woken for "sync now"). Stops after ``rounds`` rounds when given, when ``pause`` says so,
    and at an error retrying cannot fix; returns the last round's result.
    """
    backoff = Backoff()
    done = 0
    last: RoundResult | None = None
    while rounds is None or done < rounds:
        done += 1
        last = sync_round(settings, engine, client, clock=clock)
        report(last)
        if last.error is not None and not last.retry:
            return last
        if last.error is None:
            backoff.reset()
            wait = interval
        else:
            wait = backoff.next_pause()
        if not pause(wait):
            break
    return last


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
    """``office-app sync --watch``: ``keep_syncing`` with a line per round on stdout.

    Raises SyncError on an error that retrying cannot fix (a refused token).
    """

    latest: list[RoundResult] = []

    def said(result: RoundResult) -> None:
        latest[:] = [result]
        current = result.status
        if result.error is None:
            report(
                f"Online. Waiting: {current.waiting}. Needs attention: {current.needs_attention}."
            )

    def waited(seconds: float) -> bool:
        if latest and latest[0].error is not None:
            report(f"Offline ({latest[0].error}); trying again in {seconds:.0f} s")
        sleep(seconds)
        return True

    last = keep_syncing(
        settings,
        engine,
        client,
        clock=clock,
        interval=interval,
        pause=waited,
        report=said,
        rounds=rounds,
    )
    if last is not None and last.error is not None and not last.retry:
        raise SyncError(last.error)
