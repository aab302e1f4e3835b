"""Pulling the change feed into the local replica, page by page, each page with its cursor."""

from __future__ import annotations

import uuid
from collections.abc import Callable

import httpx
from sqlalchemy import Engine, select

from models import SyncState
from office_app.sync.replica import apply_page

MAX_PAGES = 1_000_000


class PullError(Exception):
    """The ledger could not be read: a message for a person, naming what to check."""


class Unanswered(PullError):
    """The ledger gave no usable answer (network, timeout, 5xx): try the same again later."""


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


def pull(
    engine: Engine,
    client: httpx.Client,
    school_id: uuid.UUID | None = None,
    *,
    limit: int = 500,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Apply every page after the stored cursor; return how many changes were applied.

    ``client`` carries the ledger's base URL and the device's token. ``progress`` is told the
    cursor and the number of changes applied so far after each page.
    """
    applied = 0
    after = cursor(engine)
    school_id = school_id or replica_school(engine)
    for _ in range(MAX_PAGES):
        try:
            response = client.get("/v1/changes", params={"after": after, "limit": limit})
        except httpx.HTTPError as error:
            raise Unanswered(f"cannot reach the ledger: {error}") from None
        if response.status_code == 401:
            raise PullError("the ledger refused this office's device token")
        if response.status_code >= 500:
            raise Unanswered(f"the ledger answered {response.status_code}")
        if response.status_code != 200:
            raise PullError(f"the ledger answered {response.status_code}")
        try:
            page = response.json()
            changes, last_seq, has_more = page["changes"], page["last_seq"], page["has_more"]
        except (ValueError, KeyError, TypeError):
            raise Unanswered("the ledger's answer could not be read") from None
        if school_id is None:
            school_id = next(
                (uuid.UUID(c["data"]["id"]) for c in changes if c["kind"] == "school"),
                None,
            )
            if school_id is None:
                raise PullError("the ledger's first page names no school")
        with engine.begin() as connection:
            apply_page(connection, school_id, changes, last_seq)
        applied += len(changes)
        after = last_seq
        if progress is not None:
            progress(after, applied)
        if not has_more:
            return applied
    raise PullError("the change feed did not end")
