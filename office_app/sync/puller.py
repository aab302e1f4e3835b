"""Pulling the change feed into the local replica, page by page, each page with its cursor."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any

import httpx
from sqlalchemy import Engine, select
from sqlalchemy.engine import Connection

from models import AuditEvent, SyncState
from office_app.domain.audit import GENESIS_HASH, LEDGER_CHAIN
from office_app.sync.replica import apply_page

MAX_PAGES = 1_000_000
#: Change numbers per page: the ledger's largest. A page repeats the current state of every
#: row its rows refer to (a child's account, say), so fewer, larger pages repeat less.
PAGE_LIMIT = 5000
#: SQLite settings for the connection that applies pages: a 64 MB cache, checkpoints per 80 MB.
BULK_PRAGMAS = {"cache_size": -65536, "wal_autocheckpoint": 20000}


class PullError(Exception):
    """The ledger could not be read: a message naming what to check, and ``reason``, a code
    the office words for its staff (``refused_token``, ``ledger_refused``)."""

    def __init__(self, message: str, reason: str = "ledger_refused") -> None:
        super().__init__(message)
        self.reason = reason


class Unanswered(PullError):
    """The ledger gave no usable answer: ``unreachable`` (network, timeout) or
    ``ledger_trouble`` (5xx, an answer that cannot be read). Try the same again later."""

    def __init__(self, message: str, reason: str = "unreachable") -> None:
        super().__init__(message, reason)


class LedgerBehind(PullError):
    """The ledger no longer has changes this replica has followed: it was restored from an
    earlier backup. It refused the cursor, or its audit chain no longer continues the one the
    replica holds (it has made new changes under numbers the office had seen)."""


def cursor(engine: Engine) -> int:
    with engine.connect() as connection:
        found = connection.execute(select(SyncState.cursor_seq).where(SyncState.id == 1)).scalar()
    return found or 0


def replica_school(engine: Engine) -> uuid.UUID | None:
    """The school this replica follows, once it has pulled its first page."""
    with engine.connect() as connection:
        found: uuid.UUID | None = connection.execute(
            select(SyncState.school_id).where(SyncState.id == 1)
        ).scalar()
    return found


def _fetch(client: httpx.Client, after: int, limit: int) -> tuple[list[Any], int, bool]:
    """One page of the feed: its changes, the cursor after it, and whether more follow."""
    try:
        response = client.get("/v1/changes", params={"after": after, "limit": limit})
    except httpx.HTTPError as error:
        raise Unanswered(f"cannot reach the ledger: {error}") from None
    if response.status_code == 401:
        raise PullError("the ledger refused this office's device token", "refused_token")
    if response.status_code == 409 and _error_code(response) == "cursor_ahead":
        raise LedgerBehind(f"the ledger is behind this office's replica (change {after})")
    if response.status_code >= 500:
        raise Unanswered(f"the ledger answered {response.status_code}", "ledger_trouble")
    if response.status_code != 200:
        raise PullError(f"the ledger answered {response.status_code}")
    try:
        page = response.json()
        return page["changes"], page["last_seq"], page["has_more"]
    except (ValueError, KeyError, TypeError):
        raise Unanswered("the ledger's answer could not be read", "ledger_trouble") from None


def pull(
    engine: Engine,
    client: httpx.Client,
    school_id: uuid.UUID | None = None,
    *,
    limit: int = PAGE_LIMIT,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Apply every page after the stored cursor; return how many changes were applied.

    ``client`` carries the ledger's base URL and the device's token. ``progress`` is told the
    cursor and the number of changes applied so far after each page. The next page is fetched
    while this one is applied; the cursor only ever moves with a page applied.
    """
    applied = 0
    school_id = school_id or replica_school(engine)
    with (
        ThreadPoolExecutor(max_workers=1, thread_name_prefix="feed-fetch") as fetcher,
        engine.connect() as connection,
        _bulk_writing(connection),
    ):
        coming = fetcher.submit(_fetch, client, cursor(engine), limit)
        for _ in range(MAX_PAGES):
            changes, last_seq, has_more = coming.result()
            if has_more:
                coming = fetcher.submit(_fetch, client, last_seq, limit)
            if school_id is None:
                school_id = _school_named(changes)
            with connection.begin():
                check_continues(connection, school_id, changes)
                apply_page(connection, school_id, changes, last_seq)
            applied += len(changes)
            if progress is not None:
                progress(last_seq, applied)
            if not has_more:
                return applied
    raise PullError("the change feed did not end")


@contextmanager
def _bulk_writing(connection: Connection) -> Iterator[None]:
    """A larger page cache and fewer, larger checkpoints while pulling, then the usual again.

    A bootstrap writes the whole school; checkpointing every 4 MB and a 2 MB cache make it
    spend most of its time rewriting the same index pages.
    """
    before = {
        pragma: connection.exec_driver_sql(f"PRAGMA {pragma}").scalar_one()
        for pragma in BULK_PRAGMAS
    }
    for pragma, value in BULK_PRAGMAS.items():
        connection.exec_driver_sql(f"PRAGMA {pragma} = {value}")
    connection.commit()  # the statements above began a transaction; pages bring their own
    try:
        yield
    finally:
        if connection.in_transaction():
            connection.rollback()
        for pragma, value in before.items():
            connection.exec_driver_sql(f"PRAGMA {pragma} = {int(value)}")
        connection.commit()


def _error_code(response: httpx.Response) -> str | None:
    try:
        code = response.json().get("error")
    except (ValueError, AttributeError):
        return None
    return code if isinstance(code, str) else None


def check_continues(connection: Connection, school_id: uuid.UUID, changes: list[Any]) -> None:
    """Raise LedgerBehind unless the page's ledger audit events continue the replica's chain.

    Every command the ledger applies adds the next event to the school's chain, each naming
    the hash of the one before; after a restore the ledger makes new events with indexes the
    replica already holds, and their hashes differ.
    """
    events = [
        change["data"]
        for change in changes
        if change.get("kind") == "audit_event" and change["data"].get("chain") == LEDGER_CHAIN
    ]
    if not events:
        return
    first = min(events, key=lambda event: int(event["chain_index"]))
    head = connection.execute(
        select(AuditEvent.chain_index, AuditEvent.hash)
        .where(AuditEvent.school_id == school_id, AuditEvent.chain == LEDGER_CHAIN)
        .order_by(AuditEvent.chain_index.desc())
        .limit(1)
    ).one_or_none()
    index, last_hash = (head.chain_index, head.hash) if head else (0, GENESIS_HASH)
    if first["chain_index"] <= index or (
        first["chain_index"] == index + 1 and first["prev_hash"] != last_hash
    ):
        raise LedgerBehind(
            f"the ledger's audit chain no longer continues this office's at event {index}"
        )


def _school_named(changes: list[Any]) -> uuid.UUID:
    """The school a replica follows, from the first page of its feed."""
    for change in changes:
        if change.get("kind") == "school":
            return uuid.UUID(change["data"]["id"])
    raise PullError("the ledger's first page names no school")
