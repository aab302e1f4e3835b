"""Messages between the office's workers, screens and app: facts in the past tense, or requests."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message
from textual.screen import Screen

from office_app.domain.localtime import local_time

if TYPE_CHECKING:
    from office_app.desk.backend import OfficeBackend
    from office_app.desk.requests import Performed, Request
    from office_app.desk.search import SearchIndex
    from office_app.desk.session import SignedIn
    from office_app.sync.run import RoundResult


@dataclass(frozen=True)
class SyncView:
    """What the sync bar shows. ``online`` is None until the first round has run."""

    online: bool | None = None
    waiting: int = 0
    needs_attention: int = 0
    last_success: str = ""
    problem: str = ""
    bootstrap_changes: int | None = None
    #: The problem as a code the office words (office_app.sync.run.SyncError.reason).
    reason: str = ""
    #: What the office must know about the ledger, e.g. that it was restored from a backup.
    notice: str = ""

    @classmethod
    def of_round(cls, result: RoundResult) -> SyncView:
        """What a finished sync round leaves for the bar to show."""
        current = result.status
        last = current.last_success_at
        return cls(
            online=result.online,
            waiting=current.waiting,
            needs_attention=current.needs_attention,
            last_success=local_time(last).strftime("%H:%M:%S") if last else "",
            problem=result.error or "",
            reason=result.reason,
            notice=current.notice or "",
        )


class BackendReady(Message):
    def __init__(self, backend: OfficeBackend, index: SearchIndex) -> None:
        super().__init__()
        self.backend = backend
        self.index = index


class SyncFinished(Message):
    """A sync round ended; ``pulled`` when the replica changed, and ``index`` a new search
    index when a child or a card did."""

    def __init__(self, view: SyncView, index: SearchIndex | None, *, pulled: bool = False) -> None:
        super().__init__()
        self.view = view
        self.index = index
        self.pulled = pulled


class SyncProgressed(Message):
    """Bootstrap progress; only the newest is worth showing."""

    def __init__(self, view: SyncView) -> None:
        super().__init__()
        self.view = view

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, SyncProgressed)


class StaffSignedIn(Message):
    def __init__(self, staff: SignedIn) -> None:
        super().__init__()
        self.staff = staff


class OpenStudent(Message):
    """A request to show one child's account, instead of the current one when ``replace``."""

    def __init__(self, student_id: uuid.UUID, *, replace: bool = False) -> None:
        super().__init__()
        self.student_id = student_id
        self.replace = replace


class OpenScreen(Message):
    """A request to show a top-level screen above the search, in place of the one there."""

    def __init__(self, screen: Screen[None]) -> None:
        super().__init__()
        self.screen = screen


class ActionSubmitted(Message):
    """A request from a screen for the desk to do something (office_app.desk.requests)."""

    def __init__(self, request: Request) -> None:
        super().__init__()
        self.request = request


class ActionPerformed(Message):
    """What became of a submitted request, in words."""

    def __init__(self, outcome: Performed) -> None:
        super().__init__()
        self.outcome = outcome
