"""One round of sync, as ``office-app sync --once`` and the office's background worker run it:
bring the replica up to date, send the outbox, then pull what the commands changed."""

from __future__ import annotations

import datetime as dt

import httpx
from sqlalchemy import Engine
from sqlalchemy.exc import DatabaseError as SQLDatabaseError

from office_app.config import Settings
from office_app.db import DatabaseError, make_engine, migrate
from office_app.sync.outbox import SyncStatus, status
from office_app.sync.puller import PullError, pull
from office_app.sync.sender import send_pending


class SyncError(Exception):
    """Sync could not run: one sentence naming what to check."""


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
    return httpx.Client(
        base_url=settings.ledger_url,
        headers={"Authorization": f"Bearer {settings.device_token}"},
        verify=str(settings.ca_bundle) if settings.ca_bundle else True,
        timeout=15,
    )


def sync_once(settings: Settings, engine: Engine, client: httpx.Client) -> SyncStatus:
    now = dt.datetime.now(dt.UTC)
    try:
        pull(engine, client)
        send_pending(engine, client, now=now)
        pull(engine, client)
    except PullError as error:
        raise SyncError(f"{settings.ledger_url}: {error}") from None
    return status(engine)
