"""The office's connection to its replica and its ledger, as the TUI's workers use it.

Made in a worker thread (opening and migrating the replica imports SQLAlchemy and Alembic,
which the first screen does not need); every method blocks and is called from workers only.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import func, select

from models import Card, OutboxCommand, Student, SyncState
from office_app.config import Settings
from office_app.db import reading
from office_app.desk.actions import Desk
from office_app.desk.login import LoginGuard
from office_app.desk.people import HouseholdView, household_view
from office_app.desk.queries import (
    AccountView,
    SchoolFacts,
    StudentRow,
    account_view,
    school_facts,
    student_rows,
)
from office_app.desk.search import SearchIndex
from office_app.desk.search_rows import index_rows
from office_app.domain.localtime import Clock
from office_app.sync.outbox import SyncStatus, status
from office_app.sync.puller import PullError, Unanswered, cursor, pull
from office_app.sync.run import RoundResult, SyncError, client_for, keep_syncing, open_replica


@dataclass(frozen=True)
class OutboxLine:
    occurred_at: dt.datetime
    type: str
    staff: str | None
    payload: dict[str, object]
    code: str | None


class OfficeBackend:
    """The replica, the ledger client and the login guard of one running office."""

    def __init__(self, settings: Settings, clock: Clock) -> None:
        self.settings = settings
        self.clock = clock
        self.engine = open_replica(settings)
        self.client = client_for(settings)
        self.login = LoginGuard(self.engine)
        self._indexed: tuple[int | None, int | None] = (None, None)

    def close(self) -> None:
        self.client.close()
        self.engine.dispose()

    def needs_bootstrap(self) -> bool:
        return cursor(self.engine) == 0

    def bootstrap(self, progress: Callable[[int, int], None]) -> None:
        """Pull the whole school once; raises SyncError (retry when the ledger is away)."""
        try:
            pull(self.engine, self.client, progress=progress)
        except Unanswered as error:
            raise SyncError(
                f"{self.settings.ledger_url}: {error}", retry=True, reason=error.reason
            ) from None
        except PullError as error:
            raise SyncError(f"{self.settings.ledger_url}: {error}", reason=error.reason) from None

    def keep_syncing(
        self,
        interval: float,
        pause: Callable[[float], bool],
        report: Callable[[RoundResult], None],
    ) -> None:
        """Sync until ``pause`` says stop or the ledger refuses this office's token."""
        keep_syncing(
            self.settings,
            self.engine,
            self.client,
            clock=self.clock,
            interval=interval,
            pause=pause,
            report=report,
        )

    def release_bank_files(self) -> list[tuple[str, bool]]:
        """Bank files the ledger has answered for since the last round: named (ready for the
        bank) or removed (refused), each said in words and whether it was refused."""
        from office_app.desk.bank_file import describe_outcome, release_bank_files

        return [
            (describe_outcome(outcome), outcome.state == "refused")
            for outcome in release_bank_files(self.engine, self.settings.data_dir / "bank")
            if outcome.state != "waiting"
        ]

    def index_version(self) -> tuple[int | None, int | None]:
        """The newest change to any child and to any card in the replica."""
        with reading(self.engine).connect() as connection:
            return (
                connection.execute(select(func.max(Student.seq))).scalar(),
                connection.execute(select(func.max(Card.seq))).scalar(),
            )

    def children_changed(self) -> bool:
        """Whether a child or a card changed since the search index was last built (a
        purchase changes neither, so the canteen's traffic leaves the index alone)."""
        return self.index_version() != self._indexed

    def status(self) -> SyncStatus:
        return status(self.engine)

    def build_index(self) -> SearchIndex:
        self._indexed = self.index_version()
        return SearchIndex(index_rows(self.engine))

    def school(self) -> SchoolFacts | None:
        return school_facts(self.engine)

    def device_id(self) -> uuid.UUID | None:
        with reading(self.engine).connect() as connection:
            found: uuid.UUID | None = connection.execute(
                select(SyncState.device_id).where(SyncState.id == 1)
            ).scalar()
        return found

    def desk(self, username: str) -> Desk:
        facts = self.school()
        if facts is None:
            raise SyncError("the office has no school yet: it must reach the ledger first")
        return Desk(
            self.engine,
            facts.school_id,
            self.device_id(),
            username,
            self.clock,
            self.settings.data_dir,
            self.settings.printer,
        )

    def rows(self, ids: tuple[uuid.UUID, ...]) -> list[StudentRow]:
        return student_rows(self.engine, ids)

    def account(self, student_id: uuid.UUID) -> AccountView | None:
        return account_view(self.engine, student_id, self.clock())

    def household(self, student_id: uuid.UUID) -> HouseholdView:
        return household_view(self.engine, student_id)

    def outbox(self, state: str) -> list[OutboxLine]:
        """Commands in ``state`` (``pending`` or ``rejected``), oldest first."""
        with reading(self.engine).connect() as connection:
            return [
                OutboxLine(row.occurred_at, row.type, row.staff, row.payload, row.code)
                for row in connection.execute(
                    select(
                        OutboxCommand.occurred_at,
                        OutboxCommand.type,
                        OutboxCommand.staff,
                        OutboxCommand.payload,
                        OutboxCommand.code,
                    )
                    .where(OutboxCommand.state == state)
                    .order_by(OutboxCommand.device_seq)
                    .limit(500)
                )
            ]
