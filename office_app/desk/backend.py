"""The office's connection to its replica and its ledger, as the TUI's workers use it.

Made in a worker thread (opening and migrating the replica imports SQLAlchemy and Alembic,
which the first screen does not need); every method blocks and is called from workers only.
"""

from __future__ import annotations

import datetime as dt
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from models import Card, OutboxCommand, Student, SyncState
from office_app.config import Settings
from office_app.db import reading
from office_app.desk.actions import Desk
from office_app.desk.login import LoginGuard
from office_app.desk.queries import (
    AccountView,
    SchoolFacts,
    StudentRow,
    account_view,
    index_rows,
    school_facts,
    student_rows,
)
from office_app.desk.search import SearchIndex
from office_app.domain.localtime import Clock, local_date
from office_app.sync.outbox import SyncStatus, status
from office_app.sync.puller import PullError, Unanswered, cursor, pull
from office_app.sync.run import SyncError, client_for, open_replica, sync_once

if TYPE_CHECKING:
    from office_app.reports.printing import PrintOutcome


@dataclass(frozen=True)
class OutboxLine:
    occurred_at: dt.datetime
    type: str
    staff: str | None
    payload: dict[str, object]
    message: str | None


@dataclass(frozen=True)
class SyncRound:
    """A sync round's status; ``pulled`` when the replica changed, ``children_changed`` when a
    child or a card did, so the search index must be made again (purchases leave it alone)."""

    status: SyncStatus
    pulled: bool
    children_changed: bool


class OfficeBackend:
    """The replica, the ledger client and the login guard of one running office."""

    def __init__(self, settings: Settings, clock: Clock) -> None:
        self.settings = settings
        self.clock = clock
        self.engine = open_replica(settings)
        self.client = client_for(settings)
        self.login = LoginGuard(self.engine)
        #: One sync round at a time, the background loop's or an action's; an action that
        #: writes a bank file holds it from the first write until the ledger's answer.
        self.syncing = threading.RLock()

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
            raise SyncError(f"{self.settings.ledger_url}: {error}", retry=True) from None
        except PullError as error:
            raise SyncError(f"{self.settings.ledger_url}: {error}") from None

    def sync_round(self) -> SyncRound:
        """One round of sync, and what it changed in the replica.

        Bank files whose payouts the ledger has now taken as sent get their names.
        """
        from office_app.desk.bank_file import release_bank_files

        with self.syncing:
            cursor_before, version_before = cursor(self.engine), self.index_version()
            current = sync_once(self.settings, self.engine, self.client, clock=self.clock)
            release_bank_files(self.engine, self.settings.data_dir / "bank")
        return SyncRound(
            current,
            pulled=cursor(self.engine) != cursor_before,
            children_changed=self.index_version() != version_before,
        )

    def index_version(self) -> tuple[int | None, int | None]:
        """The newest change to any child and to any card in the replica."""
        with reading(self.engine).connect() as connection:
            return (
                connection.execute(select(func.max(Student.seq))).scalar(),
                connection.execute(select(func.max(Card.seq))).scalar(),
            )

    def status(self) -> SyncStatus:
        return status(self.engine)

    def build_index(self) -> SearchIndex:
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
        return Desk(self.engine, facts.school_id, self.device_id(), username, self.clock)

    def rows(self, ids: tuple[uuid.UUID, ...]) -> list[StudentRow]:
        return student_rows(self.engine, ids)

    def account(self, student_id: uuid.UUID) -> AccountView | None:
        return account_view(self.engine, student_id, self.clock())

    def print_receipt(self, command_id: uuid.UUID, language: str) -> PrintOutcome:
        """The cash receipt of a queued deposit, saved (and printed when a printer is set)."""
        from office_app.db import make_sessionmaker
        from office_app.reports.cash_pdf import ReceiptRenderer
        from office_app.reports.cash_queries import cash_receipt
        from office_app.reports.printing import receipt_file_name, save_and_print

        with make_sessionmaker(reading(self.engine))() as session:
            receipt = cash_receipt(session, command_id)
        renderer = ReceiptRenderer(language)
        pdf = renderer.render(receipt, created_at=self.clock())
        return save_and_print(
            pdf,
            receipt_file_name(receipt.receipt_no, language),
            data_dir=self.settings.data_dir,
            printer=self.settings.printer,
            language=language,
            title=f"{renderer.texts['receipt']} {receipt.receipt_no}",
            paper="A5",
        )

    def print_statement(
        self, student_id: uuid.UUID, first: dt.date, last: dt.date, language: str
    ) -> PrintOutcome:
        """A child's statement for a period, saved (and printed when a printer is set)."""
        from office_app.db import make_sessionmaker
        from office_app.reports.printing import save_and_print, statement_file_name
        from office_app.reports.queries import statement
        from office_app.reports.statement_pdf import StatementRenderer

        with make_sessionmaker(reading(self.engine))() as session:
            wanted = statement(session, student_id, first, last, local_date(self.clock()))
        renderer = StatementRenderer(language)
        pdf = renderer.render(wanted, created_at=self.clock())
        subject = f"{wanted.class_label} {wanted.student_name}"
        return save_and_print(
            pdf,
            statement_file_name(subject, first, last, language),
            data_dir=self.settings.data_dir,
            printer=self.settings.printer,
            language=language,
            title=f"{renderer.texts['statement']} {subject}",
        )

    def outbox(self, state: str) -> list[OutboxLine]:
        """Commands in ``state`` (``pending`` or ``rejected``), oldest first."""
        with reading(self.engine).connect() as connection:
            return [
                OutboxLine(row.occurred_at, row.type, row.staff, row.payload, row.message)
                for row in connection.execute(
                    select(
                        OutboxCommand.occurred_at,
                        OutboxCommand.type,
                        OutboxCommand.staff,
                        OutboxCommand.payload,
                        OutboxCommand.message,
                    )
                    .where(OutboxCommand.state == state)
                    .order_by(OutboxCommand.device_seq)
                    .limit(500)
                )
            ]
