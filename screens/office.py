"""What a screen may read of the running office: state the app sets as it changes.

Attributes down, messages up: the app keeps these up to date, and a screen that wants
something done posts a request message (screens/messages.py) instead of calling the app. So
screens depend on this description of the office, never on the app itself (an import-linter
contract says so).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from office_app.config import Settings
    from office_app.desk.actions import Desk
    from office_app.desk.backend import OfficeBackend
    from office_app.desk.search import SearchIndex
    from office_app.desk.session import SignedIn
    from office_app.domain.localtime import Clock
    from screens.messages import SyncView


class Office(Protocol):
    """The running office as its screens see it."""

    settings: Settings
    #: The replica and the ledger client; None until they have loaded.
    backend: OfficeBackend | None
    #: The signed-in member of staff's desk; None while nobody is signed in.
    desk: Desk | None
    #: The search index over the replica's children and cards.
    index: SearchIndex | None
    staff: SignedIn | None
    staff_name: str
    sync_view: SyncView
    clock: Clock

    @property
    def is_admin(self) -> bool: ...

    def card_owner_name(self, card_number: str) -> str | None: ...
